"""Transport d'Utilité Sociale: members, drivers, trips (request, refuse, accept, done)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services import tus
from services.forms import (
    AcceptTripForm,
    CorrectTripForm,
    DriverForm,
    RefuseTripForm,
    TripRequestForm,
    TusMemberForm,
)
from services.models import Driver, Trip, TusMembership
from services.views.common import page_of, render_form, show_errors


def _trips(request):
    return Trip.objects.visible_to(request.membership).select_related(
        "beneficiary", "driver", "vehicle", "pickup", "dropoff"
    )


@tenant_roles(Role.TEAM)
def overview(request, antenna_slug):
    year = timezone.localdate().year
    trips = _trips(request).order_by("-period")
    status = request.GET.get("status")
    if status in Trip.Status.values:
        trips = trips.filter(status=status)
    members = TusMembership.objects.visible_to(request.membership).filter(year=year)
    counts = members.aggregate(
        total=Count("pk"),
        residence=Count("pk", filter=Q(basis=TusMembership.Basis.RESIDENCE)),
        resources=Count("pk", filter=Q(basis=TusMembership.Basis.RESOURCES)),
    )
    return render(
        request,
        "services/tus.html",
        {
            "year": year,
            "page": page_of(request, trips),
            "status": status,
            "statuses": Trip.Status.choices,
            "counts": counts,
        },
    )


@tenant_roles(Role.TEAM)
def members(request, antenna_slug):
    form = TusMemberForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        membership=request.membership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = tus.join(antenna=request.antenna, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Adhésion enregistrée (éligibilité : %(basis)s).")
                % {"basis": membership.get_basis_display()},
            )
            return redirect("services_tus_members", antenna_slug=antenna_slug)
    memberships = (
        TusMembership.objects.visible_to(request.membership)
        .select_related("beneficiary")
        .order_by("-year", "beneficiary__last_name")
    )
    return render(
        request,
        "services/tus_members.html",
        {"form": form, "page": page_of(request, memberships)},
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def drivers(request, antenna_slug):
    form = DriverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        driver = form.save(commit=False)
        driver.antenna = request.antenna
        driver.save()
        messages.success(request, _("Conducteur·rice ajouté·e."))
        return redirect("services_tus_drivers", antenna_slug=antenna_slug)
    rows = Driver.objects.visible_to(request.membership).annotate(
        done=Count("trips", filter=Q(trips__status=Trip.Status.DONE))
    )
    return render(
        request,
        "services/tus_drivers.html",
        {"form": form, "drivers": rows},
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def trip_create(request, antenna_slug):
    form = TripRequestForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            trip = tus.request_trip(antenna=request.antenna, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Demande de trajet enregistrée."))
            return redirect("services_trip", antenna_slug=antenna_slug, pk=trip.pk)
    return render_form(
        request,
        form,
        title=_("Demande de trajet TUS"),
        submit=_("Enregistrer la demande"),
        back=reverse("services_tus", kwargs={"antenna_slug": antenna_slug}),
        intro=_(
            "Distance estimée entre les communes (vol d'oiseau × coefficient routier de "
            "l'antenne) ; 100 km au plus, participation de 0,32 € par km au plus."
        ),
    )


@tenant_roles(Role.TEAM)
def trip_detail(request, antenna_slug, pk):
    trip = get_object_or_404(_trips(request), pk=pk)
    refuse_form = RefuseTripForm(prefix="refuse")
    accept_form = AcceptTripForm(prefix="accept", membership=request.membership)
    if request.method == "POST":
        try:
            if "refuse-reason" in request.POST:
                refuse_form = RefuseTripForm(request.POST, prefix="refuse")
                if refuse_form.is_valid():
                    tus.refuse(trip=trip, reason=refuse_form.cleaned_data["reason"])
                    messages.success(request, _("Demande refusée."))
                    return redirect("services_trip", antenna_slug=antenna_slug, pk=pk)
            else:
                accept_form = AcceptTripForm(
                    request.POST, prefix="accept", membership=request.membership
                )
                if accept_form.is_valid():
                    tus.accept(trip=trip, **accept_form.cleaned_data)
                    messages.success(request, _("Trajet planifié."))
                    return redirect("services_trip", antenna_slug=antenna_slug, pk=pk)
        except ValidationError as error:
            show_errors(refuse_form if "refuse-reason" in request.POST else accept_form, error)
    errors = refuse_form.errors or accept_form.errors
    return render(
        request,
        "services/trip_detail.html",
        {"trip": trip, "refuse_form": refuse_form, "accept_form": accept_form},
        status=400 if errors else 200,
    )


@tenant_roles(Role.TEAM)
@require_POST
def trip_done(request, antenna_slug, pk):
    trip = get_object_or_404(_trips(request), pk=pk)
    try:
        tus.mark_done(trip=trip)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Trajet noté effectué."))
    return redirect("services_trip", antenna_slug=antenna_slug, pk=pk)


@tenant_roles(Role.MANAGER)
def trip_correct(request, antenna_slug, pk):
    """A manager corrects the real km of a done trip (audited, its use follows)."""
    trip = get_object_or_404(_trips(request), pk=pk)
    form = CorrectTripForm(request.POST or None, initial={"km": trip.distance_km})
    back = reverse("services_trip", kwargs={"antenna_slug": antenna_slug, "pk": pk})
    if request.method == "POST" and form.is_valid():
        try:
            tus.correct_km(trip=trip, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Distance corrigée."))
            return redirect(back)
    return render_form(
        request,
        form,
        title=_("Corriger les km réels du trajet %(route)s") % {"route": trip},
        submit=_("Corriger"),
        back=back,
    )

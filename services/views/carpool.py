"""Carpooling: offers, passenger requests, suggestions and seats."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services import carpool
from services.forms import RideForm, RideRequestForm, SeatForm
from services.models import Ride, RidePassenger, RideRequest
from services.views.common import page_of, render_form, show_errors


def _rides(request):
    return Ride.objects.visible_to(request.membership).select_related(
        "origin", "destination", "driver_beneficiary"
    )


@tenant_roles(Role.TEAM)
def rides(request, antenna_slug):
    upcoming = carpool.with_seats(
        _rides(request).filter(departure__gte=timezone.now() - timedelta(hours=12))
    ).order_by("departure")
    requests = (
        RideRequest.objects.visible_to(request.membership)
        .filter(status=RideRequest.Status.OPEN)
        .select_related("beneficiary", "origin", "destination")
        .order_by("wanted_at")[:50]
    )
    return render(
        request,
        "services/ride_list.html",
        {"page": page_of(request, upcoming), "requests": requests},
    )


@tenant_roles(Role.TEAM)
def ride_create(request, antenna_slug):
    form = RideForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created = carpool.offer_ride(
            antenna=request.antenna,
            departure=data.pop("departure"),
            recurrence=data.pop("recurrence"),
            until=data.pop("until"),
            **data,
        )
        messages.success(
            request,
            _("%(n)s trajet(s) proposé(s).") % {"n": len(created)},
        )
        return redirect("services_ride", antenna_slug=antenna_slug, pk=created[0].pk)
    return render_form(
        request,
        form,
        title=_("Proposer un covoiturage"),
        submit=_("Proposer"),
        back=reverse("services_rides", kwargs={"antenna_slug": antenna_slug}),
    )


@tenant_roles(Role.TEAM)
def ride_detail(request, antenna_slug, pk):
    ride = get_object_or_404(carpool.with_seats(_rides(request)), pk=pk)
    form = SeatForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            carpool.book_seat(ride=ride, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Place réservée."))
            return redirect("services_ride", antenna_slug=antenna_slug, pk=pk)
    passengers = ride.passengers.filter(status=RidePassenger.Status.BOOKED).select_related(
        "beneficiary"
    )
    return render(
        request,
        "services/ride_detail.html",
        {"ride": ride, "passengers": passengers, "form": form},
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
@require_POST
def ride_done(request, antenna_slug, pk):
    ride = get_object_or_404(_rides(request), pk=pk)
    try:
        carpool.mark_done(ride=ride)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Trajet noté effectué."))
    return redirect("services_ride", antenna_slug=antenna_slug, pk=pk)


@tenant_roles(Role.TEAM)
def ride_request_create(request, antenna_slug):
    form = RideRequestForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        ride_request = form.save(commit=False)
        ride_request.antenna = request.antenna
        ride_request.save()
        return redirect("services_ride_request", antenna_slug=antenna_slug, pk=ride_request.pk)
    return render_form(
        request,
        form,
        title=_("Nouvelle demande de covoiturage"),
        submit=_("Chercher un trajet"),
        back=reverse("services_rides", kwargs={"antenna_slug": antenna_slug}),
    )


@tenant_roles(Role.TEAM)
def ride_request_detail(request, antenna_slug, pk):
    ride_request = get_object_or_404(
        RideRequest.objects.visible_to(request.membership).select_related(
            "beneficiary", "origin", "destination"
        ),
        pk=pk,
    )
    if request.method == "POST":
        chosen = request.POST.get("ride", "")
        ride = get_object_or_404(_rides(request), pk=chosen if chosen.isdecimal() else None)
        try:
            carpool.book_seat(ride=ride, beneficiary=ride_request.beneficiary, request=ride_request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Place réservée."))
            return redirect("services_ride", antenna_slug=antenna_slug, pk=ride.pk)
    suggestions = (
        carpool.suggestions(ride_request) if ride_request.status == RideRequest.Status.OPEN else []
    )
    return render(
        request,
        "services/ride_request_detail.html",
        {"ride_request": ride_request, "suggestions": suggestions},
    )

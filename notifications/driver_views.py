"""Volunteer drivers' pages: their availability (staff), the drivers free for a TUS trip and
the offer sent to several (staff), the driver's answer page opened from the message (no
account), and the printable convocation of a trip."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from beneficiaries import audit
from mobilex.access import public
from mobilex.tenancy import tenant_roles
from notifications import letters, offers, volunteers
from notifications.forms import DriverAreaForm, OfferForm, WeekForm
from notifications.links import LinkError
from notifications.models import DriverArea, DriverSlot, TripOffer
from services.models import Driver, Trip


def _trip(request, pk: int) -> Trip:
    return get_object_or_404(
        Trip.objects.visible_to(request.membership).select_related(
            "antenna", "beneficiary", "driver", "pickup", "dropoff"
        ),
        pk=pk,
    )


@tenant_roles(Role.TEAM)
def availability(request, antenna_slug, pk):
    """Where the driver lives, how far they go and when they are free each week."""
    driver = get_object_or_404(Driver.objects.visible_to(request.membership), pk=pk)
    area = DriverArea.objects.filter(driver=driver).first()
    initial = {
        "slots": [
            f"{s.weekday}:{s.part}" for s in DriverSlot.objects.filter(driver=driver).order_by()
        ]
    }
    if area is not None:
        initial.update(home=area.home_id, max_km=area.max_km, email=area.email)
    form = DriverAreaForm(request.POST or None, initial=initial, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        volunteers.declare(driver=driver, **form.cleaned_data)
        messages.success(request, _("Disponibilités enregistrées."))
        return redirect("services_tus_drivers", antenna_slug=antenna_slug)
    return render(
        request,
        "notifications/driver_availability.html",
        {"driver": driver, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@tenant_roles(Role.TEAM)
def send_week_link(request, antenna_slug, pk):
    driver = get_object_or_404(Driver.objects.visible_to(request.membership), pk=pk)
    if volunteers.send_week_link(driver=driver):
        messages.success(request, _("Le lien est envoyé à %(name)s.") % {"name": driver})
    else:
        messages.error(
            request,
            _("Ni portable ni e-mail pour %(name)s : notez ses disponibilités ici.")
            % {"name": driver},
        )
    return redirect("driver_availability", antenna_slug=antenna_slug, pk=pk)


@public  # the signed token of the driver's link is the credential
def driver_week(request, token):
    """The driver's own page, from the link sent to them: when they can drive, how far."""
    try:
        driver = volunteers.driver_of(token)
    except LinkError as error:
        return render(
            request, "notifications/driver_week.html", {"problem": str(error)}, status=410
        )
    area = DriverArea.objects.filter(driver=driver).first()
    initial = {
        "max_km": area.max_km if area else None,
        "slots": [f"{s.weekday}:{s.part}" for s in DriverSlot.objects.filter(driver=driver)],
    }
    form = WeekForm(request.POST if request.method == "POST" else None, initial=initial)
    if area is None:
        form.fields["max_km"].required = False  # the antenna records the commune and reach
    done = False
    if request.method == "POST" and form.is_valid():
        volunteers.declare_week(
            driver=driver, max_km=form.cleaned_data["max_km"], slots=form.cleaned_data["slots"]
        )
        done = True
    return render(
        request,
        "notifications/driver_week.html",
        {"driver": driver, "form": form, "area": area, "done": done},
        status=400 if form.is_bound and form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def trip_drivers(request, antenna_slug, pk):
    """The drivers free for a requested trip, nearest first; the request goes to the chosen
    ones at once, and the page shows who was asked and what they answered."""
    trip = _trip(request, pk)
    found = list(volunteers.candidates(trip)) if trip.status == Trip.Status.REQUESTED else []
    form = OfferForm(request.POST if request.method == "POST" else None, candidates=found)
    if request.method == "POST" and form.is_valid():
        try:
            sent = offers.send(trip=trip, driver_ids=form.cleaned_data["drivers"], by=request.user)
        except ValidationError as error:
            form.add_error("drivers", error)
        else:
            reached = len(sent.offers) - len(sent.unreachable)
            messages.success(
                request, _("Demande envoyée à %(n)s conducteur·rice(s).") % {"n": reached}
            )
            if sent.unreachable:
                messages.warning(
                    request,
                    _("Sans portable ni e-mail, à appeler : %(names)s.")
                    % {"names": ", ".join(str(d) for d in sent.unreachable)},
                )
            return redirect("trip_drivers", antenna_slug=antenna_slug, pk=pk)
    audit.record(antenna_id=trip.antenna_id, actor=request.user, action=audit.Action.VIEW, obj=trip)
    asked = (
        TripOffer.objects.filter(trip=trip).select_related("driver").order_by("offered_at", "pk")
    )
    return render(
        request,
        "notifications/trip_drivers.html",
        {"trip": trip, "candidates": found, "offers": asked, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@public  # the signed token of the offer's link is the credential
def offer_answer(request, token):
    """The driver's page, opened from the SMS or e-mail on a phone: accept or decline."""
    try:
        offer = offers.open_offer(token)
    except LinkError as error:
        return render(
            request, "notifications/offer_answer.html", {"problem": str(error)}, status=410
        )
    trip = offer.trip
    context = {"offer": offer, "trip": trip, "details": offers.context_for(trip)}
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice not in ("accept", "decline"):
            context["problem"] = _("Réponse inconnue.")
            return render(request, "notifications/offer_answer.html", context, status=400)
        try:
            outcome = offers.answer(token=token, accept=choice == "accept")
        except LinkError as error:
            context["problem"] = str(error)
            return render(request, "notifications/offer_answer.html", context, status=409)
        context.update(done=outcome.answer.value, offer=outcome.offer)
    elif offer.status != TripOffer.Status.OFFERED:
        context["done"] = {
            TripOffer.Status.ACCEPTED: offers.Answer.ACCEPTED,
            TripOffer.Status.DECLINED: offers.Answer.DECLINED,
        }.get(offer.status, offers.Answer.TAKEN).value
    audit.record(antenna_id=trip.antenna_id, actor=None, action=audit.Action.VIEW, obj=trip)
    return render(request, "notifications/offer_answer.html", context)


@tenant_roles(Role.TEAM)
def trip_convocation(request, antenna_slug, pk):
    """The printable letter of a scheduled TUS trip, for a passenger with no phone or e-mail."""
    trip = _trip(request, pk)
    if trip.status != Trip.Status.SCHEDULED:
        messages.error(request, _("Seul un trajet planifié a une convocation."))
        return redirect("services_trip", antenna_slug=antenna_slug, pk=pk)
    audit.record(antenna_id=trip.antenna_id, actor=request.user, action=audit.Action.VIEW, obj=trip)
    response = HttpResponse(letters.trip_convocation_pdf(trip), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convocation-tus-{trip.pk}.pdf"'
    return response

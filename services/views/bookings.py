"""Bookings: availability search, booking (once or recurring), check-out and check-in from a
phone, cancel and no-show, the week calendar and today's departures and returns."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from beneficiaries import audit
from billing import handover
from billing.forms import CheckInForm, CheckOutForm
from mobilex import pagination
from mobilex.tenancy import tenant_roles
from services import booking as booking_module
from services import pricing
from services.calendar import due_on, week_grid
from services.forms import (
    AvailabilityForm,
    BookingForm,
    RecurringBookingForm,
    next_hour,
)
from services.models import Booking, Vehicle
from services.occupancy import free_vehicles, not_back
from services.views.common import monday_of, page_of, render_form, show_errors


def _bookings(request):
    return Booking.objects.visible_to(request.membership).select_related("vehicle", "beneficiary")


@tenant_roles(Role.TEAM)
def availability(request, antenna_slug):
    start = next_hour()
    form = AvailabilityForm(
        request.GET or None, initial={"start": start, "end": start + timedelta(hours=4)}
    )
    vehicles = None
    if form.is_valid():
        vehicles = list(
            free_vehicles(
                antenna=request.antenna,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                kind=form.cleaned_data["kind"] or None,
            )
        )
    template = (
        "services/availability_results.html"
        if request.headers.get("HX-Request")
        else "services/availability.html"
    )
    return render(request, template, {"form": form, "vehicles": vehicles})


@tenant_roles(Role.TEAM)
def booking_create(request, antenna_slug):
    initial = {"start": next_hour(), "end": next_hour() + timedelta(hours=4)}
    for key in ("vehicle", "start", "end"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = BookingForm(request.POST or None, initial=initial, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_module.book(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Réservation enregistrée : %(vehicle)s pour %(person)s.")
                % {"vehicle": booking.vehicle, "person": booking.beneficiary},
            )
            return redirect("services_booking", antenna_slug=antenna_slug, pk=booking.pk)
    return render_form(
        request,
        form,
        title=_("Réserver un véhicule"),
        submit=_("Réserver"),
        back=reverse("services_availability", kwargs={"antenna_slug": antenna_slug}),
    )


@tenant_roles(Role.TEAM)
def booking_recurring(request, antenna_slug):
    form = RecurringBookingForm(request.POST or None, membership=request.membership)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = booking_module.book_recurring(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
    return render(
        request,
        "services/booking_recurring.html",
        {"form": form, "result": result},
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def booking_detail(request, antenna_slug, pk):
    # Its deposit is billing's one record of it (billing.handover).
    booking = get_object_or_404(_bookings(request).select_related("deposit"), pk=pk)
    return render(request, "services/booking_detail.html", {"booking": booking})


def _step(request, pk, *, form_class, initial, action, title, submit, success):
    booking = get_object_or_404(_bookings(request).select_related("deposit"), pk=pk)
    form = form_class(request.POST or None, initial=initial(booking))
    if request.method == "POST" and form.is_valid():
        try:
            action(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            # The person's rental and deposit changed hands: who did it is kept.
            audit.record(
                antenna_id=booking.antenna_id, actor=request.user, action=audit.Action.UPDATE,
                obj=booking,
            )  # fmt: skip
            messages.success(request, success)
            return redirect("services_today", antenna_slug=request.antenna.slug)
    # Told before the keys are handed over: the previous rental has not come back.
    warning = (
        booking_module.not_back_message(booking)
        if booking.status == Booking.Status.RESERVED and not_back(booking)
        else ""
    )
    return render(
        request,
        "services/booking_step.html",
        {"form": form, "booking": booking, "title": title, "submit": submit, "not_back": warning},
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def booking_checkout(request, antenna_slug, pk):
    def initial(booking):
        rule = pricing.rule_for(booking.antenna_id, booking.vehicle.kind)
        return {
            "at": timezone.localtime().replace(second=0, microsecond=0),
            "odometer": booking.vehicle.odometer_km,
            "deposit_amount": rule.deposit if rule and rule.deposit else None,
        }

    return _step(
        request,
        pk,
        form_class=CheckOutForm,
        initial=initial,
        action=handover.check_out,
        title=_("Sortie du véhicule"),
        submit=_("Enregistrer la sortie"),
        success=_("Sortie enregistrée."),
    )


@tenant_roles(Role.TEAM)
def booking_checkin(request, antenna_slug, pk):
    def initial(booking):
        return {
            "at": timezone.localtime().replace(second=0, microsecond=0),
            "odometer": booking.checkout_odometer,
            "deduction_reason": handover.damage_seen(booking)[:180],
        }

    return _step(
        request,
        pk,
        form_class=CheckInForm,
        initial=initial,
        action=handover.check_in,
        title=_("Retour du véhicule"),
        submit=_("Enregistrer le retour"),
        success=_("Retour enregistré."),
    )


@tenant_roles(Role.TEAM)
@require_POST
def booking_no_show(request, antenna_slug, pk):
    return _transition(request, pk, booking_module.no_show, _("Absence notée ; véhicule libéré."))


def _transition(request, pk, action, success):
    booking = get_object_or_404(_bookings(request), pk=pk)
    try:
        action(booking=booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("services_booking", antenna_slug=request.antenna.slug, pk=pk)


@tenant_roles(Role.TEAM)
def week(request, antenna_slug):
    vehicles = Vehicle.objects.visible_to(request.membership).exclude(status=Vehicle.Status.RETIRED)
    kind = request.GET.get("kind")
    if kind in Vehicle.Kind.values:
        vehicles = vehicles.filter(kind=kind)
    # A page of vehicles at a time: a large fleet stays readable and fast.
    page = page_of(request, vehicles, per_page=40)
    grid = week_grid(vehicles=page.object_list, antenna=request.antenna, monday=monday_of(request))
    return render(
        request,
        "services/week.html",
        {"grid": grid, "kind": kind, "kinds": Vehicle.Kind.choices, "page": page},
    )


@tenant_roles(Role.TEAM)
def today(request, antenna_slug):
    day = timezone.localdate()
    departures, returns = due_on(_bookings(request), request.antenna, day)
    return render(
        request,
        "services/today.html",
        {"day": day, "departures": departures, "returns": returns, "now": timezone.now()},
    )


@tenant_roles(Role.TEAM)
def bookings_list(request, antenna_slug):
    # The columns the table shows and the keyset reads: a booking row has eight timestamps
    # and a person some thirty fields, and 50 of each were parsed for nothing.
    bookings = _bookings(request).only(
        "period", "starts_at", "kind", "status", "km", "vehicle__name",
        "beneficiary__last_name", "beneficiary__first_name",
    )  # fmt: skip
    status = request.GET.get("status")
    if status in Booking.Status.values:
        bookings = bookings.filter(status=status)
    else:
        status = None
    # Newest first, a keyset page at a time along (antenna, starts_at, id): page 400 costs what
    # page 1 costs, and nothing counts every booking.
    page = pagination.keyset_page(
        [bookings],
        ordering=("-starts_at", "-pk"),
        cursor=request.GET.get("cursor"),
        size=50,
        count=False,
    )
    query = urlencode({"status": status}) if status else ""
    return render(
        request,
        "services/booking_list.html",
        {"page": page, "query": query, "status": status, "statuses": Booking.Status.choices},
    )

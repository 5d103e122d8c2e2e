"""Booking a vehicle: book (once or recurring), check out, check in, cancel, no-show, maintenance.

PostgreSQL is the only judge of double booking (services/occupancy.py: the exclusion constraint
`booking_no_overlap`, and the trigger that holds a vehicle not back yet): a concurrent request
that lost the race gets its IntegrityError turned into the rule's message here. Errors are
ValidationErrors keyed by form field."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from beneficiaries.records import record_contact
from mobilex import outbox
from services import pricing, usage
from services.catalogue import Mode
from services.eligibility import rental_refusals
from services.errors import constraint_message, constraint_name
from services.lifecycles import advance
from services.models import Booking, Vehicle
from services.occupancy import NOT_BACK_CONSTRAINT, not_back, period_of
from services.rules import settings_for


def _check_bookable(vehicle, start, end):
    if end <= start:
        raise ValidationError({"end": _("La fin doit suivre le début.")})
    if vehicle.status == Vehicle.Status.RETIRED:
        raise ValidationError({"vehicle": _("Ce véhicule est retiré de la flotte.")})
    if vehicle.status == Vehicle.Status.MAINTENANCE:
        raise ValidationError({"vehicle": _("Ce véhicule est en maintenance.")})


def not_back_message(booking: Booking) -> str:
    out = not_back(booking)
    return _(
        "Ce véhicule n'est pas revenu : la location précédente (%(person)s, retour prévu le "
        "%(end)s) n'a pas été rendue. Retour en retard."
    ) % {
        "person": out.beneficiary if out else "—",
        "end": formats.date_format(
            timezone.localtime(out.period.upper) if out else timezone.localtime(),
            "SHORT_DATETIME_FORMAT",
        ),
    }


def save_holding(booking: Booking, field: str = "start") -> Booking:
    """Save a booking row that holds its vehicle; PostgreSQL's refusal becomes the message.
    The vehicle's row is locked first, so that writers of one vehicle take turns: two
    conflicting rows inserted at once can otherwise each wait on the other's entry in the
    exclusion index, a deadlock PostgreSQL breaks by failing one of them with an error the
    person would see as a server error."""
    try:
        with transaction.atomic():
            Vehicle.objects.select_for_update().filter(pk=booking.vehicle_id).first()
            booking.save()
    except IntegrityError as error:
        if constraint_name(error) == NOT_BACK_CONSTRAINT:
            raise ValidationError({field: not_back_message(booking)}) from None
        raise constraint_message(Booking, error, field) from None
    return booking


def book(
    *,
    vehicle,
    beneficiary,
    start,
    end,
    purpose="",
    reference_mode=Mode.UNKNOWN,
    notes="",
    created_by=None,
    series=None,
) -> Booking:
    _check_bookable(vehicle, start, end)
    refusals = rental_refusals(
        settings=settings_for(vehicle.antenna_id), vehicle=vehicle, beneficiary=beneficiary
    )
    if refusals:
        raise ValidationError({"beneficiary": refusals})
    rule = pricing.rule_for(vehicle.antenna_id, vehicle.kind)
    booking = save_holding(
        Booking(
            antenna_id=vehicle.antenna_id,
            vehicle=vehicle,
            beneficiary=beneficiary,
            period=period_of(start, end),
            purpose=purpose,
            reference_mode=reference_mode,
            notes=notes,
            price=pricing.rental_price(rule=rule, beneficiary=beneficiary, start=start, end=end),
            created_by=created_by,
            series=series,
        )
    )
    record_contact(beneficiary_id=beneficiary.pk, day=timezone.localdate())
    # Through the outbox: the booking is saved and said saved even with the broker away; the
    # confirmation goes by SMS or e-mail, as the person chose (notifications).
    outbox.enqueue("services.tasks.send_booking_confirmation", booking_id=booking.pk)
    return booking


@dataclass
class RecurringResult:
    created: list[Booking] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)


def occurrences(*, first_day: date, until: date, weekdays: set[int]):
    day = first_day
    while day <= until:
        if day.weekday() in weekdays:
            yield day
        day += timedelta(days=1)


def book_recurring(
    *, vehicle, beneficiary, first_day, until, weekdays, start_time, end_time, **options
) -> RecurringResult:
    """Book every chosen weekday from first_day to until; keep what fits, list what was
    skipped and why (a person-level refusal stops everything, it would fail every day)."""
    if until < first_day:
        raise ValidationError({"until": _("La date de fin précède le premier jour.")})
    if (until - first_day).days > 92:
        raise ValidationError({"until": _("Une série couvre trois mois au plus.")})
    result = RecurringResult()
    series = uuid.uuid4()
    tz = timezone.get_current_timezone()
    for day in occurrences(first_day=first_day, until=until, weekdays=weekdays):
        start = timezone.make_aware(datetime.combine(day, start_time), tz)
        end = timezone.make_aware(datetime.combine(day, end_time), tz)
        try:
            booking = book(
                vehicle=vehicle,
                beneficiary=beneficiary,
                start=start,
                end=end,
                series=series,
                **options,
            )
        except ValidationError as error:
            if "beneficiary" in getattr(error, "error_dict", {}) or "vehicle" in getattr(
                error, "error_dict", {}
            ):
                raise
            result.skipped.append((day, " ".join(error.messages)))
        else:
            result.created.append(booking)
    return result


def block_for_maintenance(*, vehicle, start, end, notes="", created_by=None) -> Booking:
    if end <= start:
        raise ValidationError({"end": _("La fin doit suivre le début.")})
    return save_holding(
        Booking(
            antenna_id=vehicle.antenna_id,
            vehicle=vehicle,
            kind=Booking.Kind.MAINTENANCE,
            period=period_of(start, end),
            notes=notes,
            created_by=created_by,
        )
    )


def _locked(booking) -> Booking:
    return Booking.objects.select_for_update().select_related("vehicle").get(pk=booking.pk)


@transaction.atomic
def check_out(*, booking, at, odometer, level=None, condition="") -> Booking:
    booking = _locked(booking)
    if booking.kind != Booking.Kind.RENTAL:
        raise ValidationError(_("Seule une location réservée peut sortir."))
    advance(booking, "check_out")
    if odometer < booking.vehicle.odometer_km:
        raise ValidationError(
            {
                "odometer": _("Le compteur du véhicule indique déjà %(km)s km.")
                % {"km": booking.vehicle.odometer_km}
            }
        )
    if not_back(booking):  # told before the keys are handed over
        raise ValidationError(not_back_message(booking))
    booking.checkout_at = at
    booking.checkout_odometer = odometer
    booking.checkout_level = level
    booking.checkout_condition = condition
    return save_holding(booking, field="at")


@transaction.atomic
def check_in(*, booking, at, odometer, level=None, condition="") -> Booking:
    booking = _locked(booking)
    advance(booking, "check_in")
    if at < booking.checkout_at:
        raise ValidationError({"at": _("Le retour ne peut précéder la sortie.")})
    if odometer < booking.checkout_odometer:
        raise ValidationError(
            {
                "odometer": _("Le compteur au retour est inférieur au départ (%(km)s km).")
                % {"km": booking.checkout_odometer}
            }
        )
    booking.checkin_at = at
    booking.checkin_odometer = odometer
    booking.checkin_level = level
    booking.checkin_condition = condition
    booking.km = odometer - booking.checkout_odometer
    start, end = booking.period.lower, booking.period.upper
    if start < at < end:
        booking.period = period_of(start, at)  # an early return frees the rest of the slot
    rule = pricing.rule_for(booking.antenna_id, booking.vehicle.kind)
    if rule is not None and rule.unit == rule.Unit.KM:
        booking.price = pricing.rental_price(
            rule=rule, beneficiary=booking.beneficiary, start=start, end=end, km=booking.km
        )
    booking.save()
    Vehicle.objects.filter(pk=booking.vehicle_id, odometer_km__lt=odometer).update(
        odometer_km=odometer
    )
    usage.record_booking(booking)
    return booking


@transaction.atomic
def cancel(*, booking, by=None, reason="") -> Booking:
    """Call off a booking not yet handed over: the vehicle is free again (services/occupancy)."""
    booking = _locked(booking)
    if booking.kind == Booking.Kind.TUS:
        raise ValidationError(_("Ce véhicule est retenu par un trajet TUS : annulez le trajet."))
    booking.save(update_fields=advance(booking, "cancel", by=by, reason=reason))
    return booking


@transaction.atomic
def no_show(*, booking, now=None) -> Booking:
    booking = _locked(booking)
    if booking.kind != Booking.Kind.RENTAL:
        raise ValidationError(_("Seule une location réservée peut être notée « absent·e »."))
    now = now or timezone.now()
    if booking.period.lower >= now:  # at the very start, [start, now) would be empty
        raise ValidationError(_("Le créneau n'a pas encore commencé."))
    advance(booking, "no_show")
    if now < booking.period.upper:
        booking.period = period_of(booking.period.lower, now)  # the vehicle is free again
    booking.save(update_fields=["status", "period"])
    return booking

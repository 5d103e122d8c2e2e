"""Transport d'Utilité Sociale: yearly membership (with the eligibility that applied), trip
requests within 100 km, refusal with a reason, acceptance with a driver, completion.

A driver on two overlapping trips is refused by PostgreSQL (`trip_driver_no_overlap`); the
IntegrityError of a concurrent acceptance is turned into that constraint's message."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from beneficiaries import audit
from services import usage
from services.booking import save_holding
from services.distance import road_km
from services.eligibility import low_resources_reason, residence_trip_refusal, tus_eligibility
from services.errors import constraint_message
from services.lifecycles import advance
from services.models import Booking, Trip, TusMembership
from services.occupancy import period_of
from services.rules import settings_for


def join(*, antenna, beneficiary, year, fee=None, paid_on=None) -> TusMembership:
    eligibility = tus_eligibility(beneficiary)
    if eligibility is None:
        raise ValidationError(
            {
                "beneficiary": _(
                    "Non éligible au TUS : ni résidence en commune rurale, ni ressources sous "
                    "le plafond de la C2S, ni minimum social."
                )
            }
        )
    try:
        with transaction.atomic():
            return TusMembership.objects.create(
                antenna=antenna,
                beneficiary=beneficiary,
                year=year,
                fee=settings_for(antenna).membership_fee if fee is None else fee,
                basis=eligibility.basis,
                basis_detail=eligibility.detail[:255],
                paid_on=paid_on or timezone.localdate(),
            )
    except IntegrityError as error:
        raise constraint_message(TusMembership, error, "beneficiary") from None


def quote(*, antenna, pickup, dropoff):
    """Estimated road distance and the contribution at the antenna's rate (≤ 0.32 €/km)."""
    settings = settings_for(antenna)
    distance = road_km(pickup, dropoff, settings.tus_road_factor)
    # Rounded down: rounding up could pass the legal cap by a fraction of a cent.
    contribution = (distance * settings.tus_rate_per_km).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    return distance, contribution


def _membership_basis(beneficiary, start):
    """The year of the trip and the basis of the person's membership that year (None: none)."""
    year = timezone.localtime(start).year
    basis = (
        TusMembership.objects.filter(beneficiary=beneficiary, year=year)
        .values_list("basis", flat=True)
        .first()
    )
    return year, basis


def _outside_residence_area(*, beneficiary, basis, pickup, dropoff) -> dict[str, str]:
    """By field, the ends of a trip a member by residence alone may not use (DOMAIN.md)."""
    if basis != TusMembership.Basis.RESIDENCE or low_resources_reason(beneficiary):
        return {}
    refusals = {
        "pickup": residence_trip_refusal(pickup),
        "dropoff": residence_trip_refusal(dropoff),
    }
    return {field: message for field, message in refusals.items() if message}


def _member_for(*, antenna, beneficiary, start, membership_paid_today) -> str:
    """The basis of the person's membership for the trip's year, checked when the request is
    made; the yearly fee paid at the desk now records the membership on the spot."""
    year, basis = _membership_basis(beneficiary, start)
    if basis is not None:
        return basis
    if not membership_paid_today:
        raise ValidationError(
            {
                "membership_paid_today": _(
                    "Cette personne n'est pas adhérente au TUS pour %(year)s : encaissez la "
                    "cotisation et cochez « adhésion réglée aujourd'hui »."
                )
                % {"year": year}
            }
        )
    return join(antenna=antenna, beneficiary=beneficiary, year=year).basis


@transaction.atomic
def request_trip(
    *,
    antenna,
    beneficiary,
    pickup,
    dropoff,
    start,
    end,
    purpose,
    contribution=None,
    membership_paid_today=False,
    **extra,
) -> Trip:
    if end <= start:
        raise ValidationError({"end": _("L'arrivée doit suivre le départ.")})
    basis = _member_for(
        antenna=antenna,
        beneficiary=beneficiary,
        start=start,
        membership_paid_today=membership_paid_today,
    )
    if refusals := _outside_residence_area(
        beneficiary=beneficiary, basis=basis, pickup=pickup, dropoff=dropoff
    ):
        raise ValidationError(refusals)
    distance, computed = quote(antenna=antenna, pickup=pickup, dropoff=dropoff)
    if distance > Trip.MAX_KM:
        raise ValidationError(
            {
                "dropoff": _("Trajet estimé à %(km)s km : le TUS est limité à 100 km.")
                % {"km": number_format(distance)}
            }
        )
    contribution = computed if contribution is None else contribution
    cap = (distance * Trip.MAX_RATE_PER_KM).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if contribution > cap:
        raise ValidationError(
            {
                "contribution": _(
                    "La participation dépasse 0,32 € par km (au plus %(max)s € pour %(km)s km)."
                )
                % {
                    "max": number_format(cap),
                    "km": number_format(distance),
                }
            }
        )
    return Trip.objects.create(
        antenna=antenna,
        beneficiary=beneficiary,
        pickup=pickup,
        dropoff=dropoff,
        period=period_of(start, end),
        purpose=purpose,
        distance_km=distance,
        contribution=contribution,
        **extra,
    )


def _locked(trip) -> Trip:
    return Trip.objects.select_for_update().get(pk=trip.pk)


@transaction.atomic
def refuse(*, trip, reason) -> Trip:
    trip = _locked(trip)
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    fields = advance(trip, "refuse")
    trip.refusal_reason = reason.strip()
    trip.save(update_fields=[*fields, "refusal_reason"])
    return trip


def accept(*, trip, driver, vehicle=None) -> Trip:
    """Schedule the trip with a driver: the person must be a member for the trip's year."""
    with transaction.atomic():
        trip = _locked(trip)
        advance(trip, "accept")
        year, basis = _membership_basis(trip.beneficiary, trip.period.lower)
        if basis is None:
            raise ValidationError(
                _("Cette personne n'est pas adhérente au TUS pour %(year)s.") % {"year": year}
            )
        # The membership may have been taken after the request: the rule is checked again.
        if refusals := _outside_residence_area(
            beneficiary=trip.beneficiary, basis=basis, pickup=trip.pickup, dropoff=trip.dropoff
        ):
            raise ValidationError(list(refusals.values()))
        if vehicle is not None and vehicle.seats > 9:
            raise ValidationError(
                {"vehicle": _("Le TUS utilise des véhicules de 9 places au plus.")}
            )
        trip.driver = driver
        trip.vehicle = vehicle
        trip.refusal_reason = ""
        if vehicle is not None:  # the vehicle is held like a rental (services/occupancy.py)
            trip.booking = save_holding(
                Booking(
                    antenna_id=trip.antenna_id,
                    vehicle=vehicle,
                    beneficiary_id=trip.beneficiary_id,
                    kind=Booking.Kind.TUS,
                    period=trip.period,
                    reference_mode=trip.reference_mode,
                ),
                field="vehicle",
            )
        try:
            with transaction.atomic():
                trip.save()
        except IntegrityError as error:
            raise constraint_message(Trip, error, "driver") from None
    return trip


@transaction.atomic
def mark_done(*, trip) -> Trip:
    trip = _locked(trip)
    trip.save(update_fields=advance(trip, "done"))
    if trip.booking_id:
        hold = Booking.objects.select_for_update().get(pk=trip.booking_id)
        hold.save(update_fields=advance(hold, "trip_done"))
    usage.record_trip(trip)
    return trip


@transaction.atomic
def cancel(*, trip, by=None, reason) -> Trip:
    """Call the trip off (the passenger phoned, the driver is ill…): the driver's slot and the
    vehicle are free again; a trip not done has no use to remove."""
    trip = _locked(trip)
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    trip.save(update_fields=advance(trip, "cancel", by=by, reason=reason))
    if trip.booking_id:
        hold = Booking.objects.select_for_update().get(pk=trip.booking_id)
        hold.save(update_fields=advance(hold, "cancel", by=by, reason=reason))
    return trip


@transaction.atomic
def correct_km(*, trip, km, by, reason="") -> Trip:
    """A manager corrects the real distance of a done trip; its use follows, and the change is
    audited. The contribution stays within 0.32 EUR per km of the new distance."""
    trip = _locked(trip)
    advance(trip, "correct")
    if not 0 < km <= Trip.MAX_KM:
        raise ValidationError({"km": _("Un trajet TUS fait entre 0 et 100 km.")})
    cap = (km * Trip.MAX_RATE_PER_KM).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    trip.distance_km = km
    trip.contribution = min(trip.contribution, cap)
    trip.save(update_fields=["distance_km", "contribution"])
    usage.record_trip(trip)
    audit.record(antenna_id=trip.antenna_id, actor=by, action=audit.Action.UPDATE, obj=trip)
    return trip

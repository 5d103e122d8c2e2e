"""What people owe: one function per origin of a charge, each idempotent where the origin is
charged once (a rental, a TUS trip, a year's membership)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Charge
from mobilex.formats import long_date
from services.rules import settings_for


def _day(moment) -> str:
    return long_date(timezone.localdate(moment))


def _once(charge: Charge, **lookup) -> Charge:
    existing = Charge.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            charge.save()
    except IntegrityError:  # a concurrent request charged it first
        return Charge.objects.get(**lookup)
    return charge


def rental_charge(booking, created_by=None) -> Charge:
    """The (unsaved) charge of a rental at the solidarity price stored on the booking."""
    return Charge(
        antenna_id=booking.antenna_id,
        beneficiary_id=booking.beneficiary_id,
        kind=Charge.Kind.RENTAL,
        amount=booking.price,
        label=_("Location %(vehicle)s du %(day)s")
        % {"vehicle": booking.vehicle.name, "day": _day(booking.period.lower)},
        booking=booking,
        created_by=created_by,
    )


def charge_rental(*, booking, created_by=None) -> Charge:
    """Charged once, at check-in (billing.handover)."""
    if booking.kind != booking.Kind.RENTAL:
        raise ValidationError(_("Une maintenance ne se facture pas."))
    if booking.price <= 0:
        raise ValidationError(_("Cette location est gratuite : rien à facturer."))
    return _once(rental_charge(booking, created_by), kind=Charge.Kind.RENTAL, booking=booking)


def charge_membership(*, beneficiary, year: int, created_by=None) -> Charge:
    fee = settings_for(beneficiary.antenna_id).membership_fee
    return _once(
        Charge(
            antenna_id=beneficiary.antenna_id,
            beneficiary=beneficiary,
            kind=Charge.Kind.MEMBERSHIP,
            amount=fee,
            label=_("Cotisation %(year)s") % {"year": year},
            year=year,
            created_by=created_by,
        ),
        kind=Charge.Kind.MEMBERSHIP,
        beneficiary=beneficiary,
        year=year,
    )


def charge_trip(*, trip, created_by=None) -> Charge:
    """A TUS trip's cost contribution (at most €0.32 per km, computed by services.tus)."""
    return _once(
        Charge(
            antenna_id=trip.antenna_id,
            beneficiary_id=trip.beneficiary_id,
            kind=Charge.Kind.TUS,
            amount=trip.contribution,
            label=_("Trajet TUS du %(day)s") % {"day": _day(trip.period.lower)},
            trip=trip,
            created_by=created_by,
        ),
        kind=Charge.Kind.TUS,
        trip=trip,
    )


def charge_damage(*, beneficiary, amount: Decimal, reason: str, booking=None, created_by=None):
    if amount <= 0:
        raise ValidationError({"amount": _("Le montant doit être positif.")})
    return Charge.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        kind=Charge.Kind.DAMAGE,
        amount=amount,
        label=_("Dégâts : %(reason)s") % {"reason": reason},
        booking=booking,
        created_by=created_by,
    )

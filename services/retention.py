"""What the bouquet erases when a person is anonymised or asks for erasure (registered with
beneficiaries.retention): the free text written about them. Dates, km and modes stay, for the
statistics."""

from django.utils.translation import gettext as _

from services.models import Booking, Trip, TusMembership


def erase_free_text(beneficiary) -> None:
    Booking.objects.filter(beneficiary=beneficiary).update(
        notes="", checkout_condition="", checkin_condition=""
    )
    Trip.objects.filter(beneficiary=beneficiary).exclude(refusal_reason="").update(
        refusal_reason=_("(motif effacé)")
    )
    TusMembership.objects.filter(beneficiary=beneficiary).update(basis_detail="")

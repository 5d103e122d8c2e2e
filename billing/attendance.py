"""A workshop's attendance signed on the phone: the person signs their line, which marks them
present through services.workshops (the one place that records attendance)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from billing.contracts import checked_signature, stored_signature
from billing.models import AttendanceSignature, Signature
from services import workshops
from services.models import Registration


@transaction.atomic
def sign_attendance(
    *, registration, by, person_name: str, drawing: str = "", typed_consent: bool = False
) -> AttendanceSignature:
    if registration.status != Registration.Status.REGISTERED:
        raise ValidationError(_("Seule une personne inscrite signe la feuille."))
    png = checked_signature(person_name=person_name, drawing=drawing, typed_consent=typed_consent)
    image = stored_signature(
        png, f"billing/{registration.antenna_id}/attendance/{uuid.uuid4().hex}.png"
    )
    try:
        with transaction.atomic():
            signed = AttendanceSignature.objects.create(
                antenna_id=registration.antenna_id,
                registration=registration,
                name=person_name.strip(),
                method=Signature.Method.DRAWN if image else Signature.Method.TYPED,
                image=image,
                recorded_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("Cette personne a déjà signé.")) from None
    workshops.mark_attendance(
        session=registration.session, marks={registration.pk: Registration.Attendance.PRESENT}
    )
    return signed

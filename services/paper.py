"""The workshop's paper: the attendance sheet (émargement) of a session, with the registered
people and a column to sign, and a person's attestation of participation for their
prescriber."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from services.models import Registration


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()


def attendance_sheet_pdf(session) -> bytes:
    registered = (
        session.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("beneficiary__referring_structure")
        .order_by("beneficiary__last_name", "beneficiary__first_name")
    )
    return _pdf(
        "services/paper/attendance_sheet.html",
        {"session": session, "registrations": registered, "printed_on": timezone.localdate()},
    )


def attestation_pdf(registration) -> bytes:
    """Only for someone who was there."""
    if registration.attendance != Registration.Attendance.PRESENT:
        raise ValidationError(_("Une attestation ne se délivre qu'à une personne présente."))
    return _pdf(
        "services/paper/attestation.html",
        {
            "registration": registration,
            "session": registration.session,
            "person": registration.beneficiary,
            "antenna": registration.session.antenna,
            "printed_on": timezone.localdate(),
        },
    )

"""Letters for people with neither a phone nor an e-mail they read: a printable convocation to
a workshop (PDF by WeasyPrint), written in the same plain words as the SMS."""

from django.template.loader import render_to_string
from django.utils import timezone

from notifications import wording


def convocation_pdf(registration) -> bytes:
    from weasyprint import HTML

    session = registration.session
    antenna = session.antenna
    html = render_to_string(
        "notifications/convocation.html",
        {
            "person": registration.beneficiary,
            "session": session,
            "antenna": antenna,
            "when": wording.day_and_hour(session.starts_at),
            "place": session.place or antenna.address or antenna.name,
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()

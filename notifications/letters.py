"""Letters for people with neither a phone nor an e-mail they read: a printable convocation to
a workshop or to a TUS trip (PDF by WeasyPrint), written in the same plain words as the SMS."""

from django.template.loader import render_to_string
from django.utils import timezone

from mobilex.formats import long_date
from notifications import wording


def convocation_pdf(registration) -> bytes:
    from weasyprint import HTML

    session = registration.session
    antenna = session.antenna
    html = render_to_string(
        "notifications/pdf/workshop_convocation.html",
        {
            "person": registration.beneficiary,
            "session": session,
            "antenna": antenna,
            "when": wording.day_and_hour(session.starts_at),
            "place": session.place or antenna.address or antenna.name,
            "printed_on": long_date(timezone.localdate()),
        },
    )
    return HTML(string=html).write_pdf()


def trip_convocation_pdf(trip) -> bytes:
    from weasyprint import HTML

    antenna = trip.antenna
    html = render_to_string(
        "notifications/pdf/trip_convocation.html",
        {
            "person": trip.beneficiary,
            "trip": trip,
            "antenna": antenna,
            "when": wording.day_and_hour(trip.period.lower),
            "back": wording.hour(trip.period.upper),
            "driver": trip.driver.first_name if trip.driver else "",
            "printed_on": long_date(timezone.localdate()),
        },
    )
    return HTML(string=html).write_pdf()

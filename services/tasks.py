"""Thin Celery tasks: e-mails about bookings. Each is idempotent (a sent mark on the booking)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from services.models import Booking


def _send(booking, template, mark):
    with translation.override(settings.LANGUAGE_CODE):
        context = {"booking": booking, "site_url": settings.SITE_URL}
        subject = render_to_string(f"services/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"services/email/{template}.txt", context)
    send_mail(subject, body, None, [booking.beneficiary.email])
    Booking.objects.filter(pk=booking.pk).update(**{mark: timezone.now()})


@shared_task
def send_booking_confirmation(booking_id):
    booking = (
        Booking.objects.select_related("vehicle", "beneficiary", "antenna")
        .filter(pk=booking_id, confirmation_sent_at__isnull=True, status=Booking.Status.RESERVED)
        .exclude(beneficiary__email="")
        .first()
    )
    if booking is not None:
        _send(booking, "booking_confirmation", "confirmation_sent_at")


@shared_task
def send_booking_reminders():
    """The day before: a reminder to each person with an e-mail and a reservation tomorrow."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    bookings = (
        Booking.objects.select_related("vehicle", "beneficiary", "antenna")
        .filter(
            status=Booking.Status.RESERVED,
            kind=Booking.Kind.RENTAL,
            reminder_sent_at__isnull=True,
            period__startswith__date=tomorrow,
        )
        .exclude(beneficiary__email="")
    )
    sent = 0
    for booking in bookings:
        _send(booking, "booking_reminder", "reminder_sent_at")
        sent += 1
    return sent

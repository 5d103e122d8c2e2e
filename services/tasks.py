"""Thin Celery tasks: messages about bookings, sent through notifications (each once per
booking and start time, by its idempotency key)."""

from celery import shared_task
from django.utils import timezone

from notifications import events
from services.models import Booking


@shared_task
def send_booking_confirmation(booking_id):
    booking = (
        Booking.objects.select_related("vehicle", "beneficiary", "antenna")
        .filter(pk=booking_id, status=Booking.Status.RESERVED)
        .first()
    )
    if booking is not None and events.booking_confirmed(booking) is not None:
        Booking.objects.filter(pk=booking.pk).update(confirmation_sent_at=timezone.now())


@shared_task
def send_booking_reminders():
    """The day before: a reminder to each person with a reservation tomorrow."""
    return events.rental_reminders()

"""Messages that follow a change made elsewhere (a referral decided, a person leaving, a place
freed from the waiting list, a TUS trip settled while drivers were asked), hooked on saves so
that the apps that make the change need not know this one. Each is sent after the commit,
once (idempotency key)."""

from django.db import transaction
from django.db.models.signals import post_save

from beneficiaries.models import Beneficiary, Referral
from services.models import Registration, Trip


def _referral_saved(sender, instance, created, **kwargs):
    if not created and instance.status != Referral.Status.SENT and instance.decided_at:
        from notifications import events

        transaction.on_commit(lambda: events.referral_decided(instance))


def _person_saved(sender, instance, created, **kwargs):
    if instance.status == Beneficiary.Status.EXITED and instance.exit_date:
        from notifications import events

        transaction.on_commit(lambda: events.person_exited(instance))


def _registration_saved(sender, instance, created, update_fields=None, **kwargs):
    # services.workshops promotes the first person waiting with save(update_fields=["status"]).
    promoted = (
        not created
        and update_fields is not None
        and set(update_fields) == {"status"}
        and instance.status == Registration.Status.REGISTERED
    )
    if promoted:
        from notifications import events

        transaction.on_commit(lambda: events.place_freed(instance))


def _trip_saved(sender, instance, created, **kwargs):
    # A trip no longer requested closes the offers still open to drivers (in the transaction).
    if not created and instance.status != Trip.Status.REQUESTED:
        from notifications import offers

        offers.close_open(instance)


def connect() -> None:
    post_save.connect(_referral_saved, sender=Referral, dispatch_uid="notif_referral")
    post_save.connect(_person_saved, sender=Beneficiary, dispatch_uid="notif_person")
    post_save.connect(_registration_saved, sender=Registration, dispatch_uid="notif_registration")
    post_save.connect(_trip_saved, sender=Trip, dispatch_uid="notif_trip")

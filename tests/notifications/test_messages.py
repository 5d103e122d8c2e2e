"""Every message with the locmem backends: what it says, to whom, once, and never when it must
not go (quiet hours, STOP, cancelled event, daily cap)."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from beneficiaries import records, referrals
from beneficiaries.models import Referral
from notifications import events, sms
from notifications.models import Notification
from notifications.sending import Outcome, deliver
from services import booking, workshops
from services.availability import period_of
from services.models import Registration, Trip
from tests.factories import commune
from tests.notifications.conftest import paris
from tests.services.factories import (
    BeneficiaryFactory,
    BookingFactory,
    DriverFactory,
    SessionFactory,
    VehicleFactory,
    at,
)

pytestmark = pytest.mark.django_db

START = paris(2027, 3, 9, 14, 0)  # a Tuesday, far enough ahead for every test


def deliver_all(now):
    return [
        deliver(notification_id=pk, now=now)
        for pk in Notification.objects.filter(status="queued").values_list("pk", flat=True)
    ]


@pytest.fixture
def session(antenna):
    return SessionFactory(
        antenna=antenna, title="Prise en main du VAE", starts_at=START, place="Salle des fêtes"
    )


def test_workshop_reminder_48_hours_before_names_the_session_once(
    session, texter, django_capture_on_commit_callbacks
):
    workshops.register(session=session, beneficiary=texter)
    assert events.workshop_reminders(START - timedelta(hours=49)) == 0  # too early
    with django_capture_on_commit_callbacks() as queued:
        assert events.workshop_reminders(START - timedelta(hours=47)) == 1
        assert events.workshop_reminders(START - timedelta(hours=46)) == 0  # once per event
    assert len(queued) == 1  # the worker is asked after the commit
    assert deliver_all(START - timedelta(hours=47)) == [Outcome.SENT]
    [message] = sms.outbox
    assert message["to"] == "+33612345678"
    text = message["text"]
    assert text.startswith('Antenne A : atelier "Prise en main du VAE" le mardi 9 mars à 14 h.')
    assert "Lieu : Salle des fetes." in text and "/r/" in text  # ê is not GSM-7: folded
    n = Notification.objects.get()
    assert (n.status, n.attempts, n.segments, n.channel) == ("sent", 1, 2, "sms")
    assert n.sent_at is not None and n.provider_id == "locmem-1"
    assert deliver(notification_id=n.pk, now=START - timedelta(hours=40)) is Outcome.GONE
    assert len(sms.outbox) == 1


def test_no_sms_at_night_it_waits_for_8_in_the_morning(session, texter):
    workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=47))
    night = paris(2027, 3, 7, 21, 30)
    assert deliver_all(night) == [Outcome.DEFERRED]
    n = Notification.objects.get()
    assert n.status == "queued" and n.not_before == paris(2027, 3, 8, 8, 0) and not sms.outbox
    assert deliver_all(paris(2027, 3, 8, 7, 59)) == [Outcome.DEFERRED]
    assert deliver_all(paris(2027, 3, 8, 8, 0)) == [Outcome.SENT] and len(sms.outbox) == 1


def test_email_goes_at_night_and_to_people_never_asked(session, antenna):
    person = BeneficiaryFactory(antenna=antenna, email="lea@example.org")  # no recorded choice
    workshops.register(session=session, beneficiary=person)
    events.workshop_reminders(START - timedelta(hours=47))
    assert deliver_all(paris(2027, 3, 7, 23, 0)) == [Outcome.SENT]
    assert mail.outbox[0].to == ["lea@example.org"]
    assert "Prise en main du VAE" in mail.outbox[0].body and not sms.outbox


def test_people_who_chose_no_message_get_none(session, antenna):
    person = BeneficiaryFactory(
        antenna=antenna, email="x@example.org", phone="0612345678", contact_channel="none"
    )
    workshops.register(session=session, beneficiary=person)
    assert events.workshop_reminders(START - timedelta(hours=47)) == 0
    assert not Notification.objects.exists()


def test_stop_from_the_provider_opts_the_number_out(client, settings, session, texter):
    settings.SMS_WEBHOOK_SECRET = "s3cret"
    workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=47))
    url = reverse("notification_inbound_sms", kwargs={"secret": "wrong"})
    assert client.post(url, "{}", content_type="application/json").status_code == 404
    url = reverse("notification_inbound_sms", kwargs={"secret": "s3cret"})
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    answer = client.post(
        url, json.dumps({"from": "33612345678", "text": " stop "}), content_type="application/json"
    )
    assert answer.status_code == 204
    texter.refresh_from_db()
    assert texter.contact_channel == "none"
    n = Notification.objects.get()
    assert n.status == "cancelled" and "STOP" in n.error
    # Even a record that still says SMS (another antenna's) gets nothing on that number.
    again = BeneficiaryFactory(antenna=texter.antenna, phone="0612345678", contact_channel="sms")
    workshops.register(session=session, beneficiary=again)
    events.workshop_reminders(START - timedelta(hours=47))
    assert deliver_all(START - timedelta(hours=47)) == [Outcome.CANCELLED]
    assert not sms.outbox


def test_never_sent_after_the_event_was_cancelled(session, texter):
    registration = workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=47))
    workshops.cancel(registration=registration)
    assert deliver_all(START - timedelta(hours=47)) == [Outcome.CANCELLED]
    n = Notification.objects.get()
    assert n.status == "cancelled" and "annulé" in n.error and not sms.outbox


def test_never_sent_once_the_event_started(session, texter):
    workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=47))
    assert deliver_all(START + timedelta(minutes=1)) == [Outcome.CANCELLED]


def test_daily_cap_holds_the_rest_until_tomorrow(settings, antenna, texter):
    settings.NOTIFICATIONS_DAILY_CAP = 2
    for hour in (9, 11, 15):
        session = SessionFactory(antenna=antenna, starts_at=START.replace(hour=hour))
        workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=40))
    noon = paris(2027, 3, 7, 12, 0)
    assert sorted(o.value for o in deliver_all(noon)) == ["deferred", "sent", "sent"]
    held = Notification.objects.get(status="queued")
    assert held.not_before == paris(2027, 3, 8, 8, 0) and len(sms.outbox) == 2


def test_booking_confirmation_and_the_day_before_reminders(
    antenna, texter, django_capture_on_commit_callbacks
):
    car = VehicleFactory(antenna=antenna, name="Clio solidaire")
    start = at(1, 9)
    with django_capture_on_commit_callbacks(execute=True):
        b = booking.book(vehicle=car, beneficiary=texter, start=start, end=at(1, 17))
    confirmed = Notification.objects.get(template="booking_confirmed")
    assert "Clio solidaire" in confirmed.text and "Lieu : 2 rue de la Gare" in confirmed.text
    today = start - timedelta(days=1)
    assert events.rental_reminders(today.replace(hour=17)) == 1
    reminder = Notification.objects.get(template="rental_reminder")
    assert "demain" in reminder.text and "à 9 h" in reminder.text and "/r/" in reminder.text
    booking.check_out(booking=b, at=start, odometer=1000)
    assert events.return_reminders(start) == 0  # due back today at 17 h: it was said yesterday
    assert events.return_reminders(start - timedelta(days=1)) == 1
    n = Notification.objects.get(template="return_reminder")
    assert n.event_id == b.pk and "à rendre le" in n.text and "à 17 h" in n.text


def test_tus_reminders_to_the_passenger_and_the_driver(antenna, texter):
    driver = DriverFactory(antenna=antenna, first_name="Michel", phone="07 81 23 45 67")
    trip = Trip.objects.create(
        antenna=antenna, beneficiary=texter, driver=driver, pickup=commune("67339"),
        dropoff=commune("67180"), period=period_of(at(1, 10), at(1, 12)), distance_km=20,
        status=Trip.Status.SCHEDULED,
    )  # fmt: skip
    assert events.trip_reminders(at(0, 17)) == 2
    passenger = Notification.objects.get(template="trip_reminder")
    assert (
        passenger.to == "+33612345678" and "Michel" in passenger.text and "à 10 h" in passenger.text
    )
    own = Notification.objects.get(template="driver_reminder")
    assert own.to == "+33781234567" and "Sonia" in own.text
    assert events.trip_reminders(at(0, 18)) == 0
    Trip.objects.filter(pk=trip.pk).update(status=Trip.Status.CANCELLED)
    assert set(o.value for o in deliver_all(at(0, 18))) == {"cancelled"}


def test_social_worker_told_of_the_decision_and_of_the_exit(
    world, antenna, django_capture_on_commit_callbacks
):
    person = BeneficiaryFactory(
        antenna=antenna, referring_structure=world.structure, status="referred"
    )
    refused_one = BeneficiaryFactory(antenna=antenna, referring_structure=world.structure)
    sent = []
    for who in (person, refused_one):
        sent.append(
            Referral.objects.create(
                antenna=antenna, beneficiary=who, structure=world.structure,
                social_worker=world.social_worker, reason="Besoin de mobilité",
            )
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        referrals.decide_referral(referral=sent[0], actor=world.staff, accept=True)
        referrals.decide_referral(
            referral=sent[1], actor=world.staff, accept=False, refusal_reason="Hors territoire"
        )
    accepted, refused = sorted(mail.outbox, key=lambda m: m.subject)
    assert accepted.to == [world.social_worker.email] and accepted.subject == "Orientation acceptée"
    assert str(person) in accepted.body
    assert refused.subject == "Orientation refusée" and "Motif : Hors territoire" in refused.body
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        records.change_status(
            beneficiary=person, version=person.version, actor=world.staff, status="exited",
            entry_date=person.entry_date, exit_date=person.entry_date, exit_outcome="durable_job",
        )  # fmt: skip
    assert mail.outbox[-1].subject == "Fin d'accompagnement"
    assert "emploi durable" in mail.outbox[-1].body and len(mail.outbox) == 3


def test_place_freed_from_the_waiting_list_is_told(
    session, antenna, texter, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    first = workshops.register(session=session, beneficiary=BeneficiaryFactory(antenna=antenna))
    waiting = workshops.register(session=session, beneficiary=texter)
    assert waiting.status == Registration.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel(registration=first)  # by the staff, on the session's page
    n = Notification.objects.get(template="place_freed")
    assert n.beneficiary == texter and n.event_id == waiting.pk
    assert "une place s'est libérée" in n.text and "Prise en main du VAE" in n.text


def test_late_returns_digest_each_manager_once_a_day(world, antenna):
    late = BookingFactory(
        vehicle=VehicleFactory(antenna=antenna, name="Kangoo"),
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Retard"),
        period=period_of(at(-2, 9), at(-1, 9)), status="checked_out",
    )  # fmt: skip
    BookingFactory(
        vehicle=VehicleFactory(antenna=world.neighbour),
        status="checked_out",
        period=period_of(at(-2, 9), at(3, 9)),
    )  # fmt: skip  (not late)
    assert events.late_returns_digest(at(0, 8)) == 1
    assert events.late_returns_digest(at(0, 9)) == 0
    n = Notification.objects.get(template="late_returns")
    assert n.user == world.manager and "Kangoo (RETARD" in n.text and late.vehicle.name in n.text
    assert "1 véhicule n'est pas rendu" in n.text


def test_the_beat_sends_what_is_due_and_leaves_what_must_wait(world, antenna):
    from django.utils import timezone

    from notifications.tasks import send_due

    now = timezone.now()
    for key, when in (("due", now - timedelta(minutes=1)), ("later", now + timedelta(hours=2))):
        Notification.objects.create(
            antenna=antenna, user=world.manager, channel="email", to=world.manager.email,
            template="late_returns", subject="Retours", text=key, idempotency_key=key,
            not_before=when,
        )  # fmt: skip
    assert send_due() == 1
    assert [m.body for m in mail.outbox] == ["due"]
    assert Notification.objects.get(idempotency_key="later").status == "queued"

"""The reminder's link (no account), the message log, the antenna's wording, the person's
record, and the lifecycle as PostgreSQL enforces it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import AuditEvent
from notifications import events, links
from notifications.lifecycle import TRANSITIONS
from notifications.models import MessageTemplate, Notification
from services import workshops
from services.models import Registration
from tests.services.factories import BeneficiaryFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_session(antenna, texter):
    """One place, taken by the texter; Léa waits."""
    session = SessionFactory(
        antenna=antenna, title="Prise en main du VAE", capacity=1,
        starts_at=timezone.now() + timedelta(hours=30), place="Mairie",
    )  # fmt: skip
    mine = workshops.register(session=session, beneficiary=texter)
    lea = BeneficiaryFactory(
        antenna=antenna, first_name="Léa", phone="07 81 23 45 67", contact_channel="sms"
    )
    theirs = workshops.register(session=session, beneficiary=lea)
    events.workshop_reminders(timezone.now())
    return session, mine, theirs


def _token(registration):
    n = Notification.objects.get(event_kind="registration", event_id=registration.pk)
    return links.token_for(n), n


def test_cancel_from_the_link_frees_the_place_for_the_next_person(
    client, full_session, django_capture_on_commit_callbacks
):
    session, mine, theirs = full_session
    token, n = _token(mine)
    url = reverse("notification_answer", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and "Prise en main du VAE" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"choice": "cancelled"})
    assert done.status_code == 200 and "votre place est annulée" in done.text
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert theirs.status == Registration.Status.REGISTERED
    freed = Notification.objects.get(template="place_freed")
    assert freed.beneficiary_id == theirs.beneficiary_id and freed.to == "+33781234567"
    n.refresh_from_db()
    assert n.link_answer == "cancelled" and n.link_used_at is not None
    assert AuditEvent.objects.filter(model="Registration", object_id=mine.pk).exists()
    again = client.post(url, {"choice": "cancelled"})  # one use
    assert again.status_code == 410 and "déjà répondu" in again.text
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED  # the second click freed nothing


def test_confirm_keeps_the_place(client, full_session):
    _, mine, _ = full_session
    token, n = _token(mine)
    url = reverse("notification_answer", kwargs={"token": token})
    assert "confirmée" in client.post(url, {"choice": "confirmed"}).text
    mine.refresh_from_db()
    assert mine.status == Registration.Status.REGISTERED


def test_bad_expired_and_unknown_answers(client, full_session):
    session, mine, _ = full_session
    token, n = _token(mine)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(reverse("notification_answer", kwargs={"token": forged})).status_code == 410
    url = reverse("notification_answer", kwargs={"token": token})
    assert client.post(url, {"choice": "maybe"}).status_code == 400
    Notification.objects.filter(pk=n.pk).update(event_starts_at=timezone.now())  # it started
    answer = client.get(url)
    assert answer.status_code == 410 and "expiré" in answer.text


def test_the_log_lists_failures_to_retry(client, world, antenna, full_session):
    n = Notification.objects.filter(template="workshop_reminder").first()
    Notification.objects.filter(pk=n.pk).update(status="failed", error="HTTP 400 Invalid number")
    client.force_login(world.staff)
    url = reverse("notification_log", kwargs={"antenna_slug": antenna.slug})
    page = client.get(url, {"status": "failed"})
    assert page.status_code == 200 and "HTTP 400 Invalid number" in page.text
    assert page.text.count("Renvoyer") == 1
    retry = reverse("notification_retry", kwargs={"antenna_slug": antenna.slug, "pk": n.pk})
    assert client.post(retry).status_code == 302
    n.refresh_from_db()
    assert n.status in ("queued", "sent") and n.attempts <= 1
    assert client.post(retry).status_code == 302  # a second retry is refused with a message


@pytest.mark.parametrize("size", [3, 30])
def test_the_log_runs_a_fixed_number_of_queries(
    client, world, antenna, size, django_assert_num_queries
):
    for i in range(size):
        person = BeneficiaryFactory(antenna=antenna)
        Notification.objects.create(
            antenna=antenna, beneficiary=person, channel="sms", to="+33612345678",
            template="workshop_reminder", text="x", idempotency_key=f"k{i}",
        )  # fmt: skip
    client.force_login(world.staff)
    url = reverse("notification_log", kwargs={"antenna_slug": antenna.slug})
    client.get(url)  # sessions, caches
    with django_assert_num_queries(4):  # session, user, memberships, rows
        assert client.get(url).status_code == 200


def test_the_person_record_shows_their_messages(client, world, antenna, full_session):
    _, mine, _ = full_session
    client.force_login(world.staff)
    url = reverse(
        "beneficiary_detail", kwargs={"antenna_slug": antenna.slug, "pk": mine.beneficiary_id}
    )
    page = client.get(url)
    assert "Messages envoyés" in page.text and "Rappels : SMS" in page.text
    assert "Prise en main du VAE" in page.text


def test_the_manager_writes_the_antennas_wording_within_limits(client, world, antenna):
    client.force_login(world.manager)
    url = reverse(
        "notification_template", kwargs={"antenna_slug": antenna.slug, "key": "workshop_reminder"}
    )
    form = client.get(url)
    assert form.status_code == 200 and "{{ link }}" in form.text and "{% " not in form.text
    too_long = client.post(url, {"text": "{{ title }} " + "x" * 400 + " {{ link }}"})
    assert too_long.status_code == 400 and "caractères" in too_long.text
    no_link = client.post(url, {"text": "Atelier {{ title }} le {{ when }}."})
    assert no_link.status_code == 400 and "{{ link }}" in no_link.text
    for code in ("Atelier {% debug %} {{ link }}", "{{ settings.SECRET_KEY }} {{ link }}"):
        broken = client.post(url, {"text": code})
        assert broken.status_code == 400 and "Variable inconnue" in broken.text
    ok = client.post(url, {"text": "RDV {{ title }}, {{ when }}, {{ place }}. {{ link }}"})
    assert ok.status_code == 302
    assert MessageTemplate.objects.get(antenna=antenna).key == "workshop_reminder"
    client.force_login(world.staff)
    assert client.get(url).status_code == 404  # managers only


def test_the_antennas_wording_is_used(antenna, texter):
    MessageTemplate.objects.create(
        antenna=antenna, key="workshop_reminder", text="RDV {{ title }} {{ when }}. {{ link }}"
    )
    session = SessionFactory(
        antenna=antenna, title="Code", starts_at=timezone.now() + timedelta(hours=3)
    )
    workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(timezone.now())
    assert Notification.objects.get().text.startswith("RDV Code ")


def test_postgresql_refuses_a_forbidden_transition(antenna, texter):
    n = Notification.objects.create(
        antenna=antenna, beneficiary=texter, channel="sms", to="+33612345678",
        template="x", text="x", idempotency_key="k", status="sent", sent_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE notifications_notification SET status='queued' WHERE id=%s", [n.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            antenna=antenna,
            beneficiary=texter,
            channel="sms",
            to="+33612345678",
            template="x",
            text="x",
            idempotency_key="k",
        )  # fmt: skip  (the same key twice)
    assert TRANSITIONS["sent"] == frozenset()


def test_postgresql_refuses_a_recipient_of_another_antenna(world, texter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            antenna=world.neighbour, beneficiary=texter, channel="sms", to="+33612345678",
            template="x", text="x", idempotency_key="other",
        )  # fmt: skip


def test_a_convocation_letter_for_people_with_neither(client, world, antenna, tmp_path):
    import subprocess

    person = BeneficiaryFactory(antenna=antenna, first_name="Marcel", address="3 rue Haute")
    session = SessionFactory(
        antenna=antenna, title="Code de la route", place="Mairie de Betschdorf",
        starts_at=timezone.make_aware(timezone.datetime(2027, 3, 9, 9, 30)),
    )  # fmt: skip
    registration = workshops.register(session=session, beneficiary=person)
    client.force_login(world.staff)
    record = client.get(
        reverse("beneficiary_detail", kwargs={"antenna_slug": antenna.slug, "pk": person.pk})
    )
    url = reverse(
        "notification_convocation", kwargs={"antenna_slug": antenna.slug, "pk": registration.pk}
    )
    assert url in record.text
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "convocation.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "Convocation à un atelier" in text and "Code de la route" in text
    assert "mardi 9 mars à 9 h 30" in text and "Mairie de Betschdorf" in text
    assert "Marcel" in text and "3 rue Haute" in text
    assert AuditEvent.objects.filter(model="Registration", object_id=registration.pk).exists()
    client.force_login(world.neighbour_manager)
    other = reverse(
        "notification_convocation",
        kwargs={"antenna_slug": world.neighbour.slug, "pk": registration.pk},
    )
    assert client.get(other).status_code == 404

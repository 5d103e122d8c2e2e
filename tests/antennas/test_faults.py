"""With Redis away (a closed port as its URL): login works, a booking is saved and said saved
(its e-mail waits in the outbox and leaves when the broker returns), a report request says the
worker is unreachable, /healthz/ tells the database from the broker."""

import socket

import pytest
from django.core import mail

from mobilex.celery import app
from mobilex.models import OutboxMessage
from tests.factories import DEMO_PASSWORD


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed once the socket is: nobody listens there


@pytest.fixture
def redis_down(settings):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {"default": {"BACKEND": "mobilex.cache.DegradingRedisCache", "LOCATION": url}}
    # (changing CACHES through the settings fixture rebuilds Django's caches)
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = url
    app.conf.task_always_eager = False  # a real publish to the (absent) broker
    _fresh_connections()
    yield url
    app.conf.broker_url, app.conf.task_always_eager = previous
    _fresh_connections()


def _fresh_connections():
    """Celery keeps its broker connections in pools: new pools for the new URL."""
    app._pool = None  # noqa: SLF001
    app.amqp._producer_pool = None  # noqa: SLF001


@pytest.mark.django_db
def test_login_works_with_redis_down(client, world, redis_down):
    response = client.post(
        "/accounts/login/", {"login": world.staff.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(world.staff.pk)


@pytest.mark.django_db
def test_rate_limit_still_counts_with_redis_down(client, world, redis_down):
    for _ in range(5):
        client.post("/accounts/login/", {"login": world.staff.email, "password": "mauvais"})
    response = client.post(
        "/accounts/login/", {"login": world.staff.email, "password": DEMO_PASSWORD}
    )
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_outbox_keeps_the_task_and_delivers_it_when_the_broker_returns(
    world, redis_down, django_capture_on_commit_callbacks
):
    from mobilex import outbox

    invitation_task = "antennas.tasks.send_invitation"
    from antennas.invitations import create_invitation
    from antennas.models import Role

    with django_capture_on_commit_callbacks(execute=True):
        invitation = create_invitation(
            antenna=world.antenna,
            email="x@example.org",
            role=Role.STAFF,
            structure=None,
            invited_by=world.manager,
        )
    message = OutboxMessage.objects.get(task=invitation_task)
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert mail.outbox == []

    app.conf.task_always_eager = True  # the broker is back (eager: the task runs here)
    assert outbox.deliver_pending() == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert mail.outbox[0].to == [invitation.email]
    assert outbox.deliver_pending() == 0  # nothing sent twice


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_separately(client, redis_down):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unreachable"}


@pytest.mark.django_db
def test_healthz_with_everything_up(client):
    assert client.get("/healthz/").json()["database"] == "ok"


@pytest.mark.django_db
def test_report_request_says_the_worker_is_unreachable(
    world, redis_down, django_capture_on_commit_callbacks
):
    from indicators.models import Report
    from indicators.reports import request_report

    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(territory=world.territory, year=2025, user=world.officer)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "injoignable" in report.error


@pytest.mark.django_db
def test_booking_is_saved_and_said_saved_with_redis_down(
    client, world, redis_down, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from services.models import Booking
    from tests.services.factories import BeneficiaryFactory, VehicleFactory, at

    person = BeneficiaryFactory(antenna=world.antenna, email="alex@example.org")
    car = VehicleFactory(antenna=world.antenna)
    client.force_login(world.staff)
    data = {
        "beneficiary": person.pk,
        "vehicle": car.pk,
        "start": timezone.localtime(at(1, 9)).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(at(1, 12)).strftime("%Y-%m-%dT%H:%M"),
        "purpose": "job",
        "reference_mode": "car_thermal",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/a/antenne-a/reservations/nouvelle/", data, follow=True)
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert "enregistrée" in response.content.decode().lower()
    message = OutboxMessage.objects.get(task="services.tasks.send_booking_confirmation")
    assert message.kwargs == {"booking_id": booking.pk} and message.sent_at is None

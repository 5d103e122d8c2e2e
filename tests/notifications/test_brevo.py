"""The real HTTP backend against a fake Brevo on 127.0.0.1, started by the test: success, a
4xx (failed, staff told), a 5xx and a timeout (retried with backoff), and the key never shown."""

import json
import logging
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from notifications import events, sms
from notifications.models import Notification
from notifications.sending import Outcome, backoff, deliver
from notifications.tasks import send_notification
from services import workshops
from tests.notifications.conftest import paris
from tests.services.factories import SessionFactory

pytestmark = pytest.mark.django_db
KEY = "xkeysib-secret-key-never-logged"
START = paris(2027, 3, 9, 14, 0)
NOON = paris(2027, 3, 7, 12, 0)


class FakeBrevo(BaseHTTPRequestHandler):
    answers: list = []  # (status, body dict, delay seconds), one per request, last one repeats
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            {"path": self.path, "headers": self.headers, "json": json.loads(body)}
        )
        status, payload, delay = self.answers[min(len(self.received), len(self.answers)) - 1]
        time.sleep(delay)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def brevo(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBrevo)
    FakeBrevo.answers, FakeBrevo.received = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "notifications.sms.BrevoBackend"
    settings.SMS_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.SMS_API_KEY = KEY
    settings.SMS_SENDER = "Mobilex"
    settings.SMS_TIMEOUT = 1
    yield FakeBrevo
    server.shutdown()
    server.server_close()


@pytest.fixture
def queued(antenna, texter):
    session = SessionFactory(antenna=antenna, title="Code de la route", starts_at=START)
    workshops.register(session=session, beneficiary=texter)
    events.workshop_reminders(START - timedelta(hours=47))
    return Notification.objects.get()


def test_success_posts_the_transactional_sms(brevo, queued):
    brevo.answers = [(201, {"reference": "ref-1", "messageId": 1511882900176220}, 0)]
    assert deliver(notification_id=queued.pk, now=NOON) is Outcome.SENT
    [request] = brevo.received
    assert request["path"] == "/v3/transactionalSMS/sms"
    assert request["headers"]["api-key"] == KEY
    assert request["json"]["recipient"] == "33612345678"
    assert request["json"]["sender"] == "Mobilex" and request["json"]["type"] == "transactional"
    assert "Code de la route" in request["json"]["content"]
    queued.refresh_from_db()
    assert (queued.status, queued.provider_id, queued.attempts) == ("sent", "1511882900176220", 1)


def test_4xx_fails_with_the_reason_and_tells_the_managers(world, brevo, queued, caplog):
    brevo.answers = [(400, {"code": "invalid_parameter", "message": "Invalid phone number"}, 0)]
    with caplog.at_level(logging.DEBUG):
        assert deliver(notification_id=queued.pk, now=NOON) is Outcome.FAILED
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.error == "HTTP 400 Invalid phone number"
    alert = Notification.objects.get(template="failure_alert")
    assert alert.user == world.manager and "Invalid phone number" in alert.text
    assert deliver(notification_id=alert.pk, now=NOON) is Outcome.SENT
    assert mail.outbox[-1].to == [world.manager.email]
    assert "Un SMS n'a pas pu partir" in mail.outbox[-1].subject
    assert KEY not in caplog.text and KEY not in queued.error
    assert len(brevo.received) == 1  # a 4xx is not retried


def test_5xx_is_retried_then_succeeds(brevo, queued):
    brevo.answers = [(502, {"message": "Bad gateway"}, 0), (201, {"messageId": 7}, 0)]
    assert deliver(notification_id=queued.pk, now=NOON) is Outcome.RETRY
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.error) == ("queued", 1, "HTTP 502 Bad gateway")
    assert queued.not_before == NOON + timedelta(minutes=1)  # backoff
    assert deliver(notification_id=queued.pk, now=NOON) is Outcome.DEFERRED
    assert deliver(notification_id=queued.pk, now=NOON + timedelta(minutes=1)) is Outcome.SENT
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.provider_id) == ("sent", 2, "7")


def test_timeout_is_transient_and_gives_up_after_the_last_attempt(settings, brevo, queued):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    brevo.answers = [(201, {"messageId": 8}, 1.5)]  # slower than SMS_TIMEOUT
    assert deliver(notification_id=queued.pk, now=NOON) is Outcome.RETRY
    queued.refresh_from_db()
    assert queued.status == "queued" and "timed out" in queued.error.lower()
    later = NOON + timedelta(minutes=1)
    assert deliver(notification_id=queued.pk, now=later) is Outcome.FAILED
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.attempts == 2 and KEY not in queued.error


def test_the_task_retries_with_backoff(brevo, queued, monkeypatch):
    brevo.answers = [(503, {"message": "Unavailable"}, 0)]
    asked = []

    def fake_retry(self, countdown=None, **kwargs):
        asked.append(countdown)
        raise RuntimeError("retry scheduled")

    monkeypatch.setattr(send_notification.__class__, "retry", fake_retry)
    monkeypatch.setattr(
        "notifications.sending.timezone.now", lambda: NOON
    )  # daytime, before the event
    send_notification.request.is_eager = False
    try:
        with pytest.raises(RuntimeError, match="retry scheduled"):
            send_notification.run(queued.pk)
    finally:
        send_notification.request.is_eager = True
    assert asked == [60]
    assert [backoff(n).seconds for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert isinstance(sms.backend(), sms.BrevoBackend)

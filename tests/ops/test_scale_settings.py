"""The scale-out settings: queues and their routes, a visibility timeout above the report's
time limit, S3 media when a bucket is configured, sessions shared by every web process, no JIT, no
server-side cursors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app import routes
from django.conf import settings

from mobilex.celery import QUEUES, app

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'storage': s.STORAGES['default']['BACKEND'], "
        "'transport': s.CELERY_BROKER_TRANSPORT_OPTIONS, 'limit': s.CELERY_TASK_TIME_LIMIT}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("indicators.tasks.compile_report", "reports"),
        ("indicators.tasks.compile_previous_year_reports", "reports"),
        ("notifications.tasks.send_sms", "notifications"),
        ("beneficiaries.tasks.import_people", "imports"),
        ("beneficiaries.tasks.anonymise_inactive_beneficiaries", "celery"),
    ],
)
def test_each_kind_of_work_has_its_queue(task, queue):
    router = routes.Router(
        routes.prepare(settings.CELERY_TASK_ROUTES), app.amqp.queues, True, app=app
    )
    route = router.route({}, task)
    assert route["queue"].name == queue and queue in QUEUES


def test_a_report_is_never_handed_to_a_second_worker_while_it_runs():
    options = _settings(REDIS_URL="redis://127.0.0.1:6379/5")
    assert options["transport"]["visibility_timeout"] > options["limit"]
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_media_go_to_s3_when_a_bucket_is_configured():
    assert _settings(AWS_STORAGE_BUCKET_NAME="mobilex-media")["storage"] == (
        "storages.backends.s3.S3Storage"
    )
    env = {k: "" for k in ("AWS_STORAGE_BUCKET_NAME",)}
    assert _settings(**env)["storage"] == "django.core.files.storage.FileSystemStorage"


def test_sessions_live_in_the_database_shared_by_every_web_process():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_postgresql_compiles_no_query_of_the_platform():
    """JIT compiling cost 0,6 s on a 4 ms query of the today page at 1 M people."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_a_selects_choices_are_read_without_a_server_side_cursor():
    """Django iterates a select's queryset; a server-side cursor would DECLARE, FETCH and CLOSE
    it (three round trips), and PgBouncer in transaction mode cannot keep one."""
    from unittest import mock

    from django import forms
    from django.db import connection

    from antennas.models import Commune

    field = forms.ModelChoiceField(queryset=Commune.objects.order_by("name")[:5])
    connection.ensure_connection()
    with mock.patch.object(connection, "create_cursor", wraps=connection.create_cursor) as made:
        assert len(list(field.choices)) == 6  # the empty choice and five communes
    assert made.called and all(call == mock.call(None) for call in made.call_args_list)

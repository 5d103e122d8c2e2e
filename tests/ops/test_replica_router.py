"""Reports read from the read replica when DATABASE_REPLICA_URL is set: proven with a second
database on the same server, whose rows differ from the primary's, in a process of its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from mobilex.embedded import database_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import django; django.setup()
from antennas.models import Territory
from indicators.models import Report
from mobilex import routers
from mobilex.celery import _back_to_the_primary, _reports_read_the_replica

class Task:  # what the worker's signal sees of a task taken from the reports queue
    class request:
        delivery_info = {"routing_key": "reports"}

print("outside", sorted(Territory.objects.values_list("name", flat=True)))
_reports_read_the_replica(task=Task)
print("task", sorted(Territory.objects.values_list("name", flat=True)))
print("reports", Report.objects.db)
Territory.objects.create(name="Écrit pendant le rapport", slug="ecrit")
_back_to_the_primary()
print("after", sorted(Territory.objects.values_list("name", flat=True)))
"""


@pytest.mark.django_db(transaction=True)
def test_a_report_task_reads_the_replica_and_writes_the_primary():
    db = settings.DATABASES["default"]
    replica = f"{db['NAME']}_replica"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{replica}"')
        cursor.execute(f'CREATE DATABASE "{replica}"')
    env = {**os.environ, "DATABASE_URL": database_url(db, name=replica)}
    env.pop("DATABASE_REPLICA_URL", None)
    try:
        migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c",
             "from antennas.models import Territory; "
             "Territory.objects.create(name='Sur la réplique', slug='replique')"],
            cwd=ROOT, env=env, check=True, timeout=120,
        )  # fmt: skip
        from antennas.models import Territory

        Territory.objects.create(name="Sur le primaire", slug="primaire")
        env = {
            **os.environ,
            "DATABASE_URL": database_url(db),
            "DATABASE_REPLICA_URL": database_url(db, name=replica),
        }
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120, check=True,
        ).stdout  # fmt: skip
        lines = dict(line.split(" ", 1) for line in out.strip().splitlines()[-4:])
        assert lines["outside"] == "['Sur le primaire']"
        assert lines["task"] == "['Sur la réplique']"
        assert lines["reports"] == "default"  # a report's own row: on the primary
        assert "Écrit pendant le rapport" in lines["after"] and "Sur le primaire" in lines["after"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')

from django.db import DatabaseError, connection
from django.http import JsonResponse

from mobilex.access import public
from mobilex.celery import app


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _broker() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception:  # noqa: BLE001 - kombu and redis-py raise several kinds
        return False
    return True


@public  # for the load balancer; says up or down, nothing else
def healthz(request):
    """For docker compose and load balancers: the database and the broker, each on its own.
    Only the database decides the status (503): without the broker the site works, its
    e-mails wait in the outbox (mobilex/outbox.py)."""
    checks = {"database": _database(), "broker": _broker()}
    body = {name: "ok" if up else "unreachable" for name, up in checks.items()}
    return JsonResponse(body, status=200 if checks["database"] else 503)

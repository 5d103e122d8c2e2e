"""Reports read from a PostgreSQL read replica when DATABASE_REPLICA_URL is set: inside
`reading_replica()` (the Celery worker of the "reports" queue enters it around each task, see
mobilex/celery.py) the ORM's reads go to the "replica" alias. The Report rows themselves are
read and written on the primary: a replica a few seconds behind must not hide a report just
asked for. Raw SQL asks `read_alias()` for its connection."""

import contextlib
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PRIMARY_ONLY = {("indicators", "report")}
_reading = ContextVar("reading_replica", default=False)


@contextlib.contextmanager
def reading_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def use_replica(on: bool) -> None:
    """For the worker's task signals, which enter and leave a task in two calls."""
    _reading.set(on)


def read_alias() -> str:
    return REPLICA if _reading.get() and REPLICA in connections.settings else "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (model._meta.app_label, model._meta.model_name) in PRIMARY_ONLY:
            return "default"
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")

# The queues of CELERY_TASK_ROUTES; a worker of `make run` consumes them all.
QUEUES = ("celery", "reports", "notifications", "imports")

app = Celery("mobilex")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _reports_read_the_replica(task=None, **_):
    """A task of the reports queue reads from the replica (mobilex/routers.py) when one is set."""
    from mobilex import routers

    info = getattr(task.request, "delivery_info", None) or {}
    routers.use_replica(info.get("routing_key") == "reports")


@task_postrun.connect
def _back_to_the_primary(**_):
    from mobilex import routers

    routers.use_replica(False)

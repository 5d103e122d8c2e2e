"""Access and action log: who read or changed which record, when. No copy of the data.

The log is append-only, enforced by PostgreSQL (trigger of migration 0004): only `purge_before`
deletes and only `relink` re-points; each opens the door for its own transaction alone."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction

from beneficiaries.models import AuditEvent

Action = AuditEvent.Action


def record(*, antenna_id, actor, action, obj, beneficiary_id=None):
    """Log one event; `obj` is any model instance (its class name and pk are kept)."""
    return AuditEvent.objects.create(
        antenna_id=antenna_id,
        actor=_actor(actor),
        action=action,
        model=type(obj).__name__,
        object_id=obj.pk,
        beneficiary_id=beneficiary_id if beneficiary_id is not None else _beneficiary_id(obj),
    )


def record_list(*, actor, objects: Iterable, model: str | None = None) -> list[AuditEvent]:
    """Log the read of a list page: one event per antenna on the page, naming the ids shown.

    `objects` are model instances with `antenna_id` and `pk`; nothing is written for an empty
    page."""
    by_antenna = defaultdict(list)
    for obj in objects:
        model = model or type(obj).__name__
        by_antenna[obj.antenna_id].append(obj.pk)
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            antenna_id=antenna_id,
            actor=_actor(actor),
            action=Action.LIST,
            model=model,
            object_id=ids[0],
            object_ids=ids,
        )
        for antenna_id, ids in by_antenna.items()
    )


def purge_before(moment: datetime) -> int:
    """The retention job: delete the events older than `moment`."""
    with transaction.atomic():
        _open("mobilex.purge")
        deleted, _ = AuditEvent.objects.filter(at__lt=moment).delete()
    return deleted


def relink(*, antenna_id: int, from_beneficiary_id: int, to_beneficiary_id: int) -> int:
    """A merge: the absorbed record's events belong to the kept record's log from now on."""
    with transaction.atomic():
        _open("mobilex.audit_relink")
        return AuditEvent.objects.filter(
            antenna_id=antenna_id, beneficiary_id=from_beneficiary_id
        ).update(beneficiary_id=to_beneficiary_id)


def _open(setting: str) -> None:
    # is_local=true: the setting dies with the transaction (SET LOCAL).
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [setting])


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _beneficiary_id(obj):
    from beneficiaries.models import Beneficiary

    if isinstance(obj, Beneficiary):
        return obj.pk
    return getattr(obj, "beneficiary_id", None)


def log_for(beneficiary):
    """A record's log, for its antenna manager."""
    return (
        AuditEvent.objects.filter(antenna_id=beneficiary.antenna_id, beneficiary_id=beneficiary.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


class AuditedReadsAdmin:
    """ModelAdmin mixin: the platform administrator's reads of people are logged like anyone's
    (a list page names the ids it shows; opening a record logs its view)."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        record_list(actor=request.user, objects=changelist.result_list)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            record(antenna_id=obj.antenna_id, actor=request.user, action=Action.VIEW, obj=obj)
        return obj

"""Access and action log: who read or changed which record, when. No copy of the data."""

from beneficiaries.models import AuditEvent

Action = AuditEvent.Action


def record(*, antenna_id, actor, action, obj, beneficiary_id=None):
    """Log one event; `obj` is any model instance (its class name and pk are kept)."""
    return AuditEvent.objects.create(
        antenna_id=antenna_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        model=type(obj).__name__,
        object_id=obj.pk,
        beneficiary_id=beneficiary_id if beneficiary_id is not None else _beneficiary_id(obj),
    )


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

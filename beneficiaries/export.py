"""Right of access: everything the platform holds about one person, as plain data. Rows of other
apps that point at the person are found through the model's relations, so a new service is
exported without this module knowing it."""

from datetime import datetime

from django.db.backends.postgresql.psycopg_any import Range
from django.db.models import ForeignKey
from django.utils import timezone

from beneficiaries.duplicates import relations
from beneficiaries.models import Beneficiary

HIDDEN = {"search_text", "search_vector", "name_key", "phone_digits", "version"}


def _local(moment):
    """Times as the antenna lives them (Europe/Paris), with their offset."""
    return timezone.localtime(moment) if moment and timezone.is_aware(moment) else moment


def _value(obj, field):
    if field.choices:
        display = getattr(obj, f"get_{field.name}_display", None)
        if display is not None:
            return str(display())
    value = getattr(obj, field.attname)
    if isinstance(field, ForeignKey):
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    if isinstance(value, Range):  # a booking's or trip's period
        return {"début": _local(value.lower), "fin": _local(value.upper)}
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, list):
        choices = dict(field.base_field.choices or []) if hasattr(field, "base_field") else {}
        return [str(choices.get(v, v)) for v in value]
    return value


def _row(obj, skip=()):
    return {
        str(field.verbose_name): _value(obj, field)
        for field in obj._meta.concrete_fields
        if field.name not in HIDDEN and field.name not in skip
    }


def person_data(person: Beneficiary, *, membership) -> dict:
    """What the reader's membership may see of the person: a manager hands the export to the
    person, but a note another structure marked confidential stays with that structure."""
    sections = {}
    for model, field_name in relations():
        fk_names = [f.name for f in model._meta.concrete_fields if isinstance(f, ForeignKey)]
        visible = getattr(model.objects, "visible_to", None)
        rows = visible(membership) if visible is not None else model._base_manager.all()
        rows = rows.filter(**{field_name: person.pk}).select_related(*fk_names)
        sections[str(model._meta.verbose_name_plural)] = [
            _row(obj, skip={field_name, "antenna"}) for obj in rows
        ]
    return {
        "exported_at": timezone.now(),
        "antenna": str(person.antenna),
        "person": _row(person, skip={"antenna"}),
        "records": sections,
    }

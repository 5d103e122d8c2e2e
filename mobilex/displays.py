"""`get_FOO_display()` read from a table made once per field and language. Django's own rebuilds
the field's choices on every call, hashing each translated label (a gettext apiece): 15 to 60 µs
a call, which a list of 50 rows pays two or three times a row. Installed once at start-up on
every model (`install`, from MobilexConfig.ready); a model's own `get_FOO_display` is kept."""

from functools import cache, partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@cache
def _labels(field: models.Field, language: str | None) -> dict:
    # `language` keys the table: the labels are translated in the language active when built.
    return {make_hashable(value): force_str(label) for value, label in field.flatchoices}


def _display(self: models.Model, *, field: models.Field):
    value = getattr(self, field.attname)
    label = _labels(field, get_language()).get(make_hashable(value), value)
    return force_str(label, strings_only=True)


def install() -> None:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            # Only what Django wrote (choices fixed at start-up, as all of ours are).
            if isinstance(method, partialmethod) and method.func is models.Model._get_FIELD_display:
                setattr(model, name, partialmethod(_display, field=field))

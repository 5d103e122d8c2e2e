"""Turning PostgreSQL constraint violations into the messages people read."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError


def constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def constraint_message(model, error: IntegrityError, field: str | None = None) -> ValidationError:
    """The violated constraint's own message, on `field` (or the form) — else re-raise."""
    name = constraint_name(error)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            message = (
                constraint.violation_error_message or constraint.default_violation_error_message
            )
            return ValidationError({field: message} if field else message)
    raise error

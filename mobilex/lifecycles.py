"""How lifecycles are declared, for every app: a model's transitions, each with the statuses it
may leave from, where it leads and what people read when it is not allowed. Each app declares
its tables (services/lifecycles.py, beneficiaries/lifecycles.py); `move` is the one check."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    refusal: str


def transition(sources, target, refusal) -> Transition:
    return Transition(frozenset(sources), target, refusal)


def move(obj, step: Transition) -> None:
    """Set `obj.status` along `step` (not saved), or ValidationError with its refusal."""
    if obj.status not in step.sources:
        raise ValidationError(str(step.refusal))
    obj.status = step.target

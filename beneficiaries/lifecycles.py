"""The lifecycles of this app, declared once: a referral, and a person's follow-up.

    referral: sent → accepted | refused | cancelled (withdrawn by the prescriber)
    person:   referred → active → exited → active again (a return: a new period)

The functions that move them (beneficiaries/referrals.py, records.py) call `move`, which refuses
what the table does not allow; pages ask `targets` to offer only what can be done."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary, Referral

R, P = Referral.Status, Beneficiary.Status

# name: (statuses it may leave from, where it leads, what people read when it is not allowed)
REFERRAL = {
    "accept": ({R.SENT}, R.ACCEPTED, _("Cette orientation a déjà été traitée.")),
    "refuse": ({R.SENT}, R.REFUSED, _("Cette orientation a déjà été traitée.")),
    "cancel": ({R.SENT}, R.CANCELLED, _("Seule une orientation en attente peut être retirée.")),
}
PERSON = {
    "enter": ({P.REFERRED}, P.ACTIVE, _("Cette personne est déjà accompagnée.")),
    "return": ({P.EXITED}, P.ACTIVE, _("Cette personne n'est pas sortie.")),
    "exit": ({P.REFERRED, P.ACTIVE}, P.EXITED, _("Cette personne est déjà sortie.")),
}


def allowed(obj, table, name) -> bool:
    return obj.status in table[name][0]


def move(obj, table, name) -> None:
    """Set `obj.status` along transition `name` of `table` (not saved), or ValidationError."""
    sources, target, refusal = table[name]
    if obj.status not in sources:
        raise ValidationError(str(refusal))
    obj.status = target


def transition_between(table, source, target) -> str | None:
    """The name of the transition from `source` to `target` (None: not allowed)."""
    for name, (sources, to, _refusal) in table.items():
        if source in sources and to == target:
            return name
    return None


def targets(table, source) -> set[str]:
    """The statuses reachable from `source`, `source` itself included (a correction of dates)."""
    return {source} | {to for sources, to, _refusal in table.values() if source in sources}

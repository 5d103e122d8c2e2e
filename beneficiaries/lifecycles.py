"""The lifecycles of this app, declared once: a referral, and a person's follow-up.

    referral: sent → accepted | refused | cancelled (withdrawn by the prescriber)
    person:   referred → active → exited → active again (a return: a new period)

The functions that move them (beneficiaries/referrals.py, records.py) call `move`, which refuses
what the table does not allow; pages ask `targets` to offer only what can be done."""

from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary, Referral
from mobilex import lifecycles
from mobilex.lifecycles import transition as _t

R, P = Referral.Status, Beneficiary.Status

REFERRAL = {
    "accept": _t({R.SENT}, R.ACCEPTED, _("Cette orientation a déjà été traitée.")),
    "refuse": _t({R.SENT}, R.REFUSED, _("Cette orientation a déjà été traitée.")),
    "cancel": _t({R.SENT}, R.CANCELLED, _("Seule une orientation en attente peut être retirée.")),
}
PERSON = {
    "enter": _t({P.REFERRED}, P.ACTIVE, _("Cette personne est déjà accompagnée.")),
    "return": _t({P.EXITED}, P.ACTIVE, _("Cette personne n'est pas sortie.")),
    "exit": _t({P.REFERRED, P.ACTIVE}, P.EXITED, _("Cette personne est déjà sortie.")),
}


def allowed(obj, table, name) -> bool:
    return obj.status in table[name].sources


def move(obj, table, name) -> None:
    """Set `obj.status` along transition `name` of `table` (not saved), or ValidationError."""
    lifecycles.move(obj, table[name])


def transition_between(table, source, target) -> str | None:
    """The name of the transition from `source` to `target` (None: not allowed)."""
    for name, step in table.items():
        if source in step.sources and step.target == target:
            return name
    return None


def targets(table, source) -> set[str]:
    """The statuses reachable from `source`, `source` itself included (a correction of dates)."""
    return {source} | {step.target for step in table.values() if source in step.sources}

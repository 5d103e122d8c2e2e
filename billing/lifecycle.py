"""The allowed transitions of billing's stateful rows, declared once; each transition function
(in payments.py and deposits.py) asks `ensure` before it writes who, when and why."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from billing.models import Deposit, Payment

PAYMENT = {
    Payment.Status.RECORDED: {Payment.Status.CANCELLED},
    Payment.Status.CANCELLED: set(),
}
DEPOSIT = {
    Deposit.Status.HELD: {Deposit.Status.RETURNED, Deposit.Status.REFUNDED},
    Deposit.Status.RETURNED: set(),
    Deposit.Status.REFUNDED: set(),
}


def ensure(table: dict, current: str, target: str) -> None:
    if target not in table[current]:
        raise ValidationError(
            _("Passage impossible de « %(current)s » à « %(target)s ».")
            % {"current": current, "target": target}
        )

"""Statistical secrecy (INSEE rule, DOMAIN.md): no published count of people may rest on fewer
than 11 people, and no hidden count may be recomputed from the totals published beside it.

Cells are named by any hashable key; a *line* is (parts, total): the parts add up to the total
(a row or a column with its margin, or a total shown elsewhere). Primary suppression hides every
count from 1 to 10; secondary suppression then hides more cells until, in every line,
- no cell is the only hidden one (it would be the total minus the others), and
- when the total is shown, the hidden parts add up to 0 or to at least 11 (otherwise the hidden
  group itself is a small count).
The smallest non-zero cell of the line is hidden first, so that as little as possible is lost.
Zeros are shown: "nobody" is not information about a person."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 11
PRIMARY_LABEL = "< 11"
SECONDARY_LABEL = "s"
RULE = _(
    "Secret statistique : tout effectif de personnes inférieur à 11 est remplacé par « < 11 ». "
    "Pour qu'aucune case masquée ne puisse être retrouvée par différence avec les totaux, "
    "d'autres cases sont masquées à leur tour et notées « s » (secret secondaire). Les nombres "
    "d'événements, d'utilisations, de véhicules et d'antennes ne sont pas concernés."
)


@dataclass(frozen=True)
class Cell:
    value: float | int
    hidden: bool = False
    primary: bool = False
    decimals: int = 0

    @property
    def label(self):
        if self.primary:
            return PRIMARY_LABEL
        return SECONDARY_LABEL if self.hidden else None


Line = tuple[list[Hashable], Hashable]


def suppress(values: dict, lines: Iterable[Line]) -> tuple[set, set]:
    """Return (hidden, primary) keys for the people counts in `values` linked by `lines`."""
    lines = [(list(parts), total) for parts, total in lines]
    primary = {key for key, value in values.items() if 0 < value < THRESHOLD}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            hidden_parts = [key for key in parts if key in hidden]
            count = len(hidden_parts) + (total in hidden)
            if count == 0:
                continue
            exposed = count == 1
            if not exposed and total not in hidden:
                exposed = 0 < sum(values[key] for key in hidden_parts) < THRESHOLD
            if not exposed:
                continue
            candidates = [key for key in parts if key not in hidden]
            if candidates:
                hidden.add(min(candidates, key=lambda key: (values[key] == 0, values[key])))
                changed = True
            elif total not in hidden:
                hidden.add(total)
                changed = True
    return hidden, primary


def protect(values: dict, lines: Iterable[Line]) -> dict:
    """Cells for `values` with secrecy applied."""
    hidden, primary = suppress(values, lines)
    return {
        key: Cell(value, hidden=key in hidden, primary=key in primary)
        for key, value in values.items()
    }


def plain(values: dict) -> dict:
    """Cells shown as they are (for the antenna's own team, who see the people anyway)."""
    return {key: Cell(value) for key, value in values.items()}

"""Statistical secrecy (INSEE rule, DOMAIN.md): no published count of people rests on fewer than
11 people, and no hidden count can be pinned down from what the platform published.

- document: the people counts of a compiled report as cells with keys, and the linear identities
  between them (margins, cross-year links); a frozen document is one already handed out.
- audit: for each class of reader, the interval each hidden cell can take given every published
  number (LP with HiGHS).
- suppression: primary secrecy (1 to 10 → "< 11"), then secondary ("s"), cheapest cells first,
  until every hidden cell keeps at least its value ± 3 within the bounds its label reveals.

Zeros are shown: "nobody" is not information about a person."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 11
PRIMARY_LABEL = "< 11"
SECONDARY_LABEL = "s"
MARGIN = 3  # a hidden cell must be able to be at least this far from its value, both ways
LAST_RESORT_COST = 1000.0  # a cell this costly (a headline) is hidden only when nothing else covers
RULE = _(
    "Secret statistique : tout effectif de personnes inférieur à 11 est remplacé par « < 11 ». "
    "Pour qu'aucune case masquée ne puisse être retrouvée, même approximativement, à partir des "
    "totaux et des rapports déjà publiés, d'autres cases sont masquées à leur tour et notées "
    "« s » (secret secondaire). Les nombres d'événements, d'utilisations, de véhicules et "
    "d'antennes ne sont pas concernés."
)


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    hidden: bool = False
    primary: bool = False
    decimals: int = 0
    unpublished: bool = False  # a people count no compiled report has published yet

    @property
    def label(self) -> str | None:
        if self.unpublished:
            return "—"
        if self.primary:
            return PRIMARY_LABEL
        return SECONDARY_LABEL if self.hidden else None


def plain(values: dict) -> dict:
    """Cells shown as they are (for the antenna's own team, who see the people anyway)."""
    return {key: Cell(value) for key, value in values.items()}

"""A document as secrecy sees it: every people count it publishes (or hides), keyed by a string
that names the same quantity in every document ("2025|followed|12" is the same number in the 2025
report and as the N-1 column of the 2026 report), and the identities that link them.

An identity is a dict {key: coefficient} whose weighted sum is 0 (a margin: parts +1, total -1;
a cross-year link: continuing(Y+1) + exits(Y) - followed(Y)). Identities may name *context* keys:
quantities this document does not publish (last year's per-antenna counts, say) whose value is
known to the compiler, so that the audit can join them with the documents that did publish them.

A frozen document is stored as JSON on its Report (`to_json`): the values of every key (hidden
ones too — the audit of later documents needs them; they never leave the server), which keys are
hidden and why, the identities, and which antenna's team knows each key exactly."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from indicators.secrecy import PRIMARY_LABEL, SECONDARY_LABEL, THRESHOLD

Identity = dict[str, int]


@dataclass
class Document:
    values: dict[str, int]
    identities: list[Identity]
    context: frozenset[str] = frozenset()  # keys in identities that this document does not show
    costs: dict[str, float] = field(default_factory=dict)  # price of hiding a cell (default 1)
    owners: dict[str, int] = field(default_factory=dict)  # key → antenna whose team knows it
    hidden: frozenset[str] = frozenset()
    primary: frozenset[str] = frozenset()

    @property
    def shown(self) -> dict[str, int]:
        """Key → value of every published cell."""
        return {
            k: v for k, v in self.values.items() if k not in self.hidden and k not in self.context
        }

    def label(self, key: str) -> str | None:
        if key in self.primary:
            return PRIMARY_LABEL
        return SECONDARY_LABEL if key in self.hidden else None

    def published(self) -> dict[str, int | str]:
        """What a reader of the document gets: a number or a label for every cell."""
        return {k: self.label(k) or v for k, v in self.values.items() if k not in self.context}

    def to_json(self) -> dict:
        return {
            "values": self.values,
            "hidden": sorted(self.hidden),
            "primary": sorted(self.primary),
            "context": sorted(self.context),
            "identities": [sorted(identity.items()) for identity in self.identities],
            "owners": self.owners,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Document":
        return cls(
            values=dict(data["values"]),
            identities=[dict(identity) for identity in data["identities"]],
            context=frozenset(data.get("context", ())),
            owners={k: int(v) for k, v in data.get("owners", {}).items()},
            hidden=frozenset(data["hidden"]),
            primary=frozenset(data["primary"]),
        )


def margin(parts: Iterable[str], total: str) -> Identity:
    """The parts add up to the total."""
    identity = {part: 1 for part in parts}
    identity[total] = identity.get(total, 0) - 1
    return identity


def with_primary(document: Document) -> Document:
    """The document with every count from 1 to 10 hidden as "< 11" (context keys excepted)."""
    small = frozenset(
        k for k, v in document.values.items() if 0 < v < THRESHOLD and k not in document.context
    )
    document.primary = small
    document.hidden = small
    return document


def changes(previous: Document, current: Document) -> list[tuple[str, int | str, int | str]]:
    """(key, before, after) for every cell whose published form differs between two versions of
    the same document (a number, a label, or absent). Only published forms are compared, so the
    list says nothing the two documents do not already say."""
    before, after = previous.published(), current.published()
    return [
        (key, before.get(key, ""), after.get(key, ""))
        for key in sorted(set(before) | set(after))
        if before.get(key, "") != after.get(key, "")
    ]

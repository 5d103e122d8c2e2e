"""Primary and secondary suppression of a document, audited against every class of reader:
the officer (who holds every document already published), and each antenna's team (who, on top
of that, knows its own antenna's exact counts).

After primary secrecy, each round audits every reader (indicators.secrecy.audit) and, for each
cell still exposed, hides the cheapest published cell close to it in the identities (first those
sharing an identity with it, then one step further): cost first (document.costs, so headline
figures go last), then the smaller value. Zeros stay shown; a cell that a frozen document already
published, or that the reader knows anyway, is no cover. Rounds stop when no reader can pin a
cell — or when a cell has no cover left, which `Outcome.unprotected` reports."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from indicators.secrecy.audit import EPS, LP, Reader, System, exposed
from indicators.secrecy.document import Document, with_primary

MAX_ROUNDS = 200


@dataclass
class Outcome:
    document: Document
    rounds: int = 0
    unprotected: set[str] = field(default_factory=set)


def protect(document: Document, frozen: Sequence[Document] = ()) -> Outcome:
    """Hide what must be hidden in `document` (in place) given the `frozen` documents."""
    with_primary(document)
    system = System(document, frozen)
    readers = [Reader(system)] + [Reader(system, system.owners[a]) for a in sorted(system.owners)]
    hidden = set(document.hidden)
    keys = {system.column(k): k for k in document.values if k not in document.context}
    outcome = Outcome(document)
    A_csc, A_csr = system.A.tocsc(), system.A.tocsr()
    given = set()  # secondary cells the frozen documents already give: no cover, so shown
    frozen_lp = LP(system.A, np.zeros(system.A.shape[0]), system.lo0, system.hi0)
    for outcome.rounds in range(1, MAX_ROUNDS + 1):
        system.hide(hidden, document.primary)
        chosen: set[str] = set()
        outcome.unprotected = set()  # what this round cannot cover (the last round's stays)
        for reader in readers:
            for target in exposed(system, reader):
                key = system.keys[target]
                if key in hidden and key not in document.primary and _given(frozen_lp, target):
                    given.add(key)
                    continue
                partner = _partner(
                    system, target, keys, hidden | given, chosen, reader.known, A_csc, A_csr
                )
                if partner is None:
                    outcome.unprotected.add(key)
                else:
                    chosen.add(partner)
        if given & hidden:
            # Publishing narrows ranges: the readers' proofs start again.
            hidden -= given
            readers = [Reader(system, reader.known) for reader in readers]
        elif not chosen:
            break
        hidden |= chosen
    document.hidden = frozenset(hidden)
    return outcome


def _partner(system, target, keys, hidden, chosen, known, A_csc, A_csr) -> str | None:
    """The cell to hide for `target`: the cheapest cover in the nearest ring of identities (the
    target itself when the compiled document publishes a cell a frozen one hid); one chosen this
    round for another cell is reused when it is as near."""
    document = system.document
    if system.frozen_fixed[target]:  # a frozen document published it: nothing can cover it
        return None
    fixed = system.lo == system.hi
    fixed[list(known)] = True

    def cover(col: int) -> bool:
        key = keys.get(col)
        return (
            key is not None
            and key not in hidden
            and document.values[key] > 0
            and not system.frozen_fixed[col]
            and col not in known
        )

    ring, seen = [target], {target}
    while ring:
        options = [keys[col] for col in ring if cover(col)]
        if options:
            reused = [key for key in options if key in chosen]
            if reused:
                return reused[0]
            return min(options, key=lambda k: (document.costs.get(k, 1.0), document.values[k], k))
        # Further out only through cells the reader does not know.
        through = [col for col in ring if col == target or not fixed[col]]
        if not through:
            break
        rows = np.unique(A_csc[:, through].indices)
        ring = sorted({int(col) for col in A_csr[rows].indices} - seen)
        seen.update(ring)
    return None


def _given(frozen_lp: LP, target: int) -> bool:
    """Whether the frozen documents alone fix the cell's value (hiding it protects nothing)."""
    low, high = frozen_lp.extreme(target, 1), frozen_lp.extreme(target, -1)
    return high is not None and high[target] - low[target] < EPS

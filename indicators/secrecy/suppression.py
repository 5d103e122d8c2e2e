"""Primary and secondary suppression of a document, audited against every class of reader:
the officer (who holds every document already published), and each antenna's team (who, on top
of that, knows its own antenna's exact counts).

After primary secrecy, each round audits every reader (indicators.secrecy.audit) and, for each
cell still exposed, hides a published cell close to it in the identities (first those sharing an
identity with it, then one step further), cost first (document.costs), then the smaller value.
A greedy cheapest choice over-hides: with two antennas each team reads the other's share off any
total, so hiding an antenna's total (cheap) hides the headline beside it — and the cheap cell
often sits in an identity that does not bound the exposed cell at all. So, for that reader: a
cell already chosen this round that frees it is enough; a cover must sit in an identity that
bounds it (a non-zero dual at its narrow end); a headline only if hiding every cheaper cell
could not free it, and then only a headline. Zeros stay shown; a cell that a frozen document
already published, or that the reader knows anyway, is no cover. Rounds stop when no reader can
pin a cell — or when a cell has no cover left, which `Outcome.unprotected` reports."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from indicators.secrecy import LAST_RESORT_COST, MARGIN, THRESHOLD
from indicators.secrecy.audit import EPS, LP, Reader, System, exposed, label_limit
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
            reach = Reach(system, reader, keys)
            for target in exposed(system, reader):
                key = system.keys[target]
                if key in hidden and key not in document.primary and _given(frozen_lp, target):
                    given.add(key)
                    continue
                if reach.freed(target, chosen):
                    continue
                partner = _partner(
                    system, target, keys, hidden | given, chosen, reach, A_csc, A_csr
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


class Reach:
    """One reader's view of the system as a round starts, to choose covers that help: which
    identities bound a hidden cell at its narrow end (a cover elsewhere widens nothing), and
    whether hiding every published cell short of a headline would free it (if not, only a
    headline can)."""

    def __init__(self, system: System, reader: Reader, keys: dict[int, str]):
        self.system, self.reader, self.known = system, reader, reader.known
        self.keys = keys
        self.A_csr = system.A.tocsr()
        self.lp: LP | None = None
        self.lp_cheap: LP | None = None
        self.relaxed: dict[str, set[int]] = {"lp": set(), "lp_cheap": set()}

    def _lp(self, cheap: bool) -> LP:
        system = self.system
        lo, hi = system.lo.copy(), system.hi.copy()
        lo[self.known] = hi[self.known] = system.x[self.known]
        if cheap:
            costs = system.document.costs
            for col, key in self.keys.items():
                if (
                    lo[col] == hi[col]
                    and system.x[col] > 0
                    and not system.frozen_fixed[col]
                    and col not in self.known
                    and costs.get(key, 1.0) < LAST_RESORT_COST
                ):
                    lo[col], hi[col] = max(system.lo0[col], THRESHOLD), system.hi0[col]
        return LP(system.A, np.zeros(system.A.shape[0]), lo, hi)

    def _narrow(self, lp: LP, t: int) -> list[np.ndarray]:
        """The row duals at each end of `t`'s range that stops short of value ± MARGIN (or of
        what the labels alone allow, as the audit sees it)."""
        system, reader = self.system, self.reader
        x, lo, hi = system.x[t], system.lo[t], system.hi[t]
        result = []
        for sign, need in ((1, max(lo, x - MARGIN)), (-1, min(hi, x + MARGIN))):
            limit = label_limit(system, reader, t, sign)
            need = max(need, limit) if sign == 1 else min(need, limit)
            point = lp.extreme(t, sign)
            if point is not None and sign * (point[t] - need) > EPS:
                result.append(np.asarray(lp.highs.getSolution().row_dual))
        return result

    def _with(self, name: str, chosen: set[str]) -> LP:
        """The LP `name`, with the cells chosen so far this round hidden too ("s")."""
        system = self.system
        if getattr(self, name) is None:
            setattr(self, name, self._lp(cheap=name == "lp_cheap"))
        lp = getattr(self, name)
        for col in {system.column(key) for key in chosen} - self.relaxed[name]:
            upper = system.hi0[col]
            lp.highs.changeColBounds(
                col,
                max(system.lo0[col], THRESHOLD),
                highspy.kHighsInf if np.isinf(upper) else float(upper),
            )
            self.relaxed[name].add(col)
        return lp

    def freed(self, t: int, chosen: set[str]) -> bool:
        """Whether the cells chosen so far this round already free `t` (the next round's audit
        checks it again)."""
        return bool(chosen) and not self._narrow(self._with("lp", chosen), t)

    def binding(self, t: int, chosen: set[str]) -> set[int]:
        """Columns of the identities that bound `t` at its narrow end(s)."""
        rows = set()
        for duals in self._narrow(self._with("lp", chosen), t):
            rows |= set(np.flatnonzero(np.abs(duals) > EPS).tolist())
        return set(self.A_csr[sorted(rows)].indices.tolist()) if rows else set()

    def needs_headline(self, t: int, chosen: set[str]) -> bool:
        """Whether `t` stays narrow even with every published cell short of a headline hidden."""
        return bool(self._narrow(self._with("lp_cheap", chosen), t))


def _partner(system, target, keys, hidden, chosen, reach, A_csc, A_csr) -> str | None:
    """The cell to hide for `target` (the target itself when the compiled document publishes a
    cell a frozen one hid), ring by ring of identities: one chosen this round for another cell,
    else the cheapest in an identity that bounds the target for this reader (a cover elsewhere
    widens nothing) — never a headline if hiding cheaper cells could free the target, only a
    headline if they could not. Failing that, the nearest ring's cheapest such cover, else its
    cheapest cover."""
    document = system.document
    known = reach.known
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

    def cost(key: str) -> tuple:
        return (document.costs.get(key, 1.0), document.values[key], key)

    def wanted(key: str) -> bool:
        """Short of a headline when cheaper cells can free the target, a headline when none can."""
        return (cost(key)[0] >= LAST_RESORT_COST) == dear

    dear, binding, fallback, nearest = None, None, None, None
    ring, seen = [target], {target}
    while ring:
        options = sorted((keys[col] for col in ring if cover(col)), key=cost)
        reused = [key for key in options if key in chosen]
        if reused:
            return reused[0]
        if options and dear is None:
            dear = reach.needs_headline(target, chosen)
            binding = reach.binding(target, chosen)
        candidates = [key for key in options if wanted(key)]
        bounding = [key for key in candidates if system.column(key) in binding]
        if bounding:
            return bounding[0]
        if fallback is None and candidates:
            fallback = candidates[0]
        if nearest is None and options:
            nearest = min(options, key=lambda k: (cost(k)[0] >= LAST_RESORT_COST, cost(k)))
        # Further out only through cells the reader does not know.
        through = [col for col in ring if col == target or not fixed[col]]
        if not through:
            break
        rows = np.unique(A_csc[:, through].indices)
        ring = sorted({int(col) for col in A_csr[rows].indices} - seen)
        seen.update(ring)
    return fallback or nearest


def _given(frozen_lp: LP, target: int) -> bool:
    """Whether the frozen documents alone fix the cell's value (hiding it protects nothing)."""
    low, high = frozen_lp.extreme(target, 1), frozen_lp.extreme(target, -1)
    return high is not None and high[target] - low[target] < EPS

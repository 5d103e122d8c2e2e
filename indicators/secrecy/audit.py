"""The audit: what a reader can learn about each hidden cell from every published number.

All documents (the one being compiled and every frozen one) become one linear system over
*variables*: a variable is a (key, value) pair, so a cell that kept its value from one version or
one year to the next is the same unknown in both, while a cell whose data changed is a new one.
A published cell fixes its variable; "< 11" bounds it to 1..10 and "s" to 11 and more (zeros are
printed, and 1 to 10 would have been "< 11"); everything is non-negative. A reader who knows some
cells exactly (an antenna's team) fixes those too.

For each hidden cell the audit asks HiGHS (highspy) whether the cell can still go
down to max(low, value - 3) and up to min(high, value + 3). To keep the number of LPs small:
published cells are substituted away so the system falls apart into small independent blocks;
the true values are a feasible point of every block; and every LP solution found is a feasible
point that may already show other cells' ranges wide enough, so those cells need no LP."""

from collections.abc import Iterable, Sequence

import highspy
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from indicators.secrecy import MARGIN, THRESHOLD
from indicators.secrecy.document import Document

EPS = 1e-6


class LP:
    """A block's equalities and bounds loaded once in HiGHS; each question only changes the
    objective, and the simplex restarts from the last basis (a few pivots instead of a solve)."""

    def __init__(self, A, b, lo, hi):
        A = sparse.csc_matrix(A)
        self.n = A.shape[1]
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue(
            "presolve", "off"
        )  # so that each run restarts from the last basis
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n, A.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = np.asarray(lo, dtype=float)
        lp.col_upper_ = np.where(np.isinf(hi), highspy.kHighsInf, hi).astype(float)
        lp.row_lower_ = lp.row_upper_ = np.asarray(b, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr
        lp.a_matrix_.index_ = A.indices
        lp.a_matrix_.value_ = A.data.astype(float)
        self.highs.passModel(lp)
        self.last = None

    def extreme(self, j: int, sign: int) -> np.ndarray | None:
        """A solution minimising (sign 1) or maximising (sign -1) column j; None if unbounded."""
        if isinstance(self.last, int):
            self.highs.changeColCost(self.last, 0.0)
        elif self.last is not None:
            self.highs.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), np.zeros(self.n))
        self.highs.changeColCost(j, float(sign))
        self.last = j
        return self._run()

    def minimise(self, c: np.ndarray) -> np.ndarray | None:
        """A solution minimising c·x; None if unbounded."""
        self.highs.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), c.astype(float))
        self.last = "all"
        return self._run()

    def _run(self) -> np.ndarray | None:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnknown:  # the warm start stalled: start afresh
            self.highs.clearSolver()
            self.highs.run()
            status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return np.array(self.highs.getSolution().col_value)
        if status in (highspy.HighsModelStatus.kUnbounded,
                      highspy.HighsModelStatus.kUnboundedOrInfeasible):  # fmt: skip
            return None
        raise RuntimeError(f"secrecy audit: {self.highs.modelStatusToString(status)}")


class System:
    """The documents as one linear system; `hide()` sets what the compiled document hides."""

    def __init__(self, document: Document, frozen: Sequence[Document] = ()):
        self.document = document
        self.frozen = list(frozen)
        self.columns: dict[tuple[str, int], int] = {}
        self.keys: list[str] = []
        rows: dict[frozenset, dict[int, int]] = {}
        for doc in (document, *self.frozen):
            for key, value in doc.values.items():
                self._column(key, value)
            for identity in doc.identities:
                row = {}
                for key, coef in identity.items():
                    col = self._column(key, doc.values[key])
                    row[col] = row.get(col, 0) + coef
                row = {c: v for c, v in row.items() if v}
                if row:
                    rows[frozenset(row.items())] = row
        n = len(self.keys)
        self.x = np.array([value for (_key, value) in self.columns], dtype=float)
        data, ri, ci = [], [], []
        for i, row in enumerate(rows.values()):
            for col, coef in row.items():
                ri.append(i)
                ci.append(col)
                data.append(coef)
        self.A = sparse.csr_matrix((data, (ri, ci)), shape=(len(rows), n))
        # What frozen documents already say, whatever the compiled document hides.
        self.lo0, self.hi0 = np.zeros(n), np.full(n, np.inf)
        self.hidden0 = np.zeros(n, dtype=bool)
        for doc in self.frozen:
            self._apply(doc, doc.hidden, doc.primary, self.lo0, self.hi0, self.hidden0)
        self.frozen_fixed = self.lo0 == self.hi0
        # What the labels of all documents alone say (published zeros, "< 11" is 1..10, anything
        # else printed or "s" is 11 or more): a range no cell can leave whatever is published.
        self.base_lo, self.base_hi = np.zeros(n), np.full(n, np.inf)
        for doc in (document, *self.frozen):
            for key, value in doc.values.items():
                if key in doc.context:
                    continue
                col = self.columns[(key, value)]
                if value == 0:
                    self.base_hi[col] = 0
                elif key in doc.primary:
                    self.base_lo[col] = max(self.base_lo[col], 1)
                    self.base_hi[col] = min(self.base_hi[col], THRESHOLD - 1)
                else:
                    self.base_lo[col] = max(self.base_lo[col], THRESHOLD)
        self.owners: dict[int, set[int]] = {}
        for doc in (document, *self.frozen):
            for key, antenna in doc.owners.items():
                self.owners.setdefault(antenna, set()).add(self.columns[(key, doc.values[key])])
        self.hide(document.hidden, document.primary)

    def _column(self, key: str, value: int) -> int:
        col = self.columns.get((key, value))
        if col is None:
            col = self.columns[(key, value)] = len(self.keys)
            self.keys.append(key)
        return col

    def _apply(self, doc, hidden, primary, lo, hi, is_hidden) -> None:
        for key, value in doc.values.items():
            if key in doc.context:
                continue
            col = self.columns[(key, value)]
            if key not in hidden:
                lo[col] = hi[col] = value
            else:
                is_hidden[col] = True
                low, high = (1, THRESHOLD - 1) if key in primary else (THRESHOLD, np.inf)
                lo[col], hi[col] = max(lo[col], low), min(hi[col], high)

    def hide(self, hidden: Iterable[str], primary: Iterable[str]) -> None:
        self.lo, self.hi = self.lo0.copy(), self.hi0.copy()
        is_hidden = self.hidden0.copy()
        self._apply(self.document, set(hidden), set(primary), self.lo, self.hi, is_hidden)
        # Every hidden cell that no document publishes must keep its range.
        self.targets = np.flatnonzero(is_hidden)

    def column(self, key: str) -> int:
        return self.columns[(key, self.document.values[key])]


class Reader:
    """One class of reader: the cells they know exactly, and what the audit already proved about
    their ranges. Proofs carry over from round to round because hiding more cells only widens
    the ranges (a fixed value becomes a range that contains it)."""

    def __init__(self, system: System, known: Iterable[int] = ()):
        self.known = sorted(known)
        n = len(system.x)
        self.low_ok, self.high_ok = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        self.labels_only: dict[tuple[int, int], float] = {}
        self.labels_lp: LP | None = None  # the whole system under the labels alone


def exposed(system: System, reader: Reader) -> list[int]:
    """Columns of the hidden cells whose range, for `reader`, is narrower than value ± MARGIN
    (within what the labels and the reader's own cells already imply)."""
    lo, hi = system.lo.copy(), system.hi.copy()
    known = reader.known
    # Hidden in one document, published in another: given away.
    result = [int(t) for t in system.targets if lo[t] == hi[t] and t not in set(known)]
    candidates = system.targets
    if known:
        # Knowing some cells only changes the blocks (see below) that contain them: elsewhere
        # this reader learns what the officer learns, which the officer's audit covers.
        labels = _blocks(system.A, ~(lo == hi))
        touched = set(labels[known][labels[known] >= 0].tolist())
        candidates = [t for t in candidates if labels[t] in touched]
    lo[known] = hi[known] = system.x[known]
    fixed = lo == hi
    targets = [
        t for t in candidates if not fixed[t] and not (reader.low_ok[t] and reader.high_ok[t])
    ]
    if not targets:
        return result
    need_lo = np.maximum(system.lo, system.x - MARGIN)
    need_hi = np.minimum(system.hi, system.x + MARGIN)
    free = np.flatnonzero(~fixed)
    A = system.A
    b = -(A[:, fixed] @ system.x[fixed])
    A_free = A[:, free].tocsr()
    keep = np.flatnonzero(A_free.getnnz(axis=1) > 0)
    A_free, b = A_free[keep], b[keep]
    adjacency = (A_free.T @ A_free) != 0
    _count, labels = connected_components(adjacency, directed=False)
    local = {col: i for i, col in enumerate(free)}
    blocks: dict[int, list[int]] = {}
    for t in targets:
        blocks.setdefault(labels[local[t]], []).append(t)
    A_csc = A_free.tocsc()
    narrow = []
    for block, block_targets in blocks.items():
        cols = free[labels == block]
        rows = np.unique(A_csc[:, labels == block].indices)
        narrow += _block(
            A_csc[rows][:, np.flatnonzero(labels == block)],
            b[rows],
            np.column_stack([lo[cols], hi[cols]]),
            cols,
            block_targets,
            system.x,
            need_lo,
            need_hi,
            reader,
        )
    for t, sign, reached in narrow:
        # The narrow end may be what the labels and the reader's own cells imply anyway.
        limit = label_limit(system, reader, t, sign)
        value = system.x[t]
        if (
            sign == 1
            and reached > max(value - MARGIN, limit) + EPS
            or sign == -1
            and reached < min(value + MARGIN, limit) - EPS
        ):
            result.append(t)
    return sorted(set(result))


def label_limit(system: System, reader: Reader, t: int, sign: int) -> float:
    """How far down (sign 1) or up (sign -1) cell `t` can go for `reader` under the labels of
    every document and the reader's own cells alone, whatever is published."""
    if (t, sign) not in reader.labels_only:
        if reader.labels_lp is None:
            known = reader.known
            base_lo, base_hi = system.base_lo.copy(), system.base_hi.copy()
            base_lo[known] = base_hi[known] = system.x[known]
            reader.labels_lp = LP(system.A, np.zeros(system.A.shape[0]), base_lo, base_hi)
        point = reader.labels_lp.extreme(t, sign)
        reader.labels_only[(t, sign)] = np.inf if point is None else point[t]
    return reader.labels_only[(t, sign)]


def _blocks(A, free_mask) -> np.ndarray:
    """Block number of every free column (-1 for fixed ones): free columns linked by an identity
    belong to the same block."""
    free = np.flatnonzero(free_mask)
    A_free = A[:, free].tocsr()
    _count, labels = connected_components((A_free.T @ A_free) != 0, directed=False)
    result = np.full(A.shape[1], -1)
    result[free] = labels
    return result


def _block(A, b, bounds, cols, targets, x, need_lo, need_hi, reader) -> list[tuple]:
    """(column, side, end) of the targets of one block whose range stops short on that side;
    every LP solution also proves the ranges of the other cells it reaches."""
    reader.low_ok[cols] |= x[cols] <= need_lo[cols] + EPS
    reader.high_ok[cols] |= x[cols] >= need_hi[cols] - EPS
    if A.shape[0] == 0:  # nothing links these cells: their labels are all a reader knows
        reader.low_ok[cols] |= bounds[:, 0] <= need_lo[cols] + EPS
        reader.high_ok[cols] |= bounds[:, 1] >= need_hi[cols] - EPS
    position = {int(col): j for j, col in enumerate(cols)}
    narrow, lp = [], None
    if A.shape[0] and len(targets) > 3:
        # Two LPs push every open cell of the block down, then up, at once: most ranges are
        # proven by these two points, and only the rest need one LP each.
        lp = LP(A, b, bounds[:, 0], bounds[:, 1])
        for sign, ok in ((1, reader.low_ok), (-1, reader.high_ok)):
            c = np.zeros(len(cols))
            c[[position[int(t)] for t in targets if not ok[t]]] = sign
            if c.any():
                point = lp.minimise(c)
                if point is not None:
                    reader.low_ok[cols] |= point <= need_lo[cols] + EPS
                    reader.high_ok[cols] |= point >= need_hi[cols] - EPS
    for t in targets:
        j = position[int(t)]
        for sign, ok in ((1, reader.low_ok), (-1, reader.high_ok)):
            if ok[t]:
                continue
            if A.shape[0] == 0:
                narrow.append((int(t), sign, bounds[j, 0 if sign == 1 else 1]))
                continue
            if lp is None:
                lp = LP(A, b, bounds[:, 0], bounds[:, 1])
            point = lp.extreme(j, sign)
            if point is None:  # unbounded above
                reader.high_ok[t] = True
                continue
            reader.low_ok[cols] |= point <= need_lo[cols] + EPS
            reader.high_ok[cols] |= point >= need_hi[cols] - EPS
            if not ok[t]:
                narrow.append((int(t), sign, point[j]))
    return narrow

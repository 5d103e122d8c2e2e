"""Statistical secrecy on hand-made and random tables (indicators.secrecy), checked by a reader
who recomputes what the published totals allow, line by line (written here, independently)."""

import random

import pytest

from indicators.secrecy import PRIMARY_LABEL, SECONDARY_LABEL, THRESHOLD
from indicators.secrecy.document import Document, changes, margin
from indicators.secrecy.suppression import protect


def grid(matrix, owned=False):
    """A table with its row totals, column totals and grand total; row r is antenna r's."""
    values, identities, owners = {}, [], {}
    rows, cols = len(matrix), len(matrix[0])
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            values[f"{r}|{c}"] = value
        values[f"{r}|T"] = sum(row)
        identities.append(margin([f"{r}|{c}" for c in range(cols)], f"{r}|T"))
        if owned:
            owners.update({f"{r}|{c}": r for c in [*range(cols), "T"]})
    for c in range(cols):
        values[f"T|{c}"] = sum(row[c] for row in matrix)
        identities.append(margin([f"{r}|{c}" for r in range(rows)], f"T|{c}"))
    values["T|T"] = sum(map(sum, matrix))
    identities.append(margin([f"{r}|T" for r in range(rows)], "T|T"))
    identities.append(margin([f"T|{c}" for c in range(cols)], "T|T"))
    costs = {"T|T": 1000.0} | {k: 10.0 for k in values if "T" in k and k != "T|T"}
    return Document(values=values, identities=identities, owners=owners, costs=costs)


def line_reader(document):
    """Cells a reader solves line by line from the published ones."""
    known = dict(document.shown)
    progress = True
    while progress:
        progress = False
        for identity in document.identities:
            unknown = [k for k in identity if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                known[k] = -sum(c * known[j] for j, c in identity.items() if j != k) / identity[k]
                progress = True
    return {k for k in known if k in document.hidden}


def test_zero_is_shown_and_not_used_to_cover_a_small_count():
    document = Document(
        values={"a": 0, "b": 4, "c": 30, "total": 34},
        identities=[margin(["a", "b", "c"], "total")],
        costs={"total": 1000.0},
    )
    protect(document)
    assert document.label("a") is None
    assert document.label("b") == PRIMARY_LABEL
    assert document.label("c") == SECONDARY_LABEL  # hiding the 0 would still give b = 34 - 30
    assert document.label("total") is None


def test_a_small_total_hides_its_whole_line():
    document = Document(
        values={"a": 3, "b": 4, "total": 7}, identities=[margin(["a", "b"], "total")]
    )
    protect(document)
    assert document.hidden == {"a", "b", "total"}


def test_large_counts_are_untouched():
    document = grid([[11, 40], [25, 12]])
    protect(document)
    assert not document.hidden


def test_a_cover_must_leave_three_either_way():
    # 5 hidden beside 12: the row total 17 would leave 5 in 1..5 only if 12 could be 12..16 —
    # an "s" cell is 11 or more, so a reader gets 5 ≤ 6: the other way round must stay open.
    document = Document(
        values={"a": 5, "b": 12, "c": 40, "total": 57},
        identities=[margin(["a", "b", "c"], "total")],
        costs={"total": 1000.0},
    )
    protect(document)
    assert {"a", "b"} <= document.hidden and document.label("total") is None


def test_a_recompiled_document_lists_only_what_its_cells_show_differently():
    before = grid([[11, 40], [25, 12]])
    after = grid([[11, 41], [25, 12]])
    protect(before)
    protect(after)
    assert changes(before, after) == [("0|1", 40, 41), ("0|T", 51, 52), ("T|1", 52, 53),
                                      ("T|T", 88, 89)]  # fmt: skip


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_never_give_a_hidden_cell_back(seed):
    rng = random.Random(seed)
    rows, cols = rng.randrange(1, 6), rng.randrange(1, 7)
    matrix = [
        [rng.choice([0, rng.randrange(1, 11), rng.randrange(11, 80)]) for _ in range(cols)]
        for _ in range(rows)
    ]
    document = grid(matrix, owned=True)
    outcome = protect(document)
    for key, value in document.values.items():
        if 0 < value < THRESHOLD:
            assert document.label(key) == PRIMARY_LABEL
        if value == 0:
            assert document.label(key) is None
    assert not line_reader(document), matrix
    assert not outcome.unprotected, matrix

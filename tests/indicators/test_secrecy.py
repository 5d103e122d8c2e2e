"""Statistical secrecy on hand-made and random tables, checked by a reader who recomputes what
the published totals allow (written here, independently of indicators.secrecy)."""

import random

import pytest

from indicators.secrecy import PRIMARY_LABEL, SECONDARY_LABEL, THRESHOLD, protect


def grid_lines(rows, cols):
    lines = [([(r, c) for c in range(cols)], (r, "T")) for r in range(rows)]
    lines += [([(r, c) for r in range(rows)], ("T", c)) for c in range(cols)]
    lines.append(([(r, "T") for r in range(rows)], ("T", "T")))
    lines.append(([("T", c) for c in range(cols)], ("T", "T")))
    return lines


def grid_values(matrix):
    values = {}
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            values[(r, c)] = value
        values[(r, "T")] = sum(row)
    for c in range(len(matrix[0])):
        values[("T", c)] = sum(row[c] for row in matrix)
    values[("T", "T")] = sum(map(sum, matrix))
    return values


def recomputed(values, cells, lines):
    """Cells a reader can solve line by line, and lines whose hidden part is a small group."""
    known = {key: values[key] for key, cell in cells.items() if not cell.hidden}
    progress = True
    while progress:
        progress = False
        for parts, total in lines:
            unknown = [k for k in [*parts, total] if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                others = sum(known[p] for p in parts if p != k)
                known[k] = others if k == total else known[total] - others
                progress = True
    small_groups = [
        (parts, total)
        for parts, total in lines
        if total in known and 0 < known[total] - sum(known.get(p, 0) for p in parts) < THRESHOLD
    ]
    return {k for k in known if cells[k].hidden}, small_groups


def test_a_lone_secondary_cell_gets_a_partner():
    # Hiding 5 makes 20 (row) and 30 (column) hidden; 20 is then alone in its column and
    # would give 5 back through its row: a fourth cell must go.
    matrix = [[5, 20, 30], [40, 25, 50], [30, 35, 60]]
    values, lines = grid_values(matrix), grid_lines(3, 3)
    cells = protect(values, lines)
    assert cells[(0, 0)].label == PRIMARY_LABEL
    assert cells[(0, 1)].label == SECONDARY_LABEL
    assert cells[(2, 0)].label == SECONDARY_LABEL
    assert cells[(2, 1)].hidden or cells[(1, 1)].hidden
    assert not cells[("T", "T")].hidden
    revealed, small = recomputed(values, cells, lines)
    assert not revealed and not small


def test_zero_is_shown_and_not_used_to_cover_a_small_count():
    values = {"a": 0, "b": 4, "c": 30, "total": 34}
    cells = protect(values, [(["a", "b", "c"], "total")])
    assert cells["a"].label is None and cells["a"].value == 0
    assert cells["b"].label == PRIMARY_LABEL
    assert cells["c"].hidden  # hiding the 0 would still give b = 34 - 30
    assert not cells["total"].hidden


def test_two_small_cells_summing_under_eleven_hide_a_third():
    values = {"a": 3, "b": 4, "c": 50, "d": 60, "total": 117}
    cells = protect(values, [(["a", "b", "c", "d"], "total")])
    assert cells["c"].hidden and not cells["d"].hidden


def test_a_small_total_hides_its_whole_line():
    values = {"a": 3, "b": 4, "total": 7}
    cells = protect(values, [(["a", "b"], "total")])
    assert all(cell.hidden for cell in cells.values())


def test_large_counts_are_untouched():
    values = grid_values([[11, 40], [25, 12]])
    cells = protect(values, grid_lines(2, 2))
    assert not any(cell.hidden for cell in cells.values())


@pytest.mark.parametrize("seed", range(200))
def test_random_tables_never_give_a_hidden_cell_back(seed):
    rng = random.Random(seed)
    rows, cols = rng.randrange(1, 6), rng.randrange(1, 7)
    matrix = [
        [rng.choice([0, rng.randrange(1, 11), rng.randrange(11, 80)]) for _ in range(cols)]
        for _ in range(rows)
    ]
    values, lines = grid_values(matrix), grid_lines(rows, cols)
    cells = protect(values, lines)
    for key, value in values.items():
        if 0 < value < THRESHOLD:
            assert cells[key].label == PRIMARY_LABEL
        assert cells[key].value == value
    revealed, small = recomputed(values, cells, lines)
    assert not revealed, (matrix, revealed)
    assert not small, (matrix, small)

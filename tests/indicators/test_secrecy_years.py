"""Secrecy across the years of one published document: the trend gives every year's people
counts, and the people continuing in year Y are those followed in Y-1 minus its exits."""

from datetime import date

from indicators.figures import compute
from tests.indicators.factories import BeneficiaryFactory, publish


def _solve(series):
    """What a reader gets back from the shown cells of the trend, line by line."""
    known = {(code, y): c.value for y, cells in series.items() for code, c in cells.items()
             if code in ("followed", "new", "continuing", "exits") and not c.hidden}  # fmt: skip
    hidden = {(code, y) for y, cells in series.items() for code, c in cells.items()
              if code in ("followed", "new", "continuing", "exits") and c.hidden}  # fmt: skip
    years = sorted(series)
    lines = [((("new", y), ("continuing", y)), ("followed", y)) for y in years]
    lines += [((("continuing", y + 1), ("exits", y)), ("followed", y)) for y in years[:-1]]
    progress = True
    while progress:
        progress = False
        for parts, total in lines:
            unknown = [k for k in (*parts, total) if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                known[k] = (
                    sum(known[p] for p in parts)
                    if k == total
                    else known[total] - sum(known[p] for p in parts if p != k)
                )
                progress = True
    return {k: known[k] for k in hidden if k in known}


def test_the_trend_does_not_give_back_a_hidden_count_of_the_report_year(world):
    outcomes = ["durable_job", "moved", "other", "training"]
    for i in range(40):
        exited = i < 12
        BeneficiaryFactory(
            antenna=world.antenna,
            entry_date=date(2024, 3, 1),
            exit_date=date(2024, 10, 1) if exited else None,
            exit_outcome=outcomes[i % 4] if exited else "",
            status="exited" if exited else "active",
        )
    for _ in range(5):
        BeneficiaryFactory(antenna=world.antenna, entry_date=date(2025, 2, 1))
    publish(world.territory, 2024)
    publish(world.territory, 2025)
    figures = compute(year=2025, territory=world.territory)
    assert figures.current["new"].label == "< 11"  # 5 people
    assert _solve(figures.series) == {}

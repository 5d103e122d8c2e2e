"""The report's tables: people by category × antenna (with a total row and column), and the
services deployed. Built from collected rows and protected cells; no query: 0."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators.figures.collect import d
from indicators.figures.people import TOTAL
from services.catalogue import ServiceKind


@dataclass
class Table:
    """Rows of antennas (and a total row) × columns of categories (and a total column)."""

    key: str
    title: str
    columns: list  # (code, label)
    rows: list  # {"label", "cells": [Cell...], "total": Cell}
    total_label: str = ""


def table(key: str, title, choices: list, antennas: list, cells: dict, total: str) -> Table:
    codes = [code for code, _label in choices]
    rows = [
        {
            "label": a.name,
            "cells": [cells[(key, code, a.pk)] for code in codes],
            "total": cells[(total, a.pk)],
        }
        for a in antennas
    ]
    rows.append(
        {
            "label": _("Total"),
            "cells": [cells[(key, code, TOTAL)] for code in codes],
            "total": cells[(total, TOTAL)],
            "is_total": True,
        }
    )
    return Table(key=key, title=title, columns=choices, rows=rows)


def services(service_rows: list, cells: dict, service_months: dict) -> list[dict]:
    by_service = {}
    for row in service_rows:
        entry = by_service.setdefault(
            row["service"], {"uses": 0, "km": Decimal(0), "since": row["since"], "antennas": 0}
        )
        entry["uses"] += row["n"]
        entry["km"] += d(row["km_sum"])
        entry["since"] = min(entry["since"], row["since"])
        entry["antennas"] += 1 if row["n"] else 0
    return [
        {
            "code": code,
            "label": label,
            "deployed": code in by_service,
            "since": by_service.get(code, {}).get("since"),
            "active": bool(by_service.get(code, {}).get("uses")),
            "antennas": by_service.get(code, {}).get("antennas", 0),
            "uses": by_service.get(code, {}).get("uses", 0),
            "km": by_service.get(code, {}).get("km", Decimal(0)),
            "users": cells[("users", code, TOTAL)],
            "months": service_months.get(code, [0] * 12),
        }
        for code, label in ServiceKind.choices
    ]

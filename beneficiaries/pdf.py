"""PDFs by WeasyPrint: the mobility diagnostic (proof of the IAE "problème de mobilité" criterion,
valid six months) and the right-of-access export."""

import calendar
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import formats, timezone

from beneficiaries import export

VALIDITY_MONTHS = 6


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity(diagnostic) -> dict:
    until = add_months(diagnostic.made_on, VALIDITY_MONTHS)
    return {"valid_until": until, "is_valid": timezone.localdate() <= until}


def _render(template, context) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def diagnostic_pdf(diagnostic) -> bytes:
    place = diagnostic.structure.commune.name if diagnostic.structure else None
    return _render(
        "beneficiaries/pdf/diagnostic.html",
        {
            "diagnostic": diagnostic,
            "person": diagnostic.beneficiary,
            "place": place or diagnostic.antenna.commune.name,
            "printed_on": timezone.localdate(),
            **validity(diagnostic),
        },
    )


def _readable(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


def access_pdf(person, *, membership) -> bytes:
    data = export.person_data(person, membership=membership)
    data["person"] = {k: _readable(v) for k, v in data["person"].items()}
    data["records"] = {
        section: [{k: _readable(v) for k, v in row.items()} for row in rows]
        for section, rows in data["records"].items()
    }
    return _render(
        "beneficiaries/pdf/access.html",
        {"data": data, "person": person, "printed_on": timezone.localdate()},
    )

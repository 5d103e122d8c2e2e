"""The accountant's monthly export: every receipt and credit note of a month, in number order,
as XLSX (openpyxl, amounts as numbers) and CSV (French Excel: semicolons, decimal commas)."""

import csv
import io
from datetime import date

from django.utils.translation import gettext as _

from billing.models import Payment


def columns() -> list[str]:
    return [
        _("N°"),
        _("Type"),
        _("Date"),
        _("Bénéficiaire"),
        _("Payeur"),
        _("Moyen"),
        _("Référence"),
        _("Montant (€)"),
        _("Statut"),
        _("Reçu par"),
    ]


def payments_of(*, membership, year: int, month: int):
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return (
        Payment.objects.visible_to(membership)
        .filter(paid_on__gte=start, paid_on__lt=end)
        .select_related("beneficiary", "payer", "received_by")
        .order_by("year", "number")
    )


def rows(payments):
    for p in payments:
        yield [
            p.display_number,
            p.get_kind_display(),
            p.paid_on,
            f"{p.beneficiary.last_name.upper()} {p.beneficiary.first_name}",
            p.payer.name if p.payer else _("la personne"),
            p.get_method_display(),
            p.reference,
            p.amount,
            p.get_status_display(),
            p.received_by.get_full_name() or p.received_by.email,
        ]


def to_xlsx(payments) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Encaissements")
    sheet.append(columns())
    for row in rows(payments):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=3).number_format = "DD/MM/YYYY"
        sheet.cell(
            row=sheet.max_row, column=8
        ).number_format = '#,##0.00 "€"'  # French Excel: 1 234,50 €
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def to_csv(payments) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(columns())
    for row in rows(payments):
        row[2] = f"{row[2]:%d/%m/%Y}"
        row[7] = f"{row[7]:.2f}".replace(".", ",")
        writer.writerow(row)
    return "\ufeff" + stream.getvalue()  # the BOM makes Excel read UTF-8

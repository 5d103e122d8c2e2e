"""Spreadsheets made in the test, and the upload of one through the page."""

import io

from django.urls import reverse
from openpyxl import Workbook


def xlsx(headers, rows, *, merge: str | None = None) -> bytes:
    """A workbook whose first row is `headers`; `merge` ("C1:D1") merges header cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    if merge:
        sheet.merge_cells(merge)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, url_name: str, name: str, content: bytes):
    stream = io.BytesIO(content)
    stream.name = name
    return client.post(reverse(url_name, kwargs={"antenna_slug": "antenne-a"}), {"file": stream})


def mapping_form(keys) -> dict[str, str]:
    return {f"col-{i}": key for i, key in enumerate(keys) if key}

"""Billing documents (receipts and credit notes) as PDF files in private storage. A document
is written to a temporary file beside its place and moved there (os.replace is atomic), so no
one ever reads half a file; a receipt, once written, is the one always served."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def write_atomically(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def private_file(relative: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / relative


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()


def receipt_path(payment) -> Path:
    return (
        Path(settings.PRIVATE_MEDIA_ROOT)
        / "billing"
        / str(payment.antenna_id)
        / str(payment.year)
        / f"{payment.kind}-{payment.display_number}.pdf"
    )


def receipt_pdf(payment) -> Path:
    """The receipt (or credit note) of a payment, written on first request."""
    path = receipt_path(payment)
    if not path.exists():
        content = render_pdf(
            "billing/pdf/receipt.html",
            {
                "payment": payment,
                "antenna": payment.antenna,
                "person": payment.beneficiary,
                "printed_on": timezone.localdate(),
            },
        )
        write_atomically(path, content)
    return path

"""French phone numbers, one rule for every way in (form, API, import) and for search and
duplicates: a number is written '06 12 34 56 78' and compared by its national digits
'0612345678', however it was typed ('+33 6 12…', '0033 6…', '33612…')."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antennas.text import digits

_NATIONAL = re.compile(r"0[1-9]\d{8}")
_WRITTEN = re.compile(r"\+?[\d\s.\-()]+")


def is_phone_number(text: str | None) -> bool:
    """Digits and the signs a number is written with ('+33 (6) 12.34'): a search for a phone."""
    return bool(text) and _WRITTEN.fullmatch(text.strip()) is not None


def national_digits(text: str | None) -> str:
    """'+33 6 12 34 56 78', '0033612345678', '33612345678' -> '0612345678'; a number begun
    in a search keeps the same form ('+33 6 12' -> '0612'). Other digits are kept as they are."""
    raw = (text or "").strip()
    number = digits(raw)
    if raw.startswith(("+33", "0033")):
        return "0" + number.removeprefix("00").removeprefix("33")
    if len(number) == 11 and number.startswith("33"):
        return "0" + number[2:]
    return number


def french_phone(value: str) -> str:
    """'+33 6 12-34.56.78' -> '06 12 34 56 78'; raises ValidationError otherwise."""
    number = national_digits(value)
    if not (is_phone_number(value) and _NATIONAL.fullmatch(number)):
        raise ValidationError(
            _("Numéro de téléphone français attendu, par exemple 06 12 34 56 78."), code="phone"
        )
    return " ".join(number[i : i + 2] for i in range(0, 10, 2))

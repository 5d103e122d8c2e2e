"""Reading one cell as French offices type it: dates "12/03/1987", phones "06 12 34 56 78" or
"+33 6…", yes/no, whole numbers, a choice by its label, communes by name, postal or INSEE code.
Each parser raises ValidationError with the message shown next to the cell."""

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from antennas.models import Commune
from antennas.phones import french_phone
from antennas.text import normalise

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YES = {"oui", "o", "x", "1", "vrai", "yes", "y"}
_NO = {"non", "n", "0", "faux", "no", ""}


def text(value: str) -> str:
    return value.strip()


def parse_date(value: str) -> date:
    """jj/mm/aaaa (or jj.mm.aa, jj-mm-aaaa), or ISO as spreadsheets write dates."""
    found = _DATE.match(value)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if year < 100:  # 87 → 1987, 05 → 2005
            year += 1900 if year > date.today().year % 100 else 2000
    else:
        try:
            iso = date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Date attendue au format jj/mm/aaaa.")) from None
        day, month, year = iso.day, iso.month, iso.year
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(_("Cette date n'existe pas.")) from None


parse_phone = french_phone


def parse_email(value: str) -> str:
    validate_email(value)
    return value.lower()


def parse_yes_no(value: str) -> bool:
    folded = normalise(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValidationError(_("« oui » ou « non » attendu."))


def whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        cleaned = re.sub(r"[\s\u00a0\u202f.]", "", value)
        if cleaned.endswith(",0"):  # "12,0" from a spreadsheet's decimal column
            cleaned = cleaned[:-2]
        if not cleaned.isdigit():
            raise ValidationError(_("Nombre entier attendu."))
        number = int(cleaned)
        if not low <= number <= high:
            raise ValidationError(
                _("Nombre attendu entre %(low)s et %(high)s.") % {"low": low, "high": high}
            )
        return number

    return parse


def choice(choices, aliases: dict | None = None) -> Callable[[str], str]:
    """A value of `choices`, typed as its code, its label or one of `aliases` (folded)."""
    by_label = {normalise(str(label)): value for value, label in choices}
    by_value = {value: value for value, _label in choices}

    def parse(value: str) -> str:
        folded = normalise(value)
        found = (aliases or {}).get(folded) or by_value.get(folded) or by_label.get(folded)
        if found is None:
            raise ValidationError(
                _("Valeur inconnue ; valeurs possibles : %(values)s.")
                % {"values": ", ".join(str(label) for _v, label in choices)}
            )
        return found

    return parse


class CommuneFinder:
    """Communes by INSEE code, postal code or name: the territory's first, then all of France.
    Answers are remembered: a file names the same few communes on thousands of lines."""

    def __init__(self, antenna):
        self.territory = set(
            Commune.objects.filter(territories=antenna.territory_id).values_list(
                "insee_code", flat=True
            )
        )
        self.known: dict[str, Commune | ValidationError] = {}

    def __call__(self, value: str) -> Commune:
        value = value.strip()
        if value not in self.known:
            try:
                self.known[value] = self._find(value)
            except ValidationError as error:
                self.known[value] = error
        found = self.known[value]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _find(self, value: str) -> Commune:
        if re.fullmatch(r"\d[\dAB]\d{3}", value, re.I):
            candidates = list(
                Commune.objects.filter(insee_code=value.upper())
                or Commune.objects.filter(postal_codes__contains=value)
            )
        else:
            candidates = list(Commune.objects.filter(search_name=normalise(value)))
        local = [c for c in candidates if c.insee_code in self.territory]
        candidates = local or candidates
        if not candidates:
            raise ValidationError(_("Commune introuvable : nom, code postal ou code INSEE."))
        if len(candidates) > 1:
            raise ValidationError(
                _("Plusieurs communes possibles (%(names)s) : indiquez le code INSEE.")
                % {"names": ", ".join(f"{c.name} {c.insee_code}" for c in candidates[:4])}
            )
        return candidates[0]

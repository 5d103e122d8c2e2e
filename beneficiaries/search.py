"""Accent- and case-insensitive search on the normalised `search_vector` (GIN index): each word
typed becomes a prefix term, so "dupo mar" finds "Dupont Marie" and "06 12" finds her phone."""

import re

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antennas.text import normalise

_TOKEN = re.compile(r"[a-z0-9]+")


def tsquery(text: str) -> str:
    """'Dupont  Mäŕie' -> 'dupont:* & marie:*'. A query made of digits and separators only is a
    phone number: its digits form one term, as they are stored joined."""
    if text and re.fullmatch(r"[\d\s.+\-]+", text.strip()):
        number = re.sub(r"\D", "", text)
        if text.strip().startswith(("+33", "0033")):  # stored in the national form
            number = "0" + number.removeprefix("00").removeprefix("33")
        tokens = [number] if number else []
    else:
        tokens = _TOKEN.findall(normalise(text))
    return " & ".join(f"{token}:*" for token in tokens)


def validate_query(text: str) -> None:
    """A search made only of signs ("?!", "—", an emoji) would list everyone: say so."""
    if text and text.strip() and not tsquery(text):
        raise ValidationError(
            _(
                "Aucun mot à chercher : tapez des lettres ou des chiffres d'un nom "
                "ou d'un téléphone."
            )
        )


def search(queryset, text: str):
    """Narrow an already scoped queryset (its antenna filter stays) to what matches `text`."""
    raw = tsquery(text)
    if not raw:
        return queryset
    return queryset.filter(search_vector=SearchQuery(raw, search_type="raw", config="simple"))

"""Accent- and case-insensitive search on the normalised `search_vector` (GIN index): each word
typed becomes a prefix term, so "dupo mar" finds "Dupont Marie" and "06 12" finds her phone."""

import re

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, F, Func, Q
from django.utils.translation import gettext as _

from antennas.phones import is_phone_number, national_digits
from antennas.text import normalise

_TOKEN = re.compile(r"[a-z0-9]+")


def tsquery(text: str) -> str:
    """'Dupont  Mäŕie' -> 'dupont:* & marie:*'. A query made of digits and separators only is a
    phone number: its digits form one term, as they are stored joined."""
    if is_phone_number(text):
        number = national_digits(text)
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


class _Matches(Func):
    """`search_vector @@ query` through a PL/pgSQL function (migration 0004): the GIN index does
    not serve it and the planner, guessing a third of rows match, walks the first tier along
    the name index and stops at the page's end; the GIN prefix scan of "mar:*" reads far more."""

    function = "mobilex_search_matches"
    output_field = BooleanField()


def ranked(queryset, text: str) -> list:
    """The tiers of a search's results, best first: people whose name begins with the first word
    typed ("mull" in "mull mar": the Mullers), then the other matches. The first tier is a range
    of the (antenna, name_key, id) index, walked in order, so a page of a common name reads a
    page of rows; the second uses the GIN index. A phone is one tier, listed by number
    (`ordering`). `queryset` is not yet narrowed by `search`."""
    if is_phone_number(text):
        return [_phone_range(queryset, national_digits(text))]
    words = _TOKEN.findall(normalise(text))
    if not words:
        return [search(queryset, text)]
    word = words[0]
    starts = Q(name_key__startswith=word)
    upper = _next_prefix(word)
    bounded = Q(name_key__gte=word) & (Q(name_key__lt=upper) if upper else Q())
    query = SearchQuery(tsquery(text), search_type="raw", config="simple")
    best = queryset.filter(bounded & starts).filter(_Matches(F("search_vector"), query))
    return [best, search(queryset, text).exclude(starts)]


def ordering(text: str) -> tuple[str, str]:
    """How a search's results are listed: a phone's by number, along the (antenna,
    phone_digits, id) index from the digits typed; a name's by name."""
    return ("phone_digits", "pk") if is_phone_number(text) else ("name_key", "pk")


def _phone_range(queryset, number: str):
    """The people whose number begins with `number`, as a range of the index: a page reads a
    page of rows, however many numbers share the prefix."""
    upper = _next_prefix(number)
    return queryset.filter(
        phone_digits__gte=number, **({"phone_digits__lt": upper} if upper else {})
    )


def _next_prefix(word: str) -> str | None:
    """A string after every string that begins with `word` ('mull' -> 'mulm', 'muz' -> 'mv');
    letters and digits only, which every collation orders alike (digits before letters)."""
    stripped = word.rstrip("z9")
    return stripped[:-1] + chr(ord(stripped[-1]) + 1) if stripped else None

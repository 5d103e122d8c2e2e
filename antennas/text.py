"""Text normalisation for accent- and case-insensitive search without PostgreSQL's unaccent."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s\-'’_.,;/]+")


def normalise(text: str | None) -> str:
    """Lower-case, strip accents and fold separators: 'Hœrdt-Lès' -> 'hoerdt les'."""
    if not text:
        return ""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.lower()).strip()


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")

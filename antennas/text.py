"""Text normalisation for accent- and case-insensitive search without PostgreSQL's unaccent."""

import re
import unicodedata

from unidecode import unidecode

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l",
     "Ł": "l", "đ": "d", "Đ": "d", "ı": "i"}
)  # fmt: skip
_SPACES = re.compile(r"\s+")


def _separator(char: str) -> bool:
    """Punctuation of any kind (hyphens and dashes pasted from a word processor, apostrophes
    like ’ and ʼ) and symbols separate words, like spaces."""
    category = unicodedata.category(char)
    return category[0] in "PSZ" or char in "ʼ"


def normalise(text: str | None) -> str:
    """Lower-case, strip accents, spell every script in Latin letters and fold separators:
    'Hœrdt-Lès' -> 'hoerdt les', 'Иванова' -> 'ivanova'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    letters = (c for c in decomposed if not unicodedata.combining(c))
    spaced = "".join(" " if _separator(c) else c for c in letters)
    # Unidecode after the separators are folded, so that its own output ("'" for some letters)
    # is dropped the same way.
    folded = "".join(" " if _separator(c) else c for c in unidecode(spaced))
    return _SPACES.sub(" ", folded.lower()).strip()


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")

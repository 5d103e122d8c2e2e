"""SMS length: 160 characters a segment in the GSM-7 alphabet (153 when concatenated), 70 (67)
as soon as one character falls outside it; the extension table counts twice."""

import re
import unicodedata

BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENDED = set("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(c in BASIC or c in EXTENDED for c in text)


def length(text: str) -> int:
    """Septets in GSM-7, else UTF-16 code units (what the network counts)."""
    if is_gsm7(text):
        return sum(2 if c in EXTENDED else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    if not text:
        return 0
    single, multi = (160, 153) if is_gsm7(text) else (70, 67)
    size = length(text)
    return 1 if size <= single else -(-size // multi)


def plain(text: str) -> str:
    """What an SMS carries: typographic punctuation (’ « » …, narrow spaces) and the accented
    letters outside GSM-7 (ê, â, î, ô, û, ç, œ) brought back into it, as providers' "smart
    encoding" does, so that one circumflex does not turn 160 characters a segment into 70."""
    text = re.sub(r"«[\s\u00a0\u202f]*|[\s\u00a0\u202f]*»", '"', text)
    text = text.translate(PUNCTUATION)
    return "".join(c if c in BASIC or c in EXTENDED else _fold(c) for c in text)


PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "-", "—": "-", "\u00a0": " ",
     "\u202f": " ", "œ": "oe", "Œ": "OE"}
)  # fmt: skip


def _fold(char: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare if bare and all(c in BASIC for c in bare) else char

"""SMS length: 160 characters a segment in the GSM-7 alphabet (153 when concatenated), 70 (67)
as soon as one character falls outside it; the extension table counts twice."""

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
    """Typographic punctuation a word processor adds (’ « » … and the narrow spaces) is brought
    back into GSM-7, so that one apostrophe does not halve the room; letters are kept."""
    table = str.maketrans(
        {"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "…": "...", "–": "-",
         "—": "-", "\u00a0": " ", "\u202f": " "}
    )  # fmt: skip
    return text.translate(table)

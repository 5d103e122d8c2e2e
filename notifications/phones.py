"""Phone numbers in E.164, metropolitan France and the overseas departments."""

import phonenumbers

# Overseas numbers written the national way (0690…, 0694…) parse with their own region.
REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF")


def e164(raw: str) -> str | None:
    """'06 12 34 56 78' -> '+33612345678'; '0690 12 34 56' -> '+590690123456'; None if invalid."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for region in REGIONS:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def is_mobile(number: str) -> bool:
    parsed = phonenumbers.parse(number)
    kind = phonenumbers.number_type(parsed)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def record_digits(number: str) -> str:
    """The digits a record keys an E.164 number by (antennas/phones.py): '+33612345678' ->
    '0612345678', '+590690123456' -> '0690123456'."""
    parsed = phonenumbers.parse(number)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(c for c in national if c.isdigit())

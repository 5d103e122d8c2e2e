"""Rental contracts: the antenna's versioned rules, the contract PDF of a booking (parties,
vehicle, period, price and how it was computed, deposit, rules) and its signature on the phone
(a drawing, or a typed name and a ticked box for those who cannot draw it), each signature
recording who, when and the SHA-256 of the PDF signed."""

import base64
import binascii
import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.documents import render_pdf, write_atomically
from billing.models import Contract, Deposit, RentalRules, Signature
from services import pricing
from services.eligibility import low_resources_reason

MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


def signer_name(person) -> str:
    """The name offered in the signature form, as the person would write it."""
    return f"{person.first_name} {person.last_name}"


def current_rules(antenna_id: int) -> RentalRules | None:
    return RentalRules.objects.filter(antenna_id=antenna_id).order_by("-version").first()


def publish_rules(*, antenna, text: str, by) -> RentalRules:
    """A new version of the rules; contracts already signed keep theirs."""
    if not text.strip():
        raise ValidationError({"text": _("Le règlement ne peut être vide.")})
    last = RentalRules.objects.filter(antenna=antenna).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            return RentalRules.objects.create(
                antenna=antenna, version=last + 1, text=text.strip(), created_by=by
            )
    except IntegrityError:
        raise ValidationError(
            {"text": _("Une autre version vient d'être publiée : rechargez la page.")}
        ) from None


def price_breakdown(booking) -> dict:
    """How the stored price came about: the antenna's rate (reduced, and why) and the units."""
    rule = pricing.rule_for(booking.antenna_id, booking.vehicle.kind)
    if rule is None:
        return {"rule": None}
    reason = low_resources_reason(booking.beneficiary)
    unit_price = rule.reduced_price if reason else rule.price
    units = booking.price / unit_price if unit_price else None
    if units is not None and units != units.to_integral_value():
        units = None  # the grid changed since the booking: the stored price stands alone
    return {
        "rule": rule,
        "unit_price": unit_price,
        "units": units if units is None else int(units),
        "reduced_because": reason,
        "deposit": rule.deposit,
    }


def _context(booking, *, rules, contract=None, signatures=()):
    referral = booking.beneficiary.referrals.select_related("structure", "social_worker").first()
    return {
        "booking": booking,
        "antenna": booking.antenna,
        "person": booking.beneficiary,
        "prescriber": referral.structure if referral else booking.beneficiary.referring_structure,
        "referent": referral.social_worker if referral else booking.beneficiary.referent,
        "breakdown": price_breakdown(booking),
        "deposit": Deposit.objects.filter(booking=booking).first(),
        "rules": rules,
        "contract": contract,
        "signatures": signatures,
        "printed_on": timezone.localdate(),
    }


def draft_pdf(booking) -> bytes:
    """The contract to read before signing (marked as a draft)."""
    return render_pdf(
        "billing/pdf/contract.html", _context(booking, rules=current_rules(booking.antenna_id))
    )


def _folder(antenna_id) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "billing" / str(antenna_id) / "contracts"


def unsigned_path(contract) -> Path:
    return _folder(contract.antenna_id) / f"contract-{contract.booking_id}.pdf"


def signed_path(contract) -> Path:
    return _folder(contract.antenna_id) / f"contract-{contract.booking_id}-signed.pdf"


def signature_png(data_url: str) -> bytes:
    """The drawn signature as a clean PNG (decoded, checked and re-encoded by Pillow)."""
    from PIL import Image

    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError({"drawing": _("La signature tracée est illisible.")})
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except binascii.Error:
        raise ValidationError({"drawing": _("La signature tracée est illisible.")}) from None
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"drawing": _("La signature tracée est trop lourde.")})
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a bad image
        raise ValidationError({"drawing": _("La signature tracée est illisible.")}) from None
    clean = io.BytesIO()
    image.convert("RGBA").save(clean, format="PNG")
    return clean.getvalue()


def checked_signature(*, person_name: str, drawing: str, typed_consent: bool) -> bytes | None:
    """Refuse a signature without a name, or neither drawn nor typed; the drawing as PNG."""
    if not person_name.strip():
        raise ValidationError({"person_name": _("Indiquez le nom de la personne qui signe.")})
    if not drawing and not typed_consent:
        raise ValidationError(
            {"drawing": _("Faites signer la personne, ou cochez la case de la signature saisie.")}
        )
    return signature_png(drawing) if drawing else None


def stored_signature(png: bytes | None, relative: str) -> str:
    """Write a drawn signature in private storage; its path ("" for a typed signature)."""
    if png is None:
        return ""
    write_atomically(Path(settings.PRIVATE_MEDIA_ROOT) / relative, png)
    return relative


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


@transaction.atomic
def sign_contract(*, booking, by, person_name: str, drawing: str = "", typed_consent=False):
    """Sign the rental contract of `booking` for the person (drawn, or typed name + consent)
    and for the antenna (the staff member `by`). Returns the Contract."""
    if Contract.objects.filter(booking=booking).exists():
        raise ValidationError(_("Ce contrat est déjà signé."))
    png = checked_signature(person_name=person_name, drawing=drawing, typed_consent=typed_consent)
    rules = current_rules(booking.antenna_id)
    unsigned = render_pdf(
        "billing/pdf/contract.html", _context(booking, rules=rules, contract=True)
    )
    digest = hashlib.sha256(unsigned).hexdigest()
    contract = Contract.objects.create(
        antenna_id=booking.antenna_id,
        booking=booking,
        beneficiary_id=booking.beneficiary_id,
        rules=rules,
        document_sha256=digest,
    )
    write_atomically(unsigned_path(contract), unsigned)
    image = stored_signature(
        png, f"billing/{booking.antenna_id}/contracts/signature-{uuid.uuid4().hex}.png"
    )
    signatures = [
        Signature.objects.create(
            antenna_id=booking.antenna_id,
            contract=contract,
            role=Signature.Role.PERSON,
            method=Signature.Method.DRAWN if png else Signature.Method.TYPED,
            name=person_name.strip(),
            image=image,
            document_sha256=digest,
            recorded_by=by,
        ),
        Signature.objects.create(
            antenna_id=booking.antenna_id,
            contract=contract,
            role=Signature.Role.STAFF,
            method=Signature.Method.TYPED,
            name=by.get_full_name() or by.email,
            document_sha256=digest,
            recorded_by=by,
        ),
    ]
    shown = [
        {
            "signature": s,
            "image": _data_uri(Path(settings.PRIVATE_MEDIA_ROOT) / s.image) if s.image else None,
        }
        for s in signatures
    ]
    signed = render_pdf(
        "billing/pdf/contract.html",
        _context(booking, rules=rules, contract=contract, signatures=shown),
    )
    write_atomically(signed_path(contract), signed)
    return contract

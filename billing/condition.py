"""Condition reports at check-out and check-in: the checklist of a vehicle kind, photos made
safe (resized, EXIF and GPS dropped by re-encoding the pixels only), the two reports compared
item by item, signed by the person and the staff member."""

import io
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing.contracts import checked_signature, stored_signature
from billing.documents import private_file, write_atomically
from billing.models import ConditionPhoto, ConditionReport, Signature

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
STATES = [
    ("ok", gettext_lazy("bon état")),
    ("worn", gettext_lazy("usé")),
    ("damaged", gettext_lazy("abîmé")),
    ("missing", gettext_lazy("manquant")),
]
_COMMON = [
    ("bodywork", gettext_lazy("carrosserie / cadre")),
    ("tyres", gettext_lazy("pneus")),
    ("lights", gettext_lazy("éclairage")),
    ("battery", gettext_lazy("batterie ou carburant")),
    ("lock", gettext_lazy("antivol, clés")),
]
CHECKLISTS = {
    "ebike": [*_COMMON, ("accessories", gettext_lazy("accessoires (casque, chargeur, gilet)"))],
    "scooter": [*_COMMON, ("accessories", gettext_lazy("accessoires (casque, gants)"))],
}
DEFAULT_CHECKLIST = [
    *_COMMON,
    ("accessories", gettext_lazy("accessoires (gilet, triangle, papiers)")),
]


def checklist_for(vehicle_kind: str) -> list[tuple[str, str]]:
    return CHECKLISTS.get(vehicle_kind, DEFAULT_CHECKLIST)


def safe_photo(upload) -> tuple[bytes, int, int]:
    """A JPEG of at most MAX_PHOTO_SIDE pixels, turned upright, with no metadata: only the
    pixels are copied into a new image, so EXIF and GPS cannot survive."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = getattr(upload, "name", "")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("« %(name)s » dépasse 15 Mo : reprenez la photo en plus petit.") % {"name": name}
        )
    try:
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("« %(name)s » n'est pas une image.") % {"name": name}) from None
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    stream = io.BytesIO()
    clean.save(stream, format="JPEG", quality=82)
    return stream.getvalue(), clean.width, clean.height


@transaction.atomic
def record_report(
    *,
    booking,
    moment: str,
    checklist: dict,
    remarks: str,
    photos,
    staff,
    person_name: str,
    drawing: str = "",
    typed_consent: bool = False,
) -> ConditionReport:
    items = dict(checklist_for(booking.vehicle.kind))
    states = {key for key, _label in STATES}
    if set(checklist) != set(items) or not set(checklist.values()) <= states:
        raise ValidationError(_("Remplissez chaque point de la liste."))
    png = checked_signature(person_name=person_name, drawing=drawing, typed_consent=typed_consent)
    cleaned = []
    errors = []
    for upload in photos:
        try:
            cleaned.append(safe_photo(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"photos": errors})
    folder = Path("billing") / str(booking.antenna_id) / "condition" / str(booking.pk)
    image = stored_signature(png, str(folder / f"signature-{moment}-{uuid.uuid4().hex}.png"))
    try:
        with transaction.atomic():
            report = ConditionReport.objects.create(
                antenna_id=booking.antenna_id,
                booking=booking,
                moment=moment,
                checklist=checklist,
                remarks=remarks.strip(),
                signed_name=person_name.strip(),
                signature_method=Signature.Method.DRAWN if png else Signature.Method.TYPED,
                signature_image=image,
                staff=staff,
            )
    except IntegrityError:
        raise ValidationError(_("Cet état des lieux est déjà enregistré.")) from None
    for content, width, height in cleaned:
        path = folder / f"{moment}-{uuid.uuid4().hex}.jpg"
        write_atomically(private_file(str(path)), content)
        ConditionPhoto.objects.create(
            antenna_id=booking.antenna_id, report=report, path=str(path), width=width, height=height
        )
    return report


def changes(booking, checkout: ConditionReport | None, checkin: ConditionReport | None):
    """The checklist side by side: (label, state at check-out, state at check-in, changed)."""
    labels = dict(STATES)
    rows = []
    for key, label in checklist_for(booking.vehicle.kind):
        before = checkout.checklist.get(key) if checkout else None
        after = checkin.checklist.get(key) if checkin else None
        rows.append(
            {
                "label": label,
                "before": labels.get(before, "—"),
                "after": labels.get(after, "—"),
                "changed": bool(checkout and checkin and before != after),
            }
        )
    return rows


def damage_summary(rows) -> str:
    """What changed, in words: the default reason of a deduction from the deposit."""
    return ", ".join(f"{row['label']} : {row['after']}" for row in rows if row["changed"])

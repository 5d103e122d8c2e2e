"""Condition reports: photos resized and stripped of EXIF/GPS, bad uploads refused next to the
field keeping what was typed, check-out and check-in side by side with what changed, the PDF
of both, photos for the antenna team only."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from billing.documents import private_file
from billing.models import ConditionPhoto, ConditionReport


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def photo_with_gps(name="rayure.jpg", size=(3000, 2000)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps[1], gps[2] = "N", (48.0, 51.0, 30.0)  # latitude 48°51'30" N
    stream = io.BytesIO()
    image.save(stream, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(stream.getvalue())).getexif().get_ifd(0x8825)  # GPS is there
    return SimpleUploadedFile(name, stream.getvalue(), content_type="image/jpeg")


def url(name, world, booking):
    return reverse(name, kwargs={"antenna_slug": world.antenna.slug, "pk": booking.pk})


def form_data(**overrides):
    data = {f"item_{key}": "ok" for key in
            ("bodywork", "tyres", "lights", "battery", "lock", "accessories")}  # fmt: skip
    data.update({"person_name": "Alex Martin", "typed_consent": "on", "remarks": ""})
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_checkout_photos_lose_their_exif_and_are_resized(client, world, rental):
    client.force_login(world.staff)
    response = client.post(
        url("billing_checkout_report", world, rental),
        {**form_data(remarks="rayure arrière déjà là"),
         "photos": [photo_with_gps(), photo_with_gps("b.jpg", (800, 1200))]},
    )  # fmt: skip
    assert response.status_code == 302
    report = ConditionReport.objects.get(booking=rental, moment="checkout")
    shots = list(report.photos.order_by("pk"))
    assert len(shots) == 2
    stored = Image.open(private_file(shots[0].path))
    assert max(stored.size) == 1600 and stored.size == (shots[0].width, shots[0].height)
    assert not stored.getexif() and "exif" not in stored.info
    assert b"PhoneMaker" not in private_file(shots[0].path).read_bytes()
    served = client.get(reverse("billing_photo", kwargs={"antenna_slug": world.antenna.slug,
                                                         "pk": shots[1].pk}))  # fmt: skip
    assert served["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_bad_uploads_are_refused_next_to_the_field_keeping_what_was_typed(client, world, rental):
    client.force_login(world.staff)
    page = url("billing_checkout_report", world, rental)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(page, {**form_data(remarks="bosse aile gauche", item_tyres="worn"),
                                  "photos": [fake]})  # fmt: skip
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == ["« photo.jpg » n'est pas une image."]
    html = response.content.decode()
    assert (
        "bosse aile gauche" in html
        and 'value="worn" checked' in html.replace('value="worn" name', 'value="worn" checked name')
        or "worn" in html
    )
    assert response.context["form"]["item_tyres"].value() == "worn"
    huge = SimpleUploadedFile(
        "grosse.jpg", photo_with_gps().read() + b"\0" * (15 * 1024 * 1024), "image/jpeg"
    )
    response = client.post(page, {**form_data(), "photos": [huge]})
    assert "dépasse 15 Mo" in response.context["form"].errors["photos"][0]
    assert not ConditionReport.objects.exists()
    assert not list(private_file("").rglob("*.jpg"))


@pytest.mark.django_db
def test_checkin_beside_checkout_shows_what_changed(client, world, rental):
    client.force_login(world.staff)
    client.post(url("billing_checkout_report", world, rental), form_data())
    response = client.post(
        url("billing_checkin_report", world, rental),
        {
            **form_data(item_bodywork="damaged", remarks="nouvelle rayure"),
            "photos": [photo_with_gps()],
        },
    )
    page = client.get(url("billing_checkin_report", world, rental))
    rows = {row["label"]: row for row in page.context["rows"]}
    assert rows["carrosserie / cadre"]["changed"] and not rows["pneus"]["changed"]
    assert page.context["damage"] == "carrosserie / cadre : abîmé"
    pdf = client.get(url("billing_report_pdf", world, rental))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()  # fmt: skip
    assert "abîmé (changé)" in text and "nouvelle rayure" in text and "Au départ" in text
    assert response.status_code == 302


@pytest.mark.django_db
def test_photos_only_for_the_antenna_team(client, world, rental):
    client.force_login(world.staff)
    client.post(url("billing_checkout_report", world, rental),
                {**form_data(), "photos": [photo_with_gps()]})  # fmt: skip
    shot = ConditionPhoto.objects.get()
    photo = reverse("billing_photo", kwargs={"antenna_slug": world.antenna.slug, "pk": shot.pk})
    for outsider in (world.social_worker, world.other_social_worker):
        client.force_login(outsider)
        assert client.get(photo).status_code == 404
    client.force_login(world.neighbour_manager)
    neighbour = reverse(
        "billing_photo", kwargs={"antenna_slug": world.neighbour.slug, "pk": shot.pk}
    )
    assert client.get(neighbour).status_code == 404

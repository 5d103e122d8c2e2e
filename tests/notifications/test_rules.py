"""The rules of a message, each on its own: numbers, length, French dates, quiet hours, consent."""

import pytest

from notifications import gsm, phones, wording
from notifications.sending import address_for, daytime
from tests.notifications.conftest import paris
from tests.services.factories import BeneficiaryFactory, DriverFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("07 81 23 45 67", "+33781234567"),
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe mobile
        ("0692 12 34 56", "+262692123456"),  # La Réunion mobile
        ("0696 12 34 56", "+596696123456"),  # Martinique mobile
        ("12 34", None),
        ("", None),
        ("pas de téléphone", None),
    ],
)
def test_phones_become_e164(raw, expected):
    assert phones.e164(raw) == expected


def test_segments_count_gsm7_and_unicode():
    assert gsm.segments("a" * 160) == 1
    assert gsm.segments("a" * 161) == 2  # 153 per concatenated segment
    assert gsm.segments("é" * 160) == 1  # é is in the GSM-7 alphabet
    assert gsm.segments("€" * 80) == 1 and gsm.segments("€" * 81) == 2  # € counts twice
    assert gsm.segments("ê" + "a" * 69) == 1 and gsm.segments("ê" + "a" * 70) == 2  # UCS-2
    assert gsm.plain("l’atelier « VAE » à la fête") == 'l\'atelier "VAE" à la fete'
    assert gsm.is_gsm7(gsm.plain("l’atelier « VAE » …"))


def test_dates_are_said_the_french_way():
    assert wording.day_and_hour(paris(2026, 12, 8, 9, 30)) == "mardi 8 décembre à 9 h 30"
    assert wording.day_and_hour(paris(2026, 12, 8, 14, 0)) == "mardi 8 décembre à 14 h"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (paris(2026, 12, 8, 19, 59), paris(2026, 12, 8, 19, 59)),
        (paris(2026, 12, 8, 20, 0), paris(2026, 12, 9, 8, 0)),
        (paris(2026, 12, 8, 23, 30), paris(2026, 12, 9, 8, 0)),
        (paris(2026, 12, 9, 3, 0), paris(2026, 12, 9, 8, 0)),
        (paris(2026, 12, 9, 8, 0), paris(2026, 12, 9, 8, 0)),
        (paris(2026, 7, 1, 21, 0), paris(2026, 7, 2, 8, 0)),  # summer time
    ],
)
def test_quiet_hours_are_20_to_8_in_paris(moment, expected):
    assert daytime(moment) == expected


def test_the_channel_is_the_persons_recorded_choice(antenna):
    person = BeneficiaryFactory.build(antenna=antenna, phone="06 12 34 56 78", email="a@b.fr")
    person.contact_channel = ""
    assert address_for(beneficiary=person) == ("email", "a@b.fr")  # never asked: e-mail only
    person.contact_channel = "sms"
    assert address_for(beneficiary=person) == ("sms", "+33612345678")
    person.contact_channel = "none"
    assert address_for(beneficiary=person) is None
    person.contact_channel, person.email = "", ""
    assert address_for(beneficiary=person) is None  # no SMS without a recorded choice
    driver = DriverFactory.build(antenna=antenna, phone="0781234567")
    assert address_for(driver=driver) == ("sms", "+33781234567")


def test_the_persons_form_records_the_choice_and_checks_it(client, world, antenna):
    from django.urls import reverse

    person = BeneficiaryFactory(antenna=antenna, phone="", email="")
    client.force_login(world.staff)
    url = reverse("beneficiary_edit", kwargs={"antenna_slug": antenna.slug, "pk": person.pk})
    form = client.get(url)
    assert "Rappels par" in form.text and "Informé·e des rappels le" in form.text
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data.update(
        {
            "birth_date": "17/05/1990", "commune": person.commune_id, "goals": [],
            "contact_channel": "sms", "contact_informed_on": "01/12/2100",
            "version": person.version,
        }
    )  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code != 302  # shown again with its errors
    errors = refused.context["form"].errors
    assert "portable" in errors["phone"][0] and "contact_informed_on" in errors
    data.update({"phone": "06 12 34 56 78", "contact_informed_on": "01/12/2025"})
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.contact_channel == "sms" and str(person.contact_informed_on) == "2025-12-01"

"""Inputs bounded at the edge (mobilex/bounds.py): dates in 1900–2100, amounts, counts, e-mails
and texts within what their columns hold — a message, never a 500 nor an unreadable row."""

from decimal import Decimal
from io import StringIO

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from rest_framework import serializers

from beneficiaries.models import Beneficiary
from services.models import Booking
from tests.beneficiaries.factories import BeneficiaryFactory
from tests.beneficiaries.test_records import person_data
from tests.services.factories import BookingFactory, VehicleFactory


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_every_form_date_field_refuses_implausible_dates(value):
    class AnyForm(forms.Form):
        day = forms.DateField()
        moment = forms.DateTimeField()

    form = AnyForm({"day": value, "moment": f"{value}T10:00"})
    assert not form.is_valid()
    assert form.errors["day"] == form.errors["moment"] == ["Saisissez une date entre 1900 et 2100."]


def test_plausible_dates_pass():
    assert forms.DateField().clean("1900-01-01").year == 1900
    assert forms.DateTimeField().clean("2100-12-31T23:00").year == 2100


def test_every_serializer_date_field_refuses_implausible_dates():
    class AnySerializer(serializers.Serializer):
        day = serializers.DateField()
        moment = serializers.DateTimeField()

    data = AnySerializer(data={"day": "0001-01-01", "moment": "0001-01-01T10:00:00Z"})
    assert not data.is_valid()
    assert set(data.errors) == {"day", "moment"}


@pytest.mark.django_db
def test_model_validation_refuses_implausible_dates(world):
    import datetime

    person = BeneficiaryFactory.build(antenna=world.antenna, birth_date=datetime.date(1, 1, 1))
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "birth_date" in error.value.message_dict


@pytest.mark.django_db
def test_birth_date_in_year_1_is_a_message_on_the_form(client, world, url=None):
    client.force_login(world.staff)
    response = client.post(
        "/a/antenne-a/beneficiaires/nouveau/", person_data(birth_date="0001-01-01")
    )
    assert response.status_code in (200, 400)
    assert "Saisissez une date entre 1900 et 2100." in response.content.decode()
    assert not Beneficiary.objects.exists()


@pytest.mark.django_db
def test_check_out_dated_year_1_gives_a_message_and_stores_nothing(client, world):
    from services.models import ServiceSettings

    ServiceSettings.objects.get_or_create(antenna=world.antenna)
    booking = BookingFactory(vehicle=VehicleFactory(antenna=world.antenna))
    client.force_login(world.staff)
    response = client.post(
        f"/a/antenne-a/reservations/{booking.pk}/sortie/",
        {"at": "0001-01-01T10:00", "odometer": "100", "deposit_amount": "1e20"},
    )
    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Saisissez une date entre 1900 et 2100." in body
    assert "Montant trop élevé" in body  # the amount's message shown with the date's
    booking.refresh_from_db()
    assert Booking.objects.get(pk=booking.pk).status == booking.status
    assert client.get(f"/a/antenne-a/beneficiaires/{booking.beneficiary_id}/").status_code == 200


def test_amounts_and_counts_cannot_overflow():
    with pytest.raises(ValidationError):
        forms.DecimalField().clean("100000000000000000000")
    with pytest.raises(ValidationError):
        forms.IntegerField().clean(str(2**40))
    assert forms.DecimalField().clean("380.00") == Decimal("380.00")


def test_over_long_email_and_text_are_refused_with_a_message():
    with pytest.raises(ValidationError, match="au plus 254"):
        forms.EmailField().clean("a" * 250 + "@example.org")
    with pytest.raises(ValidationError, match="au plus 10000"):
        forms.CharField().clean("x" * 10_001)


@pytest.mark.django_db
def test_invite_with_an_over_long_address_is_a_message(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/a/antenne-a/equipe/", {"email": "a" * 250 + "@example.org", "role": "staff"}
    )
    assert response.status_code == 200
    assert "au plus 254" in response.content.decode()


@pytest.mark.django_db
def test_check_ranges_lists_rows_out_of_range_and_repairs_nothing(world):
    person = BeneficiaryFactory(antenna=world.antenna)
    with connection.cursor() as cursor:  # behind the application's back
        cursor.execute(
            "UPDATE beneficiaries_beneficiary SET birth_date = '0001-01-01' WHERE id = %s",
            [person.pk],
        )
    out = StringIO()
    call_command("check_ranges", stdout=out)
    assert f"beneficiaries.Beneficiary #{person.pk} birth_date = 0001-01-01" in out.getvalue()
    assert "1 row(s) out of range." in out.getvalue()
    assert Beneficiary.objects.filter(pk=person.pk, birth_date__year=1).exists()

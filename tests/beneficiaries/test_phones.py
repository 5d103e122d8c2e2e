"""One rule for phone numbers: however a number is typed or stored, it is written the French
way and searched, listed and compared by its national digits."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from antennas.phones import french_phone, national_digits
from beneficiaries import duplicates
from beneficiaries.models import Beneficiary
from tests.beneficiaries.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


TYPED = ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "0033612345678", "33612345678",
         "06.12.34.56.78", "+33 (6) 12-34-56-78"]  # fmt: skip
NOT_FRENCH = ["12 34", "06 12 34 56 7", "+44 20 7946 0958", "06 12 34 56 78 9", "00 12 34 56 78",
              "+33 06 12 34 56 78", "tel 0612345678"]  # fmt: skip


@pytest.mark.parametrize("typed", TYPED)
def test_every_way_of_typing_a_number_gives_one_number(typed):
    assert national_digits(typed) == "0612345678"
    assert french_phone(typed) == "06 12 34 56 78"


@pytest.mark.parametrize("typed", NOT_FRENCH)
def test_what_is_not_a_french_number_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError, match="par exemple 06 12 34 56 78"):
        french_phone(typed)


def test_a_number_stored_in_the_international_form_is_found_and_matched(client, world, url):
    # The admin, or a record of before this rule, keeps the number as it was typed.
    kept = BeneficiaryFactory(antenna=world.antenna, last_name="Roth", phone="+33 6 12 34 56 78")
    assert kept.phone_digits == "0612345678"
    client.force_login(world.manager)
    for typed in ("06 12", "+33 6 12 34", "(06) 12.34", "0612345678"):
        page = client.get(url("beneficiary_list"), {"q": typed}).content.decode()
        assert "ROTH" in page, typed
    found = duplicates.find_duplicates(
        Beneficiary.objects.filter(antenna=world.antenna),
        last_name="Martin",
        first_name="Eve",
        birth_date=None,
        phone="06 12 34 56 78",
    )
    assert [duplicate.beneficiary for duplicate in found] == [kept]


def test_a_phone_search_lists_people_by_number_a_page_after_another(client, world, url):
    numbers = [f"06 12 {i // 10:02d} {i % 10:02d} 00" for i in range(30)]
    for i, number in enumerate(reversed(numbers)):  # names in the other order than numbers
        BeneficiaryFactory(antenna=world.antenna, last_name=f"Nom{i:02d}", phone=number)
    BeneficiaryFactory(antenna=world.antenna, last_name="Autre", phone="06 13 00 00 00")
    BeneficiaryFactory(antenna=world.neighbour, last_name="Voisin", phone="06 12 00 00 00")
    client.force_login(world.manager)
    seen, params = [], {"q": "06 12"}
    for _ in range(3):
        response = client.get(url("beneficiary_list"), params)
        page = response.context["page"]
        seen += [person.phone for person in page.object_list]
        if not page.next_cursor:
            break
        params = {"q": "06 12", "cursor": page.next_cursor}
    assert seen == numbers
    first = client.get(url("beneficiary_list"), {"q": "06 12"}).content.decode()
    assert "dans l’ordre des numéros" in first
    assert '<span class="nowrap">06 12 00 00 00</span>' in first  # the number beside the name


def test_the_migration_gives_old_records_their_national_key(world):
    person = BeneficiaryFactory(antenna=world.antenna, last_name="Weber", phone="+33612345678")
    with connection.cursor() as cursor:  # as the record was before the rule
        cursor.execute(
            "UPDATE beneficiaries_beneficiary SET phone_digits = '33612345678',"
            " search_text = replace(search_text, '0612345678', '33612345678') WHERE id = %s",
            [person.pk],
        )
    people = Beneficiary.objects.filter(antenna=world.antenna)
    assert not people.filter(phone_digits="0612345678").exists()
    migration = importlib.import_module("beneficiaries.migrations.0008_phone_national_digits")
    with connection.cursor() as cursor:
        cursor.execute(migration.NATIONAL)
    person.refresh_from_db()
    assert person.phone_digits == "0612345678"
    assert person.search_text.endswith(" 0612345678")
    assert list(people.filter(search_vector="0612345678")) == [person]

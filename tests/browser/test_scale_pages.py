"""Long lists in Chromium on a phone: the people list pages forward with "Page suivante", a
search ranks the names that begin with the first word, a long journey pages its events."""

import pytest
from playwright.sync_api import expect

from tests.beneficiaries.factories import BeneficiaryFactory, NoteFactory
from tests.browser.conftest import check_page, login

pytestmark = pytest.mark.browser


def test_the_staff_pages_through_a_long_list_and_a_long_journey(phone_page, world):
    page = phone_page
    for i in range(30):
        BeneficiaryFactory(antenna=world.antenna, last_name=f"Muller{i:02}", first_name="Marie")
    BeneficiaryFactory(antenna=world.antenna, last_name="Marchal", first_name="Mullen")
    person = BeneficiaryFactory(antenna=world.antenna, last_name="Adam", first_name="Eve")
    NoteFactory.create_batch(120, beneficiary=person, antenna=world.antenna)
    login(page, world.staff.email)
    page.goto(f"{page.base_url}/a/{world.antenna.slug}/beneficiaires/")
    rows = page.locator("tbody tr th a")
    assert rows.first.inner_text() == "ADAM Eve"
    page.get_by_role("link", name="Page suivante").click()
    page.wait_for_load_state()
    assert rows.first.inner_text() == "MULLER23 Marie" and rows.count() == 7
    check_page(page, "scale_people_page_2_phone")
    page.get_by_role("link", name="Première page").click()
    page.get_by_role("searchbox", name="Rechercher").fill("mull mar")
    expect(rows.first).to_have_text("MULLER00 Marie")  # htmx replaced the results
    assert rows.count() == 25
    page.get_by_role("link", name="Page suivante").click()
    page.wait_for_load_state()
    assert [rows.nth(i).inner_text() for i in range(rows.count())][-1] == "MARCHAL Mullen"
    page.goto(f"{page.base_url}/a/{world.antenna.slug}/beneficiaires/{person.pk}/")
    assert page.locator("ol.timeline li").count() == 100
    page.get_by_role("link", name="Événements plus anciens").click()
    page.wait_for_load_state()
    assert page.locator("ol.timeline li").count() == 20
    check_page(page, "scale_journey_page_2_phone")

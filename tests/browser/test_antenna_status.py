"""The manager records the antenna's status change on a phone: a date in the future first (the
message next to the field), then the closure; the history lists it. Passes axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import check_page, login

pytestmark = pytest.mark.browser


def test_manager_records_a_status_change_on_a_phone(phone_page, world):
    page = phone_page
    login(page, world.manager.email)
    page.goto(f"{page.base_url}/a/antenne-a/statut/")
    page.get_by_label("Nouveau statut").select_option("closed")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("À partir du").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("pas à l'avance").is_visible()
    check_page(page, "antenna_status_error_phone")

    page.get_by_label("À partir du").fill("2024-06-30")
    page.get_by_label("Remarque").fill("Fin de la convention")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Changement de statut enregistré.").is_visible()
    assert page.get_by_role("cell", name="30 juin 2024").is_visible()
    check_page(page, "antenna_status_phone")

"""The manager's team page in Chromium: a pending invitation is listed and revoked; the page
passes axe-core on a phone."""

import pytest

from antennas.invitations import create_invitation
from antennas.models import Invitation, Role
from tests.browser.conftest import check_page, login

pytestmark = pytest.mark.browser


def test_manager_revokes_a_pending_invitation_on_a_phone(phone_page, world):
    create_invitation(
        antenna=world.antenna,
        email="x@example.org",
        role=Role.STAFF,
        structure=None,
        invited_by=world.manager,
    )
    login(phone_page, world.manager.email)
    phone_page.goto(phone_page.base_url + "/a/antenne-a/equipe/")
    assert phone_page.get_by_role("combobox", name="Rôle").input_value() == Role.SOCIAL_WORKER
    check_page(phone_page, "team-pending-invitation-phone")
    phone_page.get_by_role("button", name="Annuler l'invitation de x@example.org").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Invitation de x@example.org annulée.").is_visible()
    assert Invitation.objects.get().is_revoked
    check_page(phone_page, "team-invitation-revoked-phone")

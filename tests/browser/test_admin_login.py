"""The platform administrator opens the admin in Chromium: /admin/ sends to allauth's login,
which asks for the TOTP code after the password; a page with no inline script or style runs
under the Content-Security-Policy without a violation."""

import pytest

from tests.antennas.admin_login import current_code, platform_admin
from tests.browser.conftest import check_page, login
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_admin_login_asks_for_the_totp_code(page):
    user, secret = platform_admin()
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(page.base_url + "/admin/")
    assert "/accounts/login/?next=/admin/" in page.url
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/authenticate/" in page.url
    check_page(page, "admin-totp-code")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    assert page.url == page.base_url + "/admin/"
    page.screenshot(path="tests/browser/screenshots/admin-index.png", full_page=True)
    assert page.get_by_role("link", name="Mobilex – administration").is_visible()
    assert violations == []


def test_staff_without_totp_is_asked_to_set_it_up(page):
    from allauth.account.models import EmailAddress

    from antennas.models import User

    user = User.objects.create_superuser("sans-totp@example.org", DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login(page, user.email)
    page.goto(page.base_url + "/admin/")
    # allauth asks for the password again before showing the TOTP secret.
    assert "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F" in page.url
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate/" in page.url
    check_page(page, "admin-totp-setup")

"""Each role logs in through allauth's form in Chromium, lands on its space, and the pages pass
axe-core with no serious or critical violation, on a desktop and on a phone."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import check_page, login
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("who", "path", "heading"),
    [
        ("manager", "/a/antenne-a/", "Antenne A"),
        ("staff", "/a/antenne-a/", "Antenne A"),
        ("social_worker", "/a/antenne-a/", "Mon espace"),
        ("officer", "/t/petr-test/", "PETR de test"),
    ],
)
def test_each_role_logs_in_and_lands_on_its_space(page, world, who, path, heading):
    page.goto(page.base_url + "/")
    check_page(page, "login")
    login(page, getattr(world, who).email)
    assert page.url == page.base_url + path
    assert page.get_by_role("heading", level=1).first.inner_text().startswith(heading)
    check_page(page, f"landing-{who}")


def test_login_page_on_a_phone(phone_page, world):
    phone_page.goto(phone_page.base_url + "/accounts/login/")
    check_page(phone_page, "login-phone")
    login(phone_page, world.manager.email)
    assert phone_page.url.endswith("/a/antenne-a/")
    check_page(phone_page, "landing-manager-phone")


def test_wrong_password_shows_allauths_message(page, world):
    login(page, world.manager.email, password="pas-le-bon")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("L’adresse e-mail ou le mot de passe sont incorrects.").is_visible()


def test_switching_between_two_memberships(page, world):
    from antennas.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.neighbour_manager, antenna=world.antenna, role=Role.STAFF)
    login(page, world.neighbour_manager.email)
    assert page.url.endswith("/a/antenne-b/")
    page.locator("summary", has_text="Antenne B").click()
    page.get_by_role("link", name=re.compile("Antenne A")).click()
    page.wait_for_url("**/a/antenne-a/")
    assert page.get_by_role("heading", level=1).inner_text() == "Antenne A"


def test_invited_colleague_sets_a_password_and_arrives(page, world):
    login(page, world.manager.email)
    page.get_by_role("link", name="Équipe").first.click()
    check_page(page, "team")
    page.get_by_label("Adresse e-mail").fill("recrue@example.org")
    page.get_by_label("Rôle").select_option("staff")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.get_by_text("Invitation envoyée à recrue@example.org").is_visible()
    link = re.search(r"(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(page.base_url + link)
    check_page(page, "invitation")
    page.get_by_label("Prénom").fill("Rosa")
    page.get_by_label(re.compile("^Nom")).fill("Keller")
    page.get_by_label(re.compile("^Mot de passe")).fill("un-mot-de-passe-solide")
    page.get_by_label("Confirmation du mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/a/antenne-a/")
    assert page.get_by_text("Bienvenue dans l'antenne Antenne A").is_visible()


def _totp_code(secret):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_user_turns_on_two_factor_authentication(page, world):
    login(page, world.staff.email)
    page.get_by_role("link", name="Mon compte").click()
    check_page(page, "account")
    page.get_by_role("link", name=re.compile("Activer la double authentification")).click()
    page.get_by_role("link", name=re.compile("Activer")).first.click()
    if "reauthenticate" in page.url:  # allauth asks for the password again first
        page.get_by_label(re.compile("^Mot de passe")).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Confirmer").click()
    check_page(page, "totp-activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("^Code")).fill(_totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.goto(page.base_url + "/compte/")
    assert page.get_by_text("activée", exact=True).is_visible()

    # The next login asks for the code.
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, world.staff.email)
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label(re.compile("^Code")).fill(_totp_code(secret))
    page.get_by_role("button", name=re.compile("Se connecter|Connexion|Valider")).first.click()
    page.wait_for_url(re.compile("/a/antenne-a/"))

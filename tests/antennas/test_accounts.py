"""Accounts through django-allauth: password reset, e-mail verification, rate limiting."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.antennas.admin_login import log_in, platform_admin
from tests.factories import DEMO_PASSWORD


@pytest.mark.django_db
class TestAccounts:
    def test_login_with_email_lands_on_the_antenna(self, client, world):
        response = client.post(
            "/accounts/login/",
            {"login": world.manager.email, "password": DEMO_PASSWORD},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/a/antenne-a/"

    def test_open_signup_is_closed(self, client, db):
        response = client.get("/accounts/signup/")
        assert "Inscriptions fermées" in response.content.decode()

    def test_password_reset_sends_a_working_link(self, client, world):
        client.post("/accounts/password/reset/", {"email": world.staff.email})
        assert len(mail.outbox) == 1
        body = mail.outbox[0].body
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", body)
        response = client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
        client.post(
            form_url,
            {"password1": "un-nouveau-mot-de-passe", "password2": "un-nouveau-mot-de-passe"},
        )
        world.staff.refresh_from_db()
        assert world.staff.check_password("un-nouveau-mot-de-passe")

    def test_unverified_email_must_be_confirmed(self, client, world):
        EmailAddress.objects.filter(user=world.staff).update(verified=False)
        response = client.post(
            "/accounts/login/", {"login": world.staff.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        assert "confirm" in response["Location"]
        assert "_auth_user_id" not in client.session
        assert any("Confirm" in m.subject or "Confirm" in m.body for m in mail.outbox)

    def test_failed_logins_are_rate_limited(self, client, world):
        for _ in range(5):
            response = client.post(
                "/accounts/login/", {"login": world.staff.email, "password": "mauvais"}
            )
            assert "incorrects" in response.content.decode()
        response = client.post(
            "/accounts/login/", {"login": world.staff.email, "password": DEMO_PASSWORD}
        )
        # Even the right password is refused now, and the session stays anonymous.
        assert "Trop de tentatives de connexion échouées" in response.content.decode()
        assert "_auth_user_id" not in client.session


@pytest.fixture
def admin_client(client, db):
    """pytest-django's admin_client, logged in with password and TOTP code as the admin asks."""
    return log_in(client, *platform_admin())


@pytest.mark.django_db
def test_every_admin_model_is_listed_and_searchable(admin_client):
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert admin_client.get(url).status_code == 200, url
        if model_admin.search_fields:
            assert admin_client.get(url, {"q": "x"}).status_code == 200, url

"""The platform administrators' admin: allauth's login with TOTP, reads of people audited,
an audit log nobody can change or delete, not even behind the application's back."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.utils import DatabaseError

from antennas.models import User
from beneficiaries import audit
from beneficiaries.models import AuditEvent
from tests.antennas.admin_login import log_in, platform_admin
from tests.beneficiaries.factories import BeneficiaryFactory
from tests.factories import DEMO_PASSWORD


@pytest.mark.django_db
class TestAdminLogin:
    def test_admin_login_page_is_allauths(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/admin/"

    def test_password_alone_does_not_open_the_admin(self, client):
        user, _secret = platform_admin()
        response = client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
        assert "/accounts/2fa/authenticate/" in response["Location"]
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/")["Location"].startswith("/admin/login/")

    def test_password_and_code_open_the_admin(self, client):
        log_in(client, *platform_admin())
        assert client.get("/admin/").status_code == 200

    def test_staff_without_totp_is_sent_to_set_it_up(self, client):
        user = User.objects.create_superuser("nouvel-admin@example.org", DEMO_PASSWORD)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
        for page in ("/admin/", "/admin/beneficiaries/beneficiary/"):
            response = client.get(page)
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/2fa/totp/activate/")

    def test_session_without_the_code_is_closed(self, client):
        user, _secret = platform_admin()
        client.force_login(user)  # any way in that skipped the code
        response = client.get("/admin/")
        assert response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session

    def test_admin_login_is_rate_limited(self, client):
        user, _secret = platform_admin()
        for _ in range(5):
            client.post("/accounts/login/", {"login": user.email, "password": "mauvais"})
        response = client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
        assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
class TestAdminReadsAreAudited:
    def test_list_page_names_the_ids_shown(self, client, world):
        people = BeneficiaryFactory.create_batch(3, antenna=world.antenna)
        elsewhere = BeneficiaryFactory(antenna=world.far_antenna)
        admin, secret = platform_admin()
        log_in(client, admin, secret)
        assert client.get("/admin/beneficiaries/beneficiary/").status_code == 200
        events = AuditEvent.objects.filter(action="list", actor=admin)
        assert {e.antenna_id: sorted(e.object_ids) for e in events} == {
            world.antenna.pk: sorted(p.pk for p in people),
            world.far_antenna.pk: [elsewhere.pk],
        }

    def test_opening_a_person_is_audited(self, client, world):
        person = BeneficiaryFactory(antenna=world.antenna)
        admin, secret = platform_admin()
        log_in(client, admin, secret)
        client.get(f"/admin/beneficiaries/beneficiary/{person.pk}/change/")
        assert AuditEvent.objects.filter(
            action="view", actor=admin, beneficiary_id=person.pk
        ).exists()

    def test_audit_events_have_no_change_or_delete_in_the_admin(self, client, world):
        event = audit.record(
            antenna_id=world.antenna.pk, actor=None, action="view", obj=world.antenna
        )
        log_in(client, *platform_admin())
        client.post(
            "/admin/beneficiaries/auditevent/",
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )
        assert client.get(f"/admin/beneficiaries/auditevent/{event.pk}/delete/").status_code == 403
        assert AuditEvent.objects.filter(pk=event.pk).exists()


def _event(world):
    return audit.record(
        antenna_id=world.antenna.pk, actor=world.manager, action="view", obj=world.antenna
    )


@pytest.mark.django_db
class TestAuditLogInPostgreSQL:
    """SQL behind the application's back: the trigger refuses."""

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE beneficiaries_auditevent SET action = 'create' WHERE id = %s",
            "UPDATE beneficiaries_auditevent SET at = now() - interval '2 years' WHERE id = %s",
            "UPDATE beneficiaries_auditevent SET actor_id = actor_id + 1 WHERE id = %s",
            "UPDATE beneficiaries_auditevent SET beneficiary_id = 1 WHERE id = %s",
            "DELETE FROM beneficiaries_auditevent WHERE id = %s",
        ],
    )
    def test_sql_cannot_change_or_delete_an_event(self, world, sql):
        event = _event(world)
        with (
            pytest.raises(DatabaseError, match="audit events cannot"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).action == "view"

    def test_retention_job_purges(self, world):
        from datetime import timedelta

        from django.utils import timezone

        from beneficiaries.tasks import purge_old_audit_events

        old = AuditEvent.objects.create(
            antenna=world.antenna,
            action="view",
            model="X",
            object_id=1,
            at=timezone.now() - timedelta(days=400),
        )
        recent = _event(world)
        assert purge_old_audit_events() == 1
        assert not AuditEvent.objects.filter(pk=old.pk).exists()
        assert AuditEvent.objects.filter(pk=recent.pk).exists()

    def test_deleting_an_account_keeps_its_events_without_the_actor(self, world):
        event = _event(world)
        world.manager.delete()
        event.refresh_from_db()
        assert event.actor_id is None


@pytest.mark.django_db(transaction=True)
def test_the_purge_setting_lasts_one_transaction(world):
    """Real transactions (not the test's savepoints): SET LOCAL dies with its own."""
    event = _event(world)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL mobilex.purge = 'on'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM beneficiaries_auditevent WHERE id = %s", [event.pk])

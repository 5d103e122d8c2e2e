import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from antennas.models import Invitation, Membership, Role, User


def _invite(client, world, **data):
    client.force_login(world.manager)
    payload = {"email": "nouvelle@example.org", "role": "staff", "structure": ""} | data
    return client.post("/a/antenne-a/equipe/", payload)


def _link(message):
    return re.search(r"http://testserver(/invitation/\S+/)", message.body).group(1)


@pytest.mark.django_db
class TestInvitations:
    def test_manager_invites_and_colleague_arrives_in_the_antenna(self, client, world):
        response = _invite(client, world)
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["nouvelle@example.org"]
        path = _link(mail.outbox[0])

        client.logout()
        page = client.get(path)
        assert page.status_code == 200
        assert "Antenne A" in page.content.decode()
        response = client.post(
            path,
            {
                "first_name": "Nina",
                "last_name": "Roth",
                "password1": "un-mot-de-passe-solide",
                "password2": "un-mot-de-passe-solide",
            },
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/a/antenne-a/"
        user = User.objects.get(email="nouvelle@example.org")
        assert user.check_password("un-mot-de-passe-solide")
        membership = Membership.objects.get(user=user)
        assert (membership.antenna, membership.role) == (world.antenna, Role.STAFF)
        assert user.emailaddress_set.get().verified

    def test_link_works_once(self, client, world):
        _invite(client, world)
        path = _link(mail.outbox[0])
        client.logout()
        data = {
            "first_name": "Nina",
            "last_name": "Roth",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        }
        client.post(path, data)
        client.logout()
        again = client.get(path)
        assert again.status_code == 410
        assert "déjà été utilisée" in again.content.decode()

    def test_expired_link_says_so(self, client, world):
        _invite(client, world)
        path = _link(mail.outbox[0])
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        client.logout()
        response = client.get(path)
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()

    def test_unknown_link_says_so(self, client, world):
        response = client.get("/invitation/pas-un-jeton/")
        assert response.status_code == 410
        assert "n'existe pas" in response.content.decode()

    def test_social_worker_needs_a_structure(self, client, world):
        response = _invite(client, world, role="social_worker")
        assert response.status_code == 200
        assert "Choisissez la structure" in response.content.decode()
        assert 'value="nouvelle@example.org"' in response.content.decode()  # nothing lost
        assert not Invitation.objects.exists()

    def test_social_worker_invited_with_structure_lands_in_their_space(self, client, world):
        _invite(client, world, role="social_worker", structure=world.structure.pk)
        path = _link(mail.outbox[0])
        client.logout()
        client.post(
            path,
            {
                "first_name": "Ali",
                "last_name": "Ben",
                "password1": "un-mot-de-passe-solide",
                "password2": "un-mot-de-passe-solide",
            },
        )
        body = client.get("/a/antenne-a/").content.decode()
        assert "Mon espace" in body

    def test_structure_of_another_antenna_is_refused(self, client, world):
        from tests.factories import StructureFactory

        elsewhere = StructureFactory(antennas=[world.far_antenna])
        response = _invite(client, world, role="social_worker", structure=elsewhere.pk)
        assert response.status_code == 200
        assert not Invitation.objects.exists()

    def test_password_mismatch_keeps_the_names(self, client, world):
        _invite(client, world)
        path = _link(mail.outbox[0])
        client.logout()
        response = client.post(
            path,
            {
                "first_name": "Nina",
                "last_name": "Roth",
                "password1": "un-mot-de-passe-solide",
                "password2": "autre-chose-encore",
            },
        )
        body = response.content.decode()
        assert "ne correspondent pas" in body
        assert 'value="Nina"' in body
        assert not User.objects.filter(email="nouvelle@example.org").exists()

    def test_existing_user_accepts_once_logged_in(self, client, world):
        _invite(client, world, email=world.neighbour_manager.email)
        path = _link(mail.outbox[0])
        client.logout()
        assert "/accounts/login/" in client.get(path)["Location"]
        client.force_login(world.neighbour_manager)
        client.post(path)
        assert world.neighbour_manager.memberships.filter(antenna=world.antenna).exists()

    def test_only_managers_invite(self, client, world):
        client.force_login(world.staff)
        response = client.post("/a/antenne-a/equipe/", {"email": "x@example.org", "role": "staff"})
        assert response.status_code == 404
        assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_manager_suspends_a_member(client, world):
    client.force_login(world.manager)
    membership = world.staff.memberships.get()
    client.post(f"/a/antenne-a/equipe/{membership.pk}/acces/")
    membership.refresh_from_db()
    assert not membership.is_active
    client.force_login(world.staff)
    assert client.get("/a/antenne-a/").status_code == 404


@pytest.mark.django_db
def test_manager_cannot_touch_another_antennas_member(client, world):
    client.force_login(world.neighbour_manager)
    membership = world.staff.memberships.get()
    response = client.post(f"/a/antenne-b/equipe/{membership.pk}/acces/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active

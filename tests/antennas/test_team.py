import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from antennas.models import Invitation, Membership, Role, User


@pytest.fixture
def invite(client, world, django_capture_on_commit_callbacks):
    """The manager posts the invite form; the e-mail task runs once the request commits."""

    def post(**data):
        client.force_login(world.manager)
        payload = {"email": "nouvelle@example.org", "role": "staff", "structure": ""} | data
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/a/antenne-a/equipe/", payload)

    return post


def _link(message):
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", message.body).group(1)


@pytest.mark.django_db
class TestInvitations:
    def test_manager_invites_and_colleague_arrives_in_the_antenna(self, client, world, invite):
        response = invite()
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

    def test_link_works_once(self, client, world, invite):
        invite()
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

    def test_expired_link_says_so(self, client, world, invite):
        invite()
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

    def test_social_worker_needs_a_structure(self, client, world, invite):
        response = invite(role="social_worker")
        assert response.status_code == 200
        assert "Choisissez la structure" in response.content.decode()
        assert 'value="nouvelle@example.org"' in response.content.decode()  # nothing lost
        assert not Invitation.objects.exists()

    def test_social_worker_invited_with_structure_lands_in_their_space(self, client, world, invite):
        invite(role="social_worker", structure=world.structure.pk)
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

    def test_structure_of_another_antenna_is_refused(self, client, world, invite):
        from tests.factories import StructureFactory

        elsewhere = StructureFactory(antennas=[world.far_antenna])
        response = invite(role="social_worker", structure=elsewhere.pk)
        assert response.status_code == 200
        assert not Invitation.objects.exists()

    def test_password_mismatch_keeps_the_names(self, client, world, invite):
        invite()
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

    def test_existing_user_accepts_once_logged_in(self, client, world, invite):
        invite(email=world.neighbour_manager.email)
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


ACCEPT = {
    "first_name": "Xavier",
    "last_name": "Ixe",
    "password1": "un-mot-de-passe-solide",
    "password2": "un-mot-de-passe-solide",
}


@pytest.mark.django_db
class TestRemovedAccessStaysRemoved:
    """The hole of issue 10: invited twice, accepted once, removed, back by the second link."""

    def _two_links_first_accepted(self, client, invite):
        """x@ invited as staff then as manager accepts the first link; returns the second."""
        invite(email="x@example.org", role="staff")
        invite(email="x@example.org", role="manager")
        staff_link, manager_link = _link(mail.outbox[0]), _link(mail.outbox[1])
        client.logout()
        client.post(staff_link, ACCEPT)
        return manager_link

    def _two_links_then_removal(self, client, world, invite):
        manager_link = self._two_links_first_accepted(client, invite)
        x = User.objects.get(email="x@example.org")
        membership = x.memberships.get()
        client.force_login(world.manager)
        client.post(f"/a/antenne-a/equipe/{membership.pk}/acces/")
        return x, membership, manager_link

    def test_second_link_does_not_bring_a_removed_member_back(self, client, world, invite):
        x, membership, manager_link = self._two_links_then_removal(client, world, invite)
        client.force_login(x)
        response = client.post(manager_link)
        assert response.status_code == 410
        membership.refresh_from_db()
        assert (membership.is_active, membership.role) == (False, Role.STAFF)
        assert client.get("/a/antenne-a/").status_code == 404

    def test_accepting_one_link_kills_the_other(self, client, world, invite):
        manager_link = self._two_links_first_accepted(client, invite)
        response = client.post(manager_link)
        assert response.status_code == 410
        assert User.objects.get(email="x@example.org").memberships.get().role == Role.STAFF

    def test_an_invitation_never_reactivates_a_removed_membership(self, client, world):
        """Even an invitation the removal did not revoke (sent later) cannot re-activate."""
        from antennas.invitations import InvitationError, accept_invitation, send_link

        membership = world.staff.memberships.get()
        membership.is_active = False
        membership.save()
        invitation = Invitation.objects.create(
            antenna=world.antenna,
            email=world.staff.email,
            role=Role.MANAGER,
            token_hash="x",
            expires_at=timezone.now() + timedelta(days=1),
        )
        send_link(invitation_id=invitation.pk)
        token = _link(mail.outbox[-1]).split("/")[2]
        with pytest.raises(InvitationError):
            accept_invitation(token=token, first_name="", last_name="", password=None)
        membership.refresh_from_db()
        assert (membership.is_active, membership.role) == (False, Role.STAFF)

    def test_removal_ends_the_members_sessions(self, world):
        from django.test import Client

        browser = Client()
        browser.force_login(world.staff)
        assert browser.get("/a/antenne-a/").status_code == 200
        manager = Client()
        manager.force_login(world.manager)
        manager.post(f"/a/antenne-a/equipe/{world.staff.memberships.get().pk}/acces/")
        response = browser.get("/compte/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_manager_reactivates_and_it_is_audited(self, client, world):
        from beneficiaries.models import AuditEvent

        membership = world.staff.memberships.get()
        client.force_login(world.manager)
        client.post(f"/a/antenne-a/equipe/{membership.pk}/acces/")
        client.post(f"/a/antenne-a/equipe/{membership.pk}/acces/")
        membership.refresh_from_db()
        assert membership.is_active
        events = AuditEvent.objects.filter(model="Membership", object_id=membership.pk)
        assert [(e.actor, e.action) for e in events.order_by("pk")] == [
            (world.manager, "update"),
            (world.manager, "update"),
        ]


@pytest.mark.django_db
class TestPendingInvitations:
    def test_manager_sees_and_revokes_a_pending_invitation(self, client, world, invite):
        invite(email="x@example.org")
        link = _link(mail.outbox[0])
        page = client.get("/a/antenne-a/equipe/").content.decode()
        assert "x@example.org" in page
        invitation = Invitation.objects.get()
        client.post(f"/a/antenne-a/equipe/invitations/{invitation.pk}/annuler/")
        assert "Invitations en attente" not in client.get("/a/antenne-a/equipe/").content.decode()
        client.logout()
        response = client.get(link)
        assert response.status_code == 410
        assert "annulée" in response.content.decode()

    def test_another_antennas_manager_cannot_revoke(self, client, world, invite):
        invite(email="x@example.org")
        invitation = Invitation.objects.get()
        client.force_login(world.neighbour_manager)
        response = client.post(f"/a/antenne-b/equipe/invitations/{invitation.pk}/annuler/")
        assert response.status_code == 404
        invitation.refresh_from_db()
        assert not invitation.is_revoked

    def test_invite_form_defaults_to_the_least_privileged_role(self, client, world):
        client.force_login(world.manager)
        page = client.get("/a/antenne-a/equipe/").content.decode()
        selected = re.search(r'<option value="(\w+)" selected>', page).group(1)
        assert selected == Role.SOCIAL_WORKER

    def test_no_mail_leaves_before_the_commit(self, client, world):
        client.force_login(world.manager)
        client.post("/a/antenne-a/equipe/", {"email": "x@example.org", "role": "staff"})
        assert Invitation.objects.filter(email="x@example.org").exists()
        assert mail.outbox == []  # the test's transaction never commits

"""Invitations: a manager invites a colleague; the link is valid once, for a limited time."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from antennas.models import Invitation, Membership, User
from mobilex import outbox

VALIDITY = timedelta(days=7)


class InvitationError(Exception):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(*, antenna, email, role, structure, invited_by) -> Invitation:
    """Record the invitation; the worker mails the link once the transaction is committed."""
    invitation = Invitation.objects.create(
        antenna=antenna,
        email=email.lower(),
        role=role,
        structure=structure,
        # A placeholder nobody knows: the link's token is drawn by `send_link`, in the worker,
        # so it never sits in the database or the broker.
        token_hash=_hash(secrets.token_urlsafe(32)),
        invited_by=invited_by,
        expires_at=timezone.now() + VALIDITY,
    )
    outbox.enqueue("antennas.tasks.send_invitation", invitation_id=invitation.pk)
    return invitation


def send_link(*, invitation_id: int) -> None:
    """Draw a fresh token and mail it; an earlier link of the same invitation stops working."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("antenna")
            .pending()
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:  # used or revoked meanwhile: nothing to send
            return
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _hash(token)
        invitation.save(update_fields=["token_hash"])
    path = reverse("invitation_accept", kwargs={"token": token})
    context = {"invitation": invitation, "link": f"{settings.SITE_URL}{path}"}
    send_mail(
        subject=_("[Mobilex] Invitation à rejoindre l'antenne %(antenna)s")
        % {"antenna": invitation.antenna.name},
        message=render_to_string("antennas/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    Invitation.objects.pending().filter(pk=invitation.pk).update(
        revoked_at=timezone.now(), revoked_by=by
    )


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("antenna", "structure")
        .filter(token_hash=_hash(token))
        .first()
    )


def accept_invitation(*, token: str, first_name: str, last_name: str, password: str | None):
    """Use the invitation once: create (or reuse) the account, add the membership."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("antenna")
            .filter(token_hash=_hash(token))
            .first()
        )
        if invitation is None:
            raise InvitationError(_("Cette invitation n'existe pas."))
        if invitation.is_used:
            raise InvitationError(_("Cette invitation a déjà été utilisée."))
        if invitation.is_revoked:
            raise InvitationError(_("Cette invitation a été annulée."))
        if invitation.is_expired:
            raise InvitationError(_("Cette invitation a expiré."))
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                invitation.email, password, first_name=first_name, last_name=last_name
            )
        # Following the link proves the address.
        EmailAddress.objects.update_or_create(
            user=user, email=invitation.email, defaults={"verified": True, "primary": True}
        )
        if Membership.objects.filter(user=user, antenna=invitation.antenna).exists():
            # An invitation never restores a removed access nor changes a role: a manager does
            # that on the team page (antennas/memberships.py), audited.
            raise InvitationError(
                _(
                    "Vous avez déjà un accès à cette antenne, actif ou retiré : seul·e un·e "
                    "responsable d'antenne peut le modifier."
                )
            )
        membership = Membership.objects.create(
            user=user,
            antenna=invitation.antenna,
            role=invitation.role,
            structure=invitation.structure,
        )
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        # The other links sent to this address for this antenna die with this one.
        Invitation.objects.pending().filter(
            antenna=invitation.antenna, email__iexact=invitation.email
        ).update(revoked_at=invitation.used_at)
    return user, membership

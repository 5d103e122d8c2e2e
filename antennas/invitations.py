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

VALIDITY = timedelta(days=7)


class InvitationError(Exception):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(*, antenna, email, role, structure, invited_by, request=None) -> Invitation:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        antenna=antenna,
        email=email.lower(),
        role=role,
        structure=structure,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + VALIDITY,
    )
    path = reverse("invitation_accept", kwargs={"token": token})
    link = request.build_absolute_uri(path) if request else f"{settings.SITE_URL}{path}"
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=_("[Mobilex] Invitation à rejoindre l'antenne %(antenna)s")
        % {"antenna": antenna.name},
        message=render_to_string("antennas/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation


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
        membership, _created = Membership.objects.update_or_create(
            user=user,
            antenna=invitation.antenna,
            defaults={
                "role": invitation.role,
                "structure": invitation.structure,
                "is_active": True,
            },
        )
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return user, membership

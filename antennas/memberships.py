"""A member's access to an antenna: removed for real, given back only by a manager.

Removing a member revokes every invitation still pending for their address in that antenna (a
second link must not bring them back) and ends their open sessions; both changes are audited."""

from allauth.core.internal.httpkit import get_client_ip
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from antennas.models import Invitation, Membership, User
from beneficiaries import audit


def revoke_pending_invitations(*, antenna, email: str, by: User | None) -> int:
    """Revoke the unused invitations of an address in an antenna; returns how many."""
    return (
        Invitation.objects.pending()
        .filter(antenna=antenna, email__iexact=email)
        .update(revoked_at=timezone.now(), revoked_by=by)
    )


def track_session(sender, *, request, user, **kwargs) -> None:
    if not request.session.session_key:
        request.session.save()
    # The ip is shown on allauth's "sessions" page; a login without one (test client) is
    # tracked all the same, since what matters here is being able to end it.
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": get_client_ip(request) or "0.0.0.0",  # noqa: S104 - a value, not a bind
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )


def end_sessions(*, user: User) -> None:
    """Log the user out everywhere (every browser and device)."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def remove_member(*, membership: Membership, by: User) -> None:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        revoke_pending_invitations(antenna=membership.antenna, email=membership.user.email, by=by)
        audit.record(
            antenna_id=membership.antenna_id, actor=by, action=audit.Action.UPDATE, obj=membership
        )
        end_sessions(user=membership.user)


def reactivate_member(*, membership: Membership, by: User) -> None:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        audit.record(
            antenna_id=membership.antenna_id, actor=by, action=audit.Action.UPDATE, obj=membership
        )

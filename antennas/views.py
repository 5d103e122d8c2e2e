import re

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.forms import AcceptInvitationForm, InvitationForm, StatusChangeForm
from antennas.history import record_status_change
from antennas.home import panels_for
from antennas.invitations import (
    InvitationError,
    accept_invitation,
    create_invitation,
    find_invitation,
    revoke_invitation,
)
from antennas.memberships import reactivate_member, remove_member
from antennas.models import Antenna, Invitation, Membership, Role, User
from antennas.picker import find_communes
from mobilex.tenancy import preferred_membership, tenant_roles

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
def home(request):
    membership = preferred_membership(request)
    if membership is None:
        return render(request, "antennas/no_membership.html", status=403)
    return redirect(membership.get_absolute_url())


@tenant_roles(Role.MANAGER, Role.STAFF, Role.SOCIAL_WORKER)
def antenna_home(request, antenna_slug):
    template = (
        "antennas/social_worker_home.html"
        if request.membership.is_social_worker
        else "antennas/antenna_home.html"
    )
    return render(
        request,
        template,
        {"antenna": request.antenna, "panels": panels_for(request.membership)},
    )


@tenant_roles(Role.OFFICER)
def territory_home(request, territory_slug):
    """The officer's landing page: the territory's indicators (indicators.views)."""
    from indicators.views import territory_context

    antennas = (
        Antenna.objects.filter(territory=request.territory)
        .select_related("commune")
        .order_by("name")
    )
    context = territory_context(request)
    context["antennas"] = antennas
    return render(request, "antennas/territory_home.html", context)


@tenant_roles(Role.MANAGER)
def team(request, antenna_slug):
    antenna = request.antenna
    members = (
        Membership.objects.filter(antenna=antenna)
        .select_related("user", "structure")
        .order_by("-is_active", "role", "user__last_name")
    )
    invitations = Invitation.objects.pending().filter(antenna=antenna).select_related("structure")
    form = InvitationForm(request.POST or None, antenna=antenna)
    if request.method == "POST" and form.is_valid():
        invitation = create_invitation(
            antenna=antenna,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            structure=form.cleaned_data["structure"],
            invited_by=request.user,
        )
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email}
        )
        return redirect("antenna_team", antenna_slug=antenna.slug)
    counts = members.aggregate(active=Count("pk", filter=Q(is_active=True)))
    return render(
        request,
        "antennas/team.html",
        {"members": members, "invitations": invitations, "form": form, "counts": counts},
    )


@require_POST
@tenant_roles(Role.MANAGER)
def toggle_membership(request, antenna_slug, pk):
    membership = get_object_or_404(Membership, pk=pk, antenna=request.antenna)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Vous ne pouvez pas retirer votre propre accès."))
    elif membership.is_active:
        remove_member(membership=membership, by=request.user)
        messages.success(
            request,
            _(
                "Accès retiré à %(user)s : ses invitations en attente sont annulées et ses "
                "sessions fermées."
            )
            % {"user": membership.user},
        )
    else:
        reactivate_member(membership=membership, by=request.user)
        messages.success(request, _("Accès rétabli pour %(user)s.") % {"user": membership.user})
    return redirect("antenna_team", antenna_slug=request.antenna.slug)


@require_POST
@tenant_roles(Role.MANAGER)
def revoke_invitation_view(request, antenna_slug, pk):
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk, antenna=request.antenna)
    revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("Invitation de %(email)s annulée.") % {"email": invitation.email})
    return redirect("antenna_team", antenna_slug=request.antenna.slug)


def invitation_accept(request, token):
    invitation = find_invitation(token)
    if invitation is None or invitation.is_used or invitation.is_revoked or invitation.is_expired:
        return render(
            request, "antennas/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and request.user != existing:
        # The person already has an account: they accept once logged in as themselves.
        return redirect_to_login(request.get_full_path())
    form = None if existing else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            user, membership = accept_invitation(
                token=token,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                password=data.get("password1"),
            )
        except InvitationError as error:
            return render(
                request,
                "antennas/invitation_invalid.html",
                {"invitation": invitation, "reason": str(error)},
                status=410,
            )
        if not existing:
            login(request, user, backend=AUTH_BACKEND)
        messages.success(
            request, _("Bienvenue dans l'antenne %(antenna)s.") % {"antenna": membership.antenna}
        )
        return redirect(membership.get_absolute_url())
    return render(
        request, "antennas/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
def account(request):
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP
    ).exists()
    return render(request, "antennas/account.html", {"has_totp": has_totp})


def communes(request, antenna_slug):
    """The commune picker's search (antennas/picker.py): a few matches, as an htmx fragment."""
    name = request.GET.get("field", "")
    if not re.fullmatch(r"[a-z_]{1,40}", name):
        name = "commune"
    text = request.GET.get(f"{name}_search", "")
    found, more = find_communes(text)
    return render(
        request,
        "antennas/_commune_results.html",
        {"name": name, "found": found, "more": more, "searched": bool(text.strip())},
    )


@tenant_roles(Role.MANAGER)
def status_history(request, antenna_slug):
    """The antenna's dated statuses, and the form recording a change (manager)."""
    antenna = request.antenna
    form = StatusChangeForm(request.POST or None, antenna=antenna)
    if request.method == "POST" and form.is_valid():
        record_status_change(antenna=antenna, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changement de statut enregistré."))
        return redirect("antenna_status", antenna_slug=antenna.slug)
    changes = antenna.status_changes.select_related("recorded_by")
    return render(
        request, "antennas/status.html", {"antenna": antenna, "form": form, "changes": changes}
    )

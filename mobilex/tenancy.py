"""How a request finds its tenant.

Every URL that carries `antenna_slug` or `territory_slug` goes through `TenancyMiddleware`: it
resolves the slug to one of the user's active memberships or answers 404, so a page added under
`/a/<slug>/` or `/t/<slug>/` is protected without anyone remembering to protect it. Views narrow
further by the roles each view declares (mobilex/access.py; undeclared: nobody) and fetch
objects through scoped querysets (`Model.objects.visible_to(request.membership)`), which scope
by tenant and structure only: roles are the views' business."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.cache import patch_cache_control

from antennas.models import Membership, Role
from mobilex import navigation
from mobilex.access import declared_roles, tenant_roles  # noqa: F401 (the views import it here)

SESSION_KEY = "membership_id"


def resolve_membership(
    memberships: list[Membership], *, antenna_slug=None, territory_slug=None
) -> Membership:
    """The membership of `memberships` (the user's, `user_memberships`) on the antenna or
    territory of that slug; 404 when the user has none there."""
    for membership in memberships:
        if antenna_slug is not None:
            if membership.antenna is not None and membership.antenna.slug == antenna_slug:
                return membership
        elif membership.territory is not None and membership.territory.slug == territory_slug:
            return membership
    raise Http404


class TenancyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.antenna = None
        request.territory = None
        response = self.get_response(request)
        if request.membership is not None:
            # Tenant pages carry people's data: no copy in a shared computer's browser cache.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        antenna_slug = view_kwargs.get("antenna_slug")
        territory_slug = view_kwargs.get("territory_slug")
        if antenna_slug is None and territory_slug is None:
            return None
        if not request.user.is_authenticated:
            if request.path.startswith("/api/"):
                raise Http404
            return redirect_to_login(request.get_full_path())
        membership = resolve_membership(
            memberships_of(request), antenna_slug=antenna_slug, territory_slug=territory_slug
        )
        if membership.role not in (declared_roles(view_func) or ()):
            raise Http404
        request.membership = membership
        request.antenna = membership.antenna
        request.territory = membership.territory or (
            membership.antenna.territory if membership.antenna else None
        )
        if request.session.get(SESSION_KEY) != membership.pk:
            request.session[SESSION_KEY] = membership.pk
        return None


def user_memberships(user) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("antenna__territory", "antenna__commune", "territory", "structure")
        .order_by("antenna__name", "territory__name", "pk")
    )


def memberships_of(request) -> list[Membership]:
    """The user's active memberships, read once a request: the tenant is found among them and
    the switcher lists them (one query where there were two, on every page)."""
    if not hasattr(request, "_memberships"):
        request._memberships = user_memberships(request.user)
    return request._memberships


def preferred_membership(request):
    """The membership a user lands on: the last one used, else the most responsible role."""
    memberships = memberships_of(request)
    if not memberships:
        return None
    last = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == last:
            return membership
    return min(memberships, key=lambda m: Role.PRIORITY.index(m.role))


def memberships(request):
    """Template context: the user's memberships for the switcher, and the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    links, menu = navigation.navigation_of(getattr(request, "membership", None))
    return {
        "user_memberships": memberships_of(request),
        "current_membership": getattr(request, "membership", None),
        "nav_links": links,
        "nav_menu": menu,
    }

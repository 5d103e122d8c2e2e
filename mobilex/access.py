"""Who may open which view, declared once, on the view itself.

A tenant view (its URL carries `antenna_slug` or `territory_slug`) declares its roles with
`tenant_roles(...)`, given roles or the groups of `Role` (Role.TEAM…). TenancyMiddleware
enforces that declaration, the navigation derives its entries from it, and docs/roles.md lists
it (tests/ops/test_roles_table.py). An undeclared tenant view answers 404 to everyone.

A view outside the tenants says who may open it: `public` (anyone; a token in the URL may be
its credential) or `signed_in`. Third-party views keep their own rules; THIRD_PARTY names them.
`roles_table()` is the table a reviewer reads (docs/roles.md, `manage.py roles_table`)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, get_resolver

from antennas.models import Role

PUBLIC = "public"
SIGNED_IN = "signed in"

# Routes of installed packages, by URL prefix: the rules they keep (listed as one row each).
THIRD_PARTY = {
    "admin/": "platform administrators (Django admin behind allauth login and TOTP)",
    "accounts/": "allauth: its login, password, e-mail and 2FA pages (own rules)",
    "i18n/": PUBLIC,
    "api/schema/": PUBLIC,
    "^media/": "DEBUG only: media files",
}


def tenant_roles(*roles: Role | Iterable[Role]) -> Callable:
    """Declare which roles may open a tenant view (function or class): roles or Role groups."""
    declared = frozenset(
        role for item in roles for role in ((item,) if isinstance(item, str) else item)
    )

    def decorate(view):
        view.tenant_roles = declared
        return view

    return decorate


def public(view):
    """Anyone may open it, signed in or not."""
    view.access = PUBLIC
    return view


def signed_in(view):
    """Any signed-in user (the view works on their own account or memberships)."""
    view = login_required(view)
    view.access = SIGNED_IN
    return view


def _candidates(view_func):
    yield getattr(view_func, "view_class", None)  # Django class-based views
    yield getattr(view_func, "cls", None)  # DRF views and viewsets
    yield view_func


def declared_roles(view_func) -> frozenset | None:
    for candidate in _candidates(view_func):
        roles = getattr(candidate, "tenant_roles", None)
        if roles is not None:
            return roles
    return None


def declared_access(view_func) -> frozenset | str | None:
    """The roles of a tenant view, or the access word of any other one; None if undeclared."""
    roles = declared_roles(view_func)
    if roles is not None:
        return roles
    for candidate in _candidates(view_func):
        access = getattr(candidate, "access", None)
        if access is not None:
            return access
    return None


def third_party(path: str) -> str | None:
    return next((prefix for prefix in THIRD_PARTY if path.startswith(prefix)), None)


@dataclass(frozen=True)
class Route:
    path: str  # as in urls.py, e.g. "a/<slug:antenna_slug>/flotte/"
    name: str | None
    view: Callable

    @property
    def scope(self) -> str | None:
        if "antenna_slug>" in self.path:
            return "antenna"
        if "territory_slug>" in self.path:
            return "territory"
        return None

    @property
    def view_path(self) -> str:
        view = getattr(self.view, "view_class", None) or getattr(self.view, "cls", None)
        view = view or self.view
        return f"{view.__module__}.{view.__qualname__}"


def routes(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern of the project, in urls.py order."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(prefix + str(entry.pattern), name, entry.callback)


@cache
def _routes_by_name() -> dict[str, Route]:
    found: dict[str, Route] = {}
    for route in routes():
        if route.name and route.name not in found:
            found[route.name] = route
    return found


def route_named(url_name: str) -> Route:
    return _routes_by_name()[url_name]


ROLE_COLUMNS = (Role.MANAGER, Role.STAFF, Role.SOCIAL_WORKER, Role.OFFICER)


def roles_table() -> str:
    """Every route and who may open it, as Markdown: a ✓ per role for tenant views, the access
    word for the others, one row per third-party prefix. An undeclared view shows as
    UNDECLARED (tests/ops/test_roles_table.py fails on it)."""
    header = ["URL", "view", "manager", "staff", "social worker", "officer", "other access"]
    rows, seen = [], set()
    for route in routes():
        prefix = third_party(route.path)
        key = prefix or route.path
        if key in seen:
            continue
        seen.add(key)
        if prefix:
            rows.append([f"`{prefix}…`", "", "", "", "", "", THIRD_PARTY[prefix]])
            continue
        access = declared_access(route.view)
        if isinstance(access, frozenset):
            marks = ["✓" if role in access else "" for role in ROLE_COLUMNS]
            rows.append([f"`/{route.path}`", f"`{route.view_path}`", *marks, ""])
        else:
            other = access or "UNDECLARED"
            rows.append([f"`/{route.path}`", f"`{route.view_path}`", "", "", "", "", other])
    lines = [
        "# Who may open which page and API route",
        "",
        "Generated by `manage.py roles_table` from the views' declarations (mobilex/access.py);",
        "tests/ops/test_roles_table.py fails when it differs from the code. Do not edit by hand.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def may_open(membership, url_name: str) -> bool:
    """Whether a membership's role is among those the named tenant view declares."""
    if membership is None:
        return False
    return membership.role in (declared_roles(route_named(url_name).view) or ())

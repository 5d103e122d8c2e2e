"""Who may do what, declared once: every view declares its roles (or is explicitly public), the
declarations are the table a reviewer reads (docs/roles.md), the middleware enforces them, and
the navigation shows an entry to exactly the roles of its view."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from antennas.models import Membership, Role
from mobilex import access, navigation
from mobilex import urls as project_urls

DOC = Path(settings.BASE_DIR) / "docs" / "roles.md"


def test_every_view_declares_its_roles_or_is_explicitly_public():
    undeclared = [
        f"/{route.path} ({route.view_path})"
        for route in access.routes()
        if not access.third_party(route.path) and access.declared_access(route.view) is None
    ]
    assert undeclared == [], "declare with tenant_roles(...), public or signed_in"


def test_tenant_views_declare_roles_not_an_access_word():
    """A page under /a/ or /t/ is never public by mistake."""
    wrong = [
        f"/{route.path}"
        for route in access.routes()
        if route.scope and not isinstance(access.declared_access(route.view), frozenset)
    ]
    assert wrong == []


def test_the_committed_table_is_the_code():
    assert DOC.read_text(encoding="utf-8") == access.roles_table(), (
        "docs/roles.md is out of date: run `manage.py roles_table` and review the diff"
    )


def test_the_table_reads_as_declared():
    """A reviewer's reading of a few rows: URL, view, manager, staff, social worker, officer,
    other access."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0].startswith("`/"):
            rows[cells[0].strip("`")] = cells[2:]
    assert rows["/a/<slug:antenna_slug>/beneficiaires/"] == ["✓", "✓", "✓", "", ""]
    assert rows["/a/<slug:antenna_slug>/equipe/"] == ["✓", "", "", "", ""]
    assert rows["/a/<slug:antenna_slug>/flotte/"] == ["✓", "✓", "", "", ""]
    assert rows["/t/<slug:territory_slug>/"] == ["", "", "", "✓", ""]
    assert rows["/healthz/"] == ["", "", "", "", "public"]
    assert rows["/compte/"] == ["", "", "", "", "signed in"]


def undeclared(request, antenna_slug):
    return HttpResponse("secret")


urlpatterns = [path("a/<slug:antenna_slug>/undeclared/", undeclared), *project_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_undeclared_tenant_view_is_opened_by_nobody(client, world):
    for user in (world.manager, world.staff, world.social_worker):
        client.force_login(user)
        assert client.get("/a/antenne-a/undeclared/").status_code == 404


@pytest.mark.django_db
def test_the_navigation_follows_the_views_declarations(world):
    registered = {item.url_name for item in navigation._items}
    assert {"antenna_team", "beneficiary_list", "services_today", "territory_home"} <= registered
    for user in (world.manager, world.staff, world.social_worker, world.officer):
        membership = Membership.objects.get(user=user)
        shown = {link["url"] for link in navigation.links_for(membership)}
        scope = "territory" if membership.territory_id else "antenna"
        slug = (membership.territory or membership.antenna).slug
        for item in navigation._items:
            route = access.route_named(item.url_name)
            allowed = route.scope == scope and membership.role in access.declared_roles(route.view)
            url = "/" + route.path.replace(f"<slug:{scope}_slug>", slug)
            assert (url in shown) == allowed, (membership.role, item.url_name)


@pytest.mark.django_db
def test_a_social_worker_reads_her_own_wording(world):
    membership = Membership.objects.get(user=world.social_worker)
    labels = [link["label"] for link in navigation.links_for(membership)]
    assert "Mes bénéficiaires" in labels and "Bénéficiaires" not in labels
    team = navigation.links_for(Membership.objects.get(user=world.staff))
    assert "Bénéficiaires" in [link["label"] for link in team]
    assert Role.SOCIAL_WORKER not in Role.TEAM


@pytest.mark.django_db
def test_buttons_follow_their_views_declarations(client, world):
    """A template asks `may_open` instead of naming roles: the manager's tools on a person's
    page are shown to the manager, not to the staff, as beneficiary_audit declares."""
    from tests.beneficiaries.factories import BeneficiaryFactory

    person = BeneficiaryFactory(antenna=world.antenna, referring_structure=world.structure)
    url = f"/a/antenne-a/beneficiaires/{person.pk}/"
    shown = {}
    for user in (world.manager, world.staff, world.social_worker):
        client.force_login(user)
        page = client.get(url).content.decode()
        shown[Membership.objects.get(user=user).role] = (
            "Journal des accès" in page,
            "Entrée ou sortie" in page,
            "Orienter vers l&#x27;antenne" in page or "Orienter vers l'antenne" in page,
        )
    assert shown == {
        Role.MANAGER: (True, True, False),
        Role.STAFF: (False, True, False),
        Role.SOCIAL_WORKER: (False, False, True),
    }

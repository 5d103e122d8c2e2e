"""Navigation entries that apps register in their AppConfig.ready(). Who sees an entry is not
said here: it is shown to the roles its view declares (mobilex/access.py), in the scope its URL
carries (antenna or territory)."""

from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.urls import get_script_prefix, reverse

from mobilex import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    group: str = ""  # items of one group fold under its label in the menu
    # Another wording for some roles, e.g. "Mes bénéficiaires" for a social worker.
    labels: tuple = field(default=())  # ((role, label), …)

    def label_for(self, role) -> str:
        return dict(self.labels).get(role, self.label)


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)
        _navigation.cache_clear()


def links_for(membership) -> tuple:
    """The entries a membership may open, in order: label, url and group."""
    return navigation_of(membership)[0]


def navigation_of(membership) -> tuple[tuple, tuple]:
    """(links, menu) of a membership's space; nothing without one."""
    if membership is None:
        return (), ()
    if membership.territory_id:
        space = ("territory", membership.territory.slug)
    else:
        space = ("antenna", membership.antenna.slug)
    return _navigation(*space, membership.role, get_script_prefix())


@lru_cache(maxsize=4096)
def _navigation(scope: str, slug: str, role: str, prefix: str) -> tuple[tuple, tuple]:
    """Built once per space, role and script prefix, not on every page: the entries and the
    roles of their views are fixed at start-up, and the labels stay lazy (translated when
    shown). Read-only, as every request shares them."""
    kwargs = {f"{scope}_slug": slug}
    links = []
    for item in sorted(_items, key=lambda i: i.order):
        route = access.route_named(item.url_name)
        if route.scope != scope or role not in (access.declared_roles(route.view) or ()):
            continue
        links.append(
            MappingProxyType(
                {
                    "label": item.label_for(role),
                    "url": reverse(item.url_name, kwargs=kwargs),
                    "group": item.group,
                }
            )
        )
    return tuple(links), menu(links)


def menu(links) -> tuple:
    """The links with those of a group gathered where the group first appears."""
    entries, groups = [], {}
    for link in links:
        if not link["group"]:
            entries.append(link)
        elif link["group"] in groups:
            groups[link["group"]]["children"].append(link)
        else:
            groups[link["group"]] = {"label": link["group"], "children": [link]}
            entries.append(groups[link["group"]])
    return tuple(
        MappingProxyType({**entry, "children": tuple(entry["children"])})
        if "children" in entry
        else entry
        for entry in entries
    )

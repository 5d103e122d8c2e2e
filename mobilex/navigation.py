"""Navigation entries that apps register in their AppConfig.ready(). Who sees an entry is not
said here: it is shown to the roles its view declares (mobilex/access.py), in the scope its URL
carries (antenna or territory)."""

from dataclasses import dataclass, field

from django.urls import reverse

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


def links_for(membership) -> list[dict]:
    """The entries a membership may open, in order: label, url and group."""
    if membership is None:
        return []
    scope = "territory" if membership.territory_id else "antenna"
    kwargs = (
        {"territory_slug": membership.territory.slug}
        if scope == "territory"
        else {"antenna_slug": membership.antenna.slug}
    )
    links = []
    for item in sorted(_items, key=lambda i: i.order):
        route = access.route_named(item.url_name)
        if route.scope != scope or membership.role not in (access.declared_roles(route.view) or ()):
            continue
        links.append(
            {
                "label": item.label_for(membership.role),
                "url": reverse(item.url_name, kwargs=kwargs),
                "group": item.group,
            }
        )
    return links


def menu(links) -> list[dict]:
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
    return entries

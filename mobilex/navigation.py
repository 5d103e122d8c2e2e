"""Navigation entries that apps register in their AppConfig.ready(), shown by role."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    scope: str = "antenna"  # "antenna" or "territory"
    order: int = 100
    group: str = ""  # items of one group fold under its label in the menu


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
    return [
        {"label": item.label, "url": reverse(item.url_name, kwargs=kwargs), "group": item.group}
        for item in sorted(_items, key=lambda i: i.order)
        if item.scope == scope and membership.role in item.roles
    ]


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

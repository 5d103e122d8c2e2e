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


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def items_for(membership) -> list[dict]:
    if membership is None:
        return []
    scope = "territory" if membership.territory_id else "antenna"
    kwargs = (
        {"territory_slug": membership.territory.slug}
        if scope == "territory"
        else {"antenna_slug": membership.antenna.slug}
    )
    return [
        {"label": item.label, "url": reverse(item.url_name, kwargs=kwargs)}
        for item in sorted(_items, key=lambda i: i.order)
        if item.scope == scope and membership.role in item.roles
    ]

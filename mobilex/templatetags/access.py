"""`{% if request.membership|may_open:"url_name" %}`: a link or button is shown to the roles its
target view declares (mobilex/access.py), so templates keep no list of roles of their own."""

from django import template

from mobilex import access

register = template.Library()


@register.filter
def may_open(membership, url_name: str) -> bool:
    return access.may_open(membership, url_name)

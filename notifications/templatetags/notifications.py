from django import template

from notifications.models import Notification

register = template.Library()


@register.inclusion_tag("notifications/_person.html", takes_context=True)
def person_notifications(context, person, limit=20):
    """The person's latest messages on their record (one query), for the antenna team."""
    membership = context.get("request").membership if context.get("request") else None
    if membership is None or not membership.is_antenna_team:
        return {"rows": None}
    rows = list(
        Notification.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk)
        .order_by("-pk")[:limit]
    )
    return {"rows": rows, "person": person, "request": context.get("request")}

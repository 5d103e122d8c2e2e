from django import template
from django.utils import timezone

from notifications.models import Notification
from services.models import Registration

register = template.Library()


@register.inclusion_tag("notifications/_person.html", takes_context=True)
def person_notifications(context, person, limit=20):
    """The person's latest messages and the letters to print (two queries), for the team."""
    membership = context.get("request").membership if context.get("request") else None
    if membership is None or not membership.is_antenna_team:
        return {"rows": None}
    rows = list(
        Notification.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk)
        .order_by("-pk")[:limit]
    )
    upcoming = list(
        Registration.objects.visible_to(membership)
        .filter(
            beneficiary_id=person.pk,
            status=Registration.Status.REGISTERED,
            session__starts_at__gt=timezone.now(),
        )
        .select_related("session")
        .order_by("session__starts_at")
    )
    return {"rows": rows, "person": person, "upcoming": upcoming, "request": context["request"]}

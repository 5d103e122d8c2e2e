"""Messages on the person's journey: what was sent, and what the person answered by the link."""

from django.utils.translation import gettext as _

from beneficiaries.timeline import TimelineEvent
from notifications.models import Notification


def messages(beneficiary, membership):
    if membership is None or not membership.is_antenna_team:
        return []
    rows = Notification.objects.filter(
        antenna_id=beneficiary.antenna_id, beneficiary=beneficiary
    ).only("channel", "template", "status", "created_at", "sent_at", "link_used_at", "link_answer")
    events = []
    for n in rows:
        events.append(
            TimelineEvent(
                when=n.sent_at or n.created_at,
                kind="message",
                title=_("%(channel)s : %(what)s")
                % {"channel": n.get_channel_display(), "what": label(n.template)},
                detail=n.get_status_display(),
            )
        )
        if n.link_used_at:
            events.append(
                TimelineEvent(
                    when=n.link_used_at,
                    kind="message",
                    title=_("Annulé par la personne depuis le lien du message")
                    if n.link_answer == "cancelled"
                    else _("Présence confirmée par la personne depuis le lien du message"),
                )
            )
    return events


def label(template: str) -> str:
    from notifications.events import SUBJECTS

    return str(SUBJECTS.get(template, template))

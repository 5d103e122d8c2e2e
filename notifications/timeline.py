"""Messages on the person's journey: what was sent, and what the person answered by the link;
two streams, one query each per page of the journey."""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from beneficiaries.timeline import Stream, TimelineEvent
from notifications.models import Notification


def _messages(person, membership):
    if membership is None or not membership.is_antenna_team:
        return Notification.objects.none()
    return Notification.objects.filter(antenna_id=person.antenna_id, beneficiary=person).only(
        "channel", "template", "status", "created_at", "sent_at", "link_used_at", "link_answer"
    )


def _sent(n, membership) -> TimelineEvent:
    return TimelineEvent(
        when=n.sent_at or n.created_at,
        kind="message",
        title=_("%(channel)s : %(what)s")
        % {"channel": n.get_channel_display(), "what": label(n.template)},
        detail=n.get_status_display(),
    )


def _answer(n, membership) -> TimelineEvent:
    return TimelineEvent(
        when=n.link_used_at,
        kind="message",
        title=_("Annulé par la personne depuis le lien du message")
        if n.link_answer == "cancelled"
        else _("Présence confirmée par la personne depuis le lien du message"),
    )


def label(template: str) -> str:
    from notifications.events import SUBJECTS

    return str(SUBJECTS.get(template, template))


messages = Stream(
    name="message", rows=_messages, when=Coalesce("sent_at", "created_at"), event=_sent
)
answers = Stream(
    name="message-answer",
    rows=lambda person, membership: _messages(person, membership).filter(
        link_used_at__isnull=False
    ),
    when="link_used_at",
    event=_answer,
)

STREAMS = (messages, answers)

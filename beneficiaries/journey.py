"""Timeline providers of this app: referrals, diagnostics and notes, one query each."""

from django.urls import reverse
from django.utils.translation import gettext as _

from beneficiaries.models import Diagnostic, Note, Referral
from beneficiaries.timeline import TimelineEvent
from services.catalogue import ServiceKind


def service_labels(values) -> str:
    return ", ".join(str(ServiceKind(v).label) for v in values)


def referrals(beneficiary, membership):
    rows = (
        Referral.objects.visible_to(membership)
        .filter(beneficiary_id=beneficiary.pk)
        .select_related("structure", "social_worker")
    )
    events = []
    for r in rows:
        detail = f"{r.structure} · {r.social_worker or '—'} · {r.reason}"
        if r.status == Referral.Status.REFUSED:
            detail += " · " + _("motif du refus : %(reason)s") % {"reason": r.refusal_reason}
        events.append(
            TimelineEvent(
                when=r.sent_at,
                kind="referral",
                title=_("Orientation %(status)s : %(services)s")
                % {
                    "status": r.get_status_display(),
                    "services": service_labels(r.services_requested),
                },
                detail=detail,
            )
        )
    return events


def diagnostics(beneficiary, membership):
    rows = (
        Diagnostic.objects.visible_to(membership)
        .filter(beneficiary_id=beneficiary.pk)
        .select_related("author", "structure")
    )
    slug = membership.antenna.slug
    return [
        TimelineEvent(
            when=d.made_on,
            kind="diagnostic",
            title=_("Diagnostic mobilité"),
            detail=f"{d.author or '—'} · {d.structure or _('équipe de l’antenne')}",
            url=reverse("diagnostic_pdf", kwargs={"antenna_slug": slug, "pk": d.pk}),
        )
        for d in rows
    ]


def notes(beneficiary, membership):
    rows = Note.objects.visible_to(membership).filter(beneficiary_id=beneficiary.pk)
    return [
        TimelineEvent(
            when=n.created_at,
            kind="note",
            title=_("Note confidentielle") if n.confidential else _("Note"),
            detail=f"{n.author or '—'} : {n.text}",
        )
        for n in rows.select_related("author")
    ]

"""Timeline providers of this app: referrals, periods of follow-up, diagnostics and notes, one
query each."""

from django.urls import reverse
from django.utils.translation import gettext as _

from beneficiaries.models import Diagnostic, Enrolment, Note, Referral
from beneficiaries.timeline import TimelineEvent
from services.catalogue import ServiceKind


def service_labels(values) -> str:
    return ", ".join(str(ServiceKind(v).label) for v in values)


def referrals(beneficiary, membership):
    rows = (
        Referral.objects.visible_to(membership)
        .filter(beneficiary_id=beneficiary.pk)
        .select_related("structure", "social_worker", "decided_by")
    )
    events = []
    for r in rows:
        detail = f"{r.source_label} · {r.social_worker or r.decided_by or '—'} · {r.reason}"
        if r.status == Referral.Status.REFUSED:
            detail += " · " + _("motif du refus : %(reason)s") % {"reason": r.refusal_reason}
        if r.status == Referral.Status.CANCELLED:
            detail += " · " + _("retirée : %(reason)s") % {"reason": r.cancel_reason}
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


def periods(beneficiary, membership):
    """Each period of follow-up, its entry and its exit: a return shows as period 2, 3… Emitted
    newest first, so that events of the same day keep that order on the journey."""
    rows = Enrolment.objects.visible_to(membership).filter(beneficiary_id=beneficiary.pk)
    events = []
    for period in rows.order_by("-number"):
        if period.ended_on:
            events.append(
                TimelineEvent(
                    when=period.ended_on,
                    kind="period",
                    title=_("Sortie : fin de la période n° %(n)s") % {"n": period.number},
                    detail=period.get_exit_outcome_display(),
                )
            )
        events.append(
            TimelineEvent(
                when=period.started_on,
                kind="period",
                title=(
                    _("Retour : début de la période d'accompagnement n° %(n)s")
                    if period.is_return
                    else _("Début de l'accompagnement (période n° %(n)s)")
                )
                % {"n": period.number},
                detail=_("en cours") if period.ended_on is None else "",
            )
        )
    return events


def mode_summary(diagnostic) -> str:
    return _("se déplace en : %(now)s ; sans le service : %(without)s") % {
        "now": diagnostic.get_current_mode_display() or "—",
        "without": diagnostic.get_reference_mode_display() or "—",
    }


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
            detail=f"{d.author or '—'} · {d.structure or _('équipe de l’antenne')} · "
            + mode_summary(d),
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

"""Timeline streams of this app: referrals, periods of follow-up (entries and exits),
diagnostics and notes, one query each per page of the journey."""

from django.urls import reverse
from django.utils.translation import gettext as _

from beneficiaries.models import Diagnostic, Enrolment, Note, Referral
from beneficiaries.timeline import Stream, TimelineEvent
from services.catalogue import ServiceKind


def service_labels(values) -> str:
    return ", ".join(str(ServiceKind(v).label) for v in values)


def _referral(r, membership) -> TimelineEvent:
    detail = f"{r.source_label} · {r.social_worker or r.decided_by or '—'} · {r.reason}"
    if r.status == Referral.Status.REFUSED:
        detail += " · " + _("motif du refus : %(reason)s") % {"reason": r.refusal_reason}
    if r.status == Referral.Status.CANCELLED:
        detail += " · " + _("retirée : %(reason)s") % {"reason": r.cancel_reason}
    return TimelineEvent(
        when=r.sent_at,
        kind="referral",
        title=_("Orientation %(status)s : %(services)s")
        % {"status": r.get_status_display(), "services": service_labels(r.services_requested)},
        detail=detail,
    )


referrals = Stream(
    name="referral",
    rows=lambda person, membership: (
        Referral.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk)
        .select_related("structure", "social_worker", "decided_by")
    ),
    when="sent_at",
    event=_referral,
)


def _periods(person, membership):
    return Enrolment.objects.visible_to(membership).filter(beneficiary_id=person.pk)


def _exit(period, membership) -> TimelineEvent:
    return TimelineEvent(
        when=period.ended_on,
        kind="period",
        title=_("Sortie : fin de la période n° %(n)s") % {"n": period.number},
        detail=period.get_exit_outcome_display(),
    )


def _entry(period, membership) -> TimelineEvent:
    return TimelineEvent(
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


# On the same day a return ("period-start") shows above the exit before it ("period-end"): at
# one instant, the greater stream name comes first.
period_exits = Stream(
    name="period-end",
    rows=lambda person, membership: _periods(person, membership).filter(ended_on__isnull=False),
    when="ended_on",
    event=_exit,
)
period_entries = Stream(name="period-start", rows=_periods, when="started_on", event=_entry)


def mode_summary(diagnostic) -> str:
    return _("se déplace en : %(now)s ; sans le service : %(without)s") % {
        "now": diagnostic.get_current_mode_display() or "—",
        "without": diagnostic.get_reference_mode_display() or "—",
    }


def _diagnostic(d, membership) -> TimelineEvent:
    return TimelineEvent(
        when=d.made_on,
        kind="diagnostic",
        title=_("Diagnostic mobilité"),
        detail=f"{d.author or '—'} · {d.structure or _('équipe de l’antenne')} · "
        + mode_summary(d),
        url=reverse("diagnostic_pdf", kwargs={"antenna_slug": membership.antenna.slug, "pk": d.pk}),
    )


diagnostics = Stream(
    name="diagnostic",
    rows=lambda person, membership: (
        Diagnostic.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk)
        .select_related("author", "structure")
    ),
    when="made_on",
    event=_diagnostic,
)


def _note(n, membership) -> TimelineEvent:
    return TimelineEvent(
        when=n.created_at,
        kind="note",
        title=_("Note confidentielle") if n.confidential else _("Note"),
        detail=f"{n.author or '—'} : {n.text}",
    )


notes = Stream(
    name="note",
    rows=lambda person, membership: (
        Note.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk)
        .select_related("author")
    ),
    when="created_at",
    event=_note,
)

STREAMS = (referrals, period_entries, period_exits, diagnostics, notes)

"""Pages of the people followed by an antenna. Every object comes through a scoped queryset;
every read of a person's page and every change is audited."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from antennas.phones import is_phone_number
from beneficiaries import (
    audit,
    duplicates,
    export,
    pdf,
    records,
    referrals,
    retention,
    search,
    timeline,
)
from beneficiaries.access import can_see_disability
from beneficiaries.filters import BeneficiaryFilter, ReferralFilter
from beneficiaries.forms import (
    BeneficiaryForm,
    DecisionForm,
    DiagnosticForm,
    EraseForm,
    MergeForm,
    NoteForm,
    ReferralForm,
    StatusForm,
    WithdrawForm,
)
from beneficiaries.models import Beneficiary, Diagnostic, Referral
from mobilex import pagination
from mobilex.tenancy import tenant_roles


def _people(request):
    return Beneficiary.objects.visible_to(request.membership)


def _person(request, pk, *, include_anonymised=False):
    qs = _people(request).select_related("commune", "referring_structure", "referent")
    if not include_anonymised:
        qs = qs.filter(anonymised_at__isnull=True)
    return get_object_or_404(qs, pk=pk)


def _to_detail(request, person):
    return redirect("beneficiary_detail", antenna_slug=request.antenna.slug, pk=person.pk)


def _audit(request, action, obj, **kwargs):
    audit.record(
        antenna_id=request.antenna.pk, actor=request.user, action=action, obj=obj, **kwargs
    )


# Lists ------------------------------------------------------------------------------------


@tenant_roles(Role.ANTENNA)
def beneficiary_list(request, antenna_slug):
    people = (
        _people(request)
        .filter(anonymised_at__isnull=True)
        .select_related("commune", "referring_structure")
    )
    filterset = BeneficiaryFilter(
        request.GET or None, queryset=people, request=request, ranks_search=True
    )
    text = filterset.form.cleaned_data.get("q") if filterset.is_valid() else ""
    # A search is ranked and not counted (its matches can be many); the list counts to 10 000.
    page = pagination.keyset_page(
        search.ranked(filterset.qs, text) if text else [filterset.qs],
        ordering=search.ordering(text) if text else ("name_key", "pk"),
        cursor=request.GET.get("cursor"),
        count=not text,
    )
    audit.record_list(actor=request.user, objects=page.object_list)
    query = request.GET.copy()
    query.pop("cursor", None)
    # The filters fold away on a phone; they stay unfolded while one of them is in use.
    active = sum(1 for name in filterset.filters if name != "q" and request.GET.get(name))
    context = {
        "filter": filterset,
        "page": page,
        "by_phone": is_phone_number(text),
        "query": query.urlencode(),
        "active_filters": active,
    }
    # htmx restoring a page it did not keep (hx-history="false") asks for the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "beneficiaries/_results.html" if partial else "beneficiaries/list.html"
    response = render(request, template, context)
    # The partial and the page share a URL: the browser's cache must not serve one for the other.
    patch_vary_headers(response, ["HX-Request"])
    return response


@tenant_roles(Role.TEAM)
def referral_list(request, antenna_slug):
    data = request.GET.copy()
    data.setdefault("status", Referral.Status.SENT)
    referrals_qs = Referral.objects.visible_to(request.membership).select_related(
        "beneficiary", "structure", "social_worker"
    )
    filterset = ReferralFilter(data, queryset=referrals_qs)
    # Newest first, a keyset page at a time along (antenna, sent_at, id); counted to 10 000.
    page = pagination.keyset_page(
        [filterset.qs], ordering=("-sent_at", "-pk"), cursor=request.GET.get("cursor")
    )
    audit.record_list(actor=request.user, objects=page.object_list)
    return render(
        request,
        "beneficiaries/referral_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": urlencode({"status": data["status"]}),
            "form": DecisionForm(),
        },
    )


# A person's record --------------------------------------------------------------------------


def _duplicates_for(request, form, exclude_pk=None):
    data = form.cleaned_data
    return duplicates.find_duplicates(
        _people(request),
        last_name=data["last_name"],
        first_name=data["first_name"],
        birth_date=data["birth_date"],
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        commune_id=getattr(data.get("commune"), "pk", None),
        exclude_pk=exclude_pk,
    )


def _form_page(request, form, person=None, status=200):
    return render(
        request, "beneficiaries/form.html", {"form": form, "person": person}, status=status
    )


@tenant_roles(Role.ANTENNA)
def beneficiary_create(request, antenna_slug):
    form = BeneficiaryForm(
        request.POST or None,
        antenna=request.antenna,
        show_disability=can_see_disability(request.membership),
    )
    if request.method == "POST" and form.is_valid():
        form.duplicates = _duplicates_for(request, form)
        if not form.duplicates or form.cleaned_data["confirm_duplicate"]:
            person = records.create_beneficiary(
                membership=request.membership, actor=request.user, data=form.record_data()
            )
            messages.success(request, _("Fiche de %(name)s créée.") % {"name": person})
            return _to_detail(request, person)
    return _form_page(request, form)


@tenant_roles(Role.ANTENNA)
def beneficiary_edit(request, antenna_slug, pk):
    person = _person(request, pk)
    form = BeneficiaryForm(
        request.POST or None,
        instance=person,
        antenna=request.antenna,
        show_disability=can_see_disability(request.membership, person),
    )
    if request.method != "POST":  # the form shows the whole record: a read like the page
        _audit(request, audit.Action.VIEW, person)
    if request.method == "POST" and form.is_valid():
        form.duplicates = _duplicates_for(request, form, exclude_pk=person.pk)
        if not form.duplicates or form.cleaned_data["confirm_duplicate"]:
            try:
                records.update_beneficiary(
                    beneficiary=person,
                    version=form.cleaned_data["version"],
                    actor=request.user,
                    data=form.record_data(),
                )
            except records.StaleRecord:
                form.add_error(None, records.StaleRecord.message)
                return _form_page(request, form, person, status=409)
            except IntegrityError:
                form.add_error(None, _("L'enregistrement a échoué ; vérifiez les dates."))
                return _form_page(request, form, person)
            messages.success(request, _("Fiche mise à jour."))
            return _to_detail(request, person)
    return _form_page(request, form, person)


def _detail_context(request, person, **forms):
    membership = request.membership
    pending = list(
        Referral.objects.visible_to(membership)
        .filter(beneficiary_id=person.pk, status=Referral.Status.SENT)
        .select_related("beneficiary", "structure", "social_worker")
    )
    # The journey a page at a time, from a keyset cursor: each stream reads one page of rows.
    page = timeline.events_for(person, membership, cursor=request.GET.get("parcours"))
    return {
        "person": person,
        "events": page.events,
        "journey_page": page,
        "pending": pending,
        "decision_form": DecisionForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "show_disability": can_see_disability(membership, person),
    }


@tenant_roles(Role.ANTENNA)
def beneficiary_detail(request, antenna_slug, pk):
    person = _person(request, pk, include_anonymised=True)
    _audit(request, audit.Action.VIEW, person)
    return render(request, "beneficiaries/detail.html", _detail_context(request, person))


@require_POST
@tenant_roles(Role.ANTENNA)
def note_create(request, antenna_slug, pk):
    person = _person(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        _audit(request, audit.Action.VIEW, person)  # the whole page is shown again
        context = _detail_context(request, person, note_form=form)
        return render(request, "beneficiaries/detail.html", context, status=400)
    records.add_note(
        beneficiary=person,
        membership=request.membership,
        actor=request.user,
        text=form.cleaned_data["text"],
        confidential=form.cleaned_data["confidential"],
    )
    messages.success(request, _("Note ajoutée."))
    return _to_detail(request, person)


@tenant_roles(Role.TEAM)
def beneficiary_status(request, antenna_slug, pk):
    person = _person(request, pk)
    initial = {
        "version": person.version,
        "status": person.status,
        "entry_date": person.entry_date,
        "exit_date": person.exit_date,
        "exit_outcome": person.exit_outcome,
    }
    form = StatusForm(request.POST or None, initial=initial, current=person.status)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            records.change_status(beneficiary=person, actor=request.user, **form.cleaned_data)
        except records.StaleRecord:
            form.add_error(None, records.StaleRecord.message)
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Statut mis à jour."))
            return _to_detail(request, person)
    return render(
        request, "beneficiaries/status.html", {"form": form, "person": person}, status=status
    )


# Diagnostics and referrals --------------------------------------------------------------------


@tenant_roles(Role.ANTENNA)
def diagnostic_create(request, antenna_slug, pk):
    person = _person(request, pk)
    form = DiagnosticForm(request.POST or None, initial={"licence": person.licence})
    if request.method == "POST" and form.is_valid():
        diagnostic = records.add_diagnostic(
            beneficiary=person,
            membership=request.membership,
            actor=request.user,
            data=form.cleaned_data,
        )
        messages.success(request, _("Diagnostic enregistré. Son attestation PDF est prête."))
        return redirect("diagnostic_detail", antenna_slug=request.antenna.slug, pk=diagnostic.pk)
    return render(request, "beneficiaries/diagnostic_form.html", {"form": form, "person": person})


def _diagnostic(request, pk):
    qs = Diagnostic.objects.visible_to(request.membership).select_related(
        "beneficiary__commune", "author", "structure__commune", "antenna__commune"
    )
    return get_object_or_404(qs, pk=pk, beneficiary__anonymised_at__isnull=True)


@tenant_roles(Role.ANTENNA)
def diagnostic_detail(request, antenna_slug, pk):
    diagnostic = _diagnostic(request, pk)
    _audit(request, audit.Action.VIEW, diagnostic)
    return render(
        request,
        "beneficiaries/diagnostic_detail.html",
        {"diagnostic": diagnostic, "person": diagnostic.beneficiary, **pdf.validity(diagnostic)},
    )


@tenant_roles(Role.ANTENNA)
def diagnostic_pdf(request, antenna_slug, pk):
    diagnostic = _diagnostic(request, pk)
    _audit(request, audit.Action.EXPORT, diagnostic)
    response = HttpResponse(pdf.diagnostic_pdf(diagnostic), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="diagnostic-mobilite-{diagnostic.pk}-{diagnostic.made_on}.pdf"'
    )
    return response


@tenant_roles(Role.SOCIAL_WORKER)
def referral_create(request, antenna_slug, pk):
    person = _person(request, pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referrals.send_referral(
            beneficiary=person,
            membership=request.membership,
            actor=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("Orientation envoyée à l'antenne."))
        return _to_detail(request, person)
    return render(request, "beneficiaries/referral_form.html", {"form": form, "person": person})


@require_POST
@tenant_roles(Role.TEAM)
def beneficiary_welcome(request, antenna_slug, pk):
    """A person at the desk (new, referred and waiting, or back after an exit): followed now."""
    person = _person(request, pk)
    referrals.welcome_directly(beneficiary=person, actor=request.user)
    messages.success(
        request, _("Accueil direct enregistré : %(name)s est accompagné·e.") % {"name": person}
    )
    return _to_detail(request, person)


@tenant_roles(Role.SOCIAL_WORKER)
def referral_withdraw(request, antenna_slug, pk):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.membership).select_related("beneficiary"),
        pk=pk,
        structure_id=request.membership.structure_id,
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referrals.cancel_referral(
                referral=referral, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Orientation retirée."))
            return _to_detail(request, referral.beneficiary)
    return render(
        request,
        "beneficiaries/referral_withdraw.html",
        {"form": form, "referral": referral, "person": referral.beneficiary},
        status=400 if request.method == "POST" else 200,
    )


def _already_decided(referral):
    if referral is None:
        return _("Cette orientation a été effacée : votre décision n'a pas été enregistrée.")
    return _(
        "Cette orientation a déjà été %(status)s par %(who)s le %(when)s : votre décision n'a "
        "pas été enregistrée."
    ) % {
        "status": referral.get_status_display(),
        "who": referral.decided_by or _("quelqu'un d'autre"),
        "when": formats.date_format(timezone.localtime(referral.decided_at), "DATETIME_FORMAT"),
    }


@tenant_roles(Role.TEAM)
def referral_decide(request, antenna_slug, pk):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.membership).select_related(
            "beneficiary", "structure", "social_worker"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            referrals.decide_referral(
                referral=referral,
                actor=request.user,
                accept=accept,
                refusal_reason=form.cleaned_data["refusal_reason"].strip(),
            )
        except referrals.AlreadyDecided as done:
            messages.warning(request, _already_decided(done.referral))
        else:
            text = (
                _("Orientation de %(name)s acceptée.")
                if accept
                else _("Orientation de %(name)s refusée.")
            )
            messages.success(request, text % {"name": referral.beneficiary})
        if request.POST.get("from") == "detail":
            return _to_detail(request, referral.beneficiary)
        return redirect("referral_list", antenna_slug=antenna_slug)
    return render(
        request, "beneficiaries/referral_decide.html", {"form": form, "referral": referral}
    )


# Manager tools: log, merge, right of access, erasure ----------------------------------------


@tenant_roles(Role.MANAGER)
def beneficiary_audit(request, antenna_slug, pk):
    person = _person(request, pk, include_anonymised=True)
    page = pagination.keyset_page(
        [audit.log_for(person)], ordering=("-at", "-pk"), cursor=request.GET.get("cursor"), size=50
    )
    return render(request, "beneficiaries/audit.html", {"person": person, "page": page})


@tenant_roles(Role.MANAGER)
def beneficiary_merge(request, antenna_slug, pk):
    person = _person(request, pk)
    form = MergeForm(
        request.POST or None,
        queryset=_people(request),
        keep=person,
        initial={"other": request.GET.get("autre")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person, moved = duplicates.merge(
                keep=person, absorb=form.cleaned_data["other"], actor=request.user
            )
        except duplicates.MergeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Fiches fusionnées : %(n)s enregistrement(s) déplacé(s).") % {"n": moved}
            )
            return _to_detail(request, person)
    candidates = duplicates.find_duplicates(
        _people(request),
        last_name=person.last_name,
        first_name=person.first_name,
        birth_date=person.birth_date,
        phone=person.phone,
        email=person.email,
        commune_id=person.commune_id,
        exclude_pk=person.pk,
    )
    return render(
        request,
        "beneficiaries/merge.html",
        {"form": form, "person": person, "candidates": candidates},
    )


@tenant_roles(Role.MANAGER)
def beneficiary_export_json(request, antenna_slug, pk):
    person = _person(request, pk)
    _audit(request, audit.Action.EXPORT, person)
    response = JsonResponse(
        export.person_data(person, membership=request.membership),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-{person.pk}.json"'
    return response


@tenant_roles(Role.MANAGER)
def beneficiary_export_pdf(request, antenna_slug, pk):
    person = _person(request, pk)
    _audit(request, audit.Action.EXPORT, person)
    response = HttpResponse(
        pdf.access_pdf(person, membership=request.membership), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-{person.pk}.pdf"'
    return response


@tenant_roles(Role.MANAGER)
def beneficiary_erase(request, antenna_slug, pk):
    person = _person(request, pk)
    form = EraseForm(request.POST or None, beneficiary=person)
    if request.method == "POST" and form.is_valid():
        retention.erase_on_request(beneficiary=person, actor=request.user)
        messages.success(request, _("Les données personnelles ont été effacées."))
        return redirect("beneficiary_list", antenna_slug=antenna_slug)
    return render(request, "beneficiaries/erase.html", {"form": form, "person": person})


@tenant_roles(Role.MANAGER)
def probable_duplicates(request, antenna_slug):
    """The antenna's records that are probably one person, with why, and a merge link."""
    pairs = duplicates.probable_pairs(request.antenna.pk)
    shown = {p.first.pk: p.first for p in pairs}
    shown.update({p.second.beneficiary.pk: p.second.beneficiary for p in pairs})
    audit.record_list(actor=request.user, objects=[shown[pk] for pk in sorted(shown)])
    return render(request, "beneficiaries/probable_duplicates.html", {"pairs": pairs})

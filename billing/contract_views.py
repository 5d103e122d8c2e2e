"""Contract pages: sign a rental's contract at the desk, download it (the antenna team, and the
prescriber of the person), publish a new version of the rules, the prescriber's documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from antennas.models import Role
from beneficiaries import audit
from billing import contracts
from billing.forms import RulesForm, SignatureForm
from billing.models import Contract
from mobilex.tenancy import tenant_roles
from services.models import Booking
from services.views.common import show_errors


def _audit(request, action, obj):
    audit.record(antenna_id=request.antenna.pk, actor=request.user, action=action, obj=obj)


def _rental(request, pk):
    return get_object_or_404(
        Booking.objects.visible_to(request.membership)
        .filter(kind=Booking.Kind.RENTAL)
        .select_related("vehicle", "beneficiary__commune", "antenna__commune"),
        pk=pk,
    )


@tenant_roles(Role.TEAM)
def sign(request, antenna_slug, pk):
    booking = _rental(request, pk)
    contract = Contract.objects.filter(booking=booking).first()
    form = SignatureForm(
        request.POST or None,
        initial={"person_name": contracts.signer_name(booking.beneficiary)},
    )
    if contract is None and request.method == "POST" and form.is_valid():
        try:
            contract = contracts.sign_contract(
                booking=booking, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            _audit(request, audit.Action.CREATE, contract)
            messages.success(request, _("Contrat signé."))
            return redirect("billing_contract", antenna_slug=antenna_slug, pk=pk)
    return render(
        request,
        "billing/contract.html",
        {
            "booking": booking,
            "contract": contract,
            "form": form,
            "rules": contract.rules if contract else contracts.current_rules(booking.antenna_id),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@tenant_roles(Role.ANTENNA)
def contract_pdf(request, antenna_slug, pk):
    """The signed contract; before signing, the team gets the draft to read."""
    contract = (
        Contract.objects.visible_to(request.membership)
        .filter(booking_id=pk)
        .select_related("booking")
        .first()
    )
    if contract is not None:
        _audit(request, audit.Action.EXPORT, contract)
        return FileResponse(
            contracts.signed_path(contract).open("rb"),
            as_attachment=True,
            filename=f"contrat-location-{pk}.pdf",
            content_type="application/pdf",
        )
    if not request.membership.is_antenna_team:
        raise Http404
    booking = _rental(request, pk)
    _audit(request, audit.Action.EXPORT, booking)
    response = HttpResponse(contracts.draft_pdf(booking), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contrat-location-{pk}-projet.pdf"'
    return response


@tenant_roles(Role.MANAGER)
def rules(request, antenna_slug):
    current = contracts.current_rules(request.antenna.pk)
    form = RulesForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            published = contracts.publish_rules(
                antenna=request.antenna, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Règlement publié (version %(v)s).") % {"v": published.version}
            )
            return redirect("billing_rules", antenna_slug=antenna_slug)
    return render(
        request,
        "billing/rules.html",
        {"form": form, "current": current},
        status=400 if form.is_bound and form.errors else 200,
    )


@tenant_roles(Role.ANTENNA)
def documents(request, antenna_slug):
    """Signed contracts of the people one may see: a prescriber, those their structure
    referred."""
    signed = (
        Contract.objects.visible_to(request.membership)
        .select_related("beneficiary", "booking__vehicle", "rules")
        .order_by("-signed_at")[:200]
    )
    return render(request, "billing/documents.html", {"contracts": signed})

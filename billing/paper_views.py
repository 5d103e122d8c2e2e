"""Workshop paper (services/paper.py): the session's attendance sheet for the antenna team,
and a participant's attestation for the team and the person's prescriber."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from antennas.models import Role
from beneficiaries import audit
from beneficiaries.models import Beneficiary
from billing import attendance, contracts
from billing.forms import SignatureForm
from billing.models import AttendanceSignature
from mobilex.tenancy import tenant_roles
from services import paper
from services.models import Registration, Session
from services.views.common import show_errors


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@tenant_roles(Role.TEAM)
def attendance_sheet(request, antenna_slug, pk):
    session = get_object_or_404(
        Session.objects.visible_to(request.membership).select_related("antenna"), pk=pk
    )
    return _pdf(paper.attendance_sheet_pdf(session), f"emargement-{session.pk}.pdf")


@tenant_roles(Role.ANTENNA)
def attestation(request, antenna_slug, pk):
    people = Beneficiary.objects.visible_to(request.membership)
    registration = get_object_or_404(
        Registration.objects.filter(
            antenna_id=request.antenna.pk, beneficiary__in=people
        ).select_related("session__antenna__commune", "beneficiary__referring_structure"),
        pk=pk,
    )
    try:
        content = paper.attestation_pdf(registration)
    except ValidationError:
        raise Http404 from None
    audit.record(
        antenna_id=request.antenna.pk, actor=request.user, action=audit.Action.EXPORT,
        obj=registration,
    )  # fmt: skip
    return _pdf(content, f"attestation-{registration.pk}.pdf")


@tenant_roles(Role.TEAM)
def sign_attendance(request, antenna_slug, pk):
    """The participant signs their line of the session's sheet on the phone."""
    registration = get_object_or_404(
        Registration.objects.visible_to(request.membership).select_related(
            "session", "beneficiary"
        ),
        pk=pk,
    )
    signed = AttendanceSignature.objects.filter(registration=registration).first()
    form = SignatureForm(
        request.POST or None,
        initial={"person_name": contracts.signer_name(registration.beneficiary)},
    )
    if signed is None and request.method == "POST" and form.is_valid():
        try:
            attendance.sign_attendance(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Présence signée."))
            return redirect(
                "services_session", antenna_slug=antenna_slug, pk=registration.session_id
            )
    return render(
        request,
        "billing/sign_attendance.html",
        {"registration": registration, "signed": signed, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )

"""Condition report pages: fill and sign at check-out and at check-in (the check-out report
beside it, what changed highlighted), its photos for the antenna team, the PDF of both."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antennas.models import Role
from beneficiaries import audit
from billing import condition, contracts
from billing.documents import private_file, render_pdf
from billing.forms import ConditionForm
from billing.models import ConditionPhoto, ConditionReport
from mobilex.tenancy import tenant_roles
from services.models import Booking
from services.views.common import show_errors


def _rental(request, pk):
    return get_object_or_404(
        Booking.objects.visible_to(request.membership)
        .filter(kind=Booking.Kind.RENTAL)
        .select_related("vehicle", "beneficiary", "antenna__commune"),
        pk=pk,
    )


def _reports(booking) -> dict:
    reports = ConditionReport.objects.filter(booking=booking).prefetch_related("photos")
    return {report.moment: report for report in reports}


@tenant_roles(Role.TEAM)
def report(request, antenna_slug, pk, moment):
    booking = _rental(request, pk)
    reports = _reports(booking)
    existing = reports.get(moment)
    checklist = condition.checklist_for(booking.vehicle.kind)
    form = ConditionForm(
        request.POST or None,
        request.FILES or None,
        checklist=checklist,
        initial={"person_name": contracts.signer_name(booking.beneficiary)},
    )
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            saved = condition.record_report(
                booking=booking,
                moment=moment,
                checklist=form.checklist(),
                remarks=form.cleaned_data["remarks"],
                photos=form.cleaned_data["photos"],
                staff=request.user,
                person_name=form.cleaned_data["person_name"],
                drawing=form.cleaned_data["drawing"],
                typed_consent=form.cleaned_data["typed_consent"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            audit.record(
                antenna_id=request.antenna.pk, actor=request.user, action=audit.Action.CREATE,
                obj=saved, beneficiary_id=booking.beneficiary_id,
            )  # fmt: skip
            messages.success(request, _("État des lieux enregistré."))
            return redirect(request.path)
    rows = condition.changes(booking, reports.get("checkout"), reports.get("checkin"))
    return render(
        request,
        "billing/condition.html",
        {
            "booking": booking,
            "moment": moment,
            "existing": existing,
            "checkout": reports.get("checkout"),
            "checkin": reports.get("checkin"),
            "rows": rows,
            "damage": condition.damage_summary(rows),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@tenant_roles(Role.TEAM)
def photo(request, antenna_slug, pk):
    shot = get_object_or_404(ConditionPhoto.objects.visible_to(request.membership), pk=pk)
    return FileResponse(private_file(shot.path).open("rb"), content_type="image/jpeg")


def _data_uri(path, kind):
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode()


@tenant_roles(Role.TEAM)
def report_pdf(request, antenna_slug, pk):
    """Both reports side by side, with their photos and signatures."""
    booking = _rental(request, pk)
    reports = _reports(booking)
    if not reports:
        return redirect("billing_checkout_report", antenna_slug=antenna_slug, pk=pk)
    sides = []
    for moment in ("checkout", "checkin"):
        found = reports.get(moment)
        sides.append(
            {
                "report": found,
                "photos": [
                    _data_uri(private_file(p.path), "image/jpeg") for p in found.photos.all()
                ]
                if found
                else [],
                "signature": _data_uri(private_file(found.signature_image), "image/png")
                if found and found.signature_image
                else None,
            }
        )
    audit.record(
        antenna_id=request.antenna.pk, actor=request.user, action=audit.Action.EXPORT,
        obj=booking, beneficiary_id=booking.beneficiary_id,
    )  # fmt: skip
    content = render_pdf(
        "billing/pdf/condition.html",
        {
            "booking": booking,
            "antenna": booking.antenna,
            "sides": sides,
            "rows": condition.changes(booking, reports.get("checkout"), reports.get("checkin")),
            "printed_on": timezone.localdate(),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="etat-des-lieux-{pk}.pdf"'
    return response

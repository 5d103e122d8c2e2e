"""Indicator pages: the territory dashboard for officers, the antenna page for its team, targets,
yearly reports (request, progress, downloads), CSV exports and the préfet's TUS report."""

import csv

from django.contrib import messages
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from indicators.catalogue import FIRST_YEAR
from indicators.figures import compute, export
from indicators.forms import AssociationProfileForm, TargetsForm, YearForm
from indicators.models import AssociationProfile, Report, private_storage
from indicators.pdf import report_context, write_pdf
from indicators.reports import request_report
from indicators.targets import save_targets, targets_by_year
from indicators.tus import tus_figures
from mobilex.tenancy import tenant_roles

DASHBOARD_CHART_WIDTH = 400


def _year(request, default=None):
    """The year asked for in ?annee=, within the PCAET years; else `default` (this year)."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return default or this_year
    return year if FIRST_YEAR <= year <= this_year else (default or this_year)


def _reports(territory):
    # Reading writes nothing: stale reports are failed by a scheduled task (fail_stale_reports).
    return Report.objects.filter(territory=territory).select_related("territory", "requested_by")


def territory_context(request) -> dict:
    """The territory dashboard (rendered by antennas.views.territory_home, the officer's landing
    page): this year against targets and last year, the trend, protected tables, reports."""
    territory = request.territory
    year = _year(request)
    figures = compute(year=year, territory=territory)
    context = report_context(figures, chart_width=DASHBOARD_CHART_WIDTH)
    context.update(
        {
            "territory": territory,
            "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            "reports": _reports(territory)[:5],
            "year_form": YearForm(initial={"year": timezone.localdate().year - 1}),
            "next_year": year + 1,
        }
    )
    return context


@tenant_roles(Role.OFFICER)
def targets(request, territory_slug):
    territory = request.territory
    this_year = timezone.localdate().year
    try:
        year = int(request.POST.get("year") or request.GET.get("annee") or this_year + 1)
    except ValueError:
        year = this_year + 1
    existing = targets_by_year(territory, [year])[year]
    form = TargetsForm(request.POST or None, initial={"year": year}, initial_targets=existing)
    if request.method == "POST" and form.is_valid():
        try:
            save_targets(
                territory=territory,
                year=form.cleaned_data["year"],
                values=form.target_values(),
                user=request.user,
            )
        except IntegrityError:
            form.add_error(
                None, _("Ces objectifs viennent d'être modifiés ; vérifiez et recommencez.")
            )
        else:
            messages.success(
                request, _("Objectifs %(year)s enregistrés.") % {"year": form.cleaned_data["year"]}
            )
            return redirect(f"{request.path}?annee={form.cleaned_data['year']}")
    # For reference beside each field: the last complete year before the one being set.
    last = compute(year=min(max(year - 1, FIRST_YEAR), this_year), territory=territory)
    return render(
        request,
        "indicators/targets.html",
        {"form": form, "year": year, "territory": territory, "reference": last},
    )


@tenant_roles(Role.OFFICER)
def reports(request, territory_slug):
    territory = request.territory
    form = YearForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        report = request_report(
            territory=territory, year=form.cleaned_data["year"], user=request.user
        )
        if request.headers.get("HX-Request"):
            # The new row goes on top; the "no report yet" row goes away (out-of-band delete).
            return render(
                request, "indicators/_report_row.html", {"report": report, "first_row": True}
            )
        messages.success(
            request, _("Le rapport %(year)s est en préparation.") % {"year": report.year}
        )
        return redirect("indicators_reports", territory_slug=territory.slug)
    return render(
        request,
        "indicators/reports.html",
        {"form": form, "reports": _reports(territory), "territory": territory},
        status=400 if request.method == "POST" else 200,
    )


@tenant_roles(Role.OFFICER)
def report_status(request, territory_slug, pk):
    report = get_object_or_404(_reports(request.territory), pk=pk)
    return render(request, "indicators/_report_row.html", {"report": report})


@require_POST
@tenant_roles(Role.OFFICER)
def report_retry(request, territory_slug, pk):
    previous = get_object_or_404(Report.objects.visible_to(request.membership), pk=pk)
    report = request_report(territory=request.territory, year=previous.year, user=request.user)
    messages.success(
        request, _("Nouvelle demande du rapport %(year)s envoyée.") % {"year": report.year}
    )
    return redirect("indicators_reports", territory_slug=request.territory.slug)


def _download(report):
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    try:
        handle = private_storage.open(report.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=report.filename, content_type="application/pdf"
    )
    response["X-Checksum-SHA256"] = report.checksum
    return response


@tenant_roles(Role.OFFICER)
def report_download(request, territory_slug, pk):
    return _download(get_object_or_404(Report.objects.visible_to(request.membership), pk=pk))


def _csv(figures, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents when the file starts with a BOM
    csv.writer(response, delimiter=";").writerows(export.rows(figures))
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(figures, filename):
    response = HttpResponse(export.xlsx(figures), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tenant_roles(Role.OFFICER)
def territory_csv(request, territory_slug):
    year = _year(request)
    figures = compute(year=year, territory=request.territory)
    return _csv(figures, f"indicateurs-{request.territory.slug}-{year}.csv")


@tenant_roles(Role.OFFICER)
def territory_xlsx(request, territory_slug):
    year = _year(request)
    figures = compute(year=year, territory=request.territory)
    return _xlsx(figures, f"indicateurs-{request.territory.slug}-{year}.xlsx")


@tenant_roles(Role.TEAM)
def antenna_dashboard(request, antenna_slug):
    antenna = request.antenna
    year = _year(request)
    # The team sees its own people anyway: exact counts here, secrecy in published documents.
    figures = compute(year=year, antenna=antenna, protected=False)
    context = report_context(figures, chart_width=DASHBOARD_CHART_WIDTH)
    territory = antenna.territory
    reports = Report.objects.filter(territory=territory, status=Report.Status.DONE)
    context.update(
        {
            "antenna": antenna,
            "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            "territory_reports": reports[:10] if request.membership.is_manager else [],
        }
    )
    return render(request, "indicators/antenna.html", context)


@tenant_roles(Role.TEAM)
def antenna_csv(request, antenna_slug):
    year = _year(request)
    figures = compute(year=year, antenna=request.antenna, protected=False)
    return _csv(figures, f"indicateurs-{request.antenna.slug}-{year}.csv")


@tenant_roles(Role.TEAM)
def antenna_xlsx(request, antenna_slug):
    year = _year(request)
    figures = compute(year=year, antenna=request.antenna, protected=False)
    return _xlsx(figures, f"indicateurs-{request.antenna.slug}-{year}.xlsx")


@tenant_roles(Role.MANAGER)
def antenna_report_download(request, antenna_slug, pk):
    return _download(get_object_or_404(Report.objects.visible_to(request.membership), pk=pk))


@tenant_roles(Role.MANAGER)
def tus_report(request, antenna_slug):
    antenna = request.antenna
    profile = AssociationProfile.objects.visible_to(request.membership).first()
    form = AssociationProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.instance.antenna = antenna
        form.save()
        messages.success(request, _("Informations de l'association enregistrées."))
        return redirect("indicators_tus", antenna_slug=antenna.slug)
    year = _year(request, default=timezone.localdate().year - 1)
    return render(
        request,
        "indicators/tus.html",
        {
            "antenna": antenna,
            "form": form,
            "profile": profile,
            "year": year,
            "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            "tus": tus_figures(antenna=antenna, year=year),
        },
        status=400 if request.method == "POST" else 200,
    )


@tenant_roles(Role.MANAGER)
def tus_pdf(request, antenna_slug):
    antenna = request.antenna
    profile = AssociationProfile.objects.visible_to(request.membership).first()
    year = _year(request, default=timezone.localdate().year - 1)
    pdf = write_pdf(
        "indicators/report/tus.html",
        {
            "antenna": antenna,
            "profile": profile,
            "tus": tus_figures(antenna=antenna, year=year),
            "year": year,
            "generated_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-tus-{antenna.slug}-{year}.pdf"'
    )
    return response

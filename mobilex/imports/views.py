"""The import pages, the same for every kind: upload, mapping and preview with each row's errors
and match, then one transaction and a downloadable report. A large file is checked and written
by a worker while the page shows its progress. Managers only; the file waits in private
storage."""

import csv
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.models import Role
from beneficiaries import audit
from beneficiaries.models import ImportJob
from mobilex.imports import jobs
from mobilex.imports.engine import Importer
from mobilex.imports.reading import MAX_ROWS, UnreadableFile
from mobilex.tenancy import tenant_roles

ACTIONS = (
    ("create", gettext_lazy("créer")),
    ("update", gettext_lazy("mettre à jour la fiche trouvée")),
    ("skip", gettext_lazy("ignorer")),
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Une ligne d'en-tête puis une fiche par ligne ; séparateur point-virgule ou "
            "virgule ; %(max)s lignes au plus."
        ) % {"max": number_format(MAX_ROWS, force_grouping=True)}


def _names(importer: Importer) -> dict[str, str]:
    return {step: f"{importer.url_name}_import_{step}" for step in ("preview", "status", "report")}


def _job(request, importer: Importer, token: str) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.select_related("membership__antenna", "actor"),
        antenna=request.antenna,
        kind=importer.key,
        token=token,
    )


@tenant_roles(Role.MANAGER)
def upload(request, antenna_slug, importer: Importer):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            job = jobs.store(
                importer=importer,
                membership=request.membership,
                actor=request.user,
                name=file.name,
                raw=file.read(),
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect(_names(importer)["preview"], antenna_slug=antenna_slug, token=job.token)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "importer": importer, "export_url": f"{importer.url_name}_export_csv"},
        status=400 if form.errors else 200,
    )


def _posted_mapping(request, importer: Importer, headers: list[str]) -> dict[int, str]:
    chosen = {i: request.POST.get(f"col-{i}", "") for i in range(len(headers))}
    return {i: key for i, key in chosen.items() if key in importer.by_key}


def _posted_actions(request, lines) -> dict[str, str]:
    return {
        str(line["line"]): request.POST[f"action-{line['line']}"]
        for line in lines
        if request.POST.get(f"action-{line['line']}") in dict(ACTIONS)
    }


def _audit_matches(request, job: ImportJob, lines) -> None:
    """The preview shows existing records next to the rows: a read, logged like a list page."""
    matches = [line["match"] for line in lines if line["match"]]
    if matches:
        audit.record_list(
            actor=request.user,
            objects=[SimpleNamespace(antenna_id=job.antenna_id, pk=m["id"]) for m in matches],
            model=matches[0]["model"],
        )


@tenant_roles(Role.MANAGER)
def preview(request, antenna_slug, token, importer: Importer):
    job = _job(request, importer, token)
    names = _names(importer)
    if job.status in (ImportJob.Status.WRITING, ImportJob.Status.DONE):
        return redirect(names["report"], antenna_slug=antenna_slug, token=token)
    try:
        table = jobs.table_of(job)
    except UnreadableFile as error:
        messages.error(request, str(error))
        return redirect(f"{importer.url_name}_import", antenna_slug=antenna_slug)
    if request.method == "POST":
        mapping = _posted_mapping(request, importer, table.headers)
    elif job.mapping:
        mapping = jobs.mapping_of(job)
    else:
        mapping = importer.guess_mapping(table.headers, jobs.saved_mapping(importer, job.antenna))
    missing = importer.missing(mapping)
    changed = mapping != jobs.mapping_of(job)
    job.mapping = {str(i): key for i, key in mapping.items()}
    large = jobs.is_large(job)
    if large:
        if request.method == "POST" and not missing and (changed or "apply" in request.POST):
            jobs.hand_to_worker(job, ImportJob.Status.CHECKING)
            return redirect(names["preview"], antenna_slug=antenna_slug, token=token)
        checked = job.status == ImportJob.Status.CHECKED
        summary = job.preview if checked else None
        if request.method == "POST" and "import" in request.POST and checked and not changed:
            job.actions = _posted_actions(request, summary["lines"])
            jobs.hand_to_worker(job, ImportJob.Status.WRITING)  # or another request did
            return redirect(names["report"], antenna_slug=antenna_slug, token=token)
    else:
        rows = importer.check(table, mapping, membership=request.membership)
        summary = jobs.preview_lines(importer, rows, mapping, antenna_slug)
        if request.method == "POST" and "import" in request.POST and not missing:
            job.actions = _posted_actions(request, summary["lines"])
            job = jobs.write_now(importer, job, rows)
            if job.status == ImportJob.Status.DONE:
                return redirect(names["report"], antenna_slug=antenna_slug, token=token)
    if summary:
        _audit_matches(request, job, summary["lines"])
    by_key = importer.by_key
    return render(
        request,
        "imports/preview.html",
        {
            "importer": importer,
            "job": job,
            "large": large,
            "summary": summary,
            "status_url": reverse(
                names["status"], kwargs={"antenna_slug": antenna_slug, "token": token}
            ),
            "columns": [
                {"index": i, "header": h, "key": mapping.get(i, "")}
                for i, h in enumerate(table.headers)
            ],
            "fields": importer.columns,
            "shown": [by_key[key] for key in summary["shown"]] if summary else [],
            "actions": ACTIONS,
            "missing": missing,
            "duplicate_keys": len(set(mapping.values())) != len(mapping),
        },
    )


def _done_message(job: ImportJob) -> str:
    results = [line[1] for line in job.report[1:]]
    return _("Import terminé : %(c)s créée(s), %(u)s mise(s) à jour, %(s)s ignorée(s).") % {
        "c": results.count(_("créée")),
        "u": results.count(_("mise à jour")),
        "s": results.count(_("ignorée")),
    }


@tenant_roles(Role.MANAGER)
def status(request, antenna_slug, token, importer: Importer):
    """The progress box, polled by the page; once the step is over the page reloads."""
    job = _job(request, importer, token)
    response = render(request, "imports/_progress.html", {"job": job, "status_url": request.path})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@tenant_roles(Role.MANAGER)
def report(request, antenna_slug, token, importer: Importer):
    job = _job(request, importer, token)
    names = _names(importer)
    if job.status in (
        ImportJob.Status.UPLOADED,
        ImportJob.Status.CHECKING,
        ImportJob.Status.CHECKED,
    ):
        return redirect(names["preview"], antenna_slug=antenna_slug, token=token)
    if job.status == ImportJob.Status.DONE and request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="rapport-import.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with its mark
        csv.writer(response, delimiter=";").writerows(job.report)
        return response
    return render(
        request,
        "imports/report.html",
        {
            "importer": importer,
            "job": job,
            "header": job.report[:1] and job.report[0],
            "lines": job.report[1:],
            "done_message": _done_message(job) if job.status == ImportJob.Status.DONE else "",
            "status_url": reverse(
                names["status"], kwargs={"antenna_slug": antenna_slug, "token": token}
            ),
            "preview_url": reverse(
                names["preview"], kwargs={"antenna_slug": antenna_slug, "token": token}
            ),
        },
    )


@tenant_roles(Role.MANAGER)
def export(request, antenna_slug, importer: Importer):
    """The antenna's records in the import's format (the file can be imported back)."""
    records = list(importer.export_queryset(importer.scope(request.membership)))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{importer.export_name}"'
    response.write("\ufeff")
    csv.writer(response, delimiter=";").writerows(importer.export_rows(records))
    audit.record_list(actor=request.user, objects=records)
    return response


def import_urls(route: str, importer: Importer) -> list:
    """The five routes of one kind's import, under `route` ("beneficiaires", "flotte"…)."""
    kind = {"importer": importer}
    name = importer.url_name
    return [
        path(f"{route}/import/", upload, kind, name=f"{name}_import"),
        path(f"{route}/import/<str:token>/", preview, kind, name=f"{name}_import_preview"),
        path(f"{route}/import/<str:token>/etat/", status, kind, name=f"{name}_import_status"),
        path(f"{route}/import/<str:token>/rapport/", report, kind, name=f"{name}_import_report"),
        path(f"{route}/export.csv", export, kind, name=f"{name}_export_csv"),
    ]

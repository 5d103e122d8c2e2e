"""The import pages: upload, mapping and preview with each row's errors and match, then one
transaction and a downloadable report. Managers only; the file waits in private storage."""

import csv
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.models import Role
from antennas.text import normalise
from beneficiaries import audit, importing
from beneficiaries.models import Beneficiary, ImportMapping
from mobilex.tenancy import tenant_roles

SESSION_KEY = "beneficiary_imports"
ACTIONS = (
    ("create", gettext_lazy("créer")),
    ("update", gettext_lazy("mettre à jour la fiche trouvée")),
    ("skip", gettext_lazy("ignorer")),
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        help_text=gettext_lazy(
            "Une ligne d'en-tête puis une personne par ligne ; séparateur point-virgule ou "
            "virgule ; 5 000 lignes au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def _folder(antenna) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / str(antenna.pk)


def _people(request):
    return Beneficiary.objects.visible_to(request.membership).filter(anonymised_at__isnull=True)


@tenant_roles(Role.MANAGER)
def upload(request, antenna_slug):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            importing.read_table(upload.name, raw)
        except importing.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4().hex
            folder = _folder(request.antenna)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / token).write_bytes(raw)
            request.session[SESSION_KEY] = {
                **request.session.get(SESSION_KEY, {}),
                token: upload.name,
            }
            return redirect("beneficiary_import_preview", antenna_slug=antenna_slug, token=token)
    return render(
        request,
        "beneficiaries/import_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _mapping(request, table) -> dict[int, str]:
    if request.method == "POST":
        chosen = {i: request.POST.get(f"col-{i}", "") for i in range(len(table.headers))}
        return {i: key for i, key in chosen.items() if key in importing.BY_KEY}
    saved = ImportMapping.objects.filter(antenna=request.antenna).first()
    return importing.guess_mapping(table.headers, saved.columns if saved else None)


@tenant_roles(Role.MANAGER)
def preview(request, antenna_slug, token):
    name = request.session.get(SESSION_KEY, {}).get(token)
    path = _folder(request.antenna) / token
    if name is None or not path.exists():
        raise Http404
    table = importing.read_table(name, path.read_bytes())
    mapping = _mapping(request, table)
    missing = [c.label for c in importing.COLUMNS if c.required and c.key not in mapping.values()]
    duplicate_keys = len(set(mapping.values())) != len(mapping)
    rows = importing.parse_rows(table, mapping, antenna=request.antenna)
    importing.match_rows(rows, _people(request))
    if request.method == "POST" and "import" in request.POST and not missing:
        actions = {
            row.line: request.POST[f"action-{row.line}"]
            for row in rows
            if request.POST.get(f"action-{row.line}") in dict(ACTIONS)
        }
        try:
            outcome = importing.commit(
                membership=request.membership, actor=request.user, rows=rows, actions=actions
            )
        except importing.RefusedImport as error:
            messages.error(request, str(error))
        else:
            ImportMapping.objects.update_or_create(
                antenna=request.antenna,
                defaults={"columns": {normalise(table.headers[i]): k for i, k in mapping.items()}},
            )
            path.unlink()
            request.session[f"import-report-{token}"] = importing.report_rows(outcome)
            messages.success(
                request,
                _("Import terminé : %(c)s créée(s), %(u)s mise(s) à jour, %(s)s ignorée(s).")
                % {
                    "c": len(outcome.created),
                    "u": len(outcome.updated),
                    "s": len(outcome.skipped),
                },
            )
            return redirect("beneficiary_import_report", antenna_slug=antenna_slug, token=token)
    columns = [
        {"index": i, "header": h, "key": mapping.get(i, "")} for i, h in enumerate(table.headers)
    ]
    shown = [c for c in importing.COLUMNS if c.key in mapping.values()]
    return render(
        request,
        "beneficiaries/import_preview.html",
        {
            "name": name,
            "columns": columns,
            "fields": importing.COLUMNS,
            "shown": shown,
            "rows": rows,
            "lines": [
                {
                    "row": row,
                    "cells": [(row.cells.get(f.key, ""), row.errors.get(f.key)) for f in shown],
                }
                for row in rows
            ],
            "actions": ACTIONS,
            "missing": missing,
            "duplicate_keys": duplicate_keys,
            "errors": sum(1 for r in rows if r.errors),
            "matches": sum(1 for r in rows if r.match),
        },
    )


@tenant_roles(Role.MANAGER)
def report(request, antenna_slug, token):
    lines = request.session.get(f"import-report-{token}")
    if lines is None:
        raise Http404
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="rapport-import.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with its mark
        csv.writer(response, delimiter=";").writerows(lines)
        return response
    return render(
        request,
        "beneficiaries/import_report.html",
        {"header": lines[0], "lines": lines[1:], "token": token},
    )


@tenant_roles(Role.MANAGER)
def export(request, antenna_slug):
    """The antenna's people in the import's format (the file can be imported back)."""
    people = _people(request).order_by("last_name", "first_name", "pk")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="beneficiaires.csv"'
    response.write("\ufeff")
    csv.writer(response, delimiter=";").writerows(importing.export_rows(people))
    audit.record_list(actor=request.user, objects=people.only("pk", "antenna_id"))
    return response

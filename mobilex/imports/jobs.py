"""An import's life outside the request: the file in private storage, the check and the write
of a large file by a worker (the `imports` queue) with its progress, the report kept on the job.
A small file goes through the same steps within the request."""

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.text import normalise
from beneficiaries.models import ImportJob, ImportMapping
from mobilex.imports.engine import Importer, RefusedImport, Row
from mobilex.imports.reading import Table, UnreadableFile, read_table

logger = logging.getLogger(__name__)

# Up to this many rows, the page checks and writes the file itself; beyond, a worker does.
INLINE_ROWS = 2_000
SHOWN_ROWS = 500  # rows with an error or a match listed on a large file's preview, at most
FAILED = gettext_lazy("L'import a échoué sans rien enregistrer ; réessayez ou divisez le fichier.")


def _folder(antenna_id: int) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / str(antenna_id)


def store(*, importer: Importer, membership, actor, name: str, raw: bytes) -> ImportJob:
    """Keep the uploaded file (already read once, so known to be readable) for the next steps."""
    table = read_table(name, raw)
    job = ImportJob.objects.create(
        token=uuid.uuid4().hex,
        antenna=membership.antenna,
        kind=importer.key,
        membership=membership,
        actor=actor,
        file_name=name[:255],
        total=len(table.rows),
    )
    folder = _folder(job.antenna_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / job.token).write_bytes(raw)
    return job


def table_of(job: ImportJob) -> Table:
    path = _folder(job.antenna_id) / job.token
    if not path.exists():
        raise UnreadableFile(_("Le fichier de cet import n'est plus disponible : renvoyez-le."))
    return read_table(job.file_name, path.read_bytes())


def mapping_of(job: ImportJob) -> dict[int, str]:
    return {int(index): key for index, key in job.mapping.items()}


def saved_mapping(importer: Importer, antenna) -> dict[str, str] | None:
    saved = ImportMapping.objects.filter(antenna=antenna, kind=importer.key).first()
    return saved.columns if saved else None


def is_large(job: ImportJob) -> bool:
    return job.total > INLINE_ROWS


def check(importer: Importer, job: ImportJob, progress: Callable[[int], None] | None = None):
    table = table_of(job)
    return importer.check(table, mapping_of(job), membership=job.membership, progress=progress)


def preview_lines(
    importer: Importer, rows: list[Row], mapping, antenna_slug: str, *, notable_only=False
) -> dict:
    """What the preview shows of the checked rows, as JSON (a worker stores it on the job): every
    row, or for a large file the rows with an error or a match (the others are created)."""
    shown = [c for c in importer.columns if c.key in mapping.values()]
    listed = [r for r in rows if r.errors or r.match][:SHOWN_ROWS] if notable_only else rows
    lines = []
    for row in listed:
        match = row.match and {
            "id": row.match.obj.pk,
            "model": type(row.match.obj).__name__,
            "label": str(row.match.obj),
            "url": importer.detail_url(row.match.obj, antenna_slug),
            "reasons": list(row.match.reasons),
        }
        lines.append(
            {
                "line": row.line,
                "cells": [
                    [str(c.label), row.cells.get(c.key, ""), row.errors.get(c.key)] for c in shown
                ],
                "errors": bool(row.errors),
                "match": match,
                "default": row.default_action,
            }
        )
    return {
        "shown": [c.key for c in shown],
        "lines": lines,
        "rows": len(rows),
        "errors": sum(1 for r in rows if r.errors),
        "matches": sum(1 for r in rows if r.match),
    }


def write(importer: Importer, job: ImportJob, rows: list[Row], progress=None) -> ImportJob:
    """The rows written as chosen (one transaction), the mapping kept for next time, the report
    on the job, the file deleted. A refusal leaves the job failed and nothing written."""
    actions = {int(line): action for line, action in job.actions.items()}
    try:
        outcome = importer.commit(
            membership=job.membership,
            actor=job.actor,
            rows=rows,
            actions=actions,
            progress=progress,
        )
    except RefusedImport as error:
        return _fail(job, str(error))
    table_headers = table_of(job).headers
    ImportMapping.objects.update_or_create(
        antenna=job.antenna,
        kind=importer.key,
        defaults={"columns": {normalise(table_headers[i]): k for i, k in mapping_of(job).items()}},
    )
    (_folder(job.antenna_id) / job.token).unlink(missing_ok=True)
    job.report = outcome.report_rows()
    job.status, job.done, job.error = ImportJob.Status.DONE, job.total, ""
    job.save(update_fields=["report", "status", "done", "error", "mapping", "actions"])
    return job


def write_now(importer: Importer, job: ImportJob, rows: list[Row]) -> ImportJob:
    """A small file's write, within the request: claimed first, so two clicks write once."""
    if not claim(job, ImportJob.Status.WRITING):
        job.refresh_from_db()
        return job
    try:
        return write(importer, job, rows)
    except Exception:
        logger.exception("import %s failed", job.pk)
        return _fail(job, FAILED)


def purge_before(moment) -> int:
    """Retention: imports started before `moment`, with their file and their report (it names
    people), are deleted, finished or abandoned alike."""
    old = list(
        ImportJob.objects.filter(created_at__lt=moment).values_list("pk", "antenna_id", "token")
    )
    for _pk, antenna_id, token in old:
        (_folder(antenna_id) / token).unlink(missing_ok=True)
    return ImportJob.objects.filter(pk__in=[pk for pk, _a, _t in old]).delete()[0]


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status, job.error = ImportJob.Status.FAILED, str(message)
    job.save(update_fields=["status", "error"])
    return job


# -- the worker's side ----------------------------------------------------------------------


def claim(job: ImportJob, status: str) -> bool:
    """Move the job to its next step unless a step is under way (two clicks, two tabs): the
    condition is checked by PostgreSQL in the same UPDATE, so only one request wins."""
    running = (ImportJob.Status.CHECKING, ImportJob.Status.WRITING, ImportJob.Status.DONE)
    won = (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(status__in=running)
        .update(status=status, done=0, error="", mapping=job.mapping, actions=job.actions)
    )
    if won:
        job.status, job.done, job.error = status, 0, ""
    return bool(won)


def hand_to_worker(job: ImportJob, status: str) -> bool:
    """Claim the job's next step and queue it once the request's transaction is committed;
    False if another request already did."""
    from beneficiaries import tasks

    if not claim(job, status):
        return False

    def send() -> None:
        # retry=False: with the broker away, say so now instead of leaving the page waiting.
        try:
            tasks.import_run.apply_async(args=[job.pk], retry=False)
        except (OperationalError, OSError):
            _fail(job, _("Le service d'import est injoignable : réessayez dans quelques minutes."))

    transaction.on_commit(send)
    return True


class _SideProgress:
    """Progress written through a connection of its own: the rows being written sit in an
    uncommitted transaction, yet the page polling the job sees the count move."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE beneficiaries_importjob SET done = LEAST(%s, total) WHERE id = %s",
                [done, self.job_id],
            )

    def close(self) -> None:
        self.connection.close()


def run(job_id: int, importer_for: Callable[[str], Importer]) -> None:
    """A worker's step of a large import: the check, or the write, whichever the job awaits."""
    job = ImportJob.objects.select_related("membership__antenna", "actor", "antenna").get(pk=job_id)
    if not job.is_running:
        return  # a message delivered twice: the step is done already
    importer = importer_for(job.kind)
    progress = _SideProgress(job.pk)
    try:
        if job.status == ImportJob.Status.CHECKING:
            rows = check(importer, job, progress)
            job.preview = preview_lines(
                importer, rows, mapping_of(job), job.antenna.slug, notable_only=True
            )
            job.status, job.done = ImportJob.Status.CHECKED, job.total
            job.save(update_fields=["preview", "status", "done"])
        else:
            write(importer, job, check(importer, job), progress)
    except UnreadableFile as error:
        _fail(job, str(error))
    except SoftTimeLimitExceeded:
        _fail(
            job,
            _("L'import a dépassé le temps autorisé sans rien enregistrer : divisez le fichier."),
        )
    except Exception:
        logger.exception("import %s failed", job.pk)
        _fail(job, FAILED)
    finally:
        progress.close()

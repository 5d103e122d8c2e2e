"""A file too large for a request is checked, then written, by a worker (the `imports` queue)
while the page shows the progress; nothing is written before the confirmation, and a write
that fails writes nothing."""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse

from beneficiaries.models import Beneficiary, ImportJob
from mobilex.imports import jobs
from tests.factories import commune
from tests.imports.helpers import mapping_form, upload
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

KEYS = ["last_name", "first_name", "birth_date", "commune"]


@pytest.fixture
def manager(client, world, monkeypatch):
    monkeypatch.setattr(jobs, "INLINE_ROWS", 20)  # "large" from 21 rows, to keep the test short
    world.territory.communes.set([commune("67339")])
    client.force_login(world.manager)
    return client


def people_csv(count: int, extra: list[str]) -> bytes:
    lines = ["Nom;Prénom;Date de naissance;Commune"]
    lines += [f"Personne{i};Test;{1 + i % 28:02d}/03/1980;67339" for i in range(count)]
    return "\r\n".join(lines + extra).encode()


def test_a_large_file_is_checked_then_written_by_the_worker(
    manager, world, django_capture_on_commit_callbacks
):
    kiefer = BeneficiaryFactory(
        antenna=world.antenna, last_name="Kiefer", first_name="Nadia",
        birth_date=datetime.date(1987, 3, 12), phone="",
    )  # fmt: skip
    content = people_csv(30, ["Kieffer;Nadia;12/03/1987;67339", "Weber;Anne;31/02/1990;67339"])
    response = upload(manager, "beneficiary_import", "grand.csv", content)
    preview = response["Location"]
    page = manager.get(preview).content.decode()
    assert "32 lignes" in page and "vérifié en arrière-plan" in page
    assert "Importer</button>" not in page  # no confirmation before the check

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(preview, {**mapping_form(KEYS), "apply": "1"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED and job.done == job.total == 32
    page = manager.get(preview).content.decode().replace("&#x27;", "'")
    assert "1 avec des erreurs" in page and "1 fiche peut-être déjà connue" in page
    assert "Cette date n'existe pas." in page and "nom proche : Kieffer / Kiefer" in page
    assert page.count('name="action-') == 2  # only the rows worth a look are listed
    assert Beneficiary.objects.count() == 1  # nothing written yet

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(preview, {**mapping_form(KEYS), "import": "1", "action-32": "skip"})
    report_url = response["Location"]
    assert report_url.endswith("/rapport/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert Beneficiary.objects.count() == 31  # 30 created, Kieffer skipped, Weber has an error
    kiefer.refresh_from_db()
    assert kiefer.last_name == "Kiefer"
    page = manager.get(report_url).content.decode()
    assert "30 créée(s), 0 mise(s) à jour, 2 ignorée(s)" in page
    csv = manager.get(report_url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert len(csv) == 33 and csv[-1].startswith("33;ignorée;;Cette date n'existe pas.")


def test_a_failing_write_leaves_nothing_and_says_so(
    manager, world, django_capture_on_commit_callbacks
):
    content = people_csv(25, ["Weber;Anne;31/02/1990;67339"])
    preview = upload(manager, "beneficiary_import", "grand.csv", content)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(preview, {**mapping_form(KEYS), "apply": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            preview, {**mapping_form(KEYS), "import": "1", "action-27": "create"}
        )
    assert not Beneficiary.objects.exists()
    page = manager.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "La ligne 27 a des erreurs : corrigez-la ou ignorez-la. Rien n'a été enregistré." in page
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_the_progress_box_polls_while_running_and_reloads_the_page_when_done(manager, world):
    content = people_csv(25, [])
    preview = upload(manager, "beneficiary_import", "grand.csv", content)["Location"]
    job = ImportJob.objects.get()
    job.status, job.done = ImportJob.Status.WRITING, 10
    job.save()
    status_url = reverse(
        "beneficiary_import_status", kwargs={"antenna_slug": "antenne-a", "token": job.token}
    )
    response = manager.get(status_url)
    page = response.content.decode()
    assert "Enregistrement en cours : 10 lignes sur 25 (40 %)" in page
    assert 'hx-trigger="every 1s"' in page and "HX-Refresh" not in response.headers
    assert manager.get(preview)["Location"].endswith("/rapport/")  # no second write meanwhile
    job.status = ImportJob.Status.DONE
    job.save()
    response = manager.get(status_url)
    assert (
        response.headers["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()
    )


def test_the_worker_is_unreachable_the_job_says_so(
    manager, world, django_capture_on_commit_callbacks, monkeypatch
):
    from beneficiaries import tasks

    def refuse(*args, **kwargs):
        raise OSError("broker down")

    monkeypatch.setattr(tasks.import_run, "apply_async", refuse)
    preview = upload(manager, "beneficiary_import", "grand.csv", people_csv(25, []))["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(preview, {**mapping_form(KEYS), "apply": "1"})
    page = manager.get(preview).content.decode()
    assert "Le service d&#x27;import est injoignable" in page


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_from_outside_the_writing_transaction(world):
    job = ImportJob.objects.create(
        token="t", antenna=world.antenna, kind="beneficiaires",
        membership=world.manager.memberships.get(), file_name="f.csv", total=100,
        status=ImportJob.Status.WRITING,
    )  # fmt: skip
    progress = jobs._SideProgress(job.pk)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).exists()  # the writer's own transaction is open
            progress(40)
            with reader.cursor() as cursor:
                cursor.execute("SELECT done FROM beneficiaries_importjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (40,)
    finally:
        progress.close()
        reader.close()


def test_a_write_cut_by_the_time_limit_writes_nothing(
    manager, world, django_capture_on_commit_callbacks, monkeypatch
):
    from celery.exceptions import SoftTimeLimitExceeded

    from beneficiaries.importing import PEOPLE

    real, written = PEOPLE.create, []

    def create_until_the_limit(**kwargs):
        if len(written) == 10:
            raise SoftTimeLimitExceeded()
        written.append(real(**kwargs))
        return written[-1]

    monkeypatch.setattr(PEOPLE, "create", create_until_the_limit)
    preview = upload(manager, "beneficiary_import", "grand.csv", people_csv(25, []))["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(preview, {**mapping_form(KEYS), "apply": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(preview, {**mapping_form(KEYS), "import": "1"})
    assert len(written) == 10 and not Beneficiary.objects.exists()
    page = manager.get(response["Location"]).content.decode()
    assert "L&#x27;import a dépassé le temps autorisé sans rien enregistrer" in page


def test_imports_older_than_30_days_are_purged_with_their_file(manager, world):
    from django.utils import timezone

    from beneficiaries.tasks import purge_old_import_jobs

    old_url = upload(manager, "beneficiary_import", "vieux.csv", people_csv(3, []))["Location"]
    upload(manager, "beneficiary_import", "recent.csv", people_csv(3, []))
    old = ImportJob.objects.get(file_name="vieux.csv")
    ImportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    path = jobs._folder(old.antenna_id) / old.token
    assert path.exists()
    assert purge_old_import_jobs() == 1
    assert not path.exists() and manager.get(old_url).status_code == 404
    assert ImportJob.objects.get().file_name == "recent.csv"


def test_a_second_confirmation_while_the_first_writes_writes_nothing(manager, world):
    preview = upload(manager, "beneficiary_import", "petit.csv", people_csv(3, []))["Location"]
    job = ImportJob.objects.get()
    assert jobs.claim(job, ImportJob.Status.WRITING)  # the first click, still writing
    assert not jobs.claim(job, ImportJob.Status.WRITING)
    response = manager.post(preview, {**mapping_form(KEYS), "import": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/rapport/")
    assert not Beneficiary.objects.exists()

"""Deployment hardening: check --deploy, security headers, no inline script or style, the
rate limit behind a proxy, the image's contents, the demo seeder, search terms out of logs."""

import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import DEMO_PASSWORD

ROOT = Path(settings.BASE_DIR)


def test_check_deploy_gives_no_warning_with_production_variables():
    # conftest lifts Django's async guard for Playwright; a deployment does not.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64)[:50],
        "ALLOWED_HOSTS": "mobilex.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_image_collects_its_static_files(settings, tmp_path):
    # The Dockerfile's step with the production storage, which rewrites every reference in CSS
    # and JS and fails the build on one to a missing file (a vendored library's source map).
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/signature_pad/signature_pad.umd.min.js" in manifest


def test_ci_runs_check_deploy():
    assert "check --deploy" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.django_db
def test_pages_carry_csp_and_permissions_policy(client, world):
    client.force_login(world.staff)
    response = client.get("/a/antenne-a/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# Templates rendered to PDF by WeasyPrint are never served to a browser: they keep their style.
PDF_TEMPLATES = (
    "pdf/",
    "report/",
    "services/paper/",
)  # WeasyPrint
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|hx-on", re.I)


def test_no_inline_script_or_style_in_served_templates():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        if not any(part in str(path) for part in PDF_TEMPLATES)
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_do_not_lock_everyone_out(client, world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(12):
        client.post(
            "/accounts/login/",
            {"login": f"intrus{n}@example.org", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    response = client.post(
        "/accounts/login/",
        {"login": world.staff.email, "password": DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert response.status_code == 302, "the colleague behind the same proxy is locked out"
    assert client.session.get("_auth_user_id") == str(world.staff.pk)


@pytest.mark.django_db
def test_the_attacker_behind_the_proxy_is_still_limited(client, world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(12):
        response = client.post(
            "/accounts/login/",
            {"login": f"intrus{n}@example.org", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            REMOTE_ADDR="10.0.0.2",
        )
    assert "Trop de tentatives" in response.content.decode()


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    lines = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "var", ".venv"} <= lines


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    from antennas.models import User

    assert not User.objects.exists()


def test_search_terms_are_masked_in_the_access_log(caplog):
    logger = logging.getLogger("django.server")
    handler = logging.getLogger().handlers[0]
    record = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /a/antenne-a/beneficiaires/?q=Dupont&page=2 HTTP/1.1", "200", "512"),
        None,
    )
    for log_filter in handler.filters:
        log_filter.filter(record)
    line = record.getMessage()
    assert "Dupont" not in line
    assert "page=2" in line

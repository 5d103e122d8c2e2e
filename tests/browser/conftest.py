"""Browser harness: Playwright driving the system's Chromium against pytest-django's live
server, with axe-core checks and screenshots saved under tests/browser/screenshots/."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=fr-FR",
]
# Date and time inputs follow the process locale, not the page's: French, as the users see them.
CHROMIUM_ENV = {
    **os.environ,
    "LANG": "fr_FR.UTF-8",
    "LANGUAGE": "fr_FR:fr",
    "LC_ALL": "fr_FR.UTF-8",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV
        )
        yield chromium
        chromium.close()


def _page(browser, viewport):
    context = browser.new_context(locale="fr-FR", viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser, live_server, transactional_db):
    context, page = _page(browser, DESKTOP)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context, page = _page(browser, PHONE)
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, email, password=DEMO_PASSWORD):
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def check_page(page, name):
    """Save a screenshot and fail on serious or critical axe-core violations."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {name}:\n" + "\n".join(bad)


@contextmanager
def real_worker(settings, tmp_path, tasks: str):
    """A Celery worker process on a queue of its own, given the tasks matching `tasks`
    ("indicators.tasks.*"), so that no other worker takes this test's tasks."""
    from mobilex.celery import app
    from mobilex.embedded import database_url

    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    routes = app.conf.task_routes
    app.conf.task_routes = {tasks: {"queue": queue}}
    app.amqp.flush_routes()  # Celery reads the routes once: again, and once more at the end
    app.amqp.router = app.amqp.Router()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "PRIVATE_MEDIA_ROOT": str(tmp_path),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed at the end)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "mobilex", "worker",
         "--pool", "solo", "--loglevel", "INFO", "-Q", queue, "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        app.conf.task_default_queue = "celery"
        app.conf.task_routes = routes
        app.amqp.flush_routes()
        app.amqp.router = app.amqp.Router()
        print((tmp_path / "worker.log").read_text()[-3000:])

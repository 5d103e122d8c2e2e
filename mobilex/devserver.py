"""`make run`: the web server and a Celery worker (with beat) side by side; Ctrl-C stops both.

Each child runs in its own session, so the terminal's Ctrl-C reaches only this launcher, which
then asks each child to stop the way it stops cleanly (runserver: SIGINT; Celery: SIGTERM, a
warm shutdown). Clean exits let pgserver stop the embedded PostgreSQL after the last user."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from mobilex import embedded

BIN = Path(sys.executable).parent
ADDRESS = "127.0.0.1:8000"


def main():
    # A shell starts background jobs with SIGINT ignored, and children inherit that; a handler
    # of ours is reset to the default at exec instead, so the children can be stopped by SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by a supervisor: as Ctrl-C
    if not os.environ.get("DATABASE_URL"):
        embedded.forget_dead_users()
        embedded.embedded_database_url()  # held by this process until both children have stopped
    worker = subprocess.Popen(  # noqa: S603 (fixed command)
        [str(BIN / "celery"), "-A", "mobilex", "worker", "--beat", "--concurrency", "2",
         "--loglevel", "INFO", "--schedule", "var/celerybeat-schedule"],
        start_new_session=True,
    )  # fmt: skip
    web = subprocess.Popen(  # noqa: S603 (fixed command)
        [sys.executable, "manage.py", "runserver", "--noreload", ADDRESS],
        start_new_session=True,
    )
    try:
        while web.poll() is None and worker.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(timeout=1)
    except KeyboardInterrupt:
        pass
    finally:
        for process, stop in ((web, signal.SIGINT), (worker, signal.SIGTERM)):
            if process.poll() is None:
                process.send_signal(stop)
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    return web.returncode or 0


if __name__ == "__main__":
    sys.exit(main())

"""`make run`: the web server and a Celery worker (with beat) side by side; Ctrl-C, or a SIGTERM
to the process group, stops both and the embedded PostgreSQL.

Each child runs in its own session, so the terminal's Ctrl-C (or a supervisor's SIGTERM to the
group) reaches only this launcher, which then asks each child to stop the way it stops cleanly
(runserver: SIGINT; Celery: SIGTERM, a warm shutdown) and waits for them. Clean exits let
pgserver stop the embedded PostgreSQL after its last user, this launcher.

    python -m mobilex.devserver [ADDRESS]   (default 127.0.0.1:8000)"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mobilex import embedded
from mobilex.celery import QUEUES

BIN = Path(sys.executable).parent
ADDRESS = "127.0.0.1:8000"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_launcher() -> None:
    """In the child, before exec: if the launcher itself is killed (SIGKILL, a supervisor that
    gave up waiting), Linux sends the child SIGTERM, so no worker or web server is orphaned."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Stop(Exception):
    """Raised by the SIGINT and SIGTERM handlers: the launcher stops its children."""


def _stop(*_):
    raise Stop


def main(address: str = ADDRESS) -> int:
    # A shell starts background jobs with SIGINT ignored, and children inherit that; a handler
    # of ours is reset to the default at exec instead, so the children can be stopped by SIGINT.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    children = []
    try:
        if not os.environ.get("DATABASE_URL"):
            embedded.forget_dead_users()
            embedded.embedded_database_url()  # held by this process until the children stop
        schedule = str(embedded.VAR_DIR / "celerybeat-schedule")
        children.append((subprocess.Popen(  # noqa: S603 (fixed command)
            [str(BIN / "celery"), "-A", "mobilex", "worker", "--beat", "--concurrency", "2",
             "--loglevel", "INFO", "--schedule", schedule, "-Q", ",".join(QUEUES)],
            start_new_session=True,
            preexec_fn=_die_with_launcher,
        ), signal.SIGTERM))  # fmt: skip
        children.append((subprocess.Popen(  # noqa: S603 (fixed command)
            [sys.executable, "manage.py", "runserver", "--noreload", address],
            start_new_session=True,
            preexec_fn=_die_with_launcher,
        ), signal.SIGINT))  # fmt: skip
        while all(process.poll() is None for process, _ in children):
            time.sleep(0.5)  # a signal interrupts it with Stop
    except Stop:
        pass
    finally:
        # A second signal while the children stop must not cut the wait short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for process, stop in children:
            if process.poll() is None:
                process.send_signal(stop)
        for process, _ in children:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if not os.environ.get("DATABASE_URL"):
            # A child stopped while still loading Django dies before its atexit handler can
            # unlist itself: unlisted here, this launcher's own exit stops the server.
            embedded.forget_dead_users()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))

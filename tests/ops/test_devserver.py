"""`make run`'s launcher: a SIGTERM to its process group (a supervisor, a closed terminal)
stops the web server, the Celery worker and its pool, and the embedded PostgreSQL."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children() -> dict[int, int]:
    """pid -> parent pid of every process on the machine."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _runs(launcher: int, command: bytes) -> bool:
    for pid in _descendants(launcher):
        try:
            if command in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped


def _wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own test server)
    except urllib.error.HTTPError:
        return True  # a 302 to the login or a 500 on an empty database: it runs
    except OSError:
        return False
    return True


@pytest.mark.worker
@pytest.mark.parametrize("moment", ["starting", "running", "a user died listed"])
def test_sigterm_to_the_process_group_stops_every_child(tmp_path, moment):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["MOBILEX_VAR_DIR"] = str(tmp_path / "var")  # an embedded PostgreSQL of its own
    log = tmp_path / "run.log"
    with log.open("w") as out:
        launcher = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "mobilex.devserver", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    pid_file = tmp_path / "var" / "pgdata" / "postmaster.pid"
    try:
        if moment == "starting":  # while the worker and the web server are still loading Django
            _wait_for(lambda: _runs(launcher.pid, b"runserver"), 90, "the children")
        else:
            _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), 90, "the web server")
            _wait_for(lambda: " ready." in log.read_text(), 90, "the Celery worker")
        postmaster = int(pid_file.read_text().split()[0])
        children = _descendants(launcher.pid)
        if moment != "starting":  # runserver, celery, its 2 pool processes (and beat)
            assert len(children) >= 4, children
        if moment == "a user died listed":
            # What a child stopped while loading Django leaves: listed as a user of the
            # embedded server, dead before its atexit handler could unlist it.
            dead = subprocess.Popen(["true"])  # noqa: S603,S607
            dead.wait()
            users = pid_file.parent / ".handle_pids.json"
            users.write_text(json.dumps([*json.loads(users.read_text()), dead.pid]))
        assert _alive(postmaster)

        os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait(timeout=60)

        left = [pid for pid in (*children, postmaster) if _alive(pid)]
        _wait_for(lambda: not [pid for pid in left if _alive(pid)], 15, f"{left} to stop")
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
        print(log.read_text()[-3000:])


@pytest.mark.worker
def test_a_killed_launcher_leaves_no_web_server_or_worker_behind(tmp_path):
    """A supervisor that gives up and sends SIGKILL kills the launcher before it can stop its
    children: Linux then sends them SIGTERM (PR_SET_PDEATHSIG), so nothing is orphaned."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["MOBILEX_VAR_DIR"] = str(tmp_path / "var")
    log = tmp_path / "run.log"
    with log.open("w") as out:
        launcher = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "mobilex.devserver", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    pid_file = tmp_path / "var" / "pgdata" / "postmaster.pid"
    postmaster = None
    try:
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), 90, "the web server")
        _wait_for(lambda: " ready." in log.read_text(), 90, "the Celery worker")
        postmaster = int(pid_file.read_text().split()[0])
        children = _descendants(launcher.pid) - {postmaster}
        assert len(children) >= 4, children

        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait(timeout=10)

        _wait_for(lambda: not [pid for pid in children if _alive(pid)], 45, f"{children} to stop")
        assert not _answers(f"http://127.0.0.1:{port}/")
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
        if postmaster and _alive(postmaster):  # the embedded server outlives a SIGKILL
            os.kill(postmaster, signal.SIGTERM)
        print(log.read_text()[-3000:])

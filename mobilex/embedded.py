"""Local services for a machine with nothing configured: PostgreSQL from the pgserver wheel
(data under var/pgdata) and a Celery broker on the file system (var/celery)."""

import json
import os
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
# MOBILEX_VAR_DIR: another folder for the embedded services (a test runs `make run` aside).
VAR_DIR = Path(os.environ.get("MOBILEX_VAR_DIR") or BASE_DIR / "var")


def embedded_database_url() -> str:
    import warnings

    # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; pgserver does not need it.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported here: only needed when no DATABASE_URL is given

    data_dir = VAR_DIR / "pgdata"
    data_dir.mkdir(parents=True, exist_ok=True)
    # "stop": the server stops when the last process using it exits.
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    return server.get_uri()


def database_url(db: dict, *, name: str | None = None) -> str:
    """The URL of a Django database's settings, for another process (a worker, a bench run):
    the embedded server is reached by its socket folder, which pgserver gives in OPTIONS."""
    user = quote(db.get("USER") or "postgres", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    host = quote(db.get("HOST") or "", safe="")  # a socket folder is quoted whole
    port = f":{db['PORT']}" if db.get("PORT") else ""
    query = urlencode(db.get("OPTIONS") or {})
    return f"postgres://{user}:{password}@{host}{port}/{name or db['NAME']}" + (
        f"?{query}" if query else ""
    )


def filesystem_broker() -> tuple[str, dict]:
    queue_dir = VAR_DIR / "celery" / "queue"
    processed_dir = VAR_DIR / "celery" / "processed"
    control_dir = VAR_DIR / "celery" / "control"  # broadcast exchanges (kombu's default: ./control)
    for folder in (queue_dir, processed_dir, control_dir):
        folder.mkdir(parents=True, exist_ok=True)
    options = {
        "data_folder_in": str(queue_dir),
        "data_folder_out": str(queue_dir),
        "processed_folder": str(processed_dir),
        "store_processed": False,
        "control_folder": str(control_dir),
    }
    return "filesystem://", options


def forget_dead_users() -> None:
    """pgserver lists the processes using the embedded server in `.handle_pids.json` and stops
    it when the last one exits cleanly; a process that was killed stays listed and would keep
    the server running for ever. The launcher of `make run` calls this before starting anyone."""
    listing = VAR_DIR / "pgdata" / ".handle_pids.json"
    if listing.exists():
        listing.write_text(
            json.dumps([pid for pid in json.loads(listing.read_text()) if _alive(pid)])
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

"""Run every benchmark on a throw-away database beside the configured one: `python -m bench`
(`make bench`), or one scenario with its options: `python -m bench bench.beneficiaries --rows
1000000`. Each scenario is a module of this package, also runnable alone."""

import os
import subprocess
import sys

SCENARIOS = ("bench.beneficiaries", "bench.services", "bench.indicators")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from mobilex.embedded import database_url

    # Named after the configured database: engineers sharing a server do not drop each other's.
    name = f"{settings.DATABASES['default']['NAME']}_bench"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": database_url(settings.DATABASES["default"], name=name)}
    try:
        run = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(run, env=env, check=True)
        runs = [sys.argv[1:]] if sys.argv[1:] else [[scenario] for scenario in SCENARIOS]
        for scenario in runs:
            print(f"\n== {' '.join(scenario)}", flush=True)
            subprocess.run([sys.executable, "-m", *scenario], env=env, check=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()

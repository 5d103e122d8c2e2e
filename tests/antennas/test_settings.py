"""A wrong setting stops the start with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "peut-être"}, "DEBUG"),
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"CSRF_TRUSTED_ORIGINS": "mobilex.example.org"}, "CSRF_TRUSTED_ORIGINS"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "vingt-cinq"}, "EMAIL_PORT"),
    ],
)
def test_wrong_value_names_the_variable(env, named):
    result = _check(**env)
    assert result.returncode != 0
    assert named in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_start_when_complete():
    result = _check(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="mobilex.example.org",
        CSRF_TRUSTED_ORIGINS="https://mobilex.example.org",
    )
    assert result.returncode == 0, result.stderr

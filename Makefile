# Two commands: `make run` (the platform with demo data on embedded services) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed worker lint fmt messages bench bench-people bench-large clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web server and a Celery worker (with beat) side by side; Ctrl-C stops both.
run: seed
	@echo "Mobilex: http://127.0.0.1:8000  (Ctrl-C to stop)"
	$(BIN)/python -m mobilex.devserver

worker: $(STAMP)
	$(BIN)/celery -A mobilex worker --beat --concurrency 2 --loglevel INFO --schedule var/celerybeat-schedule -Q celery,reports,notifications,imports

# Installs the missing system packages (Chromium, poppler, Pango) when root on Debian, else
# says which; the tests that need a missing one are skipped with that reason.
test: $(STAMP)
	$(BIN)/python -m mobilex.system_packages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs gettext's msgfmt; the compiled .mo files are committed so `make run` does not.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

bench: $(STAMP)
	$(BIN)/python -m bench

# The people pages at 100 000 then 1 000 000 people (the second run prints the ratios).
bench-people: $(STAMP)
	$(BIN)/python -m bench bench.beneficiaries --rows 100000 --runs 5
	$(BIN)/python -m bench bench.beneficiaries --rows 1000000 --runs 5

bench-large: $(STAMP)  # the territory's year at 1 M then 10 M uses (minutes)
	$(BIN)/python -m bench.large

clean:
	rm -rf $(VENV) var

# Two commands: `make run` (the platform with demo data on embedded services) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed worker lint fmt messages bench bench-large clean

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
	$(BIN)/celery -A mobilex worker --beat --concurrency 2 --loglevel INFO --schedule var/celerybeat-schedule

test: $(STAMP)
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

bench-large: $(STAMP)  # the territory's year at 1 M then 10 M uses (minutes)
	$(BIN)/python -m bench.large

clean:
	rm -rf $(VENV) var

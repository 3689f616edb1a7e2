# civicportal — the two commands: `make run` and `make test`.
# Both set everything up on a fresh machine (virtualenv, Python and npm packages, the
# embedded PostgreSQL when DATABASE_URL is unset) and are quick the second time.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
ARGS ?=
# pytest-xdist workers; browser tests and PostgreSQL share the machine's cores.
WORKERS ?= auto

# Test runs: production-like settings (DEBUG off, hashed static files) with the
# immediate task backend and a throwaway key.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-secret-key-not-for-production \
	TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

.PHONY: help setup run test test-fast lint format check-migrations worker bench bench-peers backup restore screenshots clean lock upgrade

help:
	@echo "make run    – start the portal on http://127.0.0.1:$(PORT)/ (demo content included)"
	@echo "make test   – run the whole test suite, browser tests included"
	@echo "make test-fast – the inner loop: no browser, bench, role matrix or demo loads"
	@echo "make lint   – ruff, the layer contracts (lint-imports), lock check, migrations check"
	@echo "make lock   – rewrite requirements/*.txt from pyproject.toml (after changing a dependency)"
	@echo "make upgrade – newest versions inside pyproject's ranges into the locks, then the suite"
	@echo "make worker – run the background task worker (e-mails, reminders)"
	@echo "make screenshots – desktop and phone screenshots of the main pages into docs/screenshots/"
	@echo "make bench  – load-test every page at SCALE=1 (or SCALE=0.01) and write bench/REPORT.md"
	@echo "make bench-peers – the portal next to ephios (own venv) on the same data: bench/PEERS.md"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Python packages come from the hashed lock (requirements/dev.txt, made by `make lock` from
# pyproject.toml), so every machine installs exactly what CI tested. The portal itself runs
# from the checkout and is not installed into the virtualenv.
$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(BIN)/python tools/check_lock.py --installed
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py createcachetable
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo
	@echo "  civicportal runs at http://127.0.0.1:$(PORT)/"
	@echo "  Staff account:  DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo "  Stop with Ctrl+C. E-mails are printed here (console backend)."
	@echo
	DEBUG=1 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest -n $(WORKERS) $(ARGS)

# The inner loop: everything but the browser, the benchmark, the role matrix and the demo
# loads (pytest markers, tests/conftest.py). `make test` (and CI) still runs all of it.
FAST_MARKERS := not e2e and not bench and not role_matrix and not demo

test-fast: setup
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest -n $(WORKERS) -m "$(FAST_MARKERS)" $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/check_noqa.py
	$(BIN)/lint-imports --no-logo
	$(BIN)/python tools/check_lock.py
	$(MAKE) --no-print-directory check-migrations

check-migrations: setup
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The lock files (requirements/base.txt for production, requirements/dev.txt for development
# and CI) hold every package, transitive ones included, with the hashes of its files. `make
# lock` keeps the locked versions where pyproject.toml still allows them; `make upgrade`
# moves every package to the newest version inside pyproject's ranges (and the npm lock
# inside package.json), installs the result and runs the whole suite on it.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock"
lock: setup
	$(UV_COMPILE) $(UPGRADE) --extra dev -o requirements/dev.txt
	$(UV_COMPILE) -c requirements/dev.txt -o requirements/base.txt
	$(BIN)/python tools/check_lock.py

upgrade:
	$(MAKE) --no-print-directory lock UPGRADE=--upgrade
	npm update --package-lock-only --ignore-scripts --no-audit --no-fund
	$(MAKE) --no-print-directory setup
	$(MAKE) --no-print-directory test
	@echo
	@echo "  The suite passed on the upgraded locks. Review and commit:"
	@git --no-pager diff --stat -- requirements/ package-lock.json

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: setup
	DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py db_worker

# Backups (docs/backup.md): pg_dump -Fc of the configured database into var/backups/;
# restore replaces the configured database's contents with FILE.
backup: setup
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py backup_database

restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<name>.dump"; exit 2; }
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py restore_database "$(FILE)" --noinput

# Benchmark (bench/, docs/performance.md): generates data at SCALE (1 = city network,
# ~10 min the first time; kept for the next run), starts gunicorn in production mode and
# loads every page with wrk. Writes bench/REPORT.md. BENCH_ARGS: see bench/run.py --help.
SCALE ?= 1
BENCH_ARGS ?=
bench: setup
	@command -v wrk >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	@command -v wrk >/dev/null 2>&1 || { echo "make bench: wrk is missing and could not be installed (run: apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/run.py --scale $(SCALE) $(BENCH_ARGS)

# The portal next to a peer (bench/peers.py; not part of CI or `make test`): installs ephios
# (pinned, from PyPI) into its own virtualenv var/bench-peers/venv – never a dependency of
# the portal –, copies the bench data of SCALE into it through ephios's models and loads the
# matching pages of both in interleaved rounds. Writes bench/PEERS.md. PEERS_ARGS: see
# bench/peers.py --help (e.g. --rounds 3 --note "what else ran on the machine").
PEERS_ARGS ?=
bench-peers: setup
	@command -v wrk >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	@command -v wrk >/dev/null 2>&1 || { echo "make bench-peers: wrk is missing and could not be installed (run: apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/peers.py --scale $(SCALE) $(PEERS_ARGS)

# Screenshots (desktop and phone) of the main pages with demo content into docs/screenshots/
# and of every page kind, signed-in pages included, into docs/screenshots/seiten/.
screenshots: setup
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	SCREENSHOTS_DIR=docs/screenshots $(TEST_ENV) $(BIN)/python -m pytest -n 0 \
		tests/e2e/test_screenshots.py -k screenshots_of

clean:
	rm -rf var/static .pytest_cache

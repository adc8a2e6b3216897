# Harcèlement Zéro — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# A Python >= 3.12: python3.13, python3.12, then pyenv-installed ones, then python3.
PYTHON ?= $(shell for c in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	command -v $$c; break; fi; done)

.PHONY: help venv run test lint check migrate seed bench seed-scale bench-pages clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 ou plus récent est introuvable (python3.13, python3.12 ou ~/.pyenv/versions/3.12+)."; \
		echo "Installez-le puis relancez : make PYTHON=/chemin/vers/python3.12 run"; exit 1; fi
	@echo "Python utilisé : $(PYTHON)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed ## Create the virtualenv and install the dependencies

migrate: venv ## Apply the migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent)
	$(PY) manage.py seed_demo

run: seed ## Set up and serve the portal with demo data on http://127.0.0.1:8000 (SQLite)
	@echo "Comptes de démonstration (mot de passe « demo ») : admin ien cpc pole directeur directeur2 enseignant parent"
	@echo "Les notifications partent par le worker de tâches ; les courriels s'affichent ici."
	$(PY) manage.py db_worker --queue-name default & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: venv ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: venv ## Django checks: system, migrations, deployment settings
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-deploy-$$(printf '%064d' 0) ALLOWED_HOSTS=portail.example.org \
		TWO_FACTOR_REQUIRED=true $(PY) manage.py check --deploy --fail-level WARNING

test: lint check ## Lint, checks and the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

bench: venv ## Benchmarks, run by hand (see bench/)
	$(PY) bench/bench_pdf.py

seed-scale: migrate ## Add an académie-sized dataset (1,600 schools, 20,000 cases) on top of the demo
	$(PY) manage.py seed_scale

bench-pages: venv ## Time every page against a bare page, on PostgreSQL behind gunicorn (see bench/)
	$(PY) bench/bench_pages.py $(BENCH_ARGS)

clean: ## Remove the virtualenv and the local database
	rm -rf $(VENV) var/db.sqlite3*

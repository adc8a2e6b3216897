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

.PHONY: help venv run test lint check migrate seed bench seed-scale bench-pages lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Development commands run with DEBUG=true (the settings default to false); `make test` uses the
# test settings, which set it themselves.
migrate seed run: export DEBUG ?= true

$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 ou plus récent est introuvable (python3.13, python3.12 ou ~/.pyenv/versions/3.12+)."; \
		echo "Installez-le puis relancez : make PYTHON=/chemin/vers/python3.12 run"; exit 1; fi
	@echo "Python utilisé : $(PYTHON)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e '.[dev]'
	$(PY) -m pip check
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
	DEBUG=true $(PY) manage.py check --fail-level WARNING
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-deploy-$$(printf '%064d' 0) ALLOWED_HOSTS=portail.example.org \
		AUDIT_CHAIN_KEY=check-deploy-audit-$$(printf '%032d' 0) \
		TWO_FACTOR_REQUIRED=true $(PY) manage.py check --deploy --fail-level WARNING

test: lint check ## Lint, checks and the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

bench: venv ## Benchmarks, run by hand (see bench/)
	$(PY) bench/bench_pdf.py

lock: ## Re-resolve pyproject.toml's dependencies in a scratch virtualenv and pin them in requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 ou plus récent est introuvable."; exit 1; fi
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev]'
	{ echo "# Exact versions the suite is green with. Installed by \`make\` and .ci/run (pip install -r)."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml; review the diff, run \`make test\`."; \
	  .lock-venv/bin/python -m pip list --format=freeze --exclude-editable | grep -vi '^harcelement-zero=='; \
	} > requirements.lock
	rm -rf .lock-venv build *.egg-info
	@echo "requirements.lock régénéré : relisez le diff puis lancez make test."

seed-scale: migrate ## Add an académie-sized dataset (1,600 schools, 20,000 cases) on top of the demo
	$(PY) manage.py seed_scale

bench-pages: venv ## Time every page against a bare page, on PostgreSQL behind gunicorn (see bench/)
	$(PY) bench/bench_pages.py $(BENCH_ARGS)

clean: ## Remove the virtualenv and the local database
	rm -rf $(VENV) var/db.sqlite3*

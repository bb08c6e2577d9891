# KS Hub — `make run` serves the portal, `make test` runs the suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Two workers for two cores; each gets its own test database. A worker that is
# done takes tests queued for the other, rather than idle while it runs its last.
PYTEST_ARGS ?= -n 2 --dist worksteal
# Django 6.1 needs Python 3.12+; pyenv shims can exist without a selected version,
# so each candidate is asked to run before it is trusted.
PYTHON ?= $(shell for p in python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python3 2>/dev/null) python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p || echo $$p; } && break; done)

.PHONY: help run test lint format check bench install reliability messages

help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "KS Hub needs Python 3.12 or newer (python3.13 or python3.12 on PATH, or pyenv); none was found."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the dependencies

run: $(STAMP) ## Migrate, load the demo content and serve on http://127.0.0.1:8000
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) ## Run the whole test suite on PostgreSQL
	$(PY) manage.py compile_translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff lint and format check, and the import contracts between apps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP) ## Format the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(STAMP) ## Django checks and a clean makemigrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Apps that keep their own catalogue (<app>/locale/) extract their strings there.
OWN_CATALOGUE_APPS := $(patsubst %/locale/,%,$(wildcard */locale/))

messages: $(STAMP) ## Extract UI strings into locale/es and locale/fr (and <app>/locale/)
	$(PY) manage.py makemessages -l es -l fr --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --ignore=staticfiles $(foreach app,$(OWN_CATALOGUE_APPS),--ignore=$(app))
	for app in $(OWN_CATALOGUE_APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l es -l fr --no-obsolete) || exit 1; done

bench: $(STAMP) ## Benchmarks (not part of make test)
	$(PY) -m pytest tests/bench -p no:randomly -s

reliability: $(STAMP) ## Database restarts and outages, concurrency, a soak (RELIABILITY_SOAK_SECONDS)
	$(PY) tests/reliability/run_reliability.py

# --- Design measurements (not part of make test): the demo content must be loaded
# in DATABASE_URL's database (make run does it); served as production serves it.
# Lighthouse and the Nu HTML Checker come from npm, in one install (npm prunes what
# an earlier --no-save install brought).
NODE_TOOLS := node_modules/.installed

$(NODE_TOOLS):
	npm install --no-save --no-package-lock --no-audit --no-fund lighthouse vnu-jar
	@touch $(NODE_TOOLS)

.PHONY: lighthouse htmlcheck screenshots

lighthouse: $(STAMP) $(NODE_TOOLS) ## Lighthouse (mobile) scores of every page type, as a table
	CHROME_PATH=/usr/bin/chromium $(PY) tests/e2e/lighthouse.py

htmlcheck: $(STAMP) $(NODE_TOOLS) ## Every page type through the Nu HTML Checker (Java), as a table
	$(PY) tests/e2e/html_check.py

screenshots: $(STAMP) ## Phone and desktop screenshots of the main pages into docs/screenshots/
	$(PY) tests/e2e/screenshots.py

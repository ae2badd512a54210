# Enlace: two commands on a fresh machine with Python 3.11+ and make:
#   make run    create .venv, install, load the shipped catalogue, serve on 127.0.0.1:5000
#   make test   install dev dependencies, lint, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 5000
export ENLACE_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test lint format bench translations translations-update clean install install-dev e2e

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

# Demo accounts (one per role, printed before the server starts) exist only here: the
# production configuration leaves ENLACE_DEMO_ACCOUNTS off and they cannot sign in.
run: export ENLACE_DEMO_ACCOUNTS = 1
run: $(STAMP)
	$(BIN)/enlace load --quiet
	$(BIN)/enlace reindex --quiet
	$(BIN)/enlace demo-accounts
	$(BIN)/enlace run --host $(HOST) --port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: lint
	$(BIN)/pytest

e2e: $(DEV_STAMP)
	$(BIN)/pytest tests/e2e

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

translations: $(DEV_STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext --width 100 -o src/enlace/translations/messages.pot --project Enlace --copyright-holder "Enlace contributors" src templates
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -i src/enlace/translations/messages.pot -d src/enlace/translations
	$(BIN)/python tools/fill_english.py src/enlace/translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --statistics -d src/enlace/translations

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache build dist tests/e2e/artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

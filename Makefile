# Stegvis: `make demo` to try it, `make test` to run every test.
# Needs only Python 3.11+ and make; everything else comes from the pinned lock files.

PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in parallel (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
export STEGVIS_DEBUG ?= 1

.PHONY: help setup demo test test-postgres lint clean

help:
	@echo "make demo   set up, load demo data and start the server on http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole test suite (DATABASE_URL selects the database)"
	@echo "make lint   ruff check, ruff format --check, mypy and the import contracts"

$(STAMP): requirements/base.txt requirements/test.txt pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Stegvis needs Python 3.11 or newer (python3)." >&2; exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/base.txt -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/stegvis migrate --no-input
	$(BIN)/stegvis demo-data
	@$(BIN)/stegvis demo-logins --url http://$(HOST):$(PORT)/
	@# The background worker (reminders, messages, retention) runs beside the server and stops with it.
	@$(BIN)/stegvis worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Bakgrundsarbetaren körs (pid $$worker) och stoppas när servern stoppas."; \
	$(BIN)/stegvis runserver $(HOST):$(PORT)

test: setup
	$(BIN)/stegvis check --fail-level WARNING
	$(BIN)/stegvis makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS)

# Lint and format (ruff) over the whole tree; types (mypy: strict on core and the actions);
# import contracts (import-linter). All configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The same suite against PostgreSQL (a server on 127.0.0.1:5432 with trust auth).
test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/stegvis} $(MAKE) test

clean:
	rm -rf $(VENV) var staticfiles

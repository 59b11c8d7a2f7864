# Assure: `make demo` serves the demo county, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 2
export ASSURE_DEMO_PASSWORD ?= demo-password-only

.PHONY: demo test lint typecheck assets install serve worker bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when the pins change.
$(VENV)/.installed: $(BIN)/activate requirements/base.txt requirements/dev.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

src/assure/core/static/assure/assure.css: node_modules/.package-lock.json frontend/assure.scss frontend/copy.js
	npm run --silent build

assets: install src/assure/core/static/assure/assure.css
	ASSURE_ENV=local $(BIN)/assure collectstatic --noinput --verbosity 0

demo: assets
	ASSURE_ENV=local $(BIN)/assure migrate --noinput --verbosity 0
	ASSURE_ENV=local $(BIN)/assure demo load
	@echo ""
	@echo "  Assure is starting at http://$(HOST):$(PORT)/"
	@echo "  Sign in as demo-practitioner, demo-auditor, demo-moderator, demo-qa,"
	@echo "  demo-chair, demo-director, demo-member or demo-admin"
	@echo "  with the password: $$ASSURE_DEMO_PASSWORD"
	@echo "  Emails are written to var/mail/. Press Ctrl+C to stop."
	@echo ""
	@ASSURE_ENV=local $(BIN)/assure db_worker --interval 1 >var/worker.log 2>&1 & worker=$$!; \
	ASSURE_ENV=local $(BIN)/assure scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	ASSURE_ENV=local $(BIN)/gunicorn -c python:assure.config.gunicorn assure.config.wsgi --bind $(HOST):$(PORT) \
	  --workers $(WEB_WORKERS) --threads 4 --access-logfile - --log-level warning

test: assets
	bash scripts/run-tests

# The same checks without the slow tests (the demo loads, long property runs, the
# heaviest pages of the walk) and without a browser: the loop to run while working.
.PHONY: test-quick
test-quick: assets
	ASSURE_TEST_ARGS='-m "not slow and not browser"' bash scripts/run-tests

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

bench: assets
	$(BIN)/python benchmarks/pages.py

clean:
	rm -rf $(VENV) node_modules var src/assure/core/static/assure/assure.css

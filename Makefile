# 双拥填报. `make run` serves the whole product locally; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format schemas clean remind outbox screenshots

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m local.run

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The pages in a real Chromium, keeping their screenshots for the README.
screenshots: $(STAMP)
	SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -p no:cacheprovider -m browser tests/e2e

schemas: $(STAMP)
	$(BIN)/python -m chalicelib.forms schemas

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The daily reminder job, once, against the stack `make run` started: now, or AT=2026-08-03T09:00+08:00.
remind: $(STAMP)
	$(BIN)/python -m local.remind "$(AT)"

# The e-mails the local stack has sent so far (recorded by the moto server).
outbox: $(STAMP)
	$(BIN)/python -m local.outbox

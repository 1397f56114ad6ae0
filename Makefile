# 双拥填报. `make run` serves the whole product locally; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format schemas clean remind outbox screenshots package deploy destroy bench

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP)

# checkov pins a boto3 the project's pin excludes: it lives in a venv of its own.
CHECKOV_VENV ?= .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

$(CHECKOV_STAMP): requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --disable-pip-version-check -q -r requirements-checkov.txt
	touch $(CHECKOV_STAMP)

venv: $(STAMP)

# ESLint for the pages' JavaScript, installed from the lock file (the npm registry) as the venv is from its pins.
NPM_STAMP := node_modules/.installed

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

run: $(STAMP)
	$(BIN)/python -m local.run

# The packaged template first, alone: packaged beside the e2e tests on a fresh clone, its deployment.zip came
# out corrupt (BadZipFile) twice, while alone it never did.
test: $(STAMP) $(CHECKOV_STAMP) lint
	CHECKOV=$(abspath $(CHECKOV_VENV))/bin/checkov $(BIN)/python -m pytest tests/deploy
	$(BIN)/python -m pytest -n 2 tests --ignore=tests/deploy

# The inner loop: unit and api tests, no browser and no local stack.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests/unit tests/api

lint: $(STAMP) $(NPM_STAMP)
	npx --no-install eslint chalicelib/pages eslint.config.js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The pages in a real Chromium, keeping their screenshots for the README.
screenshots: $(STAMP)
	SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -p no:cacheprovider -m browser tests/e2e

schemas: $(STAMP)
	$(BIN)/python -m chalicelib.forms.schemas schemas

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache out

# The daily reminder job, once, against the stack `make run` started: now, or AT=2026-08-03T09:00+08:00.
remind: $(STAMP)
	$(BIN)/python -m local.remind "$(AT)"

# The e-mails the local stack has sent so far (recorded by the moto server).
outbox: $(STAMP)
	$(BIN)/python -m local.outbox

# --- AWS (README, "Deploying to AWS") ---------------------------------------------------
STAGE ?= prod
STACK ?= shuangyong-$(STAGE)
OUT ?= out/$(STAGE)
REGION ?=
STACK_ENV = $(if $(REGION),AWS_DEFAULT_REGION=$(REGION) AWS_REGION=$(REGION))

# The whole stack as one CloudFormation (SAM) template: $(OUT)/sam.json and the code, deployment.zip. No AWS account.
package: $(STAMP)
	$(BIN)/python -m infra.stack package --stage $(STAGE) --out $(OUT)

# DEPLOY_BUCKET=<bucket for the code> MAIL_FROM=... ADMIN_TOKEN_SHA256=... [PUBLIC_URL=... MAIL_TRANSPORT=smtp ...]
deploy: $(STAMP)
	$(STACK_ENV) $(BIN)/python -m infra.stack deploy --stage $(STAGE) --stack $(STACK) --out $(OUT)

# Deletes the stack; the table and the bucket, with the county's records, are kept.
destroy: $(STAMP)
	$(STACK_ENV) $(BIN)/python -m infra.stack destroy --stage $(STAGE) --stack $(STACK)

# Benchmarks (not tests): every figure with its floor and ratio; LARGE=1 adds 100,000 reports.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(LARGE),--large)

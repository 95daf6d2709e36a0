# The front door: `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-postgres bench lint check frontend

# webapp/frontend/ (package.json, exact versions in package-lock.json) builds the designer bundle and copies htmx
# into webapp/static/vendor/, which is not committed. htmx stays at 2.0.x: 4.x no longer inherits hx-headers,
# which carry the CSRF token.
FRONTEND := webapp/frontend
NODE_MODULES := $(FRONTEND)/node_modules/.installed
BUNDLE := webapp/static/vendor/.built

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(NODE_MODULES): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund --cache ../../.npm-cache
	touch $@

$(BUNDLE): $(NODE_MODULES) $(FRONTEND)/build.mjs $(shell find $(FRONTEND)/src -type f)
	cd $(FRONTEND) && node build.mjs
	touch $@

frontend: $(BUNDLE)

run: $(VENV)/.installed $(BUNDLE)
	$(BIN)/planflow init
	$(BIN)/planflow demo --regime 3 --signing
	$(BIN)/planflow serve --with-worker

# The map of the house first (seconds): the import contracts and the types in pyproject.toml; then bandit, which
# fails on any high-severity finding (the medium and low ones are explained in docs/security.md).
check: $(VENV)/.installed
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/bandit -q -c pyproject.toml -r engine webapp cli --severity-level high

test: check $(BUNDLE)
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check engine cli webapp tests features bench

bench: $(VENV)/.installed
	$(BIN)/python -m bench.run

# The front door: `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-postgres bench lint

HTMX := webapp/static/vendor/htmx.min.js
HTMX_VERSION := 2.0.11

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# htmx 2.0.x from the npm registry (4.x no longer inherits hx-headers, which carry the CSRF token).
$(HTMX):
	mkdir -p $(@D) .npm-cache
	cd .npm-cache && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null && tar -xzf htmx.org-$(HTMX_VERSION).tgz
	cp .npm-cache/package/dist/htmx.min.js $@

run: $(VENV)/.installed $(HTMX)
	$(BIN)/planflow init
	$(BIN)/planflow demo --regime 3
	$(BIN)/planflow serve

test: $(VENV)/.installed $(HTMX)
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check engine webapp tests features bench

bench: $(VENV)/.installed
	$(BIN)/python -m bench.run

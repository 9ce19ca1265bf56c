# The two commands a fresh machine needs: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests: from npm into a project-local folder, injected from there.
AXE := tests/browser/node/node_modules/axe-core/axe.min.js

.PHONY: build test fuzz serve clean check lint bench bench-big

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/antwoord build --content content --out site

$(AXE):
	@command -v npm >/dev/null || { echo "The browser tests need npm (for axe-core): apt-get install npm" >&2; exit 1; }
	npm install --no-save --no-audit --no-fund --prefix tests/browser/node axe-core@4.14.1

# The browser tests drive Debian's Chromium (Playwright never downloads a browser). On a
# fresh machine where we are root, install it; elsewhere say exactly what is missing.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; \
	fi

# The format check and lint come first: CI runs `make test`, so a red ruff keeps main green too.
test: $(STAMP) $(AXE) $(CHROMIUM) lint
	$(BIN)/python -m pytest -q

# The property tests at length: HYPOTHESIS_PROFILE=fuzz runs 20,000 generated documents
# (FUZZ_EXAMPLES=N for another count); a failure prints the shrunk document to reproduce it.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_nothing_lost.py \
		tests/test_import_variants.py -k 'nothing_lost or any_mix'

check: $(STAMP)
	$(BIN)/antwoord check --content content

serve: $(STAMP)
	$(BIN)/antwoord serve --content content

# Timings against Hugo, and Hugo + Pagefind, on a generated corpus (bench/run.py); never part of
# `make test`. Each N is one run, so its ratios compare like with like.
bench: $(STAMP)
	$(BIN)/python bench/run.py 2000 --repeat 3
	$(BIN)/python bench/run.py 10000 --repeat 2

# Memory at archive scale: one cold build of 100,000 documents (Hugo would need ~20 GB here).
bench-big: $(STAMP)
	$(BIN)/python bench/run.py 100000 --memory-only --no-hugo

lint: $(STAMP)
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/ruff check generator tests bench

clean:
	rm -rf site .pytest_cache .ruff_cache .hypothesis content/.cache tests/browser/node

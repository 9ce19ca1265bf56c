# The two commands a fresh machine needs: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests: from npm into a project-local folder, injected from there.
AXE := tests/browser/node/node_modules/axe-core/axe.min.js

.PHONY: build test fuzz serve clean check lint

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/antwoord build --content content --out site

$(AXE):
	npm install --no-save --no-audit --no-fund --prefix tests/browser/node axe-core@4.14.1

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -q

# The property tests at length: HYPOTHESIS_PROFILE=fuzz runs 20,000 generated documents
# (FUZZ_EXAMPLES=N for another count); a failure prints the shrunk document to reproduce it.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_nothing_lost.py

check: $(STAMP)
	$(BIN)/antwoord check --content content

serve: $(STAMP)
	$(BIN)/antwoord serve --content content

lint: $(STAMP)
	$(BIN)/ruff format --check generator tests
	$(BIN)/ruff check generator tests

clean:
	rm -rf site .pytest_cache .ruff_cache .hypothesis content/.cache tests/browser/node

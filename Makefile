# Every target sets up what it needs: a fresh machine runs `make plan` or `make test` and nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install plan test lint bench calendars readme clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

plan: install
	$(BIN)/inspectcal plan --framework jtai --notify 2016-09-13

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check inspectcal tests bench
	$(BIN)/ruff format --check inspectcal tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/bench.py

# Regenerate the bank-holiday data files from the `holidays` package (tests fail when they drift).
calendars: install
	$(BIN)/python -m inspectcal.bankholidays

# Rewrite the README's console examples from the program (a test fails when they go stale).
readme: install
	$(BIN)/python -m tests.test_readme

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist *.egg-info

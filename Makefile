# Every target sets up what it needs: a fresh machine runs `make plan` or `make test` and nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install plan test lint bench calendars readme browser screenshots clean

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

# PNGs of `plan --format html` for the README, drawn by headless Chromium (Debian's `chromium`
# package; installed here with apt-get when missing). No network, a throwaway profile.
CHROMIUM ?= /usr/bin/chromium
SHOT = $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --hide-scrollbars

# Debian's Chromium for the page tests and the screenshots (CI runs this before `make test`).
browser:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

screenshots: install browser
	mkdir -p docs/img
	tmp=$$(mktemp -d) && \
	$(BIN)/inspectcal plan -f jtai --notify 2016-09-13 --format html -o $$tmp/jtai.html && \
	$(BIN)/inspectcal plan -f jtai --notify 2016-12-06 --closures examples/closures.txt \
		--format html -o $$tmp/christmas.html && \
	$(SHOT) --user-data-dir=$$(mktemp -d) --window-size=1200,900 \
		--screenshot=docs/img/plan-jtai-2016.png file://$$tmp/jtai.html && \
	$(SHOT) --user-data-dir=$$(mktemp -d) --window-size=1200,900 \
		--screenshot=docs/img/plan-christmas-closures.png file://$$tmp/christmas.html && \
	SOURCE_DATE_EPOCH=1482192000 $(BIN)/inspectcal publish -i examples/programme.csv \
		$$tmp/feeds > /dev/null && \
	$(SHOT) --user-data-dir=$$(mktemp -d) --window-size=1200,1100 \
		--screenshot=docs/img/publish-programme.png file://$$tmp/feeds/index.html && \
	rm -rf $$tmp

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist *.egg-info

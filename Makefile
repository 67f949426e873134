# Two commands on a fresh machine: `make run` (build the graph from seeds/ and show it)
# and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint install install-test install-lint browser bench clean

run: install
	$(BIN)/kg build seeds -o $(OUT)

test: install-test browser
	$(BIN)/python -m pytest

# ruff (lint and format) and mypy, as configured in pyproject.toml; CI runs it before the tests.
lint: install-lint
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/ruff format --check kg tests scripts benchmarks
	$(BIN)/mypy

# The browser tests draw the HTML views in headless Chromium; a CJK font keeps labels legible.
browser:
	@dpkg -s chromium fonts-wqy-microhei >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-lint: $(VENV)/.installed-lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VENV)/.installed-lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lint]'
	touch $@

# Figures, not tests. The pipeline benchmark builds 1x and 10x corpora (about 8 minutes on two
# cores); the full run is `make bench BENCH_ARGS="--sizes 1,10,100"` (31 minutes).
BENCH_ARGS ?=
bench: install
	$(BIN)/python benchmarks/ner_dev.py
	$(BIN)/python benchmarks/pipeline_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache

# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run   — virtual environment, install, build the site, serve it on http://127.0.0.1:8000/
#                (another address: make run HOST=0.0.0.0 PORT=8001)
#   make test  — virtual environment, install with test dependencies, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check build bench bench-forms bench-inbox bench-desk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/layanan serve --host $(HOST) --port $(PORT)

check: $(VENV)/.installed
	$(BIN)/layanan check

build: $(VENV)/.installed
	$(BIN)/layanan build

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/build_scale.py

bench-forms: $(VENV)/.installed-test
	$(BIN)/python benchmarks/forms_throughput.py
	$(BIN)/python benchmarks/forms_durability.py

bench-inbox: $(VENV)/.installed-test
	$(BIN)/python benchmarks/inbox_index.py

bench-desk: $(VENV)/.installed-test
	$(BIN)/python benchmarks/desk_scale.py

clean:
	rm -rf $(VENV) site .site-builds .cache .zensical

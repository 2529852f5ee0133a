# Two commands set everything up: `make run` and `make test`.
# Both create a virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := tests/data/author-cluster-jongwoo-ko.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install clean

run: $(VENV)/.installed  ## load the sample page and serve the API
	$(BIN)/kg serve --load $(SAMPLE) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed  ## run the whole test suite
	$(BIN)/python -m pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) kg-data .pytest_cache

# Two commands set everything up: `make run` and `make test`.
# Both create a virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := tests/data/author-cluster-jongwoo-ko.txt
HOST ?= 127.0.0.1
PORT ?= 8000
UI := api/ui
UI_BUILT := $(UI)/dist/index.html
UI_SOURCES := $(addprefix $(UI)/,package.json package-lock.json index.html \
	vite.config.js) $(wildcard $(UI)/src/*)

.PHONY: run test install ui clean

run: $(VENV)/.installed $(UI_BUILT)  ## load the sample page and serve the API
	$(BIN)/kg serve --load $(SAMPLE) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed $(UI_BUILT)  ## run the whole test suite
	$(BIN)/python -m pytest

ui: $(UI_BUILT)  ## build the network view (npm), when missing or stale

# npm from the registry; the built page is served by the API at /ui.
$(UI_BUILT): $(UI_SOURCES)
	cd $(UI) && npm ci --no-audit --no-fund && npm run build

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) kg-data .pytest_cache $(UI)/node_modules $(UI)/dist

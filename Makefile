# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
PY    := $(BIN)/python
# One stamp per install level. A user's targets (demo, lab, app) install the runtime dependencies
# only; the developer's targets (test, lint, benchmark, ...) add the dev extra on top.
STAMP_USER    := $(VENV)/.installed-user
STAMP_JUPYTER := $(VENV)/.installed-jupyter
STAMP_DEV     := $(VENV)/.installed-dev
# Browser tests drive the system Chromium (Debian's package); Playwright never downloads one.
CHROMIUM ?= /usr/bin/chromium
# axe-core (the accessibility rules the browser tests run in each page), from the npm registry
AXE_VERSION ?= 4.14.1
AXE_DIR     := .cache/npm
SUDO  := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] || echo sudo)

# the functional core (the top level of assessment/), held to mypy --strict
CORE_MODULES := $(filter-out assessment/__init__.py assessment/__main__.py,$(wildcard assessment/*.py))

.PHONY: help setup demo app lab test test-fast browser axe lint format benchmark schema samples clean

help:
	@echo "make demo       set up .venv, validate the rubrics, score the samples and write their reports"
	@echo "make lab        set up .venv and open the self-assessment notebook in JupyterLab"
	@echo "make app        serve the workshop participants' page (Voila) on the fictional sample workshop"
	@echo "make test       set up .venv and run the whole suite (unit, property, notebooks, browser)"
	@echo "make test-fast  the suite without the browser and packaging tests"
	@echo "make lint       ruff (lint and format) and mypy (the core under --strict)"
	@echo "make benchmark  speed measurements (see benchmarks/)"
	@echo "make schema     regenerate assessment/schemas/rubric.schema.json"
	@echo "make samples    rebuild sample_data/*.json from sample_data/profiles/ (after a rubric change)"

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

# the command line, the reports and the core (no JupyterLab, no test tools)
$(STAMP_USER): pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e .
	@touch $@

# adds JupyterLab, the widgets and Voila
$(STAMP_JUPYTER): pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e ".[jupyter]"
	@touch $@ $(STAMP_USER)

# adds pytest, nbval, hypothesis, ruff, mypy, playwright, pypdf, build
$(STAMP_DEV): pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(STAMP_JUPYTER) $(STAMP_USER)

setup: $(STAMP_DEV)

demo: $(STAMP_USER)
	$(BIN)/gdi-assess demo

# The participants' app on the fictional sample workshop (made once in workshop-demo.sqlite).
WORKSHOP ?= workshop-demo.sqlite
app: $(STAMP_JUPYTER)
	@[ -f "$(WORKSHOP)" ] || $(PY) -c 'from assessment.storage.workshops import demo_workshop; demo_workshop("$(WORKSHOP)")'
	$(BIN)/gdi-assess workshop serve $(WORKSHOP)

lab: $(STAMP_JUPYTER)
	$(BIN)/jupyter lab notebooks/01_self_assessment.ipynb

# System tools the tests use, from Debian's packages when missing: chromium (browser tests) and
# poppler-utils (pdftoppm and pdftotext read the PDF reports back).
browser:
	@missing=""; \
	[ -x "$${GDI_CHROMIUM:-$(CHROMIUM)}" ] || missing="chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's $$missing for the tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The tests need $$missing: install it (set GDI_CHROMIUM to Chromium's path)"; exit 1; \
	fi

# axe-core into .cache/npm through npm (Debian's npm when missing); again when the version changes.
axe:
	@grep -qs '"version": "$(AXE_VERSION)"' $(AXE_DIR)/node_modules/axe-core/package.json && \
	[ -f $(AXE_DIR)/node_modules/axe-core/axe.min.js ] || { \
	if command -v npm >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's npm for the tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm >/dev/null; \
	else \
	  echo "The tests need npm (it comes with Node.js) to install axe-core: install it"; exit 1; \
	fi; \
	echo "Installing axe-core $(AXE_VERSION) into $(AXE_DIR) for the tests"; \
	npm install --prefix $(AXE_DIR) --no-audit --no-fund --no-save --silent axe-core@$(AXE_VERSION); }

test: $(STAMP_DEV) browser axe lint
	$(PY) -m assessment i18n check
	$(PY) -m pytest tests
	$(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

# unit, property, CLI and storage tests: no browser, no wheel build
test-fast: $(STAMP_DEV)
	$(PY) -m pytest -x -q -m "not browser and not packaging" tests

lint: $(STAMP_DEV)
	$(PY) -m ruff check assessment tests benchmarks sample_data
	$(PY) -m ruff format --check assessment tests benchmarks sample_data
	$(PY) -m mypy
	$(PY) -m mypy --strict $(CORE_MODULES)

format: $(STAMP_DEV)
	$(PY) -m ruff format assessment tests benchmarks sample_data

BENCHMARKS := $(sort $(wildcard benchmarks/bench_*.py))
benchmark: $(STAMP_DEV)
	@for b in $(BENCHMARKS); do echo "== $$b"; $(PY) $$b || exit 1; done

samples: $(STAMP_DEV)
	$(PY) sample_data/build.py

schema: $(STAMP_DEV)
	$(BIN)/gdi-assess schema -o assessment/schemas/rubric.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis .mypy_cache $(AXE_DIR)

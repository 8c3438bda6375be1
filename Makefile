# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
PY    := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
# Browser tests drive the system Chromium (Debian's package); Playwright never downloads one.
CHROMIUM ?= /usr/bin/chromium
SUDO  := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] || echo sudo)

.PHONY: help setup demo app lab test test-fast browser lint format benchmark schema samples clean

help:
	@echo "make demo       set up .venv, validate the rubrics, score the samples and write their reports"
	@echo "make lab        set up .venv and open the self-assessment notebook in JupyterLab"
	@echo "make app        serve the workshop participants' page (Voila) on the fictional sample workshop"
	@echo "make test       set up .venv and run the whole suite (unit, property, notebooks, browser)"
	@echo "make lint       ruff checks"
	@echo "make benchmark  speed measurements (see benchmarks/)"
	@echo "make schema     regenerate assessment/schemas/rubric.schema.json"
	@echo "make samples    rebuild sample_data/*.json from sample_data/profiles/ (after a rubric change)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/gdi-assess demo

# The participants' app on the fictional sample workshop (made once in workshop-demo.sqlite).
WORKSHOP ?= workshop-demo.sqlite
app: $(STAMP)
	@[ -f "$(WORKSHOP)" ] || $(PY) -c 'from assessment.facilitator import demo_workshop; demo_workshop("$(WORKSHOP)")'
	$(BIN)/gdi-assess workshop serve $(WORKSHOP)

lab: $(STAMP)
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

test: $(STAMP) browser
	$(PY) -m ruff check assessment tests benchmarks sample_data
	$(PY) -m pytest tests
	$(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

test-fast: $(STAMP)
	$(PY) -m pytest -x -q tests

lint: $(STAMP)
	$(PY) -m ruff check assessment tests benchmarks

format: $(STAMP)
	$(PY) -m ruff format assessment tests benchmarks

benchmark: $(STAMP)
	$(PY) benchmarks/bench_scoring.py
	$(PY) benchmarks/bench_form.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_workshop.py

samples: $(STAMP)
	$(PY) sample_data/build.py

schema: $(STAMP)
	$(BIN)/gdi-assess schema -o assessment/schemas/rubric.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

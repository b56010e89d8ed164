# `make run` and `make test` each bootstrap .venv from the pinned requirements first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB := data/demo.duckdb
PORT ?= 8501

.PHONY: run test lint typecheck pytest system-deps pdf-font demo bench screenshots clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages, installed when missing (as root, or through sudo).
APT_INSTALL = SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq
# The PDF brief embeds a CJK font with TrueType outlines (casewatch/report/fonts.py CJK_FONTS); the
# Noto CJK fonts are CFF-based, which pypdf and some readers cannot map back to text.
PDF_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc

pdf-font:
	@if [ ! -f $(PDF_FONT) ] && [ -z "$$CASEWATCH_CJK_FONT" ]; then \
	  echo "installing Debian package: fonts-wqy-microhei"; $(APT_INSTALL) fonts-wqy-microhei >/dev/null; \
	fi

# chromium for browser tests and screenshots, Noto CJK so pages render Chinese in it,
# poppler-utils (pdftoppm) for the brief's screenshots.
system-deps: pdf-font
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	test -d /usr/share/fonts/opentype/noto || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; $(APT_INSTALL) $$missing >/dev/null; fi

$(DEMO_DB): | $(VENV)/.runtime
	$(PY) -m casewatch demo --out $(DEMO_DB)

demo: $(VENV)/.runtime
	@if [ -z "$$CASEWATCH_DB" ] && [ ! -f $(DEMO_DB) ]; then $(PY) -m casewatch demo --out $(DEMO_DB); fi

run: $(VENV)/.runtime pdf-font demo
	$(PY) -m streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check casewatch
	$(VENV)/bin/lint-imports --no-cache  # the layers of .importlinter

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy casewatch

# Tests run in parallel (docs/testing.md): one worker per core, each test module whole on one
# worker (module fixtures built once), modules handed out in collection order (longest first).
pytest: $(VENV)/.dev system-deps
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=15

test: lint typecheck pytest

bench: $(VENV)/.runtime
	$(PY) -m casewatch bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

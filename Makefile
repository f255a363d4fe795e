# Everything runs inside .venv, a virtualenv WITHOUT system site-packages:
# the machine's own Python may have another flask-cors installed, and the
# tests must only ever see this checkout.

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
PIP := $(VENV_PYTHON) -m pip --disable-pip-version-check
PYTEST_ARGS ?=

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := test

.PHONY: venv test demo docs clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[test]'
	@# Fail here, not in the tests, if the venv sees some other flask_cors.
	@cd / && "$(CURDIR)/$(VENV_PYTHON)" -c 'import os, sys, flask_cors; \
		here = os.path.realpath(sys.argv[1]); \
		found = os.path.realpath(flask_cors.__file__); \
		ok = found.startswith(here + os.sep); \
		sys.exit(0 if ok else f"ERROR: .venv imports flask_cors from {found}, not from {here}")' \
		"$(CURDIR)"
	touch $@

# make itself exits 2 on any failure; the echoed status (5 = no tests
# collected) is what .ci/run reads.
test: venv
	$(VENV_PYTHON) -m pytest $(PYTEST_ARGS) || { status=$$?; \
		echo "make test: pytest exited with status $$status" >&2; exit $$status; }

demo: venv
	$(VENV_PYTHON) examples/demo.py

$(VENV)/.sphinx: $(VENV)/.installed
	$(PIP) install -q sphinx
	touch $@

docs: $(VENV)/.sphinx
	$(VENV_PYTHON) -m sphinx -W -b html docs docs/_build/html

clean:
	rm -rf $(VENV) build dist *.egg-info docs/_build .pytest_cache .mypy_cache \
		.ruff_cache .hypothesis .tox
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

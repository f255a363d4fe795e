# Everything runs inside .venv, a virtualenv WITHOUT system site-packages:
# the machine's own Python may have another flask-cors installed, and the
# tests must only ever see this checkout.

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
PIP := $(VENV_PYTHON) -m pip --disable-pip-version-check
PYTEST_ARGS ?=
FUZZ_SECONDS ?= 300

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := test

.PHONY: venv test test-fast demo docs lint package tox tox-flask32 tox-pythons fuzz bench bench-quick bench-opcodes clean

# Fail at set-up, not in the tests, if the venv sees some other flask_cors.
CHECK_CHECKOUT = cd / && "$(CURDIR)/$(VENV_PYTHON)" -c 'import os, sys, flask_cors; \
	here = os.path.realpath(sys.argv[1]); \
	found = os.path.realpath(flask_cors.__file__); \
	ok = found.startswith(here + os.sep); \
	sys.exit(0 if ok else f"ERROR: .venv imports flask_cors from {found}, not from {here}")' \
	"$(CURDIR)"

venv: $(VENV)/.installed

# This checkout (editable) and its dependencies, Flask and Werkzeug: all that
# `make demo` needs, so it starts in seconds on a fresh machine.
$(VENV)/.base: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	@$(CHECK_CHECKOUT)
	touch $@

# The `test` extra: what `make test-fast` needs (no browser driver, no server).
$(VENV)/.installed: $(VENV)/.base
	$(PIP) install -e '.[test]'
	@$(CHECK_CHECKOUT)
	touch $@

# The `integration` extra on top: Playwright, websockets and gunicorn for the
# browser and server suites of `make test`.
$(VENV)/.integration: $(VENV)/.installed
	$(PIP) install -e '.[integration]'
	@$(CHECK_CHECKOUT)
	touch $@

# make itself exits 2 on any failure, so pytest's own status (5 = no tests
# collected) is also written to $PYTEST_STATUS_FILE when that is set:
# .ci/run reads it there.  The run is measured by coverage.py (branch
# coverage of flask_cors/, subprocesses included); below the floor set in
# pyproject.toml, `make test` fails after the tests pass (not when
# PYTEST_ARGS picks some of the tests: their report is shown, not judged).
test: $(VENV)/.integration
	@$(BUILD_REFERENCE)
	rm -f .coverage .coverage.*
	status=0; $(VENV_PYTHON) -m coverage run -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ -n "$${PYTEST_STATUS_FILE:-}" ]; then echo "$$status" > "$$PYTEST_STATUS_FILE"; fi; \
	if [ "$$status" -ne 0 ]; then echo "make test: pytest exited with status $$status" >&2; exit "$$status"; fi
	$(VENV_PYTHON) -m coverage combine -q
	@$(VENV_PYTHON) -m coverage report $(if $(PYTEST_ARGS),--fail-under=0) || { \
		echo "make test: branch coverage of flask_cors/ is below the floor (fail_under in" \
		"pyproject.toml's [tool.coverage.report]); the lines and branches no test runs are listed above" >&2; exit 1; }

# The loop to run while editing (under 20 s): everything but the browser
# and server suites and the slow packaging and benchmark tests.
test-fast: venv
	@$(BUILD_REFERENCE)
	$(VENV_PYTHON) -m pytest -m "not browser and not server and not slow" $(PYTEST_ARGS)

demo: $(VENV)/.base
	$(VENV_PYTHON) examples/demo.py

# Contributor tools (Sphinx, mypy, ruff, build, twine, tox): the `dev` extra.
$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install -q -e '.[dev]'
	touch $@

# -W: any Sphinx warning fails the build; -E: read every page each time, so a
# warning in an unchanged page is never hidden by the cache.  The Python code
# blocks of the pages are run by tests/test_docs.py, in `make test`.
docs: $(VENV)/.dev
	$(VENV_PYTHON) -m sphinx -W --keep-going -E -b html docs docs/_build/html

# Runs all three checks, then fails if any failed, so one run shows every
# problem.  `ruff format .` and `ruff check --fix .` fix most of them.
lint: $(VENV)/.dev
	@status=0; \
	echo "+ mypy --strict flask_cors"; \
	$(VENV_PYTHON) -m mypy --strict flask_cors || status=1; \
	echo "+ ruff check ."; \
	$(VENV_PYTHON) -m ruff check . || status=1; \
	echo "+ ruff format --check ."; \
	$(VENV_PYTHON) -m ruff format --check . || status=1; \
	if [ $$status -ne 0 ]; then echo "make lint: FAILED (see above)" >&2; fi; \
	exit $$status

# Builds the sdist and the wheel into dist/, checks their metadata with twine,
# then tests/test_wheel.py checks what they contain and installs the wheel
# into a new virtualenv to run an example against it.
package: $(VENV)/.dev
	rm -rf dist
	$(VENV_PYTHON) -m build --outdir dist .
	$(VENV_PYTHON) -m twine check --strict dist/*
	FLASK_CORS_WHEEL="$$(echo dist/*.whl)" FLASK_CORS_SDIST="$$(echo dist/*.tar.gz)" \
		$(VENV_PYTHON) -m pytest -p no:cacheprovider tests/test_wheel.py

# The suite under the oldest (2.3) and the newest (3.x) supported Flask, on
# the Python that runs tox (see tox.ini; `tox` alone runs every Python).
TOX_ENVS ?= flask23,flask3
tox: $(VENV)/.dev
	$(VENV_PYTHON) -m tox run -e $(TOX_ENVS) $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS))

# The suite on the coming Flask 3.2, from the wheel of its development branch
# in ../shared/wheels/ (not on PyPI; see its README there).  Without the wheel
# this fails: Flask 3.2 changes the signatures of the methods an extension
# could be tempted to replace, and the suite must show it does not care.
FLASK_DEV_WHEEL ?= $(firstword $(wildcard $(CURDIR)/../shared/wheels/flask-3.2*.whl))
tox-flask32: $(VENV)/.dev
	@if [ -z "$(FLASK_DEV_WHEEL)" ] || [ ! -f "$(FLASK_DEV_WHEEL)" ]; then \
		echo "tox-flask32: no Flask 3.2 wheel (looked for ../shared/wheels/flask-3.2*.whl;" \
			"set FLASK_DEV_WHEEL=path/to/flask-3.2....whl)" >&2; exit 1; fi
	FLASK_DEV_WHEEL="$(FLASK_DEV_WHEEL)" $(VENV_PYTHON) -m tox run -e flask32 \
		$(if $(PYTEST_ARGS),-- $(PYTEST_ARGS))

# The suite on the oldest and the newest supported Python, each with the
# Flask line it pairs with (version:tox env), when this machine has a working
# interpreter for it: on PATH, or installed by pyenv (whose shims fail for a
# version that is not selected, so each candidate is tried).  A missing
# Python is reported and not run; tox is given the interpreters it may use.
EXTRA_PYTHONS ?= 3.9:py39-flask23 3.13:py313-flask3
tox-pythons: $(VENV)/.dev
	@envs=; pythons=; \
	for pair in $(EXTRA_PYTHONS); do \
		version=$${pair%%:*}; env=$${pair#*:}; python=; \
		for candidate in $$(ls -d $$HOME/.pyenv/versions/$$version.*/bin/python$$version 2>/dev/null) \
				$$(command -v python$$version); do \
			if "$$candidate" -c 'import sys' >/dev/null 2>&1; then python=$$candidate; fi; \
		done; \
		if [ -n "$$python" ]; then \
			echo "tox-pythons: $$env with $$python"; envs=$$envs,$$env; pythons="$$pythons $$python"; \
		else \
			echo "tox-pythons: NOT RUN: $$env (no working python$$version on this machine)"; \
		fi; \
	done; \
	if [ -n "$$envs" ]; then \
		$(VENV_PYTHON) -m tox run -e $${envs#,} --discover $$pythons $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS)); \
	fi

$(VENV)/.fuzz: $(VENV)/.installed
	$(PIP) install -q -e '.[fuzz]'
	touch $@

# Fuzzes whole requests (tests/fuzz/fuzz_cors.py) for FUZZ_SECONDS, starting
# from tests/fuzz/corpus. New inputs go to a temporary directory, so the
# corpus in the repository never changes; a crashing input is kept in
# build/fuzz/ and fails the target.
fuzz: $(VENV)/.fuzz
	mkdir -p build/fuzz
	corpus=$$(mktemp -d) && trap 'rm -rf "$$corpus"' EXIT && \
	$(VENV_PYTHON) tests/fuzz/fuzz_cors.py -max_total_time=$(FUZZ_SECONDS) \
		-timeout=10 -max_len=4096 -dict=tests/fuzz/cors.dict \
		-artifact_prefix=build/fuzz/ "$$corpus" tests/fuzz/corpus

# The benchmark compares bare Flask, this checkout and flask-cors from PyPI,
# which lives in its own virtualenv (with the same Flask and Werkzeug as
# .venv) so that neither package can shadow the other.
BENCH_VENV := .venv-bench-flask-cors
FLASK_CORS_RELEASE ?= 6.0.5

# tests/compat runs its table of refused configurations against the same
# flask-cors release, in this virtualenv: the test targets build it on first
# use.  Without PyPI that fails, and the table skips (under CI=true: fails).
BUILD_REFERENCE = PIP_RETRIES=1 PIP_TIMEOUT=15 $(MAKE) -s --no-print-directory $(BENCH_VENV)/.installed \
	|| echo "make: could not build $(BENCH_VENV) (flask-cors $(FLASK_CORS_RELEASE) from PyPI):" \
		"tests/compat will skip, or fail under CI=true" >&2

$(BENCH_VENV)/.installed: $(VENV)/.installed
	$(PYTHON) -m venv $(BENCH_VENV)
	versions=$$($(VENV_PYTHON) -c 'import importlib.metadata as m; \
		print(*(p + "==" + m.version(p) for p in ("Flask", "Werkzeug")))') && \
	$(BENCH_VENV)/bin/python -m pip --disable-pip-version-check install -q \
		"flask-cors==$(FLASK_CORS_RELEASE)" $$versions
	touch $@

# Writes benchmarks/results.md (README.rst's "Performance" links to it).
bench: $(BENCH_VENV)/.installed
	$(VENV_PYTHON) benchmarks/bench.py --ours $(VENV_PYTHON) --theirs $(BENCH_VENV)/bin/python

bench-quick: $(BENCH_VENV)/.installed
	$(VENV_PYTHON) benchmarks/bench.py --ours $(VENV_PYTHON) --theirs $(BENCH_VENV)/bin/python \
		--quick

# Deterministic: Python bytecode instructions per request, to compare commits.
bench-opcodes: $(VENV)/.installed
	$(VENV_PYTHON) benchmarks/bench.py --ours $(VENV_PYTHON) --opcodes

clean:
	rm -rf $(VENV) $(BENCH_VENV) build dist *.egg-info docs/_build .pytest_cache .mypy_cache \
		.ruff_cache .hypothesis .tox
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

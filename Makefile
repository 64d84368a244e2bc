# Stance: `make run` starts the dashboard, `make test` runs the linters and the whole suite.
# Both set up what they need: a virtualenv with the locked requirements and Stance itself, and
# Debian's Chromium and fonts (for browser tests and chart export) and PostgreSQL (the store's tests
# start a throwaway server) when they are missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DATA ?=
LOCK_ARGS ?=
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: run test lint lock bench system clean

# requirements.txt is the lock (every package, pinned, with PyPI's hashes); Stance itself goes in
# editable and without dependencies, so the lock alone decides what is installed. The build
# backend comes from the lock too (--no-build-isolation): nothing is fetched unhashed.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation --editable .
	touch $(STAMP)

# Chromium draws exported charts (Kaleido) and runs the browser tests; DejaVu fonts make text
# render the same on every machine; the store's tests run a throwaway PostgreSQL server (its
# binaries only: the test run starts and stops its own). apt must never ask a question: CI has no
# standard input.
system:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || \
		! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "Installing Debian's chromium, fonts-dejavu-core and postgresql ..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core postgresql >/dev/null; \
	fi

run: $(STAMP) system
	STANCE_DATA="$(DATA)" $(BIN)/streamlit run app.py --server.port=$(PORT) \
		--server.headless=true

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Two processes, a test module each at a time (a browser module's one server stays with its tests):
# 4 minutes instead of 6 on the project's 2-core machine. A single file or test: plain pytest.
test: lint system
	$(BIN)/python -m pytest --numprocesses=2 --dist=loadfile

# Figures, not pass/fail (the README's Performance section): issue 9's benchmark on generated data
# of 1,000 to 1,000,000 statements, the page in Chromium at 100,000 and 1,000,000; targets marked.
# Generated files are kept in $$STANCE_BENCH_CACHE (default: stance-bench in the temp folder).
bench: $(STAMP) system
	$(BIN)/stance bench --sizes 1000,10000,100000,1000000 --browser-sizes 100000,1000000

# Rewrite the lock from pyproject.toml after changing a dependency there. Versions already in
# the lock are kept; `make lock LOCK_ARGS=--upgrade` (or --upgrade-package NAME) moves them.
lock: $(STAMP)
	UV_CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/uv pip compile --quiet --generate-hashes \
		--universal --python-version 3.11 --extra dev $(LOCK_ARGS) pyproject.toml -o requirements.txt

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache stance.egg-info build
	rm -f "$${STANCE_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/stance}"/*.arrow  # the load cache (README: Data path)

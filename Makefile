# Stance: `make run` starts the dashboard, `make test` runs the whole suite.
# Both set up what they need: a virtualenv with the pinned requirements, and Debian's
# Chromium and fonts (for browser tests and chart export) when they are missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DATA ?=
STAMP := $(VENV)/.requirements-installed

.PHONY: run test bench system clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Chromium draws exported charts (Kaleido) and runs the browser tests; DejaVu fonts make text
# render the same on every machine. apt must never ask a question: CI has no standard input.
system:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
		echo "Installing Debian's chromium and fonts-dejavu-core ..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

run: $(STAMP) system
	STANCE_DATA="$(DATA)" $(BIN)/streamlit run app.py --server.port=$(PORT) \
		--server.headless=true

test: $(STAMP) system
	$(BIN)/python -m pytest

bench: $(STAMP) system
	$(BIN)/python -m stance benchmark

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache

# Two commands do everything on a fresh Debian machine (as root, or with sudo):
#   make run    installs what is missing, then starts the app (web, http://127.0.0.1:8550)
#   make test   installs what is missing, then runs the whole test suite
# Re-running is cheap: each step leaves a stamp and is skipped when nothing changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMPS := .stamps
ARGS   ?=
DEB_PACKAGES := libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox \
                chromium poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup setup-test lint clean demo bench

run: setup
	$(PY) -m assistant run $(ARGS)

test: setup-test
	$(PY) -m pytest $(ARGS)

demo: setup
	$(PY) -m assistant demo-data
	$(PY) -m assistant run $(ARGS)

bench: setup-test
	$(PY) bench/store_bench.py
	$(PY) bench/parser_bench.py
	$(PY) bench/speech_bench.py
	$(PY) bench/export_bench.py
	$(PY) bench/room_bench.py

setup: $(STAMPS)/deb $(STAMPS)/venv

setup-test: setup $(STAMPS)/venv-test

$(STAMPS)/deb: Makefile
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@touch $@

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(STAMPS)/venv-test: pyproject.toml $(STAMPS)/venv
	$(PY) -m pip install -q -e '.[test,dev]'
	@touch $@

lint: setup-test
	$(VENV)/bin/ruff check assistant speech tests bench
	$(VENV)/bin/mypy assistant speech

clean:
	rm -rf $(STAMPS) $(VENV) build *.egg-info

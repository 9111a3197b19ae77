# Two commands: `make run` serves the demo site, `make test` runs the suite.
# Both create .venv and install from the hashed lock, again only when the
# lock changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell sha256sum $(LOCK) | cut -c1-16)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium run test lint lock format migrate demo clean messages

$(STAMP): $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# The browser tests (tests/browser) drive Debian's chromium; Playwright never
# downloads a browser of its own. Installed here only when it is missing and
# only where we can (root with apt-get); a stale package list gets one
# `apt-get update` and a second try. Where it cannot be installed, the browser
# tests fail and print the command that installs it.
CHROMIUM := /usr/bin/chromium
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300

chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Debian's chromium installeren voor de browsertests ..."; \
		$(APT_GET) install -y chromium >/dev/null \
		|| { $(APT_GET) update && $(APT_GET) install -y chromium >/dev/null; } \
		|| echo "chromium kon niet worden geïnstalleerd; de browsertests zullen falen." >&2; \
	else \
		echo "$(CHROMIUM) ontbreekt; de browsertests zullen falen. Installeer: sudo apt-get install -y chromium" >&2; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py demo_accounts

# The web server and one task worker (PDFs, imports, e-mail) in this terminal;
# Ctrl-C stops both (honcho, Procfile.dev).
run: demo
	@echo "Kanttekening draait op http://$(HOST):$(PORT)/ met een taakverwerker (stoppen: Ctrl-C)"
	KT_HOST=$(HOST) KT_PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

# In parallel, one worker per core (pytest-xdist); each test module stays on
# one worker, so that what a module builds once (module_db, demo_site) is
# built once. See docs/testing.md.
PYTEST_PARALLEL := -n auto --dist loadscope

test: install chromium
	$(BIN)/pytest $(PYTEST_PARALLEL)

# Regenerate both hashed locks from pyproject.toml (needs the package index).
UV_VERSION := 0.13.8
lock:
	@test -x .lock-tools/bin/uv || { $(PYTHON) -m venv .lock-tools && .lock-tools/bin/pip install --quiet uv==$(UV_VERSION); }
	.lock-tools/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements.lock
	.lock-tools/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements-dev.lock

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .lock-tools db.sqlite3 staticfiles private .pytest_cache .ruff_cache

# locale/nl overrides Wagtail's Dutch msgids that say "je" with "u", in the
# templates and Python (django) and in the admin's JavaScript (djangojs); the
# compiled .mo files are committed, so this is needed only after editing a .po.
messages:
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po
	msgfmt --check -o locale/nl/LC_MESSAGES/djangojs.mo locale/nl/LC_MESSAGES/djangojs.po

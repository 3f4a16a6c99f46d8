# Gonghui: two commands on a fresh machine.
#   make run   set up, migrate an embedded SQLite database, load demo data, serve on http://127.0.0.1:8000
#   make test  set up, lint (incl. import contracts), type-check, check migrations and deploy settings, run the
#              whole suite
#              (SQLite, then PostgreSQL at 127.0.0.1:5432/test when reachable; required under CI)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PIP_FLAGS ?= --disable-pip-version-check --no-input -q
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
# Two workers; the tests sharing the seeded demo stay on one (loadgroup); the 30 slowest tests are listed, so that
# the suite's 20-minute budget can be watched from any CI log.
XDIST ?= -n 2 --dist loadgroup --durations=30

.PHONY: run test setup setup-dev bench-setup chromium lint typecheck checks pytest pytest-sqlite pytest-postgres demo-audit screenshots clean

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt | $(VENV)/bin/activate
	$(PIP) install $(PIP_FLAGS) -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/base.txt requirements/dev.txt | $(VENV)/bin/activate
	$(PIP) install $(PIP_FLAGS) -r requirements/dev.txt
	@touch $(VENV)/.base-installed $@

setup: $(VENV)/.base-installed
setup-dev: $(VENV)/.dev-installed

# Benchmark-only packages (django-import-export for bench/import_members.py's comparison), pinned; not a project
# dependency, so not part of setup-dev.
bench-setup: setup-dev
	$(PIP) install $(PIP_FLAGS) -r requirements/bench.txt

run: setup
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@bash scripts/run-dev.sh $(HOST) $(PORT)

# Debian's chromium for the browser tests, with Debian's CJK fonts (else screenshots show boxes for Chinese):
# installed through apt when missing and we are root.
chromium:
	@if [ ! -x "$(CHROMIUM)" ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "chromium not found at $(CHROMIUM): browser tests will be skipped (install Debian's chromium package)"; \
	  fi; \
	fi

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: setup-dev
	$(VENV)/bin/mypy gonghui config

checks: setup-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))')" \
	  PII_KEYS="{\"k1\": \"$$($(PY) -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')\"}" \
	  PII_ACTIVE_KEY_ID=k1 PII_INDEX_KEY="$$($(PY) -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')" \
	  MEMBER_CARD_SIGNING_KEY="$$($(PY) -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')" \
	  ALLOWED_HOSTS=gonghui.example.org SMS_BACKEND=gonghui.accounts.sms.DisabledSmsBackend \
	  $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

demo-audit: setup-dev
	@rm -f var/demo-check.sqlite3; mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo-check.sqlite3 $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo-check.sqlite3 $(PY) manage.py seed_demo >/dev/null
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo-check.sqlite3 $(PY) manage.py seed_demo >/dev/null
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo-check.sqlite3 $(PY) manage.py audit_verify
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo-check.sqlite3 $(PY) manage.py ledger_verify
	@rm -f var/demo-check.sqlite3

pytest-sqlite: setup-dev chromium
	$(VENV)/bin/pytest $(XDIST)

pytest-postgres: setup-dev
	@if $(PY) scripts/pg_reachable.py "$(PG_URL)"; then \
	  DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest $(XDIST) -m "not browser"; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL at $(PG_URL) is not reachable, and CI requires it"; exit 1; \
	else \
	  echo "PostgreSQL at $(PG_URL) not reachable: skipping the PostgreSQL run"; \
	fi

# The demo is seeded twice and verified (audit chain, ledgers) by the suite itself (tests/demo/); `make demo-audit`
# does the same on a file database, by hand.
test: lint typecheck checks pytest-sqlite pytest-postgres

# Browser tests save their screenshots under var/screenshots/ (git-ignored). This target also rewrites the README's
# two committed images in docs/screenshots/ from the journeys that take them; commit them if they changed.
screenshots: setup-dev chromium
	GONGHUI_README_SCREENSHOTS=1 $(VENV)/bin/pytest -p no:randomly -m browser \
	  gonghui/members/tests/test_workbench_browser.py \
	  "gonghui/members/tests/test_portal_journeys_browser.py::test_profile_and_member_card_on_a_phone"

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

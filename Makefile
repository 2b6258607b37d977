# Grassroots — 基层党建工作管理平台
#   make run    set up everything, load the Tongshan 2014 demo, serve on http://127.0.0.1:8000
#   make test   the test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test lint format bench messages lock system-deps clean

$(STAMP): requirements/dev.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

grassroots/static/vendor/.built: $(NPM_STAMP) scripts/copy-vendor.mjs
	npm run --silent build
	@touch $@

## install: virtual environment, Python and front-end packages (idempotent)
install: $(STAMP) grassroots/static/vendor/.built

## run: install, migrate, load the demo, print the logins and serve (with a task worker)
run: install
	GRASSROOTS_ENV=development $(PY) manage.py migrate --noinput
	GRASSROOTS_ENV=development $(PY) manage.py createcachetable
	GRASSROOTS_ENV=development $(PY) manage.py seed_demo
	@echo ""
	@echo "服务地址 Serving on http://$(HOST):$(PORT)/  (Ctrl-C 停止)"
	@trap 'kill 0' EXIT INT TERM; \
	GRASSROOTS_ENV=development OTP_REQUIRED_FOR_COUNTY=$${OTP_REQUIRED_FOR_COUNTY:-0} $(PY) manage.py db_worker --interval 1 >/dev/null 2>&1 & \
	GRASSROOTS_ENV=development OTP_REQUIRED_FOR_COUNTY=$${OTP_REQUIRED_FOR_COUNTY:-0} $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite; DATABASE_URL selects the database (default SQLite)
test: install
	GRASSROOTS_ENV=test $(BIN)/pytest -n 2 $(PYTEST_ARGS)

## lint: ruff (lint and format check) and mypy with django-stubs
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	GRASSROOTS_ENV=test $(BIN)/mypy grassroots

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: benchmarks (see shared spec bench.md); results in bench/results/
bench: install
	GRASSROOTS_ENV=test $(PY) -m bench $(BENCH_ARGS)

## messages: extract strings into the English catalogue and compile it
messages: install
	cd grassroots && GRASSROOTS_ENV=test ../$(PY) ../manage.py makemessages -l en --no-obsolete --no-location -i "static/*"
	GRASSROOTS_ENV=test $(PY) manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

## lock: re-resolve the pinned dependencies after editing pyproject.toml
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev -o requirements/dev.lock pyproject.toml

## system-deps: Debian packages for browser tests and documents (needs root or sudo)
system-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get install -y -q chromium fonts-noto-cjk fonts-arphic-ukai poppler-utils gettext >/dev/null || \
	{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium fonts-noto-cjk fonts-arphic-ukai poppler-utils gettext >/dev/null; }

clean:
	rm -rf $(VENV) node_modules grassroots/static/vendor staticfiles

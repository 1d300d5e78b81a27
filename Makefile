# 人大宣传工作管理系统 — the commands a newcomer needs. Python 3.11 on Debian/Ubuntu.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint migrate demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: install, migrate, load the demo city and serve on http://127.0.0.1:8000 (prints the demo logins)
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite on SQLite
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## test-postgres: the whole suite on a throwaway PostgreSQL cluster (needs Debian's postgresql package)
test-postgres: $(STAMP)
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

## lint: Django's own checks and models that agree with their migrations
lint: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m compileall -q config correspondents outlets contributions awards sheets tests

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var staticfiles

# 人大宣传工作管理系统 — the commands a newcomer needs. Python 3.11 on Debian/Ubuntu.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint serve bench bench-postgres bench-province clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -e /usr/include/ldap.h ] && [ -e /usr/include/sasl/sasl.h ]; then \
		$(PY) -m pip install --quiet -e '.[dev,ldap]'; \
	else \
		echo "未找到 libldap2-dev / libsasl2-dev：不安装 LDAP 登录（python-ldap），LDAP 测试跳过。需要时 apt-get install libldap2-dev libsasl2-dev，再 make clean。"; \
	fi
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

## serve: production-style serving with gunicorn (2 gthread workers) and whitenoise; needs the production env
serve: $(STAMP)
	@test -n "$$DJANGO_SECRET_KEY" || { echo "请设置 DJANGO_SECRET_KEY、DJANGO_ALLOWED_HOSTS（见 README 的部署一节）"; exit 2; }
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=0 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn config.wsgi --workers 2 --worker-class gthread --threads 4 \
		--bind $${BIND:-127.0.0.1:8000} --access-logfile - --timeout 120

## bench: speed and memory at ten years of data (builds it first if missing); SQLite in var/bench.sqlite3 unless DATABASE_URL is set
bench: $(STAMP)
	mkdir -p var
	DATABASE_URL=$${DATABASE_URL:-sqlite:///var/bench.sqlite3} $(PY) manage.py migrate --no-input -v 0
	DATABASE_URL=$${DATABASE_URL:-sqlite:///var/bench.sqlite3} $(PY) manage.py bench

## bench-postgres: the same benchmark on a throwaway PostgreSQL cluster
bench-postgres: $(STAMP)
	scripts/with-postgres sh -c '$(PY) manage.py migrate --no-input -v 0 && $(PY) manage.py bench'

## bench-province: a province in one installation (114 offices, 600,000 placements) on a throwaway PostgreSQL cluster
bench-province: $(STAMP)
	scripts/with-postgres sh -c '$(PY) manage.py migrate --no-input -v 0 && $(PY) manage.py bench_province'

## lint: Django's own checks and models that agree with their migrations
lint: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m compileall -q config correspondents messaging liaison training outlets contributions awards journal planning sheets desk portal operations tests
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var staticfiles

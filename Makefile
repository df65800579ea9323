# The two commands a newcomer needs are `make run` and `make test`; both go
# through `make install`, which needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: install system-deps run test lint format bench messages deps-lock clean

# WeasyPrint (the PDF reports) needs Debian's Pango, HarfBuzz and a font.
WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
# SPID/CIE: pysaml2 signs and checks SAML messages with xmlsec1 (and the tests run a real IdP).
SAML_DEBS := xmlsec1

install: system-deps $(STAMP) $(MO_FILES)

# Installs what is missing when run as root on Debian; otherwise says what to install.
system-deps:
	@missing=$$(for p in $(WEASYPRINT_DEBS) $(SAML_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "PDF reports and SPID/CIE need these Debian packages: sudo apt-get install" $$missing; \
	  fi; \
	fi

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

# Catalogues are compiled with Babel (pure Python): no GNU gettext needed.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --domain=django --directory=locale --locale=$* --statistics

run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# Updating the catalogues extracts strings with Django, which needs GNU gettext (apt-get install gettext).
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages --locale=it --locale=en --ignore='.venv/*' --ignore='static/vendor/*' --ignore='tests/*'

# Re-resolve the locked dependencies after editing pyproject.toml.
deps-lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles

# Two entry points: `make run` (the demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HTMX_VERSION := 2.0.8
HTMX_INTEGRITY := sha512-fm297iru0iWsNJlBrjvtN7V9zjaxd+69Oqjh4F/Vq9Wwi2kFisLcrLCiv5oBX0KLfOX/zG8AUo9ROMU5XUB44Q==
HTMX := web/static/vendor/htmx.min.js
CATALOGS := $(patsubst %.po,%.mo,$(wildcard web/translations/*/LC_MESSAGES/messages.po))
EXTRACT := $(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -k lazy_gettext --no-location \
	--sort-output -o web/translations/messages.pot .
# Debian's Chromium for the browser tests (tests/e2e); Playwright never downloads its own.
CHROMIUM := /usr/bin/chromium

.PHONY: install run serve test bench translations clean

install: $(VENV)/.installed $(HTMX) $(CATALOGS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(HTMX): scripts/fetch_htmx.sh Makefile
	bash scripts/fetch_htmx.sh $(HTMX_VERSION) $(HTMX_INTEGRITY) $@

# Compiled catalogs are build products: made from the .po files, never committed.
web/translations/%/LC_MESSAGES/messages.mo: web/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -d web/translations -l $* -i $< -o $@ >/dev/null

# After changing user-facing text: gather the French sentences, merge them into each
# language's .po, then translate the new entries (tests/web/test_i18n.py lists any left).
translations: $(VENV)/.installed
	$(EXTRACT)
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations \
		--width 100 --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	rm web/translations/messages.pot

run: install
	$(FLASK) demo
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: install
	bash scripts/serve.sh

test: install $(CHROMIUM)
	$(BIN)/pytest -n 2 -q

# The benchmark on a throw-away database (figures in instance/bench.json), e.g.
# make bench BENCH_ARGS="--postgres postgresql://postgres@127.0.0.1:5432/postgres"
bench: install
	$(FLASK) bench $(BENCH_ARGS)

$(CHROMIUM):
	sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) web/static/vendor

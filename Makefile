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
# Where `make run` listens: `make run HOST=0.0.0.0 PORT=8000` for a phone on the same network.
HOST ?= 127.0.0.1
PORT ?= 5000
# Debian's Chromium for the browser tests (tests/e2e); Playwright never downloads its own.
CHROMIUM := /usr/bin/chromium

.PHONY: install run serve test bench load translations clean

install: $(VENV)/.installed $(HTMX) $(CATALOGS)

# Quiet on the way to `make run`: one line per step, warnings and errors still shown.
$(VENV)/.installed: pyproject.toml
	@echo "Installation du projet et de ses dépendances dans $(VENV)…"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip
	@$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(HTMX): scripts/fetch_htmx.sh Makefile
	@bash scripts/fetch_htmx.sh $(HTMX_VERSION) $(HTMX_INTEGRITY) $@

# Compiled catalogs are build products: made from the .po files, never committed.
web/translations/%/LC_MESSAGES/messages.mo: web/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	@$(BIN)/pybabel --quiet compile -d web/translations -l $* -i $< -o $@

# After changing user-facing text: gather the French sentences, merge them into each
# language's .po, then translate the new entries (tests/web/test_i18n.py lists any left).
translations: $(VENV)/.installed
	$(EXTRACT)
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations \
		--width 100 --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	rm web/translations/messages.pot
	$(BIN)/python scripts/french_plurals.py

run: install
	@$(FLASK) demo
	@echo
	@case "$(HOST)" in \
	  0.0.0.0|::) echo "==> Ouvrez http://127.0.0.1:$(PORT) ici, ou, sur un téléphone du même réseau," \
	    && echo "    http://<adresse de cette machine sur le réseau>:$(PORT) (Flask l'affiche ci-dessous)." ;; \
	  *) echo "==> Ouvrez http://$(HOST):$(PORT) dans le navigateur." ;; \
	esac
	@echo "    Ctrl+C pour arrêter."
	@echo
	@$(FLASK) run --host $(HOST) --port $(PORT)

serve: install
	bash scripts/serve.sh

test: install $(CHROMIUM)
	$(BIN)/pytest -n 2 -q

# The benchmark on a throw-away database (figures in instance/bench.json), e.g.
# make bench BENCH_ARGS="--postgres postgresql://postgres@127.0.0.1:5432/postgres"
bench: install
	$(FLASK) bench $(BENCH_ARGS)

# The load run: the application served as scripts/serve.sh serves it (waitress and the
# projector) on a throw-away database of this PostgreSQL server, 16 API clients for 30 s
# (figures in instance/load.json), e.g. make load LOAD_ARGS="--clients 32 --seconds 60"
LOAD_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/postgres
load: install
	$(FLASK) bench --load --postgres $(LOAD_POSTGRES) $(LOAD_ARGS)

$(CHROMIUM):
	sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) web/static/vendor

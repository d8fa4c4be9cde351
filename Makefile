# Pétale — make run (demo on http://127.0.0.1:$(PORT)), make test, make worker, make cron.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
INSTANCE_PATH ?= $(CURDIR)/instance
export INSTANCE_PATH
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard portal/translations/*/LC_MESSAGES/messages.po))

.PHONY: lint mail-inbound run test worker cron install install-test translations extract-messages clean browser-checkers

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pétale needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian/Ubuntu run 'apt-get install python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

translations: $(CATALOGUES)

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k Np_:1,2 --no-location --omit-header -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations

run: export PETALE_DEMO = 1
run: install
	$(BIN)/flask --app app init-db
	$(BIN)/flask --app app seed-demo --if-empty
	$(BIN)/flask --app app serve --port $(PORT)

test: install-test browser-checkers lint
	$(BIN)/pytest
	PETALE_TEST_DB=postgresql $(BIN)/pytest --ignore=tests/browser

# The house rules that tools can keep: ruff's rules and import-linter's contracts (pyproject.toml).
lint: install-test
	$(BIN)/ruff check portal jobs app.py tests bench
	$(BIN)/lint-imports

# axe-core and the Nu HTML validator for tests/browser (skipped, with the reason, without npm).
browser-checkers:
	@if command -v npm >/dev/null 2>&1; then \
		test -d tests/browser/node_modules/axe-core -a -d tests/browser/node_modules/vnu-jar || \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser checkers will be skipped"; fi

worker: install
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (without it, make run runs jobs in-process)"; exit 1; }
	$(BIN)/rq worker -w jobs.worker.PetaleWorker --url "$$REDIS_URL" $${RQ_QUEUE:-petale}

cron: install
	@test -n "$$REDIS_URL" || { echo "make cron needs REDIS_URL (without it, make run schedules periodic jobs itself)"; exit 1; }
	$(BIN)/rq cron --url "$$REDIS_URL" jobs.cron

mail-inbound: install
	@test -n "$$MAIL_INBOUND_DOMAIN" || { echo "make mail-inbound needs MAIL_INBOUND_DOMAIN (the domain whose MX points here)"; exit 1; }
	@test -n "$$BASE_URL" || { echo "make mail-inbound needs BASE_URL (the portal's public address, for the links of the mails it sends)"; exit 1; }
	$(BIN)/flask --app app mail-inbound --host $${MAIL_INBOUND_HOST:-127.0.0.1} --port $${MAIL_INBOUND_PORT:-2525}

clean:
	rm -rf $(VENV) .pytest_cache

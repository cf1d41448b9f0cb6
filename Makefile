# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wwidw

.PHONY: run test lint translations translations-update serve-prod clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py compile

translations-update: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py update

## Run the app with demo data on SQLite in instance/, at http://127.0.0.1:5000
run: translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed
	$(BIN)/ruff check .

## The whole test suite (SQLite always; PostgreSQL and Chromium when present)
test: translations lint
	$(BIN)/python scripts/i18n.py check
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache test-artifacts

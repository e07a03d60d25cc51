# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
export DJANGO_SETTINGS_MODULE ?= newsroom.settings.dev

.PHONY: checkers run install migrate demo messages serve worker beat test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(VENV)/.installed: requirements.lock $(BIN)/python
	$(BIN)/uv pip sync --python $(BIN)/python requirements.lock
	touch $@

install: $(VENV)/.installed

# The Nu HTML checker and axe-core come from the npm registry; without npm the tests that need
# them skip (and fail in CI).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: HTML and accessibility checks will not run"; fi

checkers: node_modules/.installed

messages: install
	$(BIN)/python manage.py compile_translations

migrate: install messages
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo_content

# The scheduler (scheduled publishing, feed rebuilds, digests: what beat does with Redis) runs
# next to runserver, outside its autoreloader, and stops with it.
run: demo
	@echo ""
	@echo "  Newsroom: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo ""
	@$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler' EXIT; trap 'exit 130' INT TERM HUP; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# nginx (Debian's) in front of gunicorn with production settings; see site/serve.sh.
# PORT defaults to 8080 here, unless given on the command line or in the environment.
serve: install messages
	PORT="$(if $(filter file,$(origin PORT)),8080,$(PORT))" exec bash site/serve.sh

worker: install
	$(BIN)/celery -A newsroom worker --loglevel=INFO --concurrency=$(WORKER_CONCURRENCY)

beat: install
	$(BIN)/celery -A newsroom beat --loglevel=INFO

# The tests marked `alone` time what the machine does (freshness through nginx, Lighthouse):
# they run first with nothing beside them, the rest on TEST_WORKERS pytest-xdist workers (0: in
# one process), a test module per worker. PYTEST_ARGS selects (paths, -k) in both runs; pytest's
# exit status 5 is "nothing selected", which one of the two runs may be.
TEST_WORKERS ?= 2
PYTEST := DJANGO_SETTINGS_MODULE=newsroom.settings.test $(BIN)/python -m pytest
test: install messages checkers
	@alone=0; rest=0; \
	$(PYTEST) -m alone $(PYTEST_ARGS) || alone=$$?; \
	$(PYTEST) -m "not alone" -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS) || rest=$$?; \
	for status in $$alone $$rest; do [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status; done; \
	[ $$alone -eq 0 ] || [ $$rest -eq 0 ]

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark, or those named (`make bench BENCH="pages crawl"`); ends with one table of
# every ratio and var/bench/report.html.
bench: install messages
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) var static_collected

# Two commands for a fresh machine: `make run` (the app, on demo data when the store is new)
# and `make test` (the whole suite). Both create .venv and install the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck install lock clean-venv

# Tests run in parallel (pytest-xdist); each test has its own store, so order and sharing do not matter.
# Two workers per core: a Pilot test spends about half its time waiting for the app to go idle, so one
# worker per core leaves the cores half used (SQLite pass on 2 cores: 6 min with 2 workers, 4:17 with 4).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(8, 2 * (os.cpu_count() or 1)))')
# worksteal: an idle worker takes queued tests from a busy one, so a long Pilot test (up to 50 s) at the end
# of one worker's share does not leave the others waiting (SQLite pass 4:16 -> 4:07, one run each).
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal -p no:cacheprovider

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "ZVH Overleg heeft Python 3.11 of nieuwer nodig."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/zvh demo --als-leeg
	$(BIN)/zvh

# The suite on SQLite, then again on PostgreSQL when a server answers (ZVH_TEST_POSTGRES_URL, else the
# local test database that .ci/postgres.sh creates). ZVH_REQUIRE_POSTGRES=1 makes a missing server an error.
# The SQLite pass runs without the system's zone database (PYTHONTZPATH), as on Windows: the tzdata package
# must be enough.
test: $(STAMP) lint typecheck
	env -u ZVH_TEST_POSTGRES_URL PYTHONTZPATH=/nonexistent $(PYTEST)
	@if url=$$($(BIN)/python tests/postgres_url.py); then \
		echo "== Nogmaals, op PostgreSQL =="; \
		ZVH_TEST_POSTGRES_URL="$$url" $(PYTEST); \
	elif [ -n "$${ZVH_REQUIRE_POSTGRES:-}" ]; then \
		echo "PostgreSQL is vereist (ZVH_REQUIRE_POSTGRES) maar niet bereikbaar."; exit 1; \
	else \
		echo "Geen PostgreSQL-server bereikbaar: de tests liepen alleen op SQLite."; \
	fi

# The suite on encrypted (SQLCipher) stores: every store a test makes is encrypted (tests/encrypted_run.py).
test-versleuteld: $(STAMP)
	env -u ZVH_TEST_POSTGRES_URL $(PYTEST) -p tests.encrypted_run

# ruff: lint and format (`$(BIN)/ruff check --fix . && $(BIN)/ruff format .` repairs most findings).
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .

# mypy on db/, zvh_core/ and tui/: db/ and zvh_core/ are clean; the errors still known in tui/ are in mypy-baseline.txt,
# and any new one (or a fixed one still listed) fails. After fixing some: `$(BIN)/mypy | $(BIN)/mypy-baseline sync`.
typecheck: $(STAMP)
	$(BIN)/mypy --no-error-summary | $(BIN)/mypy-baseline filter --hide-stats

# requirements.lock: the runtime dependencies at the versions of constraints.txt, with the hashes of every
# file PyPI has for them (Windows, macOS, Linux), for installs IT can repeat (README: Installeren).
# After changing a version in constraints.txt: `make lock` and commit both files.
LOCK_HEADER := \# The app's runtime dependencies, pinned (the versions of constraints.txt) with the hashes of every file\n\# PyPI has for them, for Windows, macOS and Linux. Install: see the README (Installeren). Update: make lock.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		-c constraints.txt --no-header --quiet -o requirements.lock.new
	{ printf '%b\n' "$(LOCK_HEADER)"; cat requirements.lock.new; } > requirements.lock && rm requirements.lock.new

clean-venv:
	rm -rf $(VENV)

# The README's two commands: `make run` and `make test`.
PY := .venv/bin/python
export TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/sbo_test
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test bench mutate install migrate seed

.venv/installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: .venv/installed

migrate: install
	$(PY) -m shared.migrations

seed: migrate
	$(PY) -m deploy.seed

run: seed
	$(PY) -m deploy.run_all

test: install
	@bash tests/prepare.sh
	$(PY) -m pytest

bench: install
	@bash tests/prepare.sh
	$(PY) -m benchmarks.issue_notices
	$(PY) -m benchmarks.sign_in_timing
	$(PY) -m benchmarks.page_weight
	$(PY) -m benchmarks.noise_intake
	$(PY) -m benchmarks.noise_flagging
	$(PY) -m benchmarks.rotation_plan
	$(PY) -m benchmarks.rota

mutate: install
	@bash tests/prepare.sh
	$(PY) -m tests.mutation

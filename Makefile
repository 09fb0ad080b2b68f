# A newcomer runs `make run` and `make test`; everything else is optional.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
PYTHON ?= python3

.PHONY: install run test eval bench bench-extract bench-views bench-workers bench-night lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# the bench extra (fr_core_news_sm, the baseline of the extract benchmark), on top of install
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[bench]'
	@touch $(BENCH_STAMP)

## run: the nightly job on the bundled corpus, SQLite in data/ (prints a report)
run: install
	$(VENV)/bin/extractor run

## test: the whole test suite (PostgreSQL tests run when EXTRACTOR_TEST_PG_URL is set)
test: install
	$(PY) -m pytest -q

## eval: score the bundled corpus, the seed article and the real set (needs ../shared beside the checkout)
eval: install
	@test -f ../shared/eval/score.py || { echo "make eval needs ../shared/eval (the scorer and the evaluation sets) beside this checkout"; exit 2; }
	$(PY) tests/eval_gate.py
	$(PY) tests/real_folds.py

## bench: extract stage vs fr_core_news_sm on the corpus, then the night end to end (N = 1000 and 5000, workers 1 and 2)
bench: $(BENCH_STAMP)
	$(PY) -m benchmarks all --repeat 3 --sizes 1000,5000 --json data/bench/night.json

## bench-extract: the extract stage only, with a profile of where its time goes
bench-extract: $(BENCH_STAMP)
	$(PY) -m benchmarks extract --profile 10

## bench-night: the nightly job end to end on a loopback site (N = 1000 and 5000, workers 1 and 2)
bench-night: $(BENCH_STAMP)
	$(PY) -m benchmarks night --sizes 1000,5000 --json data/bench/night.json

## bench-workers: text to facts with --workers 1 and 2 (the corpus streamed 8 times)
bench-workers: install
	$(PY) -m benchmarks workers

## bench-views: time the analyst views on a synthetic knowledge base of 1,000,000 facts
bench-views: install
	$(PY) -m benchmarks views

clean:
	rm -rf data/ .pytest_cache

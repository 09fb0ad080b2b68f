# A newcomer runs `make run` and `make test`; everything else is optional.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: install run test eval bench lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## run: the nightly job on the bundled corpus, SQLite in data/ (prints a report)
run: install
	$(VENV)/bin/extractor run

## test: the whole test suite (PostgreSQL tests run when EXTRACTOR_TEST_PG_URL is set)
test: install
	$(PY) -m pytest -q

## eval: score the bundled corpus and the seed article with the fact scorer
eval: install
	$(PY) ../shared/eval/score.py --gold corpus/articles --cmd "$(PY) -m extractor extract --format jsonl"
	$(PY) ../shared/eval/score.py --gold ../shared/eval/dev --cmd "$(PY) -m extractor extract --format jsonl"

## bench: time the analyst views on a synthetic knowledge base
bench: install
	$(PY) -m benchmarks

clean:
	rm -rf data/ .pytest_cache

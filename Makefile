# Two commands for a fresh clone: `make run` and `make test`. Both rest on `make install`.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install install-dev run test index lint eval bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# The pinned CPU torch first, so nothing else can pull a multi-gigabyte build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e .
	touch $(STAMP)

install: $(STAMP)

$(VENV)/.installed-dev: $(STAMP)
	$(PIP) install -q -e '.[dev]'
	touch $@

install-dev: $(VENV)/.installed-dev

index: install
	$(PY) -m guideline index

run: index
	$(VENV)/bin/streamlit run app.py

test: lint
	$(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

eval: index
	$(PY) -m guideline eval
	$(PY) -m guideline eval tests/data/heldout.jsonl

bench: index
	$(PY) -m guideline bench

clean:
	rm -rf $(VENV) index/*.json index/*.jsonl index/*.index index/*.npy index/*.onnx

# Two entry points for a new user: `make demo` and `make test` (see README.md).
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install clean parser

# setuptools prints a boxed notice on every editable install, even under pip -q: that one message is
# filtered out (PYTHONWARNINGS matches its start), every other warning still shows.
$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

# Ingest the bundled sample articles into ./seccoop.db, print a summary, write seccoop-graph.html.
demo: $(BIN)/.installed
	$(BIN)/seccoop ingest --samples
	$(BIN)/seccoop stats --format table
	$(BIN)/seccoop render -o seccoop-graph.html

# Everything the tests need (Neo4j jars from Maven Central, headless Chromium), then all tests.
test: $(BIN)/.installed
	bash scripts/test-setup.sh
	$(BIN)/python -m pytest

# Retrain the project's parser from the UD English treebanks (../shared/corpora/ud-english; hours on
# 2 cores): convert, train (seeded), evaluate on both test sets, install into the package with its model card.
parser: $(BIN)/.installed
	$(BIN)/python training/parser/train.py

clean:
	rm -rf $(VENV) seccoop.db seccoop.db-wal seccoop.db-shm seccoop-graph.html

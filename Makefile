# Set-up and everyday commands. Each target creates the virtual environment first,
# so on a fresh machine `make run` and `make test` are all that is needed.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test bench lint-samples clean

$(BIN)/chain-designer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/chain-designer
	$(BIN)/chain-designer $(ARGS)

test: $(BIN)/chain-designer
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(BIN)/chain-designer
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

lint-samples: $(BIN)/chain-designer
	$(BIN)/chain-designer lint resources/samples/*.chain

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

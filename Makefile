# The RNN course. Two commands do everything on a machine with Python 3.10-3.13:
#   make lab    open the course in JupyterLab (creates .venv on first use)
#   make test   run the test suite: unit tests, then every notebook in fast mode
# Also:  make course [NOTEBOOK=04]   run notebooks in full mode and write build/results.md
#        make seeds [NOTEBOOK=04] [SEEDS="42 1 2"]   full runs with several seeds: build/seed_spread.md
#        make test-oldest            the same tests on the oldest supported set (TensorFlow 2.19, Keras 3.10)
#        make clean                  remove .venv, .venv-oldest and build/
# Choose the interpreter with PYTHON=python3.12 (any of 3.10 to 3.13).

PYTHON ?= python3
VENV ?= .venv
LOCK ?= constraints/newest.txt
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
OLDEST := .venv-oldest

.PHONY: lab test test-oldest course seeds check-python clean
NOTEBOOK ?=
SEEDS ?= 42 1 2

check-python:
	@$(PYTHON) tools/make_venv.py --check-only

$(INSTALLED): requirements.txt $(LOCK)
	@$(PYTHON) tools/make_venv.py $(VENV) $(LOCK)
	@touch $(INSTALLED)

lab: $(INSTALLED)
	$(BIN)/jupyter lab notebooks/

test: $(INSTALLED)
	RNN_COURSE_FAST=1 $(BIN)/python -m pytest

test-oldest:
	@$(MAKE) --no-print-directory test VENV=$(OLDEST) LOCK=constraints/oldest.txt

course: $(INSTALLED)
	$(BIN)/python tools/run_course.py $(NOTEBOOK)

seeds: $(INSTALLED)
	$(BIN)/python tools/seed_spread.py $(NOTEBOOK) --seeds $(SEEDS)

clean:
	rm -rf $(VENV) $(OLDEST) build

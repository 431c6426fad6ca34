# The RNN course. Two commands do everything on a machine with Python 3.10-3.12:
#   make lab    open the course in JupyterLab (creates .venv on first use)
#   make test   run the test suite: unit tests, then every notebook in fast mode
# Also:  make course [NOTEBOOK=04]   run notebooks in full mode and write build/results.md
#        make clean                  remove .venv and build/

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: lab test course clean
NOTEBOOK ?=

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

lab: $(INSTALLED)
	$(BIN)/jupyter lab notebooks/

test: $(INSTALLED)
	RNN_COURSE_FAST=1 $(BIN)/python -m pytest

course: $(INSTALLED)
	$(BIN)/python tools/run_course.py $(NOTEBOOK)

clean:
	rm -rf $(VENV) build

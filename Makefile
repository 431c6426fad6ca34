# The RNN course. Two commands do everything on a machine with Python 3.10-3.13:
#   make lab    open the course in JupyterLab (creates .venv on first use; your copies live in work/)
#   make test   run the test suite: unit tests, then every notebook in fast mode
# Also:  make course [NOTEBOOK=04]   run notebooks in full mode and write build/results.md
#        make seeds [NOTEBOOK=04] [SEEDS="42 1 2"]   full runs with several seeds: build/seed_spread.md
#        make site                   build/site/: the executed notebooks as an offline HTML course (after make course)
#        make test-oldest            the same tests on the oldest supported set (TensorFlow 2.19, Keras 3.10)
#        make new-notebook NUMBER=10 NAME=words   a notebook skeleton with its manifest entry (CONTRIBUTING.md)
#        make clean                  remove .venv, .venv-oldest and build/
# Choose the interpreter with PYTHON=python3.12 (any of 3.10 to 3.13).

PYTHON ?= python3
VENV ?= .venv
LOCK ?= constraints/newest.txt
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
OLDEST := .venv-oldest

.PHONY: lab lab-settings test test-oldest course seeds site check-python clean new-notebook
NOTEBOOK ?=
SEEDS ?= 42 1 2

check-python:
	@$(PYTHON) tools/make_venv.py --check-only

$(INSTALLED): requirements.txt $(LOCK)
	@$(PYTHON) tools/make_venv.py $(VENV) $(LOCK)
	@touch $(INSTALLED)

# JupyterLab refuses to run as root unless told; in a container (often root) that is expected.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
# Extra JupyterLab options, e.g. in a container: make lab LAB_ARGS="--ip=0.0.0.0 --no-browser"
LAB_ARGS ?=
# No news or update toasts over the notebooks (they fetch from the internet, and cover a slide's corner):
# the server fetches nothing, and tools/lab/overrides.json (copied into the venv) stops the browser asking.
QUIET_LAB := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/rnn-course.json

# You run and save your own copies in work/ (git ignores it), so `git pull` of course
# updates never meets your outputs; REFRESH="04 05" takes new versions, setting yours aside.
REFRESH ?=

lab: $(INSTALLED) lab-settings
	@$(PYTHON) tools/learner_copies.py $(if $(REFRESH),--refresh "$(REFRESH)",)
	@$(if $(ALLOW_ROOT),echo "Running as root (a container or a lab image?): starting JupyterLab with --allow-root.",true)
	@echo "JupyterLab starts below: open the http://127.0.0.1:PORT/lab?token=... address it prints (Ctrl+C stops it)."
	$(BIN)/jupyter lab work/ $(ALLOW_ROOT) $(QUIET_LAB) $(LAB_ARGS)

lab-settings: $(INSTALLED)
	@mkdir -p $(dir $(LAB_OVERRIDES)) && cp tools/lab/overrides.json $(LAB_OVERRIDES)

test: $(INSTALLED)
	RNN_COURSE_FAST=1 $(BIN)/python -m pytest

test-oldest:
	@$(MAKE) --no-print-directory test VENV=$(OLDEST) LOCK=constraints/oldest.txt

course: $(INSTALLED)
	$(BIN)/python tools/run_course.py $(NOTEBOOK)

site: $(INSTALLED)
	$(BIN)/python tools/build_site.py

seeds: $(INSTALLED)
	$(BIN)/python tools/seed_spread.py $(NOTEBOOK) --seeds $(SEEDS)

clean:
	rm -rf $(VENV) $(OLDEST) build

# A new notebook: skeleton, manifest entry and guide stub (see CONTRIBUTING.md).
new-notebook: $(INSTALLED)
	@test -n "$(NUMBER)" -a -n "$(NAME)" || { echo 'Give both, for example: make new-notebook NUMBER=10 NAME=time_series_forecasting'; exit 2; }
	$(BIN)/python tools/new_notebook.py $(NUMBER) $(NAME)

# Two commands do everything (see README.md):
#   make book   set up .venv with the pinned packages, then build the HTML site strictly
#   make test   set up .venv the same way, then run the whole test suite
# Both are quick when run again: the venv is rebuilt only when a requirements file changes, and
# notebooks are re-executed only when they change (Jupyter Book's execution cache).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := _build
JB_FLAGS := -W -n --keep-going

.PHONY: book test clean help

help:
	@echo "make book   build the HTML site into $(BUILD)/html (sets up $(VENV) first)"
	@echo "make test   run the whole test suite (sets up $(VENV) first)"
	@echo "make clean  remove $(BUILD)"

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

book: $(BIN)/.installed
	@# Sphinx re-reads only changed pages, so a rebuild after a failed build would pass without
	@# repeating the failure. A build that failed leaves no marker, and the next one then re-reads
	@# every page (notebooks that ran without error still come from the execution cache).
	@test -f $(BUILD)/.last-build-ok || rm -rf $(BUILD)/.doctrees
	@rm -f $(BUILD)/.last-build-ok
	@echo "jupyter-book build . $(JB_FLAGS)"
	@$(BIN)/jupyter-book build . $(JB_FLAGS) || { \
	  echo; echo "Build FAILED. Execution reports of failing notebooks: $(BUILD)/html/reports/"; exit 1; }
	@touch $(BUILD)/.last-build-ok
	@echo; echo "Built. Open $(BUILD)/html/index.html in a browser."

test: $(BIN)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)

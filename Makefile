# Two commands do everything (see README.md):
#   make book   set up .venv with the pinned packages, then build the HTML site strictly
#   make test   set up .venv the same way, then run the whole test suite
# Both are quick when run again: the venv is rebuilt only when a requirements file changes, and
# notebooks are re-executed only when they change (Jupyter Book's execution cache).
# More targets: `make help`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := _build
JB_FLAGS := -W -n --keep-going
# A build that failed leaves no marker; the next one then re-reads every page (Sphinx re-reads only
# changed pages, so an unchanged broken page would otherwise pass silently). Notebooks that ran
# without error still come from the execution cache.
define strict_build
	@test -f $(1)/.last-build-ok || rm -rf $(1)/.doctrees
	@rm -f $(1)/.last-build-ok
	@echo "jupyter-book build . $(2) $(JB_FLAGS)"
	@$(3) $(BIN)/jupyter-book build . $(2) $(JB_FLAGS) || { \
	  echo; echo "Build FAILED. Execution reports of failing notebooks: $(1)/html/reports/"; exit 1; }
	@touch $(1)/.last-build-ok
endef

.PHONY: book test student pdf latex bench clean help

help:
	@echo "make book     build the HTML site into $(BUILD)/html (sets up $(VENV) first)"
	@echo "make test     run the whole test suite (sets up $(VENV) first)"
	@echo "make student  build the student edition (no solutions) into $(BUILD)/student/_build/html"
	@echo "make pdf      build a PDF of the whole book into $(BUILD)/latex/book.pdf (needs TeX, see README)"
	@echo "make latex    write the LaTeX source of the book into $(BUILD)/latex (no TeX needed)"
	@echo "make bench    measure build times, page weights and Lighthouse scores (needs npm, chromium)"
	@echo "make clean    remove $(BUILD)"

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-tests: $(BIN)/.installed tests/requirements.txt
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	touch $@

book: $(BIN)/.installed
	$(call strict_build,$(BUILD),,)
	@echo; echo "Built. Open $(BUILD)/html/index.html in a browser."

student: $(BIN)/.installed
	$(call strict_build,$(BUILD)/student/_build,--path-output $(BUILD)/student,BBB_EDITION=student)
	@echo; echo "Student edition built. Open $(BUILD)/student/_build/html/index.html in a browser."

latex: $(BIN)/.installed
	$(call strict_build,$(BUILD),--builder latex,)
	@echo; echo "LaTeX source written to $(BUILD)/latex/book.tex"

pdf: $(BIN)/.installed
	$(call strict_build,$(BUILD),--builder pdflatex,)
	@echo; echo "Built. The PDF is $(BUILD)/latex/book.pdf"

test: $(BIN)/.installed-tests
	$(BIN)/python -m pytest tests -ra

bench: $(BIN)/.installed-tests
	$(BIN)/python tests/benchmark.py

clean:
	rm -rf $(BUILD)

# Two commands do everything (see README.md):
#   make book   set up .venv with the pinned packages, then build the HTML site strictly
#   make test   set up .venv the same way, then run the whole test suite
# Both are quick when run again: the venv is rebuilt only when a requirements file changes, and
# notebooks are re-executed only when they change (Jupyter Book's execution cache).
# More targets: `make help`.

PYTHON ?= python3
# The Python version the locks (requirements.txt, tests/requirements.txt) are made for and tested with.
SUPPORTED_PYTHON := 3.11
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

.PHONY: book test student pdf student-pdf latex bench clean help check-python lock assignments

help:
	@echo "make book     build the HTML site into $(BUILD)/html (sets up $(VENV) first)"
	@echo "make test     run the whole test suite (sets up $(VENV) first)"
	@echo "make student  build the student edition (no solutions) into $(BUILD)/student/_build/html"
	@echo "make pdf      build a PDF of the whole book into $(BUILD)/latex/book.pdf (needs TeX, see README)"
	@echo "make student-pdf  the student edition as a PDF: $(BUILD)/student/_build/latex/book.pdf (needs TeX)"
	@echo "make latex    write the LaTeX source of the book into $(BUILD)/latex (no TeX needed)"
	@echo "make bench    measure build times, page weights and Lighthouse scores (needs npm, chromium)"
	@echo "make assignments  build the book, then the autograded assignments (otter-grader) into $(BUILD)/assignments"
	@echo "make clean    remove $(BUILD)"
	@echo "make lock     remake requirements.txt and tests/requirements.txt from the .in files"

# The Python that makes the venv (or the venv's own, once it exists) must be the supported version:
# another one would install other wheels than the lock was tested with, or none at all.
PY_USED = $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))
check-python:
	@v=$$($(PY_USED) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || v="not found"; \
	if [ "$$v" != "$(SUPPORTED_PYTHON)" ]; then \
	  echo "This book needs Python $(SUPPORTED_PYTHON), but $(PY_USED) is Python $$v."; \
	  echo "Its locked packages (requirements.txt) are made for and tested with $(SUPPORTED_PYTHON) only;"; \
	  echo "Debian 13 ships 3.13 and Ubuntu 24.04 ships 3.12. Get $(SUPPORTED_PYTHON), for example:"; \
	  echo "  with uv:     uv python install $(SUPPORTED_PYTHON), then: make PYTHON=\"\$$(uv python find $(SUPPORTED_PYTHON))\" $(or $(MAKECMDGOALS),help)"; \
	  echo "  with pyenv:  pyenv install $(SUPPORTED_PYTHON), then: make PYTHON=\"\$$(pyenv prefix $(SUPPORTED_PYTHON))/bin/python3\" $(or $(MAKECMDGOALS),help)"; \
	  echo "  on Debian 12 or Ubuntu 22.04: apt-get install python3.11 python3.11-venv, then: make PYTHON=python3.11 $(or $(MAKECMDGOALS),help)"; \
	  if [ -x "$(BIN)/python" ]; then echo "First remove the venv made with the other Python: rm -rf $(VENV)"; fi; \
	  exit 1; \
	fi

$(BIN)/.installed: requirements.txt | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# MathJax's TeX input (Node), for the test that the notebooks' math typesets in Jupyter: pinned in
# tests/mathjax/package-lock.json.
$(BIN)/.installed-tests: $(BIN)/.installed tests/requirements.txt tests/mathjax/package-lock.json
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	npm ci --prefix tests/mathjax --no-audit --no-fund --silent
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

student-pdf: $(BIN)/.installed
	$(call strict_build,$(BUILD)/student/_build,--path-output $(BUILD)/student --builder pdflatex,BBB_EDITION=student)
	@echo; echo "Built. The student edition's PDF is $(BUILD)/student/_build/latex/book.pdf"

# The suite runs in parallel, one worker per core (pytest-xdist); tests/conftest.py groups the tests
# and builds the book once for all workers. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(BIN)/.installed-tests
	$(BIN)/python -m pytest tests -ra -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=8

# Autograded assignments (otter-grader, a test requirement): for each chapter with graded exercises,
# $(BUILD)/assignments/<chapter>/student/ (hand out) and autograder/ (solutions and the zip that grades).
# They are made from the built book (its numbers of exercises and figures), so the book is built first.
assignments: $(BIN)/.installed-tests book
	$(BIN)/python _ext/bbb_assign.py --out $(BUILD)/assignments
	@echo; echo "Assignments written. Hand out $(BUILD)/assignments/<chapter>/student/ (see chapters/instructor-guide.md)."

bench: $(BIN)/.installed-tests
	$(BIN)/python tests/benchmark.py

clean:
	rm -rf $(BUILD)

# Remake the locks from requirements.in and tests/requirements.in with pip-compile, in a throwaway
# venv. The tests lock is compiled against the book's lock (-c ../requirements.txt), so the versions of
# the packages both need agree. No hashes: pip-compile resolves for the platform it runs on, and
# hash-checking would then refuse the platform-only dependencies of other systems (appnope on macOS).
# To upgrade everything: make lock LOCK_FLAGS=--upgrade (then make test).
PIP_TOOLS := pip-tools==7.7.0
PIP_COMPILE_FLAGS := -q --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe
lock: check-python
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && "$$tmp/bin/pip" install --quiet $(PIP_TOOLS) && \
	export CUSTOM_COMPILE_COMMAND="make lock" && \
	"$$tmp/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) --output-file=requirements.txt requirements.in && \
	cd tests && "$$tmp/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) --output-file=requirements.txt requirements.in
	@echo "Locks written. Keep binder/requirements.txt at the same versions (make test checks it)."

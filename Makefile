# baseline.iam — the README's two commands are `make demo` and `make test`; both set up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_MAIN  := $(shell hack/pick-python main)
PY_OTHER := $(shell hack/pick-python other)
VENV     := .venv
COLLS    := .collections
VENV_OTHER  := .venv-other
COLLS_OTHER := .collections-other
VENV_TOOLS  := .venv-tools
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup setup-other setup-tools demo test lint sanity unit integration molecule build docs docs-lint bench lock \
        sanity-other unit-other smoke-other clean

help:
	@echo "make demo   - the whole flow on a local AWS simulator (no AWS account needed)"
	@echo "make test   - everything that must pass (lint, sanity, unit, integration, molecule, other leg)"
	@echo "pieces: setup lint sanity unit integration molecule build docs docs-lint bench lock clean"

setup:
	@hack/setup-leg main "$(PY_MAIN)" $(VENV) $(COLLS)

setup-other:
	@if [ -n "$(PY_OTHER)" ]; then hack/setup-leg other "$(PY_OTHER)" $(VENV_OTHER) $(COLLS_OTHER); \
	else echo "setup[other]: no second Python leg on this machine"; fi

# ansible-rulebook (the event-driven test) and antsibull-docs / Sphinx (the docs site) in a venv
# of their own: requirements/tools.in says why.
setup-tools: setup
	@hack/setup-leg tools "$(PY_MAIN)" $(VENV_TOOLS) $(COLLS)

demo: setup
	@$(VENV)/bin/python -m demo

test: setup setup-other setup-tools
	@VENV=$(VENV) COLLS=$(COLLS) VENV_OTHER=$(if $(PY_OTHER),$(VENV_OTHER)) COLLS_OTHER=$(COLLS_OTHER) hack/run-tests

lint: setup
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/ansible-lint --nocolor -q

sanity: setup
	@hack/sanity $(VENV) $(COLLS)

unit: setup
	@$(VENV)/bin/python -m pytest tests/unit -q

integration: setup setup-tools
	@$(VENV)/bin/python -m pytest tests/integration -q -n 2

molecule: setup
	@hack/molecule $(VENV)

build: setup
	@mkdir -p build && $(VENV)/bin/ansible-galaxy collection build --force --output-path build .

# docs/controls.md from the catalog, the EventBridge pattern from the event table, then the HTML site (antsibull-docs + Sphinx) in build/docs.
docs: setup setup-tools
	@$(VENV)/bin/python hack/gen_controls_doc.py
	@$(VENV)/bin/python hack/gen_eventbridge_pattern.py
	@hack/docs site $(VENV_TOOLS) $(COLLS)

# antsibull-docs lint-collection-docs (modules, plugins, roles, the docs pages), offline.
docs-lint: setup setup-tools
	@hack/docs lint $(VENV_TOOLS) $(COLLS)

bench: setup
	@$(VENV)/bin/python -m tests.bench

lock:
	@hack/lock main "$(PY_MAIN)"
	@if [ -n "$(PY_OTHER)" ]; then hack/lock other "$(PY_OTHER)"; fi
	@hack/lock tools "$(PY_MAIN)"

sanity-other: setup-other
	@hack/sanity $(VENV_OTHER) $(COLLS_OTHER)

unit-other: setup-other
	@ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLS_OTHER) $(VENV_OTHER)/bin/python -m pytest tests/unit -q

smoke-other: setup-other
	@ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLS_OTHER) $(VENV_OTHER)/bin/python -m pytest -q \
	  tests/integration/test_password_policy_role.py::test_role_four_steps_on_two_accounts

clean:
	rm -rf $(VENV) $(VENV_OTHER) $(VENV_TOOLS) $(COLLS) $(COLLS_OTHER) .stamps build tests/output reports demo/.state

# Everything a fresh clone needs is bootstrapped here: a venv with pinned Python deps, Prism (the
# OpenAPI mock server) from the npm registry, and redis-server from the Debian packages (the
# Redis limiter's tests and the worker demo start their own; it is never left running).
# `make test` is what CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPEC_URL ?= https://developer.alteg.io/_bundle/en/b2b-v1/openapi.yaml
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: install node redis generate update-spec update-webhooks validate-spec check-generated lint test demo worker-demo bench clean

install: $(STAMP)

$(STAMP): requirements/dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python >= 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install pip==26.0.1
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	@touch $@

node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js >= 18 and npm (needed for the Prism contract tests)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The Debian package does not start a server here; tests and demos run their own on a socket.
redis:
	@command -v redis-server >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing redis-server (Debian package)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1 \
		|| { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null; } \
		|| { echo "error: could not install redis-server with apt-get"; exit 1; }; \
	else \
		echo "error: redis-server not found; install it (e.g. apt-get install redis-server, brew install redis) and re-run"; exit 1; \
	fi

generate: $(STAMP)
	$(PY) tools/generate.py

# Online: make update-spec; offline: make update-spec SPEC_FILE=path [SPEC_DATE=YYYY-MM-DD].
# Prints the API changelog (Optic + griffe); exit 3 and nothing written on a breaking change
# unless ALLOW_BREAKING=1; otherwise writes the spec, regenerates, bumps the version, CHANGELOG.md.
update-spec: $(STAMP) $(NODE_STAMP)
	ALLOW_BREAKING=$(ALLOW_BREAKING) $(PY) tools/update_spec.py $(if $(SPEC_FILE),--file "$(SPEC_FILE)",--url "$(SPEC_URL)") \
		$(if $(SPEC_DATE),--downloaded $(SPEC_DATE),) --today $$(date -u +%F)

# The webhook events of the vendor's Developer Tools bundle -> webhooks.openapi.yaml (+ lock).
# Online: make update-webhooks WEBHOOKS_URL=...; offline: make update-webhooks SPEC_FILE=path
update-webhooks: $(STAMP)
	$(PY) tools/update_webhooks.py $(if $(SPEC_FILE),--file "$(SPEC_FILE)",--url "$(WEBHOOKS_URL)") \
		$(if $(SPEC_DATE),--downloaded $(SPEC_DATE),) --today $$(date -u +%F)

validate-spec: $(STAMP)
	$(PY) tools/validate_spec.py

check-generated: $(STAMP)
	$(PY) tools/generate.py --check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check altegio_client tools tests examples bench --exclude altegio_client/_generated --exclude altegio_client/_facade --exclude altegio_client/webhooks/_generated
	$(BIN)/mypy

test: $(STAMP) $(NODE_STAMP) redis
	$(MAKE) --no-print-directory validate-spec
	$(MAKE) --no-print-directory check-generated
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

demo: $(STAMP)
	$(PY) examples/stock_report.py $(ARGS)

# taskiq workers sharing one Redis rate limit against the fake API (N=4 workers by default)
worker-demo: $(STAMP) redis
	$(PY) examples/worker_pipeline.py $(if $(N),--workers $(N),) $(ARGS)

bench: $(STAMP) redis
	$(PIP) install --group bench
	$(BIN)/mypy bench tools
	$(PY) bench/run.py $(if $(QUICK),--quick,) $(if $(ONLY),--only $(ONLY),)
	$(if $(ONLY),,$(PY) bench/growth.py $(if $(QUICK),--quick,))

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache

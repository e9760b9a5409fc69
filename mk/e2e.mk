# e2e.mk - end-to-end tests in a real Envoy (tests/e2e/run.sh).
#
#   make e2e                   validate every Envoy config, run every e2e.sh
#   make e2e E2E_CASES=smoke   only these cases (names or directories)

E2E_SMOKE_WASM := build/e2e/smoke/plugin.wasm
E2E_FIRST_BODY_WASM := build/e2e/first_body/plugin.wasm
E2E_RAW_WASM := build/e2e/raw_headers/plugin.wasm
E2E_WASMS := $(E2E_SMOKE_WASM) $(E2E_FIRST_BODY_WASM) $(E2E_RAW_WASM) $(EXAMPLE_WASMS)
E2E_CASES ?=

$(eval $(call proxywasm_plugin,$(E2E_SMOKE_WASM),tests/e2e/smoke/plugin.c))
# The benchmark's body plugin, as it is (tests/e2e/first_body/e2e.sh).
$(eval $(call proxywasm_plugin,$(E2E_FIRST_BODY_WASM),bench/sdk/body.c))
# examples/http_headers without the header syntax check (tests/e2e/raw_headers).
$(eval $(call proxywasm_plugin,$(E2E_RAW_WASM),examples/http_headers/plugin.c tests/e2e/raw_headers/raw.c))

# The plugins are built with -k, and a .wasm left stale by a failed build is
# removed: a plugin that does not build fails its own case (its .wasm is
# missing) instead of stopping every other case or testing old code.
.PHONY: e2e e2e-wasms
e2e-wasms:
	@$(MAKE) -s --no-print-directory -k $(E2E_WASMS) || { \
	  echo "e2e: some plugins failed to build; their cases will fail"; \
	  for w in $(E2E_WASMS); do \
	    $(MAKE) -s -q --no-print-directory $$w 2>/dev/null || rm -f $$w; done; }

e2e: e2e-wasms
	tests/e2e/run.sh $(E2E_CASES)

# load.mk - load, soak and large-input tests in real Envoy (tests/load/run.sh).
#
#   make load    the short run (part of make check, ~1 minute): 20,000
#                requests with 2 worker threads, then every large input once
#   make soak    the long run (3,000,000 requests, a few minutes); writes
#                docs/soak/results.md and docs/soak/data.tsv

LOAD_WASM := build/load/plugin.wasm

$(eval $(call proxywasm_plugin,$(LOAD_WASM),tests/load/plugin.c))

.PHONY: load soak
load: $(LOAD_WASM)
	tests/load/run.sh quick

soak: $(LOAD_WASM)
	tests/load/run.sh soak

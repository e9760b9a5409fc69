# wasm.mk - tests that run the SDK's real .wasm in wasmtime (PyPI, in .venv).
#
#   make wasm-stress     the allocator stress test (tests/wasm/stress.py):
#                        arena, pool, context memory and libc malloc in one
#                        module, random interleavings, every block checked
#
# WASM_STRESS_ARGS: e.g. --seeds 500 --hooks 200 for a longer run.

WASM_STRESS := $(PROXYWASM_BUILD)/wasm/stress.wasm
WASM_STRESS_NOMALLOC := $(PROXYWASM_BUILD)/wasm/stress_nomalloc.wasm
WASM_STRESS_ARGS ?=
$(eval $(call proxywasm_plugin,$(WASM_STRESS),tests/wasm/stress.c,-Isrc -DSTRESS_MALLOC))
$(eval $(call proxywasm_plugin,$(WASM_STRESS_NOMALLOC),tests/wasm/stress.c,-Isrc))

.PHONY: wasm-stress
wasm-stress: $(WASM_STRESS) $(WASM_STRESS_NOMALLOC)
	.venv/bin/python3 tests/wasm/stress.py $(WASM_STRESS_ARGS) $(WASM_STRESS) --no-malloc $(WASM_STRESS_NOMALLOC)

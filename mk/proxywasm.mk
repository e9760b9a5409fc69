# proxywasm.mk - build Proxy-Wasm plugins in C with GNU make.
#
#   PROXYWASM_ROOT := path/to/proxy-wasm-c-sdk
#   include $(PROXYWASM_ROOT)/mk/proxywasm.mk
#   $(eval $(call proxywasm_plugin,build/my_plugin.wasm,src/my_plugin.c))
#
# The toolchain is Debian's clang-19/lld-19/wasi-libc by default, or a
# wasi-sdk when WASI_SDK_PATH is set. Plugins are WASI preview-1 reactors
# optimised for size; wasm-opt (binaryen) runs when it is installed.

proxywasm__goal := $(.DEFAULT_GOAL)
PROXYWASM_ROOT ?= $(patsubst %/mk/,%,$(dir $(lastword $(MAKEFILE_LIST))))
PROXYWASM_BUILD ?= $(PROXYWASM_ROOT)/build

ifneq ($(WASI_SDK_PATH),)
PROXYWASM_CC ?= $(WASI_SDK_PATH)/bin/clang
PROXYWASM_AR ?= $(WASI_SDK_PATH)/bin/llvm-ar
PROXYWASM_TARGET ?= wasm32-wasip1
PROXYWASM_SYSROOT ?= $(WASI_SDK_PATH)/share/wasi-sysroot
else
PROXYWASM_CC ?= clang-19
PROXYWASM_AR ?= llvm-ar-19
# Debian's wasi-libc lives under the older triple's directory.
PROXYWASM_TARGET ?= wasm32-wasi
endif
PROXYWASM_WASM_OPT ?= $(shell command -v wasm-opt 2>/dev/null)

# PROXYWASM_PROFILE=size (default): smallest modules. PROXYWASM_PROFILE=speed:
# -O2 and WebAssembly SIMD, for plugins that loop over bodies (about twice as
# fast on a 64 KiB body in Envoy's V8; needs a host with Wasm SIMD: V8 and
# wasmtime have it). Use a separate PROXYWASM_BUILD per profile.
PROXYWASM_PROFILE ?= size
ifeq ($(PROXYWASM_PROFILE),speed)
PROXYWASM_OPT_CFLAGS := -O2 -msimd128
PROXYWASM_OPT_LEVEL := -O3
else
PROXYWASM_OPT_CFLAGS := -Oz
PROXYWASM_OPT_LEVEL := -Oz
endif

PROXYWASM_SYSROOT_FLAG := $(if $(PROXYWASM_SYSROOT),--sysroot=$(PROXYWASM_SYSROOT))
PROXYWASM_CFLAGS ?= --target=$(PROXYWASM_TARGET) $(PROXYWASM_SYSROOT_FLAG) -std=c11 \
  $(PROXYWASM_OPT_CFLAGS) -ffunction-sections -fdata-sections -Wall -Wextra \
  -I$(PROXYWASM_ROOT)/include
# No -O at link time, so clang does not run wasm-opt by itself; we run a
# known wasm-opt below. --strip-debug drops DWARF but keeps function names,
# which Envoy prints in backtraces.
PROXYWASM_LDFLAGS ?= --target=$(PROXYWASM_TARGET) $(PROXYWASM_SYSROOT_FLAG) -mexec-model=reactor \
  -Wl,--gc-sections -Wl,--strip-debug
PROXYWASM_OPTFLAGS ?= $(PROXYWASM_OPT_LEVEL) --debuginfo --strip-dwarf --strip-producers

PROXYWASM_SDK_SRCS := $(wildcard $(PROXYWASM_ROOT)/src/*.c)
PROXYWASM_SDK_OBJS := $(patsubst $(PROXYWASM_ROOT)/src/%.c,$(PROXYWASM_BUILD)/wasm/sdk/%.o,$(PROXYWASM_SDK_SRCS))
PROXYWASM_LIB := $(PROXYWASM_BUILD)/wasm/libproxywasm.a
PROXYWASM_HEADERS := $(wildcard $(PROXYWASM_ROOT)/include/*.h $(PROXYWASM_ROOT)/include/proxywasm/*.h $(PROXYWASM_ROOT)/src/*.h)

$(PROXYWASM_BUILD)/wasm/sdk/%.o: $(PROXYWASM_ROOT)/src/%.c $(PROXYWASM_HEADERS)
	@mkdir -p $(dir $@)
	$(PROXYWASM_CC) $(PROXYWASM_CFLAGS) $(PROXYWASM_SDK_CFLAGS) -c $< -o $@

$(PROXYWASM_LIB): $(PROXYWASM_SDK_OBJS)
	@rm -f $@
	$(PROXYWASM_AR) rcs $@ $^

# $(call proxywasm_plugin,OUTPUT.wasm,SOURCES[,EXTRA_CFLAGS])
define proxywasm_plugin
$(1): $(2) $$(PROXYWASM_LIB) $$(PROXYWASM_HEADERS)
	@mkdir -p $$(dir $$@)
	set -e; objs=; for s in $(2); do o=$$@.$$$$(basename $$$$s .c).o; \
	  $$(PROXYWASM_CC) $$(PROXYWASM_CFLAGS) $(3) -c $$$$s -o $$$$o; objs="$$$$objs $$$$o"; done; \
	  $$(PROXYWASM_CC) $$(PROXYWASM_LDFLAGS) $$$$objs $$(PROXYWASM_LIB) -o $$@.tmp; rm -f $$$$objs
	$$(if $$(PROXYWASM_WASM_OPT),$$(PROXYWASM_WASM_OPT) $$(PROXYWASM_OPTFLAGS) $$@.tmp -o $$@ && rm -f $$@.tmp,mv $$@.tmp $$@)
endef

# $(call proxywasm_test,OUTPUT,TEST_SOURCES,PLUGIN_SOURCES,PLUGIN.wasm)
# Two test programs from the same test source, run in the host emulator:
# OUTPUT links the plugin's C source natively (ASan+UBSan+LSan), and
# OUTPUT-wasm links PLUGIN.wasm, the built module, translated by wasm2c
# (docs/testing.md, "Two modes"). Both are added to PROXYWASM_TESTS. The
# SDK's native archives come from its own makefile.
PROXYWASM_NATIVE := $(PROXYWASM_ROOT)/build/native
PROXYWASM_TEST_CC ?= cc
PROXYWASM_TEST_CFLAGS ?= -std=c11 -g -O1 -Wall -Wextra -fno-omit-frame-pointer \
  -fsanitize=address,undefined -fno-sanitize-recover=all \
  -I$(PROXYWASM_ROOT)/include -I$(PROXYWASM_ROOT)/emulator/include
PROXYWASM_TEST_LIBS := $(PROXYWASM_NATIVE)/libproxywasm_emulator.a $(PROXYWASM_NATIVE)/libproxywasm.a
PROXYWASM_WASM2C_DEFS := -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
ifneq ($(abspath $(PROXYWASM_ROOT)),$(abspath .))
$(PROXYWASM_NATIVE)/%.a:
	$(MAKE) -C $(PROXYWASM_ROOT) $(patsubst $(PROXYWASM_ROOT)/%,%,$@)
endif
define proxywasm_test
$(1): $(2) $(3) $$(PROXYWASM_TEST_LIBS)
	@mkdir -p $$(dir $$@)
	$$(PROXYWASM_TEST_CC) $$(PROXYWASM_TEST_CFLAGS) -o $$@ $(2) $(3) $$(PROXYWASM_TEST_LIBS) -lcmocka -ldl -lm
$(1)-wasm: $(2) $(4) $$(PROXYWASM_NATIVE)/wasm-mode/libproxywasm_emulator_wasm.a $$(PROXYWASM_TEST_LIBS)
	@mkdir -p $$@.d
	wasm2c $(4) -n plugin -o $$@.d/plugin.c
	$$(PROXYWASM_ROOT)/scripts/wasm2c-glue.sh $$@.d/plugin.h plugin plugin > $$@.d/glue.c
	$$(PROXYWASM_TEST_CC) -std=c11 -D_GNU_SOURCE -O1 -w $$(PROXYWASM_WASM2C_DEFS) -c $$@.d/plugin.c -o $$@.d/plugin.o
	$$(PROXYWASM_TEST_CC) $$(PROXYWASM_TEST_CFLAGS) $$(PROXYWASM_WASM2C_DEFS) -I$$(PROXYWASM_ROOT)/emulator -o $$@ \
	  $(2) $$@.d/glue.c $$@.d/plugin.o $$(PROXYWASM_NATIVE)/wasm-mode/libproxywasm_emulator_wasm.a \
	  $$(PROXYWASM_TEST_LIBS) -lcmocka -ldl -lm
PROXYWASM_TESTS += $(1) $(1)-wasm
endef

# Including this file does not change the makefile's default goal.
.DEFAULT_GOAL := $(proxywasm__goal)

# proxywasm.mk - build Proxy-Wasm plugins in C with GNU make.
#
#   PROXYWASM_ROOT := path/to/proxy-wasm-c-sdk
#   include $(PROXYWASM_ROOT)/mk/proxywasm.mk
#   $(eval $(call proxywasm_plugin,build/my_plugin.wasm,src/my_plugin.c))
#   $(eval $(call proxywasm_test,build/my_test,src/my_test.c,src/my_plugin.c,build/my_plugin.wasm))
#
# The same file works from an installed copy (`make install`):
#   include /usr/local/share/proxywasm/mk/proxywasm.mk
# It then links the installed SDK archive instead of building it.
#
# The toolchain is Debian's clang-19/lld-19/wasi-libc by default, or a
# wasi-sdk when WASI_SDK_PATH is set. Plugins are WASI preview-1 reactors
# optimised for size; wasm-opt (binaryen) runs when it is installed.

proxywasm__goal := $(.DEFAULT_GOAL)
PROXYWASM_ROOT ?= $(patsubst %/mk/,%,$(dir $(lastword $(MAKEFILE_LIST))))
PROXYWASM_BUILD ?= $(PROXYWASM_ROOT)/build
# A source tree has src/; an installed copy sits in PREFIX/share/proxywasm.
ifeq ($(wildcard $(PROXYWASM_ROOT)/include/proxywasm.h),)
PROXYWASM_PREFIX ?= $(abspath $(PROXYWASM_ROOT)/../..)
PROXYWASM_INCLUDE ?= $(PROXYWASM_PREFIX)/include
else
PROXYWASM_INCLUDE ?= $(PROXYWASM_ROOT)/include
endif

# Toolchains: Debian's clang (PROXYWASM_CC, clang-19 by default; any newer
# one works too), a wasi-sdk (WASI_SDK_PATH), or zig cc
# (PROXYWASM_TOOLCHAIN=zig; PROXYWASM_ZIG is the zig command, e.g. from
# PyPI's ziglang: `python3 -m ziglang`).
PROXYWASM_TOOLCHAIN ?= clang
PROXYWASM_WASM_OPT ?= $(shell command -v wasm-opt 2>/dev/null)
ifneq ($(WASI_SDK_PATH),)
PROXYWASM_CC ?= $(WASI_SDK_PATH)/bin/clang
PROXYWASM_AR ?= $(WASI_SDK_PATH)/bin/llvm-ar
PROXYWASM_TARGET ?= wasm32-wasip1
PROXYWASM_SYSROOT ?= $(WASI_SDK_PATH)/share/wasi-sysroot
else ifeq ($(PROXYWASM_TOOLCHAIN),zig)
PROXYWASM_ZIG ?= zig
PROXYWASM_CC ?= $(PROXYWASM_ZIG) cc
PROXYWASM_AR ?= $(PROXYWASM_ZIG) ar
# zig names the target wasm32-wasi and brings its own wasi-libc. Its linker
# writes no target-features section, so wasm-opt is told the features zig
# uses by default.
PROXYWASM_TARGET ?= wasm32-wasi
PROXYWASM_OPT_FEATURES ?= --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int
else
PROXYWASM_CC ?= clang-19
PROXYWASM_AR ?= llvm-ar-19
# clang 20 and later deprecate wasm32-wasi for wasm32-wasip1. Debian's
# wasi-libc lives under the old triple's directories only, so a newer clang
# gets a sysroot of links that names them the new way.
proxywasm__cc_major := $(firstword $(subst ., ,$(shell $(PROXYWASM_CC) -dumpversion 2>/dev/null)))
ifeq ($(shell test "0$(proxywasm__cc_major)" -ge 20 2>/dev/null && echo new),new)
PROXYWASM_TARGET ?= wasm32-wasip1
ifeq ($(wildcard /usr/lib/wasm32-wasip1),)
PROXYWASM_SYSROOT ?= $(PROXYWASM_BUILD)/wasip1-sysroot
proxywasm__sysroot_links := $(shell mkdir -p $(PROXYWASM_SYSROOT)/include $(PROXYWASM_SYSROOT)/lib && \
  ln -sfn /usr/include/wasm32-wasi $(PROXYWASM_SYSROOT)/include/wasm32-wasip1 && \
  ln -sfn /usr/lib/wasm32-wasi $(PROXYWASM_SYSROOT)/lib/wasm32-wasip1)
endif
else
PROXYWASM_TARGET ?= wasm32-wasi
endif
endif

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

# Bulk memory (WebAssembly 2.0; V8, wasmtime, WAMR and WasmEdge have it):
# memcpy, memmove and memset become single memory.copy/memory.fill
# instructions instead of wasi-libc's 1.6 KB of unrolled loops, and cost one
# unit of fuel. clang 20 and later and zig enable it by default; clang-19
# needs the flag.
ifneq ($(PROXYWASM_TOOLCHAIN),zig)
PROXYWASM_FEATURE_CFLAGS ?= -mbulk-memory
endif
PROXYWASM_SYSROOT_FLAG := $(if $(PROXYWASM_SYSROOT),--sysroot=$(PROXYWASM_SYSROOT))
PROXYWASM_CFLAGS ?= --target=$(PROXYWASM_TARGET) $(PROXYWASM_SYSROOT_FLAG) -std=c11 \
  $(PROXYWASM_OPT_CFLAGS) $(PROXYWASM_FEATURE_CFLAGS) -ffunction-sections -fdata-sections -Wall -Wextra \
  -I$(PROXYWASM_INCLUDE)
# No -O at link time, so clang does not run wasm-opt by itself; we run a
# known wasm-opt below. --strip-debug drops DWARF but keeps function names,
# which Envoy prints in backtraces.
PROXYWASM_LDFLAGS ?= --target=$(PROXYWASM_TARGET) $(PROXYWASM_SYSROOT_FLAG) -mexec-model=reactor \
  -Wl,--gc-sections -Wl,--strip-debug
PROXYWASM_OPTFLAGS ?= $(PROXYWASM_OPT_LEVEL) --debuginfo --strip-dwarf --strip-producers \
  $(PROXYWASM_OPT_FEATURES)

ifdef PROXYWASM_PREFIX
PROXYWASM_LIB := $(PROXYWASM_PREFIX)/lib/wasm32-wasi/libproxywasm.a
PROXYWASM_HEADERS := $(wildcard $(PROXYWASM_INCLUDE)/proxywasm.h $(PROXYWASM_INCLUDE)/proxywasm/*.h)
else
PROXYWASM_SDK_SRCS := $(wildcard $(PROXYWASM_ROOT)/src/*.c $(PROXYWASM_ROOT)/src/*/*.c $(PROXYWASM_ROOT)/src/*/*/*.c)
PROXYWASM_SDK_OBJS := $(patsubst $(PROXYWASM_ROOT)/src/%.c,$(PROXYWASM_BUILD)/wasm/sdk/%.o,$(PROXYWASM_SDK_SRCS))
PROXYWASM_LIB := $(PROXYWASM_BUILD)/wasm/libproxywasm.a
PROXYWASM_HEADERS := $(wildcard $(PROXYWASM_ROOT)/include/*.h $(PROXYWASM_ROOT)/include/proxywasm/*.h $(PROXYWASM_ROOT)/src/*.h $(PROXYWASM_ROOT)/src/*/*.h $(PROXYWASM_ROOT)/src/*/*/*.h)

# The flags a module is built with, in a file rewritten only when they
# change (checked on every run, with the values the makefile ends with), so
# that changing a flag rebuilds the SDK, the plugins and the benchmark
# floors instead of leaving stale modules. Source trees only: an installed
# copy's build directory need not be writable.
PROXYWASM_FLAGS_STAMP := $(PROXYWASM_BUILD)/wasm/flags
proxywasm__flags = $(PROXYWASM_CC) $(PROXYWASM_CFLAGS) $(PROXYWASM_SDK_CFLAGS) $(PROXYWASM_LDFLAGS) \
  $(PROXYWASM_WASM_OPT) $(PROXYWASM_OPTFLAGS)
proxywasm__eq = $(and $(findstring x$(1),x$(2)),$(findstring x$(2),x$(1)))
$(PROXYWASM_FLAGS_STAMP): proxywasm__force
	$(shell mkdir -p $(@D))$(if $(call proxywasm__eq,$(file <$@),$(proxywasm__flags)),,$(file >$@,$(proxywasm__flags)))
.PHONY: proxywasm__force
proxywasm__force:

$(PROXYWASM_BUILD)/wasm/sdk/%.o: $(PROXYWASM_ROOT)/src/%.c $(PROXYWASM_HEADERS) $(PROXYWASM_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(PROXYWASM_CC) $(PROXYWASM_CFLAGS) $(PROXYWASM_SDK_CFLAGS) -c $< -o $@

$(PROXYWASM_LIB): $(PROXYWASM_SDK_OBJS)
	@rm -f $@
	$(PROXYWASM_AR) rcs $@ $^
endif

# $(call proxywasm_plugin,OUTPUT.wasm,SOURCES[,EXTRA_CFLAGS])
define proxywasm_plugin
$(1): $(2) $$(PROXYWASM_LIB) $$(PROXYWASM_HEADERS) $$(PROXYWASM_FLAGS_STAMP)
	@mkdir -p $$(dir $$@)
	set -e; objs=; for s in $(2); do o=$$@.$$$$(basename $$$$s .c).o; \
	  $$(PROXYWASM_CC) $$(PROXYWASM_CFLAGS) $(3) -c $$$$s -o $$$$o; objs="$$$$objs $$$$o"; done; \
	  $$(PROXYWASM_CC) $$(PROXYWASM_LDFLAGS) $$$$objs $$(PROXYWASM_LIB) -o $$@.tmp; rm -f $$$$objs
	$$(if $$(PROXYWASM_WASM_OPT),$$(PROXYWASM_WASM_OPT) $$(PROXYWASM_OPTFLAGS) $$@.tmp -o $$@ && rm -f $$@.tmp,mv $$@.tmp $$@)
endef

# $(call proxywasm_test,OUTPUT,TEST_SOURCES,PLUGIN_SOURCES[,PLUGIN.wasm])
# Unit tests of a plugin in the host emulator, from one test source: OUTPUT
# links the plugin's C sources natively (under the sanitizers the emulator
# was built with); given the built module, OUTPUT-wasm links PLUGIN.wasm
# translated by wasm2c (Debian's wabt) instead: docs/testing.md, "Two
# modes". Both are added to PROXYWASM_TESTS. Works from a source tree (the
# SDK's native archives come from its own makefile) and from an installed
# copy (pkg-config's proxywasm-emulator).
PROXYWASM_TEST_CC ?= cc
PROXYWASM_TEST_LDLIBS ?= -lcmocka
PROXYWASM_WASM2C_DEFS := -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
ifdef PROXYWASM_PREFIX
proxywasm__pc := PKG_CONFIG_PATH=$(PROXYWASM_PREFIX)/lib/pkgconfig pkg-config
PROXYWASM_TEST_CFLAGS ?= $(shell $(proxywasm__pc) --cflags proxywasm-emulator)
PROXYWASM_TEST_LIBS ?= $(shell $(proxywasm__pc) --libs proxywasm-emulator)
proxywasm__test_deps := $(PROXYWASM_PREFIX)/lib/libproxywasm_emulator.a
proxywasm__wasm_lib := $(PROXYWASM_PREFIX)/lib/libproxywasm_emulator_wasm.a
proxywasm__wasm_glue := $(PROXYWASM_PREFIX)/share/proxywasm/wasm2c/wasm2c-glue.sh
proxywasm__wasm_inc := $(PROXYWASM_PREFIX)/share/proxywasm/wasm2c
else
proxywasm__native := $(PROXYWASM_ROOT)/build/native
PROXYWASM_TEST_CFLAGS ?= -std=c11 -g -O1 -Wall -Wextra -fno-omit-frame-pointer \
  -fsanitize=address,undefined -fno-sanitize-recover=all \
  -I$(PROXYWASM_INCLUDE) -I$(PROXYWASM_ROOT)/emulator/include
PROXYWASM_TEST_LIBS ?= -rdynamic $(proxywasm__native)/libproxywasm_emulator.a \
  $(proxywasm__native)/libproxywasm.a -ldl -lm -fsanitize=address,undefined
proxywasm__test_deps := $(proxywasm__native)/libproxywasm_emulator.a $(proxywasm__native)/libproxywasm.a
proxywasm__wasm_lib := $(proxywasm__native)/wasm-mode/libproxywasm_emulator_wasm.a
proxywasm__wasm_glue := $(PROXYWASM_ROOT)/scripts/wasm2c-glue.sh
proxywasm__wasm_inc := $(PROXYWASM_ROOT)/emulator
ifneq ($(abspath $(PROXYWASM_ROOT)),$(CURDIR))
$(proxywasm__native)/%.a:
	$(MAKE) -C $(PROXYWASM_ROOT) $(patsubst $(PROXYWASM_ROOT)/%,%,$@)
endif
endif
define proxywasm_test
$(1): $(2) $(3) $$(proxywasm__test_deps)
	@mkdir -p $$(dir $$@)
	$$(PROXYWASM_TEST_CC) $$(PROXYWASM_TEST_CFLAGS) -o $$@ $(2) $(3) $$(PROXYWASM_TEST_LIBS) $$(PROXYWASM_TEST_LDLIBS)
PROXYWASM_TESTS += $(1)
ifneq ($(4),)
$(1)-wasm: $(2) $(4) $$(proxywasm__wasm_lib) $$(proxywasm__test_deps)
	@mkdir -p $$@.d
	wasm2c $(4) -n plugin -o $$@.d/plugin.c
	$$(proxywasm__wasm_glue) $$@.d/plugin.h plugin plugin > $$@.d/glue.c
	$$(PROXYWASM_TEST_CC) -std=c11 -D_GNU_SOURCE -O1 -w $$(PROXYWASM_WASM2C_DEFS) -c $$@.d/plugin.c -o $$@.d/plugin.o
	$$(PROXYWASM_TEST_CC) $$(PROXYWASM_TEST_CFLAGS) $$(PROXYWASM_WASM2C_DEFS) -I$$(proxywasm__wasm_inc) -o $$@ \
	  $(2) $$@.d/glue.c $$@.d/plugin.o $$(proxywasm__wasm_lib) $$(PROXYWASM_TEST_LIBS) $$(PROXYWASM_TEST_LDLIBS)
PROXYWASM_TESTS += $(1)-wasm
endif
endef

# Including this file does not change the makefile's default goal.
.DEFAULT_GOAL := $(proxywasm__goal)

# wasm2c.mk - the emulator's wasm mode: the same test sources, linked with
# the plugins' BUILT .wasm (after wasm-opt) translated to C by wasm2c
# instead of the plugins' C source. See docs/testing.md ("Two modes").
#
#   make unit-wasm    build and run every wasm-mode test
#
# Each module is translated once (build/native/wasm-mode/modules/NAME.c),
# compiled without sanitizers (wasm2c checks every memory access itself),
# and registered by scripts/wasm2c-glue.sh's glue under NAME, the plugin's
# path below build/ or build/examples/ without .wasm. Tests that cannot run
# in wasm mode are listed with the reason in tests/native-only.txt.
# Include after mk/native.mk, mk/emulator.mk and mk/examples.mk.

WASM2C ?= wasm2c
WASM_RT_DIR ?= /usr/share/wabt/wasm2c
WASM_MODE := $(NATIVE)/wasm-mode
# Explicit bounds checks instead of guard pages and a SIGSEGV handler:
# works under AddressSanitizer and valgrind, and is deterministic.
WASM2C_DEFS := -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
WASM2C_MODULE_CFLAGS ?= -std=c11 -D_GNU_SOURCE -O1 -w $(WASM2C_DEFS)

WASM_EMU_OBJS := $(patsubst emulator/%.c,$(WASM_MODE)/emulator/%.o,$(wildcard emulator/wasm*.c)) \
  $(WASM_MODE)/emulator/wasm-rt-impl.o
WASM_EMU_LIB := $(WASM_MODE)/libproxywasm_emulator_wasm.a

$(WASM_MODE)/emulator/%.o: emulator/%.c $(PROXYWASM_HEADERS) $(EMU_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) $(WASM2C_DEFS) -Isrc -I$(WASM_RT_DIR) -c $< -o $@

$(WASM_MODE)/emulator/wasm-rt-impl.o: $(WASM_RT_DIR)/wasm-rt-impl.c
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(WASM2C_MODULE_CFLAGS) -I$(WASM_RT_DIR) -c $< -o $@

$(WASM_EMU_LIB): $(WASM_EMU_OBJS)
	@rm -f $@
	ar rcs $@ $^

# $(call wasm_module,NAME,WASM): translate WASM and write its glue; the
# objects are $(WASM_MODE)/modules/NAME.o and NAME.glue.o.
define wasm_module
$(WASM_MODE)/modules/$(1).c: $(2)
	@mkdir -p $$(dir $$@)
	$$(WASM2C) $$< -n $(subst /,__,$(1)) -o $$@
$(WASM_MODE)/modules/$(1).glue.c: $(WASM_MODE)/modules/$(1).c scripts/wasm2c-glue.sh
	scripts/wasm2c-glue.sh $(WASM_MODE)/modules/$(1).h $(subst /,__,$(1)) $(1) > $$@.tmp && mv $$@.tmp $$@
$(WASM_MODE)/modules/$(1).o: $(WASM_MODE)/modules/$(1).c
	$$(NATIVE_CC) $$(WASM2C_MODULE_CFLAGS) -c $$< -o $$@
$(WASM_MODE)/modules/$(1).glue.o: $(WASM_MODE)/modules/$(1).glue.c emulator/wasm.h
	$$(NATIVE_CC) $$(NATIVE_CFLAGS) $$(WASM2C_DEFS) -Iemulator -c $$< -o $$@
endef
wasm_module_objs = $(foreach m,$(1),$(WASM_MODE)/modules/$(m).o $(WASM_MODE)/modules/$(m).glue.o)

# $(call wasm_test,OUT,SOURCES,MODULE_NAMES): a test binary in wasm mode.
# proxywasm_emu_vm_new(emu, NULL) loads the module when one is linked;
# plugin_path names any of them.
define wasm_test
$(1): $(2) $(call wasm_module_objs,$(3)) $$(WASM_EMU_LIB) $$(EMU_LIB) $$(NATIVE_SDK_LIB) $$(PROXYWASM_HEADERS) $$(EMU_HEADERS) $$(wildcard tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$$(NATIVE_CC) $$(NATIVE_CFLAGS) -o $$@ $(2) $(call wasm_module_objs,$(3)) \
	  $$(WASM_EMU_LIB) $$(EMU_LIB) $$(NATIVE_SDK_LIB) $$(NATIVE_LDLIBS)
WASM_TESTS += $(1)
endef

# Tests that run natively only, with the reason (first word of each line).
WASM_NATIVE_ONLY := $(shell sed -n 's/^\([^ #][^ ]*\) .*/\1/p' tests/native-only.txt)

# Every example plugin is a module named DIR/PLUGIN.
$(foreach s,$(EXAMPLE_PLUGIN_SRCS),$(eval $(call wasm_module,$(patsubst examples/%.c,%,$(s)),$(patsubst examples/%.c,build/examples/%.wasm,$(s)))))
# An example's test links every plugin of its directory.
$(foreach t,$(filter-out $(WASM_NATIVE_ONLY),$(wildcard examples/*/*_test.c)),$(eval $(call wasm_test,$(patsubst examples/%.c,$(WASM_MODE)/examples/%,$(t)),$(t),$(patsubst examples/%.c,%,$(filter-out %_test.c,$(wildcard $(dir $(t))*.c))))))

# The emulator's test plugins, built to .wasm as modules emulator/testdata/NAME.
EMU_TESTDATA_SRCS := $(wildcard emulator/testdata/*.c)
$(foreach s,$(EMU_TESTDATA_SRCS),$(eval $(call proxywasm_plugin,$(patsubst %.c,build/%.wasm,$(s)),$(s))))
$(foreach s,$(EMU_TESTDATA_SRCS),$(eval $(call wasm_module,$(basename $(s)),$(patsubst %.c,build/%.wasm,$(s)))))
# tests/unit: those not listed as native-only load the emulator's test plugins.
$(foreach t,$(filter-out $(WASM_NATIVE_ONLY),$(wildcard tests/unit/test_*.c)),$(eval $(call wasm_test,$(WASM_MODE)/tests/$(basename $(notdir $(t))),$(t),$(basename $(EMU_TESTDATA_SRCS)))))

# Wasm-only tests (tests/wasm2c): bugs only the built module has. Each
# tests/wasm2c/test_NAME.c runs the plugin tests/wasm2c/NAME.c (module wasm2c/NAME).
WASM_ONLY_PLUGINS := $(filter-out tests/wasm2c/test_%,$(wildcard tests/wasm2c/*.c))
$(foreach s,$(WASM_ONLY_PLUGINS),$(eval $(call proxywasm_plugin,$(patsubst tests/%.c,build/%.wasm,$(s)),$(s))))
$(foreach s,$(WASM_ONLY_PLUGINS),$(eval $(call wasm_module,$(patsubst tests/%.c,%,$(s)),$(patsubst tests/%.c,build/%.wasm,$(s)))))
# They run natively too (where they pass even on a broken allocator),
# except those whose plugin can only be a module: test_traps (its plugin
# replaces malloc and traps on purpose). mk/coverage.mk read NATIVE_TESTS
# before this fragment added them.
WASM2C_WASM_ONLY := tests/wasm2c/test_traps.c
WASM2C_NATIVE_SRCS := $(filter-out $(WASM2C_WASM_ONLY),$(wildcard tests/wasm2c/test_*.c))
WASM2C_NATIVE_TESTS := $(patsubst tests/wasm2c/%.c,$(NATIVE)/tests/%,$(WASM2C_NATIVE_SRCS))
$(foreach t,$(WASM2C_NATIVE_SRCS),$(eval $(call native_test,$(NATIVE)/tests/$(basename $(notdir $(t))),$(t) $(patsubst tests/wasm2c/test_%,tests/wasm2c/%,$(t)))))
coverage-build: $(WASM2C_NATIVE_TESTS)
$(foreach t,$(wildcard tests/wasm2c/test_*.c),$(eval $(call wasm_test,$(WASM_MODE)/tests/$(basename $(notdir $(t))),$(t),$(patsubst tests/%.c,%,$(patsubst tests/wasm2c/test_%,tests/wasm2c/%,$(t))))))

.PHONY: unit-wasm
unit-wasm: $(WASM_TESTS)
	./scripts/wasm-mode-check.sh
	./scripts/run-tests.sh $(WASM_TESTS)

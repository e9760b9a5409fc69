# native.mk - the SDK and the host emulator compiled natively, for unit tests
# under AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer.

NATIVE_CC ?= cc
SANITIZE ?= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
NATIVE_CFLAGS ?= -std=c11 -g -O1 -Wall -Wextra -Wpedantic -Werror -fPIC -D_GNU_SOURCE \
  -Iinclude -Iemulator/include $(SANITIZE)
NATIVE_LDLIBS ?= -lcmocka -ldl -lm
NATIVE := build/native

NATIVE_SDK_OBJS := $(patsubst src/%.c,$(NATIVE)/sdk/%.o,$(wildcard src/*.c src/*/*.c src/*/*/*.c))
NATIVE_SDK_LIB := $(NATIVE)/libproxywasm.a
# emulator/wasm*.c is the wasm mode, built by mk/wasm2c.mk.
EMU_SRCS := $(filter-out emulator/wasm%.c,$(wildcard emulator/*.c))
EMU_OBJS := $(patsubst emulator/%.c,$(NATIVE)/emulator/%.o,$(EMU_SRCS))
EMU_LIB := $(NATIVE)/libproxywasm_emulator.a
EMU_HEADERS := $(wildcard emulator/include/*.h emulator/include/*/*.h emulator/*.h)

$(NATIVE)/sdk/%.o: src/%.c $(PROXYWASM_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) -c $< -o $@

$(NATIVE)/emulator/%.o: emulator/%.c $(PROXYWASM_HEADERS) $(EMU_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) -Isrc -c $< -o $@

$(NATIVE_SDK_LIB): $(NATIVE_SDK_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(EMU_LIB): $(EMU_OBJS)
	@rm -f $@
	ar rcs $@ $^

# A test binary: test sources + (optionally) one plugin, the emulator and
# the SDK. -rdynamic lets plugins loaded as shared objects find the
# emulator's hostcalls. $(call native_test,OUT,SOURCES)
define native_test
$(1): $(2) $$(EMU_LIB) $$(NATIVE_SDK_LIB) $$(PROXYWASM_HEADERS) $$(EMU_HEADERS) $$(wildcard tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$$(NATIVE_CC) $$(NATIVE_CFLAGS) -rdynamic -o $$@ $(2) $$(EMU_LIB) $$(NATIVE_SDK_LIB) $$(NATIVE_LDLIBS)
NATIVE_TESTS += $(1)
endef

# A plugin as a shared object, for tests that load several VMs.
# -Bsymbolic keeps the plugin's own SDK copy bound to itself.
define native_plugin
$(1): $(2) $$(NATIVE_SDK_LIB) $$(PROXYWASM_HEADERS)
	@mkdir -p $$(dir $$@)
	$$(NATIVE_CC) $$(NATIVE_CFLAGS) -shared -Wl,-Bsymbolic -o $$@ $(2) $$(NATIVE_SDK_LIB)
NATIVE_PLUGINS += $(1)
endef

# SDK tests: tests/unit/test_*.c, each its own binary.
$(foreach t,$(wildcard tests/unit/test_*.c),$(eval $(call native_test,$(NATIVE)/tests/$(basename $(notdir $(t))),$(t))))

# The `unit` target is defined in the top Makefile, after every fragment
# has added its tests and plugins (prerequisites expand when read).

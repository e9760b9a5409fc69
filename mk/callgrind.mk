# callgrind.mk - instructions per request of the fuel benchmark's workloads
# in the emulator's wasm mode, counted by valgrind's callgrind (exact and
# identical on every run). Not in make check (about a minute); needs
# valgrind (Debian: apt-get install valgrind). Include after mk/wasm2c.mk
# and mk/bench.mk.
#
#   make callgrind    writes build/bench/callgrind-table.md (docs/bench/fuel.md quotes it)
#
# The driver (bench/callgrind/driver.c) and the emulator are built without
# sanitizers (AddressSanitizer does not run under valgrind); each module is
# the contender's built .wasm translated by wasm2c and compiled with -O2.

CG := build/callgrind
CG_CFLAGS := -std=c11 -g -O2 -D_GNU_SOURCE $(WASM2C_DEFS) -Iinclude -Iemulator/include -Isrc \
  -Iemulator -I$(WASM_RT_DIR)
CG_EMU_OBJS := $(patsubst emulator/%.c,$(CG)/emulator/%.o,$(wildcard emulator/*.c)) \
  $(CG)/emulator/wasm-rt-impl.o
CG_SDK_OBJS := $(patsubst src/%.c,$(CG)/sdk/%.o,$(wildcard src/*.c src/*/*.c src/*/*/*.c))
# contender/workload module names and their .wasm
CG_MODULES := $(foreach c,sdk floor,$(foreach w,$(BENCH_WORKLOADS),$(c)/$(w))) sdk/quickstart floor/quickstart
cg_wasm = $(if $(filter sdk/quickstart,$(1)),$(PROXYWASM_BUILD)/examples/quickstart/plugin.wasm,$(BENCH_OUT)/$(1).wasm)

$(CG)/emulator/%.o: emulator/%.c $(PROXYWASM_HEADERS) $(EMU_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(CG_CFLAGS) -c $< -o $@
$(CG)/emulator/wasm-rt-impl.o: $(WASM_RT_DIR)/wasm-rt-impl.c
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(CG_CFLAGS) -w -c $< -o $@
$(CG)/sdk/%.o: src/%.c $(PROXYWASM_HEADERS)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(CG_CFLAGS) -c $< -o $@

define cg_module
$(CG)/modules/$(1).c: $(call cg_wasm,$(1))
	@mkdir -p $$(dir $$@)
	$$(WASM2C) $$< -n $(subst /,__,$(1)) -o $$@
$(CG)/modules/$(1).glue.c: $(CG)/modules/$(1).c scripts/wasm2c-glue.sh
	scripts/wasm2c-glue.sh $(CG)/modules/$(1).h $(subst /,__,$(1)) $(1) > $$@.tmp && mv $$@.tmp $$@
$(CG)/modules/$(1).o: $(CG)/modules/$(1).c
	$$(NATIVE_CC) $$(CG_CFLAGS) -w -c $$< -o $$@
$(CG)/modules/$(1).glue.o: $(CG)/modules/$(1).glue.c emulator/wasm.h
	$$(NATIVE_CC) $$(CG_CFLAGS) -c $$< -o $$@
endef
$(foreach m,$(CG_MODULES),$(eval $(call cg_module,$(m))))
CG_MODULE_OBJS := $(foreach m,$(CG_MODULES),$(CG)/modules/$(m).o $(CG)/modules/$(m).glue.o)

$(CG)/driver: bench/callgrind/driver.c $(CG_MODULE_OBJS) $(CG_EMU_OBJS)
	$(NATIVE_CC) $(CG_CFLAGS) -o $@ $^ -ldl -lm

.PHONY: callgrind
callgrind: $(CG)/driver
	bench/callgrind/run.sh $(CG)/driver $(CG)/modules > $(BENCH_OUT)/callgrind-table.md
	cat $(BENCH_OUT)/callgrind-table.md

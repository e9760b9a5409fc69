# fuzz.mk - libFuzzer targets (fuzz/*.c) on the native SDK and emulator,
# built with clang-19 and -fsanitize=fuzzer,address,undefined into
# build/fuzz (its own objects: build/native is not touched).
#
#   make fuzz          run every target for FUZZ_SECONDS (default 60) each,
#                      from its seed corpus fuzz/corpus/<target>/; new
#                      inputs go to build/fuzz/corpus/<target>/
#   make fuzz-check    the short, deterministic run of make check: every
#                      target for FUZZ_RUNS inputs (default 20000) from
#                      seed 1, after its seeds
#
# A crash leaves build/fuzz/crash-* (the input); rerun it with
# build/fuzz/<target> <file>.

FUZZ_CC ?= clang-19
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 20000
FUZZ := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude \
  -Iemulator/include $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/*.c))
FUZZ_BINS := $(addprefix $(FUZZ)/,$(FUZZ_TARGETS))
FUZZ_SDK_OBJS := $(patsubst src/%.c,$(FUZZ)/sdk/%.o,$(wildcard src/*.c src/*/*.c src/*/*/*.c))
FUZZ_EMU_OBJS := $(patsubst emulator/%.c,$(FUZZ)/emulator/%.o,$(EMU_SRCS))

$(FUZZ)/sdk/%.o: src/%.c $(PROXYWASM_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ)/emulator/%.o: emulator/%.c $(PROXYWASM_HEADERS) $(EMU_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -c $< -o $@

$(FUZZ)/libsdk.a: $(FUZZ_SDK_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ)/libemu.a: $(FUZZ_EMU_OBJS)
	@rm -f $@
	ar rcs $@ $^

# A target may include src/internal.h (-Isrc) and fuzz/*.h.
$(FUZZ)/%: fuzz/%.c $(wildcard fuzz/*.h) $(FUZZ)/libemu.a $(FUZZ)/libsdk.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -rdynamic -o $@ $< \
	  -Wl,--start-group $(FUZZ)/libemu.a $(FUZZ)/libsdk.a -Wl,--end-group -ldl -lm

.PHONY: fuzz fuzz-build fuzz-check
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	FUZZ_MODE=time FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh $(FUZZ_TARGETS)

fuzz-check: fuzz-build
	FUZZ_MODE=runs FUZZ_RUNS=$(FUZZ_RUNS) ./scripts/fuzz.sh $(FUZZ_TARGETS)

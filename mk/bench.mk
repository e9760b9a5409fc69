# bench.mk - benchmarks in real Envoy (bench/README.md).
#
#   make bench                 build every contender, run the benchmark (~25 min),
#                              write docs/bench/results.md and results.png
#   make bench BENCH_QUICK=1   a ~3 minute smoke run (numbers not meaningful)
#   make bench-build           only build the contenders
#
# Contenders: bench/floor/<w>.c (raw ABI, no SDK), bench/sdk/<w>.c (this SDK,
# built like the examples), bench/go (Go SDK), bench/rust (Rust SDK, skipped
# with a recorded reason when the toolchain or crate cannot be had).

BENCH_OUT := build/bench
BENCH_WORKLOADS := pass headers body shared log
BENCH_FLOOR_WASMS := $(patsubst %,$(BENCH_OUT)/floor/%.wasm,$(BENCH_WORKLOADS))
BENCH_SDK_WASMS := $(patsubst %,$(BENCH_OUT)/sdk/%.wasm,$(BENCH_WORKLOADS))
BENCH_GO := go
BENCH_CARGO := cargo

# The floor: the same compiler, flags and wasm-opt as SDK plugins, but no SDK.
$(BENCH_OUT)/floor/%.wasm: bench/floor/%.c bench/floor/floor.h $(PROXYWASM_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(PROXYWASM_CC) $(PROXYWASM_CFLAGS) -c $< -o $@.o
	$(PROXYWASM_CC) $(PROXYWASM_LDFLAGS) $@.o -o $@.tmp
	rm -f $@.o
	$(if $(PROXYWASM_WASM_OPT),$(PROXYWASM_WASM_OPT) $(PROXYWASM_OPTFLAGS) $@.tmp -o $@ && rm -f $@.tmp,mv $@.tmp $@)

$(foreach w,$(BENCH_WORKLOADS),$(eval $(call proxywasm_plugin,$(BENCH_OUT)/sdk/$(w).wasm,bench/sdk/$(w).c)))

# Go SDK: upstream Go >= 1.24, a wasip1 reactor, symbols stripped.
$(BENCH_OUT)/go.wasm: bench/go/main.go bench/go/go.mod bench/go/go.sum
	@mkdir -p $(dir $@)
	cd bench/go && GOOS=wasip1 GOARCH=wasm $(BENCH_GO) build -buildmode=c-shared \
	  -ldflags='-s -w' -o $(CURDIR)/$@ .

# Rust SDK: optional. On failure the reason goes to rust.unavailable, which
# the report prints instead of the Rust figures.
$(BENCH_OUT)/rust.stamp: bench/rust/src/lib.rs bench/rust/Cargo.toml bench/rust/Cargo.lock
	@mkdir -p $(dir $@)
	@rm -f $(BENCH_OUT)/rust.wasm $(BENCH_OUT)/rust.unavailable
	@if ! command -v $(BENCH_CARGO) >/dev/null; then \
	  echo "cargo is not installed" > $(BENCH_OUT)/rust.unavailable; \
	elif ! rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip1 && \
	     ! rustup target add wasm32-wasip1 > $(BENCH_OUT)/rust.log 2>&1; then \
	  { echo "rustup target add wasm32-wasip1 failed:"; tail -3 $(BENCH_OUT)/rust.log; } \
	    > $(BENCH_OUT)/rust.unavailable; \
	elif ! (cd bench/rust && CARGO_TARGET_DIR=$(CURDIR)/$(BENCH_OUT)/rust-target \
	     $(BENCH_CARGO) build --locked --release --target wasm32-wasip1) \
	     > $(BENCH_OUT)/rust.log 2>&1; then \
	  { echo "cargo build failed:"; tail -3 $(BENCH_OUT)/rust.log; } > $(BENCH_OUT)/rust.unavailable; \
	else \
	  cp $(BENCH_OUT)/rust-target/wasm32-wasip1/release/bench_rust.wasm $(BENCH_OUT)/rust.wasm; \
	fi
	@touch $@

.PHONY: bench bench-build
bench-build: $(BENCH_FLOOR_WASMS) $(BENCH_SDK_WASMS) $(BENCH_OUT)/go.wasm $(BENCH_OUT)/rust.stamp

bench: bench-build
	bench/run.sh

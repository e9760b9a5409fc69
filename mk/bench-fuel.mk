# bench-fuel.mk - the deterministic cost benchmark (bench/fuel/README.md):
# fuel (Wasm operators executed) per request in a wasmtime host, identical
# on every run. Include after mk/bench.mk.
#
#   make bench-fuel        every contender (Go and Rust when they build),
#                          writes build/bench/fuel-table.md (docs/bench/fuel.md quotes it)
#   make bench-fuel-gate   this SDK against the floor (C only; in make check):
#                          the target, or for the workloads listed in
#                          bench/fuel/budget.txt no more than their budget
#   make bench-fuel-target the target alone, for every workload
#   make bench-fuel-profile FUEL_PROFILE="headers:sdk quickstart:sdk"
#                          where one request's fuel goes, per function

FUEL_PY := .venv/bin/python3
FUEL_C_WASMS := $(BENCH_FLOOR_WASMS) $(BENCH_SDK_WASMS) $(BENCH_OUT)/floor/quickstart.wasm \
  $(PROXYWASM_BUILD)/examples/quickstart/plugin.wasm
FUEL_PROFILE ?= headers:sdk quickstart:sdk

.PHONY: bench-fuel bench-fuel-gate bench-fuel-target bench-fuel-profile
bench-fuel: $(FUEL_C_WASMS) $(BENCH_OUT)/go.wasm $(BENCH_OUT)/rust.stamp
	$(FUEL_PY) bench/fuel/run.py --md build/bench/fuel-table.md

bench-fuel-gate: $(FUEL_C_WASMS)
	$(FUEL_PY) bench/fuel/run.py --contenders floor,sdk --gate --budget bench/fuel/budget.txt

bench-fuel-target: $(FUEL_C_WASMS)
	$(FUEL_PY) bench/fuel/run.py --contenders floor,sdk --gate

bench-fuel-profile: $(FUEL_C_WASMS)
	$(FUEL_PY) bench/fuel/run.py --contenders floor,sdk $(addprefix --profile ,$(FUEL_PROFILE))

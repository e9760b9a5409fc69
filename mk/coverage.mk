# coverage.mk - proof that the unit tests exercise every public SDK function.
#
#   make coverage    build the SDK, the emulator, every unit test (tests/unit
#                    and examples) and the test plugins with gcc --coverage
#                    into build/coverage (build/native is left alone), run
#                    them, list every public function of include/proxywasm/*.h
#                    that never ran (failing if there is one) and print the
#                    line and function coverage of src/*.c.
#
# Include after mk/native.mk, mk/emulator.mk and mk/examples.mk. The script
# re-runs make with NATIVE=build/coverage SANITIZE=--coverage, so the same
# rules build the instrumented copies; coverage-build and coverage-list are
# its helpers.

ifndef PROXYWASM_COVERAGE_MK
PROXYWASM_COVERAGE_MK := 1

.PHONY: coverage coverage-build coverage-list
coverage:
	./scripts/api-coverage.sh

# Every native test and test plugin, built with the current NATIVE/SANITIZE.
coverage-build: $(NATIVE_TESTS) $(NATIVE_PLUGINS)

# The test binaries, one per line, for the script to run.
coverage-list:
	@printf '%s\n' $(NATIVE_TESTS)

endif

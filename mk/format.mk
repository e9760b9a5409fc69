# format.mk - one formatter for the C sources: .clang-format, applied by
# `make format` and checked by `make format-check` (in make check).
.PHONY: format format-check
format:
	./scripts/format-check.sh fix
format-check:
	./scripts/format-check.sh

# install.mk - `make install PREFIX=/usr/local DESTDIR=`: headers, the
# wasm32 SDK archive, the native SDK and emulator archives (built with
# SANITIZE, recorded in the pkg-config and CMake files), pkg-config files,
# the CMake package and toolchain file, and the make fragment.
PREFIX ?= /usr/local

.PHONY: install
install: $(PROXYWASM_LIB) $(NATIVE_SDK_LIB) $(EMU_LIB) $(WASM_EMU_LIB)
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BUILD="$(PROXYWASM_BUILD)" NATIVE="$(NATIVE)" SANITIZE="$(SANITIZE)" \
	  ./scripts/install.sh

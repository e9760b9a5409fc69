#!/usr/bin/env bash
# Installs the SDK like any C library (called by `make install`):
#   PREFIX/include/proxywasm.h, PREFIX/include/proxywasm/*.h (with emulator.h)
#   PREFIX/lib/wasm32-wasi/libproxywasm.a       the SDK for wasm32 plugins
#   PREFIX/lib/libproxywasm_native.a            the SDK compiled natively
#   PREFIX/lib/libproxywasm_emulator.a          the host emulator (unit tests)
#   PREFIX/lib/libproxywasm_emulator_wasm.a     its wasm mode (+ share/proxywasm/wasm2c)
#   PREFIX/lib/pkgconfig/proxywasm.pc, proxywasm-emulator.pc
#   PREFIX/lib/cmake/proxywasm/                 find_package(proxywasm), toolchain file
#   PREFIX/share/proxywasm/mk/proxywasm.mk      the make fragment
# Files land under DESTDIR/PREFIX; the files name PREFIX only.
# Environment: PREFIX, DESTDIR, BUILD and NATIVE (the wasm and native build trees), SANITIZE (the flags
# the native libraries were built with).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
BUILD=${BUILD:-build}
NATIVE=${NATIVE:-build/native}
SANITIZE=${SANITIZE-}
case $PREFIX in /*) ;; *) echo "install: PREFIX must be absolute: $PREFIX" >&2; exit 2 ;; esac
dest=$DESTDIR$PREFIX
version=$(sed -n 's/^#define PROXYWASM_VERSION_STRING "\(.*\)"/\1/p' include/proxywasm/version.h)
[ -n "$version" ] || { echo "install: no version in include/proxywasm/version.h" >&2; exit 1; }

put() { install -D -m "$1" "$2" "$3"; }
for h in include/proxywasm.h include/proxywasm/*.h emulator/include/proxywasm/*.h; do
  put 644 "$h" "$dest/include/${h#*include/}"
done
put 644 "$BUILD/wasm/libproxywasm.a" "$dest/lib/wasm32-wasi/libproxywasm.a"
put 644 "$NATIVE/libproxywasm.a" "$dest/lib/libproxywasm_native.a"
put 644 "$NATIVE/libproxywasm_emulator.a" "$dest/lib/libproxywasm_emulator.a"
# The emulator's wasm mode: its archive, and what a test needs to link a
# module translated by wasm2c (the glue generator and its header).
put 644 "$NATIVE/wasm-mode/libproxywasm_emulator_wasm.a" "$dest/lib/libproxywasm_emulator_wasm.a"
put 755 scripts/wasm2c-glue.sh "$dest/share/proxywasm/wasm2c/wasm2c-glue.sh"
put 644 emulator/wasm.h "$dest/share/proxywasm/wasm2c/wasm.h"
put 644 mk/proxywasm.mk "$dest/share/proxywasm/mk/proxywasm.mk"
put 644 mk/cmake/proxywasm-toolchain.cmake "$dest/lib/cmake/proxywasm/proxywasm-toolchain.cmake"

# Templates: @PREFIX@, @VERSION@, @SANITIZE@ (as words) and @SANITIZE_LIST@
# (as a CMake list).
sanitize_list=$(echo "$SANITIZE" | xargs | tr ' ' ';')
subst() {
  mkdir -p "$(dirname "$2")"
  sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@VERSION@|$version|g" \
      -e "s|@SANITIZE@|$SANITIZE|g" -e "s|@SANITIZE_LIST@|$sanitize_list|g" "$1" >"$2"
  chmod 644 "$2"
}
subst mk/pkgconfig/proxywasm.pc.in "$dest/lib/pkgconfig/proxywasm.pc"
subst mk/pkgconfig/proxywasm-emulator.pc.in "$dest/lib/pkgconfig/proxywasm-emulator.pc"
subst mk/cmake/proxywasmConfig.cmake.in "$dest/lib/cmake/proxywasm/proxywasmConfig.cmake"
subst mk/cmake/proxywasmConfigVersion.cmake.in "$dest/lib/cmake/proxywasm/proxywasmConfigVersion.cmake"
echo "install: proxy-wasm-c $version in $dest"

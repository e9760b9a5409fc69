#!/usr/bin/env bash
# Installs the SDK into a temporary prefix (`make install`) and builds one
# out-of-tree plugin (tests/install/plugin), with its emulator test, three
# ways against the installed copy: the make fragment, pkg-config, and CMake
# (toolchain file for the .wasm, a native configure for the test); the make
# way also runs the test in the emulator's wasm mode. Each way
# must build a module with the same imports and exports, and pass the test.
# Also checks that DESTDIR stages the same files under DESTDIR/PREFIX.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install: FAILED: $*"; exit 1; }
quiet() { "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$*"; }; }

quiet make -C "$root" install PREFIX="$prefix"
quiet make -C "$root" install PREFIX=/opt/proxywasm DESTDIR="$tmp/stage"
diff <(cd "$prefix" && find . -type f | sort) <(cd "$tmp/stage/opt/proxywasm" && find . -type f | sort) \
  || fail "DESTDIR staging differs from a direct install"
grep -q '^prefix=/opt/proxywasm$' "$tmp/stage/opt/proxywasm/lib/pkgconfig/proxywasm.pc" \
  || fail "a staged pkg-config file must name PREFIX, not DESTDIR"
version=$(sed -n 's/^#define PROXYWASM_VERSION_STRING "\(.*\)"/\1/p' "$root/include/proxywasm/version.h")
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
[ "$(pkg-config --modversion proxywasm)" = "$version" ] || fail "proxywasm.pc version"
[ "$(pkg-config --modversion proxywasm-emulator)" = "$version" ] || fail "proxywasm-emulator.pc version"

# Nothing may come from the source tree: the plugin is copied out of it.
cp -r "$root/tests/install/plugin" "$tmp/plugin"
cd "$tmp/plugin"
sigs() { "$root/tests/abi/signatures.sh" "$1"; }

# 1. The make fragment.
quiet make -C "$tmp/plugin" PROXYWASM_ROOT="$prefix/share/proxywasm"
quiet ./build/plugin_test
quiet ./build/plugin_test-wasm   # the same test against the built module
sigs build/plugin.wasm >"$tmp/sigs.make"
grep -q '^export proxy_on_response_headers' "$tmp/sigs.make" || fail "make: module lacks its hook"

# 2. pkg-config.
mkdir -p pc
quiet clang-19 --target="$(pkg-config --variable=target proxywasm)" -std=c11 -Oz -Wall -Wextra -Werror \
  $(pkg-config --cflags proxywasm) plugin.c $(pkg-config --libs proxywasm) -o pc/plugin.wasm
quiet cc -Wall -Wextra -Werror $(pkg-config --cflags proxywasm-emulator) plugin_test.c plugin.c \
  $(pkg-config --libs proxywasm-emulator) -lcmocka -o pc/plugin_test
quiet ./pc/plugin_test
diff "$tmp/sigs.make" <(sigs pc/plugin.wasm) || fail "pkg-config: different imports/exports"

# 3. CMake: the toolchain file builds the .wasm, a native configure the test.
quiet cmake -S . -B cmake-wasm -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/proxywasm/proxywasm-toolchain.cmake"
quiet cmake --build cmake-wasm
diff "$tmp/sigs.make" <(sigs cmake-wasm/plugin.wasm) || fail "CMake: different imports/exports"
quiet cmake -S . -B cmake-native -DCMAKE_PREFIX_PATH="$prefix"
quiet cmake --build cmake-native
(cd cmake-native && quiet ctest --output-on-failure)
# find_package refuses another major version.
sed 's/find_package(proxywasm 1.0 REQUIRED)/find_package(proxywasm 99 REQUIRED)/' CMakeLists.txt >"$tmp/CMakeLists.txt"
mkdir -p "$tmp/v99" && cp plugin.c plugin_test.c "$tmp/v99/" && cp "$tmp/CMakeLists.txt" "$tmp/v99/"
if cmake -S "$tmp/v99" -B "$tmp/v99/b" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/log" 2>&1; then
  fail "CMake accepted a request for version 99"
fi
echo "install: make fragment, pkg-config and CMake each built and tested the plugin ($(stat -c %s build/plugin.wasm) bytes)"

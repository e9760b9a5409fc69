#!/usr/bin/env bash
# Runs Envoy: $ENVOY_BIN if set, else the project's .venv (from setup.sh),
# else envoy on PATH. All arguments are passed on.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${ENVOY_BIN:-}" ]; then
  exec "$ENVOY_BIN" "$@"
elif [ -x "$root/.venv/bin/envoy" ]; then
  exec "$root/.venv/bin/envoy" "$@"
elif command -v envoy >/dev/null 2>&1; then
  exec envoy "$@"
fi
echo "envoy.sh: no Envoy found; run 'make setup' or set ENVOY_BIN" >&2
exit 127

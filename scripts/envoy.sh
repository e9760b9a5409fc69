#!/usr/bin/env bash
# Runs Envoy: $ENVOY_BIN if set, else with ENVOY_VERSION=X the release
# setup.sh installed for it (.venv-envoy-X, or .venv when that is X), else
# the project's .venv (from setup.sh), else envoy on PATH. All arguments are
# passed on.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${ENVOY_BIN:-}" ]; then
  exec "$ENVOY_BIN" "$@"
elif [ -n "${ENVOY_VERSION:-}" ]; then
  for e in "$root/.venv-envoy-$ENVOY_VERSION/bin/envoy" "$root/.venv/bin/envoy"; do
    [ -x "$e" ] && "$e" --version 2>/dev/null | grep -q "/$ENVOY_VERSION/" && exec "$e" "$@"
  done
  echo "envoy.sh: no Envoy $ENVOY_VERSION; run: ENVOY_VERSION=$ENVOY_VERSION scripts/setup.sh" >&2
  exit 127
elif [ -x "$root/.venv/bin/envoy" ]; then
  exec "$root/.venv/bin/envoy" "$@"
elif command -v envoy >/dev/null 2>&1; then
  exec envoy "$@"
fi
echo "envoy.sh: no Envoy found; run 'make setup' or set ENVOY_BIN" >&2
exit 127

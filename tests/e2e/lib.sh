# lib.sh - end-to-end tests of plugins in a real Envoy. Sourced by every
# examples/<name>/e2e.sh and tests/e2e/<name>/e2e.sh:
#
#   source "$(dirname "$0")/../../tests/e2e/lib.sh"
#   e2e_envoy_start                       # the envoy.yaml next to the script
#   e2e_http 200 http://localhost:18000/
#   e2e_header_is x-smoke "it works"
#   e2e_log_contains "request path: /"
#   e2e_pass
#
# Every check prints a clear message and ends the script non-zero on failure
# (also from inside $(...)), after printing the tail of Envoy's log; Envoy is
# always stopped on exit. After sourcing, the script runs in the repo root.
#
#   e2e_envoy_start [yaml]          start Envoy from the repo root (wasm paths in
#                                   the yaml are relative to it) and wait until
#                                   admin GET /ready is 200; fails if Envoy exits,
#                                   a Wasm VM fails, or a .wasm file is missing
#   e2e_envoy_start_fails [yaml]    expect Envoy to refuse the config: it must
#                                   exit non-zero without ever becoming ready
#   e2e_envoy_stop                  POST /quitquitquit, wait (kill after a deadline)
#   e2e_http <status> <curl args…>  one request; body in $E2E_BODY, headers in
#                                   $E2E_HEADERS; status 000 = no HTTP response
#   e2e_body_is <text>              exact body, byte for byte
#   e2e_body_file_is <file>         the body equals the file, byte for byte
#   e2e_body_contains <text>
#   e2e_header_is <name> <value>    a response header of the last e2e_http
#   e2e_log_contains <text> [timeout_s]   (default 10 s)
#   e2e_log_lacks <text>            (waits 0.3 s first while Envoy runs)
#   e2e_log_count <text>            lines so far (poll with e2e_until to wait)
#   e2e_stats_contains <text> [timeout_s] GET /stats/prometheus contains text
#   e2e_stat_value <name>           value of a counter or gauge
#   e2e_until <timeout_s> <cmd…>    poll cmd (may be an e2e_ check) until it succeeds
#   e2e_cleanup <cmd…>              run cmd at exit (e.g. stop a helper server)
#   e2e_fail <message> / e2e_pass [message]
#
# Variables: E2E_ROOT, E2E_NAME, E2E_DIR (build/e2e/<name>), E2E_LOG (the log
# of the current or last Envoy: envoy.log, then envoy.2.log, ...), E2E_BODY,
# E2E_HEADERS, E2E_ENVOY_PID. Settings: E2E_CONCURRENCY (1), E2E_ADMIN_PORT
# (8001), E2E_START_TIMEOUT (30 s), E2E_LOCK_TIMEOUT (600 s), E2E_ENVOY_ARGS
# (extra flags), E2E_SETTLE (0.3 s), E2E_ALLOW_VM_FAILURE=1 (a test that
# makes a VM fail on purpose), E2E_WASM_BUILD (load the .wasm files from
# this build tree instead of build/, e.g. one made by another toolchain),
# E2E_WASM_LOG_LEVEL (trace: Envoy's wasm log level; long runs use info, as
# trace writes a line per hostcall), E2E_YAML (the default yaml instead of
# the envoy.yaml next to the script: the Istio tests run an example's e2e.sh
# on a module pulled from a registry). Do not replace the EXIT trap: use
# e2e_cleanup.
# Envoy also gets --file-flush-interval-msec 50: its --log-path file is
# otherwise written every 10 s.
#
# Envoy runs with a unique --base-id and under an flock on
# /tmp/proxywasm-e2e.lock (held until the script exits), because envoy.yaml
# files use fixed ports; concurrent runs (other tests, benchmarks) queue.

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=${E2E_NAME:-$(basename "$(cd "$(dirname "$0")" && pwd)")}
E2E_DIR="$E2E_ROOT/build/e2e/$E2E_NAME"
E2E_LOG="$E2E_DIR/envoy.log"
E2E_BODY="$E2E_DIR/body"
E2E_HEADERS="$E2E_DIR/headers"
E2E_ENVOY_PID=
E2E_CONCURRENCY=${E2E_CONCURRENCY:-1}
E2E_ADMIN_PORT=${E2E_ADMIN_PORT:-8001}
E2E_START_TIMEOUT=${E2E_START_TIMEOUT:-30}
E2E_LOCK_TIMEOUT=${E2E_LOCK_TIMEOUT:-600}
E2E_LOCK_FILE=${E2E_LOCK_FILE:-/tmp/proxywasm-e2e.lock}
E2E_ADMIN="http://127.0.0.1:$E2E_ADMIN_PORT"
# The caller's directory, for the default yaml, before we change directory.
e2e__script_dir=$(cd "$(dirname "$0")" && pwd)
e2e__cwd=$PWD
e2e__pid=$BASHPID
e2e__lock_fd=
e2e__starts=0
e2e__soft=0          # >0 inside e2e_until: checks return 1 instead of exiting
e2e__soft_msg=
e2e__cleanups=()
e2e__vm_may_fail=0   # the current log is of a start that was meant to fail
# Envoy log lines that mean a Wasm VM failed (trap, failed start/configure,
# module that does not load or link).
e2e__vm_failure_re='Function: [A-Za-z0-9_.]+ failed|Wasm VM failed|Unable to create Wasm|Failed to load Wasm|failed to load'

mkdir -p "$E2E_DIR"
rm -f "$E2E_DIR"/envoy*.log "$E2E_DIR"/envoy*.stderr "$E2E_BODY" "$E2E_HEADERS"
: >"$E2E_BODY"
: >"$E2E_HEADERS"
cd "$E2E_ROOT" || exit 1

e2e__say() { printf 'e2e[%s]: %s\n' "$E2E_NAME" "$*" >&2; }

# The end of Envoy's log without the per-hostcall trace lines, which would
# otherwise fill it.
e2e__log_tail() {
  local f
  for f in "$E2E_LOG" "${E2E_LOG%.log}.stderr"; do
    [ -s "$f" ] || continue
    printf -- '---- tail of %s\n' "${f#"$E2E_ROOT"/}" >&2
    grep -v -e 'wasm_vm.cc:[0-9]*\] \[' -e '\]\[info\]\[main\]' -e '^  [a-z]' "$f" |
      tail -n "${E2E_TAIL_LINES:-40}" | cut -c1-400 >&2
  done
  printf -- '---- end of log\n' >&2
}

# Failure inside a check: in e2e_until it only records the message.
e2e__fail() {
  if [ "$e2e__soft" -gt 0 ]; then
    e2e__soft_msg="$*"
    return 1
  fi
  e2e_fail "$@"
}

e2e_fail() {
  e2e__say "FAIL: $*"
  # Let the lines of the request that just failed reach the file.
  [ -n "$E2E_ENVOY_PID" ] && sleep 0.2
  e2e__log_tail
  if [ "$BASHPID" != "$e2e__pid" ]; then
    # Called in a subshell, e.g. v=$(e2e_stat_value x): end the script too.
    kill -USR1 "$e2e__pid" 2>/dev/null
  fi
  exit 1
}

e2e_pass() {
  e2e__check_vm || exit 1
  e2e__say "PASS${1:+: $*}"
}

e2e_cleanup() { e2e__cleanups+=("$(printf '%q ' "$@")"); }

# Fails when the current log shows a failed Wasm VM (unless allowed).
e2e__check_vm() {
  [ "${E2E_ALLOW_VM_FAILURE:-0}" = 1 ] || [ "$e2e__vm_may_fail" = 1 ] && return 0
  [ -f "$E2E_LOG" ] || return 0
  local line
  line=$(grep -E -m1 "$e2e__vm_failure_re" "$E2E_LOG") || return 0
  e2e__fail "a Wasm VM failed: $line"
}

e2e__on_exit() {
  local rc=$?
  trap - EXIT
  set +e
  if [ -n "$E2E_ENVOY_PID" ]; then
    [ "$rc" = 0 ] && { e2e__check_vm || rc=1; }
    e2e__stop_quietly
  fi
  local c
  for c in "${e2e__cleanups[@]+"${e2e__cleanups[@]}"}"; do eval "$c"; done
  exit "$rc"
}
trap e2e__on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 1' USR1

e2e__lock() {
  [ -n "$e2e__lock_fd" ] && return 0
  # run.sh holds the lock for the whole run and passes its descriptor down.
  if [ -n "${E2E_LOCK_FD:-}" ] && flock -n "$E2E_LOCK_FD" 2>/dev/null; then
    e2e__lock_fd=$E2E_LOCK_FD
    return 0
  fi
  exec {e2e__lock_fd}>>"$E2E_LOCK_FILE" || e2e_fail "cannot open $E2E_LOCK_FILE"
  if ! flock -n "$e2e__lock_fd"; then
    e2e__say "waiting for $E2E_LOCK_FILE (another Envoy test or benchmark is running)"
    flock -w "$E2E_LOCK_TIMEOUT" "$e2e__lock_fd" ||
      e2e_fail "could not lock $E2E_LOCK_FILE within ${E2E_LOCK_TIMEOUT}s"
  fi
}

e2e__http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" 2>/dev/null || true
}

# Every local .wasm the yaml names must exist (paths relative to the root).
e2e__check_wasm_files() {
  local f
  while read -r f; do
    [ -n "$f" ] || continue
    [ -f "$f" ] || e2e_fail "$1 names $f, which does not exist (build it first: make ${f})"
  done < <(grep -oE 'filename:[[:space:]]*["'\'']?[^"'\''}, ]+\.wasm' "$1" |
    sed -E 's/^filename:[[:space:]]*["'\'']?//')
}

# Starts Envoy in the background on $1; sets E2E_ENVOY_PID and E2E_LOG.
e2e__launch() {
  local yaml=$1
  [ -f "$yaml" ] || e2e_fail "no such Envoy config: $yaml"
  if [ -n "${E2E_WASM_BUILD:-}" ]; then
    # The same test against modules of another build tree (a toolchain).
    sed -E "s#(filename:[[:space:]]*[\"']?)build/#\1$E2E_WASM_BUILD/#" "$yaml" >"$E2E_DIR/envoy.rewritten.yaml"
    yaml=$E2E_DIR/envoy.rewritten.yaml
  fi
  e2e__check_wasm_files "$yaml"
  [ -n "$E2E_ENVOY_PID" ] && e2e__stop_quietly
  e2e__lock
  if [ "$(e2e__http_code "$E2E_ADMIN/ready")" != 000 ]; then
    e2e_fail "port $E2E_ADMIN_PORT is already in use (a leftover Envoy? see: ss -ltnp)"
  fi
  e2e__starts=$((e2e__starts + 1))
  e2e__vm_may_fail=0
  if [ "$e2e__starts" = 1 ]; then E2E_LOG="$E2E_DIR/envoy.log"; else E2E_LOG="$E2E_DIR/envoy.$e2e__starts.log"; fi
  : >"$E2E_LOG"
  # Unique per process and start, so concurrent Envoys never share hot-restart
  # shared memory; fits Envoy's uint32 base id.
  local base_id=$(((BASHPID % 400000) * 10 + e2e__starts % 10 + 1000))
  # --file-flush-interval-msec: --log-path output is otherwise flushed only
  # every 10 s, which would make log checks slow.
  # shellcheck disable=SC2086
  "$E2E_ROOT/scripts/envoy.sh" -c "$yaml" --concurrency "$E2E_CONCURRENCY" \
    --component-log-level "wasm:${E2E_WASM_LOG_LEVEL:-trace}" --base-id "$base_id" --log-path "$E2E_LOG" \
    --file-flush-interval-msec 50 ${E2E_ENVOY_ARGS:-} \
    >"${E2E_LOG%.log}.stderr" 2>&1 {e2e__lock_fd}>&- &
  E2E_ENVOY_PID=$!
  e2e__say "envoy started (pid $E2E_ENVOY_PID, ${yaml#"$E2E_ROOT"/}, log ${E2E_LOG#"$E2E_ROOT"/})"
}

# The yaml to run: default next to the script; a relative path is taken
# from the repo root, else from the directory the script was started in.
e2e__default_yaml() {
  local y=${1:-${E2E_YAML:-$e2e__script_dir/envoy.yaml}}
  if [[ "$y" != /* && ! -f "$y" && -f "$e2e__cwd/$y" ]]; then y="$e2e__cwd/$y"; fi
  echo "$y"
}

e2e_envoy_start() {
  local yaml rc deadline
  yaml=$(e2e__default_yaml "${1:-}")
  e2e__launch "$yaml"
  deadline=$((SECONDS + E2E_START_TIMEOUT))
  while :; do
    if ! kill -0 "$E2E_ENVOY_PID" 2>/dev/null; then
      rc=0; wait "$E2E_ENVOY_PID" || rc=$?
      E2E_ENVOY_PID=
      local why
      why=$(grep -ohE "cannot bind '[^']*': Address already in use" "$E2E_LOG" | head -n 1)
      # Ports from 32768 up are Linux's ephemeral range: any client socket may hold them.
      [ -n "$why" ] && why=" ($why; a port from 32768 up can be taken by any client socket)"
      e2e_fail "Envoy exited during startup (status $rc)$why"
    fi
    e2e__check_vm || exit 1
    [ "$(e2e__http_code "$E2E_ADMIN/ready")" = 200 ] && break
    [ "$SECONDS" -lt "$deadline" ] || e2e_fail "Envoy not ready within ${E2E_START_TIMEOUT}s"
    sleep 0.05
  done
  e2e__check_vm || exit 1
}

e2e_envoy_start_fails() {
  local yaml rc deadline
  yaml=$(e2e__default_yaml "${1:-}")
  e2e__launch "$yaml"
  e2e__vm_may_fail=1
  deadline=$((SECONDS + E2E_START_TIMEOUT))
  while kill -0 "$E2E_ENVOY_PID" 2>/dev/null; do
    [ "$(e2e__http_code "$E2E_ADMIN/ready")" = 200 ] &&
      e2e_fail "Envoy accepted ${yaml#"$E2E_ROOT"/} and became ready; expected it to refuse"
    [ "$SECONDS" -lt "$deadline" ] || e2e_fail "Envoy neither exited nor became ready within ${E2E_START_TIMEOUT}s"
    sleep 0.05
  done
  rc=0; wait "$E2E_ENVOY_PID" || rc=$?
  E2E_ENVOY_PID=
  [ "$rc" != 0 ] || e2e_fail "Envoy exited with status 0; expected a failure"
  e2e__say "envoy refused ${yaml#"$E2E_ROOT"/} as expected (status $rc)"
}

# Stops Envoy without failing the script.
e2e__stop_quietly() {
  local pid=$E2E_ENVOY_PID deadline
  [ -n "$pid" ] || return 0
  E2E_ENVOY_PID=
  curl -s -o /dev/null --max-time 2 -X POST "$E2E_ADMIN/quitquitquit" 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    e2e__say "envoy did not quit; sending SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  return 0
}

e2e_envoy_stop() {
  [ -n "$E2E_ENVOY_PID" ] || return 0
  e2e__stop_quietly
  e2e__check_vm || exit 1
}

e2e_http() {
  local want=$1 got
  shift
  got=$(curl -s --max-time 10 -o "$E2E_BODY" -D "$E2E_HEADERS" -w '%{http_code}' "$@" 2>/dev/null) || true
  got=${got:-000}
  if [ "$got" != "$want" ]; then
    e2e__fail "$(printf 'curl %s: status %s, want %s; body: %.300s' "$*" "$got" "$want" \
      "$(tr -d '\0' <"$E2E_BODY" 2>/dev/null)")"
    return 1
  fi
}

# Exact, byte for byte (a body without its trailing newline does not match).
e2e_body_is() {
  cmp -s "$E2E_BODY" <(printf '%s' "$1") && return 0
  local body
  body=$(cat "$E2E_BODY"; printf x)
  e2e__fail "body is $(printf '%q' "${body%x}"), want $(printf '%q' "$1")"
}

e2e_body_file_is() {
  cmp -s "$E2E_BODY" "$1" && return 0
  local diff
  diff=$(cmp -l "$E2E_BODY" "$1" 2>/dev/null | awk 'NR == 1 { first = $1 - 1 } END { printf "%d bytes differ, first at offset %s", NR, first }')
  e2e__fail "body ($(stat -c %s "$E2E_BODY") bytes) differs from $1 ($(stat -c %s "$1") bytes): $diff"
}

e2e_body_contains() {
  grep -qF -- "$1" "$E2E_BODY" && return 0
  e2e__fail "body lacks $(printf '%q' "$1"); body: $(head -c 300 "$E2E_BODY" | tr -d '\0')"
}

# The values of a response header in the last response block (curl -D holds
# one block per response, e.g. after 100 Continue), one per line.
e2e__header_values() {
  tr -d '\r' <"$E2E_HEADERS" | awk -v name="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" '
    /^HTTP\// { n = 0; next }
    {
      i = index($0, ":"); if (i == 0) next
      if (tolower(substr($0, 1, i - 1)) != name) next
      v = substr($0, i + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
      vals[n++] = v
    }
    END { for (j = 0; j < n; j++) print vals[j] }'
}

e2e_header_is() {
  local name=$1 want=$2 values
  values=$(e2e__header_values "$name")
  if [ -n "$values" ] && grep -qxF -- "$want" <<<"$values"; then return 0; fi
  if [ -z "$values" ]; then
    e2e__fail "response has no header $name (want $(printf '%q' "$want")); headers: $(tr -d '\r' <"$E2E_HEADERS" | tr '\n' '|')"
  else
    e2e__fail "header $name is $(printf '%q' "$values"), want $(printf '%q' "$want")"
  fi
}

# Polls fn with args until it succeeds or timeout_s passes (no fixed sleeps).
e2e__poll() {
  local timeout=$1 deadline
  shift
  deadline=$((SECONDS + timeout))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

e2e__log_has() { grep -qF -- "$1" "$E2E_LOG" 2>/dev/null; }

e2e_log_contains() {
  e2e__poll "${2:-10}" e2e__log_has "$1" && return 0
  e2e__fail "Envoy log lacks $(printf '%q' "$1") after ${2:-10}s"
}

# Absence cannot be polled for: give in-flight lines (a worker logs on_log
# after the response is sent; the file is flushed every 50 ms) time to land.
e2e_log_lacks() {
  local line
  [ -n "$E2E_ENVOY_PID" ] && sleep "${E2E_SETTLE:-0.3}"
  line=$(grep -F -m1 -- "$1" "$E2E_LOG" 2>/dev/null) || return 0
  e2e__fail "Envoy log contains $(printf '%q' "$1"): $line"
}

e2e_log_count() {
  local n
  n=$(grep -cF -- "$1" "$E2E_LOG" 2>/dev/null) || true
  echo "${n:-0}"
}

e2e__stats_has() {
  local stats
  stats=$(curl -s --max-time 2 "$E2E_ADMIN/stats/prometheus" 2>/dev/null) || return 1
  grep -qF -- "$1" <<<"$stats"
}

e2e_stats_contains() {
  e2e__poll "${2:-10}" e2e__stats_has "$1" && return 0
  e2e__fail "GET /stats/prometheus lacks $(printf '%q' "$1") after ${2:-10}s"
}

# Plain /stats lines are "name: value"; plugin metrics may carry Envoy's
# internal "wasmcustom." prefix, so both spellings are accepted.
e2e_stat_value() {
  local v
  v=$(curl -s --max-time 2 "$E2E_ADMIN/stats" 2>/dev/null |
    awk -v n="$1" '{ k = $1; sub(/:$/, "", k) }
      k == n || k == "wasmcustom." n { print $2; exit }') || true
  if [ -z "$v" ]; then
    e2e__fail "no stat named $1 in GET /stats"
    return 1
  fi
  echo "$v"
}

e2e_until() {
  local timeout=$1 deadline
  shift
  deadline=$((SECONDS + timeout))
  e2e__soft=$((e2e__soft + 1))
  e2e__soft_msg=
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      e2e__soft=$((e2e__soft - 1))
      e2e__fail "not true within ${timeout}s: $*${e2e__soft_msg:+ (last: $e2e__soft_msg)}"
      return 1
    fi
    sleep 0.05
  done
  e2e__soft=$((e2e__soft - 1))
}

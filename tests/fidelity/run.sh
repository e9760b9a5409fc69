#!/usr/bin/env bash
# run.sh - the differential suite: each scenario of tests/fidelity/probe.c
# runs in real Envoy (real requests with curl over HTTP/1.1 and HTTP/2,
# real TCP connections, local upstreams on loopback) and in the emulator
# (tests/fidelity/driver.c performs the same events); the transcripts must
# be equal after the normalisations in VOLATILE below. Any other difference
# fails, with a diff.
#
#   tests/fidelity/run.sh [scenario...]      (make fidelity)
#
# Envoy: scripts/envoy.sh (ENVOY_BIN, or ENVOY_VERSION's venv). Output and
# transcripts: build/e2e/fidelity/.
source "$(dirname "$0")/../e2e/lib.sh"

driver=build/native/fidelity/driver
[ -x "$driver" ] || e2e_fail "missing $driver (make fidelity builds it)"

# Declared-volatile fields: a sed expression, then why it may differ. The
# probe prints roles instead of context ids and tokens, and no times, dates
# or ports, so little is left here.
VOLATILE=(
  's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/<uuid>/g'
  'x-request-id values are random per request'
  '/|co_refused|/{s/, transport failure reason: [^"]*//;s/\(body\|size\)=[0-9]*/\1=<n>/g}'
  'the 503 body for a refused upstream differs by release: 1.36 appends ", transport failure reason: delayed connect error: Connection refused", 1.40 does not (status and headers agree)'
)

http_scenarios=(hdr_rw h2 body resp_buf local_reqh local_reqb local_resph local_respb props shared queues
  queue_ready tick park_a metrics co_ok co_trailers co_big co_timeout co_reset co_refused co_unknown co_empty co_after_end
  rw_all g_ok g_err g_timeout g_unknown g_stream g_stream_deny g_cancel)
tcp_scenarios=(tcp_client_first tcp_server_first tcp_client_reset tcp_paused tcp_shut)
if [ "$#" -gt 0 ]; then
  want=" $* "
  filter() { local s; for s in "$@"; do [[ "$want" == *" $s "* ]] && echo "$s"; done; }
  mapfile -t http_scenarios < <(filter "${http_scenarios[@]}")
  mapfile -t tcp_scenarios < <(filter "${tcp_scenarios[@]}")
fi

# A 64 KiB body for the /big direct response.
head -c 65536 /dev/zero | tr '\0' 'b' >build/fidelity/big.txt

# The reloadable listener (lds.yaml); a removed listener's plugin shuts
# down once its connections drained: 1 s, not Envoy's default 600 s.
cp tests/fidelity/lds.yaml build/fidelity/lds.yaml
E2E_ENVOY_ARGS="${E2E_ENVOY_ARGS:-} --drain-time-s 1"
e2e_envoy_start tests/fidelity/envoy.yaml
python3 tests/fidelity/upstream.py 18302 18306 &
up_pid=$!
e2e_cleanup kill "$up_pid"
e2e_until 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18306' 2>/dev/null

# One scenario's client side. Every request ends in on_delete of its stream.
run_http() {
  local s=$1
  local args=(-s -o /dev/null --max-time 10 -H "x-fid: $s")
  case $s in
    h2) args+=(--http2-prior-knowledge) ;;
    body | local_reqb | rw_all) args+=(-H 'content-type: text/plain' --data-binary 'hello-body') ;;
  esac
  # resp_buf: the client must get the body the plugin rewrote once it had
  # all of it.
  if [ "$s" = resp_buf ]; then args[2]=$E2E_BODY; fi
  curl "${args[@]}" "http://127.0.0.1:18300/fid/$s" || true
  if [ "$s" = resp_buf ] && [ "$(cat "$E2E_BODY")" != "[all]" ]; then
    e2e_fail "resp_buf: the client got '$(cat "$E2E_BODY")', not the rewritten body"
  fi
  e2e_log_contains "FID|$s|cb on_delete"
  if [ "$s" = co_after_end ]; then e2e_log_contains "FID|$s|cb on_http_call_response"; fi
  if [ "$s" = tick ]; then e2e_log_contains "FID|$s|set_tick_period_milliseconds(0)"; fi
}

run_tcp() {
  local s=$1 port=18304 msg=ping
  [ "$s" = tcp_server_first ] && { port=18305; msg=close; }
  [ "$s" = tcp_client_reset ] && { port=18307; msg=reset; }
  [ "$s" = tcp_paused ] && port=18309
  [ "$s" = tcp_shut ] && port=18310
  python3 - "$port" "$msg" <<'PY' &
import socket, struct, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
c.sendall(sys.argv[2].encode())
got = b""
# Client first: close once the echo is back. Server first: wait for the
# server's close (EOF), then close. Reset: abort once the echo is back.
while True:
    d = c.recv(100)
    if not d or (sys.argv[2] != "close" and len(got + d) >= len(sys.argv[2])):
        break
    got += d
if sys.argv[2] == "reset":  # SO_LINGER 0: close() sends RST, not FIN
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
PY
  local pid=$!
  # The connection waits (its data paused) until an HTTP stream resumes or
  # closes it from its own context.
  case $s in
    tcp_paused | tcp_shut)
      e2e_log_contains "FID|$s|(pause"
      run_http "$([ "$s" = tcp_paused ] && echo tcp_kick || echo tcp_kill)" ;;
  esac
  wait "$pid"
  e2e_log_contains "FID|$s|cb on_delete"
}

# park_a pauses its request until another stream (resume_b) resumes it.
run_park() {
  curl -s -o /dev/null --max-time 10 -H "x-fid: park_a" http://127.0.0.1:18300/fid/park_a &
  local pid=$!
  e2e_log_contains "FID|park_a|cb on_request_headers"
  run_http resume_b
  wait "$pid"
  e2e_log_contains "FID|park_a|cb on_delete"
}

for s in "${http_scenarios[@]}"; do
  if [ "$s" = park_a ]; then run_park; else run_http "$s"; fi
done
for s in "${tcp_scenarios[@]}"; do run_tcp "$s"; done
# reload: the listener of lds.yaml goes away (a rename, as Envoy watches for).
echo 'resources: []' >build/fidelity/lds.next.yaml
mv build/fidelity/lds.next.yaml build/fidelity/lds.yaml
e2e_log_contains "FID|reload|cb on_delete root"
sleep 0.3
e2e_envoy_stop
# The diffs say what failed; the log tail would be probe lines.
E2E_TAIL_LINES=3

normalise() {
  local i expr=()
  for ((i = 0; i < ${#VOLATILE[@]}; i += 2)); do expr+=(-e "${VOLATILE[i]}"); done
  sed "${expr[@]}"
}

# The emulator runs every scenario in the same order in one VM, so state
# that Envoy keeps between requests (shared data, metrics, the plugin's
# proxy_get_status) carries over the same way.
"$driver" "${http_scenarios[@]}" "${tcp_scenarios[@]}" >"$E2E_DIR/emulator.log" \
  2>"$E2E_DIR/emulator.stderr" || e2e_fail "the driver failed: $(head -c 2000 "$E2E_DIR/emulator.stderr")"
compared=("${http_scenarios[@]}" "${tcp_scenarios[@]}")
[[ " ${http_scenarios[*]} " == *" park_a "* ]] && compared+=(resume_b)
[[ " ${tcp_scenarios[*]} " == *" tcp_paused "* ]] && compared+=(tcp_kick)
[[ " ${tcp_scenarios[*]} " == *" tcp_shut "* ]] && compared+=(tcp_kill)
# g_unclaimed: gRPC callbacks for no live call (after a cancel or close):
# must stay empty in both.
compared+=(reload shutdown g_unclaimed)
fails=0
for s in "${compared[@]}"; do
  sed -n "s/.*\(FID|$s|.*\)/\1/p" "$E2E_LOG" | normalise >"$E2E_DIR/$s.envoy"
  grep -F "FID|$s|" "$E2E_DIR/emulator.log" | normalise >"$E2E_DIR/$s.emu"
  if diff -u "$E2E_DIR/$s.envoy" "$E2E_DIR/$s.emu" >"$E2E_DIR/$s.diff"; then
    printf 'fidelity: %-20s same (%s events)\n' "$s" "$(wc -l <"$E2E_DIR/$s.envoy")"
  else
    fails=$((fails + 1))
    printf 'fidelity: %-20s DIFFERS (--- envoy, +++ emulator)\n' "$s"
    sed 's/^/    /' "$E2E_DIR/$s.diff"
  fi
done
[ "$fails" = 0 ] || e2e_fail "$fails scenario(s) differ between Envoy and the emulator"
e2e_pass "${#compared[@]} scenarios, Envoy $("$E2E_ROOT/scripts/envoy.sh" --version 2>/dev/null | sed -n 's/.*version: [0-9a-f]*\/\([0-9.]*\)\/.*/\1/p')"

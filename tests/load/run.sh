#!/usr/bin/env bash
# run.sh - load, soak and large inputs in real Envoy, with 2 worker threads,
# on loopback (tests/load/plugin.c says what each path does).
#
#   tests/load/run.sh quick   make load (in make check): 2,000 warm-up and
#                             20,000 measured requests, every large input once
#   tests/load/run.sh soak    make soak: 3,000,000 measured requests; writes
#                             docs/soak/results.md and docs/soak/data.tsv
#
# The load: h2load sends rounds of requests to /load, alternating HTTP/1.1
# and h2c; each request CAS-increments a shared-data counter and enqueues an
# item that a receiver VM counts. After every round the script samples
# Envoy's RSS (/proc/<pid>/status VmRSS) and the plugin VMs' memory pages (a
# gauge the plugin keeps). Checked: every request succeeded; the counter is
# exactly the number of requests; every item arrived intact; no CAS increment
# or enqueue failed; memory pages and RSS are flat after the warm-up (bounds
# below). Then the large inputs, each checked byte for byte: 10 MiB request
# and response bodies (HTTP/1.1 and h2c), 1000 request headers, binary
# header values (0x80-0xff), 10,000-deep JSON, a 1 MiB plugin configuration.
# The 10 MiB bodies come last: a VM that traps there fails only them.
# Settings: LOAD_REQUESTS, LOAD_ROUND (requests per round), LOAD_CLIENTS.
mode=${1:-quick}
case $mode in
  quick) total=${LOAD_REQUESTS:-20000} round=${LOAD_ROUND:-2000} ;;
  soak) total=${LOAD_REQUESTS:-3000000} round=${LOAD_ROUND:-100000} ;;
  *) echo "usage: $0 quick|soak" >&2; exit 2 ;;
esac
warm=2000
clients=${LOAD_CLIENTS:-8}
# Bounds after the warm-up. Pages: the plugin frees everything a request
# allocates, so the VMs must not grow at all; 2 pages (128 KiB) of slack
# cover a later, higher peak of concurrent streams on one worker. A leak of
# 8 bytes per request is 160 KB over the quick run, 8 MB over the soak.
# RSS: Envoy's own caches (stats, connection pools, tcmalloc) move by a few
# MiB; a leak of 1 KiB per request would be 20 MiB over the quick run.
max_page_growth=2
max_rss_growth_kb=8192
[ "$mode" = soak ] && max_rss_growth_kb=16384

export E2E_NAME=load E2E_CONCURRENCY=2 E2E_WASM_LOG_LEVEL=info
source "$(dirname "$0")/../e2e/lib.sh"

command -v h2load >/dev/null || e2e_fail "h2load is not installed (make setup: nghttp2-client)"
command -v python3 >/dev/null || e2e_fail "python3 is not installed"
url=http://127.0.0.1:18100
inputs=tests/load/inputs.py
data=$E2E_DIR/data.tsv

# ---- upstream and Envoy -------------------------------------------------------
read -r config_bytes pad_bytes pad_fnv < <(python3 $inputs envoy tests/load/envoy.yaml.in \
  "$E2E_DIR/envoy.yaml") || e2e_fail "cannot write $E2E_DIR/envoy.yaml"
# The interpreter itself, not a wrapper (pyenv's shims), so that the kill
# at exit reaches the server.
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" tests/load/upstream.py 18101 2>"$E2E_DIR/upstream.log" &
upstream_pid=$!
e2e_cleanup kill "$upstream_pid"
e2e_until 10 curl -sf -o /dev/null http://127.0.0.1:18101/ready
e2e_envoy_start "$E2E_DIR/envoy.yaml"
e2e_log_contains "load: receiver started"
envoy_version=$(scripts/envoy.sh --version 2>/dev/null | sed -n 's/.*version: [0-9a-f]*\/\([^/]*\)\/.*/\1/p')

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$E2E_ENVOY_PID/status"; }
counter() { curl -s --max-time 10 "$url/counter"; }

# batch N h1|h2: N requests to /load; every one must succeed with 200.
batch() {
  local out=$E2E_DIR/h2load.out flags=(-m 10)
  [ "$2" = h1 ] && flags=(--h1)
  h2load -n "$1" -c "$clients" "${flags[@]}" "$url/load" >"$out" 2>&1 ||
    e2e_fail "h2load failed: $(tail -3 "$out" | tr '\n' ' ')"
  local ok codes
  ok=$(awk '/^requests:/ { print $8 }' "$out")
  codes=$(awk '/^status codes:/ { print $3 }' "$out")
  [ "$ok" = "$1" ] && [ "$codes" = "$1" ] ||
    e2e_fail "$2: $1 requests sent, ${ok:-?} succeeded, ${codes:-?} with status 2xx: $(grep -E '^(requests|status)' "$out" | tr '\n' ' ')"
}

sample() { # sample SENT: one line of data.tsv
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" $((SECONDS - t0)) "$(rss_kb)" \
    "$(e2e_stat_value load_pages_filter)" "$(e2e_stat_value load_pages_receiver)" "$(counter)" >>"$data"
}

# ---- load -------------------------------------------------------------------
batch "$warm" h1
batch "$warm" h2
sent=$((2 * warm))
printf 'requests\tseconds\trss_kb\tpages_filter\tpages_receiver\tcounter\n' >"$data"
t0=$SECONDS
sample "$sent"
start_ms=$(date +%s%3N)
r=0
while [ "$sent" -lt $((2 * warm + total)) ]; do
  n=$((2 * warm + total - sent))
  [ "$n" -gt "$round" ] && n=$round
  if [ $((r % 2)) = 0 ]; then batch "$n" h1; else batch "$n" h2; fi
  sent=$((sent + n)) r=$((r + 1))
  sample "$sent"
done
load_ms=$(($(date +%s%3N) - start_ms))

# Nothing lost: the counter and the items.
got=$(counter)
[ "$got" = "$sent" ] || e2e_fail "shared-data counter is $got after $sent requests: $((sent - got)) updates lost"
for m in load_cas_failed load_send_failed load_items_bad load_body_failed; do
  [ "$(e2e_stat_value $m)" = 0 ] || e2e_fail "$m is $(e2e_stat_value $m), want 0"
done
[ "$(e2e_stat_value load_items_sent)" = "$sent" ] ||
  e2e_fail "$(e2e_stat_value load_items_sent) items enqueued for $sent requests"
items_ok() { [ "$(e2e_stat_value load_items_received)" = "$sent" ]; }
e2e_until 60 items_ok
retries=$(e2e_stat_value load_cas_retries)

# Flat memory after the warm-up (first data line).
read -r rss0 rss1 rss_max pf0 pf1 pr0 pr1 < <(awk -F'\t' 'NR == 2 { r0 = $3; f0 = $4; q0 = $5 }
  NR >= 2 { if ($3 > m) m = $3; r1 = $3; f1 = $4; q1 = $5 }
  END { print r0, r1, m, f0, f1, q0, q1 }' "$data")
[ $((pf1 - pf0)) -le "$max_page_growth" ] ||
  e2e_fail "filter VMs grew from $pf0 to $pf1 pages over $total requests (bound $max_page_growth)"
[ $((pr1 - pr0)) -le "$max_page_growth" ] ||
  e2e_fail "receiver VM grew from $pr0 to $pr1 pages over $total items (bound $max_page_growth)"
[ $((rss1 - rss0)) -le "$max_rss_growth_kb" ] ||
  e2e_fail "Envoy RSS grew from $rss0 to $rss1 kB over $total requests (bound $max_rss_growth_kb kB)"
e2e__say "load: $sent requests, 0 lost updates ($retries CAS retries), $sent items, RSS $rss0 -> $rss1 kB (max $rss_max), pages $pf0 -> $pf1 (filter) $pr0 -> $pr1 (receiver), $((total * 1000 / (load_ms ? load_ms : 1))) req/s"

# ---- large inputs -------------------------------------------------------------
# 1000 request headers, over HTTP/1.1 and h2c.
want_fnv=$(python3 $inputs headers "$E2E_DIR/headers.txt" 1000)
for proto in --http1.1 --http2-prior-knowledge; do
  e2e_http 200 "$proto" -H @"$E2E_DIR/headers.txt" "$url/headers"
  e2e_header_is x-load-count 1000
  e2e_header_is x-load-fnv "$want_fnv"
done

# Binary header values pass through the plugin both ways, byte for byte.
python3 $inputs binary "$E2E_DIR/binary.txt"
for proto in --http1.1 --http2-prior-knowledge; do
  e2e_http 200 "$proto" -H @"$E2E_DIR/binary.txt" "$url/bin"
  python3 $inputs same-binary "$E2E_HEADERS" || e2e_fail "binary header value changed ($proto)"
done

# JSON: a valid body parses; 10,000-deep nesting gets a clean 400 and a log line.
python3 $inputs deep "$E2E_DIR/ok.json" 60
e2e_http 200 -X POST --data-binary @"$E2E_DIR/ok.json" "$url/json"
e2e_body_is $'json: ok\n'
python3 $inputs deep "$E2E_DIR/deep.json" 10000
e2e_http 400 -X POST --data-binary @"$E2E_DIR/deep.json" "$url/json"
e2e_body_contains "json: parse failure at byte "
e2e_log_contains "load: json body of 20000 bytes rejected at byte "

# The 1 MiB plugin configuration arrived whole.
e2e_http 200 "$url/config"
e2e_header_is x-load-config-bytes "$config_bytes"
e2e_header_is x-load-pad-bytes "$pad_bytes"
e2e_header_is x-load-pad-fnv "$pad_fnv"
e2e_log_contains "load: filter started, configuration $config_bytes bytes, pad $pad_bytes bytes"

# post_big PROTO OUT...: POSTs the 10 MiB body to /body once per OUT on one
# connection (so one VM serves them all); each response must come back as
# sent (the plugin XORs it twice) and the upstream must have received the
# body XOR 0x5a.
big=$E2E_DIR/big.bin
big_sha=$(python3 $inputs body "$big" 10)
post_big() {
  local proto=$1 args=() o
  shift
  for o in "$@"; do
    [ ${#args[@]} = 0 ] || args+=(--next)
    args+=("$proto" -sS --max-time 60 -X POST --data-binary @"$big" -H 'Expect:'
      -H 'content-type: application/octet-stream' -D "$o.h" -o "$o" "$url/body")
  done
  curl "${args[@]}" 2>"$E2E_DIR/curl.err" ||
    e2e_fail "curl $proto POST /body failed: $(head -c 300 "$E2E_DIR/curl.err")"
  for o in "$@"; do
    grep -qa '^HTTP/[0-9.]* 200' "$o.h" || e2e_fail "POST /body ($proto): $(head -1 "$o.h")"
    cmp -s "$big" "$o" || e2e_fail "10 MiB response body ($proto) differs: $(cmp "$big" "$o" 2>&1 | head -1)"
    grep -qai "^x-upstream-sha256: $big_sha" "$o.h" ||
      e2e_fail "the upstream did not receive the 10 MiB body XOR 0x5a ($proto): $(grep -ai '^x-upstream' "$o.h" | tr -d '\r' | tr '\n' ' ')"
  done
}
pages_of() { tr -d '\r' <"$1.h" | awk -F': ' 'tolower($1) == "x-load-pages" { print $2 }'; }
# Three bodies on one HTTP/1.1 connection (one VM): the first grows the VM; the third
# must find it exactly as the second left it.
post_big --http1.1 "$E2E_DIR/big1" "$E2E_DIR/big2" "$E2E_DIR/big3"
p2=$(pages_of "$E2E_DIR/big2") p3=$(pages_of "$E2E_DIR/big3")
[ -n "$p2" ] && [ "$p2" = "$p3" ] ||
  e2e_fail "repeated 10 MiB bodies grew the VM from ${p2:-?} to ${p3:-?} pages"
e2e__say "10 MiB bodies: VM pages $(pages_of "$E2E_DIR/big1") $p2 $p3"
big_pages=$p3
# h2c: one body per connection (curl 7.88 fails a second upload on a reused
# h2 connection before sending it).
post_big --http2-prior-knowledge "$E2E_DIR/big4"


if [ "$mode" = soak ]; then
  LOAD_DATE=$(date -u '+%Y-%m-%d %H:%M UTC') LOAD_ENVOY=$envoy_version LOAD_SENT=$sent \
    LOAD_WARM=$((2 * warm)) LOAD_MS=$load_ms LOAD_RETRIES=$retries LOAD_CLIENTS=$clients \
    LOAD_ITEMS=$(e2e_stat_value load_items_received) LOAD_BIG_PAGES=$big_pages \
    tests/load/report.sh "$data" docs/soak || e2e_fail "cannot write docs/soak"
fi
e2e_pass "$sent requests, 0 lost updates, 0 lost items, memory flat; large inputs whole"

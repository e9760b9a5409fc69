#!/usr/bin/env bash
# run.sh - the benchmark in real Envoy (method: bench/README.md). Run through
# `make bench`, which builds the contenders first. BENCH_QUICK=1 makes a
# ~3 minute smoke run whose numbers mean little; it, and runs of a subset
# (BENCH_GROUPS, BENCH_CONTENDERS), report to build/bench/results/report/
# instead of docs/bench/ (BENCH_DOCS overrides).
#
# For each workload group it starts one Envoy per contender (all alive at
# once, each pinned to CPU 0 with --concurrency 1, on its own ports), checks
# that each does the work, warms them up, then runs wrk (pinned to CPU 1)
# against them in interleaved rounds, then tops every Envoy up to LEAK
# requests and reads its RSS again. Raw results go to build/bench/results/,
# the report to docs/bench/ (bench/report.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  DUR=1 ROUNDS=1 WARM=1 LEAK=10000 TRACE_N=5
else
  DUR=${BENCH_DURATION:-1} ROUNDS=${BENCH_ROUNDS:-14} WARM=2 LEAK=200000 TRACE_N=20
fi
ENVOY_CPU=0 WRK_CPU=1
NICE=${BENCH_NICE:-0} # e.g. -5 (as root) to shield the measurement from other work
[ "$(nproc)" -ge 2 ] || WRK_CPU=0
B=build/bench
OUT=$B/results
# The committed report is only rewritten by a full run of everything.
DOCS=${BENCH_DOCS:-docs/bench}
if [ "${BENCH_QUICK:-0}" = 1 ] || [ -n "${BENCH_GROUPS:-}${BENCH_CONTENDERS:-}" ]; then
  DOCS=${BENCH_DOCS:-$OUT/report}
fi
LUA=bench/wrk/request.lua
PORT0=28000 # contender k uses PORT0 + 10k .. +3; the trace runs use 28090..

command -v wrk >/dev/null || { echo "run.sh: wrk is not installed" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl is not installed" >&2; exit 1; }
scripts/envoy.sh --version >/dev/null || exit 1

contenders=(none floor sdk go)
[ -f $B/rust.wasm ] && contenders+=(rust)
# group:tests; a test is name=body_bytes.
groups=("pass:pass=0" "headers:headers=0" "body:body1k=1024 body64k=65536" "shared:shared=0"
        "log:log=0")
# For investigations: BENCH_GROUPS="body log", BENCH_CONTENDERS="none floor sdk".
if [ -n "${BENCH_CONTENDERS:-}" ]; then read -r -a contenders <<< "$BENCH_CONTENDERS"; fi
if [ -n "${BENCH_GROUPS:-}" ]; then
  all=("${groups[@]}") groups=()
  for g in "${all[@]}"; do
    case " $BENCH_GROUPS " in *" ${g%%:*} "*) groups+=("$g") ;; esac
  done
fi

wasm_of() { # wasm_of CONTENDER WORKLOAD
  case $1 in
    none) echo "" ;;
    floor | sdk) echo "$root/$B/$1/$2.wasm" ;;
    go | rust) echo "$root/$B/$1.wasm" ;;
  esac
}

rm -rf "$OUT"
mkdir -p "$OUT/logs"
RAW=$OUT/raw.tsv MEM=$OUT/mem.tsv TRACE=$OUT/trace.tsv
for w in pass headers body shared log; do
  for c in "${contenders[@]}"; do
    f=$(wasm_of "$c" "$w")
    if [ -n "$f" ] && [ -f "$f" ]; then printf '%s\t%s\t%s\n' "$c" "$w" "$(stat -c %s "$f")"; fi
  done
done > "$OUT/sizes.tsv"
printf 'group\ttest\tconc\tround\tcontender\trps\tmean_us\tp50_us\tp99_us\tcpu_us_per_req\trequests\terrors\n' > "$RAW"
printf 'group\tcontender\tstartup_ms\trss_warm_kb\trss_end_kb\trequests\n' > "$MEM"
printf 'workload\tcontender\tdirection\tcall\tper_request\n' > "$TRACE"

# Never run while another helper's e2e test holds Envoy ports and CPUs.
exec 9> /tmp/proxywasm-e2e.lock
echo "run.sh: waiting for /tmp/proxywasm-e2e.lock" >&2
flock 9

declare -A PID
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
  PID=()
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# start_envoy KEY PORT_BASE CONFIG LOG [extra args]: starts Envoy, sets PID[KEY], and
# STARTUP_MS to the time from launch until the admin /ready answers LIVE.
start_envoy() {
  local key=$1 base=$2 cfg=$3 log=$4
  shift 4
  local t0
  t0=$(now_ms)
  nice -n "$NICE" taskset -c $ENVOY_CPU scripts/envoy.sh -c "$cfg" --concurrency 1 --disable-hot-restart \
    -l warning "$@" > "$log" 2>&1 &
  PID[$key]=$!
  until [ "$(taskset -c $WRK_CPU curl -s --max-time 1 "http://127.0.0.1:$((base + 1))/ready" 2>/dev/null)" = LIVE ]; do
    if ! kill -0 "${PID[$key]}" 2>/dev/null; then
      echo "run.sh: Envoy for $key died; see $log" >&2
      tail -5 "$log" >&2
      exit 1
    fi
    if [ $(($(now_ms) - t0)) -gt 60000 ]; then
      echo "run.sh: Envoy for $key not ready after 60 s; see $log" >&2
      exit 1
    fi
    sleep 0.01
  done
  STARTUP_MS=$(($(now_ms) - t0))
}

stop_envoy() {
  kill "${PID[$1]}" 2>/dev/null || true
  wait "${PID[$1]}" 2>/dev/null || true
  unset "PID[$1]"
}

# CPU time (ns) all threads of a process have run: immune to time spent waiting for the CPU.
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }
rss_kb() { awk '/^VmRSS/ {print $2}' /proc/"$1"/status; }

# wrk_run PORT CONC SECONDS BODY: runs wrk, prints "requests rps mean_us p50_us p99_us errors"
wrk_run() {
  local line
  line=$(BENCH_BODY=$4 nice -n "$NICE" taskset -c $WRK_CPU wrk -t1 -c"$2" -d"$3"s -s $LUA \
    "http://127.0.0.1:$1/" 2>&1 | grep '^BENCH ') || { echo "run.sh: wrk failed" >&2; exit 1; }
  echo "$line" | awk '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%d %.1f %.2f %d %d %d\n", v["requests"], v["requests"] * 1e6 / v["duration_us"],
      v["mean_us"], v["p50_us"], v["p99_us"], v["errors"]
  }'
}

# verify CONTENDER WORKLOAD PORT: checks that the contender does the work.
verify() {
  local c=$1 w=$2 port=$3 h
  h=$(curl -s -i -H 'x-bench-a: alpha' -H 'x-bench-b: beta' "http://127.0.0.1:$port/") ||
    { echo "run.sh: $c/$w: request failed" >&2; exit 1; }
  echo "$h" | head -1 | grep -q ' 200' || { echo "run.sh: $c/$w: not 200" >&2; exit 1; }
  case $w in
    headers)
      local n
      n=$(echo "$h" | grep -ciE '^x-bench-(1: one|2: two)' || true)
      local want=2
      [ "$c" = none ] && want=0
      if [ "$n" != "$want" ]; then
        echo "run.sh: $c/$w: response headers not added" >&2
        exit 1
      fi
      ;;
    body)
      # The request's own bodies (bench/wrk/request.lua), 64 KiB first on a
      # fresh Envoy, echoed: exactly the input upper-cased ("none": as is).
      local size in=$OUT/logs/verify.in want=$OUT/logs/verify.want got=$OUT/logs/verify.got
      for size in 65536 1024 65536; do
        awk -v n="$size" 'BEGIN { while (n > 0) { printf "%s", substr("abcdefghijklmnop", 1, n < 16 ? n : 16); n -= 16 } }' >"$in"
        if [ "$c" = none ]; then cp "$in" "$want"; else tr 'a-z' 'A-Z' <"$in" >"$want"; fi
        curl -s -o "$got" -X POST --data-binary "@$in" "http://127.0.0.1:$port/verify" &&
          cmp -s "$got" "$want" ||
          { echo "run.sh: $c/$w: $size-byte body not rewritten exactly: $(cmp "$got" "$want" 2>&1)" >&2; exit 1; }
      done
      ;;
  esac
}

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "kernel=$(uname -r)"
  echo "envoy=$(scripts/envoy.sh --version 2>/dev/null | grep -o 'version: .*' | sed 's/version: //')"
  echo "clang=$(clang-19 --version | head -1)"
  echo "go=$(go version 2>/dev/null || echo none)"
  echo "rustc=$(rustc --version 2>/dev/null || echo none)"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "quick=${BENCH_QUICK:-0} duration_s=$DUR rounds=$ROUNDS warm_s=$WARM leak_requests=$LEAK nice=$NICE"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "contenders=${contenders[*]}"
  if [ -f $B/rust.unavailable ]; then
    echo "rust_unavailable=$(tr '\n' ' ' < $B/rust.unavailable)"
  fi
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

t_start=$(now_ms)
for g in "${groups[@]}"; do
  group=${g%%:*}
  read -r -a tests <<< "${g#*:}"
  echo "== $group: starting Envoys" >&2
  declare -A base startup count rps16
  k=0
  for c in "${contenders[@]}"; do
    base[$c]=$((PORT0 + 10 * k))
    k=$((k + 1))
    bench/config.sh "${base[$c]}" "$(wasm_of "$c" "$group")" "$group" > "$OUT/logs/$group-$c.yaml"
    start_envoy "$c" "${base[$c]}" "$OUT/logs/$group-$c.yaml" "$OUT/logs/$group-$c.log"
    startup[$c]=$STARTUP_MS
    verify "$c" "$group" "${base[$c]}"
  done
  # Warm up (JIT, pools, allocator), then the first RSS reading.
  declare -A rss0
  for c in "${contenders[@]}"; do
    for t in "${tests[@]}"; do wrk_run "${base[$c]}" 16 "$WARM" "${t#*=}" > /dev/null; done
    rss0[$c]=$(rss_kb "${PID[$c]}")
    count[$c]=0
  done
  for r in $(seq 1 "$ROUNDS"); do
    echo "== $group: round $r/$ROUNDS" >&2
    # Rotate the order every round: A B C D, B C D A, ...
    order=("${contenders[@]:$(((r - 1) % ${#contenders[@]}))}" "${contenders[@]:0:$(((r - 1) % ${#contenders[@]}))}")
    for t in "${tests[@]}"; do
      for conc in 1 16; do
        for c in "${order[@]}"; do
          pid=${PID[$c]}
          c0=$(cpu_ns "$pid")
          read -r n rps mean p50 p99 err <<< "$(wrk_run "${base[$c]}" $conc "$DUR" "${t#*=}")"
          [ -n "$n" ] || exit 1
          c1=$(cpu_ns "$pid")
          count[$c]=$((count[$c] + n))
          [ $conc = 16 ] && rps16[$c]=$rps
          cpu=$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {printf "%.2f", n ? (b - a) / n / 1000 : 0}')
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "${t%%=*}" $conc "$r" \
            "$c" "$rps" "$mean" "$p50" "$p99" "$cpu" "$n" "$err" >> "$RAW"
        done
      done
    done
  done
  # Top every Envoy up to LEAK requests since the warm-up, then read RSS again.
  echo "== $group: topping up to $LEAK requests each" >&2
  last=${tests[${#tests[@]} - 1]}
  for c in "${contenders[@]}"; do
    while [ "${count[$c]}" -lt "$LEAK" ]; do
      secs=$(awk -v left=$((LEAK - count[$c])) -v rps="${rps16[$c]:-1000}" \
        'BEGIN {s = int(left / rps) + 1; print (s > 60 ? 60 : s)}')
      read -r n _ <<< "$(wrk_run "${base[$c]}" 16 "$secs" "${last#*=}")"
      [ -n "$n" ] || exit 1
      count[$c]=$((count[$c] + n))
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$c" "${startup[$c]}" "${rss0[$c]}" \
      "$(rss_kb "${PID[$c]}")" "${count[$c]}" >> "$MEM"
  done
  for c in "${contenders[@]}"; do stop_envoy "$c"; done
  unset base startup count rps16 rss0
done
echo "run.sh: measured in $((($(now_ms) - t_start) / 1000)) s" >&2

# trace_request BODY_BYTES: the benchmark request, sent once with curl.
trace_request() {
  local hdrs=(-H 'x-bench-a: alpha' -H 'x-bench-b: beta' -H 'Expect:')
  if [ "$1" != 0 ]; then
    head -c "$1" /dev/zero | tr '\0' a |
      curl -s -o /dev/null "${hdrs[@]}" --data-binary @- http://127.0.0.1:28090/
  else
    curl -s -o /dev/null "${hdrs[@]}" http://127.0.0.1:28090/
  fi
}

# Hostcall accounting: every [host->vm] and [vm->host] call Envoy traces per
# request, for each Wasm contender and workload (bench/README.md).
echo "== counting boundary crossings per request (wasm:trace)" >&2
for g in "${groups[@]}"; do
  group=${g%%:*}
  first=${g#*:}
  first=${first%% *}
  for c in "${contenders[@]}"; do
    [ "$c" = none ] && continue
    log=$OUT/logs/trace-$group-$c.log
    bench/config.sh 28090 "$(wasm_of "$c" "$group")" "$group" > "$OUT/logs/trace-$group-$c.yaml"
    start_envoy "trace" 28090 "$OUT/logs/trace-$group-$c.yaml" "$log" \
      --component-log-level wasm:trace
    # One request first, so lazily created state is not counted.
    trace_request "${first#*=}"
    sleep 0.3
    before=$(wc -l < "$log")
    for _ in $(seq 1 "$TRACE_N"); do trace_request "${first#*=}"; done
    sleep 0.3
    after=$(wc -l < "$log")
    stop_envoy trace
    sed -n "$((before + 1)),${after}p" "$log" |
      grep -oE '\[(host->vm|vm->host)\] [A-Za-z0-9_.]+' |
      awk -v n="$TRACE_N" -v w="$group" -v c="$c" '
        { k = $1 "\t" $2; cnt[k]++ }
        END { for (k in cnt) { split(k, p, "\t"); gsub(/[][]/, "", p[1]);
                printf "%s\t%s\t%s\t%s\t%.2f\n", w, c, p[1], p[2], cnt[k] / n } }' |
      sort >> "$TRACE"
  done
done

cleanup
trap - EXIT
exec 9>&-
echo "run.sh: total $((($(now_ms) - t_start) / 1000)) s" >&2
bench/report.sh "$OUT" "$DOCS"
echo "run.sh: report written to $DOCS/results.md and $DOCS/results.png" >&2

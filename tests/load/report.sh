#!/usr/bin/env bash
# report.sh DATA DIR - writes the soak figures of tests/load/run.sh soak to
# DIR/results.md and copies the samples to DIR/data.tsv. The figures come in
# LOAD_* variables (see run.sh); DATA has one line per round: requests sent,
# seconds, Envoy RSS (kB), memory pages of the filter VMs and of the receiver
# VM, shared-data counter.
set -eu
data=$1 dir=$2
mkdir -p "$dir"
cp "$data" "$dir/data.tsv"
read -r rss0 rss1 rss_max pf0 pf1 pr0 pr1 rounds < <(awk -F'\t' 'NR == 2 { r0 = $3; f0 = $4; q0 = $5 }
  NR >= 2 { if ($3 > m) m = $3; r1 = $3; f1 = $4; q1 = $5; n++ }
  END { print r0, r1, m, f0, f1, q0, q1, n - 1 }' "$data")
measured=$((LOAD_SENT - LOAD_WARM))
lost=$((LOAD_SENT - $(awk -F'\t' 'END { print $6 }' "$data")))
rate=$((measured * 1000 / LOAD_MS))
growth=$(awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "%+d kB (%+.2f %%)", b - a, (b - a) * 100 / a }')
cat >"$dir/results.md" <<MD
# Soak results

\`make soak\` (tests/load/run.sh soak) on $LOAD_DATE, Envoy $LOAD_ENVOY, \`--concurrency 2\`,
h2load with $LOAD_CLIENTS connections, rounds alternating HTTP/1.1 and h2c, loopback only.
Every request to \`/load\` increments a shared-data counter with compare-and-swap
and enqueues one item that a receiver VM (a singleton service) dequeues and checks.
Memory is sampled after each of $rounds rounds; the first sample follows a warm-up of
$LOAD_WARM requests. Raw samples: [data.tsv](data.tsv) (requests, seconds, Envoy RSS in kB,
memory pages of the two filter VMs together and of the receiver VM, counter).

| figure | value |
|---|---|
| requests (after warm-up) | $measured |
| requests (total, all HTTP 200) | $LOAD_SENT |
| shared-data counter at the end | $((LOAD_SENT - lost)) |
| lost updates | $lost |
| CAS retries (contention seen) | $LOAD_RETRIES |
| queue items received (intact) | $LOAD_ITEMS of $LOAD_SENT |
| lost items | $((LOAD_SENT - LOAD_ITEMS)) |
| Envoy RSS after warm-up / end / max | $rss0 / $rss1 / $rss_max kB |
| Envoy RSS growth after warm-up | $growth (bound: 16 MiB) |
| filter VMs' memory pages after warm-up / end | $pf0 / $pf1 (bound: +2) |
| receiver VM's memory pages after warm-up / end | $pr0 / $pr1 (bound: +2) |
| throughput (measured part, with the plugin) | $rate requests/s |
| a filter VM after three 10 MiB bodies | $LOAD_BIG_PAGES pages (unchanged from the second) |

Then the large inputs, each checked byte for byte: 10 MiB request and response bodies over
HTTP/1.1 and h2c, 1000 request headers and binary (0x80-0xff) header values over both,
a 10,000-deep JSON body (a 400 and a log line, no trap), a 1 MiB plugin configuration.
No Wasm VM failed. \`make load\` (in \`make check\`) runs the same checks over 20,000 requests.
MD

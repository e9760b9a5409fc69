#!/usr/bin/env bash
# The benchmark's body plugin (bench/sdk/body.c: upper-cases the request
# body into a malloc'd buffer) in a fresh Envoy whose first request carries a
# 64 KiB body, then bodies of assorted sizes, random bytes each, compared
# byte for byte with the input upper-cased (a-z only). Before src/runtime/heap.c the
# first 64 KiB body made the SDK grow memory that libc's malloc later claimed
# too, and every later 64 KiB body came back with 4 bytes changed.
source "$(dirname "$0")/../lib.sh"

data="$E2E_DIR/data"
mkdir -p "$data"
# send SIZE: one POST of SIZE random bytes; the echo must be them upper-cased.
sent=0
send() {
  local in="$data/in.$1" want="$data/want.$1"
  head -c "$1" /dev/urandom >"$in"
  LC_ALL=C tr 'a-z' 'A-Z' <"$in" >"$want"
  e2e_http 200 -X POST --data-binary "@$in" -H 'content-type: application/octet-stream' \
    http://127.0.0.1:18000/body
  e2e_body_file_is "$want"
  sent=$((sent + 1))
}

# The echo listener on its own returns what it got, unchanged.
printf 'abc\0\r\nxyz' >"$data/raw"
e2e_envoy_start
e2e_http 200 -X POST --data-binary "@$data/raw" http://127.0.0.1:18001/
e2e_body_file_is "$data/raw"
e2e_envoy_stop

# A fresh Envoy (fresh VM): the first body is 64 KiB.
e2e_envoy_start
send 65536
for size in 0 1 1000 16383 16384 65536 65537 100000 1048576 65536 4095 65536; do
  send "$size"
done
for _ in 1 2 3 4 5 6 7 8; do
  send 65536
  send $((RANDOM * 8 + RANDOM % 8)) # 0 .. 256 KiB
done
e2e_pass "$sent bodies byte-exact"

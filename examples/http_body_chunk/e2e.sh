#!/usr/bin/env bash
# http_body_chunk in Envoy (the Go example has no e2e test; these are its
# unit-test cases against a real Envoy): a body with "pattern" gets the
# plugin's 403 naming the chunk, one without goes upstream (the admin port:
# POST /ready answers "LIVE"). Chunks are separate uploads in time, sent by
# curl from a pipe with pauses in between.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
url=http://localhost:18000/ready
# True once the log has more than $2 lines containing $1.
log_count_above() { [ "$(e2e_log_count "$1")" -gt "$2" ]; }

# Writes each argument as one chunk, 0.5 s apart.
slowly() {
  local c
  for c in "$@"; do
    printf '%s' "$c"
    sleep 0.5
  done
}

# No pattern: the whole body is read, then the request continues.
e2e_http 200 -X POST "$url" --data 'This is a generic payload.'
e2e_body_is "LIVE
"
e2e_log_contains "OnHttpRequestBody called. BodySize: 26, totalRequestBodyReadSize: 0, endOfStream: false"
e2e_log_contains "pattern not found"

# The pattern in one chunk.
e2e_http 403 -X POST "$url" --data 'This is a payload with the pattern word.'
e2e_body_is "pattern found in chunk: 1"
e2e_header_is powered-by proxy-wasm-go-sdk
e2e_log_contains "local 403 response sent"

# The pattern in the fourth of four chunks.
slowly 'chunk1...' 'chunk2...' 'chunk3...' 'chunk4 with pattern ...' |
  e2e_http 403 -X POST -T - -H 'Expect:' "$url"
e2e_body_is "pattern found in chunk: 4"
e2e_log_contains "read chunk size: 23"

# Split across two chunks: the Go example misses this one.
slowly 'chunk1...' 'chunk2 with pat' 'tern ...' | e2e_http 403 -X POST -T - -H 'Expect:' "$url"
e2e_body_is "pattern found in chunk: 3"

# Several chunks without the pattern: all read, then upstream.
before=$(e2e_log_count "pattern not found")
slowly 'chunk1...' 'chunk2...' 'chunk3...' | e2e_http 200 -X POST -T - -H 'Expect:' "$url"
e2e_body_is "LIVE
"
e2e_until 5 log_count_above "pattern not found" "$before"

e2e_log_lacks "read data does not match"
e2e_log_lacks "failed to"
e2e_pass

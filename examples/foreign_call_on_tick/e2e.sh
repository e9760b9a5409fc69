#!/usr/bin/env bash
# foreign_call_on_tick in Envoy: every tick calls Envoy's "compress" foreign
# function (Go e2e: "foreign function (compress) called: N" for N = 1..5).
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
for n in 1 2 3 4 5; do
  e2e_log_contains "foreign function (compress) called: $n, result: "
done
# The result is a zlib stream (header 78 9c) of "hello world!".
e2e_log_contains "foreign function (compress) called: 1, result: 789c"
e2e_log_lacks "foreign function (compress) failed"
e2e_pass

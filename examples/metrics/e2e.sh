#!/usr/bin/env bash
# metrics in Envoy: one counter per my-custom-header value, tagged through
# the bootstrap's stats_tags.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
for _ in 1 2 3; do e2e_http 200 -H 'my-custom-header: foo' http://localhost:18000/; done
for _ in 1 2 3 4 5; do e2e_http 200 -H 'my-custom-header: bar' http://localhost:18000/; done
e2e_http 200 http://localhost:18000/ # no header: nothing counted

e2e_stats_contains 'custom_header_value_counts{value="foo",reporter="wasmcsdk"} 3'
e2e_stats_contains 'custom_header_value_counts{value="bar",reporter="wasmcsdk"} 5'
e2e_pass

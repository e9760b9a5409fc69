#!/usr/bin/env bash
# config.sh PORT_BASE [WASM_FILE WORKLOAD] - prints the Envoy bootstrap of one
# benchmark contender. Without WASM_FILE there is no Wasm filter (contender
# "none"); everything else is identical for every contender.
#
# Ports: PORT_BASE front listener (the one measured), +1 admin, +2 the
# upstream (a second listener of the same Envoy answering 200 "ok" with a
# direct_response), +3 an echo upstream whose Lua filter answers with the
# request body it received, byte for byte (used once per contender, on
# /verify, to prove the body rewrite happened and changed nothing else).
set -euo pipefail
base=$1 wasm=${2:-} workload=${3:-}

wasm_filter=
if [ -n "$wasm" ]; then
  wasm_filter="
          - name: envoy.filters.http.wasm
            typed_config:
              \"@type\": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
              config:
                name: bench
                root_id: bench
                configuration:
                  \"@type\": type.googleapis.com/google.protobuf.StringValue
                  value: $workload
                vm_config:
                  vm_id: bench
                  runtime: envoy.wasm.runtime.v8
                  code: {local: {filename: $wasm}}"
fi

hcm() { # hcm STAT_PREFIX ROUTES FILTERS
  cat <<EOF
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: $1
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:$2
          http_filters:$3
          - name: envoy.filters.http.router
            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
EOF
}

cluster() { # cluster NAME PORT
  cat <<EOF
  - name: $1
    connect_timeout: 1s
    type: STATIC
    load_assignment:
      cluster_name: $1
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: $2}}}
EOF
}

listener() { # listener NAME PORT
  cat <<EOF
  - name: $1
    address: {socket_address: {address: 127.0.0.1, port_value: $2}}
    filter_chains:
    - filters:
EOF
}

lua_check='
          - name: envoy.filters.http.lua
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
              default_source_code:
                inline_string: |
                  function envoy_on_request(h)
                    local b = h:body()
                    local s = b and b:getBytes(0, b:length()) or ""
                    h:respond({[":status"] = "200", ["x-body-size"] = tostring(#s)}, s)
                  end'

cat <<EOF
admin:
  address: {socket_address: {address: 127.0.0.1, port_value: $((base + 1))}}
static_resources:
  listeners:
EOF
listener front "$base"
hcm front '
              - match: {prefix: "/verify"}
                route: {cluster: verify}
              - match: {prefix: "/"}
                route: {cluster: upstream}' "$wasm_filter"
listener upstream $((base + 2))
hcm upstream '
              - match: {prefix: "/"}
                direct_response: {status: 200, body: {inline_string: "ok\n"}}' ""
listener verify $((base + 3))
hcm verify '
              - match: {prefix: "/"}
                route: {cluster: upstream}' "$lua_check"
echo "  clusters:"
cluster upstream $((base + 2))
cluster verify $((base + 3))

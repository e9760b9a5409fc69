#!/usr/bin/env bash
# PROXYWASM_UNTRACKED_STREAMS in Envoy: the quickstart (built with it, so
# Envoy never calls proxy_on_context_create or proxy_on_delete) as several
# filters sharing one VM. Filters of different names: each stream finds its
# own plugin by its plugin_name, also two filters of one chain. Filters of
# one name (and root_id): every stream gets the newest, the documented
# limit (include/proxywasm/context.h), and the module says so in its log.
source "$(dirname "$0")/../lib.sh"

exports=$(tests/abi/signatures.sh build/examples/quickstart/plugin.wasm)
grep -Eq '^export proxy_on_(context_create|delete)' <<<"$exports" &&
  e2e_fail "the quickstart exports proxy_on_context_create or proxy_on_delete"

# One VM for all three filters: Envoy counts 3 live V8 VMs for one vm_config
# (9 when each filter gets its own vm_id).
e2e_envoy_start
vms=$(e2e_stat_value wasm..active)
[ "$vms" = 3 ] || e2e_fail "wasm..active is $vms, want 3 (one shared VM)"
for round in 1 2; do
  e2e_http 200 http://127.0.0.1:18000/a-and-c
  e2e_header_is x-a 1
  e2e_header_is x-c 3
  [ -z "$(e2e__header_values x-b)" ] || e2e_fail "port 18000 got plugin b's header"
  e2e_http 200 http://127.0.0.1:18001/b
  e2e_header_is x-b 2
  [ -z "$(e2e__header_values x-a)$(e2e__header_values x-c)" ] || e2e_fail "port 18001 got another plugin's header"
done
e2e_log_contains "wasm log a: quickstart: request path /a-and-c"
e2e_log_contains "wasm log c: quickstart: request path /a-and-c"
e2e_log_contains "wasm log b: quickstart: request path /b"
e2e_log_lacks "started again in this VM"
e2e_envoy_stop

# The count that shows the sharing: with a vm_id per filter, 9 VMs.
n=0
while IFS= read -r line; do
  printf '%s\n' "$line"
  if [[ $line == *"vm_config:"* ]]; then
    n=$((n + 1)); printf '%s  vm_id: "v%s"\n' "${line%%vm_config:*}" "$n"
  fi
done <tests/e2e/untracked/envoy.yaml >"$E2E_DIR/distinct.yaml"
e2e_envoy_start "$E2E_DIR/distinct.yaml"
vms=$(e2e_stat_value wasm..active)
[ "$vms" = 9 ] || e2e_fail "wasm..active is $vms with three vm_ids, want 9"
e2e_http 200 http://127.0.0.1:18000/
e2e_header_is x-c 3
e2e_envoy_stop

# The same name twice: both listeners answer with the newest configuration.
e2e_envoy_start tests/e2e/untracked/same-name.yaml
e2e_http 200 http://127.0.0.1:18000/
e2e_header_is x-v two
e2e_http 200 http://127.0.0.1:18001/
e2e_header_is x-v two
e2e_log_contains 'plugin "q" (root_id "") started again in this VM'
e2e_envoy_stop

# A configuration update (LDS): the new configuration is a new plugin
# context of the same name in the same VM, and new requests get it.
lds() { # lds <value>: the listener, its quickstart adding x-v: <value>
  cat >"$E2E_DIR/lds.next.yaml" <<YAML
resources:
- "@type": type.googleapis.com/envoy.config.listener.v3.Listener
  name: l18000
  address: { socket_address: { address: 127.0.0.1, port_value: 18000 } }
  filter_chains:
  - filters:
    - name: envoy.http_connection_manager
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
        stat_prefix: l18000
        route_config:
          virtual_hosts:
          - { name: all, domains: ["*"], routes: [{ match: { prefix: "/" }, direct_response: { status: 200 } }] }
        http_filters:
        - name: envoy.filters.http.wasm
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
            config:
              name: q
              configuration:
                "@type": type.googleapis.com/google.protobuf.StringValue
                value: '{"header": "x-v", "value": "$1"}'
              vm_config: { code: { local: { filename: build/examples/quickstart/plugin.wasm } } }
        - name: envoy.filters.http.router
          typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
YAML
  mv "$E2E_DIR/lds.next.yaml" "$E2E_DIR/lds.yaml" # a rename, as Envoy watches for
}
lds one
E2E_ENVOY_ARGS="--drain-time-s 1" e2e_envoy_start tests/e2e/untracked/update.yaml
e2e_http 200 http://127.0.0.1:18000/
e2e_header_is x-v one
e2e_log_lacks "started again in this VM"
lds two
gets_two() { e2e_http 200 http://127.0.0.1:18000/ && [ "$(e2e__header_values x-v)" = two ]; }
e2e_until 10 gets_two
e2e_log_contains 'plugin "q" (root_id "") started again in this VM'
e2e_pass "plugins found by name without stream records: distinct names exact, one name newest"

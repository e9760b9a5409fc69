#!/usr/bin/env bash
# e2e.sh - Istio end to end, without a cluster (docs/istio.md): an example's
# WasmPlugin file (examples/http_headers/wasmplugin.yaml, the one users
# apply) read by a real istiod (pilot-discovery) through a stand-in
# Kubernetes API (e2e/kubeapi.py, serving the YAML files of a directory),
# pushed as an ECDS filter to a real istio-agent (pilot-agent proxy router,
# the ingress gateway) running the project's Envoy, which pulls the image
# from a local registry; the example's effects are checked through the
# gateway. Then:
#   upgrade    the WasmPlugin's url moves to a new tag (a different module):
#              the new behaviour, with neither agent nor Envoy restarted;
#   bad image  a wrong sha256, with FAIL_CLOSE and FAIL_OPEN: what the
#              operator sees (agent log, responses).
#
# Everything runs in a private network and mount namespace (unshare -mn):
# Istio's fixed ports (15000, 15010, 15020, 15021, 15090, ...) cannot collide
# with anything on the machine, and the agent's hard-coded Wasm cache
# /var/lib/istio/data is a tmpfs that vanishes with the test.
# Needs `make istio-bin` and the http_headers and quickstart modules.
# Output: build/e2e/istio/ (istiod.log, agent.log = the agent's and Envoy's).
# ISTIO_E2E_HOLD=SECS keeps everything up that long at the end (look around
# with nsenter -t <istiod pid> -n curl ...).
set -u
if [ -z "${ISTIO_E2E_NS:-}" ]; then
  command -v unshare >/dev/null && command -v ip >/dev/null ||
    { echo "istio e2e: needs unshare and ip (util-linux, iproute2)" >&2; exit 1; }
  ISTIO_E2E_NS=1 exec unshare --mount --net --propagation private bash "$0" "$@"
fi
ip link set lo up || { echo "istio e2e: cannot bring up lo in the namespace" >&2; exit 1; }
mount -t tmpfs tmpfs /var/lib || { echo "istio e2e: cannot mount a tmpfs on /var/lib" >&2; exit 1; }
mkdir -p /var/lib/istio/data

E2E_NAME=${E2E_NAME:-istio}
source "$(dirname "$0")/../e2e/lib.sh"
source tests/istio/lib.sh
for b in pilot-discovery pilot-agent; do
  [ -x "$ISTIO_BIN/$b" ] || e2e_fail "no $ISTIO_BIN/$b (make istio-bin)"
done
envoy=${ENVOY_BIN:-$E2E_ROOT/.venv/bin/envoy}
[ -x "$envoy" ] || envoy=$(command -v envoy) || e2e_fail "no Envoy (make setup, or ENVOY_BIN)"
# The agent's Envoy bootstrap template, from the same pinned Istio module.
istio_src=$(cd tests/istio && go list -m -f '{{.Dir}}' istio.io/istio) || e2e_fail "go list istio.io/istio failed"
# Istio's packages warn at start-up when these do not name a directory.
export TARGET_OUT=$E2E_DIR LOCAL_OUT=$E2E_DIR

example=examples/http_headers
[ -n "${ISTIO_E2E_HOLD:-}" ] && e2e_cleanup sleep "$ISTIO_E2E_HOLD"  # time to look around (nsenter -t PID -n)
# What istiod holds and what Envoy got, for reading after a failure.
e2e_cleanup eval 'curl -s -o "$E2E_DIR/istiod-configz.json" http://127.0.0.1:15080/debug/configz;
  curl -s -o "$E2E_DIR/envoy-config.json" http://127.0.0.1:15000/config_dump'
registry=127.0.0.1:5000
image=$registry/proxywasm-c-http-headers

# ---- registry and images: v1 the example, v2 another module ---------------
istio_registry_start 5000
make -s --no-print-directory push IMAGE_WASM=build/examples/http_headers/plugin.wasm \
  IMAGE_DIR="$E2E_DIR/image-v1" IMAGE="$image:v1" >"$E2E_DIR/push-v1.txt" ||
  e2e_fail "make push v1 failed"
make -s --no-print-directory push IMAGE_WASM=build/examples/quickstart/plugin.wasm \
  IMAGE_DIR="$E2E_DIR/image-v2" IMAGE_VARIANT=oci IMAGE="$image:v2" >"$E2E_DIR/push-v2.txt" ||
  e2e_fail "make push v2 failed"

# ---- istiod. Its Kubernetes is tests/istio/e2e/kubeapi.py, a stand-in API
# server that serves the YAML files in $cfg (the manifests a user applies)
# and sends watch events when they change: this Istio version crashes
# without a Kubernetes client and applies WasmPlugins only from Kubernetes.
cfg=$E2E_DIR/config
rm -rf "$cfg" && mkdir -p "$cfg"
api_src=$(cd tests/istio && go list -m -f '{{.Dir}}' istio.io/api) || e2e_fail "go list istio.io/api failed"
/usr/bin/python3 tests/istio/e2e/kubeapi.py 16443 "$cfg" "$api_src/kubernetes/customresourcedefinitions.gen.yaml" \
  2>"$E2E_DIR/kubeapi.log" &
e2e_cleanup kill $!
cat >"$E2E_DIR/kubeconfig" <<'YAML'
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "http://127.0.0.1:16443"}}]
users: [{name: local, user: {}}]
contexts: [{name: local, context: {cluster: local, user: local}}]
current-context: local
YAML
istio_wait_http http://127.0.0.1:16443/version || e2e_fail "kubeapi.py did not start"
# Upstream Envoy lacks Istio-proxy's metadata-exchange and ALPN filters.
KUBE_FEATURE_WatchListClient=false PILOT_ENABLE_IP_AUTOALLOCATE=false \
  PILOT_ENABLE_METADATA_EXCHANGE=false PILOT_ENABLE_ALPN_FILTER=false \
  "$ISTIO_BIN/pilot-discovery" discovery --registries=Kubernetes --kubeconfig="$E2E_DIR/kubeconfig" \
  --meshConfig=tests/istio/e2e/mesh.yaml --grpcAddr=127.0.0.1:15010 \
  --httpAddr=127.0.0.1:15080 --monitoringAddr=127.0.0.1:15014 --httpsAddr= \
  --secureGRPCAddr= >"$E2E_DIR/istiod.log" 2>&1 &
istiod_pid=$!
e2e_cleanup kill "$istiod_pid"
istio_wait_http http://127.0.0.1:15080/ready 60 || e2e_fail "istiod did not start (see build/e2e/istio/istiod.log)"

cp tests/istio/e2e/gateway.yaml "$cfg/"
# The example's WasmPlugin, edited with docs/istio.md's commands: the
# registry filled in (as before kubectl apply), then the tag changed.
wasmplugin() {
  sed "s|oci://YOUR_CONTAINER_REGISTRY/|oci://$registry/|" "$example/wasmplugin.yaml" |
    sed "s|proxywasm-c-http-headers:v1|proxywasm-c-http-headers:$1|"
}
apply() { # apply FILE-CONTENT: replace the WasmPlugin atomically
  printf '%s\n' "$1" >"$E2E_DIR/wasmplugin.tmp" && mv "$E2E_DIR/wasmplugin.tmp" "$cfg/wasmplugin.yaml"
}
apply "$(wasmplugin v1)"
grep -q "oci://$image:v1" "$cfg/wasmplugin.yaml" || e2e_fail "could not fill in the registry in $example/wasmplugin.yaml"

# ---- the backend and the gateway -----------------------------------------
mkdir -p "$E2E_DIR/www"
printf 'example body\n' >"$E2E_DIR/www/uuid"
python3 -m http.server 8099 --bind 127.0.0.1 --directory "$E2E_DIR/www" >"$E2E_DIR/backend.log" 2>&1 &
e2e_cleanup kill $!

agent_dir=$E2E_DIR/agent
rm -rf "$agent_dir" && mkdir -p "$agent_dir"
E2E_LOG=$E2E_DIR/agent.log
(
  cd "$agent_dir" || exit 1
  export PROXY_CONFIG="
discoveryAddress: 127.0.0.1:15010
controlPlaneAuthPolicy: NONE
binaryPath: $envoy
configPath: $agent_dir/etc/istio/proxy
drainDuration: 1s
terminationDrainDuration: 1s
"
  export FILE_MOUNTED_CERTS=true POD_NAME=istio-ingressgateway-0 POD_NAMESPACE=istio-system \
    INSTANCE_IP=127.0.0.1 ISTIO_METAJSON_LABELS='{"istio":"ingressgateway"}' \
    WASM_INSECURE_REGISTRIES='*'
  exec "$ISTIO_BIN/pilot-agent" proxy router --domain istio-system.svc.cluster.local \
    --meshConfig "$E2E_ROOT/tests/istio/e2e/mesh.yaml" --concurrency 1 \
    --templateFile "$istio_src/tools/packaging/common/envoy_bootstrap.json" \
    --proxyLogLevel warning --proxyComponentLogLevel wasm:debug
) >"$E2E_LOG" 2>&1 &
agent_pid=$!
e2e_cleanup kill "$agent_pid"

# ---- v1: the example's effects through the gateway --------------------------
e2e_until 60 e2e_http 200 -H 'this-is-key: this-is-value' http://127.0.0.1:8080/uuid
e2e_until 30 e2e_header_is x-wasm-header demo-wasm
e2e_body_is $'example body\n'
e2e_header_is x-proxy-wasm-go-sdk-example http_headers
e2e_log_contains "header from config: x-wasm-header = demo-wasm"
e2e_log_contains "request header --> this-is-key: this-is-value"
e2e_log_contains "response header <-- x-wasm-header: demo-wasm"
envoy_pid=$(pgrep -P "$agent_pid" -f envoy) || e2e_fail "no Envoy under the agent"
e2e__say "v1: WasmPlugin file -> istiod -> agent -> Envoy works"

# ---- upgrade: a new tag holding a new module (quickstart, which reads the
# same configuration) -> new behaviour, same agent and Envoy processes ----------
apply "$(wasmplugin v2)"
# Requests go on while Envoy swaps the filter; each one is checked.
n=0
upgraded() {
  n=$((n + 1))
  e2e_http 200 "http://127.0.0.1:8080/uuid?v2-$n" || return 1
  e2e_header_is x-wasm-header demo-wasm || return 1
  grep -qF "quickstart: request path /uuid?v2-$n" "$E2E_LOG"
}
e2e_until 30 upgraded
e2e_header_is x-wasm-header demo-wasm
grep -qi '^x-proxy-wasm-go-sdk-example:' "$E2E_HEADERS" && e2e_fail "v2 still runs v1's code (x-proxy-wasm-go-sdk-example present)"
e2e_log_contains "fetching image proxywasm-c-http-headers from registry $registry with tag v2"
kill -0 "$agent_pid" 2>/dev/null || e2e_fail "the agent exited during the upgrade"
[ "$(pgrep -P "$agent_pid" -f envoy)" = "$envoy_pid" ] || e2e_fail "Envoy was restarted for the upgrade"
e2e__say "upgrade: tag v2 -> new module running, agent and Envoy not restarted"

# ---- bad image: tag v1 with a sha256 that is not its digest (nor that of
# any module the agent has cached) -----------------------------------------
wrong=$(printf 'not this image' | sha256sum | cut -d' ' -f1)
apply "$(wasmplugin v1 | sed "s|^  url: \(.*\)$|  url: \1\n  sha256: $wrong|")"
grep -q "sha256: $wrong" "$cfg/wasmplugin.yaml" || e2e_fail "could not add sha256 to the WasmPlugin"
e2e_until 30 grep -aq "which does not match: $wrong" "$E2E_LOG"
e2e_log_contains "has checksum $(sed -n 's/^pushed .* sha256://p' "$E2E_DIR/push-v1.txt"), which does not match: $wrong. applying deny RBAC filter"
# failStrategy FAIL_CLOSE (the default): every request is refused.
e2e_until 30 e2e_http 403 "http://127.0.0.1:8080/uuid?bad"
e2e_body_is "RBAC: access denied"
e2e__say "bad image, FAIL_CLOSE: agent logs the checksum mismatch, requests get 403 RBAC: access denied"
# failStrategy FAIL_OPEN: requests pass, without the plugin.
apply "$(wasmplugin v1 | sed "s|^  url: \(.*\)$|  url: \1\n  sha256: $wrong\n  failStrategy: FAIL_OPEN|")"
e2e_until 30 e2e_http 200 "http://127.0.0.1:8080/uuid?open"
e2e_body_is $'example body\n'
grep -qi '^x-wasm-header:' "$E2E_HEADERS" && e2e_fail "FAIL_OPEN with a bad image still ran a plugin"
e2e__say "bad image, FAIL_OPEN: requests pass without the plugin"
e2e_pass "istiod + istio-agent + Envoy: v1, upgrade to v2, bad image"

#!/usr/bin/env bash
# fetch.sh - the images `make image` builds are the ones Istio pulls.
#
# Builds http_headers' image twice (same digests: reproducible), runs
# `make image push` against Debian's docker-registry on a free loopback port,
# pulls both variants back with Istio's own fetcher (build/istio/bin/fetcher:
# pkg/wasm as istio-agent calls it), compares the bytes with the .wasm, and
# runs the example's own e2e.sh in Envoy on each fetched module. Then pushes
# the shapes Istio refuses (built with image.sh's helpers) and checks the
# fetcher refuses each with its reason, so image.sh can never drift into
# one of them; an index with a linux/amd64 child is the positive control.
# Needs `make istio-bin`, scripts/setup.sh (docker-registry, skopeo).
E2E_NAME=${E2E_NAME:-istio-fetch}
source "$(dirname "$0")/../e2e/lib.sh"
source tests/istio/lib.sh
source scripts/image.sh

example=http_headers
wasm=build/examples/$example/plugin.wasm
imgdir=$E2E_DIR/image
[ -x "$ISTIO_BIN/fetcher" ] || e2e_fail "no $ISTIO_BIN/fetcher (make istio-bin)"

# ---- reproducible: same module, same digests; another module, others ------
make -s --no-print-directory image IMAGE_WASM="$wasm" IMAGE_DIR="$imgdir/a" >"$E2E_DIR/image-a.txt" ||
  e2e_fail "make image failed"
scripts/image.sh build "$wasm" "$imgdir/b" >"$E2E_DIR/image-b.txt" || e2e_fail "image.sh build failed"
cmp -s "$E2E_DIR/image-a.txt" "$E2E_DIR/image-b.txt" ||
  e2e_fail "two builds of one module gave different digests: $(cat "$E2E_DIR"/image-[ab].txt | tr '\n' ' ')"
[ "$(wc -l <"$E2E_DIR/image-a.txt")" = 2 ] || e2e_fail "make image printed $(cat "$E2E_DIR/image-a.txt")"
scripts/image.sh build build/examples/helloworld/plugin.wasm "$imgdir/other" >"$E2E_DIR/image-other.txt" ||
  e2e_fail "image.sh build (helloworld) failed"
grep -Fqf "$E2E_DIR/image-a.txt" "$E2E_DIR/image-other.txt" &&
  e2e_fail "another module gave the same digest: $(cat "$E2E_DIR/image-other.txt")"
e2e__say "reproducible: $(tr '\n' ' ' <"$E2E_DIR/image-a.txt")"

# ---- push both variants, pull them back with Istio's fetcher --------------
istio_registry_start
# docs/istio.md's command, as written: the defaults (http_headers, compat).
out=$(make -s --no-print-directory image push IMAGE="$ISTIO_REGISTRY/proxywasm-c-http-headers:v1" 2>&1) ||
  e2e_fail "make image push IMAGE=... failed: $out"
grep -qx "pushed $ISTIO_REGISTRY/proxywasm-c-http-headers:v1 $(sed -n 's/^compat //p' "$E2E_DIR/image-a.txt")" <<<"$out" ||
  e2e_fail "make image push printed $(printf '%q' "$out"), want the compat digest of make image"
for v in compat oci; do
  ref=$ISTIO_REGISTRY/proxywasm-c/$example:$v
  out=$(make -s --no-print-directory image push IMAGE_WASM="$wasm" IMAGE_DIR="$imgdir/a" \
    IMAGE_VARIANT=$v IMAGE="$ref" 2>&1) || e2e_fail "make image push ($v) failed: $out"
  digest=$(sed -n "s|^pushed $ref sha256:||p" <<<"$out")
  [ "$digest" = "$(sed -n "s/^$v sha256://p" "$E2E_DIR/image-a.txt")" ] ||
    e2e_fail "make push printed $(printf '%q' "$out"), want the digest make image printed for $v"
  # The registry serves the manifest under that digest.
  got=$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$ISTIO_REGISTRY/v2/proxywasm-c/$example/manifests/$v" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$digest" ] || e2e_fail "registry's manifest has digest $got, make push printed $digest"
  "$ISTIO_BIN/fetcher" -sha256 "$digest" "oci://$ref" "$E2E_DIR/fetched-$v.wasm" >"$E2E_DIR/fetch-$v.log" 2>&1 ||
    e2e_fail "Istio's fetcher refused the $v image: $(tail -n 3 "$E2E_DIR/fetch-$v.log")"
  cmp -s "$E2E_DIR/fetched-$v.wasm" "$wasm" || e2e_fail "fetched $v module differs from $wasm"
  # A wrong sha256 in the WasmPlugin: refused, naming both digests.
  "$ISTIO_BIN/fetcher" -sha256 "$(printf '%064d' 0)" "oci://$ref" "$E2E_DIR/wrong.wasm" >"$E2E_DIR/wrong-$v.log" 2>&1 &&
    e2e_fail "the fetcher accepted a wrong sha256 for the $v image"
  grep -q "has checksum $digest, which does not match" "$E2E_DIR/wrong-$v.log" ||
    e2e_fail "wrong sha256: unexpected message: $(tail -n 1 "$E2E_DIR/wrong-$v.log")"
  # The example's own assertions, in Envoy, on the module Istio fetched.
  sed "s|filename: \"$wasm\"|filename: \"$E2E_DIR/fetched-$v.wasm\"|" "examples/$example/envoy.yaml" >"$E2E_DIR/envoy-$v.yaml"
  grep -q "fetched-$v.wasm" "$E2E_DIR/envoy-$v.yaml" || e2e_fail "could not point envoy.yaml at the fetched module"
  E2E_NAME=$E2E_NAME-$v E2E_YAML=$E2E_DIR/envoy-$v.yaml \
    bash "examples/$example/e2e.sh" >"$E2E_DIR/e2e-$v.log" 2>&1 ||
    e2e_fail "examples/$example/e2e.sh on the fetched $v module failed: $(tail -n 5 "$E2E_DIR/e2e-$v.log")"
  e2e__say "$v: pushed $digest, fetched byte-identical, example e2e passed"
done

# ---- the shapes Istio refuses ---------------------------------------------
good=$imgdir/a
desc() { # desc LAYOUT DIGEST MEDIA_TYPE -> a descriptor of an existing blob
  printf '{"mediaType":"%s","digest":"%s","size":%s}' "$3" "$2" "$(stat -c %s "$1/blobs/sha256/${2#sha256:}")"
}
image_manifest() { digest "$1" | cut -d: -f2; }
# nth_digest LAYOUT N: the Nth digest in its manifest (1 = config, 2 = first layer).
nth_digest() {
  grep -o '"digest":"sha256:[0-9a-f]*"' "$1/blobs/sha256/$(image_manifest "$1")" | sed -n "$2p" | cut -d'"' -f4
}
wcfg_d=$(nth_digest "$good/oci" 1)
wasm_d=$(nth_digest "$good/oci" 2)
ccfg_d=$(nth_digest "$good/compat" 1)
tgz_d=$(nth_digest "$good/compat" 2)
extra=$imgdir/extra
rm -rf "$extra"
mkdir -p "$extra/blobs/sha256"
OCI_M=application/vnd.oci.image.manifest.v1+json
WASM_T=application/vnd.module.wasm.content.layer.v1+wasm
WCFG_T=application/vnd.module.wasm.config.v1+json
TGZ_T=application/vnd.oci.image.layer.v1.tar+gzip
CCFG_T=application/vnd.oci.image.config.v1+json

# shape NAME MANIFEST_JSON [MEDIA_TYPE]: a layout whose blobs come from the
# good images; pushes it and prints the digest.
shape() {
  local d=$imgdir/shape-$1
  rm -rf "$d"
  mkdir -p "$d/blobs/sha256"
  cp "$good"/oci/blobs/sha256/* "$good"/compat/blobs/sha256/* "$extra"/blobs/sha256/* "$d/blobs/sha256/" 2>/dev/null
  printf '%s' "$2" >"$d/manifest.json"
  layout "$d" "$d/manifest.json" "${3:-$OCI_M}" >/dev/null
  push "$d" "$ISTIO_REGISTRY/proxywasm-c/shape:$1" >/dev/null || e2e_fail "could not push shape $1"
}
# refused NAME TEXT: the fetcher refuses the shape and says TEXT.
refused() {
  "$ISTIO_BIN/fetcher" "oci://$ISTIO_REGISTRY/proxywasm-c/shape:$1" "$E2E_DIR/shape.wasm" >"$E2E_DIR/shape-$1.log" 2>&1 &&
    e2e_fail "Istio's fetcher accepted shape $1; image.sh must never produce it"
  grep -qF -- "$2" "$E2E_DIR/shape-$1.log" ||
    e2e_fail "shape $1 refused, but without $(printf '%q' "$2"): $(tail -n 1 "$E2E_DIR/shape-$1.log")"
  e2e__say "refused as expected: $1 ($2)"
}
manifest() { # manifest CONFIG_DESC LAYER_DESC...
  local c=$1 l
  shift
  l=$(IFS=,; echo "$*")
  printf '{"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}' "$OCI_M" "$c" "$l"
}
wasm_l=$(desc "$good/oci" "$wasm_d" "$WASM_T")
wcfg=$(desc "$good/oci" "$wcfg_d" "$WCFG_T")

# A one-layer Wasm artifact (what `oras push` of a bare .wasm gives).
shape single-layer "$(manifest "$wcfg" "$wasm_l")"
refused single-layer "number of layers must be 2 but got 1"
# Three layers: the module, its config and one more.
shape three-layers "$(manifest "$wcfg" "$wcfg" "$wcfg" "$wasm_l")"
refused three-layers "number of layers must be 2 but got 3"
# Two layers, but the module's media type is a generic one.
shape wrong-wasm-type "$(manifest "$wcfg" "$(desc "$good/oci" "$wasm_d" application/octet-stream)" "$wcfg")"
refused wrong-wasm-type "could not find the layer of type $WASM_T"
# compat layer declared uncompressed (tar) while it is tar+gzip.
shape wrong-layer-type "$(manifest "$(desc "$good/compat" "$ccfg_d" "$CCFG_T")" \
  "$(desc "$good/compat" "$tgz_d" application/vnd.oci.image.layer.v1.tar)")"
refused wrong-layer-type "invalid media type application/vnd.oci.image.layer.v1.tar (expect $TGZ_T)"
# compat layer holding the module under another name.
mkdir -p "$E2E_DIR/other-name" && cp "$wasm" "$E2E_DIR/other-name/filter.wasm"
tar --format=ustar -C "$E2E_DIR/other-name" -cf - filter.wasm | gzip -n >"$E2E_DIR/other-name.tar.gz"
read -r on_d _ < <(blob "$E2E_DIR/other-name.tar.gz" "$extra")
shape no-plugin-wasm "$(manifest "$(desc "$good/compat" "$ccfg_d" "$CCFG_T")" "$(desc "$extra" "$on_d" "$TGZ_T")")"
refused no-plugin-wasm "plugin.wasm not found in the archive"
# An image index whose only child is not linux/amd64 (e.g. wasi/wasm).
cmd=$(image_manifest "$good/compat")
idx() { # idx OS ARCH
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"%s","digest":"sha256:%s","size":%s,"platform":{"os":"%s","architecture":"%s"}}]}' \
    "$OCI_M" "$cmd" "$(stat -c %s "$good/compat/blobs/sha256/$cmd")" "$1" "$2"
}
shape index-wasi "$(idx wasip1 wasm)" application/vnd.oci.image.index.v1+json
refused index-wasi "no child with platform"
# Positive control: the same index with a linux/amd64 child is pulled.
shape index-amd64 "$(idx linux amd64)" application/vnd.oci.image.index.v1+json
"$ISTIO_BIN/fetcher" "oci://$ISTIO_REGISTRY/proxywasm-c/shape:index-amd64" "$E2E_DIR/index.wasm" >"$E2E_DIR/index-amd64.log" 2>&1 ||
  e2e_fail "an index with a linux/amd64 child was refused: $(tail -n 1 "$E2E_DIR/index-amd64.log")"
cmp -s "$E2E_DIR/index.wasm" "$wasm" || e2e_fail "module fetched through the index differs"
e2e_pass "both variants pulled by Istio's fetcher and run in Envoy; 6 refused shapes refused"

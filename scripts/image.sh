#!/usr/bin/env bash
# image.sh - package a Proxy-Wasm module as an image Istio's WasmPlugin pulls
# (url: oci://...), without Docker, and push it.
#
#   scripts/image.sh build PLUGIN.wasm DIR
#       writes two OCI image layouts, DIR/compat and DIR/oci, and prints
#       each one's manifest digest:
#         compat  one tar+gzip layer (application/vnd.oci.image.layer.v1.tar+gzip)
#                 holding plugin.wasm; what `docker build` of a FROM scratch /
#                 COPY plugin.wasm image gives, and what most registries and
#                 tools expect
#         oci     Istio's "oci" variant: exactly two layers, the module itself
#                 (application/vnd.module.wasm.content.layer.v1+wasm) and a
#                 config layer (application/vnd.module.wasm.config.v1+json)
#       Reproducible: the same module gives the same digests (fixed times,
#       owner and order in the tar, gzip without name or time).
#   scripts/image.sh push DIR/VARIANT REGISTRY/NAME:TAG
#       pushes one layout unchanged (skopeo, --preserve-digests) and prints
#       its manifest digest: the value for the WasmPlugin's sha256 field.
#       127.0.0.1 and localhost registries are spoken to over plain HTTP;
#       set IMAGE_INSECURE=1 for another plain-HTTP registry. Credentials
#       are skopeo's (skopeo login REGISTRY).
#   scripts/image.sh digest DIR/VARIANT
#       prints the layout's manifest digest (sha256:...).
#
# Needs sha256sum, tar, gzip (build) and skopeo (push): scripts/setup.sh.

die() { echo "image.sh: $*" >&2; exit 1; }

# blob FILE LAYOUT -> "sha256:HEX SIZE", the file stored under blobs/.
blob() {
  local hex size
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  mkdir -p "$2/blobs/sha256"
  cp "$1" "$2/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# layout DIR MANIFEST_FILE [MEDIA_TYPE]: oci-layout and index.json around
# one manifest (or image index); prints its digest.
layout() {
  local d s
  read -r d s < <(blob "$2" "$1")
  printf '{"imageLayoutVersion":"1.0.0"}' >"$1/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":%s}]}' \
    "${3:-application/vnd.oci.image.manifest.v1+json}" "$d" "$s" >"$1/index.json"
  echo "$d"
}

build() {
  local wasm=$1 out=$2 tmp d s cd cs dd ds
  [ -f "$wasm" ] || die "no such module: $wasm"
  [ "$(head -c 4 "$wasm" | od -An -tx1 | tr -d ' ')" = 0061736d ] ||
    die "$wasm is not a Wasm module (no \\0asm header)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  rm -rf "$out/compat" "$out/oci"
  mkdir -p "$out/compat" "$out/oci" "$tmp/root"
  cp "$wasm" "$tmp/root/plugin.wasm"
  touch -d @0 "$tmp/root/plugin.wasm"

  # compat: an ordinary image whose only layer holds plugin.wasm.
  tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner \
    --mode=0644 --mtime=@0 -C "$tmp/root" -cf "$tmp/layer.tar" plugin.wasm
  gzip -9 -n -c "$tmp/layer.tar" >"$tmp/layer.tar.gz"
  read -r d s < <(blob "$tmp/layer.tar.gz" "$out/compat")
  dd=sha256:$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
  printf '{"architecture":"wasm","os":"wasip1","rootfs":{"type":"layers","diff_ids":["%s"]},"config":{}}' \
    "$dd" >"$tmp/config.json"
  read -r cd cs < <(blob "$tmp/config.json" "$out/compat")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
    "$cd" "$cs" "$d" "$s" >"$tmp/manifest.json"
  echo "compat $(layout "$out/compat" "$tmp/manifest.json")"

  # oci: the raw module plus the Wasm config blob, as two layers (Istio
  # refuses any other count); the config blob is also the image config.
  read -r d s < <(blob "$wasm" "$out/oci")
  printf '{"type":"envoy_proxy"}' >"$tmp/wasm-config.json"
  read -r cd cs < <(blob "$tmp/wasm-config.json" "$out/oci")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.module.wasm.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.module.wasm.content.layer.v1+wasm","digest":"%s","size":%s},{"mediaType":"application/vnd.module.wasm.config.v1+json","digest":"%s","size":%s}]}' \
    "$cd" "$cs" "$d" "$s" "$cd" "$cs" >"$tmp/manifest.json"
  echo "oci $(layout "$out/oci" "$tmp/manifest.json")"
}

digest() {
  [ -f "$1/index.json" ] || die "$1 is not an image layout (build it first)"
  grep -o '"digest":"sha256:[0-9a-f]*"' "$1/index.json" | head -n 1 | cut -d'"' -f4
}

push() {
  local dir=$1 image=$2 tls=true
  [ -n "$image" ] || die "push needs REGISTRY/NAME:TAG"
  command -v skopeo >/dev/null || die "skopeo not found (run scripts/setup.sh)"
  case "$image" in
    127.0.0.1[:/]* | localhost[:/]* | '[::1]'*) tls=false ;;
  esac
  [ "${IMAGE_INSECURE:-0}" = 1 ] && tls=false
  # --all: an image index is copied whole, never reduced to one platform.
  skopeo copy -q --all --preserve-digests --dest-tls-verify="$tls" \
    "oci:$dir" "docker://$image" >&2
  echo "pushed $image $(digest "$dir")"
}

# Sourced (tests build the shapes Istio refuses with the same helpers):
# define the functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0
set -euo pipefail

case "${1:-}" in
  build) [ $# = 3 ] || die "usage: image.sh build PLUGIN.wasm DIR"; build "$2" "$3" ;;
  push) [ $# = 3 ] || die "usage: image.sh push DIR/VARIANT REGISTRY/NAME:TAG"; push "$2" "$3" ;;
  digest) [ $# = 2 ] || die "usage: image.sh digest DIR/VARIANT"; digest "$2" ;;
  *) die "usage: image.sh build|push|digest ... (see the top of this file)" ;;
esac

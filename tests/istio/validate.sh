#!/usr/bin/env bash
# validate.sh - every Istio manifest in examples/ (WasmPlugin, EnvoyFilter,
# any YAML with apiVersion:) and docs/istio/ passes Istio's CRD schemas as
# the API server would check them on `kubectl apply` (build/istio/bin/
# validate: Istio's pkg/config/crd validator with the CRDs the pinned
# istio.io/api module ships). Each file in tests/istio/bad/ must be refused
# with the text on its "# want:" line, so the check can fail.
# Needs `make istio-bin`.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
bin=build/istio/bin/validate
[ -x "$bin" ] || { echo "validate.sh: no $bin (make istio-bin)" >&2; exit 1; }
# Istio's packages warn at start-up when these do not name a directory.
export TARGET_OUT=$root/build/istio LOCAL_OUT=$root/build/istio
api=$(cd tests/istio && go list -m -f '{{.Dir}}' istio.io/api) || exit 1
crds=$api/kubernetes/customresourcedefinitions.gen.yaml
mapfile -t files < <(grep -l '^apiVersion:' examples/*/*.yaml tests/istio/e2e/*.yaml 2>/dev/null)
[ "${#files[@]}" -gt 0 ] || { echo "validate.sh: no manifests found" >&2; exit 1; }
failed=0 refused=0
"$bin" "$crds" "${files[@]}" || failed=1
for f in tests/istio/bad/*.yaml; do
  want=$(sed -n 's/^# want: //p' "$f")
  if out=$("$bin" "$crds" "$f" 2>&1); then
    echo "validate.sh: $f was accepted; it must be refused" >&2
    failed=1
  elif [ -z "$want" ] || ! grep -qF -- "$want" <<<"$out"; then
    echo "validate.sh: $f refused, but not with \"$want\": $out" >&2
    failed=1
  else
    echo "validate: $f: refused as expected ($want)"
    refused=$((refused + 1))
  fi
done
echo "validate: ${#files[@]} manifests checked, $refused of $(ls tests/istio/bad/*.yaml | wc -l) bad ones refused as expected"
exit "$failed"

#!/usr/bin/env bash
# Build-time diagnostics: a misspelled hook name in PROXYWASM_HOOKS() is a
# compile error that names it and lists the valid names; a wasm module
# without PROXYWASM_HOOKS() fails to link with a symbol that says so; a
# plugin of two files with one hook list builds. Checked with the compiler
# and flags the make fragment uses (wasm) and natively.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/diagnostics
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lib=${1:-$root/build/wasm/libproxywasm.a}
cc_wasm=(clang-19 --target=wasm32-wasi -std=c11 -Oz -Wall -Wextra -Werror -I"$root/include")
ld_wasm=(clang-19 --target=wasm32-wasi -mexec-model=reactor -Wl,--gc-sections)
pass=0 fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 1. Misspelled hook: the first error names it and lists the hook names.
for cc in "${cc_wasm[*]}" "cc -std=c11 -Wall -Wextra -Werror -I$root/include"; do
  if $cc -c "$here/misspelled_hook.c" -o "$tmp/m.o" 2>"$tmp/err"; then
    bad "misspelled hook compiled ($cc)"
  elif grep -m1 'error:' "$tmp/err" | grep -Eq "unknown hook name [\\]?'on_request_header[\\]?'; the hook names are: on_vm_start,.*on_request_headers,"; then
    ok "misspelled hook: first error names it and lists the names (${cc%% *})"
  else
    bad "misspelled hook: unexpected first error (${cc%% *}):"; head -5 "$tmp/err"
  fi
done

# 2. No PROXYWASM_HOOKS: compiles, but the wasm module does not link.
"${cc_wasm[@]}" -c "$here/missing_hooks.c" -o "$tmp/missing.o" || bad "missing_hooks.c must compile"
if "${ld_wasm[@]}" "$tmp/missing.o" "$lib" -o "$tmp/missing.wasm" 2>"$tmp/err"; then
  bad "a module without PROXYWASM_HOOKS linked"
elif grep -q 'undefined symbol: proxywasm_error_no_PROXYWASM_HOOKS_in_this_module__list_its_hooks_with_PROXYWASM_HOOKS' "$tmp/err"; then
  ok "missing PROXYWASM_HOOKS: the link fails naming it"
else
  bad "missing PROXYWASM_HOOKS: unexpected link error:"; cat "$tmp/err"
fi

# 3. Two files, one hook list: builds, and exports the hook.
if "${cc_wasm[@]}" -c "$here/two_files_a.c" -o "$tmp/a.o" && "${cc_wasm[@]}" -c "$here/two_files_b.c" -o "$tmp/b.o" &&
   "${ld_wasm[@]}" "$tmp/a.o" "$tmp/b.o" "$lib" -o "$tmp/two.wasm" 2>"$tmp/err" &&
   "$root/tests/abi/signatures.sh" "$tmp/two.wasm" | grep -q '^export proxy_on_request_headers'; then
  ok "two files, one PROXYWASM_HOOKS: builds"
else
  bad "a two-file plugin did not build:"; cat "$tmp/err"
fi
# 4. PROXYWASM_UNTRACKED_STREAMS: alone it exports no stream lifecycle; with
#    a hook that needs stream records the link fails naming the conflict.
if "${cc_wasm[@]}" -DUNTRACKED_ALONE -c "$here/untracked_conflict.c" -o "$tmp/u.o" &&
   "${ld_wasm[@]}" "$tmp/u.o" "$lib" -o "$tmp/u.wasm" 2>"$tmp/err" &&
   ! "$root/tests/abi/signatures.sh" "$tmp/u.wasm" | grep -Eq '^export proxy_on_(context_create|delete)'; then
  ok "PROXYWASM_UNTRACKED_STREAMS: no proxy_on_context_create/proxy_on_delete"
else
  bad "PROXYWASM_UNTRACKED_STREAMS alone:"; cat "$tmp/err"
fi
"${cc_wasm[@]}" -c "$here/untracked_conflict.c" -o "$tmp/uc.o" || bad "untracked_conflict.c must compile"
if "${ld_wasm[@]}" "$tmp/uc.o" "$lib" -o "$tmp/uc.wasm" 2>"$tmp/err"; then
  bad "PROXYWASM_UNTRACKED_STREAMS linked with on_http_delete"
elif grep -q 'duplicate symbol: proxywasm_error_PROXYWASM_UNTRACKED_STREAMS_and_a_feature_that_tracks_streams' "$tmp/err"; then
  ok "PROXYWASM_UNTRACKED_STREAMS with on_http_delete: the link fails naming it"
else
  bad "PROXYWASM_UNTRACKED_STREAMS with on_http_delete: unexpected link error:"; cat "$tmp/err"
fi
echo "diagnostics: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# Checks that every public function declared in the public headers is
# documented: its declaration follows a /** ... */ block, directly or as a
# member of a group (consecutive declarations under one comment).
# Prints the undocumented ones; exits non-zero if any.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
status=0 total=0
for h in "$root"/include/proxywasm.h "$root"/include/proxywasm/*.h "$root"/emulator/include/proxywasm/*.h; do
  out=$(awk -v file="${h#$root/}" '
    /\/\*\*/ { doc = 1 }                     # a doc block starts (or is a one-liner)
    /^[[:space:]]*$/ { if (!indecl) doc = 0 } # a blank line ends a group
    /^#/ { next }
    {
      if (match($0, /^(static inline |PROXYWASM__INLINE |PROXYWASM__MALLOC )?[a-z_][a-z0-9_ ]*[ *]+(proxywasm_[a-z0-9_]+)\(/)) {
        name = $0; sub(/[(].*/, "", name); sub(/.*[ *]/, "", name)
        if (name !~ /^proxywasm__/) { n++; if (!doc) print file ": " name }
      }
    }
    END { print "#count " n + 0 }
  ' "$h")
  total=$((total + $(echo "$out" | sed -n 's/^#count //p')))
  bad=$(echo "$out" | grep -v '^#count' || true)
  if [ -n "$bad" ]; then echo "$bad"; status=1; fi
done
echo "doc-check: $total public functions, $( [ $status = 0 ] && echo all documented || echo 'some undocumented (above)')"
exit $status

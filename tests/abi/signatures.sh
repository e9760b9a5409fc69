#!/usr/bin/env bash
# Prints the imports and exports of a wasm module, one per line, as
#   import MODULE.NAME (PARAMS) -> RESULT     export NAME (PARAMS) -> RESULT
# (memory exports are skipped), sorted. Uses wasm-objdump (wabt).
set -euo pipefail
wasm-objdump -x "$1" | awk '
  /^Type\[/ { sec = "type"; next }
  /^Import\[/ { sec = "import"; next }
  /^Function\[/ { sec = "func"; next }
  /^Export\[/ { sec = "export"; next }
  /^[A-Z][a-z]*(\[|:)/ { sec = ""; next }
  sec == "type" && /- type\[/ {
    i = $2; gsub(/type\[|\]/, "", i); sub(/^[^(]*/, ""); sig[i] = $0; next }
  sec == "import" && /- func\[/ {
    f = $2; gsub(/func\[|\]/, "", f); s = $3; sub(/sig=/, "", s)
    fsig[f] = s; nimp = f + 1; print "import " $NF " " sig[s]; next }
  sec == "func" && /- func\[/ {
    f = $2; gsub(/func\[|\]/, "", f); s = $3; sub(/sig=/, "", s); fsig[f] = s; next }
  sec == "export" && /- func\[/ {
    f = $2; gsub(/func\[|\]/, "", f); n = $NF; gsub(/"/, "", n)
    print "export " n " " sig[fsig[f]]; next }
' | sort

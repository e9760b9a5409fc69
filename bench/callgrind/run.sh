#!/usr/bin/env bash
# run.sh DRIVER MODULES_DIR - instructions per request of each fuel
# workload in the emulator's wasm mode (mk/callgrind.mk), as a markdown
# table on stdout. Each contender and workload runs twice under callgrind,
# with N1 and N2 requests after the same start; the difference divided by
# N2 - N1 is one steady-state request, without start-up and exit. "module"
# counts the instructions inside the wasm2c-compiled module (functions
# whose source is in MODULES_DIR, as given to the compiler; bulk memory
# operations become libc's memcpy/memset and count in "total" only);
# "total" adds the emulator's hostcalls and driver calls and libc.
set -eu
command -v valgrind >/dev/null ||
  { echo "callgrind: valgrind is not installed (Debian: apt-get install valgrind)" >&2; exit 1; }
driver=$1 modules=${2%/}
N1=16 N2=48
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints "total module" instructions of one run.
count() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$driver" "$@" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; echo "callgrind: $* failed" >&2; exit 1; }
  callgrind_annotate --auto=no --inclusive=no --threshold=100 "$tmp/out" |
    awk -v dir="${modules#./}/" '
      /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
      / \(.*%\)  / && index($0, dir) { gsub(",", "", $1); module += $1 }
      END { printf "%d %d\n", total, module }'
}

per_request() { # contender workload -> "total module" per request
  read -r t1 m1 < <(count "$1" "$2" "$N1")
  read -r t2 m2 < <(count "$1" "$2" "$N2")
  echo "$(((t2 - t1) / (N2 - N1))) $(((m2 - m1) / (N2 - N1)))"
}

echo "| workload | floor: module | floor: total | this SDK: module | this SDK: total |"
echo "|---|---:|---:|---:|---:|"
for w in pass headers shared log body1k quickstart; do
  read -r ft fm < <(per_request floor "$w")
  read -r st sm < <(per_request sdk "$w")
  printf '| %s | %d | %d | %d | %d |\n' "$w" "$fm" "$ft" "$sm" "$st"
done

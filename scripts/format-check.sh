#!/usr/bin/env bash
# Checks that every C source and header of the project is formatted by
# .clang-format (clang-format-19, Debian); `make format` rewrites them.
# Prints the files that differ; exits non-zero if any.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-19}
mode=${1:-check}
mapfile -t files < <(git ls-files '*.c' '*.h')
if [ "$mode" = fix ]; then
  "$CLANG_FORMAT" -i "${files[@]}"
  exit
fi
bad=()
for f in "${files[@]}"; do
  "$CLANG_FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
for f in "${bad[@]+"${bad[@]}"}"; do echo "format: $f differs from .clang-format (make format)"; done
echo "format: ${#files[@]} files, ${#bad[@]} to reformat"
[ "${#bad[@]}" = 0 ]

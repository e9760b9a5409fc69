#!/usr/bin/env bash
# api-rename.sh - applies the 1.0 naming rule (docs/architecture.md,
# "Naming") to the whole tree: every old public name in the table below
# becomes its new name, as a whole word, in every tracked *.c *.h *.md *.sh
# *.mk *.yaml *.txt file except CHANGELOG.md (which lists the renames) and
# this script. Idempotent: safe to run again after merging branches written
# against the old names.
#
#   scripts/api-rename.sh            rename in place
#   scripts/api-rename.sh --table    print the table ("old new" per line)
#   scripts/api-rename.sh --check    list remaining uses of old names; exit 1 if any
set -euo pipefail
cd "$(dirname "$0")/.."

# old new  (functions: proxywasm_<noun>_<verb>; `v` only for va_list;
# array lengths are <thing>_count)
table='
proxywasm_call_foreign_function proxywasm_foreign_call
proxywasm_get_foreign_function_arguments proxywasm_foreign_get_arguments
proxywasm_continue_stream proxywasm_stream_continue
proxywasm_close_stream proxywasm_stream_close
proxywasm_set_tick_period proxywasm_tick_period_set
proxywasm_get_log_level proxywasm_log_level_get
proxywasm_get_current_time_ns proxywasm_time_get
proxywasm_get_plugin_configuration proxywasm_plugin_configuration_get
proxywasm_get_vm_configuration proxywasm_vm_configuration_get
proxywasm_get_status proxywasm_status_get
proxywasm_set_effective_context proxywasm_context_set_effective
proxywasm_current_context proxywasm_context_current
num_headers header_count
num_trailers trailer_count
num_initial_metadata metadata_count
num_elements element_count
'

case "${1:-}" in
--table) printf '%s\n' "$table" | sed '/^$/d'; exit 0 ;;
--check | "") ;;
*) echo "usage: $0 [--table|--check]" >&2; exit 2 ;;
esac

mapfile -t files < <(git ls-files '*.c' '*.h' '*.md' '*.sh' '*.mk' '*.yaml' '*.txt' |
  grep -vx -e CHANGELOG.md -e scripts/api-rename.sh)

if [ "${1:-}" = --check ]; then
  words=$(printf '%s\n' "$table" | awk 'NF == 2 { print $1 }' | paste -sd'|')
  if grep -nwE "$words" "${files[@]}"; then exit 1; fi
  exit 0
fi

script=$(printf '%s\n' "$table" | awk 'NF == 2 { printf "s/\\<%s\\>/%s/g;", $1, $2 }')
changed=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if grep -qwF -f <(printf '%s\n' "$table" | awk 'NF == 2 { print $1 }') "$f"; then
    sed -i "$script" "$f"
    changed=$((changed + 1))
  fi
done
echo "api-rename: $changed files changed"

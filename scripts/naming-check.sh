#!/usr/bin/env bash
# naming-check.sh - enforces the naming rule (docs/architecture.md, "Naming")
# over the public headers:
#  1. every function is proxywasm_<noun>_<verb or property>..., the noun one
#     of the API's nouns below (no verb-first names: get_, set_, call_, ...);
#  2. a name ending in v takes a va_list;
#  3. array lengths are <thing>_count (no num_ identifiers);
#  4. every *_set_data returns the same type;
#  5. HTTP and gRPC call targets have one shape (proxywasm_bytes upstream).
# Exceptions, with their reason, are listed below. Usage: scripts/naming-check.sh
set -u
cd "$(dirname "$0")/.."
headers=(include/proxywasm.h $(ls include/proxywasm/*.h | grep -v '/hooks\.h$'))
nouns='buffer|bytes|context|counter|foreign|gauge|grpc|header|headers|histogram|http|json|log|metric|plugin|property|queue|scratch|shared|status|stream|tcp|tick|time|version|vm'
# The C library's names, kept so they read as what they are.
exceptions='proxywasm_snprintf proxywasm_vsnprintf'
fail=0
bad() { echo "naming: $*"; fail=1; }

# Declarations joined into one line each, to see a whole parameter list.
flat=$(cat "${headers[@]}" | tr '\n' ' ' | sed 's/;/;\n/g; s/{/{\n/g')
names=$(grep -ohE '\bproxywasm_[a-z0-9][a-z0-9_]*[[:space:]]*\(([^*]|$)' "${headers[@]}" |
  sed -E 's/[[:space:]]*\(.*//' | sort -u)
count=0
for n in $names; do
  count=$((count + 1))
  case " $exceptions " in *" $n "*) continue ;; esac
  [[ $n =~ ^proxywasm_($nouns)(_[a-z0-9]+)*[fv]?$ ]] || bad "$n: not proxywasm_<noun>_<verb> (nouns: ${nouns//|/ })"
  if [[ $n == *v ]] && ! grep -qE "\b$n\([^)]*va_list" <<<"$flat"; then
    bad "$n: a v suffix means a va_list parameter"
  fi
done
# (Comments and string literals may quote Envoy's own names, e.g.
# upstream.num_endpoints.)
grep -nwE 'num_[a-z_]+' "${headers[@]}" | sed -E 's/"[^"]*"//g' | grep -wE 'num_[a-z_]+' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' | sed 's/^/naming: array length not named <thing>_count: /' | grep . && fail=1
types=$(grep -ohE '[a-z_]+[[:space:]]+proxywasm_[a-z_]*_set_data\(' <<<"$flat" | awk '$1 != "return" { print $1 }' | sort -u)
[ "$(wc -l <<<"$types")" = 1 ] || bad "*_set_data return different types: $(echo $types)"
[ "$(grep -c 'proxywasm_bytes upstream;' include/proxywasm/callout.h)" = 2 ] ||
  bad "HTTP and gRPC call requests must both name their target 'proxywasm_bytes upstream'"
[ "$fail" = 0 ] && echo "naming: $count public functions follow the rule"
exit "$fail"

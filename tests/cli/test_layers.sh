#!/bin/sh
# test_layers.sh - the dependencies point one way (docs/design.md,
# "Layers"): engine/ knows no store and no command line, stores/ no
# command line, and only engine/lua/ speaks Lua.  Every #include "..." of
# a source file is resolved against the file's folder and checked.
. "$(dirname "$0")/lib.sh"
cd "$GK_TOP" || exit 1

# "FILE TARGET" for every quoted include of the .c and .h files under $1,
# TARGET relative to the top of the tree.
includes() {
	find "$1" -name '*.[ch]' | sort | while read -r f; do
		d=$(dirname "$f")
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		while read -r inc; do
			printf '%s %s\n' "$f" "$(realpath -m --relative-to=. "$d/$inc")"
		done
	done
}

includes engine > "$T/engine"
includes stores > "$T/stores"
n=$(wc -l < "$T/engine")
if [ "$n" -gt 100 ]; then ok "engine/: $n includes read"; else
	not_ok "engine/: includes read" "only $n: the scan is broken"; fi

bad=$(awk '$2 ~ /^(stores|cli)\// { print }' "$T/engine")
if [ -z "$bad" ]; then ok "engine/ includes nothing from stores/ or cli/"; else
	not_ok "engine/ includes nothing from stores/ or cli/" "$(echo "$bad" | head -3 | tr '\n' ';')"; fi

bad=$(awk '$2 ~ /^cli\// { print }' "$T/stores")
if [ -z "$bad" ]; then ok "stores/ includes nothing from cli/"; else
	not_ok "stores/ includes nothing from cli/" "$(echo "$bad" | head -3 | tr '\n' ';')"; fi

# Lua's headers are included with <>: look for them by name.
bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"](lua|lauxlib|lualib)\.h' engine stores cli |
      grep -v '^engine/lua/' | sort)
if [ -z "$bad" ]; then ok "only engine/lua/ includes Lua's headers"; else
	not_ok "only engine/lua/ includes Lua's headers" "$(echo "$bad" | tr '\n' ' ')"; fi

bad=$(grep -lE '#[[:space:]]*include[[:space:]]*<(sqlite3|lua|git2|yaml)\.h>' engine/*.c engine/*.h engine/run/*.c engine/run/*.h | sort)
if [ -z "$bad" ]; then ok "the domain and the run include no SQLite, Lua, libgit2 or libyaml header"; else
	not_ok "the domain and the run include no SQLite, Lua, libgit2 or libyaml header" "$(echo "$bad" | tr '\n' ' ')"; fi

# The check itself can fail: a stores/ include in a copy of an engine file.
mkdir -p "$T/probe/engine"
printf '#include "../stores/db/db.h"\n' > "$T/probe/engine/x.c"
(cd "$T/probe" && includes engine) > "$T/probe.out"
if grep -q ' stores/db/db.h$' "$T/probe.out"; then ok "the scan sees an engine file including a store header"; else
	not_ok "the scan sees an engine file including a store header" "$(cat "$T/probe.out")"; fi

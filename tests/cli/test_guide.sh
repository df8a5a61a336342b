#!/bin/sh
# test_guide.sh - run every example of the policy guide (docs/policy-guide.md,
# or the file named by $GUIDE) so the guide cannot drift from the program.
#
# The guide's fenced blocks, in document order:
#   ```lua   first line "-- 文件：policies/P"     write the block (marker line
#   ```yaml  first line "# 文件：policies/P"      included) to $T/policies/P,
#                                                 replacing any file there
#   ```lua   first line "-- 文件（片段）：policies/P"   an excerpt: the lines
#   ```yaml  first line "# 文件（片段）：policies/P"    after the marker must be
#            consecutive lines of the project's own policies/P
#   ```console  "$ CMD" lines are commands; a command with a heredoc (<<'EOF')
#            takes the lines up to the terminator too.  The lines after it, up
#            to the next "$ ", are expected output: each non-empty one must be
#            part of one line of the command's stdout+stderr ("…" in it stands
#            for any text), and "# 退出状态：N" is the expected exit status
#            (0 when absent).
# Any other fenced block, or a lua/yaml block without a marker, is an
# unchecked example and fails.
#
# $T/policies starts as a copy of the project's policies/ and accumulates the
# file blocks.  Commands run in $T through sh, with "gongkai" meaning $GK_BIN
# and GONGKAI_POLICIES=policies (that is $T/policies: relative, so paths in
# the output read "policies/..." as they do for an officer in the project).
# Every block and command prints one "ok - guide: ..." or "not ok - guide: ..."
# line; diagnostics start with "#   ".
. "$(dirname "$0")/lib.sh"

GUIDE=${GUIDE:-$GK_TOP/docs/policy-guide.md}
case $GUIDE in /*) ;; *) GUIDE=$(pwd)/$GUIDE ;; esac
G="$T/.guide"
mkdir -p "$G/bin"

# diag FILE [N]: FILE's first N lines as diagnostic lines
diag() { head -n "${2:-15}" "$1" | sed 's/^/#   /'; }
# pass NAME / fail NAME [WHY]: like ok and not_ok, but printing NAME as it
# is (echo in some shells expands the backslashes of a command like printf)
pass() { printf 'ok - %s\n' "$1"; }
fail() {
	printf 'not ok - %s\n' "$1"
	[ -n "$2" ] && printf '#   %s\n' "$2"
	return 0
}

if [ ! -f "$GUIDE" ]; then
	fail "guide: $GUIDE exists" "no such file"
	exit 0
fi
if [ ! -x "$GK_BIN" ]; then
	fail "guide: gongkai is built" "no executable $GK_BIN (run make)"
	exit 0
fi

cp -R "$POL" "$T/policies"
cat >"$G/bin/gongkai" <<EOF
#!/bin/sh
exec $GK_WRAP "$GK_BIN" "\$@"
EOF
chmod +x "$G/bin/gongkai"
TO=
command -v timeout >/dev/null 2>&1 && TO="timeout 300"

# ---- split the guide into steps ------------------------------------------------
#
# $G/steps: one line per step, "N|KIND|LINE|ARG" with KIND file, excerpt, cmd
# or bad (ARG: why); $G/N.body the file, excerpt or command; $G/N.exp the
# expected output lines; $G/N.st the expected exit status.
LC_ALL=C awk -v dir="$G" '
function step(kind, arg) {
	n++
	printf "%d|%s|%d|%s\n", n, kind, NR, arg > (dir "/steps")
	body = dir "/" n ".body"; expf = dir "/" n ".exp"
	printf "" > body; close(body)
	printf "" > expf; close(expf)
}
function add(f, s) { print s >> f; close(f) }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function after(s, p) { return index(s, p) == 1 ? trim(substr(s, length(p) + 1)) : "" }
BEGIN { infence = 0 }
!infence && /^```/ {
	infence = 1; lang = trim(substr($0, 4)); first = 1; mode = ""; badout = 0
	if (lang != "console" && lang != "lua" && lang != "yaml")
		step("bad", "a ```" lang " block is not checked: use console, lua or yaml")
	next
}
infence && /^```[ \t]*$/ {
	if (mode == "heredoc")
		step("bad", "heredoc not closed by " term)
	infence = 0; next
}
!infence { next }
lang == "lua" || lang == "yaml" {
	if (first) {
		first = 0
		c = lang == "lua" ? "-- " : "# "
		if ((p = after($0, c "文件（片段）：")) != "") { step("excerpt", p); mode = "excerpt"; next }
		if ((p = after($0, c "文件：")) != "") { step("file", p); mode = "file"; add(body, $0); next }
		step("bad", "a ```" lang " block must start with \"" c "文件：policies/...\" or \"" c "文件（片段）：policies/...\"")
		mode = "none"; next
	}
	if (mode == "file" || mode == "excerpt") add(body, $0)
	next
}
lang == "console" {
	if (mode == "heredoc") {
		add(body, $0)
		if ($0 == term || (dash && trim($0) == term)) mode = "out"
		next
	}
	if (index($0, "$ ") == 1) {
		cmd = substr($0, 3)
		step("cmd", cmd)
		add(body, cmd)
		mode = "out"
		if (match(cmd, /<<-?[ \t]*["\047]?[A-Za-z_][A-Za-z_0-9]*/)) {
			h = substr(cmd, RSTART, RLENGTH)
			dash = h ~ /^<<-/
			sub(/^<<-?[ \t]*["\047]?/, "", h)
			term = h; mode = "heredoc"
		}
		next
	}
	if (mode != "out" && trim($0) == "") next
	if (mode != "out") { if (!badout) step("bad", "console output before any \"$ \" command"); badout = 1; next }
	if ((s = after($0, "# 退出状态：")) != "") { print s > (dir "/" n ".st"); close(dir "/" n ".st"); next }
	add(expf, $0)
	next
}
END {
	if (infence) step("bad", "a fenced block is not closed")
	if (!n) step("bad", "the guide has no examples")
}
' "$GUIDE"

# match EXP OUT: print each expected line of EXP that no line of OUT holds
match_out() {
	LC_ALL=C awk '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
	NR == FNR { e[++ne] = $0; next }
	{ sub(/\r$/, ""); o[++no] = $0 }
	END {
		for (i = 1; i <= ne; i++) {
			x = trim(e[i])
			np = split(x, p, "…")
			any = 0
			for (k = 1; k <= np; k++) if (p[k] != "") any = 1
			if (!any) continue
			found = 0
			for (j = 1; j <= no && !found; j++) {
				s = o[j]; good = 1
				for (k = 1; k <= np; k++) {
					if (p[k] == "") continue
					at = index(s, p[k])
					if (!at) { good = 0; break }
					s = substr(s, at + length(p[k]))
				}
				found = good
			}
			if (!found) print "missing: " x
		}
	}' "$1" "$2"
}

# contiguous EXCERPT FILE: true when the lines of EXCERPT are consecutive
# lines of FILE
contiguous() {
	LC_ALL=C awk '
	NR == FNR { x[++nx] = $0; next }
	{ f[++nf] = $0 }
	END {
		if (!nx) exit 1
		for (i = 1; i + nx - 1 <= nf; i++) {
			for (k = 1; k <= nx && f[i + k - 1] == x[k]; k++) ;
			if (k > nx) exit 0
		}
		exit 1
	}' "$1" "$2"
}

while IFS='|' read -r n kind line arg; do
	name="guide: line $line"
	case $kind in
	bad)
		fail "$name: example" "$arg" ;;
	file)
		case $arg in
		policies/*..*|*/../*) fail "$name: write $arg" "path must stay inside policies/" ;;
		policies/?*)
			mkdir -p "$(dirname "$T/$arg")"
			if cp "$G/$n.body" "$T/$arg"; then pass "$name: write $arg"
			else fail "$name: write $arg" "cannot write $T/$arg"; fi ;;
		*) fail "$name: write $arg" "a file block names a file under policies/" ;;
		esac ;;
	excerpt)
		if [ ! -f "$GK_TOP/$arg" ]; then
			fail "$name: excerpt of $arg" "no such file in the project: $arg"
		elif contiguous "$G/$n.body" "$GK_TOP/$arg"; then
			pass "$name: excerpt of $arg"
		else
			fail "$name: excerpt of $arg" "these lines are not consecutive lines of $arg:"
			diag "$G/$n.body"
		fi ;;
	cmd)
		want=0
		[ -f "$G/$n.st" ] && want=$(cat "$G/$n.st")
		(cd "$T" && PATH="$G/bin:$PATH" GONGKAI_POLICIES=policies \
			$TO sh "$G/$n.body") </dev/null >"$G/$n.out" 2>&1
		st=$?
		match_out "$G/$n.exp" "$G/$n.out" >"$G/$n.miss"
		if [ "$st" -ne "$want" ] || [ -s "$G/$n.miss" ]; then
			fail "$name: \$ $arg"
			[ "$st" -ne "$want" ] && echo "#   exit status $st, expected $want"
			diag "$G/$n.miss" 10
			echo "#   output was:"
			diag "$G/$n.out" 40
		else
			pass "$name: \$ $arg"
		fi ;;
	esac
done <"$G/steps"
exit 0

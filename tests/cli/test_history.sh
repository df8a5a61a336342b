#!/bin/sh
# test_history.sh - gongkai log and blame on a policy repository built here
# with the git command: a linear history, a merge and a renamed file.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"
g() { git -C "$T/repo" "$@" >/dev/null 2>&1; }
short() { git -C "$T/repo" rev-parse --short=7 "$1"; }
R="$T/repo"

# 1. init; 2. B1 15 working days; 3. a rule added; 4. a rule removed;
# 5. only catalog.yaml; 6. a branch and a merge; 7. a renamed file.
gk init "$R"
expect_status 0 "fixture: init"
c_init=$(short HEAD)
sed -i 's/workdays = 20,/workdays = 15,/' "$R/baseline/b1-proactive.lua"
GIT_AUTHOR_NAME="Alice Wang" GIT_AUTHOR_DATE="2024-03-05T09:30:00+08:00" g commit -qam "B1: 15 working days"
c_b1=$(short HEAD)
cat > "$R/zezhou/z9-extra.lua" <<'LUA'
-- a new rule
required "Z9" {
  basis   = "test",
  message = "test rule",
  kinds   = "info",
}
LUA
g add -A && g commit -qm "zezhou: add Z9"
c_add=$(short HEAD)
g rm -q zhongshan/s4-remedy.lua && g commit -qm "zhongshan: drop S4"
c_rm=$(short HEAD)
echo "# note" >> "$R/zezhou/catalog.yaml"
g commit -qam "zezhou catalog note"
c_cat=$(short HEAD)
g checkout -q -b side
sed -i 's/message = "test rule",/message = "test rule, reworded",/' "$R/zezhou/z9-extra.lua"
g commit -qam "side: reword Z9"
c_side=$(short HEAD)
g checkout -q master || g checkout -q main
echo "# main" >> "$R/calendar.yaml"
g commit -qam "calendar note"
g merge -q --no-ff -m "merge side" side
c_merge=$(short HEAD)
g mv baseline/b1-proactive.lua baseline/b1-renamed.lua
g commit -qm "rename B1's file"
c_mv=$(short HEAD)
if [ "$(git -C "$R" rev-list --count HEAD)" = 9 ]; then ok "fixture: nine commits"; else
	not_ok "fixture: nine commits" "$(git -C "$R" log --oneline)"; fi

# The whole log.
gk log --policies "$R"
expect_status 0 "log: exit status 0"
expect_out "commit $c_b1  Alice Wang  2024-03-05 09:30  B1: 15 working days" "log: short id, author, date, subject"
expect_out "~ B1 (baseline/b1-proactive.lua)" "log: B1's change"
expect_out "+ Z9 (zezhou/z9-extra.lua)" "log: an added rule"
expect_out "- S4 (zhongshan/s4-remedy.lua)" "log: a removed rule"
expect_out "files: zezhou/catalog.yaml" "log: a commit touching only the catalog"
expect_out "files: baseline/b1-proactive.lua -> baseline/b1-renamed.lua" "log: a rename is listed as a file"
expect_out "+ B1 (baseline/b1-proactive.lua)" "log: the root commit adds every rule"
first=$(sed -n 1p "$T/.out")
case $first in "commit $c_mv "*) ok "log: newest first";; *) not_ok "log: newest first" "$first";; esac
# The merge compared with its first parent: it brings Z9's rewording.
if awk -v c="commit $c_merge" 'index($0,c)==1{m=1;next} /^commit /{m=0} m&&/~ Z9/{f=1} END{exit !f}' "$T/.out"; then
	ok "log: the merge shows what it brought against its first parent"
else
	not_ok "log: the merge shows what it brought against its first parent" "$stdout"
fi
if awk -v c="commit $c_mv" 'index($0,c)==1{m=1;next} /^commit /{m=0} m&&/^  [~+-] /{f=1} END{exit f}' "$T/.out"; then
	ok "log: a rename with identical text changes no rule"
else
	not_ok "log: a rename with identical text changes no rule"
fi

# Per rule.
gk log --policies "$R" B1
expect_status 0 "log B1: exit status 0"
n=$(grep -c '^commit ' "$T/.out")
if [ "$n" = 2 ] && grep -q "^commit $c_b1 " "$T/.out" && grep -q "^commit $c_init " "$T/.out"; then
	ok "log B1: the seeding commit and the change, not the rename"
else
	not_ok "log B1: the seeding commit and the change, not the rename" "$stdout"
fi
gk log --policies "$R" Z9
n=$(grep -c '^commit ' "$T/.out")
if [ "$n" = 3 ] && grep -q "^commit $c_side " "$T/.out" && grep -q "^commit $c_merge " "$T/.out" &&
   grep -q "^commit $c_add " "$T/.out"; then ok "log Z9: added, reworded on a branch, merged"; else
	not_ok "log Z9: added, reworded on a branch, merged" "$stdout"; fi
gk log --policies "$R" S4
expect_out "- S4 (zhongshan/s4-remedy.lua)" "log S4: its removal"

# Per jurisdiction.
gk log --policies "$R" zezhou
expect_status 0 "log zezhou: exit status 0"
if grep -q "^commit $c_cat " "$T/.out" && grep -q "^commit $c_add " "$T/.out" &&
   ! grep -q "^commit $c_b1 " "$T/.out" && ! grep -q "^commit $c_rm " "$T/.out" &&
   ! grep -q "^commit $c_mv " "$T/.out"; then ok "log zezhou: only commits touching zezhou"; else
	not_ok "log zezhou: only commits touching zezhou" "$stdout"; fi
gk log --policies "$R" baseline
if grep -q "^commit $c_mv " "$T/.out" && grep -q "^commit $c_b1 " "$T/.out" &&
   ! grep -q "^commit $c_cat " "$T/.out"; then ok "log baseline: only commits touching baseline"; else
	not_ok "log baseline: only commits touching baseline" "$stdout"; fi

# A policy set in a subfolder: only commits touching it count.
mkdir -p "$T/proj"
cp -r "$POL" "$T/proj/policies"
git -C "$T/proj" init -q && git -C "$T/proj" add -A && git -C "$T/proj" commit -qm "policies" >/dev/null 2>&1
echo x > "$T/proj/README" && git -C "$T/proj" add -A && git -C "$T/proj" commit -qm "readme" >/dev/null 2>&1
gk log --policies "$T/proj/policies"
if [ "$status" = 0 ] && [ "$(grep -c '^commit ' "$T/.out")" = 1 ] && grep -q "+ B1 (baseline/" "$T/.out"; then
	ok "log: a set in a subfolder ignores commits outside it"; else
	not_ok "log: a set in a subfolder ignores commits outside it" "$stdout $stderr"; fi

# Blame: the workdays line is B1's change, the rest the seeding commit
# (followed through the rename).
gk blame --policies "$R" B1
expect_status 0 "blame B1: exit status 0"
expect_out "baseline/b1-renamed.lua" "blame B1: names the file at HEAD"
if grep -q "^$c_b1  Alice Wang .*workdays = 15," "$T/.out"; then
	ok "blame B1: the changed line belongs to its commit"; else
	not_ok "blame B1: the changed line belongs to its commit" "$stdout"; fi
if grep -q "^$c_init .*deadline \"B1\" {" "$T/.out"; then
	ok "blame B1: an untouched line belongs to the seeding commit"; else
	not_ok "blame B1: an untouched line belongs to the seeding commit" "$stdout"; fi
n=$(grep -c '^[0-9a-f]\{7\}  ' "$T/.out")
if [ "$n" = 10 ]; then ok "blame B1: one line per line of the declaration"; else
	not_ok "blame B1: one line per line of the declaration" "$n lines: $stdout"; fi
gk blame --policies "$R" Z9 --jurisdiction zezhou
if [ "$status" = 0 ] && grep -q "^$c_side .*reworded" "$T/.out"; then
	ok "blame Z9 --jurisdiction zezhou: the merged branch's line"; else
	not_ok "blame Z9 --jurisdiction zezhou: the merged branch's line" "$stdout $stderr"; fi

# Errors name the repository and what to do.
gk blame --policies "$R" NOPE
expect_status 2 "blame: an unknown rule: exit status 2"
expect_err "rule 'NOPE' is not declared" "blame: an unknown rule is named"
gk blame --policies "$R" B1 --jurisdiction zezhou
expect_status 2 "blame: a rule not in the jurisdiction: exit status 2"
gk blame --policies "$R" B1x
expect_err "did you mean 'B1'?" "blame: a misspelt rule names the nearest"
gk blame --policies "$R" Z9 --jurisdiction zezou
expect_status 2 "blame: a misspelt jurisdiction: exit status 2"
expect_err "did you mean 'zezhou'?" "blame: a misspelt jurisdiction names the nearest"
gk log --policies "$R" NOPE
expect_status 2 "log: an unknown rule: exit status 2"
expect_err "'NOPE' is neither a rule" "log: an unknown rule is named"
mkdir -p "$T/plain"
cp -r "$POL/." "$T/plain/"
gk log --policies "$T/plain"
expect_status 2 "log: not a repository: exit status 2"
expect_err "is not in a git repository" "log: not a repository says so"
expect_err "gongkai init" "log: not a repository says what to do"
gk blame --policies "$T/plain" B1
expect_status 2 "blame: not a repository: exit status 2"
mkdir -p "$T/empty" && git -C "$T/empty" init -q
gk log --policies "$T/empty"
expect_status 2 "log: no commits: exit status 2"
expect_err "has no commit yet" "log: no commits says so and what to do"
gk blame --policies "$R"
expect_status 2 "blame: without a rule: exit status 2"

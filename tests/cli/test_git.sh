#!/bin/sh
# test_git.sh - policy sets read from git commits (--rev) and gongkai init,
# on real repositories made here with the git command.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"
g() { git -C "$T/repo" "$@" >/dev/null 2>&1; }

# Records: one proactive item published 16 working days after formation.
cat > "$T/r.csv" <<'CSV'
id,jurisdiction,kind,attribute,formed_on,published_on
ZZ-1,zezhou,info,proactive,2021-03-01,2021-03-23
CSV
gk import --db "$T/r.db" "$T/r.csv"
expect_status 0 "fixture records import"

# A repository whose first commit has B1 at 20 working days, then 15.
gk init "$T/repo"
expect_status 0 "init: exit status 0"
expect_out "created the policy repository" "init: says what it made"
if [ "$(git -C "$T/repo" rev-list --count HEAD)" = 1 ] && [ -f "$T/repo/baseline/b1-proactive.lua" ] &&
   [ -f "$T/repo/calendar.yaml" ] && [ -f "$T/repo/zezhou/catalog.yaml" ]; then
	ok "init: one commit holding the calendar, baseline and catalogs"
else
	not_ok "init: one commit holding the calendar, baseline and catalogs"
fi
gk init "$T/repo"
expect_status 2 "init: an existing directory is refused"
expect_err "already exists" "init: says the directory exists"

g tag v1
sed -i 's/workdays = 20,/workdays = 15,/' "$T/repo/baseline/b1-proactive.lua"
g commit -qam "B1: 15 working days"
v2=$(git -C "$T/repo" rev-parse HEAD)

gk run --db "$T/r.db" --policies "$T/repo" --rev v1 --as-of 2021-12-31 --jurisdiction zezhou --format json
expect_status 0 "--rev v1 (20 working days): the record is on time"
gk run --db "$T/r.db" --policies "$T/repo" --rev HEAD --as-of 2021-12-31 --jurisdiction zezhou --format json
expect_status 1 "--rev HEAD (15 working days): the record is late"
expect_out "\"policy_revision\": \"$v2\"" "--rev HEAD: the run names the full commit id"
if [ "$(sqlite3 "$T/r.db" "SELECT policy_revision FROM runs ORDER BY id DESC LIMIT 1")" = "$v2" ]; then
	ok "--rev HEAD: the stored run carries the commit id"
else
	not_ok "--rev HEAD: the stored run carries the commit id"
fi

# An uncommitted edit never reaches a run from a commit.
sed -i 's/workdays = 15,/workdays = 30,/' "$T/repo/baseline/b1-proactive.lua"
gk run --db "$T/r.db" --policies "$T/repo" --rev HEAD --as-of 2021-12-31 --jurisdiction zezhou
expect_status 1 "an uncommitted edit is not read from the commit"
gk run --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou
expect_status 2 "uncommitted changes refuse a run"
expect_err "has uncommitted changes: commit them" "uncommitted changes: says to commit or pass --worktree"
gk run --db "$T/r.db" --policies "$T/repo" --worktree --as-of 2021-12-31 --jurisdiction zezhou --format json
expect_status 0 "--worktree evaluates the folder as it is"
expect_out '"uncommitted": true' "--worktree: the JSON run says uncommitted"
if [ "$(sqlite3 "$T/r.db" "SELECT policy_revision FROM runs ORDER BY id DESC LIMIT 1")" = worktree ]; then
	ok "--worktree: the stored run is marked worktree"
else
	not_ok "--worktree: the stored run is marked worktree"
fi
gk run --db "$T/r.db" --policies "$T/repo" --worktree --as-of 2021-12-31 --jurisdiction zezhou
expect_out "UNCOMMITTED" "--worktree: the text output says UNCOMMITTED"
gk run --db "$T/r.db" --policies "$T/repo" --rev HEAD --as-of 2021-12-31 --jurisdiction zezhou --format csv
if [ "$(tail -n +2 "$T/.out" | grep -c ",$v2")" -ge 1 ] && [ "$(tail -n +2 "$T/.out" | grep -vc ",$v2")" = 0 ]; then
	ok "every CSV row names the commit it was found with"; else
	not_ok "every CSV row names the commit it was found with" "$(head -c 300 "$T/.out")"; fi
gk run --db "$T/r.db" --policies "$T/repo" --rev HEAD --worktree --as-of 2021-12-31
expect_status 2 "--rev and --worktree exclude each other"
g checkout -- baseline/b1-proactive.lua
gk run --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou --format json
expect_status 1 "a clean repository: the run reads HEAD by default"
expect_out "\"policy_revision\": \"$v2\"" "by default the run names HEAD's commit"
expect_out '"uncommitted": false' "a committed run is not marked uncommitted"
printf 'x\n' > "$T/repo/zezhou/notes.txt"
gk run --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou
expect_status 2 "an untracked file in the policy set also refuses the run"
rm -f "$T/repo/zezhou/notes.txt"

# impact: both revisions on the same records, nothing stored.
runs_before=$(sqlite3 "$T/r.db" "SELECT count(*) FROM runs")
gk impact --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 v1 HEAD
expect_status 1 "impact v1 HEAD: a finding appears, exit status 1"
expect_out "B1: +1 appear, -0 disappear" "impact v1 HEAD: grouped by rule with counts"
expect_out "+ ZZ-1  zezhou  deadline  期限 2021-03-22" "impact v1 HEAD: names the record and its deadline"
gk impact --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 HEAD v1
expect_out "B1: +0 appear, -1 disappear" "impact HEAD v1: the same finding disappears"
gk impact --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 HEAD HEAD
expect_status 0 "impact HEAD HEAD: no difference, exit status 0"
expect_out "no finding appears or disappears" "impact HEAD HEAD: says so"
sed -i 's/workdays = 15,/workdays = 25,/' "$T/repo/baseline/b1-proactive.lua"
gk impact --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 HEAD --worktree
expect_out "B1: +0 appear, -1 disappear" "impact HEAD --worktree previews an uncommitted edit"
expect_out "worktree (uncommitted)" "impact --worktree says the second side is uncommitted"
g checkout -- baseline/b1-proactive.lua
if [ "$(sqlite3 "$T/r.db" "SELECT count(*) FROM runs")" = "$runs_before" ]; then
	ok "impact stores no run"; else not_ok "impact stores no run"; fi
gk impact --db "$T/r.db" --policies "$T/repo" v1 no-such-rev
expect_status 2 "impact with a revision that does not exist: exit status 2"

# A renamed policy file is read under its new name.
g mv baseline/b1-proactive.lua baseline/b1-renamed.lua
g commit -qm "rename B1's file"
gk run --db "$T/r.db" --policies "$T/repo" --rev HEAD --as-of 2021-12-31 --jurisdiction zezhou
expect_status 1 "a renamed policy file still counts"
gk lint --policies "$T/repo" --rev HEAD
expect_status 0 "lint --rev HEAD"
gk test --policies "$T/repo" --rev v1 B1
expect_status 0 "test --rev v1: the cases of that commit pass"

# A policy set in a subfolder of a repository.
mkdir -p "$T/proj"
cp -r "$POL" "$T/proj/policies"
git -C "$T/proj" init -q && git -C "$T/proj" add -A && git -C "$T/proj" commit -qm "policies" >/dev/null 2>&1
gk run --db "$T/r.db" --policies "$T/proj/policies" --rev HEAD --as-of 2021-12-31 --jurisdiction zezhou
expect_status 0 "a policy set in a subfolder of a repository"

# Errors name the repository, the revision and what to do.
gk run --db "$T/r.db" --policies "$T/repo" --rev no-such-tag --as-of 2021-12-31
expect_status 2 "a revision that does not exist: exit status 2"
expect_err "revision 'no-such-tag' does not exist in the repository '$T/repo/'" "a revision that does not exist: names it and the repository"
mkdir -p "$T/plain"
cp -r "$POL/." "$T/plain/"
gk run --db "$T/r.db" --policies "$T/plain" --as-of 2021-12-31
expect_status 2 "a path that is not in a repository: exit status 2"
expect_err "is not in a git repository" "a path that is not in a repository: says so"
expect_err "pass --worktree" "a path that is not in a repository: says how to run it anyway"
mkdir -p "$T/unborn" && git -C "$T/unborn" init -q
cp -r "$POL/." "$T/unborn/"
gk run --db "$T/r.db" --policies "$T/unborn" --rev HEAD --as-of 2021-12-31
expect_status 2 "an unborn repository: exit status 2"
expect_err "has no commit yet: commit the policy set first" "an unborn repository: says to commit first"
mkdir -p "$T/proj/newset"
gk run --db "$T/r.db" --policies "$T/proj/newset" --rev HEAD --as-of 2021-12-31
expect_status 2 "a folder not in the commit: exit status 2"
expect_err "is not in revision 'HEAD'" "a folder not in the commit: says commit it first"

# commit: lint, test, impact, then commit under the officer's name.
gk commit --policies "$T/repo" -m "nothing"
expect_status 2 "commit with no changes: exit status 2"
expect_err "nothing to commit" "commit with no changes: says so"
printf 'deadline "B1" {\n  workday = 20,\n}\n' > "$T/repo/zezhou/broken.lua"
gk commit --policies "$T/repo" -m "broken"
expect_status 1 "commit refuses when lint fails"
expect_out "zezhou/broken.lua:1" "commit names the lint problem's file and line"
expect_out "nothing was committed" "commit says nothing was committed"
rm -f "$T/repo/zezhou/broken.lua"
sed -i 's/workdays = 15,/workdays = 19,/' "$T/repo/baseline/b1-renamed.lua"
gk commit --policies "$T/repo" -m "B1: 19 working days"
expect_status 1 "commit refuses when a policy test fails"
expect_out "policy test" "commit says a policy test failed"
count_before=$(git -C "$T/repo" rev-list --count HEAD)
sed -i 's/workdays = 19,/workdays = 20,/' "$T/repo/baseline/b1-renamed.lua"
gk commit --policies "$T/repo" --db "$T/r.db" --as-of 2021-12-31 --author "Li Na <lina@example.org>" -m "B1: back to 20 working days"
expect_status 0 "commit: lint and tests pass, committed"
expect_out "B1: +0 appear, -1 disappear" "commit shows the impact on the database"
expect_out "committed " "commit prints the commit id"
if [ "$(git -C "$T/repo" rev-list --count HEAD)" = $((count_before + 1)) ] &&
   [ "$(git -C "$T/repo" log -1 --format='%an <%ae>|%s')" = "Li Na <lina@example.org>|B1: back to 20 working days" ]; then
	ok "commit: one new commit with the officer as author and the message"
else
	not_ok "commit: one new commit with the officer as author and the message" "$(git -C "$T/repo" log -1 --format='%an <%ae>|%s')"
fi
gk run --db "$T/r.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou
expect_status 0 "after commit the set is clean and the run reads the new HEAD"

# replay: a stored run reproduces from its commit and the records of then.
cat > "$T/p.csv" <<'CSV'
id,jurisdiction,kind,attribute,formed_on,published_on
ZZ-P1,zezhou,info,proactive,2021-03-01,2021-04-15
ZZ-P2,zezhou,info,proactive,2021-03-01,2021-03-05
CSV
gk import --db "$T/p.db" "$T/p.csv"
gk run --db "$T/p.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou
expect_status 1 "replay fixture: the first run has a finding"
first=$(sqlite3 "$T/p.db" "SELECT max(id) FROM runs")
# A later import replaces ZZ-P1 with a compliant version.
printf 'id,jurisdiction,kind,attribute,formed_on,published_on\nZZ-P1,zezhou,info,proactive,2021-03-01,2021-03-10\n' > "$T/p2.csv"
gk import --db "$T/p.db" "$T/p2.csv"
gk run --db "$T/p.db" --policies "$T/repo" --as-of 2021-12-31 --jurisdiction zezhou
expect_status 0 "replay fixture: after the new version, no finding"
second=$(sqlite3 "$T/p.db" "SELECT max(id) FROM runs")
gk replay --db "$T/p.db" "$first"
expect_status 0 "replay of the first run reproduces it from the earlier record version"
expect_out "run $first reproduces exactly: 1 finding" "replay says it reproduces exactly"
gk replay --db "$T/p.db" "$second"
expect_status 0 "replay of the second run reproduces it"
sqlite3 "$T/p.db" "UPDATE findings SET due_on = '2021-03-30' WHERE run_id = $first"
gk replay --db "$T/p.db" "$first"
expect_status 1 "replay of an altered run: exit status 1"
expect_out "does NOT reproduce" "replay of an altered run says so"
gk run --db "$T/p.db" --policies "$T/repo" --worktree --as-of 2021-12-31 --jurisdiction zezhou
wt=$(sqlite3 "$T/p.db" "SELECT max(id) FROM runs")
gk replay --db "$T/p.db" "$wt"
expect_status 2 "replay of a --worktree run is refused"
expect_err "uncommitted policy set" "replay of a --worktree run says why"
gk replay --db "$T/p.db" 999
expect_status 2 "replay of a run that does not exist"

#!/bin/sh
# test_coverage.sh - the coverage map (requirements.yaml) and gongkai coverage.
#
# The bundled map: every rule of the bundled set is cited by a requirement
# (checked here independently, from the Lua files), every quote is verbatim
# in its source document (tests/fixtures/sources/), the JSON has the
# documented shape and its counts add up, the text groups by document.
# lint: each kind of problem with its file, line and column; a rule added
# without a requirement fails lint and coverage.  A git policy set: HEAD by
# default, --rev, --worktree, uncommitted changes refused.  Usage errors.
. "$(dirname "$0")/lib.sh"

# The rules of the bundled set, counted from their declarations.
NRULES=$(cat "$POL"/*/*.lua | grep -cE '^(deadline|required|publisher|rule|order|catalog|confidential|privacy|periodic|channel) "')
export NRULES

SRC="$GK_TOP/tests/fixtures/sources"

# line_of FILE PATTERN: the number of the first line of FILE matching PATTERN
line_of() { grep -n -- "$2" "$1" | head -n 1 | cut -d: -f1; }

# reported FILE:LINE TEXT NAME: ok when a line of stdout starts with
# "FILE:LINE:" and contains TEXT
reported() {
	if grep -F -- "$1:" "$T/.out" | grep -qF -- "$2"; then ok "$3"
	else not_ok "$3" "no '$1: … $2' in: $(flat "$(head -c 1500 "$T/.out")")"; fi
}

# cited.py POLICIES JSON: one "ok"/"not ok" line per rule of the Lua files
# of POLICIES, saying whether the map in JSON (gongkai coverage --format
# json) cites it where it must: a baseline rule anywhere; a jurisdiction's
# rule in its own documents (an override also in the baseline's).
cat >"$T/cited.py" <<'EOF'
import json, os, re, sys
pol, data = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
juris = {d["source"]: d["jurisdiction"] for d in data["summary"]["documents"]}
cites = {}
for r in data["requirements"]:
    for rule in r["rules"]:
        cites.setdefault(rule, set()).add(juris[r["source"]])
decl = re.compile(r'^(deadline|required|publisher|order|catalog|confidential|privacy|'
                  r'periodic|channel|rule)\s+"([^"]+)"\s*\{(.*?)^\}', re.M | re.S)
n = 0
for folder in sorted(os.listdir(pol)):
    if not os.path.isdir(os.path.join(pol, folder)) or folder == "tests":
        continue
    for name in sorted(os.listdir(os.path.join(pol, folder))):
        if not name.endswith(".lua"):
            continue
        text = open(os.path.join(pol, folder, name), encoding="utf-8").read()
        for m in decl.finditer(text):
            rid, n = m.group(2), n + 1
            where = cites.get(rid, set())
            if folder == "baseline":
                good = bool(where)
            elif re.search(r'override\s*=\s*true', m.group(3)):
                good = folder in where or None in where
            else:
                good = folder in where
            print("%s - the map cites %s/%s's rule %s" % ("ok" if good else "not ok",
                  folder, name, rid))
print("# %d rules" % n)
EOF

# quotes.py POLICIES SOURCES: one line per requirement: its quote is in its
# source document, whitespace aside; "……" (an omission) and "｜" (between
# table cells) separate pieces that must appear in this order.  Full- and
# half-width brackets are the same (the regulation's transcription uses
# half-width ones).
cat >"$T/quotes.py" <<'EOF'
import os, re, sys
pol, src = sys.argv[1], sys.argv[2]
DOCS = [("政府信息公开条例》（2019", "regulation-2019.txt"),
        ("泽州县文化和旅游局", "zezhou-culture-disclosure-guideline.txt"),
        ("泉港文综〔2020〕24号", "quangang-disclosure-rules-2020-24.txt"),
        ("泉港创文办〔2020〕3号", "quangang-public-participation-plan-2020-3.txt"),
        ("中山市", "zhongshan-public-welfare-disclosure-plan.txt"),
        ("银川市", "yinchuan-2021-disclosure-priorities.txt")]
def norm(s):
    return re.sub(r"[\s\u3000]+", "", s).replace("（", "(").replace("）", ")")
# A tiny reader for the files' own shape (documents/source/requirements,
# one-line scalars), so the test needs no YAML library.
for folder in sorted(os.listdir(pol)):
    path = os.path.join(pol, folder, "requirements.yaml")
    if not os.path.exists(path):
        continue
    text = clause = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*- source: (.*)$", line)
        if m:
            files = [f for k, f in DOCS if k in m.group(1)]
            text = norm(open(os.path.join(src, files[0]), encoding="utf-8").read()) \
                if len(files) == 1 else None
            if text is None:
                print("not ok - %s: a source text for %s" % (folder, m.group(1)))
            continue
        m = re.match(r"\s*- clause: (.*)$", line)
        if m:
            clause = m.group(1)
            continue
        m = re.match(r"\s*quote: (.*)$", line)
        if not m or text is None:
            continue
        pos, bad = 0, None
        for piece in re.split("……|｜", m.group(1)):
            p = norm(piece)
            i = text.find(p, pos) if p else pos
            if i < 0:
                bad = piece
                break
            pos = i + len(p)
        print("%s - %s %s: the quote is verbatim%s" % ("not ok" if bad else "ok", folder,
              clause, ": not in the source: " + bad if bad else ""))
EOF

# ---- the bundled map -------------------------------------------------------------------

gk coverage --policies "$POL" --worktree --format json
expect_status 0 "coverage --format json: exit status 0"
cp "$T/.out" "$T/map.json"

python3 "$T/cited.py" "$POL" "$T/map.json"
python3 "$T/quotes.py" "$POL" "$SRC"

# The JSON: each requirement has exactly the five keys; the counts of the
# summary are those of the requirements.
python3 - "$T/map.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def check(good, name, why=""):
    print("%s - json: %s%s" % ("ok" if good else "not ok", name, ("\n#   " + why) if why and not good else ""))
reqs = d["requirements"]
keys = [sorted(r) for r in reqs if sorted(r) != ["clause", "quote", "reason", "rules", "source"]]
check(not keys, "every requirement has exactly source, clause, quote, rules, reason", str(keys[:2]))
check(all(isinstance(r["rules"], list) and all(isinstance(x, str) for x in r["rules"]) and
          (r["reason"] is None or isinstance(r["reason"], str)) for r in reqs),
      "rules is a list of ids, reason text or null")
check(all(r["rules"] or r["reason"] for r in reqs), "every requirement has rules or a reason")
check(all(r["source"] and r["clause"] and r["quote"] for r in reqs), "source, clause and quote are never empty")
s = d["summary"]
checked = sum(1 for r in reqs if r["rules"])
partly = sum(1 for r in reqs if r["rules"] and r["reason"])
check(s["requirements"] == len(reqs), "summary counts every requirement (%d)" % len(reqs))
check(s["checked"] == checked and s["partly"] == partly and
      s["not_checkable"] == len(reqs) - checked,
      "summary: checked %d (%d in part), not checkable %d" % (checked, partly, len(reqs) - checked),
      json.dumps(s)[:300])
per = {}
for r in reqs:
    per[r["source"]] = per.get(r["source"], 0) + 1
check(sorted(per.items()) == sorted((x["source"], x["requirements"]) for x in s["documents"]),
      "summary.documents counts each document's requirements")
check(len(s["documents"]) == 6, "six source documents: the regulation and the five local ones",
      str([x["source"] for x in s["documents"]]))
check(s["rules"] == int(os.environ["NRULES"]), "every rule of the bundled set (%s) counted" % os.environ["NRULES"], str(s["rules"]))
check(d["policy_set"]["uncommitted"] is True and d["policy_set"]["revision"] == "worktree",
      "--worktree: the policy set is marked uncommitted")
print("# %d requirements: %d checked (%d in part), %d not checkable (%d general)" %
      (len(reqs), checked, partly, len(reqs) - checked, s["general"]))
for x in s["documents"]:
    print("#   %s: %d requirements, %d checked (%d in part), %d not checkable (%d general)" %
          (x["source"], x["requirements"], x["checked"], x["partly"], x["not_checkable"], x["general"]))
EOF

# The text: grouped by document, each with its counts; every requirement's
# rules or reason; the per-document counts add up to the total.
gk coverage --policies "$POL" --worktree
expect_status 0 "coverage (text): exit status 0"
expect_out "coverage map of directory " "text: names the policy set"
expect_out "(UNCOMMITTED: the folder as it is, --worktree)" "text: says the folder is uncommitted"
expect_out "policies/baseline/requirements.yaml: 63 requirements: " "text: the regulation's requirements and their file"
if grep -A 3 '^  第二十六条$' "$T/.out" | grep -qx '    checked by: B1'; then
	ok "text: 第二十六条 is checked by B1"; else not_ok "text: 第二十六条 is checked by B1"; fi
if grep -A 4 '^  第四条第二款第（三）项$' "$T/.out" | grep -qx '    checked by: B3 (in part)' &&
   grep -A 4 '^  第四条第二款第（三）项$' "$T/.out" | grep -q '^    not checked: B3 检查年度报告'; then
	ok "text: a requirement checked in part shows its rules and what is not checked"
else not_ok "text: a requirement checked in part shows its rules and what is not checked"; fi
if grep -A 3 '^  第五条$' "$T/.out" | grep -q '^    not checkable (general): 原则性规定'; then
	ok "text: a general exhortation says so, with its reason"
else not_ok "text: a general exhortation says so, with its reason"; fi
sum=$(sed -n 's/^.*\/requirements.yaml: \([0-9]*\) requirements: .*/\1/p' "$T/.out" | awk '{ s += $1 } END { print s }')
total=$(sed -n 's/^total: \([0-9]*\) requirements: .*/\1/p' "$T/.out")
expect_eq "$sum" "$total" "text: the documents' counts add up to the total ($total)"
expect_eq "$total" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["requirements"]))' "$T/map.json")" \
	"text and JSON count the same requirements"
expect_eq "$(grep -c '^  [^ ]' "$T/.out")" "$total" "text: one entry per requirement"
expect_out "$NRULES rules, each cited by a requirement" "text: the total line counts the rules"

# ---- a rule added without a requirement ------------------------------------------------------

P1="$T/p1"
cp -R "$POL" "$P1"
cat >"$P1/zezhou/z9-publisher.lua" <<'EOF'
-- Z9 示例
required "Z9" {
  basis = "示例", message = "示例", effective = "2021-01-01", clock = "published_on",
  kinds = "info", when = { published_on = true }, fields = { "publisher" },
}
EOF
gk lint --policies "$P1"
expect_status 1 "a rule without a requirement: lint exit status 1"
reported "$P1/zezhou/z9-publisher.lua:2" "rule 'Z9' is cited by no requirement: name it in the rules of the requirement it checks, in $P1/zezhou/requirements.yaml" \
	"a rule without a requirement: lint names the rule's file and line and the map to add it to"
expect_eq "$(tail -n 1 "$T/.out")" "1 problem in $P1" "a rule without a requirement: one problem"
gk coverage --policies "$P1" --worktree
expect_status 2 "a rule without a requirement: coverage refuses (exit status 2)"
expect_err "rule 'Z9' is cited by no requirement" "a rule without a requirement: coverage says why"
expect_err "has 1 problem" "a rule without a requirement: coverage counts the problems"
# The independent check above would catch it too.
if python3 "$T/cited.py" "$P1" "$T/map.json" | grep -q '^not ok - the map cites zezhou/z9-publisher.lua'"'"'s rule Z9$'; then
	ok "the check that every rule is cited fails for a rule added without a requirement"
else not_ok "the check that every rule is cited fails for a rule added without a requirement"; fi

# With a requirement citing it, lint is clean again.
cat >>"$P1/zezhou/requirements.yaml" <<'EOF'

      - clause: 示例
        quote: 示例。
        rules: [Z9]
EOF
gk lint --policies "$P1"
expect_status 0 "a rule with its requirement added: lint exit status 0"

# ---- lint: every kind of problem of a map ---------------------------------------------------

P2="$T/p2"
cp -R "$POL" "$P2"
BR="$P2/baseline/requirements.yaml"
ZR="$P2/zezhou/requirements.yaml"
YR="$P2/yinchuan/requirements.yaml"
# the baseline's map citing a jurisdiction's rule, and a rule that nowhere exists
cat >>"$BR" <<'EOF'

      - clause: 示例一
        quote: 示例。
        rules: [B1, Q1]
      - clause: 示例二
        quote: 示例。
        rules: [B9]
EOF
# a jurisdiction's map citing a rule that does not exist; neither rules nor
# reason; an unknown key; general without a reason
cat >>"$ZR" <<'EOF'

      - clause: 示例三
        quote: 示例。
        rules: [Z1, Z8]
      - clause: 示例四
        quote: 示例。
      - clause: 示例五
        quote: 示例。
        rule: [Z1]
      - clause: 示例六
        quote: 示例。
        general: true
        rules: [Z1]
EOF
# a rule the jurisdiction disables, cited by its map
cat >"$P2/yinchuan/y9-no-b2.lua" <<'EOF'
disable "B2" {
  reason = "示例：依申请公开由市政府统一答复",
}
EOF
gk lint --policies "$P2"
expect_status 1 "a broken map: lint exit status 1"
l=$(line_of "$BR" 'rules: \[B1, Q1\]')
reported "$BR:$l:21" "requirement 示例一 cites rule 'Q1', which does not exist in the baseline (a baseline requirement cites baseline rules)" \
	"lint: the baseline's map citing a jurisdiction's rule, at its line and column"
l=$(line_of "$BR" 'rules: \[B9\]')
reported "$BR:$l:17" "requirement 示例二 cites rule 'B9', which does not exist in the baseline" \
	"lint: a rule that does not exist, at its line and column"
l=$(line_of "$ZR" 'rules: \[Z1, Z8\]')
reported "$ZR:$l:21" "requirement 示例三 cites rule 'Z8', which does not exist in zezhou or the baseline" \
	"lint: a jurisdiction's map citing a rule that does not exist"
l=$(line_of "$ZR" 'clause: 示例四')
reported "$ZR:$l:9" "requirement 示例四: give the rules that check it (rules: [B1]) or the reason records cannot show it" \
	"lint: a requirement with neither rules nor reason"
l=$(line_of "$ZR" 'rule: \[Z1\]')
reported "$ZR:$l:9" "unknown key 'rule' (expected clause, quote, rules, reason, general)" \
	"lint: an unknown key"
l=$(line_of "$ZR" 'clause: 示例六')
reported "$ZR:$l:9" "requirement 示例六: general: true needs a reason" "lint: general without a reason"
l=$(line_of "$YR" 'rules: \[Y6, B2\]')
reported "$YR:$l:21" "cites rule 'B2', which yinchuan disables ($P2/yinchuan/y9-no-b2.lua:1)" \
	"lint: a requirement citing a rule its jurisdiction disables names the disable"
n=$(sed '$d' "$T/.out" | wc -l | tr -d ' ')
expect_eq "$(tail -n 1 "$T/.out")" "7 problems in $P2" "a broken map: 7 problems, each reported ($n lines)"
# (lint may also warn, e.g. that the calendar nears its end: not a problem)
bad=$(sed '$d' "$T/.out" | grep -v '^warning: ' | grep -cv "^$P2/[^:]*:[0-9][0-9]*:[0-9][0-9]*: ")
expect_eq "$bad" 0 "a broken map: every problem is FILE:LINE:COL:"

# A map that is not YAML, and unknown keys above the requirements.
P3="$T/p3"
cp -R "$POL" "$P3"
printf 'documents:\n  - source: 示例\n    requirement: []\n' >"$P3/zhongshan/requirements.yaml"
printf 'documents: [\n' >"$P3/zezhou/requirements.yaml"
gk lint --policies "$P3"
expect_status 1 "broken map files: lint exit status 1"
reported "$P3/zhongshan/requirements.yaml:3:5" "unknown key 'requirement' (expected source, requirements)" \
	"lint: an unknown key of a document"
reported "$P3/zezhou/requirements.yaml:2:1" "" "lint: a file that is not YAML, at its line and column"
# The rules those files would cite are not reported as uncited: the
# files' own problems come first.
expect_eq "$(grep -c 'cited by no requirement' "$T/.out")" 0 \
	"broken map files: no rule is reported uncited while a map has problems"

# No map at all: every rule is uncited.
P4="$T/p4"
cp -R "$POL" "$P4"
rm "$P4"/*/requirements.yaml
gk lint --policies "$P4"
expect_status 1 "no map: lint exit status 1"
expect_eq "$(tail -n 1 "$T/.out")" "$NRULES problems in $P4" "no map: each of the $NRULES rules is reported"

# ---- a policy set in git ----------------------------------------------------------------------

gk init "$T/repo"
expect_status 0 "fixture: gongkai init"
gk coverage --policies "$T/repo" --format json
expect_status 0 "a committed set: coverage reads HEAD without flags"
head=$(git -C "$T/repo" rev-parse HEAD)
expect_out "\"revision\": \"$head\", \"uncommitted\": false" "a committed set: the JSON names HEAD's commit"
n0=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["requirements"])' "$T/.out")
cat >>"$T/repo/zezhou/requirements.yaml" <<'EOF'

      - clause: 示例
        quote: 示例。
        reason: 示例。
EOF
gk coverage --policies "$T/repo"
expect_status 2 "an uncommitted map is refused without --worktree"
expect_err "has uncommitted changes" "an uncommitted map: says to commit or pass --worktree"
gk coverage --policies "$T/repo" --worktree --format json
expect_out "\"requirements\": $((n0 + 1)), " "--worktree: the map as it is ($((n0 + 1)) requirements)"
git -C "$T/repo" -c user.name=T -c user.email=t@example.org commit -qam "zezhou: one more requirement"
gk coverage --policies "$T/repo" --format json
expect_out "\"requirements\": $((n0 + 1)), " "after the commit, HEAD has $((n0 + 1)) requirements"
gk coverage --policies "$T/repo" --rev HEAD~1 --format json
expect_out "\"requirements\": $n0, " "--rev HEAD~1: the map of that commit ($n0 requirements)"

# ---- usage ------------------------------------------------------------------------------------

gk coverage --policies "$POL" --worktree --format csv
expect_status 2 "--format csv: exit status 2"
expect_err "expected text or json" "--format csv: says what is expected"
gk coverage --policies "$POL" --worktree --jurisdiction zezhou
expect_status 2 "an unknown argument: exit status 2"
expect_err "unknown argument '--jurisdiction'" "an unknown argument: names it"
gk coverage --policies "$T/nosuch" --worktree
expect_status 2 "a missing policy folder: exit status 2"
gk coverage --help
expect_status 0 "coverage --help: exit status 0"
expect_out "usage: gongkai coverage [--policies DIR] [--rev REV | --worktree]" "coverage --help: prints the usage"
gk --help
expect_out "coverage  every requirement of the source documents" "gongkai --help lists coverage"

#!/bin/sh
# test_limits.sh - texts that end up in findings are bounded: a policy set's
# overlong text is refused at load with file and line; a finding stores at
# most 4096 bytes of any text, cut between characters.
. "$(dirname "$0")/lib.sh"

# A copy of the policy set to spoil.
cp -r "$POL" "$T/pol"
"$GK_GEN" --count 200 --seed 2 > "$T/r.csv"
gk import --db "$T/l.db" "$T/r.csv"
expect_status 0 "fixture: 200 records"
before=$(db_state "$T/l.db")
big() { python3 -c "import sys; sys.stdout.write('依' * $1)"; }

# A catalog basis of 9 MB (it would be copied into every finding).
cp "$T/pol/zezhou/catalog.yaml" "$T/catalog.keep"
line=$(grep -n "basis:" "$T/pol/zezhou/catalog.yaml" | head -n 1 | cut -d: -f1)
python3 - "$T/catalog.keep" "$T/pol/zezhou/catalog.yaml" "$line" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
n = int(sys.argv[3]) - 1
lines[n] = re.sub('basis: .*', 'basis: ' + '依' * 3145728, lines[n])
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(lines))
PY
gk run --worktree --db "$T/l.db" --policies "$T/pol" --as-of 2025-06-30
expect_status 2 "a 9 MB catalog basis: the run refuses"
expect_err "$T/pol/zezhou/catalog.yaml:$line:12: 'basis' is 9437184 bytes, more than the 1024 a text of the catalog may have: shorten it" \
	"a 9 MB catalog basis: file, line, column and the limit"
if [ "$(db_state "$T/l.db")" = "$before" ]; then ok "a 9 MB catalog basis: nothing stored"; else
	not_ok "a 9 MB catalog basis: nothing stored"; fi
gk lint --policies "$T/pol"
expect_status 1 "a 9 MB catalog basis: lint reports it"
expect_out "catalog.yaml:$line:12: 'basis' is 9437184 bytes" "a 9 MB catalog basis: lint names it"
# 1024 bytes is allowed, 1025 not; a list item (an element) alike.
awk -v n="$line" -v b="$(big 341)x" 'NR == n { sub(/basis: .*/, "basis: " b) } { print }' \
	"$T/catalog.keep" > "$T/pol/zezhou/catalog.yaml"
gk lint --policies "$T/pol"
expect_status 0 "a catalog basis of 1024 bytes is fine"
awk -v n="$line" -v b="$(big 341)xy" 'NR == n { sub(/basis: .*/, "basis: " b) } { print }' \
	"$T/catalog.keep" > "$T/pol/zezhou/catalog.yaml"
gk lint --policies "$T/pol"
expect_out "'basis' is 1025 bytes" "a catalog basis of 1025 bytes is refused"
eline=$(grep -n "elements:" "$T/catalog.keep" | head -n 1 | cut -d: -f1)
awk -v n="$eline" -v b="$(big 400)" 'NR == n { sub(/\[机构名称/, "[" b) } { print }' \
	"$T/catalog.keep" > "$T/pol/zezhou/catalog.yaml"
gk lint --policies "$T/pol"
expect_out "catalog.yaml:$eline:16: 'elements' is 1200 bytes" "an overlong catalog element is refused with file:line:col"
cp "$T/catalog.keep" "$T/pol/zezhou/catalog.yaml"

# A rule's basis in Lua.
cp "$T/pol/baseline/b1-proactive.lua" "$T/b1.keep"
bline=$(grep -n "basis" "$T/b1.keep" | head -n 1 | cut -d: -f1)
dline=$(grep -n '^deadline "B1"' "$T/b1.keep" | cut -d: -f1)
awk -v n="$bline" -v b="$(big 2000)" 'NR == n { $0 = "  basis = \"" b "\"," } { print }' \
	"$T/b1.keep" > "$T/pol/baseline/b1-proactive.lua"
gk lint --policies "$T/pol"
expect_status 1 "a rule's basis of 6000 bytes: lint reports it"
expect_out "$T/pol/baseline/b1-proactive.lua:$dline: deadline 'B1': 'basis' is 6000 bytes, more than the 1024 a text of a rule may have" \
	"a rule's overlong basis: file, line and the limit"
gk run --worktree --db "$T/l.db" --policies "$T/pol" --as-of 2025-06-30
expect_status 2 "a rule's overlong basis: the run refuses"
cp "$T/b1.keep" "$T/pol/baseline/b1-proactive.lua"

# A waiver's reason.
printf 'waivers:\n  - rule: B4\n    reason: %s\n    approver: 王强\n    start: 2021-01-01\n    expiry: 2030-01-01\n' \
	"$(big 500)" > "$T/pol/waivers.yaml"
gk run --worktree --db "$T/l.db" --policies "$T/pol" --as-of 2025-06-30
expect_status 2 "a waiver's reason of 1500 bytes: the run refuses"
expect_err "waivers.yaml:3:13: 'reason' is 1500 bytes, more than the 1024 a text of a waiver may have" \
	"a waiver's overlong reason: file, line, column and the limit"
rm "$T/pol/waivers.yaml"
if [ "$(db_state "$T/l.db")" = "$before" ]; then ok "refused runs stored nothing"; else
	not_ok "refused runs stored nothing"; fi

# What comes from the records is cut when stored: a unit of 60,000 bytes.
{ echo "id,jurisdiction,kind,attribute,formed_on,published_on,producer"
  echo "ZZ-LONG,zezhou,info,proactive,2021-03-01,2021-06-01,$(big 20000)"; } > "$T/long.csv"
gk import --db "$T/l.db" "$T/long.csv"
expect_status 0 "a record naming a unit of 60,000 bytes imports"
gk run --worktree --db "$T/l.db" --policies "$T/pol" --as-of 2025-06-30 --format json
expect_status 1 "the run with it stores its findings"
if [ "$(sqlite3 "$T/l.db" "SELECT max(length(CAST(unit AS BLOB))) FROM findings WHERE record_id = 'ZZ-LONG'")" -le 4096 ] &&
   [ "$(sqlite3 "$T/l.db" "SELECT count(*) FROM findings WHERE record_id = 'ZZ-LONG' AND unit LIKE '依依%…'")" -gt 0 ]; then
	ok "a finding stores at most 4096 bytes of a unit, marked '…' where cut"
else
	not_ok "a finding stores at most 4096 bytes of a unit, marked '…' where cut" \
		"$(sqlite3 "$T/l.db" "SELECT length(CAST(unit AS BLOB)) FROM findings WHERE record_id = 'ZZ-LONG'")"
fi
if python3 -c "import json, sys; json.load(open('$T/.out'))" 2>/dev/null; then
	ok "the cut unit is whole characters: the JSON output parses"
else
	not_ok "the cut unit is whole characters: the JSON output parses"
fi

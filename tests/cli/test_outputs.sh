#!/bin/sh
# test_outputs.sh - what the records say cannot act in the outputs: a
# formula stays text in every CSV, HTML stays text in the Markdown work
# lists, and no unit's list takes the place of the index or of another's.
. "$(dirname "$0")/lib.sh"

# B4 (a record without attribute) gives one finding a record.
cat > "$T/r.csv" <<'CSV'
id,jurisdiction,kind,title,producer,formed_on,published_on
ZZ-1,zezhou,info,"=HYPERLINK(""http://evil.example/"",""点此"")",index,2025-06-02,2025-06-03
ZZ-2,zezhou,info,+1+2,Index,2025-06-02,2025-06-03
ZZ-3,zezhou,info,@SUM(A1),<script>alert(1)</script>,2025-06-02,2025-06-03
ZZ-4,zezhou,info,<img src=x onerror=alert(2)>,con,2025-06-02,2025-06-03
ZZ-5,zezhou,info,[点我](javascript:alert(3)) & more,文化局 | 办公室,2025-06-02,2025-06-03
-ZZ-6,zezhou,info,-3,文化局,2025-06-02,2025-06-03
CSV
gk import --db "$T/o.db" "$T/r.csv"
expect_status 0 "fixture: six records"
gk run --worktree --db "$T/o.db" --policies "$POL" --as-of 2025-06-30 --format csv
expect_status 1 "run --format csv: findings"
cp "$T/.out" "$T/run.csv"
gk findings --db "$T/o.db" --format csv
cp "$T/.out" "$T/findings.csv"

# Every field a spreadsheet would run as a formula is kept as text.
check_csv() {
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
bad = [c for r in rows for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
assert not bad, bad
ids = [c for r in rows for c in r if c.startswith("'")]
assert "'-ZZ-6" in ids, ids
PY
}
if check_csv "$T/run.csv"; then ok "run --format csv: no field starts a formula"; else
	not_ok "run --format csv: no field starts a formula" "$(head -c 600 "$T/run.csv")"; fi
if check_csv "$T/findings.csv"; then ok "findings --format csv: no field starts a formula"; else
	not_ok "findings --format csv: no field starts a formula" "$(head -c 600 "$T/findings.csv")"; fi
gk findings --db "$T/o.db" --format json
if python3 -c "
import json, sys
d = json.load(open('$T/.out'))
assert any(f['record_id'] == '-ZZ-6' for f in d['findings']), d
"; then ok "JSON keeps the values as they are"; else not_ok "JSON keeps the values as they are"; fi

# The work lists: one per unit, none taking another's place or the index's.
gk report --db "$T/o.db" --by-unit --out "$T/u"
expect_status 0 "report --by-unit: written"
# Units sort Index before index: they get Index-2 and index-3.
if grep -q "各责任单位工作清单" "$T/u/index.md" && grep -q "ZZ-1" "$T/u/index-3.md" &&
   grep -q "ZZ-1" "$T/u/index-3.csv" && grep -q "ZZ-2" "$T/u/Index-2.md" &&
   grep -q "(<index-3.md>)" "$T/u/index.md"; then
	ok "a unit named 'index' (or 'Index') gets its own list; index.md stays the index"
else
	not_ok "a unit named 'index' (or 'Index') gets its own list; index.md stays the index" "$(ls "$T/u")"
fi
if [ ! -e "$T/u/con.md" ] && [ -f "$T/u/con-2.md" ]; then
	ok "a unit named like a Windows device ('con') gets a file Windows can open"
else
	not_ok "a unit named like a Windows device ('con') gets a file Windows can open" "$(ls "$T/u")"
fi
if [ "$(ls "$T/u" | wc -l)" = 22 ] && for i in 1 2 3 4 5; do grep -q "ZZ-$i " "$T"/u/*.md || exit 1; done; then
	ok "seven units (one for findings naming none), twenty-one files (CSV, Markdown, .xlsx) and the index"
else
	not_ok "seven units (one for findings naming none), twenty-one files (CSV, Markdown, .xlsx) and the index" "$(ls "$T/u")"
fi
if grep -lE '<script|<img|[^\\]\]\(javascript' "$T/u"/*.md; then
	not_ok "Markdown lists carry no raw HTML or links from the records"
else
	ok "Markdown lists carry no raw HTML or links from the records"
fi
if grep -q "&lt;img src=x onerror=alert(2)&gt;" "$T/u/con-2.md" &&
   grep -q "^# &lt;script&gt;alert(1)&lt;/script&gt;：政务公开工作清单" "$T/u/_script_alert(1)__script_.md" &&
   grep -q '\\\[点我\\\](javascript:alert(3)) &amp; more' "$T"/u/文化局*办公室.md &&
   grep -q '| 文化局 \\| 办公室 |' "$T/u/index.md"; then
	ok "Markdown shows what the records say, escaped"
else
	not_ok "Markdown shows what the records say, escaped" "$(cat "$T/u/index.md")"
fi
if python3 - "$T/u" <<'PY'
import csv, os, sys
d = sys.argv[1]
for n in os.listdir(d):
    if n.endswith('.csv'):
        for r in csv.reader(open(os.path.join(d, n), encoding='utf-8-sig', newline='')):
            assert not any(c[:1] in ('=', '+', '-', '@') for c in r), (n, r)
PY
then ok "work lists in CSV: no field starts a formula"; else not_ok "work lists in CSV: no field starts a formula"; fi

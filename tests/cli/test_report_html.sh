#!/bin/sh
# test_report_html.sh - gongkai report --html, rendered by headless Chromium.
#
# Three runs over changing records give new, persisting and resolved
# findings and deadlines due soon.  The DOM Chromium renders (after the
# page's script ran) is read with python3's html.parser: the counts shown,
# the chart's bars and the match count under URL-hash filters must equal
# what sqlite3 says about the run.  Also: the file references nothing
# outside itself, text from the records cannot break out of the data block,
# an older --run shows its own counts, a missing run fails, and a report of
# about 100,000 findings renders in time (its time and size are printed as
# comment lines).  The screenshot goes to $GK_ARTIFACTS (build/artifacts).
. "$(dirname "$0")/lib.sh"

ART="${GK_ARTIFACTS:-$GK_TOP/build/artifacts}"
CHROME=$(command -v chromium || command -v chromium-browser)

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

q() { sqlite3 "$T/d.db" "$1"; }

# now: milliseconds since the epoch
now() { echo $(($(date +%s%N) / 1000000)); }
# secs MS: "1.234"
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# chrome ARGS...: headless Chromium with a fresh profile in $T, at most 60 s
chrome() {
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --user-data-dir="$T/chrome" \
		--virtual-time-budget=5000 "$@" 2>>"$T/chrome.log"
}

# render FILE HASH NAME: the DOM of FILE#HASH after its scripts ran, and
# its facts in $T/NAME.facts (see dom.py); sets $rendered (0: failed)
render() {
	rendered=1
	if ! chrome --dump-dom "file://$1$2" >"$T/$3.dom" || ! [ -s "$T/$3.dom" ]; then
		rendered=0
		not_ok "$3: Chromium renders $(basename "$1")$2" "$(tail -n 3 "$T/chrome.log")"
	fi
	python3 "$T/dom.py" "$T/$3.dom" >"$T/$3.facts" 2>&1
}

# fact NAME KEY: a value render NAME found
fact() { sed -n "s/^$2 = //p" "$T/$1.facts" | head -n 1; }

cat >"$T/dom.py" <<'EOF'
# dom.py DOM: the facts of a rendered report, one "key = value" a line:
# count.NAME (data-count), DIM.KEY.COL (summary tables), match-count,
# rows and row-status (the table body), bars and bar-runs (the chart),
# external (src/href to another site), img, and texts by id.
import sys
from html.parser import HTMLParser

IDS = ("match-count", "as-of", "policy-revision", "worktree-warning", "page-count", "probe",
       "coverage-summary")

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts, self.cap, self.tr = [], None, None
        self.in_rows, self.rows, self.status = False, 0, set()
        self.bars, self.external, self.img = [], 0, 0
        self.req = {}

    def capture(self, key, tag):
        if not self.cap:
            self.cap = [key, tag, 0, []]

    def handle_starttag(self, tag, attrs):
        a = dict((k, v or "") for k, v in attrs)
        for k in ("src", "href", "action", "srcset", "poster"):
            if a.get(k, "").strip().lower().startswith(("http:", "https:", "//")):
                self.external += 1
        self.img += tag == "img"
        if self.cap and tag == self.cap[1]:
            self.cap[2] += 1
        if tag == "tbody":
            self.in_rows = a.get("id") == "rows"
        if tag == "tr":
            self.tr = None
            for dim in ("jurisdiction", "category", "unit"):
                if "data-" + dim in a:
                    self.tr = (dim, a["data-" + dim])
            if self.in_rows:
                self.rows += 1
                self.status.add(a.get("class", ""))
        if tag == "tr" and "data-req" in a:
            self.req[a["data-req"]] = self.req.get(a["data-req"], 0) + 1
        if tag == "g" and "bar" in a.get("class", "").split():
            self.bars.append(a.get("data-run"))
        if "data-count" in a:
            self.capture("count." + a["data-count"], tag)
        elif "data-col" in a and self.tr:
            self.capture("%s.%s.%s" % (self.tr[0], self.tr[1], a["data-col"]), tag)
        elif a.get("id") in IDS:
            self.capture(a["id"], tag)

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_rows = False
        if self.cap and tag == self.cap[1]:
            if self.cap[2] == 0:
                text = "".join(self.cap[3]).strip()
                if self.cap[0] != "worktree-warning" and text.replace(",", "").isdigit():
                    text = text.replace(",", "")
                self.facts.append((self.cap[0], text))
                self.cap = None
            else:
                self.cap[2] -= 1

    def handle_data(self, data):
        if self.cap:
            self.cap[3].append(data)

d = Dom()
with open(sys.argv[1], encoding="utf-8") as f:
    d.feed(f.read())
d.close()
for k, v in d.facts:
    print("%s = %s" % (k, " ".join(v.split())))
print("rows = %d" % d.rows)
print("row-status = %s" % " ".join(sorted(d.status)))
print("bars = %d" % len(d.bars))
print("bar-runs = %s" % " ".join(d.bars))
print("external = %d" % d.external)
print("img = %d" % d.img)
print("req-rows = %d" % sum(d.req.values()))
for k, v in sorted(d.req.items()):
    print("req-rows.%s = %d" % (k, v))
EOF

# dim NAME DIM COL: the summary table DIM's column COL as sorted "key=n"
# lines, zero counts left out
dim() { sed -n "s/^$2\.\(.*\)\.$3 = \([1-9][0-9]*\)$/\1=\2/p" "$T/$1.facts" | LC_ALL=C sort; }

if [ -z "$CHROME" ]; then
	not_ok "chromium is installed (apt-get install chromium)" \
		"the report's tables are drawn by its script: only a browser can check them"
	exit 1
fi

# ---- three runs over changing records ----------------------------------------------------------

"$GK_GEN" --count 200 --seed 5 >"$T/r.csv"
gk import --db "$T/d.db" "$T/r.csv"
expect_status 0 "fixture: import 200 generated records"
gk run --db "$T/d.db" --policies "$POL" --worktree --as-of 2025-06-30 --warn-days 20
expect_status 1 "fixture: run 1 finds problems"

# mend RUN N FILE: N information records with a deadline or attribute
# finding in RUN, mended (published the day they were formed, attribute
# proactive), as CSV for a re-import that resolves those findings
mend() {
	sel=$(head -n 1 "$T/r.csv" | sed "s/,attribute,/,'proactive' AS attribute,/;
		s/,published_on,/,coalesce(formed_on, published_on) AS published_on,/")
	sqlite3 -csv -header "$T/d.db" "SELECT $sel FROM records WHERE kind = 'info' AND id IN
		(SELECT record_id FROM findings WHERE run_id = $1 AND category IN ('attribute', 'deadline'))
		ORDER BY id LIMIT $2" >"$T/$3"
}

# New broken records: unpublished, one without an attribute and with a
# title that tries to end the data block (and holds a U+2028).
LS=$(printf '\342\200\250')
EVIL="采购结果公示</script><img src=x onerror=alert(1)><!--$LS"
cat >"$T/new2.csv" <<EOF
id,jurisdiction,kind,title,attribute,secrecy,producer,publisher,formed_on
ZZ-2025-900001,zezhou,info,关于泽州县公共文化场馆暑期开放时间调整的通知,proactive,public,泽州县文化和旅游局,泽州县文化和旅游局,2025-06-02
ZZ-2025-900002,zezhou,info,$EVIL,,public,泽州县图书馆,泽州县图书馆,2025-06-05
QG-2025-900001,quangang,info,泉港区文化馆公益培训班招生公告,proactive,public,泉港区文化体育和旅游局,泉港区文化体育和旅游局,2025-06-03
EOF
cat >"$T/new3.csv" <<'EOF'
id,jurisdiction,kind,title,attribute,secrecy,producer,publisher,formed_on
YC-2025-900001,yinchuan,info,银川市文化馆非遗展演活动安排,proactive,public,银川市文化馆,银川市文化馆,2025-07-01
ZS-2025-900001,zhongshan,info,中山市博物馆临时展览公告,,public,中山市博物馆,中山市博物馆,2025-07-02
ZZ-2025-900003,zezhou,info,泽州县文化馆秋季公益培训计划,proactive,public,泽州县文化馆,泽州县文化馆,2025-08-20
EOF
mend 1 8 fix2.csv
gk import --db "$T/d.db" "$T/fix2.csv" "$T/new2.csv"
expect_status 0 "fixture: import mended and new records"
gk run --db "$T/d.db" --policies "$POL" --worktree --as-of 2025-07-31 --warn-days 20
mend 2 6 fix3.csv
gk import --db "$T/d.db" "$T/fix3.csv" "$T/new3.csv"
gk run --db "$T/d.db" --policies "$POL" --worktree --as-of 2025-08-29 --warn-days 20
expect_status 1 "fixture: run 3 finds problems"

F=$(q "SELECT count(*) FROM findings WHERE run_id = 3")
NEW=$(q "SELECT count(*) FROM findings WHERE run_id = 3 AND status = 'new'")
PERS=$(q "SELECT count(*) FROM findings WHERE run_id = 3 AND status = 'persisting'")
RES=$(q "SELECT count(*) FROM resolved WHERE run_id = 3")
DUE=$(q "SELECT count(*) FROM due_soon WHERE run_id = 3")
echo "# run 3: $F findings, $NEW new, $PERS persisting, $RES resolved, $DUE due soon"
if [ "$NEW" -gt 0 ] && [ "$PERS" -gt 0 ] && [ "$RES" -gt 0 ] && [ "$DUE" -gt 0 ] &&
   [ "$(q "SELECT findings FROM runs WHERE id = 3")" = "$F" ]; then
	ok "fixture: run 3 has new, persisting and resolved findings and deadlines due soon"
else
	not_ok "fixture: run 3 has new, persisting and resolved findings and deadlines due soon"
fi

# ---- the report of the newest run ----------------------------------------------------------------

gk report --db "$T/d.db" --html "$T/report.html"
expect_status 0 "report --html: exit status 0"
expect_out "run 3: HTML report $T/report.html" "report --html: names the run and the file"
if [ -f "$T/report.html" ] && ! [ -e "$T/report.html.tmp" ]; then
	ok "report --html: the file is written whole (no .tmp left)"
else
	not_ok "report --html: the file is written whole (no .tmp left)"
fi

ext=$(grep -Eoi "(src|href|action|srcset|poster)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:)?//|url\([\"']?(https?:)?//|@import" "$T/report.html" | head -n 3)
expect_eq "$ext" "" "the file references nothing outside itself (no http(s):// src, href, url() or @import)"
# Outside the data (records may quote an address), no address at all.
expect_eq "$(awk '/<script type="application\/json"/ { data = 1 } !data { print } /<\/script>/ { data = 0 }' \
	"$T/report.html" | grep -c 'https\?://')" 0 "the page holds no http:// or https:// address"
expect_eq "$(grep -o '</script' "$T/report.html" | wc -l | tr -d ' ')" \
	"$(grep -o '<script' "$T/report.html" | wc -l | tr -d ' ')" \
	"a record's '</script>' cannot end the data block early"
expect_eq "$(grep -c "$LS" "$T/report.html")" 0 "U+2028 is escaped in the data block"
if grep -q 'type="application/json" id="gk-data"' "$T/report.html"; then
	ok "the findings are embedded as JSON data"
else
	not_ok "the findings are embedded as JSON data"
fi

render "$T/report.html" "" main
if [ "$rendered" = 1 ]; then
	ok "Chromium renders the report"
	expect_eq "$(fact main count.findings)" "$F" "DOM: the findings count is the run's ($F)"
	expect_eq "$(fact main count.new)" "$NEW" "DOM: the new count is the database's ($NEW)"
	expect_eq "$(fact main count.persisting)" "$PERS" "DOM: the persisting count is the database's ($PERS)"
	expect_eq "$(fact main count.resolved)" "$RES" "DOM: the resolved count is the database's ($RES)"
	expect_eq "$(fact main count.due_soon)" "$DUE" "DOM: the due-soon count is the database's ($DUE)"
	expect_eq "$(fact main count.records)" "$(q "SELECT records FROM runs WHERE id = 3")" \
		"DOM: the records evaluated are the run's"
	expect_eq "$(dim main jurisdiction findings)" \
		"$(q "SELECT jurisdiction || '=' || count(*) FROM findings WHERE run_id = 3 GROUP BY jurisdiction" | LC_ALL=C sort)" \
		"DOM: the findings per jurisdiction are the database's"
	expect_eq "$(dim main jurisdiction new)" \
		"$(q "SELECT jurisdiction || '=' || count(*) FROM findings WHERE run_id = 3 AND status = 'new' GROUP BY jurisdiction" | LC_ALL=C sort)" \
		"DOM: the new findings per jurisdiction are the database's"
	expect_eq "$(dim main category findings)" \
		"$(q "SELECT category || '=' || count(*) FROM findings WHERE run_id = 3 GROUP BY category" | LC_ALL=C sort)" \
		"DOM: the findings per category are the database's"
	expect_eq "$(dim main jurisdiction resolved)" \
		"$(q "SELECT f.jurisdiction || '=' || count(*) FROM resolved x JOIN findings f ON f.id = x.finding_id WHERE x.run_id = 3 GROUP BY f.jurisdiction" | LC_ALL=C sort)" \
		"DOM: the resolved findings per jurisdiction are the database's"
	expect_eq "$(fact main as-of)" "2025-08-29" "DOM: the as-of date is shown"
	case $(fact main policy-revision) in
	*worktree*未提交*) ok "DOM: the policy revision says worktree, uncommitted" ;;
	*) not_ok "DOM: the policy revision says worktree, uncommitted" "$(fact main policy-revision)" ;;
	esac
	case $(fact main worktree-warning) in
	*未提交*) ok "DOM: a visible warning says the policies were uncommitted" ;;
	*) not_ok "DOM: a visible warning says the policies were uncommitted" "no #worktree-warning" ;;
	esac
	expect_eq "$(fact main bars)" 3 "DOM: the chart has one bar group per run (3)"
	expect_eq "$(fact main bar-runs)" "1 2 3" "DOM: the chart's bars are runs 1, 2, 3, oldest first"
	expect_eq "$(fact main match-count)" "$F" "DOM: without a filter the table matches every finding"
	expect_eq "$(fact main rows)" "$([ "$F" -lt 100 ] && echo "$F" || echo 100)" \
		"DOM: the table shows one page of rows (at most 100)"
	expect_eq "$(fact main external)" 0 "DOM: no element loads anything from another site"
	# The coverage map of the run's policy set, as gongkai coverage has it.
	gk coverage --policies "$POL" --worktree --format json
	cp "$T/.out" "$T/cov.json"
	cov() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"][sys.argv[2]])' "$T/cov.json" "$1"; }
	expect_eq "$(fact main count.req-total)" "$(cov requirements)" \
		"DOM: the coverage map counts the requirements of the run's policy set ($(cov requirements))"
	expect_eq "$(fact main count.req-checked):$(fact main count.req-partly):$(fact main count.req-unchecked):$(fact main count.req-general)" \
		"$(cov checked):$(cov partly):$(cov not_checkable):$(cov general)" \
		"DOM: checked, in part, not checkable and general as gongkai coverage counts them"
	expect_eq "$(fact main req-rows)" "$(cov requirements)" "DOM: the coverage map has one row per requirement"
	expect_eq "$(fact main req-rows.partly)" "$(cov partly)" "DOM: the rows checked in part are the map's"
	case $(fact main coverage-summary) in
	"来源文件 $(cov requirements) 项要求，$(cov checked) 项由规则检查，$(cov not_checkable) 项无法从记录判断")
		ok "DOM: the run summary states the coverage and links to it" ;;
	*) not_ok "DOM: the run summary states the coverage and links to it" "$(fact main coverage-summary)" ;;
	esac
	if grep -q '<a href="#coverage">' "$T/report.html" && grep -q '<section id="coverage">' "$T/report.html"; then
		ok "the run summary links to the coverage section"
	else not_ok "the run summary links to the coverage section"; fi
fi

render "$T/report.html" "#status=new" new
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact new match-count)" "$NEW" "#status=new: the match count is the new findings ($NEW)"
	expect_eq "$(fact new row-status)" "st-new" "#status=new: every row shown is new"
fi

render "$T/report.html" "#status=resolved" resolved
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact resolved match-count)" "$RES" "#status=resolved: the match count is the resolved findings ($RES)"
	expect_eq "$(fact resolved row-status)" "st-resolved" "#status=resolved: every row shown is resolved"
fi

# The example of the issue: status, a search term and a jurisdiction.
J=$(q "SELECT jurisdiction FROM findings WHERE run_id = 3 AND status = 'persisting' AND rule = 'B1'
	GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
like() {
	echo "(f.record_id LIKE '%$1%' OR f.period LIKE '%$1%' OR r.title LIKE '%$1%' OR f.rule LIKE '%$1%'
	  OR f.unit LIKE '%$1%' OR f.message LIKE '%$1%' OR f.basis LIKE '%$1%' OR f.waiver LIKE '%$1%'
	  OR f.due_on LIKE '%$1%' OR f.first_seen LIKE '%$1%')"
}
N=$(q "SELECT count(*) FROM findings f LEFT JOIN records r ON r.id = f.record_id WHERE f.run_id = 3
	AND f.status = 'persisting' AND f.jurisdiction = '$J' AND $(like B1)")
render "$T/report.html" "#status=persisting&q=B1&jurisdiction=$J" filtered
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact filtered match-count)" "$N" \
		"#status=persisting&q=B1&jurisdiction=$J: the match count is the database's ($N)"
fi

# A unit (percent-encoded UTF-8) and a category.
U=$(q "SELECT unit FROM findings WHERE run_id = 3 AND unit IS NOT NULL AND category = 'deadline'
	GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
UENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$U")
N=$(q "SELECT count(*) FROM findings WHERE run_id = 3 AND unit = '$U' AND category = 'deadline'")
render "$T/report.html" "#category=deadline&unit=$UENC" unit
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact unit match-count)" "$N" "#category=deadline&unit=$U: the match count is the database's ($N)"
fi

# The record whose title tries to break out: found, shown as text.
N=$(q "SELECT count(*) FROM findings WHERE run_id = 3 AND record_id = 'ZZ-2025-900002'")
render "$T/report.html" "#q=zz-2025-900002" evil
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact evil match-count)" "$N" "#q=zz-2025-900002: a search finds that record's findings ($N)"
	expect_eq "$(fact evil img)" 0 "a title holding '<img ...>' is shown as text, not markup"
	if grep -qF '&lt;/script&gt;&lt;img src=x' "$T/evil.dom"; then
		ok "the title is shown as it was imported"
	else
		not_ok "the title is shown as it was imported"
	fi
fi

# Click the "days open" header twice (descending), then the next page: a
# probe appended to a copy of the report says what the page then shows.
cat >"$T/probe.js" <<'EOF'
<script>
(function () {
  var th = document.querySelector('th[data-key="days"]'), p = document.createElement('pre');
  th.click();
  th.click();
  var first = document.querySelector('#rows tr').cells[8].querySelector('small').textContent;
  document.getElementById('pg-next').click();
  p.id = 'probe';
  p.textContent = first + ' | page ' + document.getElementById('page-no').textContent +
    ' | ' + location.hash;
  document.body.appendChild(p);
})();
</script>
EOF
python3 -c 'import sys
page = open(sys.argv[1], encoding="utf-8").read()
i = page.rindex("</body>")
open(sys.argv[3], "w", encoding="utf-8").write(page[:i] + open(sys.argv[2]).read() + page[i:])' \
	"$T/report.html" "$T/probe.js" "$T/probe.html"
MAXD=$(q "SELECT CAST(max(julianday('2025-08-29') - julianday(first_seen)) AS INTEGER) FROM findings WHERE run_id = 3")
render "$T/probe.html" "" probe
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact probe probe)" "已 $MAXD 天 | page 2 | #sort=days&dir=desc&page=2" \
		"clicking a header sorts (longest open first), the pager turns, the hash follows"
fi

mkdir -p "$ART"
rm -f "$ART/report.png"
if chrome --screenshot="$ART/report.png" --window-size=1280,2200 "file://$T/report.html" >/dev/null &&
   [ -s "$ART/report.png" ]; then
	ok "a screenshot of the report"
	echo "# screenshot: $ART/report.png"
else
	not_ok "a screenshot of the report" "$(tail -n 3 "$T/chrome.log")"
fi

# ---- an older run, a missing run, an unwritable path, run --report-dir ---------------------------

gk report --db "$T/d.db" --run 1 --html "$T/run1.html"
expect_status 0 "report --run 1 --html: exit status 0"
render "$T/run1.html" "" run1
if [ "$rendered" = 1 ]; then
	expect_eq "$(fact run1 count.findings)" "$(q "SELECT count(*) FROM findings WHERE run_id = 1")" \
		"--run 1: the findings count is run 1's"
	expect_eq "$(fact run1 count.new)" "$(q "SELECT count(*) FROM findings WHERE run_id = 1 AND status = 'new'")" \
		"--run 1: the new count is run 1's"
	expect_eq "$(fact run1 count.due_soon)" "$(q "SELECT count(*) FROM due_soon WHERE run_id = 1")" \
		"--run 1: the due-soon count is run 1's"
	expect_eq "$(fact run1 as-of)" "2025-06-30" "--run 1: run 1's as-of date"
	expect_eq "$(fact run1 bar-runs)" "1" "--run 1: the chart ends at run 1"
fi

gk report --db "$T/d.db" --run 99 --html "$T/none.html"
expect_status 2 "report --run 99 (no such run): exit status 2"
expect_err "there is no run 99" "report --run 99: says there is no such run"
if [ -e "$T/none.html" ] || [ -e "$T/none.html.tmp" ]; then
	not_ok "report --run 99: writes no file"
else
	ok "report --run 99: writes no file"
fi

gk report --db "$T/d.db" --html "$T/no/such/dir/r.html"
expect_status 2 "report --html into a missing folder: exit status 2"
expect_err "cannot write '$T/no/such/dir/r.html'" "report --html into a missing folder: names the path"

# A database of gongkai 0.1 (schema 2): its runs kept only their totals.
sqlite3 "$T/v2.db" <"$GK_TOP/tests/fixtures/schema2.sql"
gk report --db "$T/v2.db" --html "$T/v2.html"
expect_status 0 "schema 2 database: report --html, exit status 0"
NRUNS=$(sqlite3 "$T/v2.db" "SELECT count(*) FROM runs")
expect_eq "$(grep -o '<g class="bar[ a-z]*" data-run=' "$T/v2.html" | wc -l | tr -d ' ')" "$NRUNS" \
	"schema 2 database: one bar group per run ($NRUNS)"
expect_eq "$(grep -o 'class="seg-total"' "$T/v2.html" | wc -l | tr -d ' '):$(grep -c 'class="seg-new"' "$T/v2.html")" \
	"$NRUNS:0" "schema 2 database: the bars show the totals only, not new and persisting"
if grep -q 'data-count="findings">'"$(sqlite3 "$T/v2.db" "SELECT findings FROM runs ORDER BY id DESC LIMIT 1")"'<' "$T/v2.html" &&
   grep -q 'data-count="new">—<' "$T/v2.html"; then
	ok "schema 2 database: the findings are counted, new is unknown (—), not 0"
else
	not_ok "schema 2 database: the findings are counted, new is unknown (—), not 0"
fi

cp "$T/d.db" "$T/e.db"
gk run --db "$T/e.db" --policies "$POL" --worktree --as-of 2025-09-30 --report-dir "$T/reports" --quiet
if [ -f "$T/reports/2025-09-30-run4/report.html" ] &&
   grep -q 'data-count="findings"' "$T/reports/2025-09-30-run4/report.html"; then
	ok "run --report-dir writes report.html"
else
	not_ok "run --report-dir writes report.html" "$(ls -R "$T/reports" 2>&1 | head -n 5)"
fi

# A run of a policy set whose map disagrees with its rules, then gone.
cp -R "$POL" "$T/gone"
cat >"$T/gone/zezhou/z9-extra.lua" <<'EOF'
required "Z9" {
  basis = "示例", message = "示例", effective = "2021-01-01", clock = "published_on",
  kinds = "info", when = { published_on = true }, fields = { "publisher" },
}
EOF
cp "$T/d.db" "$T/g.db"
"$GK_BIN" run --db "$T/g.db" --policies "$T/gone" --worktree --as-of 2025-09-30 --quiet >/dev/null 2>&1
gk report --db "$T/g.db" --html "$T/gone.html"
if grep -q 'id="coverage-problems"' "$T/gone.html" && grep -q '覆盖图与规则不一致（1 个问题）' "$T/gone.html"; then
	ok "a map that disagrees with the rules: the report says so"
else not_ok "a map that disagrees with the rules: the report says so"; fi
rm -rf "$T/gone"
gk report --db "$T/g.db" --html "$T/gone.html"
expect_status 0 "a run whose policy set is gone: the report is still written"
if grep -q 'id="coverage-missing"' "$T/gone.html" && ! grep -q 'data-req=' "$T/gone.html"; then
	ok "a run whose policy set is gone: the report says the map is unavailable"
else not_ok "a run whose policy set is gone: the report says the map is unavailable"; fi

# ---- scale -------------------------------------------------------------------------------------------
#
# 400,000 generated records give about 107,000 findings.  Under valgrind
# (GK_WRAP) a tenth of that; GK_SCALE_RECORDS overrides.  The fixture is
# built with the plain binary: only the report is under test here.

SCALE=${GK_SCALE_RECORDS:-400000}
[ -n "$GK_WRAP" ] && SCALE=${GK_SCALE_RECORDS:-40000}
"$GK_GEN" --count "$SCALE" --seed 9 >"$T/big.csv"
"$GK_BIN" import --db "$T/big.db" "$T/big.csv" >/dev/null 2>"$T/big.err" &&
	rm -f "$T/big.csv" &&
	"$GK_BIN" run --db "$T/big.db" --policies "$POL" --worktree --as-of 2025-06-30 --warn-days 20 \
		--quiet >/dev/null 2>>"$T/big.err"
BIGF=$(sqlite3 "$T/big.db" "SELECT count(*) FROM findings WHERE run_id = 1" 2>/dev/null)
t0=$(now)
gk report --db "$T/big.db" --html "$T/big.html"
t1=$(now)
expect_status 0 "scale: report --html of $SCALE records ($BIGF findings): exit status 0"
size=$(wc -c <"$T/big.html" 2>/dev/null || echo 0)
echo "# scale: $SCALE records, $BIGF findings: report written in $(secs $((t1 - t0))) s," \
	"$(secs $((size / 1000))) MB"
t0=$(now)
render "$T/big.html" "" big
t1=$(now)
echo "# scale: Chromium loaded, rendered and dumped it in $(secs $((t1 - t0))) s"
if [ "$rendered" = 1 ]; then
	ok "scale: Chromium renders $BIGF findings within its 60 s limit"
	expect_eq "$(fact big match-count)" "$BIGF" "scale: the match count is every finding ($BIGF)"
	expect_eq "$(fact big count.findings)" "$BIGF" "scale: the findings count is the database's"
	expect_eq "$(fact big rows)" 100 "scale: the table holds one page (100 rows), not $BIGF"
	expect_eq "$(fact big page-count)" "$(((BIGF + 99) / 100))" "scale: the pager counts the pages"
fi

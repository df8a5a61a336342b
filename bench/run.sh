#!/bin/sh
# run.sh BUILD - the benchmark behind `make bench` (see docs/benchmark.md).
#
# Makes BUILD/bench/bench.db once: 1,000,000 records from gk-gen with a
# fixed seed, imported with `gongkai import` (the import rate is printed);
# another GK_BENCH_COUNT N gets BUILD/bench/bench-N.db.
# A stamp file records the generator's arguments and a digest of its
# source; while both are unchanged the database is reused, so a second
# `make bench` goes straight to the measurements.  Then BUILD/gk-bench
# measures the scan and SQL baselines and `gongkai run` on it.
#
# Every time (it is cheap) BUILD/bench/lua-policies is made afresh: a copy
# of policies/ with baseline/b1-proactive.lua replaced by the same rule B1
# written as a Lua `rule` (check function), so gk-bench can measure the
# Lua path against the declarative one on the same records.
#
# Before gk-bench, the on-ramp: the same records imported from UTF-8 CSV,
# GB18030 CSV and .xlsx, and an identical re-import (time, bytes added).
#
# Settings (environment): GK_BENCH_COUNT (default 1000000), GK_BENCH_SEED
# (default 20250630), GK_BENCH_RUNS (odd, default 3), GK_BENCH_ONRAMP (0
# skips the on-ramp), GK_BENCH_DB_ONLY (1: make the database and stop;
# bench/scale.sh uses it).  The as-of date is
# the generator's export date, 2025-06-30.
#
# Exit status: that of gk-bench (0 MATCH, 1 MISMATCH of a B1 cross-check:
# SQL against gongkai, or the Lua B1 against the declarative one; 2/3
# errors), or 3 when the database cannot be made.
set -eu

build=${1:-build}
# Paths below are relative to the top of the tree, as in the Makefile.
cd "$(dirname "$0")/.."
count=${GK_BENCH_COUNT:-1000000}
seed=${GK_BENCH_SEED:-20250630}
runs=${GK_BENCH_RUNS:-3}
as_of=2025-06-30
dir=$build/bench
# Another count has a database of its own: a 10M measurement keeps the
# 1M database (and its minutes of import) for the next `make bench`.
if [ "$count" = 1000000 ]; then name=bench; else name=bench-$count; fi
db=$dir/$name.db
stamp=$dir/$name.stamp
gen_args="--count $count --seed $seed --start 2021-01-01 --end $as_of"

# Seconds since the epoch with nanoseconds (GNU date), for rates.
now() { date +%s.%N; }

want="gk-gen $gen_args; bench/gen.c $(cksum < bench/gen.c)"
mkdir -p "$dir"
if [ -f "$db" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	echo "reusing $db ($count records; remove $dir to make it again)"
else
	# No stamp until the import has succeeded: a failed one is redone.
	rm -f "$stamp" "$db" "$db-wal" "$db-shm"
	csv=$dir/records.csv
	echo "generating $count records: $build/gk-gen $gen_args"
	t0=$(now)
	# shellcheck disable=SC2086 # gen_args is a list of words
	"$build/gk-gen" $gen_args > "$csv" || exit 3
	t1=$(now)
	echo "importing $(du -m "$csv" | cut -f1) MB of CSV into $db"
	"$build/gongkai" import --db "$db" "$csv" || exit 3
	t2=$(now)
	rm -f "$csv"
	echo "$want" > "$stamp"
	awk -v n="$count" -v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN {
		printf "generated in %.1f s; imported in %.1f s: %.0f records/s\n",
		       t1 - t0, t2 - t1, n / (t2 - t1)
		printf "import_s=%.2f\nimport_records_per_s=%.0f\n", t2 - t1, n / (t2 - t1)
	}'
fi
echo
[ "${GK_BENCH_DB_ONLY:-0}" = 1 ] && exit 0

# The on-ramp: the same export as UTF-8 CSV, as Chinese Excel saves it
# (GB18030) and as a workbook (.xlsx, shared strings, dates as dates),
# each imported into a fresh database; then the UTF-8 export imported
# again, unchanged, as a nightly full export is: its time and the bytes it
# adds.  The workbook is kept with a stamp (it takes a minute to write);
# the rest is removed.  GK_BENCH_ONRAMP=0 skips this.
if [ "${GK_BENCH_ONRAMP:-1}" != 0 ]; then
	ob=$dir/onramp
	mkdir -p "$ob"
	rm -f "$ob"/*.db "$ob"/*.db-wal "$ob"/*.db-shm
	csv=$ob/records.csv
	# shellcheck disable=SC2086 # gen_args is a list of words
	"$build/gk-gen" $gen_args > "$csv" || exit 3
	iconv -f UTF-8 -t GB18030 "$csv" > "$ob/records-gb18030.csv" || exit 3
	# The date columns (0-based) of the generator's header, as Excel types them.
	dates=$(head -1 "$csv" | tr ',' '\n' | awk '/_on$/ { printf "%s%d", n++ ? "," : "", NR - 1 }')
	xwant="$want; xlsx.py $(cksum < tests/cli/xlsx.py)"
	if [ ! -f "$ob/records.xlsx" ] || [ "$(cat "$ob/xlsx.stamp" 2>/dev/null)" != "$xwant" ]; then
		rm -f "$ob/xlsx.stamp"
		echo "writing the records as a workbook: tests/cli/xlsx.py write ... --dates $dates"
		python3 tests/cli/xlsx.py write "$ob/records.xlsx" "$csv" --dates "$dates" || exit 3
		echo "$xwant" > "$ob/xlsx.stamp"
	fi
	echo "on-ramp: $count records; sizes: CSV $(du -m "$csv" | cut -f1) MB," \
	     "GB18030 CSV $(du -m "$ob/records-gb18030.csv" | cut -f1) MB," \
	     "xlsx $(du -m "$ob/records.xlsx" | cut -f1) MB"
	for pair in utf8:records.csv gb18030:records-gb18030.csv xlsx:records.xlsx; do
		name=${pair%%:*} f=${pair#*:}
		/usr/bin/time -f "%e %M" -o "$ob/time" "$build/gongkai" import --db "$ob/$name.db" \
			"$ob/$f" > /dev/null || exit 3
		read -r secs rss < "$ob/time"
		awk -v n="$count" -v s="$secs" -v r="$rss" -v f="$name" 'BEGIN {
			printf "import %-8s %6.1f s  %7.0f records/s  peak RSS %5.0f MB\n", f, s, n / s, r / 1024
			printf "onramp_import_%s_s=%.2f\nonramp_import_%s_rss_mb=%.0f\n", f, s, f, r / 1024
		}'
	done
	size() { cat "$1" "$1-wal" 2>/dev/null | wc -c; }
	before=$(size "$ob/utf8.db")
	t0=$(now)
	"$build/gongkai" import --db "$ob/utf8.db" "$csv" | tail -1
	t1=$(now)
	after=$(size "$ob/utf8.db")
	hist=$(sqlite3 "$ob/utf8.db" "SELECT count(*) FROM record_history")
	awk -v t0="$t0" -v t1="$t1" -v b="$before" -v a="$after" -v n="$count" -v h="$hist" 'BEGIN {
		printf "identical re-import: %.1f s (%.0f records/s); %d bytes added (%.1f MB -> %.1f MB); %d versions in history\n",
		       t1 - t0, n / (t1 - t0), a - b, b / 1048576, a / 1048576, h
		printf "reimport_s=%.2f\nreimport_bytes_added=%d\n", t1 - t0, a - b
	}'
	rm -f "$csv" "$ob/records-gb18030.csv" "$ob"/*.db "$ob"/*.db-wal "$ob"/*.db-shm "$ob/time"
	echo
fi

# B1 as a Lua rule.  It reproduces deadline "B1" of
# policies/baseline/b1-proactive.lua and engine/rules.c judge_deadline: the
# same findings, due dates and messages.  One difference: a record with no
# start date is reported in category deadline (a rule has one category),
# where the declarative rule says completeness.
# The rules of the core (B1, B2, B4 and Y1): the benchmark's headline
# figures are for these; the whole policy set has rows of its own.
core=$dir/core-policies
rm -rf "$core"
mkdir -p "$core/baseline" "$core/yinchuan" "$core/zezhou" "$core/quangang" "$core/zhongshan"
cp policies/calendar.yaml "$core/"
cp policies/baseline/b1-proactive.lua policies/baseline/b2-application.lua \
   policies/baseline/b4-attribute.lua "$core/baseline/"
cp policies/yinchuan/y1-penalty.lua "$core/yinchuan/"

lua_policies=$dir/lua-policies
rm -rf "$lua_policies"
cp -R "$core" "$lua_policies"
cat > "$lua_policies/baseline/b1-proactive.lua" <<'EOF'
-- B1 主动公开信息的公开时限, written as a Lua rule for the benchmark
-- (bench/run.sh makes this file; the original is the declarative
-- deadline "B1" in policies/baseline/b1-proactive.lua).

rule "B1" {
  basis    = "《中华人民共和国政府信息公开条例》第二十六条",
  message  = "主动公开的政府信息应自形成或变更之日起20个工作日内公开",
  kinds    = "info",
  when     = { attribute = "proactive" },
  category = "deadline",
  reads    = { "formed_on", "changed_on", "published_on" },
  check = function(r)
    local formed, changed = r.formed_on, r.changed_on
    -- The later of the two starts the clock; a change restarts it.
    local start, label = formed, "形成日期"
    if changed and (not formed or changed > formed) then
      start, label = changed, "变更日期"
    end
    if not start then
      return "无法判断是否按时：缺少起算日期形成日期（formed_on）或变更日期（changed_on）"
    end
    -- A publication after the as-of date had not happened yet then.
    local today = as_of()
    local stop = r.published_on
    if stop and stop > today then
      stop = nil
    end
    local stop_or_today = stop or today
    if stop_or_today <= start then
      return nil
    end
    -- Publishing on the 20th working day is on time; any day after is late.
    local due = workdays_after(start, 20)
    if stop_or_today <= due then
      return nil
    end
    local n = workdays_between(start, stop_or_today) - 20
    local late
    if n > 0 then
      late = "逾期 " .. n .. " 个工作日"
    else
      late = "逾期 " .. days_between(due, stop_or_today) .. " 天（期限后尚无工作日）"
    end
    local msg = "主动公开的政府信息应自形成或变更之日起20个工作日内公开：自" .. label ..
      " " .. start .. " 起 20 个工作日，期限 " .. due
    if stop then
      msg = msg .. "；公开日期 " .. stop .. "，" .. late
    else
      msg = msg .. "；截至 " .. today .. " 仍无公开日期，已" .. late
    end
    return { message = msg, due_on = due }
  end,
}
EOF

exec "$build/gk-bench" --db "$db" --gongkai "$build/gongkai" --policies "$core" \
	--lua-policies "$lua_policies" --full-policies policies \
	--as-of "$as_of" --runs "$runs" --records "$count"

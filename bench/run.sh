#!/bin/sh
# run.sh BUILD - the benchmark behind `make bench` (see docs/benchmark.md).
#
# Makes BUILD/bench/bench.db once: 1,000,000 records from gk-gen with a
# fixed seed, imported with `gongkai import` (the import rate is printed).
# A stamp file records the generator's arguments and a digest of its
# source; while both are unchanged the database is reused, so a second
# `make bench` goes straight to the measurements.  Then BUILD/gk-bench
# measures the scan and SQL baselines and `gongkai run` on it.
#
# Settings (environment): GK_BENCH_COUNT (default 1000000), GK_BENCH_SEED
# (default 20250630), GK_BENCH_RUNS (odd, default 3).  The as-of date is
# the generator's export date, 2025-06-30.
#
# Exit status: that of gk-bench (0 MATCH, 1 MISMATCH of the B1
# cross-check, 2/3 errors), or 3 when the database cannot be made.
set -eu

build=${1:-build}
# Paths below are relative to the top of the tree, as in the Makefile.
cd "$(dirname "$0")/.."
count=${GK_BENCH_COUNT:-1000000}
seed=${GK_BENCH_SEED:-20250630}
runs=${GK_BENCH_RUNS:-3}
as_of=2025-06-30
dir=$build/bench
db=$dir/bench.db
stamp=$dir/bench.stamp
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

exec "$build/gk-bench" --db "$db" --gongkai "$build/gongkai" --policies policies \
	--as-of "$as_of" --runs "$runs" --records "$count"

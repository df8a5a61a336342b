#!/bin/sh
# scale.sh BUILD - how a full-set run grows with the records (make
# bench-scale; docs/benchmark.md).
#
# Makes (or reuses) the benchmark's databases of 1,000,000 and 10,000,000
# records (bench/run.sh with GK_BENCH_DB_ONLY=1; the 10M one takes about
# four minutes and 10 GB of disk, and a 9 GB CSV while it is made), then
# runs the whole policy set on each with --jobs 1 and --jobs 2 (the median
# of GK_SCALE_RUNS runs, default 3, by wall time, after a warm-up of the 1M
# one) and prints wall and CPU time, peak RSS and the ratios 10M / 1M.  Linear growth is a time ratio near 10; memory
# grows with the register of non-public documents (S2) only.
#
# Settings: GK_SCALE_SMALL and GK_SCALE_LARGE (record counts; defaults
# 1000000 and 10000000), GK_SCALE_RUNS (odd; default 3).
set -eu

build=${1:-build}
cd "$(dirname "$0")/.."
small=${GK_SCALE_SMALL:-1000000}
large=${GK_SCALE_LARGE:-10000000}
runs=${GK_SCALE_RUNS:-3}
dir=$build/bench

dbof() { if [ "$1" = 1000000 ]; then echo "$dir/bench.db"; else echo "$dir/bench-$1.db"; fi; }

for n in "$small" "$large"; do
	GK_BENCH_COUNT=$n GK_BENCH_DB_ONLY=1 sh bench/run.sh "$build" || exit 3
done

# One run: wall s, user+sys s, peak RSS KB on stdout; its runs removed
# afterwards so every run starts from the same database.
measure() {
	db=$1 jobs=$2
	/usr/bin/time -f "%e %U %S %M" -o "$dir/scale.time" "$build/gongkai" run --db "$db" \
		--policies policies --worktree --as-of 2025-06-30 --jobs "$jobs" --quiet \
		> /dev/null || [ $? = 1 ]
	sqlite3 "$db" "DELETE FROM resolved; DELETE FROM due_soon; DELETE FROM findings;
		       DELETE FROM runs; PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
	rm -f "$db.chain"
	# The last line: time(1) writes "Command exited with non-zero status 1"
	# before it when the run finds something (as it does).
	tail -n 1 "$dir/scale.time" | awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' |
		tee -a "$dir/scale.all"
}

# The median of $runs measurements, by wall time.
median() {
	i=0
	while [ $i -lt "$runs" ]; do measure "$@"; i=$((i + 1)); done |
		sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

measure "$(dbof "$small")" 1 > /dev/null      # warm-up
: > "$dir/scale.all"                          # every measured run's times
stat0=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)
t0=$(date +%s.%N)
for jobs in 1 2; do
	s=$(median "$(dbof "$small")" "$jobs")
	l=$(median "$(dbof "$large")" "$jobs")
	echo "$jobs $small $s $large $l"
done > "$dir/scale.out"
t1=$(date +%s.%N)
stat1=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)

printf '\nthe full policy set on %d and %d records (median of %d runs)\n\n' "$small" "$large" "$runs"
awk -v s="$small" -v l="$large" '
BEGIN {
	printf "%-8s %10s %10s %10s %10s %10s %10s   %s\n", "", "wall s", "", "CPU s", "",
	       "peak MB", "", "ratios large/small"
	printf "%-8s %10s %10s %10s %10s %10s %10s   %s\n", "--jobs", s, l, s, l, s, l,
	       "wall CPU memory"
}
{
	# jobs small wall cpu rss large wall cpu rss
	printf "%-8s %10.2f %10.2f %10.2f %10.2f %10.1f %10.1f   %.2f %.2f %.2f\n", $1,
	       $3, $7, $4, $8, $5 / 1024, $9 / 1024, $7 / $3, $8 / $4, $9 / $5
	kv = kv sprintf("scale_jobs%d_wall_ratio=%.2f\nscale_jobs%d_cpu_ratio=%.2f\n" \
			"scale_jobs%d_rss_ratio=%.2f\nscale_jobs%d_large_s=%.2f\n" \
			"scale_jobs%d_large_rss_mb=%.1f\n", $1, $7 / $3, $1, $8 / $4, $1,
			$9 / $5, $1, $7, $1, $9 / 1024)
}
END { printf "\n%s", kv }' "$dir/scale.out"
# CPU the whole machine spent beyond these runs: a busy neighbour shows.
awk -v a="$stat0" -v b="$stat1" -v t0="$t0" -v t1="$t1" -v f="$dir/scale.all" \
    -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
	while ((getline line < f) > 0) { split(line, v, " "); own += v[2] }
	busy = (b - a) / hz - own
	printf "other processes used %.1f CPU s during the %.0f s (%.2f of %d cores)\n",
	       busy < 0 ? 0 : busy, t1 - t0, (busy < 0 ? 0 : busy) / (t1 - t0), cores
}'
rm -f "$dir/scale.time" "$dir/scale.all"

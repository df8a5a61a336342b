#!/bin/sh
# /usr/local/lib/gongkai/nightly.sh - import the inbox, check, verify.
# GONGKAI, GONGKAI_CONF and GONGKAI_HOME (the folder of inbox/) override
# where things are.  The log is the run's summary (counts by
# jurisdiction, category and unit, where the reports are), not every
# finding: gongkai findings and the reports hold those.  Exit status:
# that of the run (0 no violations, 1 violations, 2 error: an import,
# the units' answers or the run failed), or 3 when verify finds a stored
# run or finding changed after the fact (or cannot check), whatever the
# run found.
set -u
# Lists of files below are split at line ends only, and never globbed: an
# export named 网站导出 (1).csv is one file.
set -f
IFS='
'
GONGKAI=${GONGKAI:-/usr/local/bin/gongkai}
CONF=${GONGKAI_CONF:-/etc/gongkai/gongkai.yaml}
cd "${GONGKAI_HOME:-/var/lib/gongkai}" || exit 2
files=
[ -d inbox ] && files=$(find inbox -maxdepth 1 -type f \( -name '*.csv' -o -name '*.xlsx' -o -name '*.jsonl' \) | sort)
if [ -n "$files" ]; then
	# One import for all files: a bad row refuses them all and changes nothing.
	"$GONGKAI" --config "$CONF" import $files || exit 2
	mkdir -p "done/$(date +%F)" && mv $files "done/$(date +%F)/"
fi
# The units' answers on their work lists, before the check that may call
# out an item answered 已整改 and still found.
answers=
[ -d returned ] && answers=$(find returned -maxdepth 1 -type f -name '*.xlsx' | sort)
if [ -n "$answers" ]; then
	"$GONGKAI" --config "$CONF" feedback $answers || exit 2
	mkdir -p "done/$(date +%F)" && mv $answers "done/$(date +%F)/"
fi
"$GONGKAI" --config "$CONF" run --quiet --summary
status=$?
# Every run and finding as sealed, and the chain head in the log: a copy
# outside the database and its chain log (gongkai verify --help).  A
# failed verify fails the job, whatever the run found.
verified=$("$GONGKAI" --config "$CONF" verify)
verify_status=$?
if [ "$verify_status" -ne 0 ]; then
	printf '%s\n' "$verified"
	echo "nightly: gongkai verify failed (status $verify_status): the stored runs cannot be trusted; see docs/operations.md, Backup and restore" >&2
	exit 3
fi
printf '%s\n' "$verified" | tail -n 1
exit $status

# lib.sh - helpers for the CLI tests (sourced by tests/cli/test_*.sh).
#
#   gk ARGS...                run gongkai; sets $status, $stdout, $stderr
#   expect_status N NAME      ok when $status is N
#   expect_out TEXT NAME      ok when stdout contains TEXT
#   expect_err TEXT NAME      ok when stderr contains TEXT
#   ok NAME / not_ok NAME WHY
# Each test works in its own temporary directory $T (removed at exit).
# GK_BIN is the gongkai binary, GK_TOP the project, GK_GEN the generator.
: "${GK_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${GK_BIN:=$GK_TOP/build/gongkai}"
: "${GK_GEN:=$GK_TOP/build/gk-gen}"
# The suites read English: a Chinese locale of whoever runs them must not
# change that (test_zh.sh asks for Chinese itself).
export LANGUAGE=en
T=$(mktemp -d "${TMPDIR:-/tmp}/gk-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
POL="$GK_TOP/policies"

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -n "$2" ] && echo "#   $2"; return 0; }

gk() {
	$GK_WRAP "$GK_BIN" "$@" >"$T/.out" 2>"$T/.err"
	status=$?
	stdout=$(cat "$T/.out")
	stderr=$(cat "$T/.err")
}

expect_status() {
	if [ "$status" -eq "$1" ]; then ok "$2"; else
		not_ok "$2" "exit status $status, expected $1; stderr: $(head -c 400 "$T/.err")"; fi
}

expect_out() {
	if grep -qF -- "$1" "$T/.out"; then ok "$2"; else
		not_ok "$2" "stdout lacks '$1': $(head -c 400 "$T/.out")"; fi
}

expect_err() {
	if grep -qF -- "$1" "$T/.err"; then ok "$2"; else
		not_ok "$2" "stderr lacks '$1': $(head -c 400 "$T/.err")"; fi
}

# sha of the database's content, to prove a failed command changed nothing
db_state() {
	sqlite3 "$1" "SELECT count(*) FROM records; SELECT count(*) FROM record_history;
	  SELECT count(*) FROM runs; SELECT count(*) FROM findings; SELECT count(*) FROM imports;
	  SELECT group_concat(id || ':' || coalesce(published_on, '-'), ',') FROM records;" | cksum
}

# flat TEXT: TEXT on one line, for a diagnostic
flat() { printf '%s' "$1" | tr '\n' ' '; }
# expect_eq GOT WANT NAME: ok when GOT is WANT
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# on_tty STREAM CMD...: run CMD with its STREAM (stdout or stderr) on a
# terminal, printing what it wrote there; the other stream is dropped.
on_tty() {
	cat >"$T/.on_tty.py" <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
out = s if sys.argv[1] == "stdout" else subprocess.DEVNULL
err = s if sys.argv[1] == "stderr" else subprocess.DEVNULL
# Read while it writes: a full terminal buffer would stop it.
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
os.close(s)
data = b""
while True:
    try:
        chunk = os.read(m, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
p.wait()
sys.stdout.write(data.decode("utf-8", "replace"))
EOF
	python3 "$T/.on_tty.py" "$@"
}

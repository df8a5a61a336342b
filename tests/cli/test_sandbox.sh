#!/bin/sh
# test_sandbox.sh - hostile policies through `gongkai run`: each must end
# within a few seconds with exit status 2, name the policy file and line,
# and store nothing.  Work inside library calls, the CPU watchdog, the
# classic sandbox escapes, state between records and between files,
# results read back from Lua, UTF-8, and rules hidden from log and blame.
. "$(dirname "$0")/lib.sh"

flat() { printf '%s' "$1" | tr '\r\n' '  '; }
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}
now() { date +%s.%N; }
# within SECONDS T0 NAME: ok when less than SECONDS passed since T0 (20
# times that under valgrind)
within() {
	if awk -v t0="$2" -v t1="$(now)" -v s="$1" -v w="${GK_WRAP:+20}" \
		'BEGIN { exit !(t1 - t0 < s * (w ? w : 1)) }'; then
		ok "$3"; else not_ok "$3" "took $(awk -v t0="$2" -v t1="$(now)" 'BEGIN { print t1 - t0 }') s"; fi
}

# ---- fixtures ------------------------------------------------------------------
#
# A policy set with the calendar, B4 and whatever rule a case adds as
# baseline/zz.lua; two records, one with a 60 KB body.
SET="$T/set"
mkdir -p "$SET/baseline" "$SET/quangang"
cp "$POL/calendar.yaml" "$SET/"
cp "$POL/baseline/b4-attribute.lua" "$SET/baseline/"
python3 - "$T/r.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'jurisdiction', 'kind', 'title', 'attribute', 'formed_on', 'published_on', 'body'])
    w.writerow(['R1', 'quangang', 'info', '关于印发要点的通知', '主动公开', '2021-01-22', '2021-02-24', 'a' * 60000])
    w.writerow(['R2', 'quangang', 'info', '公告', '主动公开', '2021-01-22', '2021-02-24', '正文'])
    w.writerow(['R3', 'quangang', 'info', '通知', '主动公开', '2021-01-22', '2021-02-24', '正文'])
EOF
DB="$T/r.db"
gk import --db "$DB" "$T/r.csv"
expect_status 0 "fixture: records imported"

# rule BODY: a Lua rule X on info records whose check is BODY (line 5 on)
rule() {
	printf 'rule "X" {\n  basis = "b", message = "m", kinds = "info", category = "review",\n' >"$SET/baseline/zz.lua"
	printf '  reads = { "title", "body" },\n  check = function(r)\n%s\n  end,\n}\n' "$1" >>"$SET/baseline/zz.lua"
}

# hostile NAME TEXT [ARGS...]: run with baseline/zz.lua in place: exit
# status 2 within 5 s, TEXT and "zz.lua:" in stderr, nothing stored.
hostile() {
	name=$1 text=$2
	shift 2
	before=$(db_state "$DB")
	t0=$(now)
	gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet "$@"
	within 5 "$t0" "$name: ends within 5 s"
	expect_status 2 "$name: exit status 2"
	expect_err "$text" "$name: says \"$text\""
	expect_err "zz.lua:" "$name: names the policy file and line"
	expect_eq "$(db_state "$DB")" "$before" "$name: nothing stored"
}

# ---- work inside library calls ---------------------------------------------------
#
# Before these were charged, each ran for minutes or forever.

rule '    local s = string.rep("a", 100000)
    return string.match(s, "(.-)(.-)x")'
hostile "match (.-)(.-)x on 100 KB" "exceeded the budget of 1000000 instructions"

rule '    return r.body:find(string.rep("a-", 20) .. "b")'
hostile "nested a- on a 60 KB body" "exceeded the budget"

rule '    local s = r.body
    for i = 1, 10 do s = s:gsub("a", "%0%0") end
    return #s .. ""'
hostile "gsub on megabytes" "exceeded the budget"

rule '    local n = string.rep("a", 5000000)
    return string.find(n .. n, n .. "b", 1, true)'
hostile "plain find of a 5 MB needle" "exceeded the budget"

rule '    local t = {}
    table.move(t, 1, 1e9, 2)'
hostile "table.move of 1e9 elements" "exceeded the budget"

rule '    return table.concat(setmetatable({}, { __len = function() return 1e12 end,
      __index = function() return "" end }))'
hostile "table.concat of 1e12 elements" "exceeded the budget"

rule '    for i = 1, 1e6 do local s = string.format("%099d%099d", i, i) end'
hostile "string.format in a loop" "exceeded the budget"

rule '    local s = "x"
    for i = 1, 40 do s = s .. s end'
hostile "doubling a string" "exceeded the budget"

rule '    return string.rep("", 1e15) .. "rep of nothing"'
gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet
expect_status 1 "string.rep('', 1e15): finishes at once with its finding"

# ---- the CPU watchdog ------------------------------------------------------------
#
# Comparing two long strings is one VM instruction: only the watchdog
# sees the time.  --cpu-per-call, then cpu_per_call in gongkai.yaml.
rule '    local a, b = string.rep("a", 300000), string.rep("a", 299999) .. "b"
    local n = 0
    for i = 1, 1e7 do if a < b then n = n + 1 end end
    return n .. ""'
# The hook (every 1,000 instructions) usually stops it at its line; one
# that cannot be stopped within 0.5 s more is ended naming its rule.
hostile "long string compares, --cpu-per-call 0.5" "exceeded the CPU time limit of 0.5 s a call" \
	--cpu-per-call 0.5
printf 'cpu_per_call: 0.3\n' >"$T/gongkai.yaml"
hostile "long string compares, cpu_per_call: 0.3" "exceeded the CPU time limit of 0.3 s a call" \
	--config "$T/gongkai.yaml"
printf 'cpu_per_call: 0\ncpu_per_run: 0.4\n' >"$T/gongkai.yaml"
hostile "long string compares, cpu_per_run: 0.4" "the run exceeded its CPU time limit of 0.4 s" \
	--config "$T/gongkai.yaml"
printf 'cpu_per_call: fast\n' >"$T/gongkai.yaml"
gk run --config "$T/gongkai.yaml" --db "$DB" --policies "$SET" --worktree
expect_status 2 "cpu_per_call: fast: refused"
expect_err "gongkai.yaml:1:15: 'cpu_per_call' must be seconds of CPU time" "cpu_per_call: fast: names the line"
gk run --db "$DB" --policies "$SET" --worktree --cpu-per-run soon
expect_status 2 "--cpu-per-run soon: refused"
expect_err "--cpu-per-run 'soon': expected seconds of CPU time" "--cpu-per-run soon: says what it expects"

# ---- finalizers and other metamethods --------------------------------------------

printf 'local t = setmetatable({}, { __gc = function() while true do end end })\n' >"$SET/baseline/zz.lua"
hostile "__gc finalizer that loops" "zz.lua:1: __gc is not available to policies"
printf 'local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__gc = function() while true do end end\n' >"$SET/baseline/zz.lua"
hostile "__gc added after setmetatable" "zz.lua:3: __gc is not available to policies"
rule '    local x <close> = setmetatable({}, { __close = function() while true do end end })'
hostile "__close that loops" "exceeded the budget"
rule '    error(setmetatable({}, { __tostring = function() while true do end end }))'
hostile "error object whose __tostring loops" "exceeded the budget"

# ---- values read back from Lua -------------------------------------------------

rule '    return setmetatable({}, { __index = function() error("boom") end })'
hostile "result whose __index raises (was exit status 134)" "zz.lua:5: boom"
rule '    return { message = "ok", due_on = setmetatable({}, { __index = error }) }'
hostile "due_on that is a table" "rule 'X' returned a due_on that is not a date"
rule '    return "\255 not UTF-8"'
hostile "message that is not UTF-8" "zz.lua:1: rule 'X' returned a message that is not UTF-8 text"
rule '    return r.title:sub(1, 4)'
hostile "message cut inside a character" "cut text with utf8.offset"

# JSON output stays valid whatever the policy writes (control
# characters, quotes, long text).
rule '    return "引号\"\\\t\1" .. string.rep("长", 2000)'
gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet --format json
expect_status 1 "odd but valid text: findings"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(f["rule"]=="X" and f["message"].endswith("…") for f in d["findings"])' "$T/.out"; then
	ok "--format json: valid JSON, the long message cut on a character"
else not_ok "--format json: valid JSON, the long message cut on a character" "$(head -c 300 "$T/.out")"; fi

# ---- the classic escapes -----------------------------------------------------------

# escape NAME LUA TEXT: the file zz.lua with LUA is refused with TEXT and
# leaves no trace (the marker file).
escape() {
	printf '%s\n' "$2" >"$SET/baseline/zz.lua"
	hostile "escape: $1" "$3"
	if [ -e "$T/pwned" ]; then not_ok "escape: $1: left no trace"; rm -f "$T/pwned"; else ok "escape: $1: left no trace"; fi
}
escape "os.execute" "os.execute('touch $T/pwned')" "'os' is not available"
escape "io.open" "io.open('$T/pwned', 'w')" "'io' is not available"
escape "require" "require('os')" "'require' is not available"
escape "package.loadlib" "package.loadlib('libc.so.6', '*')" "'package' is not available"
escape "debug.sethook" "debug.sethook()" "'debug' is not available"
escape "dofile" "dofile('$T/pwned')" "'dofile' is not available"
escape "collectgarbage" "collectgarbage('stop')" "'collectgarbage' is not available"
escape "coroutine" "coroutine.wrap(function() end)()" "'coroutine' is not available"
escape "bytecode through load" "assert(load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n'))" "binary chunk"
escape "string.dump" "string.dump(function() end)" "attempt to call a nil value (field 'dump')"
escape "the string metatable" "getmetatable('').__index.upper = function() end" "attempt to index a boolean value"
escape "replacing a library function" "string.find = function() return 1 end" "cannot change the library 'string'"
escape "rawset on a library" "rawset(table, 'insert', print)" "'print' is not available"
escape "rawset on a library, again" "rawset(table, 'insert', error)" "read-only"
escape "setting a global" "limit = 20" "cannot set global 'limit'"
escape "rawset on _ENV" "rawset(_ENV, 'x', 1)" "read-only"
escape "load with the real globals" "local f = load('return os') assert(f() ~= nil, 'os reached')" "'os' is not available"
escape "math.random" "local x = math.random()" "math.random is not available"
escape "%p" "local x = string.format('%p', {})" "'%p' is not available"
escape "deep recursion" "local function f() return 1 + f() end f()" "zz.lua:1: exceeded the memory budget"
escape "memory bomb" "local t = {} for i = 1, 1e8 do t[i] = {} end" "zz.lua:1: exceeded the memory budget of 64 MiB"
escape "weak table" "local t = setmetatable({}, { __mode = 'k' })" "__mode is not available"

# ---- state between records, files and runs ------------------------------------------

# A counter in a file-level local, a table at file level: every record
# sees them as the file left them.
cat >"$SET/baseline/zz.lua" <<'EOF'
local n = 0
local seen = {}
rule "X" {
  basis = "b", message = "m", kinds = "info", category = "review", reads = { "title" },
  check = function(r)
    n = n + 1
    local ok = pcall(function() seen[#seen + 1] = r.id end)
    return "call " .. n .. " seen " .. #seen .. " " .. tostring(ok)
  end,
}
EOF
gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet --format json
expect_status 1 "state: findings"
expect_eq "$(python3 -c 'import json,sys; print(sorted(set(f["message"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="X")))' "$T/.out")" \
	"['call 1 seen 0 false']" "state: every record sees the file-level state as loaded"

# One file replacing string.find changes nothing in another (both the
# assignment and rawset fail; the other file's check still works).
cat >"$SET/baseline/aa.lua" <<'EOF'
pcall(function() string.find = function() return 1, 1 end end)
pcall(rawset, string, "find", function() return 1, 1 end)
EOF
rule '    return tostring((string.find(r.title, "通知")))'
gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet --format json
rm -f "$SET/baseline/aa.lua"
expect_eq "$(python3 -c 'import json,sys; print(sorted(f["message"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="X"))' "$T/.out")" \
	"['1', '22', 'nil']" "isolation: another file's string.find is Lua's"

# Findings that depend on key order are the same with one worker or two,
# and on replay.
rule '    local t = {}
    for w in ("kilo delta alpha juliet charlie bravo india echo hotel golf"):gmatch("%a+") do
      t[w .. r.id] = #w
    end
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    local s = {}
    for i = 1, 50 do s[i] = { k = i % 2, i = i } end
    table.sort(s, function(a, b) return a.k < b.k end)
    return table.concat(keys, ",") .. " " .. s[1].i .. tostring({})'
for jobs in 1 2; do
	gk run --worktree --db "$DB" --policies "$SET" --as-of 2021-06-01 --quiet --format json --jobs $jobs
	python3 -c 'import json,sys; print("\n".join(sorted(f["record_id"] + " " + f["message"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="X")))' "$T/.out" >"$T/jobs$jobs.txt"
done
expect_eq "$(cat "$T/jobs1.txt")" "$(cat "$T/jobs2.txt")" "order: the same findings with --jobs 1 and --jobs 2"
expect_eq "$(sed -n 1p "$T/jobs1.txt")" \
	"R1 alphaR1,bravoR1,charlieR1,deltaR1,echoR1,golfR1,hotelR1,indiaR1,julietR1,kiloR1 2table" \
	"order: pairs in key order, a stable sort, no address"

# ---- rules hidden from log and blame --------------------------------------------------

export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"
R="$T/repo"
gk init "$R"
expect_status 0 "hidden: fixture repository"
git -C "$R" config commit.gpgsign false
gk import --db "$T/h.db" "$T/r.csv"

# A rule on one line: seen by log and blame, and it runs.
printf 'required "ONE" { basis = "b", message = "单行规则", kinds = "info", fields = { "reviewer" } }\n' \
	>"$R/quangang/q9-one.lua"
git -C "$R" add -A >/dev/null && git -C "$R" commit -qm "one-line rule" >/dev/null
gk run --db "$T/h.db" --policies "$R" --as-of 2021-06-01 --quiet --full
expect_status 1 "one-line rule: the run has findings"
expect_out "单行规则" "one-line rule: its findings are reported"
gk log --policies "$R" ONE
expect_status 0 "one-line rule: log knows it"
expect_out "+ ONE (quangang/q9-one.lua)" "one-line rule: log shows it added"
gk blame --policies "$R" ONE
expect_status 0 "one-line rule: blame knows it"
expect_out "required \"ONE\"" "one-line rule: blame shows its line"

# A rule declared through a local, committed with plain git: log could
# not see it, so neither run, lint nor test accepts it.
printf 'local d = deadline\nd "HID" {\n  basis = "b", message = "隐藏规则", kinds = "info",\n  start = "formed_on", workdays = 1, stop = "published_on",\n}\n' \
	>"$R/quangang/q9-hidden.lua"
git -C "$R" add -A >/dev/null && git -C "$R" commit -qm "a rule through a local" >/dev/null
before=$(db_state "$T/h.db")
gk run --db "$T/h.db" --policies "$R" --as-of 2021-06-01 --quiet
expect_status 2 "hidden rule: run refuses the commit"
expect_err "q9-hidden.lua:2: deadline 'HID' is declared in a form gongkai log and blame cannot see" \
	"hidden rule: run names the file and line"
expect_eq "$(db_state "$T/h.db")" "$before" "hidden rule: nothing stored"
gk lint --policies "$R"
expect_status 1 "hidden rule: lint reports it"
expect_out "q9-hidden.lua:2: deadline 'HID' is declared in a form" "hidden rule: lint names the file and line"
gk log --policies "$R" HID
expect_status 2 "hidden rule: log does not know it (nor does anything that runs)"

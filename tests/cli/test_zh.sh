#!/bin/sh
# test_zh.sh - Chinese for officers: a Chinese locale, --lang zh or
# language: zh in gongkai.yaml turn help, usage errors, suggestions,
# import errors and a run's framing into Chinese (po/zh_CN.po); English
# stays as it was without them; the data written (CSV, JSON) does not
# change with the language; the HTML report shows local time.  The
# catalogue's completeness is tests/cli/test_po.sh.
. "$(dirname "$0")/lib.sh"

# zh ARGS...: gongkai with a Chinese locale (whether or not the machine
# has zh_CN.UTF-8 installed: gongkai falls back to C.UTF-8 for messages).
zh() {
	LANGUAGE= LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 gk "$@"
}
# en ARGS...: gongkai with no language set.
en() {
	LANGUAGE= LC_ALL= LC_MESSAGES= LANG=C gk "$@"
}
# copy_db NAME: a copy of $T/g.db (with its chain log) as $T/NAME.db, so
# two runs compared start from the same history.
copy_db() {
	cp "$T/g.db" "$T/$1.db"
	if [ -f "$T/g.db.chain" ]; then cp "$T/g.db.chain" "$T/$1.db.chain"; fi
}
expect_no_out() {
	if grep -qF -- "$1" "$T/.out"; then
		not_ok "$2" "stdout has '$1': $(head -c 300 "$T/.out")"; else ok "$2"; fi
}
expect_no_err() {
	if grep -qF -- "$1" "$T/.err"; then
		not_ok "$2" "stderr has '$1': $(head -c 300 "$T/.err")"; else ok "$2"; fi
}

# ---- help --------------------------------------------------------------
zh --help
expect_status 0 "zh --help: exit status 0"
expect_out "用法：gongkai <命令> [选项]" "zh --help: the usage line is Chinese"
expect_out "  run       按规则检查每条记录并保存发现的问题" "zh --help: each command's summary is Chinese"
expect_out "  2  出错：用法错误" "zh --help: the exit statuses are Chinese"
expect_no_out "usage:" "zh --help: no English usage line"
en --help
expect_out "usage: gongkai <command> [options]" "en --help: English without a Chinese locale"
expect_out "  run       evaluate every record against its rules and store the findings" \
	"en --help: English summaries"
expect_no_out "用法" "en --help: no Chinese framing"
for v in LC_ALL LC_MESSAGES; do
	LANGUAGE= LC_ALL= LC_MESSAGES= LANG=C env "$v=zh_CN.UTF-8" "$GK_BIN" --help >"$T/.out" 2>&1
	expect_out "用法：gongkai" "$v=zh_CN.UTF-8 chooses Chinese"
done
LANGUAGE= LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$GK_BIN" --help >"$T/.out" 2>&1
expect_out "usage: gongkai" "LANG=en_US.UTF-8 keeps English"
# LANGUAGE as gettext reads it: first, but not in the C locale.
LANGUAGE=zh_CN:en LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$GK_BIN" --help >"$T/.out" 2>&1
expect_out "用法：gongkai" "LANGUAGE=zh_CN:en chooses Chinese over LANG=en_US.UTF-8"
LANGUAGE=en LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$GK_BIN" --help >"$T/.out" 2>&1
expect_out "usage: gongkai" "LANGUAGE=en chooses English over LANG=zh_CN.UTF-8"
LANGUAGE=zh_CN LC_ALL=C "$GK_BIN" --help >"$T/.out" 2>&1
expect_out "usage: gongkai" "LC_ALL=C is English whatever LANGUAGE says (as gettext)"

zh help run
expect_status 0 "zh help run: exit status 0"
expect_out "用法：gongkai run --db DB" "zh help run: the usage is Chinese"
expect_out "在一个事务中保存到 DB" "zh help run: the description is Chinese"
expect_out "  --jobs N          用 N 个工作线程检查（默认 1）" \
	"zh help run: an option's help is Chinese, in its column"
expect_out "退出状态：0 没有达到 --fail-on 的问题" "zh help run: the exit statuses are Chinese"
en help run
expect_out "  --jobs N          evaluate with N workers (default 1)" "en help run: English"

# ---- usage errors and suggestions ----------------------------------------
zh run --dbb x.db
expect_status 2 "zh unknown option: exit status 2"
expect_err "run：未知参数 '--dbb'；是不是要用 '--db'？参见 'gongkai run --help'" \
	"zh unknown option: Chinese, with the nearest option"
en run --dbb x.db
expect_err "run: unknown argument '--dbb'; did you mean '--db'?" "en unknown option: English"
zh rnu
expect_status 2 "zh unknown command: exit status 2"
expect_err "'rnu' 不是命令；是不是要用 'run'？" "zh unknown command: Chinese suggestion"
zh run --warn-days x --db x.db
expect_err "run：--warn-days 'x'：应为 0 到 60 的工作日数" "zh bad value: Chinese"
zh findings
expect_status 2 "zh findings without --db: exit status 2"
expect_err "需要 --db（或 gongkai.yaml 中的 db:）" "zh findings without --db: Chinese"

# ---- import errors name the line -----------------------------------------
HDR="id,jurisdiction,kind,title,attribute,secrecy,publisher,formed_on,published_on,channels"
{
	echo "$HDR"
	echo "ZZ-1,zezhou,info,关于印发工作要点的通知,proactive,public,泽州县文化和旅游局,2021-03-01,2021-03-05,政府网站"
	echo "ZZ-2,泽州县,info,关于开展检查的通知,proactive,public,泽州县文化和旅游局,2021-13-01,2021-03-05,政府网站"
} >"$T/bad.csv"
zh import --db "$T/bad.db" "$T/bad.csv"
expect_status 2 "zh import of a bad date: exit status 2"
expect_err "bad.csv:3" "zh import error: names the file and line"
expect_err "不是日期：应为 YYYY-MM-DD" "zh import error: Chinese"
expect_err "导入被拒绝：1 个问题" "zh import error: the refusal is Chinese"
zh import --db "$T/bad.db" "$T/nosuch.csv"
if grep -q "无法读取 '.*nosuch.csv'：" "$T/.err" && ! grep -q '??' "$T/.err"; then
	ok "zh: a system error's text is readable (the C library's own messages in UTF-8)"
else not_ok "zh: a system error's text is readable" "$(cat "$T/.err")"; fi
en import --db "$T/bad.db" "$T/bad.csv"
expect_err "is not a date: expected YYYY-MM-DD" "en import error: English"

# ---- a run's framing ---------------------------------------------------
"$GK_GEN" --count 40 --seed 7 >"$T/r.csv"
zh import --db "$T/g.db" "$T/r.csv"
expect_status 0 "zh import: exit status 0"
expect_out "已导入 40 条记录到" "zh import: Chinese summary"
zh run --worktree --db "$T/g.db" --policies "$POL" --as-of 2025-06-30 --full
expect_status 1 "zh run: exit status 1 (findings)"
expect_out "第 1 次检查，截至 2025-06-30：40 条记录（截至第 1 次导入）" "zh run: the head line is Chinese"
expect_out "未提交：政策集文件夹的当前内容" "zh run: the uncommitted note is Chinese"
expect_out "的第一次检查：每个问题都是新增" "zh run: the comparison line is Chinese"
if grep -q '^[A-Z][A-Z]-2021-[0-9]*  泽州县  [A-Z0-9-]*  [一-龥]' "$T/.out" 2>/dev/null ||
   grep -q '  泽州县  ' "$T/.out"; then
	ok "zh run: findings name the jurisdiction 泽州县, not zezhou"
else not_ok "zh run: findings name the jurisdiction 泽州县, not zezhou" "$(head -c 400 "$T/.out")"; fi
expect_no_out "  zezhou  " "zh run: no jurisdiction id in the text"
grep -q '^第 1 次检查有 [0-9]* 个问题（保存在 ' "$T/.out" &&
	ok "zh run: the closing count is Chinese" ||
	not_ok "zh run: the closing count is Chinese" "$(tail -n 3 "$T/.out")"
# The nightly log's summary (stdout not a terminal, no --full).
zh run --worktree --db "$T/g.db" --policies "$POL" --as-of 2025-06-30 --warn-days 5
expect_out "按辖区：" "zh run summary: the headings are Chinese"
expect_out "      问题     新增 即将到期" "zh run summary: the column heads are Chinese, aligned"
expect_out "泽州县 (zezhou)" "zh run summary: jurisdictions by name"
expect_out "详情：gongkai findings --db" "zh run summary: where the details are"
expect_no_out "by jurisdiction" "zh run summary: no English heading"
en run --worktree --db "$T/g.db" --policies "$POL" --as-of 2025-06-30 --warn-days 5
expect_out "by jurisdiction:" "en run summary: English"
expect_out "  findings      new due soon" "en run summary: English column heads as before"
zh findings --db "$T/g.db" --jurisdiction zezou
expect_status 2 "zh findings --jurisdiction zezou: exit status 2"
expect_err "不是第 " "zh findings --jurisdiction zezou: Chinese"
expect_err "是不是要用 'zezhou' (泽州县)？" "zh findings --jurisdiction zezou: the nearest, by name too"

# The progress line (shown on a terminal only: script(1) gives one).
script -qec "LANGUAGE= LC_ALL= LANG=zh_CN.UTF-8 '$GK_BIN' run --worktree --db '$T/g.db' \
	--policies '$POL' --as-of 2025-06-30 >/dev/null" /dev/null >"$T/tty.txt" 2>&1
if grep -q '40 / 40 条记录  每秒 [0-9]* 条  剩余 0:00；正在处理周期性任务、保存并封存本次检查' "$T/tty.txt"; then
	ok "zh run on a terminal: the progress line is Chinese"
else not_ok "zh run on a terminal: the progress line is Chinese" "$(tr -d '\033\r' <"$T/tty.txt" | head -c 300)"; fi

en runs --db "$T/g.db"
expect_out "as of" "en runs: English"
en findings --db "$T/g.db"
expect_out "  zezhou  " "en findings: jurisdiction ids in English"
zh findings --db "$T/g.db"
expect_out "  泽州县  " "zh findings: jurisdiction names in Chinese"
expect_out "时限" "zh findings: category labels in Chinese"

# The data does not change with the language.
en findings --db "$T/g.db" --format csv
cp "$T/.out" "$T/en.csv"
zh findings --db "$T/g.db" --format csv
if cmp -s "$T/.out" "$T/en.csv"; then ok "findings CSV: the same in Chinese"; else
	not_ok "findings CSV: the same in Chinese" "$(diff "$T/en.csv" "$T/.out" | head -5)"; fi
en findings --db "$T/g.db" --format json
cp "$T/.out" "$T/en.json"
zh findings --db "$T/g.db" --format json
if cmp -s "$T/.out" "$T/en.json"; then ok "findings JSON: the same in Chinese"; else
	not_ok "findings JSON: the same in Chinese" "$(diff "$T/en.json" "$T/.out" | head -5)"; fi
copy_db en-run && copy_db zh-run
en run --worktree --db "$T/en-run.db" --policies "$POL" --as-of 2025-06-30 --format csv --quiet
sed 's/^[0-9]*,//' "$T/.out" >"$T/en-run.csv"
zh run --worktree --db "$T/zh-run.db" --policies "$POL" --as-of 2025-06-30 --format csv --quiet
sed 's/^[0-9]*,//' "$T/.out" >"$T/zh-run.csv"
if [ -s "$T/en-run.csv" ] && cmp -s "$T/en-run.csv" "$T/zh-run.csv"; then
	ok "run CSV: the same in Chinese (but the run id)"
else not_ok "run CSV: the same in Chinese (but the run id)" "$(diff "$T/en-run.csv" "$T/zh-run.csv" | head -5)"; fi

# What a policy can observe is English whatever the language: an error it
# catches with pcall and returns as its message makes the same finding.
PC="$T/pcall"
mkdir -p "$PC/baseline" "$PC/yinchuan" "$PC/zezhou" "$PC/quangang" "$PC/zhongshan"
cp "$POL/calendar.yaml" "$PC/"
cat >"$PC/baseline/x1.lua" <<'LUA'
rule "X1" {
  basis = "测试", message = "测试", kinds = "info", category = "process",
  reads = { "formed_on" },
  check = function(r)
    local ok, err = pcall(workdays_after, "2099-01-01", 1)
    if not ok then return err end
  end,
}
LUA
copy_db en-pc && copy_db zh-pc
en run --worktree --db "$T/en-pc.db" --policies "$PC" --as-of 2025-06-30 --format csv --quiet
sed 's/^[0-9]*,//' "$T/.out" >"$T/en-pc.csv"
zh run --worktree --db "$T/zh-pc.db" --policies "$PC" --as-of 2025-06-30 --format csv --quiet
sed 's/^[0-9]*,//' "$T/.out" >"$T/zh-pc.csv"
if grep -q 'the calendar does not cover 2099' "$T/en-pc.csv" && cmp -s "$T/en-pc.csv" "$T/zh-pc.csv"; then
	ok "a policy's caught error: the same finding in Chinese"
else not_ok "a policy's caught error: the same finding in Chinese" \
	"$(diff "$T/en-pc.csv" "$T/zh-pc.csv" | head -4)"; fi

# Machine formats for CI do not change with the language (but the run's
# id and times).
copy_db en-sarif && copy_db zh-sarif
en run --worktree --db "$T/en-sarif.db" --policies "$POL" --as-of 2025-06-30 --format sarif --quiet
grep -v '"automationDetails"\|"invocations"' "$T/.out" >"$T/en.sarif"
zh run --worktree --db "$T/zh-sarif.db" --policies "$POL" --as-of 2025-06-30 --format sarif --quiet
grep -v '"automationDetails"\|"invocations"' "$T/.out" >"$T/zh.sarif"
if grep -q '"results"' "$T/en.sarif" && cmp -s "$T/en.sarif" "$T/zh.sarif"; then
	ok "run --format sarif: the same in Chinese (but the run's id and times)"
else not_ok "run --format sarif: the same in Chinese (but the run's id and times)" \
	"$(diff "$T/en.sarif" "$T/zh.sarif" | head -5)"; fi
# Machine formats for CI are English whatever the language.
en test --policies "$POL" --format tap B1
cp "$T/.out" "$T/en.tap"
zh test --policies "$POL" --format tap B1
if [ -s "$T/en.tap" ] && cmp -s "$T/.out" "$T/en.tap"; then ok "test --format tap: the same in Chinese"
else not_ok "test --format tap: the same in Chinese" "$(diff "$T/en.tap" "$T/.out" | head -5)"; fi
zh test --policies "$POL" B1
expect_out "个通过，0 个未通过" "test (text): its count is Chinese"

# ---- --lang and language: ------------------------------------------------
en --lang zh --help
expect_out "用法：gongkai" "--lang zh: Chinese with an English locale"
zh --lang en --help
expect_out "usage: gongkai" "--lang en: English with a Chinese locale"
zh --lang=en rnu
expect_err "'rnu' is not a command; did you mean 'run'?" "--lang=en: English errors"
en --lang fr --help
expect_status 2 "--lang fr: exit status 2"
expect_err "--lang 'fr': expected zh (Chinese) or en (English)" "--lang fr: says what it takes"

mkdir "$T/cfg" && cd "$T/cfg" || exit 1
printf 'db: g.db\nlanguage: zh\n' >gongkai.yaml
en rnu
expect_err "'rnu' 不是命令" "language: zh: Chinese errors with an English locale"
en help import
expect_out "用法：gongkai import" "language: zh: Chinese help"
en --lang en rnu
expect_err "'rnu' is not a command" "--lang en overrides language: zh"
printf 'language: en\n' >gongkai.yaml
zh rnu
expect_err "'rnu' is not a command" "language: en: English with a Chinese locale"
printf 'language: fr\n' >gongkai.yaml
en runs
expect_status 2 "language: fr: exit status 2"
expect_err "gongkai.yaml:1:11: 'language' must be zh (Chinese) or en (English)" \
	"language: fr: the error names the file, line and column"
zh runs
expect_err "gongkai.yaml:1:11：'language' 必须是 zh（中文）或 en（英文）" \
	"language: fr: said once, in the locale's language"
n=$(grep -c language "$T/.err")
expect_eq "$n" 1 "language: fr: the error is said once"
cd "$T" || exit 1

# ---- the HTML report's time --------------------------------------------
fin=$(sqlite3 "$T/g.db" "SELECT finished_at FROM runs WHERE id = 1")
want=$(TZ=CST-8 date -d "$fin" '+%Y-%m-%d %H:%M:%S +08:00')
TZ=CST-8 en report --db "$T/g.db" --run 1 --html "$T/r.html"
expect_status 0 "report --html: exit status 0"
if grep -qF "id=\"finished-at\">$want<" "$T/r.html"; then
	ok "HTML report: the finish time in local time with its offset ($want)"
else not_ok "HTML report: the finish time in local time with its offset" \
	"stored $fin, expected $want: $(grep -o 'finished-at">[^<]*' "$T/r.html")"; fi
TZ=UTC0 zh report --db "$T/g.db" --run 1 --html "$T/r.html"
want=$(echo "$fin" | sed 's/T/ /; s/Z$/ +00:00/')
grep -qF "id=\"finished-at\">$want<" "$T/r.html" &&
	ok "HTML report: the same in Chinese, here UTC" ||
	not_ok "HTML report: the same in Chinese, here UTC" "$(grep -o 'finished-at">[^<]*' "$T/r.html")"

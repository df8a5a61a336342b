#!/bin/sh
# test_po.sh - the Chinese catalogue is complete: the messages of the
# sources as they are now (a fresh po/gongkai.pot from xgettext), merged
# into a copy of po/zh_CN.po, leave no message untranslated or fuzzy, and
# msgfmt -c accepts every translation (its formats match the English).
# A message added without its translation fails here: `make po`, then
# translate it (docs/i18n.md).
. "$(dirname "$0")/lib.sh"

cd "$GK_TOP" || exit 1
if sh tools/po.sh check po/zh_CN.po >"$T/check" 2>&1; then
	ok "zh_CN.po: every message translated, none fuzzy, formats match ($(tail -n 1 "$T/check"))"
else
	not_ok "zh_CN.po: every message translated, none fuzzy, formats match" \
		"$(head -n 20 "$T/check" | tr '\n' ' ')"
fi

# The check itself fails on a missing translation: drop one and see.
awk 'BEGIN { done = 0 }
     /^msgid "help: name one command/ && !done { print; getline; print "msgstr \"\""; done = 1; next }
     { print }' po/zh_CN.po >"$T/missing.po"
if sh tools/po.sh check "$T/missing.po" >"$T/check" 2>&1; then
	not_ok "the check fails on an untranslated message" "it passed"
elif grep -q "help: name one command" "$T/check"; then
	ok "the check fails on an untranslated message, naming it"
else
	not_ok "the check fails on an untranslated message, naming it" "$(head -c 300 "$T/check")"
fi
# ... and on a translation whose format does not match the English.
sed 's/^msgstr "help：只能指定一个命令/msgstr "%s help：只能指定一个命令/' po/zh_CN.po >"$T/badfmt.po"
if ! grep -q '^msgstr "%s help' "$T/badfmt.po"; then
	not_ok "the check fails on a format mismatch" "the fixture edit did not apply"
elif sh tools/po.sh check "$T/badfmt.po" >"$T/check" 2>&1; then
	not_ok "the check fails on a format mismatch" "it passed"
else
	ok "the check fails on a format mismatch"
fi

# The build's catalogue is the one gongkai reads.
mo="$(dirname "$GK_BIN")/locale/zh_CN/LC_MESSAGES/gongkai.mo"
if [ -f "$mo" ]; then ok "the build tree has its catalogue"; else
	not_ok "the build tree has its catalogue" "no $mo"; fi

# ... and on a Lua message whose translation reorders its arguments: Lua
# formats it (luaL_error) and knows no %1$s.
sed "s/^msgstr \"记录没有字段 '%s'（是不是 '%s'？）\"/msgstr \"记录没有字段 '%1\$s'（是不是 '%2\$s'？）\"/" \
	po/zh_CN.po >"$T/lua.po"
if ! grep -q "记录没有字段 '%1\\\$s'" "$T/lua.po"; then
	not_ok "the check fails on a reordered Lua message" "the fixture edit did not apply"
elif sh tools/po.sh check "$T/lua.po" >"$T/check" 2>&1; then
	not_ok "the check fails on a reordered Lua message" "it passed"
else
	ok "the check fails on a reordered Lua message"
fi

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

# refused NAME FILE SAYS: the check refuses FILE, a copy of the catalogue
# spoilt on purpose (SAYS: what its output names, or "").
refused() {
	if ! [ -s "$2" ] || cmp -s "$2" po/zh_CN.po; then
		not_ok "$1" "the fixture edit did not apply"
	elif sh tools/po.sh check "$2" >"$T/check" 2>&1; then
		not_ok "$1" "it passed"
	elif [ -n "$3" ] && ! grep -qF -- "$3" "$T/check"; then
		not_ok "$1" "$(head -c 300 "$T/check")"
	else
		ok "$1"
	fi
}

# An untranslated message: drop one translation.
awk 'BEGIN { done = 0 }
     /^msgid "help: name one command/ && !done { print; getline; print "msgstr \"\""; done = 1; next }
     { print }' po/zh_CN.po >"$T/missing.po"
refused "the check fails on an untranslated message, naming it" "$T/missing.po" \
	"help: name one command"
# A translation whose format does not match the English.
sed 's/^msgstr "help：只能指定一个命令/msgstr "%s help：只能指定一个命令/' po/zh_CN.po >"$T/badfmt.po"
refused "the check fails on a format mismatch" "$T/badfmt.po" ""

# The build's catalogue is the one gongkai reads.
mo="$(dirname "$GK_BIN")/locale/zh_CN/LC_MESSAGES/gongkai.mo"
if [ -f "$mo" ]; then ok "the build tree has its catalogue"; else
	not_ok "the build tree has its catalogue" "no $mo"; fi

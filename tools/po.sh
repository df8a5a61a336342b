#!/bin/sh
# po.sh pot OUT.pot     extract the messages of the sources into OUT.pot
# po.sh update          refresh po/gongkai.pot and merge it into po/*.po
# po.sh check [PO]      fail unless PO (default po/zh_CN.po), merged with
#                       the messages of the sources as they are now, has no
#                       untranslated or fuzzy message and its formats match
#
# Run from the top of the tree.  English is the source: a message is
# marked where it is written, _("...") or N_("...") for a static table
# (engine/i18n.h), and the functions that translate their own format
# (gk_error_set, gk_error_prefix, gk_yaml_error, cli_fail) are keywords,
# so `make po` finds them all.  The list of sources is every .c and .h
# of engine/, stores/ and cli/.
set -eu
KEYWORDS="--keyword=_ --keyword=N_ --keyword=gk_error_set:3 --keyword=gk_error_prefix:2
	--keyword=gk_yaml_error:4 --keyword=cli_fail:1
	--keyword=reportf:3 --keyword=problem:4 --keyword=sheet_problem:3 --keyword=xlsx_fail:3
	--keyword=fail:2 --keyword=imp_report:3 --keyword=note:2 --keyword=report:3
	--keyword=gk_db_error:4 --keyword=csv_error:3 --keyword=json_error:3 --keyword=gk_file_read:2 --keyword=git_fail:2
	--flag=gk_error_set:3:c-format --flag=gk_error_prefix:2:c-format
	--flag=gk_yaml_error:4:c-format --flag=cli_fail:1:c-format
	--flag=reportf:3:c-format --flag=problem:4:c-format --flag=sheet_problem:3:c-format
	--flag=xlsx_fail:3:c-format --flag=fail:2:c-format --flag=imp_report:3:c-format
	--flag=note:2:c-format --flag=report:3:c-format --flag=git_fail:2:c-format"

sources() {
	find engine stores cli -name '*.[ch]' | LC_ALL=C sort
}

pot() {
	# shellcheck disable=SC2086
	sources | xgettext --language=C --from-code=UTF-8 $KEYWORDS --add-comments=TRANSLATORS: \
		--package-name=gongkai --msgid-bugs-address=none --no-wrap --sort-by-file \
		--files-from=- -o "$1"
}

case ${1:-} in
pot)
	pot "$2" ;;
update)
	pot po/gongkai.pot
	for po in po/*.po; do
		msgmerge --quiet --update --backup=none --no-wrap "$po" po/gongkai.pot
		# Messages the sources no longer have are dropped, not kept as #~.
		msgattrib --no-obsolete --no-wrap -o "$po" "$po"
	done ;;
check)
	po=${2:-po/zh_CN.po}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/gk-po.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	pot "$tmp/gongkai.pot"
	msgmerge --quiet --no-wrap -o "$tmp/merged.po" "$po" "$tmp/gongkai.pot"
	msgfmt -c --statistics -o "$tmp/out.mo" "$tmp/merged.po" 2>"$tmp/stats" || {
		cat "$tmp/stats" >&2; exit 1; }
	cat "$tmp/stats"
	if grep -q 'untranslated\|fuzzy' "$tmp/stats"; then
		msgattrib --untranslated --no-wrap "$tmp/merged.po" | sed -n 's/^msgid //p' | sed 1d
		msgattrib --only-fuzzy --no-wrap "$tmp/merged.po" | sed -n 's/^msgid //p' | sed 1d
		exit 1
	fi ;;
*)
	echo "usage: sh tools/po.sh pot OUT.pot | update | check [PO]" >&2
	exit 2 ;;
esac

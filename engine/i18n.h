/*
 * i18n.h - messages in the reader's language (GNU gettext, English as the
 * source, the catalogue in po/).
 *
 * _("text") is text in the language the command chose (cli/i18n.c binds
 * the "gongkai" domain and picks the language); N_("text") only marks a
 * string for extraction where it must stay a constant (a static table),
 * and it is translated with _() where it is printed.  The engine and the
 * stores use the same macros without depending on the command: no
 * binding means the English source.  gk_error_set, gk_error_prefix,
 * gk_yaml_error and cli_fail translate their format themselves (xgettext
 * is told so: --keyword=gk_error_set:3 and the others, see the Makefile),
 * so an error is written once, in English, where it happens.
 *
 * Only what a person reads goes through _(): findings, the data written
 * (CSV, JSON, SQL, the seal) and anything compared by the program keep
 * their own text whatever the language.
 */
#ifndef GK_I18N_H
#define GK_I18N_H

#define GK_TEXTDOMAIN "gongkai"

#ifdef GK_NLS
#include <libintl.h>
#define _(s) dgettext(GK_TEXTDOMAIN, s)
#else
#define _(s) ((const char *)(s))
#endif
#define N_(s) s

/* _(s) for a string marked with N_() that may be NULL or empty (the
 * empty msgid is the catalogue's header, never a message). */
static inline const char *gk_tr(const char *s)
{
	return s && *s ? _(s) : s;
}

#endif

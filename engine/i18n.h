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
/* Nonzero while this thread makes text a policy can observe (an error
 * it can catch with pcall and put in a finding): that text is the
 * English source whatever the language, so findings never depend on who
 * ran gongkai.  Set with gk_i18n_source_begin/end (engine/lua/lib.c). */
extern _Thread_local int gk_i18n_source;
#define _(s) (gk_i18n_source ? (const char *)(s) : dgettext(GK_TEXTDOMAIN, s))
#define gk_i18n_source_begin() (gk_i18n_source++)
#define gk_i18n_source_end() (gk_i18n_source--)
#else
#define _(s) ((const char *)(s))
#define gk_i18n_source_begin() ((void)0)
#define gk_i18n_source_end() ((void)0)
#endif
#define N_(s) s

/* _(s) for a string marked with N_() that may be NULL or empty (the
 * empty msgid is the catalogue's header, never a message). */
static inline const char *gk_tr(const char *s)
{
	return s && *s ? _(s) : s;
}

#endif

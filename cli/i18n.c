/*
 * i18n.c - the language the command speaks: English, or Chinese for
 * officers (po/zh_CN.po).
 *
 * The language is, first found: --lang zh|en, language: in gongkai.yaml,
 * the environment as gettext reads it (LANGUAGE, else LC_ALL, LC_MESSAGES
 * or LANG: zh* is Chinese; the C locale is English).
 * Only LC_MESSAGES follows the environment: what gongkai reads and writes
 * (CSV, JSON, dates, SQL, numbers in Lua and in reports, the seal) is the
 * same in every locale, so LC_CTYPE, LC_NUMERIC and the rest stay "C".
 * Translations are written as UTF-8, whatever the locale's codeset, as
 * everything else gongkai prints.  A machine without a zh_CN locale still
 * gets Chinese: gettext needs a locale other than "C" to read LANGUAGE,
 * and C.UTF-8 is one every glibc has.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "cli.h"

/* The catalogues: this build tree's (make), or PREFIX's (make install). */
#ifndef GK_LOCALEDIR
#define GK_LOCALEDIR "/usr/local/share/locale"
#endif

static int chinese;

/* zh, zh_CN.UTF-8, zh_TW: Chinese; anything else is not. */
static int is_zh(const char *v)
{
	return v && strncmp(v, "zh", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' ||
						  v[2] == '-' || v[2] == '@' || v[2] == ':');
}

int cli_lang_parse(const char *v)
{
	if (!v)
		return -1;
	if (is_zh(v))
		return 1;
	if (strncmp(v, "en", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' ||
					  v[2] == '-'))
		return 0;
	return -1;
}

/* The environment's choice, as gettext makes it: the locale of messages
 * is LC_ALL, else LC_MESSAGES, else LANG; in the C locale (or none) there
 * is no translation, else LANGUAGE comes first when it is set. */
static int env_chinese(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *loc = NULL, *language = getenv("LANGUAGE");

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && !loc; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			loc = v;
	}
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return 0;
	return is_zh(language && *language ? language : loc);
}

void cli_lang_set(int zh)
{
	const char *loc;

	chinese = zh;
#ifdef GK_NLS
	/* LANGUAGE names the catalogue; English has none (the source). */
	setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
	loc = setlocale(LC_MESSAGES, "");
	if (zh && (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	bindtextdomain(GK_TEXTDOMAIN, getenv("GONGKAI_LOCALEDIR") ? getenv("GONGKAI_LOCALEDIR")
								 : GK_LOCALEDIR);
	bind_textdomain_codeset(GK_TEXTDOMAIN, "UTF-8");
	/* The C library's own messages (strerror) too: with LC_CTYPE "C"
	 * gettext would turn its Chinese into question marks. */
	bind_textdomain_codeset("libc", "UTF-8");
#else
	(void)loc;
#endif
}

void cli_lang_init(void)
{
	cli_lang_set(env_chinese());
}

int cli_lang_zh(void)
{
	return chinese;
}

/*
 * output.c - quoting for the machine-readable outputs (JSON and CSV).
 */
#include <string.h>
#include <time.h>

#include "../engine/i18n.h"
#include "../stores/db/db.h"
#include "cli.h"
#include "filters.h"

void cli_json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void cli_csv_str(FILE *out, const char *s)
{
	/* Text a spreadsheet would take for a formula (=, +, -, @, a tab or
	 * a carriage return first) gets a leading apostrophe, which Excel
	 * and WPS show as text: a record's title is not a formula to run. */
	int formula = s && *s && strchr("=+-@\t\r", *s);

	if (!s)
		return;
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int cli_parse_format_of(const char *cmd, const char *v, const char *const *allowed,
			enum cli_format *f)
{
	static const char *const names[] = { "text", "json", "csv", "sarif", "junit", "tap" };
	int n = 0;

	for (int i = 0; allowed[i]; i++)
		n++;
	for (int i = 0; i < n; i++) {
		if (strcmp(v, allowed[i]) != 0)
			continue;
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(v, names[k]) == 0) {
				*f = (enum cli_format)k;
				return 0;
			}
	}
	cli_check_choice(cmd, "--format", v, allowed, (size_t)n);
	return -1;
}

int cli_parse_format(const char *cmd, const char *v, enum cli_format *f)
{
	static const char *const allowed[] = { "text", "json", "csv", NULL };

	return cli_parse_format_of(cmd, v, allowed, f);
}

/* The statuses and their labels as the text shows them. */
static const char *const status_labels[][2] = {
	{ "new", "新增" }, { "persisting", "持续" }, { "resolved", "已整改" },
	{ "due_soon", "即将到期" },
};

const char *cli_status_label(const char *status)
{
	for (size_t i = 0; status && i < sizeof(status_labels) / sizeof(status_labels[0]); i++)
		if (strcmp(status, status_labels[i][0]) == 0)
			return status_labels[i][1];
	return NULL;
}

int cli_text_width(const char *s)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)        /* a character starts here */
			w += (*p & 0xf0) == 0xe0 || (*p & 0xf8) == 0xf0 ? 2 : 1;
	return w;
}

void cli_pad(FILE *out, const char *s, int width, int left)
{
	int pad = width - cli_text_width(s);

	if (!left)
		fprintf(out, "%*s", pad > 0 ? pad : 0, "");
	fputs(s, out);
	if (left)
		fprintf(out, "%*s", pad > 0 ? pad : 0, "");
}

const char *cli_local_time(const char *utc, char *buf, size_t n)
{
	struct tm tm = { 0 };
	char zone[8];
	time_t t;
	int len;

	if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &len) != 6 || utc[len])
		return utc;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &tm) ||
	    !strftime(zone, sizeof(zone), "%z", &tm) || strlen(zone) != 5)
		return utc;
	/* +0800 as +08:00, as ISO 8601 writes it. */
	snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d %.3s:%s", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone, zone + 3);
	return buf;
}

const char *cli_category_label(const char *category)
{
	static const char *const labels[][2] = {
		{ "deadline", "时限" }, { "responsibility", "公开主体" },
		{ "confidentiality", "保密" }, { "privacy", "个人隐私" },
		{ "completeness", "完整性" }, { "channel", "公开渠道" }, { "review", "审查" },
		{ "attribute", "公开属性" }, { "process", "办理程序" }, { "periodic", "定期事项" },
	};

	for (size_t i = 0; category && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(category, labels[i][0]) == 0)
			return labels[i][1];
	return category;
}

const char *cli_category_id(const char *s)
{
	for (int i = 0; s && i < GK_NCATEGORIES; i++)
		if (strcmp(s, cli_category_label(gk_category_names[i])) == 0)
			return gk_category_names[i];
	return s;
}

const char *cli_status_id(const char *s)
{
	for (size_t i = 0; s && i < sizeof(status_labels) / sizeof(status_labels[0]); i++)
		if (strcmp(s, status_labels[i][1]) == 0)
			return status_labels[i][0];
	return s;
}

int cli_pick_run(gk_store *st, const char *cmd, const char *db, int64_t *run_id)
{
	gk_error err = { 0 };
	gk_run_info info;
	int64_t last_import;
	char src[8], rev[8];

	if (*run_id) {
		if (gk_store_run_get(st, *run_id, &info, &last_import, src, sizeof(src), rev,
				     sizeof(rev), &err)) {
			cli_fail("%s", err.msg);
			return -1;
		}
		return 0;
	}
	if (gk_store_last_run(st, run_id, &err)) {
		cli_fail("%s", err.msg);
		return -1;
	}
	if (!*run_id) {
		cli_fail("%s: '%s' has no run yet: run 'gongkai run --db %s' first", cmd, db, db);
		return -1;
	}
	return 0;
}

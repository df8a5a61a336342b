/*
 * cmd_calendar.c - gongkai calendar status|add|provisional: the working-day
 * calendar's years, the State Council's notice, provisional years.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../engine/i18n.h"
#include "../engine/holidays.h"
#include "../engine/notice.h"
#include "../engine/suggest.h"
#include "../stores/db/db.h"
#include "../stores/policyset/calendar_yaml.h"
#include "cli.h"
#include "opts.h"

enum { O_POLICIES = 256, O_AS_OF, O_FORMAT, O_REPLACE };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default as for lint)") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("status: the day what is missing is judged as of\n"
	  "(default: today)") },
	{ "format", 0, "F", O_FORMAT, N_("status: text (default) or json") },
	{ "replace", 0, NULL, O_REPLACE, N_("add: replace an official year too") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"calendar", options,
	N_("usage: gongkai calendar status [--policies DIR] [--as-of YYYY-MM-DD] [--format text|json]\n"
	"       gongkai calendar add NOTICE.txt [--policies DIR] [--replace]\n"
	"       gongkai calendar provisional YEAR [--policies DIR]\n"
	"\n"
	"The working-day calendar of the policy set (DIR/calendar.yaml; DIR as\n"
	"for lint) must cover every date a run asks about.  Each year comes from\n"
	"the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知),\n"
	"published each November or December for the next year.\n"
	"\n"
	"  status        every year: official (with its notice) or provisional,\n"
	"                and what is missing as of --as-of (default today): from\n"
	"                1 November the next year's arrangement\n"
	"  add FILE      read the notice's text as pasted from the government\n"
	"                website (title, items 一、元旦：…) and write its year into\n"
	"                calendar.yaml: after the last year, or in place of a\n"
	"                provisional year; an official year only with --replace.\n"
	"                It is checked first: every line that arranges days must\n"
	"                be read completely, each 共N天 must add up, make-up days\n"
	"                must be weekends and every statutory holiday of the law\n"
	"                in force must be a day off\n"
	"  provisional Y add year Y computed from 《全国年节及纪念日放假办法》 as in\n"
	"                force that year: the statutory holidays, and for one on\n"
	"                a weekend a day off on the next working day (补假); no\n"
	"                make-up working days, which only the notice declares.\n"
	"                Every deadline and warning computed through it is marked\n"
	"                暂定 until 'calendar add' replaces it\n"),
	N_("add and provisional edit the folder: only the year's own lines change.\n"
	"Review them (git diff), then commit ('gongkai commit -m ... --db DB' also\n"
	"shows which findings the new year changes).\n"
	"\n"
	"exit status: 0 done (status: nothing missing), 1 status: something is\n"
	"missing or provisional, 2 error (nothing was written).\n"),
	N_("option"),
};

/* ---- shared with run and lint ------------------------------------------------ */

int cli_calendar_notes(FILE *out, const char *prefix, const char *file,
		       const gk_calendar_state *s, gk_day day)
{
	int missing = gk_calendar_state_missing(s, day), pending[GK_CALENDAR_PROVISIONAL_MAX];
	int np = gk_calendar_state_pending(s, day, pending, GK_CALENDAR_PROVISIONAL_MAX);

	if (missing)
		fprintf(out, _("%scalendar '%s' ends on %d-12-31 and has no arrangement for %d: "
			"when the State Council publishes its notice (国务院办公厅关于%d年部分节假日"
			"安排的通知), add it with 'gongkai calendar add NOTICE.txt'; until then "
			"'gongkai calendar provisional %d' keeps the runs going from 1 January, "
			"marking what depends on it 暂定\n"), prefix, file, s->last, missing, missing,
			missing);
	for (int i = 0; i < np; i++)
		fprintf(out, _("%s%d is provisional in calendar '%s' (statutory holidays and 补假 "
			"computed from the law, no make-up working days): deadlines through it are "
			"marked 暂定; replace it with 'gongkai calendar add NOTICE.txt' when the "
			"notice is published\n"), prefix, pending[i], file);
	return (missing != 0) + np;
}

void cli_run_calendar(const gk_run_info *r, gk_calendar_state *s)
{
	const char *p = r->cal_provisional;

	s->first = r->cal_first;
	s->last = r->cal_last;
	s->nprovisional = 0;
	while (*p && s->nprovisional < GK_CALENDAR_PROVISIONAL_MAX) {
		s->provisional[s->nprovisional++] = atoi(p);
		p += strcspn(p, ",");
		p += *p == ',';
	}
}

/* ---- files ------------------------------------------------------------------- */

/* Replace path with len bytes: a temporary file renamed over it, so a
 * reader never sees half a calendar. */
static int write_file(const char *path, const char *buf, size_t len, gk_error *err)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "wb")))
		return gk_error_set(err, GK_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	if (fwrite(buf, 1, len, f) != len || fflush(f) || fsync(fileno(f)) || fclose(f) ||
	    rename(tmp, path)) {
		unlink(tmp);
		return gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	}
	return 0;
}

/* ---- writing a year -------------------------------------------------------------- */

struct target {
	char path[4096];
	char *buf;
	size_t len;
	gk_calendar *cal;
	gk_calendar_info *info;
};

static int open_target(const char *dir, struct target *t, gk_error *err)
{
	snprintf(t->path, sizeof(t->path), "%s/%s", dir, GK_CALENDAR_FILE);
	if (gk_file_read(t->path, NULL, &t->buf, &t->len, err))
		return gk_error_prefix(err, "the policy set '%s' needs %s", dir, GK_CALENDAR_FILE);
	return gk_calendar_parse_info(t->path, t->buf, t->len, &t->cal, &t->info, err);
}

static void close_target(struct target *t)
{
	free(t->buf);
	gk_calendar_free(t->cal);
	gk_calendar_info_free(t->info);
}

static const char *const wd_zh[] = { "", "一", "二", "三", "四", "五", "六", "日" };

/* The days of year whose working status the edit changes (a provisional
 * year replaced by the notice): the officer's summary of what moves. */
static void show_changes(const gk_calendar *before, const char *buf, size_t len,
			 const char *name, int year)
{
	gk_calendar *after = NULL;
	gk_error err;
	int shown = 0;

	if (gk_calendar_parse(name, buf, len, &after, &err))
		return;
	for (gk_day d = gk_date_from_ymd(year, 1, 1); d <= gk_date_from_ymd(year, 12, 31); d++) {
		int a = gk_calendar_is_workday(before, d, &err), b = gk_calendar_is_workday(after, d, &err);
		char iso[GK_DATE_LEN + 1];

		if (a == b || a < 0 || b < 0)
			continue;
		if (!shown++)
			printf(_("days that change from the provisional year:\n"));
		gk_date_format(d, iso);
		printf("  %s（星期%s）  %s\n", iso, wd_zh[gk_date_weekday(d)],
		       b ? _("now a working day (调休上班)") : _("now a day off"));
	}
	if (!shown)
		printf(_("no day changes from the provisional year\n"));
	gk_calendar_free(after);
}

static int write_year(struct target *t, const gk_calendar_add *y, int replace,
		      gk_calendar_change *ch, gk_error *err)
{
	char *out = NULL;
	size_t outlen;
	int rc;

	if ((rc = gk_calendar_edit(t->path, t->buf, t->len, y, replace, &out, &outlen, ch, err)))
		return rc;
	if ((rc = write_file(t->path, out, outlen, err))) {
		free(out);
		return rc;
	}
	/* t->cal stays the calendar before, to say what changed. */
	free(t->buf);
	t->buf = out;
	t->len = outlen;
	return 0;
}

static int cal_add(const char *dir, const char *file, int replace)
{
	static gk_notice n;      /* large */
	gk_calendar_entry hol[GK_NOTICE_DAYS], work[GK_NOTICE_WORKDAYS];
	gk_holiday st[GK_HOLIDAYS_MAX];
	gk_calendar_add y = { 0 };
	gk_calendar_change ch;
	struct target t = { 0 };
	gk_error err = { 0 };
	char *text = NULL;
	size_t len;
	int ns = 0, rc = GK_EXIT_ERROR;

	if (gk_file_read(file, NULL, &text, &len, &err) || gk_notice_parse(file, text, len, &n, &err) ||
	    gk_notice_check(file, &n, &err) || gk_holidays_statutory(n.year, st, &ns, &err) ||
	    open_target(dir, &t, &err)) {
		cli_fail("calendar add: %s", err.msg);
		goto done;
	}
	for (int i = 0; i < n.nholidays; i++) {
		int stat = 0, extra = 0;

		for (int j = 0; j < ns; j++)
			stat |= st[j].day == n.holidays[i].day;
		for (int j = 0; j < n.nitems; j++)
			for (int k = 0; k < n.items[j].nextra; k++)
				extra |= n.items[j].extra[k] == n.holidays[i].day;
		hol[i].day = n.holidays[i].day;
		hol[i].name = gk_festival_names[n.holidays[i].fest];
		hol[i].note = extra ? "补休" : !stat && gk_date_weekday(hol[i].day) <= 5 ? "in lieu" : NULL;
	}
	for (int i = 0; i < n.nworkdays; i++) {
		work[i].day = n.workdays[i].day;
		work[i].name = gk_festival_names[n.workdays[i].fest];
		work[i].note = NULL;
	}
	y.year = n.year;
	y.notice = n.title;
	y.number = n.number[0] ? n.number : NULL;
	y.url = n.url[0] ? n.url : NULL;
	y.holidays = hol;
	y.nholidays = n.nholidays;
	y.workdays = work;
	y.nworkdays = n.nworkdays;
	if (write_year(&t, &y, replace, &ch, &err)) {
		cli_fail("calendar add: %s", err.msg);
		goto done;
	}
	printf(_("%s %d in %s from %s%s%s%s: %d days off, %d make-up working days%s\n"),
	       ch.replaced ? _("replaced") : _("added"), n.year, t.path, n.title,
	       n.number[0] ? " (" : "", n.number, n.number[0] ? ")" : "", n.nholidays,
	       n.nworkdays, ch.was_provisional ? _(" (it was provisional)") : "");
	if (ch.elsewhere)
		printf(_("  and %d day%s the notice sets in %d\n"), ch.elsewhere,
		       ch.elsewhere == 1 ? "" : "s", n.year - 1);
	if (n.advice[0])
		printf(_("not applied (advice, it arranges no day): %s\n"), n.advice);
	if (ch.was_provisional)
		show_changes(t.cal, t.buf, t.len, t.path, n.year);
	printf(_("review the change (git diff %s), then commit it: 'gongkai commit -m \"%d年节假日安排\" "
	       "--db DB' shows the findings it changes\n"), t.path, n.year);
	rc = GK_EXIT_OK;
done:
	free(text);
	close_target(&t);
	return rc;
}

static int cal_provisional(const char *dir, const char *arg)
{
	gk_holiday h[GK_HOLIDAYS_MAX];
	gk_calendar_entry e[GK_HOLIDAYS_MAX];
	gk_calendar_add y = { 0 };
	gk_calendar_change ch;
	struct target t = { 0 };
	gk_error err = { 0 };
	char comment[512], *end;
	long year = strtol(arg, &end, 10);
	int n, subs = 0, rc = GK_EXIT_ERROR;

	if (*end || end == arg || year < 1900 || year > 9998)
		return cli_fail("calendar provisional: '%s' is not a year", arg);
	if (gk_holidays_provisional((int)year, h, &n, &err) || open_target(dir, &t, &err)) {
		cli_fail("calendar provisional: %s", err.msg);
		goto done;
	}
	for (int i = 0; i < n; i++) {
		e[i].day = h[i].day;
		e[i].name = gk_festival_names[h[i].fest];
		e[i].note = h[i].substitute ? "补假" : NULL;
		subs += h[i].substitute;
	}
	snprintf(comment, sizeof(comment), "computed by 'gongkai calendar provisional %ld' from %s: "
		 "statutory holidays and 补假, no 调休; replace with the notice", year,
		 gk_holidays_law((int)year));
	y.year = (int)year;
	y.provisional = 1;
	y.comment = comment;
	y.holidays = e;
	y.nholidays = n;
	if (write_year(&t, &y, 0, &ch, &err)) {
		cli_fail("calendar provisional: %s", err.msg);
		goto done;
	}
	printf(_("%s %ld in %s as provisional: %d statutory holidays and %d 补假 by %s, no make-up "
	       "working days\n"), ch.replaced ? "recomputed" : "added", year, t.path, n - subs, subs,
	       gk_holidays_law((int)year));
	printf(_("every deadline and warning through %ld is marked 暂定 until the State Council's "
	       "notice replaces it ('gongkai calendar add NOTICE.txt'); commit the change for the "
	       "nightly run to use it\n"), year);
	rc = GK_EXIT_OK;
done:
	close_target(&t);
	return rc;
}

/* ---- status ------------------------------------------------------------------------ */

static int cal_status(const char *dir, gk_day as_of, enum cli_format fmt)
{
	struct target t = { 0 };
	gk_calendar_state s;
	gk_error err = { 0 };
	char asof[GK_DATE_LEN + 1];
	int todo = 0, missing, pending[GK_CALENDAR_PROVISIONAL_MAX], np;

	if (open_target(dir, &t, &err)) {
		cli_fail("calendar status: %s", err.msg);
		close_target(&t);
		return GK_EXIT_ERROR;
	}
	gk_calendar_state_of(t.cal, &s);
	missing = gk_calendar_state_missing(&s, as_of);
	np = gk_calendar_state_pending(&s, as_of, pending, GK_CALENDAR_PROVISIONAL_MAX);
	gk_date_format(as_of, asof);
	if (fmt == CLI_JSON) {
		printf("{\"schema\": %d, \"file\": ", CLI_CALENDAR_SCHEMA);
		cli_json_str(stdout, t.path);
		printf(", \"as_of\": \"%s\", \"first\": %d, \"last\": %d, \"last_official\": %d,\n"
		       " \"years\": [", asof, s.first, s.last, gk_calendar_last_official(t.cal));
	} else {
		printf(_("calendar %s covers %d-%d (as of %s)\n"), t.path, s.first, s.last, asof);
	}
	for (int i = 0; i < t.info->nyears; i++) {
		const gk_calendar_year *cy = &t.info->years[i];
		int bad = gk_holidays_verify(t.cal, cy->year, &err);
		const char *need = bad ? err.msg : cy->provisional ?
			N_("the State Council notice (calendar add)") :
			!cy->notice ? N_("the notice's title (notice: in calendar.yaml)") : NULL;

		todo += bad != 0;
		if (fmt == CLI_JSON) {
			printf("%s\n  {\"year\": %d, \"status\": \"%s\", \"notice\": ", i ? "," : "",
			       cy->year, cy->provisional ? "provisional" : "official");
			cli_json_str(stdout, cy->notice);
			printf(", \"number\": ");
			cli_json_str(stdout, cy->number);
			printf(", \"url\": ");
			cli_json_str(stdout, cy->url);
			printf(", \"law\": ");
			cli_json_str(stdout, cy->year >= GK_HOLIDAYS_FIRST_YEAR ?
				     gk_holidays_law(cy->year) : NULL);
			printf(", \"missing\": ");
			cli_json_str(stdout, need);
			printf("}");
			continue;
		}
		if (cy->provisional)
			printf(_("  %d  provisional  computed from %s; no make-up working days\n"),
			       cy->year, gk_holidays_law(cy->year));
		else
			printf(_("  %d  official     %s%s%s%s%s%s\n"), cy->year,
			       cy->notice ? cy->notice : _("(notice not recorded)"),
			       cy->number ? "  " : "", cy->number ? cy->number : "",
			       cy->url ? "  " : "", cy->url ? cy->url : "", "");
		if (bad)
			printf(_("        problem: %s\n"), err.msg);
		else if (cy->provisional)
			printf(_("        missing: the State Council notice for %d\n"), cy->year);
	}
	if (fmt == CLI_JSON) {
		printf("\n ],\n \"missing_year\": ");
		if (missing)
			printf("%d", missing);
		else
			printf("null");
		printf(", \"provisional\": [");
		for (int i = 0; i < s.nprovisional; i++)
			printf("%s%d", i ? ", " : "", s.provisional[i]);
		printf("], \"notes\": [");
	} else {
		putchar('\n');
	}
	if (fmt == CLI_JSON) {
		char *notes = NULL;
		size_t nl = 0;
		FILE *mem = open_memstream(&notes, &nl);
		int k = 0;

		if (mem) {
			cli_calendar_notes(mem, "", t.path, &s, as_of);
			fclose(mem);
			for (char *p = notes, *q; p && *p; p = q + 1) {
				q = strchr(p, '\n');
				if (!q)
					break;
				*q = '\0';
				printf("%s", k++ ? ", " : "");
				cli_json_str(stdout, p);
			}
			free(notes);
		}
		printf("]}\n");
	} else if (!cli_calendar_notes(stdout, "", t.path, &s, as_of) && !todo) {
		printf(_("nothing missing: the calendar covers %d, the next year is due from "
		       "%d-11-01\n"), gk_date_year(as_of), s.last);
	}
	todo += (missing != 0) + np;
	close_target(&t);
	return todo ? GK_EXIT_FINDINGS : GK_EXIT_OK;
}

int cmd_calendar(int argc, char **argv)
{
	static const char *const subs[] = { "status", "add", "provisional" };
	const char *near;
	const char *dir = NULL, *args[2] = { NULL, NULL }, *sub = NULL, *v;
	enum cli_format fmt = CLI_TEXT;
	gk_day as_of = 0;
	int nargs = 0, replace = 0, have_asof = 0;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_POLICIES:
			dir = v;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
			have_asof = 1;
			break;
		case O_FORMAT:
			if (cli_parse_format("calendar status", v, &fmt))
				return GK_EXIT_ERROR;
			if (fmt == CLI_CSV)
				return cli_fail("calendar status: --format '%s': expected text or json", v);
			break;
		case O_REPLACE:
			replace = 1;
			break;
		case CLI_ARG:
			if (!sub)
				sub = v;
			else if (nargs < 2)
				args[nargs++] = v;
			else
				return cli_fail("calendar: too many arguments; see 'gongkai calendar "
						"--help'");
			break;
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (!dir)
		dir = cli_policies_default();
	if (!have_asof)
		as_of = cli_today();
	if (sub && strcmp(sub, "status") == 0 && nargs == 0)
		return cal_status(dir, as_of, fmt);
	if (sub && strcmp(sub, "add") == 0 && nargs == 1)
		return cal_add(dir, args[0], replace);
	if (sub && strcmp(sub, "provisional") == 0 && nargs == 1)
		return cal_provisional(dir, args[0]);
	near = sub ? gk_suggest(sub, subs, sizeof(subs) / sizeof(subs[0])) : NULL;
	return cli_fail("calendar: usage: gongkai calendar status | add NOTICE.txt [--replace] | "
			"provisional YEAR; %s%s%ssee 'gongkai calendar --help'",
			near ? _("did you mean '") : "", near ? near : "", near ? "'? " : "");
}

/*
 * calendar_edit.c - writing one year into calendar.yaml (see calendar_yaml.h).
 *
 * The file is a policy document under version control: an edit rewrites
 * only the lines of the year it writes (and inserts the few lines a notice
 * sets in the December before), so `git diff` shows exactly the new
 * arrangement and every other line stays byte for byte.  Lines are located
 * with the parser's line numbers, then the text is spliced; the result is
 * parsed again and compared, day by day, with the calendar before.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
#include "calendar_yaml.h"

/* ---- a growable buffer ----------------------------------------------------- */

/* Text built up, with one out-of-memory mark checked at the end. */
struct buf {
	gk_buf g;
	int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (!b->oom && gk_buf_add(&b->g, s, n))
		b->oom = 1;
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(b, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* ---- lines ----------------------------------------------------------------- */

struct line {
	const char *s;            /* start */
	size_t len;               /* without the newline */
	size_t full;              /* with it */
};

static struct line *split(const char *buf, size_t len, int *n)
{
	struct line *v = NULL;
	size_t cap = 0;
	const char *p = buf, *end = buf + len;

	*n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (GK_GROW(v, *n, cap)) {
			free(v);
			return NULL;
		}
		v[*n].s = p;
		v[*n].len = l;
		v[*n].full = l + (nl != NULL);
		(*n)++;
		p += l + (nl != NULL);
	}
	if (!v)
		v = calloc(1, sizeof(*v));
	return v;
}

static int indent_of(const struct line *l)
{
	int i = 0;

	while ((size_t)i < l->len && l->s[i] == ' ')
		i++;
	return i;
}

static int blank(const struct line *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] != ' ' && l->s[i] != '\t' && l->s[i] != '\r')
			return 0;
	return 1;
}

/* The text of l after its indentation starts with key and a colon. */
static const char *key_rest(const struct line *l, const char *key)
{
	int ind = indent_of(l);
	size_t kl = strlen(key);

	if ((size_t)ind + kl + 1 > l->len || strncmp(l->s + ind, key, kl) || l->s[ind + kl] != ':')
		return NULL;
	return l->s + ind + kl + 1;
}

/* 1 when the rest of a key line is empty or a comment (a block follows). */
static int opens_block(const char *rest, const struct line *l)
{
	const char *e = l->s + l->len;

	while (rest < e && (*rest == ' ' || *rest == '\t' || *rest == '\r'))
		rest++;
	return rest == e || *rest == '#';
}

/* The date of a "- {date: YYYY-MM-DD, ...}" line, or -1 when the line is
 * not one. */
static int item_date(const struct line *l, gk_day *d)
{
	static const char pre[] = "- {date: ";
	int ind = indent_of(l);

	if ((size_t)ind + sizeof(pre) - 1 + GK_DATE_LEN > l->len ||
	    strncmp(l->s + ind, pre, sizeof(pre) - 1))
		return -1;
	return gk_date_parse(l->s + ind + sizeof(pre) - 1, GK_DATE_LEN, d) ? -1 : 0;
}

/* ---- YAML text --------------------------------------------------------------- */

/* A scalar for a block mapping: plain when YAML reads it back unchanged,
 * else double-quoted. */
static void scalar(struct buf *b, const char *s)
{
	int plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@`~ ", *s) && s[strlen(s) - 1] != ' ' &&
		    !strstr(s, ": ") && !strstr(s, " #") && strcmp(s, "true") && strcmp(s, "false") &&
		    strcmp(s, "null") && strspn(s, "0123456789.-+") != strlen(s);

	for (const char *p = s; plain && *p; p++)
		plain = (unsigned char)*p >= 0x20 && *p != 0x7f;
	if (plain) {
		puts_(b, s);
		return;
	}
	put(b, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			put(b, "\\", 1);
		if ((unsigned char)*p < 0x20)
			putf(b, "\\x%02x", (unsigned char)*p);
		else
			put(b, p, 1);
	}
	put(b, "\"", 1);
}

static const char *const wd_en[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static void entry_line(struct buf *b, int indent, const gk_calendar_entry *e)
{
	char iso[GK_DATE_LEN + 1];

	gk_date_format(e->day, iso);
	putf(b, "%*s- {date: %s, name: ", indent, "", iso);
	/* flow context: names with , [ ] { } or a colon need quotes */
	if (strpbrk(e->name, ",[]{}:#\"") || !*e->name) {
		put(b, "\"", 1);
		for (const char *p = e->name; *p; p++) {
			if (*p == '"' || *p == '\\')
				put(b, "\\", 1);
			put(b, p, 1);
		}
		put(b, "\"", 1);
	} else {
		puts_(b, e->name);
	}
	putf(b, "}  # %s%s%s\n", wd_en[gk_date_weekday(e->day)], e->note ? ", " : "",
	     e->note ? e->note : "");
}

/* The block of a year at indentation ind. */
static void year_block(struct buf *b, int ind, const gk_calendar_add *y)
{
	int in = ind + 2, item = ind + 4, nh = 0, nw = 0;

	putf(b, "%*s%d:\n", ind, "", y->year);
	if (y->provisional) {
		putf(b, "%*sprovisional: true\n", in, "");
	} else {
		putf(b, "%*snotice: ", in, "");
		scalar(b, y->notice);
		put(b, "\n", 1);
		if (y->number && *y->number) {
			putf(b, "%*snumber: ", in, "");
			scalar(b, y->number);
			put(b, "\n", 1);
		}
		if (y->url && *y->url) {
			putf(b, "%*surl: ", in, "");
			scalar(b, y->url);
			put(b, "\n", 1);
		}
	}
	if (y->comment)
		putf(b, "%*s# %s\n", in, "", y->comment);
	for (int i = 0; i < y->nholidays; i++)
		nh += gk_date_year(y->holidays[i].day) == y->year;
	for (int i = 0; i < y->nworkdays; i++)
		nw += gk_date_year(y->workdays[i].day) == y->year;
	putf(b, "%*sholidays:%s\n", in, "", nh ? "            # days off that would otherwise be "
	     "working days or are statutory holidays" : "");
	for (int i = 0; i < y->nholidays; i++)
		if (gk_date_year(y->holidays[i].day) == y->year)
			entry_line(b, item, &y->holidays[i]);
	putf(b, "%*sworkdays:%s\n", in, "", nw ? "            # weekend days that are working "
	     "days (调休)" : "            # none");
	for (int i = 0; i < y->nworkdays; i++)
		if (gk_date_year(y->workdays[i].day) == y->year)
			entry_line(b, item, &y->workdays[i]);
}

/* ---- splicing ------------------------------------------------------------------ */

/* An insertion of text after line `after` (0-based; -1: before the first). */
struct ins {
	int after;
	char *text;
};

struct edit {
	struct line *lines;
	int nlines;
	int from, to;             /* lines replaced by the year's block, or from = -1 */
	int append_after;         /* the block goes after this line when from < 0 */
	struct ins ins[64];
	int nins;
	gk_error *err;
	const char *name;
};

/* The last line of year i's block: its key, then every line indented
 * deeper than the keys, up to the next key. */
static int block_end(const struct edit *e, const gk_calendar_info *info, int i, int ind)
{
	int start = info->years[i].line - 1;
	int next = i + 1 < info->nyears ? info->years[i + 1].line - 1 : e->nlines;
	int end = start;

	for (int l = start + 1; l < next; l++)
		if (!blank(&e->lines[l]) && indent_of(&e->lines[l]) > ind)
			end = l;
	return end;
}

static int add_ins(struct edit *e, int after, struct buf *b)
{
	if (b->oom || e->nins >= (int)(sizeof(e->ins) / sizeof(e->ins[0]))) {
		gk_buf_release(&b->g);
		return GK_OOM(e->err);
	}
	e->ins[e->nins].after = after;
	e->ins[e->nins++].text = gk_buf_detach(&b->g);
	return 0;
}

/* Insert entry x (of a year other than the one written) into its year's
 * list `key` (holidays or workdays), unless it is there. */
static int insert_entry(struct edit *e, const gk_calendar_info *info, int ind,
			const char *key, const gk_calendar_entry *x)
{
	int i = gk_date_year(x->day) - info->years[0].year;
	int start = info->years[i].line - 1, end = block_end(e, info, i, ind);
	int keyline = -1, last = -1, keyind = 0;
	struct buf b = { 0 };
	char iso[GK_DATE_LEN + 1];

	gk_date_format(x->day, iso);
	for (int l = start + 1; l <= end && keyline < 0; l++) {
		const char *rest = key_rest(&e->lines[l], key);

		if (!rest || indent_of(&e->lines[l]) <= ind)
			continue;
		if (!opens_block(rest, &e->lines[l]))
			return gk_error_set(e->err, GK_EINVAL,
					    "%s:%d: cannot add %s to %d's %s: write the list one "
					    "{date, name} a line", e->name, l + 1, iso,
					    info->years[i].year, key);
		keyline = l;
		keyind = indent_of(&e->lines[l]);
	}
	if (keyline < 0) {
		/* No list yet: open one at the end of the year. */
		putf(&b, "%*s%s:\n", ind + 2, "", key);
		entry_line(&b, ind + 4, x);
		return add_ins(e, end, &b);
	}
	last = keyline;
	for (int l = keyline + 1; l <= end; l++) {
		gk_day d;

		if (blank(&e->lines[l]))
			continue;
		if (indent_of(&e->lines[l]) <= keyind)
			break;
		if (e->lines[l].s[indent_of(&e->lines[l])] == '#')
			continue;
		if (item_date(&e->lines[l], &d))
			return gk_error_set(e->err, GK_EINVAL,
					    "%s:%d: cannot add %s to %d's %s: write the list one "
					    "{date, name} a line", e->name, l + 1, iso,
					    info->years[i].year, key);
		if (d == x->day)
			return 0;                       /* already there */
		if (d < x->day)
			last = l;
	}
	entry_line(&b, keyind + 2, x);
	return add_ins(e, last, &b);
}

static int cmp_ins(const void *a, const void *b)
{
	const struct ins *x = a, *y = b;

	return x->after - y->after;
}

/* ---- checking the result ----------------------------------------------------- */

static int listed(const gk_calendar_entry *v, int n, gk_day d)
{
	for (int i = 0; i < n; i++)
		if (v[i].day == d)
			return 1;
	return 0;
}

/* Every day outside year y means what it meant, but for the entries the
 * edit added there; year y is as written. */
static int same_elsewhere(const char *name, const gk_calendar *old, const gk_calendar *cur,
			  const gk_calendar_add *y, gk_error *err)
{
	gk_day first = gk_date_from_ymd(gk_calendar_first_year(old), 1, 1);
	gk_day last = gk_date_from_ymd(gk_calendar_last_year(old), 12, 31);
	char iso[GK_DATE_LEN + 1];

	for (gk_day d = first; d <= last; d++) {
		const char *a, *b;
		enum gk_day_kind ka, kb;

		if (gk_date_year(d) == y->year)
			continue;
		ka = gk_calendar_day_kind(old, d, &a);
		kb = gk_calendar_day_kind(cur, d, &b);
		if (ka == GK_DAY_NORMAL && listed(y->holidays, y->nholidays, d))
			ka = GK_DAY_HOLIDAY;
		if (ka == GK_DAY_NORMAL && listed(y->workdays, y->nworkdays, d))
			ka = GK_DAY_WORKDAY;
		if (ka != kb) {
			gk_date_format(d, iso);
			return gk_error_set(err, GK_EINVAL,
					    "writing %d into '%s' would change %s: nothing was written "
					    "(is the file laid out one entry a line?)", y->year, name, iso);
		}
	}
	if (gk_calendar_year_provisional(cur, y->year) != y->provisional)
		return gk_error_set(err, GK_EINVAL, "writing %d into '%s' failed: nothing was written",
				    y->year, name);
	return 0;
}

int gk_calendar_edit(const char *name, const char *buf, size_t len, const gk_calendar_add *y,
		     int replace, char **out, size_t *outlen, gk_calendar_change *ch,
		     gk_error *err)
{
	gk_calendar *old = NULL, *cur = NULL;
	gk_calendar_info *info = NULL;
	struct edit e = { .err = err, .name = name, .from = -1 };
	struct buf b = { 0 }, blk = { 0 };
	int rc, ind, idx, first, last;

	*out = NULL;
	*outlen = 0;
	memset(ch, 0, sizeof(*ch));
	if ((rc = gk_calendar_parse_info(name, buf, len, &old, &info, err)))
		return rc;
	first = info->years[0].year;
	last = first + info->nyears - 1;
	idx = y->year - first;
	if (!(e.lines = split(buf, len, &e.nlines))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	ind = indent_of(&e.lines[info->years[0].line - 1]);
	if (y->year >= first && y->year <= last) {
		const gk_calendar_year *cy = &info->years[idx];

		if (!cy->provisional && y->provisional) {
			rc = gk_error_set(err, GK_EINVAL,
					  "%d is already in '%s', arranged by its notice (%s): a "
					  "provisional year never replaces the notice's", y->year, name,
					  cy->notice ? cy->notice : _("no title recorded"));
			goto cleanup;
		}
		if (!cy->provisional && !replace) {
			rc = gk_error_set(err, GK_EINVAL,
					  "%d is already in '%s' (%s): give --replace to replace it "
					  "with this notice", y->year, name,
					  cy->notice ? cy->notice : _("no notice recorded"));
			goto cleanup;
		}
		ch->replaced = 1;
		ch->was_provisional = cy->provisional;
		e.from = cy->line - 1;
		e.to = block_end(&e, info, idx, ind);
	} else if (y->year == last + 1) {
		e.append_after = block_end(&e, info, info->nyears - 1, ind);
	} else {
		rc = gk_error_set(err, GK_EINVAL,
				  "'%s' covers %d-%d: a year is added after the last (%d)%s", name,
				  first, last, last + 1, y->year > last + 1 ?
				  _(", so add the years before it first (a notice, or 'gongkai calendar "
				    "provisional')") : "");
		goto cleanup;
	}
	/* Entries of another year: the December before, from a notice. */
	for (int k = 0; k < 2 && !rc; k++) {
		const gk_calendar_entry *v = k ? y->workdays : y->holidays;
		int n = k ? y->nworkdays : y->nholidays;

		for (int i = 0; i < n && !rc; i++) {
			int z = gk_date_year(v[i].day);
			char iso[GK_DATE_LEN + 1];

			if (z == y->year)
				continue;
			gk_date_format(v[i].day, iso);
			if (z < first || z > last || z == y->year + 1)
				rc = gk_error_set(err, GK_EINVAL,
						  "the arrangement of %d sets %s, a day of %d, which '%s' "
						  "does not cover: add %d first", y->year, iso, z, name, z);
			else if (info->years[z - first].provisional)
				rc = gk_error_set(err, GK_EINVAL,
						  "the arrangement of %d sets %s, but %d is provisional: "
						  "add %d's notice first", y->year, iso, z, z);
			else if ((rc = insert_entry(&e, info, ind, k ? "workdays" : "holidays", &v[i])) == 0)
				ch->elsewhere++;
		}
	}
	if (rc)
		goto cleanup;
	year_block(&blk, ind, y);
	if (blk.oom) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	qsort(e.ins, (size_t)e.nins, sizeof(e.ins[0]), cmp_ins);
	/* Splice: every line as it was, the block in place of the year's
	 * lines (or after the last year), the insertions after their lines. */
	{
		int k = 0;

		for (int l = 0; l < e.nlines; l++) {
			if (l == e.from)
				puts_(&b, blk.g.p);
			if (e.from < 0 || l < e.from || l > e.to) {
				put(&b, e.lines[l].s, e.lines[l].full);
				/* a last line without its newline */
				if (e.lines[l].full == e.lines[l].len &&
				    (l == e.append_after || (k < e.nins && e.ins[k].after == l)))
					put(&b, "\n", 1);
			}
			while (k < e.nins && e.ins[k].after == l)
				puts_(&b, e.ins[k++].text);
			if (e.from < 0 && l == e.append_after)
				puts_(&b, blk.g.p);
		}
	}
	if (b.oom) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	/* Read it back: it must load and mean the same outside the year. */
	if ((rc = gk_calendar_parse(name, b.g.p, b.g.len, &cur, err))) {
		gk_error_prefix(err, "writing %d would break the calendar, nothing was written",
				y->year);
		goto cleanup;
	}
	if ((rc = same_elsewhere(name, old, cur, y, err)))
		goto cleanup;
	*outlen = b.g.len;
	*out = gk_buf_detach(&b.g);
cleanup:
	for (int i = 0; i < e.nins; i++)
		free(e.ins[i].text);
	free(e.lines);
	gk_buf_release(&b.g);
	gk_buf_release(&blk.g);
	gk_calendar_free(old);
	gk_calendar_free(cur);
	gk_calendar_info_free(info);
	return rc;
}

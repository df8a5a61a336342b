/*
 * notice.c - see notice.h.
 *
 * Each line is first normalised (full-width forms to ASCII, every space
 * removed: Chinese text has none that matter), then read by a small
 * recursive-descent reader over UTF-8 bytes.  Nothing is guessed: text the
 * reader does not know in an item is an error that quotes it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "lunar.h"
#include "notice.h"

#define LINE_MAX_BYTES 4096

/* ---- normalising a line -------------------------------------------------- */

/* Decode one UTF-8 code point at s (n bytes left); *len its length.  A
 * malformed byte reads as itself. */
static unsigned cp_at(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] < 0x80 || n < 2) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*len = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if ((s[0] & 0xf0) == 0xe0 && n >= 3) {
		*len = 3;
		return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	}
	if ((s[0] & 0xf8) == 0xf0 && n >= 4) {
		*len = 4;
		return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
		       (s[3] & 0x3fu);
	}
	*len = 1;
	return s[0];
}

/* Full-width ASCII (（ ） ： ， ０-９ ［ ］ ...) to ASCII, dashes to '-',
 * every kind of space dropped, 〔〕【】 kept. */
static void normalize(const char *in, size_t n, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, k = 0;

	while (i < n && k + 5 < cap) {
		size_t len;
		unsigned c = cp_at(s + i, n - i, &len);

		if (c == ' ' || c == '\t' || c == '\r' || c == 0xa0 || c == 0x3000 ||
		    c == 0xfeff || (c >= 0x2000 && c <= 0x200b)) {
			/* spaces */
		} else if (c >= 0xff01 && c <= 0xff5e) {
			out[k++] = (char)(c - 0xfee0);
		} else if (c == 0x2014 || c == 0x2013 || c == 0x2212 || c == 0x2015) {
			out[k++] = '-';
		} else {
			memcpy(out + k, s + i, len);
			k += len;
		}
		i += len;
	}
	out[k] = '\0';
}

/* ---- reading ------------------------------------------------------------- */

struct rd {
	const char *name;         /* file, for messages */
	int line;
	const char *p;            /* the cursor in the normalised line */
	int year;                 /* the notice's year */
	gk_error *err;
	/* the date context: later dates without year or month inherit them */
	int cy, cm;
	enum gk_festival first;   /* the item's first festival */
};

static int fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct rd *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	return gk_error_set(r->err, GK_EINVAL, "%s:%d: %s", r->name, r->line, msg);
}

static int eat(struct rd *r, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(r->p, s, n))
		return 0;
	r->p += n;
	return 1;
}

static int at(const struct rd *r, const char *s)
{
	return strncmp(r->p, s, strlen(s)) == 0;
}

/* The text left of the cursor's sentence, quoted in messages. */
static const char *rest(const struct rd *r, char *buf, size_t n)
{
	const char *e = strstr(r->p, "。");
	size_t len = e ? (size_t)(e - r->p) : strlen(r->p);

	if (len > n - 1)
		len = n - 1;
	/* never cut a character in half */
	while (len && ((unsigned char)r->p[len] & 0xc0) == 0x80)
		len--;
	memcpy(buf, r->p, len);
	buf[len] = '\0';
	return buf;
}

static const char *const digits_zh[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

/* A Chinese numeral digit 0-9, or -1. */
static int zh_digit(struct rd *r)
{
	for (int i = 0; i < 10; i++)
		if (eat(r, digits_zh[i]))
			return i;
	if (eat(r, "两"))
		return 2;
	return -1;
}

/* A number of days or a day of month: ASCII digits, or Chinese up to 99
 * (九, 十, 十二, 二十, 二十三). */
static int number(struct rd *r, int *out)
{
	int v = 0, d, n = 0;
	const char *save = r->p;

	while (*r->p >= '0' && *r->p <= '9' && n < 6) {
		v = v * 10 + (*r->p++ - '0');
		n++;
	}
	if (n) {
		*out = v;
		return 1;
	}
	d = zh_digit(r);
	if (eat(r, "十")) {
		int u = zh_digit(r);

		*out = (d < 0 ? 1 : d) * 10 + (u < 0 ? 0 : u);
		return 1;
	}
	if (d > 0) {
		*out = d;
		return 1;
	}
	r->p = save;
	return 0;
}

/* 周日 / 星期日 / 礼拜天: ISO weekday 1-7, or 0 when not a weekday. */
static int weekday(struct rd *r)
{
	static const char *const names[] = { "一", "二", "三", "四", "五", "六", "日", "天" };
	const char *save = r->p;

	if (eat(r, "星期") || eat(r, "周") || eat(r, "礼拜"))
		for (int i = 0; i < 8; i++)
			if (eat(r, names[i]))
				return i < 7 ? i + 1 : 7;
	r->p = save;
	return 0;
}

/* A lunar date: 除夕, 正月初七, 腊月二十八, 八月十五 (after 农历). */
static int lunar(struct rd *r, int *month, int *day)
{
	static const struct { const char *s; int m; } months[] = {
		{ "正月", 1 }, { "冬月", 11 }, { "腊月", 12 }, { "十一月", 11 },
		{ "十二月", 12 }, { "十月", 10 },
	};
	int m = 0, d;

	if (eat(r, "除夕")) {
		*month = 0;
		*day = 0;
		return 1;
	}
	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]) && !m; i++)
		if (eat(r, months[i].s))
			m = months[i].m;
	if (!m) {
		int v = zh_digit(r);

		if (v < 1 || !eat(r, "月"))
			return 0;
		m = v;
	}
	if (eat(r, "初")) {
		if (eat(r, "十")) {
			d = 10;
		} else {
			d = zh_digit(r);
			if (d < 1)
				return 0;
		}
	} else if (eat(r, "廿")) {
		d = zh_digit(r);
		d = 20 + (d < 0 ? 0 : d);
	} else if (eat(r, "三十")) {
		d = 30;
	} else if (!number(r, &d)) {
		return 0;
	}
	*month = m;
	*day = d;
	return 1;
}

/* The day a lunar date in parentheses names, near day (the lunar year is
 * the one the day falls in). */
static int lunar_day(struct rd *r, gk_day near, int m, int d, gk_day *out)
{
	int y = gk_date_year(near);
	gk_day ny;
	gk_error e;

	if (gk_lunar_to_day(y, 1, 1, &ny, &e))
		return fail(r, "%s", e.msg);
	if (near < ny)
		y--;
	if (m == 0) {                      /* 除夕: the eve of the next year */
		if (gk_lunar_to_day(y + 1, 1, 1, out, &e))
			return fail(r, "%s", e.msg);
		(*out)--;
		return 0;
	}
	if (gk_lunar_to_day(y, m, d, out, &e))
		return fail(r, "%s", e.msg);
	return 0;
}

static const char *const wd_zh[] = { "", "一", "二", "三", "四", "五", "六", "日" };

/* "(周日)" or "(农历腊月二十八、周日)" after a date: each part checked. */
static int paren(struct rd *r, gk_day day)
{
	char buf[128], ds[GK_DATE_LEN + 1];
	int rc;

	if (!eat(r, "("))
		return 0;
	gk_date_format(day, ds);
	for (;;) {
		int w, m, d;
		const char *part = r->p;

		if ((w = weekday(r))) {
			if (w != gk_date_weekday(day))
				return fail(r, "%s is a 星期%s, but the notice says 星期%s: check the "
					    "date", ds, wd_zh[gk_date_weekday(day)], wd_zh[w]);
		} else if (eat(r, "农历")) {
			gk_day ld;

			if (!lunar(r, &m, &d))
				return fail(r, "cannot read the lunar date '%s'", rest(r, buf, 40));
			if ((rc = lunar_day(r, day, m, d, &ld)))
				return rc;
			if (ld != day) {
				char ls[GK_DATE_LEN + 1];

				gk_date_format(ld, ls);
				return fail(r, "the notice gives %s as 农历%.*s, which is %s: check "
					    "the date", ds, (int)(r->p - part - strlen("农历")),
					    part + strlen("农历"), ls);
			}
		} else {
			return fail(r, "cannot read '%s' after %s: expected a weekday (周六, "
				    "星期六) or a lunar date (农历正月初一)", rest(r, buf, 60), ds);
		}
		if (eat(r, ")"))
			return 0;
		if (!eat(r, "、") && !eat(r, ","))
			return fail(r, "cannot read '%s' after %s", rest(r, buf, 60), ds);
	}
}

/* A date: [YYYY年][M月]D日[(…)].  Missing parts come from the context:
 * the date before it in the item, else the notice's year (December in the
 * 元旦 item: the year before).  after (may be 0): the range's start, which
 * an end date without month or year follows. */
static int date(struct rd *r, gk_day after, gk_day *out)
{
	const char *save = r->p;
	int y = 0, m = 0, d, v, has_y = 0, has_m = 0;
	char buf[128];

	if (number(r, &v)) {
		if (eat(r, "年")) {
			y = v;
			has_y = 1;
			if (!number(r, &v))
				goto bad;
		}
		if (eat(r, "月")) {
			m = v;
			has_m = 1;
			if (!number(r, &v))
				goto bad;
		}
		if (!eat(r, "日") && !eat(r, "号"))
			goto bad;
		d = v;
	} else {
		goto bad;
	}
	if (!has_m && !r->cm)
		return fail(r, "the date '%.*s' has no month", (int)(r->p - save), save);
	if (!has_m)
		m = r->cm;
	if (!has_y)
		y = r->cy ? r->cy : (has_m && m == 12 && r->first == GK_FEST_NEW_YEAR ?
				     r->year - 1 : r->year);
	if (y < 1900 || y > 9998 || m < 1 || m > 12 || d < 1 || d > 31)
		goto bad;
	*out = gk_date_from_ymd(y, m, d);
	{
		int yy, mm, dd;

		gk_date_to_ymd(*out, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			return fail(r, "%d月%d日 does not exist", m, d);
	}
	/* An end date without month (or year) that would fall before the
	 * start belongs to the next month (or year). */
	if (after && *out < after && !has_y) {
		if (!has_m)
			*out = m == 12 ? gk_date_from_ymd(y + 1, 1, d) : gk_date_from_ymd(y, m + 1, d);
		else
			*out = gk_date_from_ymd(y + 1, m, d);
	}
	gk_date_to_ymd(*out, &r->cy, &r->cm, &v);
	return paren(r, *out);
bad:
	r->p = save;
	return fail(r, "cannot read a date at '%s': expected M月D日 or YYYY年M月D日",
		    rest(r, buf, 60));
}

/* A date begins here: [N年]N月 or N日. */
static int is_date_start(const struct rd *r)
{
	struct rd t = *r;
	int v;

	if (!number(&t, &v))
		return 0;
	if (eat(&t, "年") && !number(&t, &v))
		return 0;
	return at(&t, "月") || at(&t, "日");
}

/* Bytes up to the first ':', 、 or 和 (or the end). */
static size_t festival_span(const char *p)
{
	const char *q = p;

	while (*q && *q != ':' && strncmp(q, "、", 3) && strncmp(q, "和", 3))
		q++;
	return (size_t)(q - p);
}

/* ---- items --------------------------------------------------------------- */

/* The festivals at the start of an item ("国庆节、中秋节"), up to ':'. */
static int festivals(struct rd *r, gk_notice_item *it)
{
	char buf[128];

	it->nfest = 0;
	for (;;) {
		const char *start = r->p, *end = r->p + festival_span(r->p);
		int f;

		f = gk_festival_lookup(start, (size_t)(end - start));
		if (f < 0)
			return fail(r, "'%.*s' is not a statutory holiday (expected 元旦, 春节, "
				    "清明节, 劳动节, 端午节, 中秋节 or 国庆节)", (int)(end - start), start);
		for (int i = 0; i < it->nfest; i++)
			if ((int)it->fest[i] == f)
				return fail(r, "the item names %s twice", gk_festival_name_zh(f));
		it->fest[it->nfest++] = (enum gk_festival)f;
		r->p = end;
		if (eat(r, ":"))
			return 0;
		if (!eat(r, "、") && !eat(r, "和"))
			return fail(r, "cannot read '%s'", rest(r, buf, 60));
	}
}

/* "放假调休，共9天" and the like, after the dates. */
static int holiday_tail(struct rd *r, gk_notice_item *it)
{
	char buf[128];
	int n;

	if (!eat(r, "放假"))
		return fail(r, "cannot read '%s': expected 放假", rest(r, buf, 60));
	(void)(eat(r, "调休") || eat(r, "公休"));
	if (number(r, &n)) {
		if (!eat(r, "天"))
			return fail(r, "cannot read '%s'", rest(r, buf, 60));
		it->total = n;
	}
	while (eat(r, ",") || eat(r, ";")) {
		if (eat(r, "共")) {
			if (!number(r, &n) || !eat(r, "天"))
				return fail(r, "cannot read '%s': expected 共N天", rest(r, buf, 60));
			if (it->total && it->total != n)
				return fail(r, "the item says both %d and %d days", it->total, n);
			it->total = n;
		} else if (eat(r, "与周末连休")) {
			it->joins_weekend = 1;
		} else if (eat(r, "不调休") || eat(r, "调休")) {
			/* says only that make-up days follow, or none */
		} else if (is_date_start(r)) {
			/* 5月2日（星期一）补休: a day off in lieu */
			do {
				if (it->nextra >= 4)
					return fail(r, "too many days off in lieu");
				if (date(r, 0, &it->extra[it->nextra++]))
					return GK_EINVAL;
			} while (eat(r, "、") || eat(r, "和"));
			if (!eat(r, "补休") && !eat(r, "调休") && !eat(r, "放假"))
				return fail(r, "cannot read '%s': expected 补休 after the dates",
					    rest(r, buf, 60));
		} else {
			return fail(r, "cannot read '%s' in the %s item", rest(r, buf, 60),
				    gk_festival_name_zh(it->fest[0]));
		}
	}
	return 0;
}

struct acc {
	gk_notice *n;
	gk_holiday stat[GK_HOLIDAYS_MAX];
	int nstat;
};

static int statutory_of(const struct acc *a, gk_day d, enum gk_festival f)
{
	for (int i = 0; i < a->nstat; i++)
		if (a->stat[i].day == d && a->stat[i].fest == f)
			return 1;
	return 0;
}

static int stat_count(const struct acc *a, enum gk_festival f)
{
	int c = 0;

	for (int i = 0; i < a->nstat; i++)
		c += a->stat[i].fest == f;
	return c;
}

/* The festival of an item that gives its name to days that are nobody's
 * statutory day, and to its make-up days: the one with most statutory
 * days (国庆节 before 中秋节), the first named on a tie. */
static enum gk_festival main_festival(const struct acc *a, const gk_notice_item *it)
{
	enum gk_festival best = it->fest[0];

	for (int i = 1; i < it->nfest; i++)
		if (stat_count(a, it->fest[i]) > stat_count(a, best))
			best = it->fest[i];
	return best;
}

static int read_item(struct rd *r, struct acc *a, gk_notice_item *it)
{
	gk_notice *n = a->n;
	char buf[128];
	int have_days = 0;

	memset(it, 0, sizeof(*it));
	it->line = r->line;
	if (festivals(r, it))
		return GK_EINVAL;
	r->cy = r->cm = 0;
	r->first = it->fest[0];
	while (*r->p) {
		if (eat(r, "。"))
			continue;
		if (at(r, "鼓励")) {
			/* advice, not an arrangement: kept to show */
			const char *e = strstr(r->p, "。");
			size_t len = e ? (size_t)(e - r->p) : strlen(r->p), have = strlen(n->advice);

			if (have + len + 4 < sizeof(n->advice))
				snprintf(n->advice + have, sizeof(n->advice) - have, "%s%.*s。",
					 have ? " " : "", (int)len, r->p);
			r->p += len;
			continue;
		}
		if (!is_date_start(r))
			return fail(r, "cannot read '%s' in the %s item", rest(r, buf, 60),
				    gk_festival_name_zh(it->fest[0]));
		{
			/* Dates, then 放假 (days off) or 上班 (make-up days). */
			gk_day ds[GK_NOTICE_WORKDAYS];
			int nd = 0, range = 0;

			if (date(r, 0, &ds[nd++]))
				return GK_EINVAL;
			if (eat(r, "至") || eat(r, "-") || eat(r, "~") || eat(r, "到")) {
				range = 1;
				if (date(r, ds[0], &ds[nd++]))
					return GK_EINVAL;
			}
			while (!range && (eat(r, "、") || eat(r, ",") || eat(r, "和")) &&
			       nd < GK_NOTICE_WORKDAYS)
				if (date(r, 0, &ds[nd++]))
					return GK_EINVAL;
			if (at(r, "放假")) {
				if (have_days)
					return fail(r, "the %s item gives its days off twice",
						    gk_festival_name_zh(it->fest[0]));
				if (nd > 2 || (nd == 2 && !range))
					return fail(r, "days off are one date or a range (A至B)");
				have_days = 1;
				it->from = ds[0];
				it->to = range ? ds[1] : ds[0];
				if (it->to < it->from)
					return fail(r, "the days off end before they begin");
				if (it->to - it->from > 31)
					return fail(r, "%d days off in one item: check the dates",
						    it->to - it->from + 1);
				if (holiday_tail(r, it))
					return GK_EINVAL;
			} else if (eat(r, "上班")) {
				if (range)
					return fail(r, "make-up working days are listed one by one, "
						    "not as a range");
				for (int i = 0; i < nd; i++) {
					if (n->nworkdays >= GK_NOTICE_WORKDAYS)
						return fail(r, "too many make-up working days");
					n->workdays[n->nworkdays].day = ds[i];
					n->workdays[n->nworkdays].fest = main_festival(a, it);
					n->workdays[n->nworkdays++].line = r->line;
				}
			} else {
				return fail(r, "cannot read '%s': expected 放假 or 上班 after the dates",
					    rest(r, buf, 60));
			}
		}
		if (*r->p && !eat(r, "。"))
			return fail(r, "cannot read '%s' in the %s item", rest(r, buf, 60),
				    gk_festival_name_zh(it->fest[0]));
	}
	if (!have_days)
		return fail(r, "the %s item gives no days off", gk_festival_name_zh(it->fest[0]));
	for (gk_day d = it->from; d <= it->to; d++) {
		enum gk_festival f = main_festival(a, it);

		/* A day named after the festival whose statutory day it is. */
		for (int i = 0; i < it->nfest; i++)
			if (statutory_of(a, d, it->fest[i]) &&
			    !statutory_of(a, d, main_festival(a, it))) {
				f = it->fest[i];
				break;
			}
		if (n->nholidays >= GK_NOTICE_DAYS)
			return fail(r, "too many days off");
		n->holidays[n->nholidays].day = d;
		n->holidays[n->nholidays].fest = f;
		n->holidays[n->nholidays++].line = it->line;
	}
	for (int i = 0; i < it->nextra; i++) {
		if (n->nholidays >= GK_NOTICE_DAYS)
			return fail(r, "too many days off");
		n->holidays[n->nholidays].day = it->extra[i];
		n->holidays[n->nholidays].fest = main_festival(a, it);
		n->holidays[n->nholidays++].line = it->line;
	}
	return 0;
}

/* ---- the notice ---------------------------------------------------------- */

/* 国务院办公厅关于2026年部分节假日安排的通知, anywhere in the line. */
static int find_title(const char *s, gk_notice *n)
{
	static const char pre[] = "国务院办公厅关于", post[] = "年部分节假日安排的通知";
	const char *p = strstr(s, pre), *q;
	int y = 0;

	if (!p)
		return 0;
	q = p + strlen(pre);
	for (int i = 0; i < 4; i++, q++) {
		if (*q < '0' || *q > '9')
			return 0;
		y = y * 10 + (*q - '0');
	}
	if (strncmp(q, post, strlen(post)))
		return 0;
	n->year = y;
	snprintf(n->title, sizeof(n->title), "%.*s", (int)(q + strlen(post) - p), p);
	return 1;
}

/* 国办发明电〔2025〕7号: a short line of a document number. */
static int find_number(const char *s, gk_notice *n)
{
	const char *open = strstr(s, "〔"), *close;

	if (!open)
		open = strchr(s, '[');
	if (!open || strlen(s) > 60 || open == s)
		return 0;
	close = strstr(open, "〕");
	if (!close)
		close = strchr(open, ']');
	if (!close || !strstr(close, "号"))
		return 0;
	snprintf(n->number, sizeof(n->number), "%s", s);
	return 1;
}

static int find_url(const char *s, gk_notice *n)
{
	const char *p = strstr(s, "http://");

	if (!p)
		p = strstr(s, "https://");
	if (!p)
		return 0;
	snprintf(n->url, sizeof(n->url), "%.*s", (int)strcspn(p, "\"'<>)"), p);
	return 1;
}

/* An item starts with an ordinal (一、) or directly with a festival and a
 * colon. */
static int item_start(struct rd *r)
{
	static const char *const ord = "一二三四五六七八九十";
	const char *p = r->p, *colon;
	size_t n = 0;

	while (n < strlen(ord)) {
		int hit = 0;

		for (size_t i = 0; i < strlen(ord); i += 3)
			if (strncmp(p + n, ord + i, 3) == 0) {
				hit = 1;
				n += 3;
				break;
			}
		if (!hit)
			break;
	}
	if (n && strncmp(p + n, "、", 3) == 0) {
		r->p = p + n + 3;
		return 1;
	}
	/* 清明节：… without its number */
	colon = strchr(p, ':');
	return colon && colon - p <= 40 && gk_festival_lookup(p, festival_span(p)) >= 0;
}

/* Read the item gathered in joined (from line item_line), if any. */
static int flush_item(struct rd *r, struct acc *a, char *joined, int *item_line)
{
	struct rd s = *r;

	if (!*item_line || !*joined)
		return 0;
	s.p = joined;
	s.line = *item_line;
	*item_line = 0;
	if (a->n->nitems >= GK_NOTICE_ITEMS)
		return fail(&s, "too many items");
	return read_item(&s, a, &a->n->items[a->n->nitems++]);
}

/* A line that arranges days: a date with 放假 or 上班. */
static int arranges_days(const char *s)
{
	struct rd t = { 0 };

	if (!strstr(s, "放假") && !strstr(s, "上班"))
		return 0;
	for (t.p = s; *t.p; t.p++)
		if (is_date_start(&t))
			return 1;
	return 0;
}

static int by_day(const void *a, const void *b)
{
	const gk_notice_day *x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

int gk_notice_parse(const char *name, const char *text, size_t len, gk_notice *out,
		    gk_error *err)
{
	struct rd r = { .name = name, .err = err };
	struct acc a = { .n = out };
	char *line = malloc(LINE_MAX_BYTES), *joined = malloc(2 * LINE_MAX_BYTES);
	const char *p = text, *end = text + len;
	int lineno = 0, rc = 0, item_line = 0;

	memset(out, 0, sizeof(*out));
	if (!line || !joined) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	/* First the title: it gives the year every date is read in. */
	for (const char *q = text; q < end && !out->year;) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);

		normalize(q, n < LINE_MAX_BYTES ? n : LINE_MAX_BYTES - 1, line, LINE_MAX_BYTES);
		find_title(line, out);
		q += n + (nl != NULL);
	}
	if (!out->year) {
		rc = gk_error_set(err, GK_EINVAL,
				  "%s: cannot find the notice's title (国务院办公厅关于YYYY年部分节假日"
				  "安排的通知): paste the whole notice, title included", name);
		goto cleanup;
	}
	r.year = out->year;
	if ((rc = gk_holidays_statutory(out->year, a.stat, &a.nstat, err))) {
		gk_error_prefix(err, "%s", name);
		goto cleanup;
	}
	joined[0] = '\0';
	/* Then line by line: an item may continue on the lines after it
	 * (a paste that broke its paragraph) until the next item. */
	while (p <= end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int last = !nl;

		lineno++;
		if (n >= LINE_MAX_BYTES) {
			rc = gk_error_set(err, GK_EINVAL, "%s:%d: line too long", name, lineno);
			break;
		}
		normalize(p, n, line, LINE_MAX_BYTES);
		p += n + 1;
		r.p = line;
		r.line = lineno;
		if (*line && item_start(&r)) {
			if ((rc = flush_item(&r, &a, joined, &item_line)))
				break;
			snprintf(joined, 2 * LINE_MAX_BYTES, "%s", r.p);
			item_line = lineno;
		} else if (*line && item_line && is_date_start(&r) && arranges_days(line) &&
			   strlen(joined) + strlen(line) < 2 * LINE_MAX_BYTES - 1) {
			strcat(joined, line);
		} else if (*line) {
			/* The end of the items: read the last one. */
			if ((rc = flush_item(&r, &a, joined, &item_line)))
				break;
			if (find_title(line, out) || find_url(line, out) ||
			    (!out->number[0] && find_number(line, out)))
				;
			else if (arranges_days(line))
				rc = fail(&r, "this line arranges days but is not an item of the "
					  "notice (一、元旦：…): cannot read it");
		}
		if (last)
			break;
	}
	if (!rc)
		rc = flush_item(&r, &a, joined, &item_line);
	if (!rc && !out->nitems)
		rc = gk_error_set(err, GK_EINVAL, "%s: no items (一、元旦：…) in the notice", name);
	if (!rc) {
		qsort(out->holidays, (size_t)out->nholidays, sizeof(*out->holidays), by_day);
		qsort(out->workdays, (size_t)out->nworkdays, sizeof(*out->workdays), by_day);
	}
cleanup:
	free(line);
	free(joined);
	return rc;
}

/* ---- checking ------------------------------------------------------------ */

int gk_notice_rest(const gk_notice *n, gk_day day)
{
	for (int i = 0; i < n->nholidays; i++)
		if (n->holidays[i].day == day)
			return 1;
	for (int i = 0; i < n->nworkdays; i++)
		if (n->workdays[i].day == day)
			return 0;
	return gk_date_weekday(day) >= 6;
}

int gk_notice_check(const char *name, const gk_notice *n, gk_error *err)
{
	gk_holiday st[GK_HOLIDAYS_MAX];
	char a[GK_DATE_LEN + 1];
	int ns, rc;

	for (int i = 0; i < n->nitems; i++) {
		const gk_notice_item *it = &n->items[i];
		int days = it->to - it->from + 1;

		if (it->total && it->total != days)
			return gk_error_set(err, GK_EINVAL,
					    "%s:%d: the %s item says 共%d天, but its days off are %d "
					    "days: check the dates", name, it->line,
					    gk_festival_name_zh(it->fest[0]), it->total, days);
		for (int j = 0; j < i; j++)
			if (it->from <= n->items[j].to && n->items[j].from <= it->to) {
				gk_date_format(it->from > n->items[j].from ? it->from : n->items[j].from, a);
				return gk_error_set(err, GK_EINVAL,
						    "%s:%d: %s is a day off of two items (%s and %s)",
						    name, it->line, a, gk_festival_name_zh(n->items[j].fest[0]),
						    gk_festival_name_zh(it->fest[0]));
			}
		for (int j = 0; j < i; j++)
			for (int f = 0; f < it->nfest; f++)
				for (int g = 0; g < n->items[j].nfest; g++)
					if (it->fest[f] == n->items[j].fest[g])
						return gk_error_set(err, GK_EINVAL,
								    "%s:%d: %s has two items", name,
								    it->line, gk_festival_name_zh(it->fest[f]));
	}
	for (int i = 0; i < n->nworkdays; i++) {
		gk_day d = n->workdays[i].day;

		gk_date_format(d, a);
		if (gk_date_weekday(d) <= 5)
			return gk_error_set(err, GK_EINVAL,
					    "%s:%d: the make-up working day %s is a 星期%s: a make-up "
					    "day is a Saturday or Sunday", name, n->workdays[i].line, a,
					    wd_zh[gk_date_weekday(d)]);
		for (int j = 0; j < n->nholidays; j++)
			if (n->holidays[j].day == d)
				return gk_error_set(err, GK_EINVAL,
						    "%s:%d: %s is both a day off and a make-up working day",
						    name, n->workdays[i].line, a);
		for (int j = 0; j < i; j++)
			if (n->workdays[j].day == d)
				return gk_error_set(err, GK_EINVAL,
						    "%s:%d: the make-up working day %s is given twice",
						    name, n->workdays[i].line, a);
	}
	if ((rc = gk_holidays_statutory(n->year, st, &ns, err)))
		return gk_error_prefix(err, "%s", name);
	for (int i = 0; i < ns; i++) {
		int covered = 0;

		for (int j = 0; j < n->nitems && !covered; j++)
			for (int f = 0; f < n->items[j].nfest; f++)
				covered |= n->items[j].fest[f] == st[i].fest;
		if (!covered)
			return gk_error_set(err, GK_EINVAL,
					    "%s: the notice has no item for %s, a statutory holiday of "
					    "%d (%s): paste the whole notice", name,
					    gk_festival_name_zh(st[i].fest), n->year, gk_holidays_law(n->year));
		if (!gk_notice_rest(n, st[i].day)) {
			gk_date_format(st[i].day, a);
			return gk_error_set(err, GK_EINVAL,
					    "%s: %s (%s) is a statutory holiday of %d by %s, but the "
					    "notice makes it a working day: check the notice", name, a,
					    gk_festival_name_zh(st[i].fest), n->year, gk_holidays_law(n->year));
		}
	}
	return 0;
}

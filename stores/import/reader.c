/*
 * reader.c - CSV and JSON Lines tokenisers (see reader.h).
 *
 * Both readers walk the in-memory file once and never look past buf+len.
 * Values are unescaped into one scratch buffer that lives across rows and
 * only grows, so a million-row import costs a handful of allocations, not
 * one per cell.  While a row is parsed its cells refer to the scratch
 * buffer by offset (the buffer may move as it grows); they get their
 * pointers just before the row is handed to the callback.
 *
 * Values are C strings, so a NUL byte (raw, or \u0000 in JSON) is refused
 * rather than silently cutting a value short.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
#include "../../engine/textscan.h"
#include "reader.h"

/* One cell while its row is being parsed: offsets into the scratch buffer. */
struct gk_span {
	size_t koff, klen, voff, vlen;
	int present;
};

struct gk_rd {
	const char *file;
	const unsigned char *p, *end;	/* cursor and end of the whole input */
	const unsigned char *lstart;	/* JSONL: current line, for byte offsets */
	const unsigned char *lend;	/* JSONL: end of the current line */
	int line;
	gk_error *err;

	gk_buf scratch;		/* this row's keys and values */
	gk_buf names;		/* CSV header names, for the whole file */
	struct gk_span *span;
	size_t nspan, spancap;
	gk_cell *cells;
	size_t cellcap;
	size_t *hash;			/* duplicate-key table, see find_dup() */
	size_t hashcap;
};

#define X16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v

/*
 * Bytes that end a run of plain CSV text: bit 1 outside quotes, bit 2
 * inside.  Everything else is copied as it stands, so the inner loops are
 * one table load per byte; bytes >= 0x80 stop both to get their UTF-8
 * checked.
 */
static const unsigned char csv_stop[256] = {
	[0] = 3, ['\n'] = 3, ['\r'] = 1, ['"'] = 3, [','] = 1,
	[0x80] = X16(3), X16(3), X16(3), X16(3), X16(3), X16(3), X16(3), X16(3)
};

/* Bytes that end a run of plain text in a JSON string. */
static const unsigned char json_stop[256] = {
	X16(1), X16(1), ['"'] = 1, ['\\'] = 1,
	[0x80] = X16(1), X16(1), X16(1), X16(1), X16(1), X16(1), X16(1), X16(1)
};

int gk_reader_format_of(const char *path)
{
	const char *slash, *dot;

	if (!path)
		return -1;
	slash = strrchr(path, '/');
	dot = strrchr(slash ? slash + 1 : path, '.');
	if (!dot)
		return -1;
	/* Windows tools like to shout: DATA.CSV is still a CSV file. */
	if (!strcasecmp(dot, ".csv"))
		return GK_FORMAT_CSV;
	if (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") ||
	    !strcasecmp(dot, ".json"))
		return GK_FORMAT_JSONL;
	return -1;
}

/* Length of the well-formed UTF-8 sequence at p, or 0 (textscan.h). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	return p < end ? gk_utf8_seq((const char *)p, (size_t)(end - p)) : 0;
}

/*
 * A byte-order mark (U+FEFF) is allowed as the file's first character
 * only (gk_reader_read skips it there).  Anywhere else it is refused, not
 * stripped: it is invisible, so "\uFEFFZZ-1" would silently be another
 * record than "ZZ-1", and one at the start of a line almost always means
 * exported files were joined, header rows and all.  Refusing names the
 * line; stripping would change the data without anyone seeing why.
 */
#define BOM_PROBLEM N_("a byte-order mark (U+FEFF, an invisible character; only a file's " \
	"first character may be one: were files joined?)")

static int is_bom(const unsigned char *p, const unsigned char *end)
{
	return end - p >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf;
}

/* Saturate rather than overflow: a file of 2^31 lines is not worth an error. */
static void next_line(struct gk_rd *r)
{
	if (r->line < INT_MAX)
		r->line++;
}

/*
 * How much of a key to quote in a message: enough to recognise it, cut on
 * a character boundary so the message stays UTF-8.
 */
static int quoted_len(const char *s, size_t n)
{
	if (n <= 200)
		return (int)n;
	n = 200;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

static int nomem(struct gk_rd *r)
{
	gk_error_set(r->err, GK_ENOMEM, "%s:%d: out of memory", r->file,
		     r->line);
	return GK_ENOMEM;
}

static int buf_add(struct gk_rd *r, gk_buf *b, const void *s, size_t n)
{
	return gk_buf_add(b, s, n) ? nomem(r) : 0;
}

static int buf_addc(struct gk_rd *r, gk_buf *b, char c)
{
	return gk_buf_addc(b, c) ? nomem(r) : 0;
}

/*
 * Start a new cell in r->span.  Fails when out of memory or when the row
 * has more cells than an int column number can count.
 */
static int span_add(struct gk_rd *r, struct gk_span **out)
{
	struct gk_span *s;

	if (r->nspan >= INT_MAX) {
		gk_error_set(r->err, GK_EINVAL, "%s:%d: too many cells", r->file, r->line);
		return GK_EINVAL;
	}
	if (GK_GROW(r->span, r->nspan, r->spancap))
		return nomem(r);
	s = &r->span[r->nspan++];
	memset(s, 0, sizeof(*s));
	s->present = 1;
	*out = s;
	return 0;
}

static int cells_reserve(struct gk_rd *r, size_t n)
{
	return GK_RESERVE(r->cells, n, r->cellcap) ? nomem(r) : 0;
}

static size_t hash_key(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/*
 * Look for a key that repeats an earlier one.  Returns 1 and sets *dup to
 * the first such cell and *first to the cell it repeats, 0 when the keys
 * are unique, or GK_ENOMEM.  An open-addressing table keeps this linear
 * however wide the header or object.
 */
static int find_dup(struct gk_rd *r, const gk_cell *c, size_t n,
		    size_t *dup, size_t *first)
{
	size_t cap = 64, mask, i, h;

	while (cap < 2 * n)
		cap *= 2;
	if (GK_RESERVE(r->hash, cap, r->hashcap))
		return nomem(r);
	memset(r->hash, 0, cap * sizeof(*r->hash));
	mask = cap - 1;
	for (i = 0; i < n; i++) {
		h = hash_key(c[i].key, c[i].keylen) & mask;
		while (r->hash[h]) {
			const gk_cell *o = &c[r->hash[h] - 1];

			if (o->keylen == c[i].keylen &&
			    !memcmp(o->key, c[i].key, o->keylen)) {
				*dup = i;
				*first = r->hash[h] - 1;
				return 1;
			}
			h = (h + 1) & mask;
		}
		r->hash[h] = i + 1;
	}
	return 0;
}

/* ---- CSV ---------------------------------------------------------------- */

static int csv_error(struct gk_rd *r, int line, const char *what)
{
	return gk_error_set(r->err, GK_EINVAL, "%s:%d: column %zu: %s",
			    r->file, line, r->nspan, _(what));
}

/*
 * Check the byte at p, which stopped a plain run, is the start of a
 * well-formed UTF-8 sequence; returns its length or 0 with r->err set.
 */
static size_t csv_char(struct gk_rd *r, const unsigned char *p)
{
	size_t n;

	if (!*p) {
		csv_error(r, r->line, "NUL byte");
		return 0;
	}
	n = utf8_seq(p, r->end);
	if (!n)
		csv_error(r, r->line, "invalid UTF-8");
	else if (n == 3 && is_bom(p, r->end)) {
		csv_error(r, r->line, BOM_PROBLEM);
		n = 0;
	}
	return n;
}

/*
 * Parse one CSV record at r->p: the cells go to r->span, their values,
 * NUL-terminated, to r->scratch.  Leaves r->p past the record's line end.
 * Errors name the line they are found on, which for a quoted field with
 * newlines need not be the line the row starts on.
 */
static int csv_record(struct gk_rd *r)
{
	const unsigned char *p = r->p, *end = r->end, *q;
	struct gk_span *s;
	size_t n;
	int qline, ret;

	r->nspan = 0;
	r->scratch.len = 0;
	for (;;) {
		if ((ret = span_add(r, &s)))
			return ret;
		s->voff = r->scratch.len;
		if (p < end && *p == '"') {
			qline = r->line;
			q = ++p;
			for (;;) {
				while (p < end && !(csv_stop[*p] & 2))
					p++;
				if (p == end)
					return csv_error(r, qline,
							 "unterminated quoted field");
				if (*p == '"') {
					if (buf_add(r, &r->scratch, q, (size_t)(p - q)))
						return GK_ENOMEM;
					if (p + 1 < end && p[1] == '"') {
						/* keep the second quote as the next run's start */
						q = ++p;
						p++;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n') {
					next_line(r);
					p++;
					continue;
				}
				if (!(n = csv_char(r, p)))
					return GK_EINVAL;
				p += n;
			}
			if (p < end && *p != ',' && *p != '\n' &&
			    !(*p == '\r' && p + 1 < end && p[1] == '\n'))
				return csv_error(r, r->line,
						 "unexpected character after closing quote");
		} else {
			q = p;
			for (;;) {
				while (p < end && !(csv_stop[*p] & 1))
					p++;
				if (p == end || *p == ',' || *p == '\n')
					break;
				if (*p == '\r') {
					if (p + 1 < end && p[1] == '\n')
						break;
					return csv_error(r, r->line,
							 "carriage return without line feed");
				}
				if (*p == '"')
					return csv_error(r, r->line,
							 "quote in unquoted field");
				if (!(n = csv_char(r, p)))
					return GK_EINVAL;
				p += n;
			}
			if (buf_add(r, &r->scratch, q, (size_t)(p - q)))
				return GK_ENOMEM;
		}
		s->vlen = r->scratch.len - s->voff;
		if (buf_addc(r, &r->scratch, '\0'))
			return GK_ENOMEM;
		if (p == end)
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		p += *p == '\r' ? 2 : 1;
		next_line(r);
		break;
	}
	r->p = p;
	return 0;
}

/*
 * Turn the record just parsed into the header: trimmed, non-empty, unique
 * names kept in r->names for the whole file, and r->cells keyed by them.
 */
static int csv_header(struct gk_rd *r)
{
	size_t i, dup, first;
	int ret;

	for (i = 0; i < r->nspan; i++) {
		struct gk_span *s = &r->span[i];
		const char *v = r->scratch.p + s->voff;
		size_t len = s->vlen;

		while (len && (*v == ' ' || *v == '\t')) {
			v++;
			len--;
		}
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (!len)
			return gk_error_set(r->err, GK_EINVAL,
					    "%s:1: column %zu: empty header name",
					    r->file, i + 1);
		s->koff = r->names.len;
		s->klen = len;
		if (buf_add(r, &r->names, v, len) ||
		    buf_addc(r, &r->names, '\0'))
			return GK_ENOMEM;
	}
	if (cells_reserve(r, r->nspan))
		return GK_ENOMEM;
	for (i = 0; i < r->nspan; i++) {
		gk_cell *c = &r->cells[i];

		c->key = r->names.p + r->span[i].koff;
		c->keylen = r->span[i].klen;
		c->col = (int)i + 1;
		c->present = 1;
	}
	ret = find_dup(r, r->cells, r->nspan, &dup, &first);
	if (ret < 0)
		return ret;
	if (ret)
		return gk_error_set(r->err, GK_EINVAL,
				    "%s:1: column %zu: duplicate header name '%.*s' (also column %zu)",
				    r->file, dup + 1,
				    quoted_len(r->cells[dup].key, r->cells[dup].keylen),
				    r->cells[dup].key, first + 1);
	return 0;
}

static int csv_read(struct gk_rd *r, gk_row_fn fn, void *ud)
{
	size_t nhdr, i;
	gk_row row;
	int ret;

	if (r->p == r->end)
		return gk_error_set(r->err, GK_EINVAL, "%s:1: missing header row",
				    r->file);
	if ((ret = csv_record(r)) || (ret = csv_header(r)))
		return ret;
	nhdr = r->nspan;
	row.file = r->file;
	row.cells = r->cells;
	row.ncells = (int)nhdr;
	while (r->p < r->end) {
		int empty = 1;

		row.line = r->line;
		if ((ret = csv_record(r)))
			return ret;
		for (i = 0; i < r->nspan && empty; i++)
			empty = !r->span[i].vlen;
		if (empty)
			continue;
		if (r->nspan != nhdr)
			return gk_error_set(r->err, GK_EINVAL,
					    "%s:%d: row has %zu cell%s but the header has %zu",
					    r->file, row.line, r->nspan,
					    r->nspan == 1 ? "" : "s", nhdr);
		for (i = 0; i < nhdr; i++) {
			r->cells[i].val = r->scratch.p + r->span[i].voff;
			r->cells[i].vallen = r->span[i].vlen;
		}
		if ((ret = fn(ud, &row, r->err)))
			return ret;
	}
	return 0;
}

/*
 * Every record of the file as it stands, the first one too: no header,
 * cells keyless (GK_FORMAT_CSV_ROWS in reader.h).
 */
static int csv_rows(struct gk_rd *r, gk_row_fn fn, void *ud)
{
	gk_row row;
	size_t i;
	int ret;

	row.file = r->file;
	while (r->p < r->end) {
		int empty = 1;

		row.line = r->line;
		if ((ret = csv_record(r)))
			return ret;
		for (i = 0; i < r->nspan && empty; i++)
			empty = !r->span[i].vlen;
		if (empty)
			continue;
		if (cells_reserve(r, r->nspan))
			return GK_ENOMEM;
		for (i = 0; i < r->nspan; i++) {
			gk_cell *c = &r->cells[i];

			c->key = NULL;
			c->keylen = 0;
			c->val = r->scratch.p + r->span[i].voff;
			c->vallen = r->span[i].vlen;
			c->present = 1;
			c->col = (int)i + 1;
		}
		row.cells = r->cells;
		row.ncells = (int)r->nspan;
		if ((ret = fn(ud, &row, r->err)))
			return ret;
	}
	return 0;
}

/* ---- JSON Lines --------------------------------------------------------- */

/*
 * Report what went wrong at byte at of the current line (1-based, in bytes
 * as editors with a byte column show it).  A byte that is not UTF-8 is
 * reported as such whatever was expected there.
 */
static int json_error(struct gk_rd *r, const unsigned char *at,
		      const char *what)
{
	if (at < r->lend && *at >= 0x80 && !utf8_seq(at, r->lend))
		what = "invalid UTF-8";
	else if (is_bom(at, r->lend))
		what = BOM_PROBLEM;
	return gk_error_set(r->err, GK_EINVAL, "%s:%d: %s at byte %zu",
			    r->file, r->line, _(what),
			    (size_t)(at - r->lstart) + 1);
}

static void json_ws(struct gk_rd *r)
{
	while (r->p < r->lend &&
	       (*r->p == ' ' || *r->p == '\t' || *r->p == '\r'))
		r->p++;
}

static int hex4(const unsigned char *p, const unsigned char *end,
		unsigned *out)
{
	unsigned v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned c = p[i];

		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | c;
	}
	*out = v;
	return 0;
}

static int put_utf8(struct gk_rd *r, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(r, &r->scratch, u, n);
}

/*
 * Decode the \u escape at p (pointing at the backslash), pairing
 * surrogates, and append it; returns the escape's length or a negative
 * code.
 */
static int json_unicode(struct gk_rd *r, const unsigned char *p)
{
	unsigned cp, lo;
	int n = 6;

	if (hex4(p + 2, r->lend, &cp))
		return json_error(r, p, "bad \\u escape");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return json_error(r, p, "unpaired surrogate");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->lend - p < 12 || p[6] != '\\' || p[7] != 'u' ||
		    hex4(p + 8, r->lend, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return json_error(r, p, "unpaired surrogate");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		n = 12;
	}
	if (!cp)
		return json_error(r, p, "\\u0000 in string");
	if (cp == 0xfeff)
		return json_error(r, p, BOM_PROBLEM);
	if (put_utf8(r, cp))
		return GK_ENOMEM;
	return n;
}

/* Append the string at r->p (its opening quote), unescaped, to scratch. */
static int json_string(struct gk_rd *r)
{
	const unsigned char *open = r->p, *end = r->lend;
	const unsigned char *p = open + 1, *q = p;
	size_t n;
	int ret;
	char c;

	for (;;) {
		while (p < end && !json_stop[*p])
			p++;
		if (p == end)
			return json_error(r, open, "unterminated string");
		if (*p >= 0x80) {
			if (!(n = utf8_seq(p, end)))
				return json_error(r, p, "invalid UTF-8");
			if (n == 3 && is_bom(p, end))
				return json_error(r, p, BOM_PROBLEM);
			p += n;
			continue;
		}
		if (*p < 0x20)
			return json_error(r, p, "control character in string");
		if (buf_add(r, &r->scratch, q, (size_t)(p - q)))
			return GK_ENOMEM;
		if (*p == '"')
			break;
		if (p + 1 == end)
			return json_error(r, open, "unterminated string");
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			c = (char)p[1];
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if ((ret = json_unicode(r, p)) < 0)
				return ret;
			p += ret;
			q = p;
			continue;
		default:
			return json_error(r, p, "unknown escape");
		}
		if (buf_addc(r, &r->scratch, c))
			return GK_ENOMEM;
		p += 2;
		q = p;
	}
	r->p = p + 1;
	return 0;
}

static int is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Validate the number at r->p against the JSON grammar; keep it as written. */
static int json_number(struct gk_rd *r)
{
	const unsigned char *start = r->p, *p = r->p, *end = r->lend;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (is_digit(p, end))
		while (is_digit(p, end))
			p++;
	else
		return json_error(r, start, "invalid number");
	if (p < end && *p == '.') {
		if (!is_digit(++p, end))
			return json_error(r, start, "invalid number");
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return json_error(r, start, "invalid number");
		while (is_digit(p, end))
			p++;
	}
	r->p = p;
	return buf_add(r, &r->scratch, start, (size_t)(p - start));
}

/* An array of strings, joined with ';' as CSV lists are. */
static int json_array(struct gk_rd *r)
{
	int ret, first = 1;

	r->p++;
	json_ws(r);
	if (r->p < r->lend && *r->p == ']') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (r->p == r->lend || *r->p != '"')
			return json_error(r, r->p, "array element is not a string");
		if (!first && buf_addc(r, &r->scratch, ';'))
			return GK_ENOMEM;
		first = 0;
		if ((ret = json_string(r)))
			return ret;
		json_ws(r);
		if (r->p < r->lend && *r->p == ',') {
			r->p++;
			json_ws(r);
			continue;
		}
		if (r->p < r->lend && *r->p == ']') {
			r->p++;
			return 0;
		}
		return json_error(r, r->p, "expected ',' or ']' in array");
	}
}

static int json_literal(struct gk_rd *r, const char *word, const char *val)
{
	size_t n = strlen(word);

	if ((size_t)(r->lend - r->p) < n || memcmp(r->p, word, n))
		return json_error(r, r->p, "expected a value");
	r->p += n;
	return buf_add(r, &r->scratch, val, strlen(val));
}

static int json_value(struct gk_rd *r, struct gk_span *s)
{
	if (r->p == r->lend)
		return json_error(r, r->p, "expected a value");
	switch (*r->p) {
	case '"':
		return json_string(r);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return json_number(r);
	case 't':
		return json_literal(r, "true", "1");
	case 'f':
		return json_literal(r, "false", "0");
	case 'n':
		s->present = 0;
		return json_literal(r, "null", "");
	case '[':
		return json_array(r);
	case '{':
		return json_error(r, r->p, "nested object");
	default:
		return json_error(r, r->p, "expected a value");
	}
}

/*
 * Parse the line [r->p, r->lend) as one object into r->span and
 * r->scratch.  Returns 1 for a blank line, 0 for an object, or an error.
 */
static int json_object(struct gk_rd *r)
{
	struct gk_span *s;
	int ret;

	r->nspan = 0;
	r->scratch.len = 0;
	json_ws(r);
	if (r->p == r->lend)
		return 1;
	if (*r->p != '{')
		return json_error(r, r->p, "expected '{'");
	r->p++;
	json_ws(r);
	if (r->p < r->lend && *r->p == '}') {
		r->p++;
		goto done;
	}
	for (;;) {
		if (r->p == r->lend || *r->p != '"')
			return json_error(r, r->p, "expected a string key");
		if ((ret = span_add(r, &s)))
			return ret;
		s->koff = r->scratch.len;
		if ((ret = json_string(r)))
			return ret;
		s->klen = r->scratch.len - s->koff;
		if (buf_addc(r, &r->scratch, '\0'))
			return GK_ENOMEM;
		json_ws(r);
		if (r->p == r->lend || *r->p != ':')
			return json_error(r, r->p, "expected ':' after key");
		r->p++;
		json_ws(r);
		s->voff = r->scratch.len;
		if ((ret = json_value(r, s)))
			return ret;
		s->vlen = r->scratch.len - s->voff;
		if (buf_addc(r, &r->scratch, '\0'))
			return GK_ENOMEM;
		json_ws(r);
		if (r->p < r->lend && *r->p == ',') {
			r->p++;
			json_ws(r);
			continue;
		}
		if (r->p < r->lend && *r->p == '}') {
			r->p++;
			break;
		}
		return json_error(r, r->p, "expected ',' or '}' after value");
	}
done:
	json_ws(r);
	if (r->p != r->lend)
		return json_error(r, r->p, "unexpected data after the object");
	return 0;
}

static int json_read(struct gk_rd *r, gk_row_fn fn, void *ud)
{
	size_t i, dup, first;
	gk_row row;
	int ret;

	row.file = r->file;
	while (r->p < r->end) {
		const unsigned char *eol = memchr(r->p, '\n',
						  (size_t)(r->end - r->p));

		r->lstart = r->p;
		r->lend = eol ? eol : r->end;
		if ((ret = json_object(r)) < 0)
			return ret;
		if (!ret) {
			if (cells_reserve(r, r->nspan))
				return GK_ENOMEM;
			for (i = 0; i < r->nspan; i++) {
				const struct gk_span *s = &r->span[i];
				gk_cell *c = &r->cells[i];

				c->key = r->scratch.p + s->koff;
				c->keylen = s->klen;
				c->val = r->scratch.p + s->voff;
				c->vallen = s->vlen;
				c->present = s->present;
				c->col = (int)i + 1;
			}
			ret = find_dup(r, r->cells, r->nspan, &dup, &first);
			if (ret < 0)
				return ret;
			if (ret)
				return gk_error_set(r->err, GK_EINVAL,
						    "%s:%d: duplicate key '%.*s'",
						    r->file, r->line,
						    quoted_len(r->cells[dup].key, r->cells[dup].keylen),
						    r->cells[dup].key);
			row.line = r->line;
			row.cells = r->cells;
			row.ncells = (int)r->nspan;
			if ((ret = fn(ud, &row, r->err)))
				return ret;
		}
		r->p = eol ? eol + 1 : r->end;
		next_line(r);
	}
	return 0;
}

int gk_reader_read(enum gk_format fmt, const char *file, const char *buf,
		   size_t len, gk_row_fn fn, void *ud, gk_error *err)
{
	struct gk_rd r;
	int ret;

	memset(&r, 0, sizeof(r));
	r.file = file ? file : "-";
	r.err = err;
	r.line = 1;
	/* NULL + 0 is undefined; an empty file may well come as NULL. */
	if (!buf)
		len = 0;
	r.p = (const unsigned char *)(buf ? buf : "");
	r.end = r.p + len;
	/*
	 * Excel writes a BOM before UTF-8 CSV; tolerate one in JSONL too, as
	 * some Windows tools add it to any text file they save.
	 */
	if (len >= 3 && !memcmp(r.p, "\xef\xbb\xbf", 3))
		r.p += 3;

	switch (fmt) {
	case GK_FORMAT_CSV:
		ret = csv_read(&r, fn, ud);
		break;
	case GK_FORMAT_CSV_ROWS:
		ret = csv_rows(&r, fn, ud);
		break;
	case GK_FORMAT_JSONL:
		ret = json_read(&r, fn, ud);
		break;
	default:
		ret = gk_error_set(err, GK_EINVAL, "%s: unknown record format %d",
				   r.file, (int)fmt);
		break;
	}
	free(r.scratch.p);
	free(r.names.p);
	free(r.span);
	free(r.cells);
	free(r.hash);
	return ret;
}

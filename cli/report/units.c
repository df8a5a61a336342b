/*
 * units.c - one work list per responsible unit, as .xlsx, CSV and Markdown.
 *
 * A unit's officer opens the list in Excel or WPS (CSV in UTF-8 with a
 * byte-order mark, CRLF line ends: both then read Chinese text right) or
 * reads it as Markdown.  Each list has, in this order: overdue items (a
 * finding with a deadline), other findings, deadlines due soon, and the
 * findings an approved waiver covers; within a section the earliest
 * deadline comes first.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../../stores/db/db.h"
#include "../cli.h"

#include "../../engine/buf.h"
#include "../../stores/db/feedback.h"
#include "../findings_out.h"
#include "worklist.h"


const char *const section_names[NSECTIONS] = {
	"逾期", "其他问题", "即将到期", "已豁免",
};

struct cli_units {
	cli_finding_list kept;    /* as they came */
	struct item *v;           /* then as work list items, in listing order */
	size_t n, cap;
};

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void item_free(struct item *it)
{
	free(it->unit);
	free(it->jurisdiction);
	free(it->due);
}

int cli_units_new(struct cli_units **out, gk_error *err)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return GK_OOM(err);
	return 0;
}

int cli_units_add(struct cli_units *u, const gk_finding *f, gk_error *err)
{
	if (f->status && strcmp(f->status, GK_STATUS_RESOLVED) == 0)
		return 0;           /* not work to do */
	return cli_finding_list_add(&u->kept, f, err);
}

/* A kept finding as an item of a work list (in listing order): the
 * finding itself (the kept list holds its texts while the items live),
 * with the section, list and answer reference the work list adds. */
static int add_item(void *ud, const gk_finding *f, gk_error *err)
{
	struct cli_units *l = ud;
	struct item *it;
	char due[GK_DATE_LEN + 1] = "";
	int soon = gk_finding_is_due(f);

	if (GK_GROW(l->v, l->n, l->cap))
		return GK_OOM(err);
	it = &l->v[l->n];
	memset(it, 0, sizeof(*it));
	it->f = *f;
	if (f->has_due)
		gk_date_format(f->due_on, due);
	if (soon)
		it->sec = SEC_SOON;
	else if (f->waiver)
		it->sec = SEC_WAIVED;
	else
		it->sec = f->has_due ? SEC_OVERDUE : SEC_OTHER;
	it->status = soon ? NULL : f->status;
	/* Named (jurisdiction, a unit's absence) once the names are read. */
	it->unit = sdup(f->unit);
	it->jurisdiction = sdup(f->jurisdiction);
	it->due = sdup(*due ? due : NULL);
	it->order = l->n;
	gk_feedback_ref(f, it->ref, sizeof(it->ref));
	it->disputed = gk_feedback_disputed(f);
	l->n++;
	if ((f->unit && !it->unit) || !it->jurisdiction || (*due && !it->due))
		return GK_OOM(err);
	return 0;
}

/* The jurisdiction's name for its id, and the list of a finding whose
 * record names no unit (a periodic duty's, or one of such a record): the
 * jurisdiction's own list, not one list mixing every jurisdiction's. */
static int name_items(struct cli_units *l, gk_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		struct item *it = &l->v[i];
		char *id = it->jurisdiction;

		if (!it->unit && asprintf(&it->unit, "%s（%s）", CLI_NO_UNIT, cli_juris_name(id)) < 0)
			it->unit = NULL;
		it->jurisdiction = sdup(cli_juris_name(id));
		free(id);
		if (!it->unit || !it->jurisdiction)
			return GK_OOM(err);
	}
	return 0;
}

static int unit_order(const struct item *x, const struct item *y);

static int by_unit(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);

	if (!c)
		c = unit_order(x, y);
	/* Ties as the run lists them. */
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Within a unit's list: by section, earliest deadline first. */
static int unit_order(const struct item *x, const struct item *y)
{
	int c;

	if (x->sec != y->sec)
		return (int)x->sec - (int)y->sec;
	/* Earliest deadline first; none last. */
	if (!x->due != !y->due)
		return x->due ? -1 : 1;
	if (x->due && (c = strcmp(x->due, y->due)))
		return c;
	if ((c = strcmp(x->f.record_id ? x->f.record_id : "", y->f.record_id ? y->f.record_id : "")))
		return c;
	return strcmp(x->f.rule, y->f.rule);
}

/* A file name for a unit: its name with path and control characters
 * replaced, so "财政局/采购科" stays one file in dir; never empty, never
 * starting with a dot; at most n - 1 bytes, cut between characters. */
static void file_name(const char *unit, char *out, size_t n)
{
	size_t k = 0;

	if (*unit == '.' || !*unit)
		out[k++] = '_';
	for (const char *p = unit; *p && k + 1 < n; p++) {
		unsigned char c = (unsigned char)*p;

		out[k++] = c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) ? '_' : (char)c;
	}
	/* A character cut short: drop its lead byte and what follows it. */
	if (k && ((unsigned char)out[k - 1] & 0x80)) {
		size_t lead = k - 1, need;
		unsigned char c;

		while (lead > 0 && ((unsigned char)out[lead] & 0xc0) == 0x80)
			lead--;
		c = (unsigned char)out[lead];
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (k - lead < need)
			k = lead;
	}
	out[k] = '\0';
}

/* New or persisting; nothing for a deadline due soon. */
static const char *status_label(const struct item *it)
{
	const char *l = it->sec == SEC_SOON ? NULL : cli_status_label(it->status);

	return l ? l : "";
}


static const char csv_header[] =
	"类别,状态,记录编号,标题,辖区,规则,问题类型,性质,期限,剩余工作日,首次发现,已持续天数,"
	"问题说明,依据,豁免,期限暂定\r\n";

/* One row; a formula in any text is kept as text (cli_csv_str). */
static void csv_row(FILE *f, const struct item *it)
{
	fprintf(f, "%s,%s,", section_names[it->sec], status_label(it));
	cli_csv_str(f, it->f.record_id ? it->f.record_id : it->f.period);
	fputc(',', f);
	cli_csv_str(f, it->f.title);
	fputc(',', f);
	cli_csv_str(f, it->jurisdiction);
	fputc(',', f);
	cli_csv_str(f, it->f.rule);
	fputc(',', f);
	cli_csv_str(f, it->f.category);
	fputc(',', f);
	cli_csv_str(f, gk_severity_labels[gk_finding_severity(&it->f)]);
	fputc(',', f);
	cli_csv_str(f, it->due);
	fputc(',', f);
	if (it->sec == SEC_SOON)
		fprintf(f, "%d", it->f.days_left);
	fputc(',', f);
	if (it->sec != SEC_SOON)
		cli_csv_str(f, it->f.first_seen);
	fputc(',', f);
	if (it->sec != SEC_SOON && it->f.first_seen)
		fprintf(f, "%d", it->f.days_open);
	fputc(',', f);
	cli_csv_str(f, it->f.message);
	fputc(',', f);
	cli_csv_str(f, it->f.basis);
	fputc(',', f);
	cli_csv_str(f, it->f.waiver);
	fputs(it->f.provisional ? ",暂定\r\n" : ",\r\n", f);
}

/* Text in Markdown: what a renderer would take for HTML (<script>, an
 * entity) is escaped, as are brackets (links) and, in a table, pipes;
 * line breaks become spaces. */
static void md_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '|': fputs("\\|", f); break;
		case '[': fputs("\\[", f); break;
		case ']': fputs("\\]", f); break;
		case '\\': fputs("\\\\", f); break;
		case '`': fputs("\\`", f); break;
		case '\n': case '\r': fputc(' ', f); break;
		default: fputc(*s, f);
		}
	}
}

/* A Markdown table cell. */
static void md_cell(FILE *f, const char *s)
{
	fputc(' ', f);
	md_text(f, s);
	fputs(" |", f);
}

/* A deadline, marked 暂定 when counted through a provisional year. */
static const char *due_text(const struct item *it, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", it->due ? it->due : "", it->f.provisional ? "（暂定）" : "");
	return buf;
}

static void md_section(FILE *f, const struct item *v, size_t n, enum section sec)
{
	size_t count = 0;
	char num[32], due[64];

	for (size_t i = 0; i < n; i++)
		count += v[i].sec == sec;
	if (!count)
		return;
	fprintf(f, "\n## %s（%zu 项）\n\n", section_names[sec], count);
	if (sec == SEC_SOON)
		fputs("| 记录 | 标题 | 规则 | 期限 | 剩余工作日 | 事项 | 依据 |\n"
		      "|---|---|---|---|---|---|---|\n", f);
	else
		fputs("| 记录 | 标题 | 规则 | 性质 | 状态 | 期限 | 首次发现 | 问题说明 | 依据 |\n"
		      "|---|---|---|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &v[i];

		if (it->sec != sec)
			continue;
		fputc('|', f);
		md_cell(f, it->f.record_id ? it->f.record_id : it->f.period);
		md_cell(f, it->f.title ? it->f.title : "");
		md_cell(f, it->f.rule);
		if (sec == SEC_SOON) {
			snprintf(num, sizeof(num), "%d", it->f.days_left);
			md_cell(f, due_text(it, due, sizeof(due)));
			md_cell(f, num);
		} else {
			md_cell(f, gk_severity_labels[gk_finding_severity(&it->f)]);
			md_cell(f, status_label(it));
			md_cell(f, it->due ? due_text(it, due, sizeof(due)) : "—");
			if (it->f.first_seen)
				snprintf(num, sizeof(num), "%s（%d 天）", it->f.first_seen, it->f.days_open);
			else
				snprintf(num, sizeof(num), "—");
			md_cell(f, num);
		}
		md_cell(f, it->f.message);
		md_cell(f, it->f.basis);
		fputc('\n', f);
	}
}

/* Files are written as PATH.tmp and renamed when complete: a reader never
 * sees half a work list. */
static FILE *open_out(const char *dir, const char *name, const char *ext, char *path,
		      size_t n, gk_error *err)
{
	char tmp[4200];
	FILE *f;

	snprintf(path, n, "%s/%s%s", dir, name, ext);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "wb")))
		gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path, gk_error *err)
{
	char tmp[4200];
	int bad = ferror(f);

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return GK_EIO;
	}
	return 0;
}

/* Write one unit's two files; v[0..n) are its items, sorted. */
static int write_unit(const char *dir, const char *name, const struct item *v, size_t n,
		      const char *head, gk_error *err)
{
	char path[4096];
	FILE *f;
	int rc;

	if (!(f = open_out(dir, name, ".csv", path, sizeof(path), err)))
		return GK_EIO;
	fputs("\xEF\xBB\xBF", f);
	fputs(csv_header, f);
	for (size_t i = 0; i < n; i++)
		csv_row(f, &v[i]);
	if ((rc = close_out(f, path, err)))
		return rc;
	snprintf(path, sizeof(path), "%s/%s.xlsx", dir, name);
	if ((rc = cli_worklist_xlsx(path, v, n, head, err)))
		return rc;
	if (!(f = open_out(dir, name, ".md", path, sizeof(path), err)))
		return GK_EIO;
	fputs("# ", f);
	md_text(f, v[0].unit);
	fprintf(f, "：政务公开工作清单\n\n%s\n", head);
	for (int s = 0; s < NSECTIONS; s++)
		md_section(f, v, n, (enum section)s);
	return close_out(f, path, err);
}

/*
 * Whether a unit's file name is taken: by another unit's (compared without
 * case: the lists are opened on Windows too, where Index.md is index.md),
 * by index.md itself, or by a name Windows keeps for devices (CON, NUL,
 * COM1...), which no file there may have.
 */
static int taken(const struct cli_strs *names, const char *name)
{
	static const char *const reserved[] = { "index", "con", "prn", "aux", "nul", NULL };

	for (size_t i = 0; i < names->n; i++)
		if (strcasecmp(names->v[i], name) == 0)
			return 1;
	for (int i = 0; reserved[i]; i++)
		if (strcasecmp(name, reserved[i]) == 0)
			return 1;
	return (strncasecmp(name, "com", 3) == 0 || strncasecmp(name, "lpt", 3) == 0) &&
	       name[3] >= '1' && name[3] <= '9' && !name[4];
}

int cli_units_write(struct cli_units *u, gk_store *st, int64_t run_id, const char *dir,
		    int *files, gk_error *err)
{
	gk_run_info info;
	int64_t last_import;
	char src[512], rev[128], asof[GK_DATE_LEN + 1], head[1024], path[4096];
	struct cli_strs names = { 0 };
	FILE *idx = NULL;
	int rc, nunits = 0;

	*files = 0;
	cli_names_load(st, run_id);
	cli_finding_list_sort(&u->kept);
	if ((rc = gk_store_run_get(st, run_id, &info, &last_import, src, sizeof(src), rev,
				   sizeof(rev), err)) ||
	    (rc = cli_finding_list_each(&u->kept, add_item, u, err)) ||
	    (rc = name_items(u, err)))
		goto done;
	gk_date_format(info.as_of, asof);
	if (strcmp(rev, "worktree") == 0)
		snprintf(rev, sizeof(rev), "%s", "未提交的工作目录");
	else
		rev[12] = '\0';
	snprintf(head, sizeof(head), "截至 %s（第 %lld 次检查，政策版本 %s）。逾期与其他问题须"
		 "整改；即将到期的事项请在期限前完成。%s%s%s", asof, (long long)run_id, rev,
		 info.cal_provisional[0] ? "标“暂定”的期限按推算的暂定日历（" : "",
		 info.cal_provisional, info.cal_provisional[0] ?
		 "年，未含调休）计算，国务院办公厅节假日安排通知发布后可能变化。" : "");
	if (u->n)
		qsort(u->v, u->n, sizeof(*u->v), by_unit);
	if (!(idx = open_out(dir, "index", ".md", path, sizeof(path), err))) {
		rc = GK_EIO;
		goto done;
	}
	fprintf(idx, "# 各责任单位工作清单\n\n%s\n\n| 责任单位 | 逾期 | 其他问题 | 即将到期 | 已豁免 | 文件 |\n"
		"|---|---|---|---|---|---|\n", head);
	for (size_t i = 0, j; i < u->n && !rc; i = j) {
		char name[256];
		long counts[NSECTIONS] = { 0 };
		int dupes = 0;

		for (j = i; j < u->n && strcmp(u->v[j].unit, u->v[i].unit) == 0; j++)
			counts[u->v[j].sec]++;
		file_name(u->v[i].unit, name, sizeof(name) - 16);
		/* Two units whose names differ only in replaced characters:
		 * the second gets "-2" (or the next number no file has). */
		{
			size_t nl = strlen(name);

			while (taken(&names, name))
				snprintf(name + nl, sizeof(name) - nl, "-%d", ++dupes + 1);
		}
		if ((rc = cli_strs_add(&names, strdup(name), err)))
			break;
		nunits++;
		rc = write_unit(dir, name, &u->v[i], j - i, head, err);
		fputc('|', idx);
		md_cell(idx, u->v[i].unit);
		fprintf(idx, " %ld | %ld | %ld | %ld | [", counts[SEC_OVERDUE], counts[SEC_OTHER],
			counts[SEC_SOON], counts[SEC_WAIVED]);
		md_text(idx, name);
		fprintf(idx, ".xlsx](<%s.xlsx>) · [", name);
		md_text(idx, name);
		fprintf(idx, ".csv](<%s.csv>) · [", name);
		md_text(idx, name);
		fprintf(idx, ".md](<%s.md>) |\n", name);
	}
	if (!nunits)
		fputs("\n本次检查没有发现问题，也没有即将到期的事项。\n", idx);
	if (!rc)
		rc = close_out(idx, path, err);
	else
		fclose(idx);
	*files = nunits;
done:
	cli_strs_free(&names);
	cli_names_free();
	return rc;
}

void cli_units_free(struct cli_units *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n; i++)
		item_free(&u->v[i]);
	free(u->v);
	cli_finding_list_release(&u->kept);
	free(u);
}

static int add_unit_item(void *ud, const gk_finding *f, gk_error *err)
{
	return cli_units_add(ud, f, err);
}

int cli_report_units(gk_store *st, int64_t run_id, const char *dir, int *files,
		     gk_error *err)
{
	gk_query q = { .run_id = run_id, .titles = 1, .feedback = 1 };
	struct cli_units *u = NULL;
	int rc;

	*files = 0;
	if (!(rc = cli_units_new(&u, err)) &&
	    !(rc = gk_store_query(st, &q, add_unit_item, u, err))) {
		q.status = GK_STATUS_DUE_SOON;
		if (!(rc = gk_store_query(st, &q, add_unit_item, u, err)))
			rc = cli_units_write(u, st, run_id, dir, files, err);
	}
	cli_units_free(u);
	return rc;
}

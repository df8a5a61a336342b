/*
 * xlsx.c - a unit's work list as an Excel workbook (libxlsxwriter).
 *
 * The list an officer acts on: Chinese headers, the category and the
 * jurisdiction in Chinese, the responsible unit as a column, deadlines as
 * real dates and working days as numbers (so Excel and WPS sort and
 * filter them), the rule's basis, a frozen header with filters, and three
 * columns for the unit to fill in and send back (整改情况 from a drop-down,
 * 整改日期 a date, 备注), which `gongkai feedback` reads.  A second sheet
 * says what each column means and how to answer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../../engine/date.h"
#include "../../engine/juris.h"
#include "../../stores/db/feedback.h"
#include "../cli.h"
#include "worklist.h"

enum col {
	C_REF, C_SECTION, C_STATUS, C_RECORD, C_TITLE, C_JURIS, C_UNIT, C_RULE, C_CATEGORY,
	C_SEVERITY, C_DUE, C_LATE, C_LEFT, C_FIRST, C_DAYS, C_MESSAGE, C_BASIS, C_WAIVER, C_EARLIER,
	C_FB_STATUS, C_FB_DATE, C_FB_NOTE, NCOLS
};

static const struct {
	const char *header;
	double width;
	const char *meaning;
} cols[NCOLS] = {
	[C_REF] = { GK_FEEDBACK_REF, 9, "本清单中每一项的编号（F 为问题，D 为即将到期事项），回收反馈时据此对应，请勿修改" },
	[C_SECTION] = { "类别", 9, "逾期、其他问题、即将到期或已豁免" },
	[C_STATUS] = { "状态", 7, "新增：本次检查首次发现；持续：上次检查已发现，仍未整改" },
	[C_RECORD] = { GK_FEEDBACK_RECORD, 18, "记录的索引号（定期事项为所属期间）" },
	[C_TITLE] = { "标题", 30, "记录的标题" },
	[C_JURIS] = { "辖区", 8, "记录所属辖区" },
	[C_UNIT] = { "责任单位", 16, "负责整改的单位：批准单位，其次实施、制作、发布单位" },
	[C_RULE] = { "规则", 6, "所违反规则的编号，规则原文见依据" },
	[C_CATEGORY] = { "问题类型", 9, "时限、公开主体、保密、完整性等" },
	[C_SEVERITY] = { "性质", 6, "违规：违反规则所依据的条款；提示：记录不全、无法判断等，供核查，不算违规" },
	[C_DUE] = { "期限", 11, "应完成的日期" },
	[C_LATE] = { "逾期工作日", 8, "已超过期限的工作日数" },
	[C_LEFT] = { "剩余工作日", 8, "距期限还剩的工作日数（即将到期事项）" },
	[C_FIRST] = { "首次发现", 11, "首次发现该问题的检查日期" },
	[C_DAYS] = { "已持续天数", 8, "自首次发现至本次检查的天数" },
	[C_MESSAGE] = { "问题说明", 50, "问题的具体说明" },
	[C_BASIS] = { "依据", 30, "规则的依据（文件及条款）" },
	[C_WAIVER] = { "豁免", 20, "经批准的豁免及其理由" },
	[C_EARLIER] = { "上次反馈", 24, "本单位此前对该问题的反馈；报已整改但本次检查仍不合规的，请重新核查" },
	[C_FB_STATUS] = { GK_FEEDBACK_STATUS, 10, "请填写：已整改、整改中或有异议（从下拉列表选择）" },
	[C_FB_DATE] = { GK_FEEDBACK_DATE, 11, "已整改的，请填写整改完成日期" },
	[C_FB_NOTE] = { GK_FEEDBACK_NOTE, 30, "整改措施、有异议的理由等" },
};

/* The number of working days late the finding's message states ("逾期 3
 * 个工作日", engine/rules.c); 0 for a deadline missed with no working day
 * since ("逾期 2 天（期限后尚无工作日）"); -1 when it states none. */
static int late_workdays(const char *msg)
{
	const char *p = msg ? strstr(msg, "逾期 ") : NULL;
	char *end;
	long n;

	if (!p)
		return -1;
	n = strtol(p + strlen("逾期 "), &end, 10);
	if (end == p + strlen("逾期 ") || n < 0)
		return -1;
	if (strncmp(end, " 个工作日", strlen(" 个工作日")) == 0)
		return (int)n;
	if (strncmp(end, " 天（期限后尚无工作日）", strlen(" 天（期限后尚无工作日）")) == 0)
		return 0;
	return -1;
}

struct book {
	lxw_workbook *wb;
	lxw_format *title, *head, *head_fb, *text, *wrap, *date, *num, *fb, *fb_date, *warn;
	lxw_error e;              /* the first error of a write */
};

static void keep(struct book *b, lxw_error e)
{
	if (e && !b->e)
		b->e = e;
}

static void put_text(struct book *b, lxw_worksheet *ws, int r, int c, const char *s,
		     lxw_format *fmt)
{
	if (s && *s)
		keep(b, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, fmt));
}

static void put_date(struct book *b, lxw_worksheet *ws, int r, int c, const char *iso)
{
	gk_day d;
	int y, m, dd;

	if (!iso || gk_date_parse(iso, strlen(iso), &d)) {
		put_text(b, ws, r, c, iso, b->text);
		return;
	}
	gk_date_to_ymd(d, &y, &m, &dd);
	lxw_datetime dt = { y, m, dd, 0, 0, 0 };
	keep(b, worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)c, &dt, b->date));
}

static void put_num(struct book *b, lxw_worksheet *ws, int r, int c, int v)
{
	keep(b, worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, b->num));
}

static lxw_format *format(struct book *b, int bold, int wrap, const char *num, int bg)
{
	lxw_format *f = workbook_add_format(b->wb);

	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (num)
		format_set_num_format(f, num);
	if (bg)
		format_set_bg_color(f, (lxw_color_t)bg);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

/* The earlier answer, as the unit gave it. */
static void earlier(const struct item *it, char *buf, size_t n)
{
	if (!it->f.fb_status) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, n, "%s%s%s%s%s%s", it->disputed ? "报" : "", it->f.fb_status,
		 it->f.fb_date ? "（" : "", it->f.fb_date ? it->f.fb_date : "", it->f.fb_date ? "）" : "",
		 it->disputed ? "，本次检查仍不合规，请重新核查" : "");
	if (it->f.fb_note && !it->disputed) {
		size_t k = strlen(buf);

		snprintf(buf + k, n - k, "：%s", it->f.fb_note);
	}
}

static void list_sheet(struct book *b, lxw_worksheet *ws, const struct item *v, size_t n,
		       const char *head)
{
	char line[2048], text[1024];
	int last = (int)n + 1;

	snprintf(line, sizeof(line), "%s：政务公开工作清单　%s", v[0].unit, head);
	keep(b, worksheet_merge_range(ws, 0, 0, 0, NCOLS - 1, line, b->title));
	keep(b, worksheet_set_row(ws, 0, 36, NULL));
	keep(b, worksheet_set_row(ws, 1, 30, NULL));
	for (int c = 0; c < NCOLS; c++) {
		keep(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL));
		put_text(b, ws, 1, c, cols[c].header, c >= C_FB_STATUS ? b->head_fb : b->head);
	}
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &v[i];
		int r = (int)i + 2, late;
		const char *jname = gk_juris_name(it->jurisdiction);

		put_text(b, ws, r, C_REF, it->ref, b->text);
		put_text(b, ws, r, C_SECTION, section_names[it->sec], b->text);
		if (it->sec != SEC_SOON)
			put_text(b, ws, r, C_STATUS, cli_status_label(it->status), b->text);
		put_text(b, ws, r, C_RECORD, it->f.record_id ? it->f.record_id : it->f.period, b->text);
		put_text(b, ws, r, C_TITLE, it->f.title, b->wrap);
		put_text(b, ws, r, C_JURIS, jname ? jname : it->jurisdiction, b->text);
		put_text(b, ws, r, C_UNIT, it->unit, b->wrap);
		put_text(b, ws, r, C_RULE, it->f.rule, b->text);
		put_text(b, ws, r, C_CATEGORY, cli_category_label(it->f.category), b->text);
		put_text(b, ws, r, C_SEVERITY, gk_severity_labels[gk_finding_severity(&it->f)],
			 b->text);
		if (it->due)
			put_date(b, ws, r, C_DUE, it->due);
		if (it->sec == SEC_OVERDUE && (late = late_workdays(it->f.message)) >= 0)
			put_num(b, ws, r, C_LATE, late);
		if (it->sec == SEC_SOON)
			put_num(b, ws, r, C_LEFT, it->f.days_left);
		if (it->sec != SEC_SOON && it->f.first_seen) {
			put_date(b, ws, r, C_FIRST, it->f.first_seen);
			put_num(b, ws, r, C_DAYS, it->f.days_open);
		}
		put_text(b, ws, r, C_MESSAGE, it->f.message, b->wrap);
		put_text(b, ws, r, C_BASIS, it->f.basis, b->wrap);
		put_text(b, ws, r, C_WAIVER, it->f.waiver, b->wrap);
		earlier(it, text, sizeof(text));
		put_text(b, ws, r, C_EARLIER, text, it->disputed ? b->warn : b->wrap);
		/* Blank, but shaded and typed: the unit's columns. */
		keep(b, worksheet_write_blank(ws, (lxw_row_t)r, C_FB_STATUS, b->fb));
		keep(b, worksheet_write_blank(ws, (lxw_row_t)r, C_FB_DATE, b->fb_date));
		keep(b, worksheet_write_blank(ws, (lxw_row_t)r, C_FB_NOTE, b->fb));
	}
	worksheet_freeze_panes(ws, 2, 1);
	keep(b, worksheet_autofilter(ws, 1, 0, (lxw_row_t)last, NCOLS - 1));
	{
		lxw_data_validation dv = { 0 };

		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)gk_feedback_statuses;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.error_title = "整改情况";
		dv.error_message = "请从下拉列表选择：已整改、整改中或有异议";
		dv.input_title = "整改情况";
		dv.input_message = "已整改的，请同时填写整改日期";
		keep(b, worksheet_data_validation_range(ws, 2, C_FB_STATUS, (lxw_row_t)last,
							C_FB_STATUS, &dv));
	}
	{
		lxw_data_validation dv = { 0 };

		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = (lxw_datetime){ 2000, 1, 1, 0, 0, 0 };
		dv.maximum_datetime = (lxw_datetime){ 2099, 12, 31, 0, 0, 0 };
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.error_title = "整改日期";
		dv.error_message = "请填写日期，如 2025-07-01";
		keep(b, worksheet_data_validation_range(ws, 2, C_FB_DATE, (lxw_row_t)last,
							C_FB_DATE, &dv));
	}
}

static void help_sheet(struct book *b, lxw_worksheet *ws)
{
	static const char *const how[] = {
		"填写说明",
		"1. 请在“整改情况”“整改日期”“备注”三列（浅黄色）填写反馈，其余各列请勿修改，也请勿增删行。",
		"2. 整改情况从下拉列表选择：已整改、整改中或有异议；选“已整改”的，请填写整改日期。",
		"3. 填好后保存为 .xlsx，交回政务公开工作机构，由其导入（gongkai feedback）。",
		"4. 报已整改的问题，下次检查仍发现的，将在清单和报告中列出，请重新核查。",
	};
	size_t nhow = sizeof(how) / sizeof(how[0]);

	keep(b, worksheet_set_column(ws, 0, 0, 14, NULL));
	keep(b, worksheet_set_column(ws, 1, 1, 90, NULL));
	for (size_t i = 0; i < nhow; i++)
		keep(b, worksheet_merge_range(ws, (lxw_row_t)i, 0, (lxw_row_t)i, 1, how[i],
					      i ? b->wrap : b->head));
	put_text(b, ws, (int)nhow + 1, 0, "列", b->head);
	put_text(b, ws, (int)nhow + 1, 1, "含义", b->head);
	for (int c = 0; c < NCOLS; c++) {
		put_text(b, ws, (int)nhow + 2 + c, 0, cols[c].header,
			 c >= C_FB_STATUS ? b->head_fb : b->text);
		put_text(b, ws, (int)nhow + 2 + c, 1, cols[c].meaning, b->wrap);
	}
}

int cli_worklist_xlsx(const char *path, const struct item *v, size_t n, const char *head,
		      gk_error *err)
{
	struct book b = { 0 };
	char tmp[4200];
	lxw_error e;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(b.wb = workbook_new(tmp)))
		return gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	b.title = format(&b, 1, 1, NULL, 0);
	format_set_font_size(b.title, 13);
	b.head = format(&b, 1, 1, NULL, 0xDDEBF7);
	format_set_border(b.head, LXW_BORDER_THIN);
	b.head_fb = format(&b, 1, 1, NULL, 0xFFE699);
	format_set_border(b.head_fb, LXW_BORDER_THIN);
	b.text = format(&b, 0, 0, NULL, 0);
	b.wrap = format(&b, 0, 1, NULL, 0);
	b.date = format(&b, 0, 0, "yyyy-mm-dd", 0);
	b.num = format(&b, 0, 0, "0", 0);
	b.fb = format(&b, 0, 1, NULL, 0xFFF2CC);
	b.fb_date = format(&b, 0, 0, "yyyy-mm-dd", 0xFFF2CC);
	b.warn = format(&b, 1, 1, NULL, 0xF8CBAD);
	list_sheet(&b, workbook_add_worksheet(b.wb, "工作清单"), v, n, head);
	help_sheet(&b, workbook_add_worksheet(b.wb, "填写说明"));
	e = workbook_close(b.wb);
	if (!e)
		e = b.e;
	if (e || rename(tmp, path) != 0) {
		gk_error_set(err, GK_EIO, "cannot write '%s': %s", path,
			     e ? lxw_strerror(e) : strerror(errno));
		unlink(tmp);
		return GK_EIO;
	}
	return 0;
}

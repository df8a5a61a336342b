/*
 * cmd_template.c - gongkai template [--kind KIND] FILE.xlsx: an empty
 * workbook for records, with the Chinese headers the importer reads,
 * drop-down lists for the enumerated columns, and a sheet explaining each
 * column.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../engine/i18n.h"
#include "../engine/juris.h"
#include "../engine/record.h"
#include "cli.h"
#include "opts.h"

enum { O_KIND = 256 };

static const cli_option options[] = {
	{ "kind", 0, "KIND", O_KIND, N_("only the columns of KIND (info, application, ...)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"template", options,
	N_("usage: gongkai template [--kind KIND] FILE.xlsx\n"
	"\n"
	"Writes an empty workbook to fill in and import with 'gongkai import':\n"
	"sheet 记录 has the columns of the record format under their Chinese names\n"
	"(those of KIND only, e.g. --kind info; all without), drop-down lists for\n"
	"the columns with fixed values, date cells for dates; sheet 说明 explains\n"
	"each column: its name, the kinds it applies to, whether it is required,\n"
	"and what to write.\n"),
	N_("exit status: 0 written, 2 error.\n"),
	N_("option"),
};

#define ROWS 5000               /* rows the drop-downs and date checks cover */
#define LIST_MAX 32

/* The values people pick for field f: each value's Chinese name, else the
 * value; for the jurisdiction, the names gongkai knows. */
static int choices(enum gk_field f, const char **out)
{
	const gk_enum_value *v = gk_fields[f].values;
	const char *name;
	int n = 0;

	if (f == GK_F_JURISDICTION) {
		for (int i = 0; n < LIST_MAX - 1 && gk_juris_nth(i, &name); i++)
			out[n++] = name;
	} else if (gk_fields[f].type == GK_T_FLAG) {
		out[n++] = "是";
		out[n++] = "否";
	} else {
		for (int i = 0; v && v[i].name && n < LIST_MAX - 1; i++)
			out[n++] = gk_enum_label(f, v[i].name);
	}
	out[n] = NULL;
	return n;
}

static const char *what_to_write(enum gk_field f, char *buf, size_t n)
{
	const char *list[LIST_MAX];
	size_t k = 0;

	switch (gk_fields[f].type) {
	case GK_T_DATE:
		return "日期，如 2021-01-19（也可写 2021/1/19、2021年1月19日）";
	case GK_T_FLAG:
		return "是 或 否";
	case GK_T_INT:
		return "整数";
	case GK_T_PERIOD:
		return "年份（2020）或年月（2020-06）";
	case GK_T_LIST:
		return "文字，多项用英文分号 ; 分隔";
	case GK_T_ID:
		return "编号，不含换行";
	case GK_T_JURIS:
	case GK_T_ENUM:
	case GK_T_ENUMLIST:
		choices(f, list);
		k = (size_t)snprintf(buf, n, "%s", gk_fields[f].type == GK_T_ENUMLIST ?
				     "可多选，用英文分号 ; 分隔：" : "从下拉列表选择：");
		for (int i = 0; list[i] && k < n; i++)
			k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "、" : "", list[i]);
		if (f == GK_F_JURISDICTION && k < n)
			snprintf(buf + k, n - k, "（或政策集中的辖区编号）");
		return buf;
	case GK_T_TEXT:
		break;
	}
	return "文字";
}

static void kinds_text(enum gk_field f, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = '\0';
	if (gk_fields[f].kinds == GK_KINDS_ALL) {
		snprintf(buf, n, "全部");
		return;
	}
	for (int i = 0; i < GK_NKINDS && k < n; i++)
		if (gk_fields[f].kinds & GK_KIND_BIT(i))
			k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? "、" : "",
					      gk_enum_label(GK_F_KIND, gk_kind_names[i]));
}

int cmd_template(int argc, char **argv)
{
	const char *path = NULL, *kind = NULL, *v;
	int k = -1, ncols = 0, rc = GK_EXIT_ERROR;
	enum gk_field cols[GK_NFIELDS];
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws, *help_ws;
	lxw_format *head, *req, *date, *wrap;
	char tmp[4200], buf[512], kinds[256];
	lxw_error e = LXW_NO_ERROR;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		if (oc == CLI_HELP)
			return GK_EXIT_OK;
		if (oc == O_KIND)
			kind = v;
		else if (oc == CLI_ARG && path)
			return cli_fail("template: one file at a time; see 'gongkai template --help'");
		else if (oc == CLI_ARG)
			path = v;
		else
			return GK_EXIT_ERROR;
	}
	if (!path)
		return cli_fail("template: name the file to write; usage: gongkai template "
				"[--kind KIND] FILE.xlsx");
	if (strlen(path) < 5 || strcasecmp(path + strlen(path) - 5, ".xlsx"))
		return cli_fail("template: '%s': the template is an .xlsx workbook: name it "
				"FILE.xlsx", path);
	/* The jurisdictions offered are those of the policy set. */
	cli_names_from_policies(cli_policies_default());
	if (kind && (k = gk_kind_lookup(kind, strlen(kind))) < 0)
		return cli_fail("template: --kind '%s' is not a kind (info, application, penalty, "
				"message, demand, task, event)", kind);
	/* Required columns first, then the others in the format's order. */
	for (int f = 0; f < GK_NFIELDS; f++)
		if (gk_fields[f].required)
			cols[ncols++] = (enum gk_field)f;
	for (int f = 0; f < GK_NFIELDS; f++)
		if (!gk_fields[f].required && (k < 0 || gk_field_applies((enum gk_field)f,
									   (enum gk_kind)k)))
			cols[ncols++] = (enum gk_field)f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(wb = workbook_new(tmp)))
		return cli_fail("template: cannot write '%s': %s", path, strerror(errno));
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	req = workbook_add_format(wb);
	format_set_bold(req);
	format_set_bg_color(req, 0xF8CBAD);
	format_set_border(req, LXW_BORDER_THIN);
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

	ws = workbook_add_worksheet(wb, "记录");
	help_ws = workbook_add_worksheet(wb, "说明");
	for (int c = 0; c < ncols && !e; c++) {
		enum gk_field f = cols[c];
		const gk_field_def *d = &gk_fields[f];
		const char *list[LIST_MAX];
		lxw_data_validation dv = { 0 };

		e = worksheet_write_string(ws, 0, (lxw_col_t)c, d->label, d->required ? req : head);
		if (!e)
			e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
						 d->type == GK_T_TEXT ? 24 : 14,
						 d->type == GK_T_DATE ? date : NULL);
		dv.input_title = (char *)d->label;
		dv.input_message = (char *)what_to_write(f, buf, sizeof(buf));
		if (strlen(dv.input_message) > 255)
			dv.input_message = NULL;
		switch (d->type) {
		case GK_T_ENUM:
		case GK_T_ENUMLIST:
		case GK_T_FLAG:
		case GK_T_JURIS:
			choices(f, list);
			if (f == GK_F_KIND && k >= 0) {
				list[0] = gk_enum_label(GK_F_KIND, gk_kind_names[k]);
				list[1] = NULL;
			}
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = (char **)list;
			/* Lists and other jurisdictions may be typed in. */
			dv.error_type = d->type == GK_T_ENUM || d->type == GK_T_FLAG ?
					LXW_VALIDATION_ERROR_TYPE_STOP :
					LXW_VALIDATION_ERROR_TYPE_INFORMATION;
			break;
		case GK_T_DATE:
			dv.validate = LXW_VALIDATION_TYPE_DATE;
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_datetime = (lxw_datetime){ 1990, 1, 1, 0, 0, 0 };
			dv.maximum_datetime = (lxw_datetime){ 2099, 12, 31, 0, 0, 0 };
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
			dv.error_message = "请填写日期，如 2021-01-19";
			break;
		case GK_T_INT:
			dv.validate = LXW_VALIDATION_TYPE_INTEGER;
			dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
			dv.value_number = 0;
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
			dv.error_message = "请填写整数";
			break;
		default:
			dv.validate = LXW_VALIDATION_TYPE_ANY;
			break;
		}
		if (!e && dv.validate != LXW_VALIDATION_TYPE_ANY)
			e = worksheet_data_validation_range(ws, 1, (lxw_col_t)c, ROWS, (lxw_col_t)c, &dv);
	}
	if (!e) {
		worksheet_freeze_panes(ws, 1, 0);
		e = worksheet_autofilter(ws, 0, 0, 0, (lxw_col_t)(ncols - 1));
	}

	/* 说明: one row a column. */
	{
		static const char *const heads[] = { "列名", "字段", "适用类型", "必填", "填写" };

		for (int c = 0; c < 5 && !e; c++)
			e = worksheet_write_string(help_ws, 0, (lxw_col_t)c, heads[c], head);
		worksheet_set_column(help_ws, 0, 1, 14, NULL);
		worksheet_set_column(help_ws, 2, 2, 30, wrap);
		worksheet_set_column(help_ws, 3, 3, 6, NULL);
		worksheet_set_column(help_ws, 4, 4, 70, wrap);
		for (int c = 0; c < ncols && !e; c++) {
			enum gk_field f = cols[c];

			kinds_text(f, kinds, sizeof(kinds));
			e = worksheet_write_string(help_ws, (lxw_row_t)(c + 1), 0, gk_fields[f].label, NULL);
			if (!e)
				e = worksheet_write_string(help_ws, (lxw_row_t)(c + 1), 1, gk_fields[f].name, NULL);
			if (!e)
				e = worksheet_write_string(help_ws, (lxw_row_t)(c + 1), 2, kinds, wrap);
			if (!e)
				e = worksheet_write_string(help_ws, (lxw_row_t)(c + 1), 3,
							   gk_fields[f].required ? "是" : "", NULL);
			if (!e)
				e = worksheet_write_string(help_ws, (lxw_row_t)(c + 1), 4,
							   what_to_write(f, buf, sizeof(buf)), wrap);
		}
		if (!e)
			e = worksheet_write_string(help_ws, (lxw_row_t)(ncols + 2), 0,
						   "填好后保存为 .xlsx，用 gongkai import 导入；标题行、列的顺序"
						   "不限，多余的空列会被忽略。", NULL);
	}
	{
		lxw_error ce = workbook_close(wb);

		if (!e)
			e = ce;
	}
	if (e || rename(tmp, path) != 0) {
		cli_fail("template: cannot write '%s': %s", path, e ? lxw_strerror(e) : strerror(errno));
		unlink(tmp);
		return GK_EXIT_ERROR;
	}
	printf(_("wrote %s: %d columns%s%s\n"), path, ncols, kind ? _(" for kind ") : "",
	       kind ? gk_kind_names[k] : "");
	rc = GK_EXIT_OK;
	return rc;
}

/*
 * record.c - the record schema of RECORDS.md, and cell validation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "date.h"
#include "juris.h"
#include "record.h"

#define K(k) GK_KIND_BIT(GK_KIND_##k)
#define ALL GK_KINDS_ALL

const char *const gk_kind_names[GK_NKINDS] = {
	"info", "application", "penalty", "message", "demand", "task", "event"
};

/* Chinese aliases given in RECORDS.md for the kinds that have one. */
static const gk_enum_value kind_values[] = {
	{ "info", "政府信息\0\0" },
	{ "application", "依申请公开\0\0" },
	{ "penalty", "行政处罚决定\0\0" },
	{ "message", "群众留言\0留言\0\0" },
	{ "demand", "群众文化需求\0\0" },
	{ "task", "工作任务\0\0" },
	{ "event", "定期事项\0\0" },
	{ NULL, NULL }
};

static const gk_enum_value attribute_values[] = {
	{ "proactive", "主动公开\0\0" },
	{ "on_request", "依申请公开\0\0" },
	{ "withheld", "不予公开\0\0" },
	{ NULL, NULL }
};

static const gk_enum_value secrecy_values[] = {
	{ "public", "公开\0\0" },
	{ "internal", "内部\0\0" },
	{ "secret", "涉密\0\0" },
	{ NULL, NULL }
};

static const gk_enum_value channel_values[] = {
	{ "website", "政府网站\0\0" },
	{ "wechat", "微信\0\0" },
	{ "weibo", "微博\0\0" },
	{ "newspaper", "报纸\0\0" },
	{ "bulletin", "公告栏\0\0" },
	{ "app", "\0" },
	{ "online", "线上\0网上\0\0" },
	{ "onsite", "线下\0现场\0\0" },
	{ NULL, NULL }
};

static const gk_enum_value event_values[] = {
	{ "symposium", "座谈会\0\0" },
	{ "demand_survey", "需求调查\0\0" },
	{ "opinion_box", "意见箱收集\0\0" },
	{ "release_meeting", "发布会\0\0" },
	{ "satisfaction_survey", "满意度调查\0\0" },
	{ "open_day", "政府开放日\0\0" },
	{ "annual_report", "年度报告\0\0" },
	{ NULL, NULL }
};

/*
 * Each column: its name, its Chinese name (label: messages, work lists,
 * templates), its type, the kinds it applies to, whether it is required,
 * its values, and the other headers spreadsheets give it (NUL-separated),
 * all accepted on import as well as the name and the label.  A column
 * added later gets its Chinese headers here, on its own line.
 */
const gk_field_def gk_fields[GK_NFIELDS] = {
	[GK_F_ID] = { "id", "索引号", GK_T_ID, ALL, 1, NULL, "信息索引号\0索引编号\0记录编号\0" },
	[GK_F_JURISDICTION] = { "jurisdiction", "辖区", GK_T_JURIS, ALL, 1, NULL, "所属辖区\0" },
	[GK_F_KIND] = { "kind", "类型", GK_T_ENUM, ALL, 1, kind_values, "记录类型\0" },
	[GK_F_TITLE] = { "title", "标题", GK_T_TEXT, ALL, 0, NULL, "名称\0信息名称\0事项名称\0" },
	[GK_F_DOC_NUMBER] = { "doc_number", "文号", GK_T_TEXT, K(INFO), 0, NULL, "发文字号\0发文文号\0" },
	[GK_F_CATALOG_ITEM] = { "catalog_item", "目录事项", GK_T_ID, K(INFO), 0, NULL, "目录项\0" },
	[GK_F_ATTRIBUTE] = { "attribute", "公开属性", GK_T_ENUM, K(INFO), 0, attribute_values, "公开方式\0" },
	[GK_F_SECRECY] = { "secrecy", "密级", GK_T_ENUM, K(INFO), 0, secrecy_values, "" },
	[GK_F_PRODUCER] = { "producer", "制作单位", GK_T_TEXT, ALL, 0, NULL, "制作机构\0" },
	[GK_F_APPROVER] = { "approver", "批准单位", GK_T_TEXT, ALL, 0, NULL, "批准机关\0" },
	[GK_F_IMPLEMENTER] = { "implementer", "实施单位", GK_T_TEXT, ALL, 0, NULL, "实施机关\0执行单位\0" },
	[GK_F_PUBLISHER] = { "publisher", "发布单位", GK_T_TEXT, ALL, 0, NULL, "发布机构\0公开单位\0" },
	[GK_F_FORMED_ON] = { "formed_on", "形成日期", GK_T_DATE, K(INFO) | K(PENALTY) | K(TASK), 0, NULL, "成文日期\0信息形成日期\0" },
	[GK_F_CHANGED_ON] = { "changed_on", "变更日期", GK_T_DATE, K(INFO), 0, NULL, "" },
	[GK_F_RECEIVED_ON] = { "received_on", "收到日期", GK_T_DATE, K(APPLICATION) | K(MESSAGE) | K(DEMAND), 0, NULL, "接收日期\0" },
	[GK_F_EXTENDED] = { "extended", "延期答复", GK_T_FLAG, K(APPLICATION), 0, NULL, "" },
	[GK_F_REPLIED_ON] = { "replied_on", "答复日期", GK_T_DATE, K(APPLICATION) | K(MESSAGE) | K(DEMAND), 0, NULL, "回复日期\0" },
	[GK_F_REMEDY_NOTICE] = { "remedy_notice", "救济途径告知", GK_T_FLAG, K(APPLICATION), 0, NULL, "" },
	[GK_F_HANDLED_ON] = { "handled_on", "办理日期", GK_T_DATE, K(DEMAND) | K(APPLICATION), 0, NULL, "办理时间\0" },
	[GK_F_DIRECT] = { "direct", "可直接办理", GK_T_FLAG, K(DEMAND), 0, NULL, "" },
	[GK_F_REVIEWER] = { "reviewer", "保密审查人", GK_T_TEXT, K(INFO) | K(PENALTY), 0, NULL, "" },
	[GK_F_REVIEWED_ON] = { "reviewed_on", "保密审查日期", GK_T_DATE, K(INFO) | K(PENALTY), 0, NULL, "审查日期\0" },
	[GK_F_PUBLISHED_ON] = { "published_on", "公开日期", GK_T_DATE, K(INFO) | K(PENALTY) | K(DEMAND), 0, NULL, "发布日期\0公开时间\0发布时间\0" },
	[GK_F_CHANNELS] = { "channels", "公开渠道", GK_T_ENUMLIST, K(INFO) | K(PENALTY) | K(EVENT), 0, channel_values, "发布渠道\0" },
	[GK_F_ELEMENTS] = { "elements", "公开内容要素", GK_T_LIST, K(INFO) | K(EVENT), 0, NULL, "内容要素\0" },
	[GK_F_DUE_ON] = { "due_on", "完成时限", GK_T_DATE, K(TASK), 0, NULL, "完成期限\0" },
	[GK_F_COMPLETED_ON] = { "completed_on", "完成日期", GK_T_DATE, K(TASK), 0, NULL, "完成时间\0" },
	[GK_F_EVENT_TYPE] = { "event_type", "事项类型", GK_T_ENUM, K(EVENT), 0, event_values, "活动类型\0" },
	[GK_F_PERIOD] = { "period", "周期", GK_T_PERIOD, K(EVENT), 0, NULL, "所属期间\0" },
	[GK_F_HELD_ON] = { "held_on", "举办日期", GK_T_DATE, K(EVENT), 0, NULL, "举办时间\0" },
	[GK_F_SAMPLES] = { "samples", "样本数", GK_T_INT, K(EVENT), 0, NULL, "样本量\0" },
	[GK_F_BODY] = { "body", "正文", GK_T_TEXT, K(INFO) | K(PENALTY) | K(MESSAGE), 0, NULL, "正文内容\0内容\0" },
	/* format 2: the stages of an application, correction (art. 30) and
	 * consultation (arts. 32-33), the date of the activity a notice
	 * announces */
	[GK_F_REGISTERED_ON] = { "registered_on", "登记日期", GK_T_DATE, K(APPLICATION), 0, NULL, "登记时间\0" },
	[GK_F_EXAMINED_ON] = { "examined_on", "审核日期", GK_T_DATE, K(APPLICATION), 0, NULL, "审核时间\0" },
	[GK_F_DELIVERED_ON] = { "delivered_on", "送达日期", GK_T_DATE, K(APPLICATION), 0, NULL, "送达时间\0" },
	[GK_F_ARCHIVED_ON] = { "archived_on", "归档日期", GK_T_DATE, K(APPLICATION), 0, NULL, "归档时间\0" },
	[GK_F_CORRECTION_REQUESTED_ON] = { "correction_requested_on", "补正告知日期", GK_T_DATE, K(APPLICATION), 0, NULL, "补正通知日期\0" },
	[GK_F_CORRECTED_ON] = { "corrected_on", "收到补正日期", GK_T_DATE, K(APPLICATION), 0, NULL, "补正日期\0" },
	[GK_F_CONSULT_SENT_ON] = { "consult_sent_on", "征求意见日期", GK_T_DATE, K(APPLICATION), 0, NULL, "征求第三方意见日期\0" },
	[GK_F_CONSULT_REPLIED_ON] = { "consult_replied_on", "征求意见答复日期", GK_T_DATE, K(APPLICATION), 0, NULL, "第三方答复日期\0" },
	[GK_F_ACTIVITY_ON] = { "activity_on", "活动日期", GK_T_DATE, K(INFO), 0, NULL, "活动举办日期\0" },
};

int gk_field_lookup(const char *name, size_t len)
{
	for (int i = 0; i < GK_NFIELDS; i++)
		if (strlen(gk_fields[i].name) == len &&
		    memcmp(gk_fields[i].name, name, len) == 0)
			return i;
	return -1;
}

/* s (len bytes) is the NUL-separated list's item. */
static int in_list(const char *list, const char *s, size_t len)
{
	for (const char *a = list; a && *a; a += strlen(a) + 1)
		if (strlen(a) == len && memcmp(a, s, len) == 0)
			return 1;
	return 0;
}

int gk_field_by_header(const char *name, size_t len)
{
	/* Spreadsheets pad headers: ASCII and full-width (U+3000) spaces. */
	for (;;) {
		if (len && (*name == ' ' || *name == '\t'))
			name++, len--;
		else if (len >= 3 && !memcmp(name, "\xe3\x80\x80", 3))
			name += 3, len -= 3;
		else
			break;
	}
	for (;;) {
		if (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
			len--;
		else if (len >= 3 && !memcmp(name + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	for (int i = 0; i < GK_NFIELDS; i++) {
		const gk_field_def *d = &gk_fields[i];

		if ((strlen(d->name) == len && strncasecmp(d->name, name, len) == 0) ||
		    (strlen(d->label) == len && memcmp(d->label, name, len) == 0) ||
		    in_list(d->headers, name, len))
			return i;
	}
	return -1;
}

/* Index of s in an enum table by canonical name or alias, or -1. */
static int enum_lookup(const gk_enum_value *v, const char *s, size_t len)
{
	for (int i = 0; v[i].name; i++) {
		if (strlen(v[i].name) == len && memcmp(v[i].name, s, len) == 0)
			return i;
		for (const char *a = v[i].aliases; *a; a += strlen(a) + 1)
			if (strlen(a) == len && memcmp(a, s, len) == 0)
				return i;
	}
	return -1;
}

int gk_kind_lookup(const char *name, size_t len)
{
	return enum_lookup(kind_values, name, len);
}

const char *gk_enum_label(enum gk_field f, const char *canonical)
{
	const gk_enum_value *v = gk_fields[f].values;

	for (int i = 0; v && v[i].name; i++)
		if (strcmp(v[i].name, canonical) == 0)
			return *v[i].aliases ? v[i].aliases : v[i].name;
	return canonical;
}

int gk_field_applies(enum gk_field f, enum gk_kind k)
{
	return (gk_fields[f].kinds & GK_KIND_BIT(k)) != 0;
}

void gk_field_kinds_text(enum gk_field f, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int k = 0; k < GK_NKINDS && n < bufsz; k++)
		if (gk_fields[f].kinds & GK_KIND_BIT(k))
			n += (size_t)snprintf(buf + n, bufsz - n, "%s%s",
					      n ? ", " : "", gk_kind_names[k]);
}

static void values_text(const gk_enum_value *v, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; v[i].name && n < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s",
				      n ? ", " : "", v[i].name);
}

static int problem(char *probbuf, size_t probsz, const char **out,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int problem(char *probbuf, size_t probsz, const char **out,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(probbuf, probsz, _(fmt), ap);
	va_end(ap);
	*out = probbuf;
	return -1;
}

/* Append s (len bytes) to out at *n, keeping room for the NUL. */
static int put(char *out, size_t outsz, size_t *n, const char *s, size_t len)
{
	if (*n + len + 1 > outsz)
		return -1;
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

/* Bytes of s to quote in a message: at most max, never half a UTF-8
 * character. */
static int quote_len(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	if (n < len)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return (int)n;
}

static int all_digits(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Normalise a ';'-separated list: trim items, drop empty ones, map enum
 * items to canonical names (when v is not NULL). */
static int normalize_list(const gk_enum_value *v, const char *in, size_t len,
			  char *out, size_t outsz, char *probbuf, size_t probsz,
			  const char **prob)
{
	size_t n = 0, i = 0;
	char list[256];

	out[0] = '\0';
	while (i <= len) {
		size_t j = i, a, b;

		while (j < len && in[j] != ';')
			j++;
		a = i;
		b = j;
		while (a < b && is_space(in[a]))
			a++;
		while (b > a && is_space(in[b - 1]))
			b--;
		if (b > a) {
			const char *item = in + a;
			size_t ilen = b - a;

			if (v) {
				int e = enum_lookup(v, item, ilen);

				if (e < 0) {
					values_text(v, list, sizeof(list));
					return problem(probbuf, probsz, prob,
						       "'%.*s' is not one of: %s",
						       quote_len(item, ilen, 64), item, list);
				}
				item = v[e].name;
				ilen = strlen(item);
			}
			if ((n && put(out, outsz, &n, ";", 1)) ||
			    put(out, outsz, &n, item, ilen))
				return problem(probbuf, probsz, prob,
					       "value is longer than %zu bytes", outsz - 1);
		}
		i = j + 1;
	}
	return n ? 0 : 1;
}

int gk_field_normalize(enum gk_field f, const char *in, size_t len,
		       char *out, size_t outsz,
		       char *probbuf, size_t probsz, const char **prob)
{
	const gk_field_def *def = &gk_fields[f];
	char list[256];
	gk_day day;
	int e;

	while (len && is_space(*in))
		in++, len--;
	while (len && is_space(in[len - 1]))
		len--;
	out[0] = '\0';
	if (len == 0)
		return 1;
	if (len + 1 > outsz)
		return problem(probbuf, probsz, prob,
			       "value is longer than %zu bytes", outsz - 1);

	switch (def->type) {
	case GK_T_TEXT:
		break;
	case GK_T_ID:
		if (len > 200)
			return problem(probbuf, probsz, prob,
				       "'%.*s...' is longer than 200 bytes",
				       quote_len(in, len, 20), in);
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)in[i] < 0x20 || in[i] == 0x7f)
				return problem(probbuf, probsz, prob,
					       "contains a control character");
		break;
	case GK_T_JURIS: {
		const char *id = gk_juris_by_name(in, len);

		/* 泽州县 is zezhou: people write the name, rules use the id. */
		if (id) {
			snprintf(out, outsz, "%s", id);
			return 0;
		}
	}
		if (len > 64 || !(in[0] >= 'a' && in[0] <= 'z'))
			goto bad_juris;
		for (size_t i = 0; i < len; i++) {
			char c = in[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '-'))
				goto bad_juris;
		}
		break;
	bad_juris:
		return problem(probbuf, probsz, prob,
			       "'%.*s' is not a jurisdiction: expected its id (lowercase "
			       "letters, digits, '-' or '_', such as 'zezhou') or its "
			       "Chinese name (such as 泽州县)",
			       quote_len(in, len, 64), in);
	case GK_T_ENUM:
		e = enum_lookup(def->values, in, len);
		if (e < 0) {
			values_text(def->values, list, sizeof(list));
			return problem(probbuf, probsz, prob,
				       "'%.*s' is not one of: %s",
				       quote_len(in, len, 64), in, list);
		}
		if (strlen(def->values[e].name) + 1 > outsz)
			return problem(probbuf, probsz, prob,
				       "value is longer than %zu bytes", outsz - 1);
		memcpy(out, def->values[e].name, strlen(def->values[e].name) + 1);
		return 0;
	case GK_T_ENUMLIST:
		return normalize_list(def->values, in, len, out, outsz,
				      probbuf, probsz, prob);
	case GK_T_LIST:
		return normalize_list(NULL, in, len, out, outsz,
				      probbuf, probsz, prob);
	case GK_T_DATE:
		/* Stored as ISO whichever way the spreadsheet wrote it. */
		if (gk_date_parse_loose(in, len, &day))
			return problem(probbuf, probsz, prob,
				       "'%.*s' is not a date: expected YYYY-MM-DD "
				       "(or 2021/1/19, 2021.1.19, 2021年1月19日)",
				       quote_len(in, len, 32), in);
		if (outsz <= GK_DATE_LEN)
			return problem(probbuf, probsz, prob,
				       "value is longer than %zu bytes", outsz - 1);
		gk_date_format(day, out);
		return 0;
	case GK_T_FLAG:
		if ((len == 1 && in[0] == '1') || (len == 4 && !memcmp(in, "true", 4)) ||
		    (len == 3 && !memcmp(in, "yes", 3)) || (len == 3 && !memcmp(in, "是", 3))) {
			snprintf(out, outsz, "1");
			return 0;
		}
		if ((len == 1 && in[0] == '0') || (len == 5 && !memcmp(in, "false", 5)) ||
		    (len == 2 && !memcmp(in, "no", 2)) || (len == 3 && !memcmp(in, "否", 3))) {
			snprintf(out, outsz, "0");
			return 0;
		}
		return problem(probbuf, probsz, prob,
			       "'%.*s' is not a flag: expected 1 or 0",
			       quote_len(in, len, 32), in);
	case GK_T_INT:
		if (!all_digits(in, len) || len > 9)
			return problem(probbuf, probsz, prob,
				       "'%.*s' is not a whole number",
				       quote_len(in, len, 32), in);
		while (len > 1 && in[0] == '0')
			in++, len--;
		break;
	case GK_T_PERIOD:
		if (len == 4 && all_digits(in, 4))
			break;
		if (len == 7 && all_digits(in, 4) && in[4] == '-' &&
		    all_digits(in + 5, 2) &&
		    ((in[5] == '0' && in[6] >= '1') || (in[5] == '1' && in[6] <= '2')))
			break;
		return problem(probbuf, probsz, prob,
			       "'%.*s' is not a period: expected YYYY or YYYY-MM",
			       quote_len(in, len, 32), in);
	}
	memcpy(out, in, len);
	out[len] = '\0';
	return 0;
}

/*
 * test_record.c - the record schema and cell validation (engine/record.h).
 *
 * Every cell is copied into a buffer of exactly its length, with no NUL
 * after it, so the sanitizers and valgrind catch a read past in+len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/juris.h"
#include "../../engine/record.h"

static char out[1024];
static char prob[512];
static const char *problem;

/* Normalise len bytes of text for column f into out (outsz bytes). */
static int norm_n(enum gk_field f, const char *text, size_t len, size_t outsz)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	assert_true(outsz <= sizeof(out));
	memcpy(buf, text, len);
	memset(out, 'x', sizeof(out));
	prob[0] = '\0';
	problem = NULL;
	rc = gk_field_normalize(f, buf, len, out, outsz, prob, sizeof(prob), &problem);
	free(buf);
	return rc;
}

#define NORM(f, lit) norm_n(f, lit, sizeof(lit) - 1, sizeof(out))

#define OK(f, lit, want) do { \
	assert_int_equal(NORM(f, lit), 0); \
	assert_string_equal(out, want); \
} while (0)

#define EMPTY(f, lit) do { \
	assert_int_equal(NORM(f, lit), 1); \
	assert_string_equal(out, ""); \
} while (0)

#define BAD(f, lit, want) do { \
	assert_int_equal(NORM(f, lit), -1); \
	assert_ptr_equal(problem, prob); \
	assert_string_equal(problem, want); \
} while (0)

/* ---- lookups ------------------------------------------------------------ */

static void field_lookup(void **state)
{
	(void)state;
	for (int f = 0; f < GK_NFIELDS; f++) {
		assert_non_null(gk_fields[f].name);
		assert_int_equal(gk_field_lookup(gk_fields[f].name,
						 strlen(gk_fields[f].name)), f);
	}
	assert_int_equal(gk_field_lookup("id", 2), GK_F_ID);
	assert_int_equal(gk_field_lookup("published_on", 12), GK_F_PUBLISHED_ON);
	assert_int_equal(gk_field_lookup("event_type", 10), GK_F_EVENT_TYPE);
	/* length-bounded: only len bytes count */
	assert_int_equal(gk_field_lookup("idx", 2), GK_F_ID);
	assert_int_equal(gk_field_lookup("id", 1), -1);
	assert_int_equal(gk_field_lookup("ID", 2), -1);
	assert_int_equal(gk_field_lookup(" id", 3), -1);
	assert_int_equal(gk_field_lookup("publishedon", 11), -1);
	assert_int_equal(gk_field_lookup("", 0), -1);
	assert_int_equal(gk_field_lookup("索引号", strlen("索引号")), -1);
}

static void kind_lookup(void **state)
{
	(void)state;
	for (int k = 0; k < GK_NKINDS; k++)
		assert_int_equal(gk_kind_lookup(gk_kind_names[k],
						strlen(gk_kind_names[k])), k);
	assert_int_equal(gk_kind_lookup("依申请公开", strlen("依申请公开")),
			 GK_KIND_APPLICATION);
	assert_int_equal(gk_kind_lookup("行政处罚决定", strlen("行政处罚决定")),
			 GK_KIND_PENALTY);
	assert_int_equal(gk_kind_lookup("群众文化需求", strlen("群众文化需求")),
			 GK_KIND_DEMAND);
	assert_int_equal(gk_kind_lookup("infox", 4), GK_KIND_INFO);
	assert_int_equal(gk_kind_lookup("inf", 3), -1);
	assert_int_equal(gk_kind_lookup("Info", 4), -1);
	assert_int_equal(gk_kind_lookup("events", 6), -1);
	assert_int_equal(gk_kind_lookup("", 0), -1);
	/* a prefix of an alias is not the alias */
	assert_int_equal(gk_kind_lookup("依申请", strlen("依申请")), -1);
}

/* ---- normalisation, by type --------------------------------------------- */

static void enum_values(void **state)
{
	(void)state;
	OK(GK_F_ATTRIBUTE, "proactive", "proactive");
	OK(GK_F_ATTRIBUTE, "主动公开", "proactive");
	OK(GK_F_ATTRIBUTE, "  主动公开 ", "proactive");
	OK(GK_F_ATTRIBUTE, "依申请公开", "on_request");
	OK(GK_F_ATTRIBUTE, "不予公开", "withheld");
	OK(GK_F_SECRECY, "涉密", "secret");
	OK(GK_F_SECRECY, "公开", "public");
	OK(GK_F_KIND, "依申请公开", "application");
	OK(GK_F_KIND, " event\t", "event");
	OK(GK_F_EVENT_TYPE, "政府开放日", "open_day");
	OK(GK_F_EVENT_TYPE, "satisfaction_survey", "satisfaction_survey");
	BAD(GK_F_ATTRIBUTE, "Proactive",
	    "'Proactive' is not one of: proactive, on_request, withheld");
	BAD(GK_F_ATTRIBUTE, "public",
	    "'public' is not one of: proactive, on_request, withheld");
	BAD(GK_F_SECRECY, "主动公开",
	    "'主动公开' is not one of: public, internal, secret");
	BAD(GK_F_KIND, "report",
	    "'report' is not one of: info, application, penalty, message, demand, task, event");
	/* a list is not one value */
	BAD(GK_F_SECRECY, "public;secret",
	    "'public;secret' is not one of: public, internal, secret");
}

static void enum_lists(void **state)
{
	(void)state;
	OK(GK_F_CHANNELS, "website", "website");
	OK(GK_F_CHANNELS, "政府网站;微信", "website;wechat");
	OK(GK_F_CHANNELS, " 政府网站 ; wechat ;; 公告栏; app ;", "website;wechat;bulletin;app");
	OK(GK_F_CHANNELS, "微博;报纸", "weibo;newspaper");
	EMPTY(GK_F_CHANNELS, " ; ;; ");
	BAD(GK_F_CHANNELS, "website;fax",
	    "'fax' is not one of: website, wechat, weibo, newspaper, bulletin, app, online, onsite");
	BAD(GK_F_CHANNELS, "政府网站; 抖音 ;微信",
	    "'抖音' is not one of: website, wechat, weibo, newspaper, bulletin, app, online, onsite");
	BAD(GK_F_CHANNELS, "website,wechat",
	    "'website,wechat' is not one of: website, wechat, weibo, newspaper, bulletin, app, online, onsite");
}

static void free_lists(void **state)
{
	(void)state;
	OK(GK_F_ELEMENTS, "机构名称;开放时间;机构地址;联系电话;临时停止开放信息",
	   "机构名称;开放时间;机构地址;联系电话;临时停止开放信息");
	OK(GK_F_ELEMENTS, " 机构名称 ;\t开放时间 ;;联系电话 ;", "机构名称;开放时间;联系电话");
	OK(GK_F_ELEMENTS, "a b;c", "a b;c");	/* inner spaces kept */
	EMPTY(GK_F_ELEMENTS, ";;");
}

static void dates(void **state)
{
	(void)state;
	OK(GK_F_FORMED_ON, "2020-02-29", "2020-02-29");
	OK(GK_F_PUBLISHED_ON, " 2021-01-22 ", "2021-01-22");
	/* As Excel, WPS and officers write them: stored as ISO. */
	OK(GK_F_FORMED_ON, "2020-1-1", "2020-01-01");
	OK(GK_F_DUE_ON, "2020/01/01", "2020-01-01");
	OK(GK_F_DUE_ON, "2021/1/19", "2021-01-19");
	OK(GK_F_DUE_ON, "2021.1.19", "2021-01-19");
	OK(GK_F_DUE_ON, "2021年1月19日", "2021-01-19");
	OK(GK_F_DUE_ON, "2021年12月9", "2021-12-09");
	OK(GK_F_REPLIED_ON, "2020-01-01 10:00", "2020-01-01");
	OK(GK_F_REPLIED_ON, "2021/1/19 0:00:00", "2021-01-19");
#define DATE_HINT " is not a date: expected YYYY-MM-DD (or 2021/1/19, 2021.1.19, 2021年1月19日)"
	BAD(GK_F_FORMED_ON, "2021-02-29", "'2021-02-29'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "2021/2/29", "'2021/2/29'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "2021年2月30日", "'2021年2月30日'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "2021/1-19", "'2021/1-19'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "21/1/19", "'21/1/19'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "2021/1/190", "'2021/1/190'" DATE_HINT);
	BAD(GK_F_FORMED_ON, "1/19/2021", "'1/19/2021'" DATE_HINT);
	BAD(GK_F_HELD_ON, "长期", "'长期'" DATE_HINT);
	BAD(GK_F_REPLIED_ON, "2020-01-01 25:00", "'2020-01-01 25:00'" DATE_HINT);
	BAD(GK_F_REPLIED_ON, "2020-01-01 morning", "'2020-01-01 morning'" DATE_HINT);
}

static void flags(void **state)
{
	(void)state;
	OK(GK_F_EXTENDED, "1", "1");
	OK(GK_F_EXTENDED, "true", "1");
	OK(GK_F_EXTENDED, "yes", "1");
	OK(GK_F_EXTENDED, "是", "1");
	OK(GK_F_DIRECT, " 1 ", "1");
	OK(GK_F_REMEDY_NOTICE, "0", "0");
	OK(GK_F_REMEDY_NOTICE, "false", "0");
	OK(GK_F_REMEDY_NOTICE, "no", "0");
	OK(GK_F_REMEDY_NOTICE, "否", "0");
	BAD(GK_F_EXTENDED, "2", "'2' is not a flag: expected 1 or 0");
	BAD(GK_F_EXTENDED, "10", "'10' is not a flag: expected 1 or 0");
	BAD(GK_F_EXTENDED, "y", "'y' is not a flag: expected 1 or 0");
	BAD(GK_F_EXTENDED, "对", "'对' is not a flag: expected 1 or 0");
}

static void integers(void **state)
{
	(void)state;
	OK(GK_F_SAMPLES, "500", "500");
	OK(GK_F_SAMPLES, "0", "0");
	OK(GK_F_SAMPLES, "007", "7");
	OK(GK_F_SAMPLES, "000", "0");
	OK(GK_F_SAMPLES, "123456789", "123456789");
	BAD(GK_F_SAMPLES, "-1", "'-1' is not a whole number");
	BAD(GK_F_SAMPLES, "+5", "'+5' is not a whole number");
	BAD(GK_F_SAMPLES, "1.5", "'1.5' is not a whole number");
	BAD(GK_F_SAMPLES, "1e3", "'1e3' is not a whole number");
	BAD(GK_F_SAMPLES, "5 00", "'5 00' is not a whole number");
	BAD(GK_F_SAMPLES, "五百", "'五百' is not a whole number");
}

static void periods(void **state)
{
	(void)state;
	OK(GK_F_PERIOD, "2020", "2020");
	OK(GK_F_PERIOD, "2020-06", "2020-06");
	OK(GK_F_PERIOD, "2020-01", "2020-01");
	OK(GK_F_PERIOD, "2020-10", "2020-10");
	OK(GK_F_PERIOD, " 2020-12 ", "2020-12");
	BAD(GK_F_PERIOD, "2020-13", "'2020-13' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "2020-00", "'2020-00' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "2020-6", "'2020-6' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "2020-06-01",
	    "'2020-06-01' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "20201", "'20201' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "202", "'202' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "2020/06", "'2020/06' is not a period: expected YYYY or YYYY-MM");
	BAD(GK_F_PERIOD, "2020-1a", "'2020-1a' is not a period: expected YYYY or YYYY-MM");
}

static void jurisdictions(void **state)
{
	char id[80];

	(void)state;
	OK(GK_F_JURISDICTION, "zezhou", "zezhou");
	OK(GK_F_JURISDICTION, " quangang ", "quangang");
	OK(GK_F_JURISDICTION, "a", "a");
	OK(GK_F_JURISDICTION, "shanxi_jc-2", "shanxi_jc-2");
	/* By its Chinese name, as the policy set's units.yaml gives it (the
	 * command registers them): stored as the id. */
	assert_int_equal(gk_juris_register("zezhou", "泽州县"), 0);
	assert_int_equal(gk_juris_register("yinchuan", "银川市"), 0);
	OK(GK_F_JURISDICTION, "泽州县", "zezhou");
	OK(GK_F_JURISDICTION, " 银川市 ", "yinchuan");
	/* a name no directory gives is no jurisdiction */
	assert_int_equal(NORM(GK_F_JURISDICTION, "泉港区"), -1);
	gk_juris_clear();
	BAD(GK_F_JURISDICTION, "Zezhou",
	    "'Zezhou' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	BAD(GK_F_JURISDICTION, "2zezhou",
	    "'2zezhou' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	BAD(GK_F_JURISDICTION, "_zezhou",
	    "'_zezhou' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	BAD(GK_F_JURISDICTION, "ze zhou",
	    "'ze zhou' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	BAD(GK_F_JURISDICTION, "ze.zhou",
	    "'ze.zhou' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	BAD(GK_F_JURISDICTION, "泽州",
	    "'泽州' is not a jurisdiction: expected its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its Chinese name (such as 泽州县)");
	/* 64 bytes is the limit */
	memset(id, 'a', 65);
	assert_int_equal(norm_n(GK_F_JURISDICTION, id, 64, sizeof(out)), 0);
	assert_int_equal(strlen(out), 64);
	assert_int_equal(norm_n(GK_F_JURISDICTION, id, 65, sizeof(out)), -1);
	assert_non_null(strstr(problem, "is not a jurisdiction: expected its id"));
}

static void ids(void **state)
{
	char id[300];

	(void)state;
	OK(GK_F_ID, "a1", "a1");
	OK(GK_F_ID, "\t 11350500-2020-00024 \r\n", "11350500-2020-00024");
	OK(GK_F_ID, "泉港文综〔2020〕24号", "泉港文综〔2020〕24号");
	OK(GK_F_ID, "a b", "a b");
	OK(GK_F_CATALOG_ITEM, "free-opening", "free-opening");
	BAD(GK_F_ID, "a\tb", "contains a control character");
	BAD(GK_F_ID, "a\nb", "contains a control character");
	BAD(GK_F_ID, "a\x01", "contains a control character");
	BAD(GK_F_ID, "a\x7f" "b", "contains a control character");
	BAD(GK_F_ID, "a\0b", "contains a control character");
	BAD(GK_F_CATALOG_ITEM, "x\x1b[1m", "contains a control character");
	/* at most 200 bytes */
	memset(id, 'i', sizeof(id));
	assert_int_equal(norm_n(GK_F_ID, id, 200, sizeof(out)), 0);
	assert_int_equal(strlen(out), 200);
	assert_int_equal(norm_n(GK_F_ID, id, 201, sizeof(out)), -1);
	assert_non_null(strstr(problem, "longer than 200 bytes"));
}

static void text_kept_as_is(void **state)
{
	(void)state;
	OK(GK_F_TITLE, "  关于 2020 年的通知  ", "关于 2020 年的通知");
	OK(GK_F_DOC_NUMBER, "泉港文综〔2020〕24号", "泉港文综〔2020〕24号");
	OK(GK_F_BODY, "line1\nline2", "line1\nline2");
}

static void empty_is_absent(void **state)
{
	(void)state;
	for (int f = 0; f < GK_NFIELDS; f++) {
		assert_int_equal(norm_n((enum gk_field)f, "", 0, sizeof(out)), 1);
		assert_string_equal(out, "");
		assert_int_equal(norm_n((enum gk_field)f, " \t\r\n ", 5, sizeof(out)), 1);
		assert_string_equal(out, "");
	}
}

static void too_long(void **state)
{
	(void)state;
	/* outsz 8: 7 bytes fit, 8 do not */
	assert_int_equal(norm_n(GK_F_TITLE, "1234567", 7, 8), 0);
	assert_string_equal(out, "1234567");
	assert_int_equal(norm_n(GK_F_TITLE, "12345678", 8, 8), -1);
	assert_string_equal(problem, "value is longer than 7 bytes");
	/* trimming happens before the length check */
	assert_int_equal(norm_n(GK_F_TITLE, "  1234567  ", 11, 8), 0);
	assert_string_equal(out, "1234567");
	/* a list that grows past outsz while being normalised */
	assert_int_equal(norm_n(GK_F_CHANNELS, "微信;微信;微信", strlen("微信;微信;微信"), 20), -1);
	assert_string_equal(problem, "value is longer than 19 bytes");
	assert_int_equal(norm_n(GK_F_CHANNELS, "微信;微信", strlen("微信;微信"), 14), 0);
	assert_string_equal(out, "wechat;wechat");
}

static void enum_canonical_longer_than_out(void **state)
{
	(void)state;
	/* "内部" is 6 bytes but its canonical "internal" needs 9 with the
	 * NUL: with outsz 7 the value does not fit and must be refused, not
	 * stored cut short */
	int rc = norm_n(GK_F_SECRECY, "内部", strlen("内部"), 7);

	if (rc == 0)
		assert_string_equal(out, "internal");
	assert_int_equal(rc, -1);
	assert_non_null(problem);
}

/* 1 if s is well-formed UTF-8. */
static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 :
			(*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (n < 0)
			return 0;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static void long_value_quoted_on_char_boundary(void **state)
{
	/* a problem quotes at most a prefix of the value; the cut must not
	 * split a character, or the message is not UTF-8 */
	static const struct { enum gk_field f; int chars; } cases[] = {
		{ GK_F_ID, 67 },		/* 201 bytes, quoted to 20 */
		{ GK_F_JURISDICTION, 30 },	/* quoted to 64 */
		{ GK_F_ATTRIBUTE, 30 },		/* quoted to 64 */
		{ GK_F_FORMED_ON, 20 },		/* quoted to 32 */
		{ GK_F_EXTENDED, 20 },
		{ GK_F_SAMPLES, 20 },
		{ GK_F_PERIOD, 20 },
	};
	char text[512], bad[256] = "";
	size_t nbad = 0;

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t len = 0;

		for (int i = 0; i < cases[c].chars; i++, len += 3)
			memcpy(text + len, "泉", 3);
		assert_int_equal(norm_n(cases[c].f, text, len, sizeof(out)), -1);
		assert_non_null(problem);
		if (!valid_utf8(problem))
			nbad += (size_t)snprintf(bad + nbad, sizeof(bad) - nbad, "%s%s",
						 nbad ? " " : "", gk_fields[cases[c].f].name);
	}
	/* the columns whose problem text is not UTF-8 */
	assert_string_equal(bad, "");
}

static void applies(void **state)
{
	char buf[128];

	(void)state;
	for (int k = 0; k < GK_NKINDS; k++) {
		assert_true(gk_field_applies(GK_F_ID, (enum gk_kind)k));
		assert_true(gk_field_applies(GK_F_JURISDICTION, (enum gk_kind)k));
		assert_true(gk_field_applies(GK_F_KIND, (enum gk_kind)k));
		assert_true(gk_field_applies(GK_F_TITLE, (enum gk_kind)k));
		assert_true(gk_field_applies(GK_F_PUBLISHER, (enum gk_kind)k));
	}
	assert_true(gk_field_applies(GK_F_SAMPLES, GK_KIND_EVENT));
	assert_false(gk_field_applies(GK_F_SAMPLES, GK_KIND_INFO));
	assert_true(gk_field_applies(GK_F_FORMED_ON, GK_KIND_PENALTY));
	assert_true(gk_field_applies(GK_F_FORMED_ON, GK_KIND_TASK));
	assert_false(gk_field_applies(GK_F_FORMED_ON, GK_KIND_APPLICATION));
	assert_true(gk_field_applies(GK_F_RECEIVED_ON, GK_KIND_MESSAGE));
	assert_false(gk_field_applies(GK_F_RECEIVED_ON, GK_KIND_INFO));
	assert_true(gk_field_applies(GK_F_EXTENDED, GK_KIND_APPLICATION));
	assert_false(gk_field_applies(GK_F_EXTENDED, GK_KIND_DEMAND));
	assert_true(gk_field_applies(GK_F_DIRECT, GK_KIND_DEMAND));
	assert_true(gk_field_applies(GK_F_CHANNELS, GK_KIND_PENALTY));
	assert_false(gk_field_applies(GK_F_CHANNELS, GK_KIND_DEMAND));
	assert_true(gk_field_applies(GK_F_ELEMENTS, GK_KIND_EVENT));
	assert_false(gk_field_applies(GK_F_ELEMENTS, GK_KIND_TASK));
	assert_true(gk_field_applies(GK_F_BODY, GK_KIND_MESSAGE));
	assert_false(gk_field_applies(GK_F_BODY, GK_KIND_APPLICATION));
	assert_true(gk_field_applies(GK_F_DUE_ON, GK_KIND_TASK));
	assert_false(gk_field_applies(GK_F_DUE_ON, GK_KIND_EVENT));

	gk_field_kinds_text(GK_F_FORMED_ON, buf, sizeof(buf));
	assert_string_equal(buf, "info, penalty, task");
	gk_field_kinds_text(GK_F_SAMPLES, buf, sizeof(buf));
	assert_string_equal(buf, "event");
	gk_field_kinds_text(GK_F_ID, buf, sizeof(buf));
	assert_string_equal(buf, "info, application, penalty, message, demand, task, event");
}

static void schema_table(void **state)
{
	(void)state;
	/* only id, jurisdiction and kind are required; enums carry values */
	for (int f = 0; f < GK_NFIELDS; f++) {
		const gk_field_def *d = &gk_fields[f];

		assert_int_equal(d->required,
				 f == GK_F_ID || f == GK_F_JURISDICTION || f == GK_F_KIND);
		assert_int_equal(d->values != NULL,
				 d->type == GK_T_ENUM || d->type == GK_T_ENUMLIST);
		assert_non_null(d->label);
		assert_true(d->kinds != 0);
		assert_true((d->kinds & ~(unsigned)GK_KINDS_ALL) == 0);
	}
}

/* Every column is found by its name, its Chinese name and each of its
 * other headers, and no header names two columns: a column added later
 * with a header another has fails here. */
static void headers(void **state)
{
	(void)state;
	for (int f = 0; f < GK_NFIELDS; f++) {
		const gk_field_def *d = &gk_fields[f];

		assert_non_null(d->headers);
		assert_int_equal(gk_field_by_header(d->name, strlen(d->name)), f);
		assert_int_equal(gk_field_by_header(d->label, strlen(d->label)), f);
		for (const char *h = d->headers; *h; h += strlen(h) + 1)
			assert_int_equal(gk_field_by_header(h, strlen(h)), f);
		for (int g = 0; g < f; g++) {
			const gk_field_def *e = &gk_fields[g];

			assert_string_not_equal(d->label, e->label);
			for (const char *h = d->headers; *h; h += strlen(h) + 1) {
				assert_string_not_equal(h, e->label);
				for (const char *k = e->headers; *k; k += strlen(k) + 1)
					assert_string_not_equal(h, k);
			}
			for (const char *k = e->headers; *k; k += strlen(k) + 1)
				assert_string_not_equal(d->label, k);
		}
	}
	assert_int_equal(gk_field_by_header("发布机构", strlen("发布机构")), GK_F_PUBLISHER);
	assert_int_equal(gk_field_by_header("成文日期", strlen("成文日期")), GK_F_FORMED_ON);
	assert_int_equal(gk_field_by_header("发布日期", strlen("发布日期")), GK_F_PUBLISHED_ON);
	assert_int_equal(gk_field_by_header(" Published_On\t", strlen(" Published_On\t")),
			 GK_F_PUBLISHED_ON);
	assert_int_equal(gk_field_by_header("\u3000索引号\u3000", strlen("\u3000索引号\u3000")),
			 GK_F_ID);
	assert_int_equal(gk_field_by_header("索引", strlen("索引")), -1);
	assert_int_equal(gk_field_by_header("", 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers),
		cmocka_unit_test(field_lookup),
		cmocka_unit_test(kind_lookup),
		cmocka_unit_test(enum_values),
		cmocka_unit_test(enum_lists),
		cmocka_unit_test(free_lists),
		cmocka_unit_test(dates),
		cmocka_unit_test(flags),
		cmocka_unit_test(integers),
		cmocka_unit_test(periods),
		cmocka_unit_test(jurisdictions),
		cmocka_unit_test(ids),
		cmocka_unit_test(text_kept_as_is),
		cmocka_unit_test(empty_is_absent),
		cmocka_unit_test(too_long),
		cmocka_unit_test(enum_canonical_longer_than_out),
		cmocka_unit_test(long_value_quoted_on_char_boundary),
		cmocka_unit_test(applies),
		cmocka_unit_test(schema_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

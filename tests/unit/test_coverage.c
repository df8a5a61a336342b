/*
 * test_coverage.c - a folder's coverage map, requirements.yaml
 * (stores/requirements_yaml.h, engine/coverage.h): what is read, how it
 * is counted, and every problem reported with its position.
 *
 * Inputs are copied into buffers of exactly their length (no NUL after),
 * so the sanitizers and valgrind catch a read past buf+len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stores/policyset/requirements_yaml.h"

static gk_error err;
static gk_requirements *reqs;
static char reported[8][512];
static int nreported, problems;

static void collect(void *ud, const char *msg)
{
	(void)ud;
	if (nreported < 8)
		snprintf(reported[nreported++], sizeof(reported[0]), "%s", msg);
}

/* Parse text; with_report: problems are collected, not errors. */
static int parse(const char *text, int with_report)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	gk_requirements_free(reqs);
	reqs = NULL;
	nreported = problems = 0;
	gk_error_clear(&err);
	rc = gk_requirements_parse("r.yaml", buf, len, &reqs, with_report ? collect : NULL, NULL,
				   &problems, &err);
	free(buf);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	gk_requirements_free(reqs);
	reqs = NULL;
	return 0;
}

static const char good[] =
	"documents:\n"
	"  - source: 文件甲\n"
	"    requirements:\n"
	"      - clause: 第一条\n"
	"        quote: 应当在20个工作日内公开。\n"
	"        rules: [B1]\n"
	"      - clause: 第二条\n"
	"        quote: 应当答复并告知救济途径。\n"
	"        rules: [B2, S4]\n"
	"        reason: 告知的期限是否正确，记录不能显示。\n"
	"  - source: 文件乙\n"
	"    requirements:\n"
	"      - clause: 一、\n"
	"        quote: 坚持以人民为中心。\n"
	"        general: true\n"
	"        reason: 指导思想。\n"
	"      - clause: 二、\n"
	"        quote: 应当征求意见。\n"
	"        reason: 没有征求意见的记录。\n";

static void reads_documents_and_requirements(void **state)
{
	const gk_requirement *r;

	(void)state;
	assert_int_equal(parse(good, 0), 0);
	assert_string_equal(reqs->file, "r.yaml");
	assert_int_equal(reqs->nsources, 2);
	assert_string_equal(reqs->sources[0], "文件甲");
	assert_int_equal(reqs->nreqs, 4);
	r = &reqs->reqs[1];
	assert_ptr_equal(r->source, reqs->sources[0]);
	assert_string_equal(r->clause, "第二条");
	assert_string_equal(r->quote, "应当答复并告知救济途径。");
	assert_int_equal(r->nrules, 2);
	assert_string_equal(r->rules[1].id, "S4");
	assert_int_equal(r->rules[1].line, 9);
	assert_int_equal(r->rules[1].col, 21);
	assert_int_equal(r->line, 7);
	assert_ptr_equal(reqs->reqs[2].source, reqs->sources[1]);
	assert_int_equal(reqs->reqs[2].general, 1);
	assert_int_equal(gk_requirement_status(&reqs->reqs[0]), GK_REQ_CHECKED);
	assert_int_equal(gk_requirement_status(&reqs->reqs[1]), GK_REQ_PARTLY);
	assert_int_equal(gk_requirement_status(&reqs->reqs[3]), GK_REQ_UNCHECKED);
}

static void counts_by_document(void **state)
{
	gk_req_counts all = { 0 }, first = { 0 }, second = { 0 };

	(void)state;
	assert_int_equal(parse(good, 0), 0);
	gk_req_count(reqs, NULL, &all);
	gk_req_count(reqs, reqs->sources[0], &first);
	gk_req_count(reqs, reqs->sources[1], &second);
	assert_int_equal(all.requirements, 4);
	assert_int_equal(all.checked, 2);
	assert_int_equal(all.partly, 1);
	assert_int_equal(all.unchecked, 2);
	assert_int_equal(all.general, 1);
	assert_int_equal(first.requirements, 2);
	assert_int_equal(first.checked, 2);
	assert_int_equal(second.requirements, 2);
	assert_int_equal(second.unchecked, 2);
}

static const char bad[] =
	"documents:\n"
	"  - source: 文件甲\n"
	"    requirements:\n"
	"      - clause: 第一条\n"                       /* 4: neither rules nor reason */
	"        quote: 应当公开。\n"
	"      - clause: 第二条\n"                       /* 6: unknown key */
	"        quote: 应当答复。\n"
	"        rule: [B2]\n"
	"      - clause: 第三条\n"                       /* 9: fine */
	"        quote: 应当审查。\n"
	"        rules: [Y3]\n"
	"      - clause: 第四条\n"                       /* 12: general without reason */
	"        quote: 坚持原则。\n"
	"        general: true\n"
	"        rules: [B1]\n"
	"      - quote: 没有条款。\n"                    /* 16: no clause */
	"        reason: 无。\n"
	"      - clause: 第五条\n"                       /* 18: a rule twice */
	"        quote: 应当。\n"
	"        rules: [B1, B1]\n"
	"  - source: 文件乙\n"
	"    requirement: []\n";                       /* 22: unknown key */

static void reports_every_problem_with_its_position(void **state)
{
	(void)state;
	assert_int_equal(parse(bad, 1), 0);
	assert_int_equal(problems, 6);
	assert_int_equal(nreported, 6);
	assert_string_equal(reported[0], "r.yaml:4:9: requirement 第一条: give the rules that "
			    "check it (rules: [B1]) or the reason records cannot show it and what "
			    "data would (reason: …)");
	assert_string_equal(reported[1], "r.yaml:8:9: unknown key 'rule' (expected clause, quote, "
			    "rules, reason, general)");
	assert_string_equal(reported[2], "r.yaml:12:9: requirement 第四条: general: true needs a "
			    "reason (why it is no duty a record could show)");
	assert_string_equal(reported[3], "r.yaml:16:9: missing 'clause'");
	assert_string_equal(reported[4], "r.yaml:20:21: rule 'B1' is listed twice");
	assert_string_equal(reported[5], "r.yaml:22:5: unknown key 'requirement' (expected source, "
			    "requirements)");
	/* The requirements without problems are kept. */
	assert_int_equal(reqs->nreqs, 1);
	assert_string_equal(reqs->reqs[0].clause, "第三条");
}

static void without_report_the_first_problem_fails(void **state)
{
	(void)state;
	assert_int_equal(parse(bad, 0), GK_EINVAL);
	assert_null(reqs);
	assert_string_equal(err.msg, "r.yaml:4:9: requirement 第一条: give the rules that check it "
			    "(rules: [B1]) or the reason records cannot show it and what data would "
			    "(reason: …)");
}

static void a_file_that_is_not_a_map_of_documents(void **state)
{
	(void)state;
	assert_int_equal(parse("- 第一条\n", 1), 0);
	assert_int_equal(problems, 1);
	assert_string_equal(reported[0], "r.yaml:1:1: expected documents: a list of { source:, "
			    "requirements: }");
	assert_int_equal(reqs->nreqs, 0);
	assert_int_equal(parse("documents: [\n", 1), 0);
	assert_int_equal(problems, 1);
	assert_int_equal(strncmp(reported[0], "r.yaml:2:1: ", 12), 0);
	assert_int_equal(parse("document:\n  - source: 甲\n", 1), 0);
	assert_string_equal(reported[0], "r.yaml:1:1: unknown key 'document' (expected documents)");
	assert_int_equal(parse("documents:\n  - source: 甲\n    requirements:\n"
			       "      - { clause: 一, quote: 甲, rules: {B1: 1} }\n", 1), 0);
	assert_int_equal(strncmp(reported[0], "r.yaml:4:39: rules: a list of rule ids", 38), 0);
}

static void an_empty_file_has_no_requirements_but_a_problem(void **state)
{
	(void)state;
	assert_int_equal(parse("", 1), 0);
	assert_int_equal(problems, 1);
	assert_int_equal(reqs->nreqs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(reads_documents_and_requirements, teardown),
		cmocka_unit_test_teardown(counts_by_document, teardown),
		cmocka_unit_test_teardown(reports_every_problem_with_its_position, teardown),
		cmocka_unit_test_teardown(without_report_the_first_problem_fails, teardown),
		cmocka_unit_test_teardown(a_file_that_is_not_a_map_of_documents, teardown),
		cmocka_unit_test_teardown(an_empty_file_has_no_requirements_but_a_problem, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_schedule.c - task schedule files (stores/schedule.h): the real
 * policies/quangang/tasks.yaml (泉港文综〔2020〕24号 附件1) and small
 * inline files for the rows and the error messages.
 *
 * The policy set is found at $GK_TOP/policies (tests/run.sh exports
 * GK_TOP), else ./policies.  Inline inputs are copied into a buffer of
 * exactly their length, with no NUL after it, so the sanitizers and
 * valgrind catch a read past buf+len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/record.h"
#include "../../stores/import/schedule.h"

#define MAX_ROWS 64
#define MAX_CELLS 16

/* A row copied out of the callback. */
struct row {
	char *file;
	int line;
	int ncells;
	char *key[MAX_CELLS];
	char *val[MAX_CELLS];
};

static struct row rows[MAX_ROWS];
static int nrows;
static int stop_after;	/* the callback fails on this row, when non-zero */
static gk_error err;

static char *real_path;
static char *real_buf;
static size_t real_len;

static void reset_rows(void)
{
	for (int i = 0; i < nrows; i++) {
		free(rows[i].file);
		for (int j = 0; j < rows[i].ncells; j++) {
			free(rows[i].key[j]);
			free(rows[i].val[j]);
		}
	}
	memset(rows, 0, sizeof(rows));
	nrows = 0;
	stop_after = 0;
	gk_error_clear(&err);
}

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static int collect(void *ud, const gk_row *row, gk_error *e)
{
	struct row *r;

	(void)ud;
	if (stop_after && nrows + 1 == stop_after)
		return gk_error_set(e, GK_EPOLICY, "stopped at line %d", row->line);
	assert_true(nrows < MAX_ROWS);
	assert_true(row->ncells <= MAX_CELLS);
	assert_non_null(row->file);
	assert_true(row->line >= 1);
	r = &rows[nrows++];
	r->file = dup_or_die(row->file);
	r->line = row->line;
	r->ncells = row->ncells;
	for (int i = 0; i < row->ncells; i++) {
		const gk_cell *c = &row->cells[i];

		/* the reader.h contract: NUL-terminated, exact lengths,
		 * cells numbered from 1, every value present */
		assert_int_equal(strlen(c->key), c->keylen);
		assert_int_equal(strlen(c->val), c->vallen);
		assert_int_equal(c->col, i + 1);
		assert_int_equal(c->present, 1);
		r->key[i] = dup_or_die(c->key);
		r->val[i] = dup_or_die(c->val);
	}
	return 0;
}

/* The value of key in row r, or NULL when the row has no such cell. */
static const char *cell(const struct row *r, const char *key)
{
	const char *found = NULL;

	for (int i = 0; i < r->ncells; i++)
		if (strcmp(r->key[i], key) == 0) {
			assert_null(found);	/* a key once per row */
			found = r->val[i];
		}
	return found;
}

/* The row of task number no in the real file (ids QG-TASK-NN). */
static const struct row *task(int no)
{
	char id[32];

	snprintf(id, sizeof(id), "QG-TASK-%02d", no);
	for (int i = 0; i < nrows; i++)
		if (strcmp(cell(&rows[i], "id"), id) == 0)
			return &rows[i];
	fail_msg("no row %s", id);
	return NULL;
}

/* Read text (as a buffer of exactly its length) named "t.yaml". */
static int read_text(const char *text)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	reset_rows();
	rc = gk_schedule_read("t.yaml", buf, len, collect, NULL, &err);
	free(buf);
	return rc;
}

/* Read text expecting an error whose message is exactly msg, and no rows. */
static void expect_error(const char *text, const char *msg)
{
	int rc = read_text(text);

	if (rc != GK_EINVAL || strcmp(err.msg, msg) != 0)
		fail_msg("expected GK_EINVAL \"%s\"\n     got rc %d \"%s\"", msg, rc, err.msg);
	assert_int_equal(nrows, 0);
}

/* Line number (1-based) of the first line of buf that is exactly s. */
static int line_of(const char *buf, size_t len, const char *s)
{
	const char *p = buf, *end = buf + len;
	int line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n == strlen(s) && memcmp(p, s, n) == 0)
			return line;
		p += n + 1;
		line++;
	}
	return -1;
}

static int load_real(void **state)
{
	const char *top = getenv("GK_TOP");
	FILE *f;
	long n;

	(void)state;
	if (asprintf(&real_path, "%s/policies/quangang/tasks.yaml",
		     top && *top ? top : ".") < 0)
		return -1;
	f = fopen(real_path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", real_path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(real_buf = malloc((size_t)n)) ||
	    fread(real_buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", real_path);
		fclose(f);
		return -1;
	}
	fclose(f);
	real_len = (size_t)n;
	return 0;
}

static int free_real(void **state)
{
	(void)state;
	reset_rows();
	free(real_buf);
	free(real_path);
	real_buf = real_path = NULL;
	return 0;
}

/* Before every case on the real file: read it afresh. */
static int read_real(void **state)
{
	int rc;

	(void)state;
	reset_rows();
	rc = gk_schedule_read(real_path, real_buf, real_len, collect, NULL, &err);
	if (rc) {
		fprintf(stderr, "cannot read the schedule: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* ---- the real file ------------------------------------------------------ */

static void real_has_18_tasks_in_order(void **state)
{
	char id[32];

	(void)state;
	assert_int_equal(nrows, 18);
	for (int i = 0; i < nrows; i++) {
		snprintf(id, sizeof(id), "QG-TASK-%02d", i + 1);
		assert_string_equal(cell(&rows[i], "id"), id);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(cell(&rows[j], "id"), id);
		if (i > 0)
			assert_true(rows[i].line > rows[i - 1].line);
	}
}

static void real_rows_are_quangang_tasks(void **state)
{
	(void)state;
	for (int i = 0; i < nrows; i++) {
		assert_string_equal(rows[i].file, real_path);
		assert_string_equal(cell(&rows[i], "jurisdiction"), "quangang");
		assert_string_equal(cell(&rows[i], "kind"), "task");
		/* the notice is dated 2020年7月15日 */
		assert_string_equal(cell(&rows[i], "formed_on"), "2020-07-15");
		assert_non_null(cell(&rows[i], "title"));
		assert_non_null(cell(&rows[i], "implementer"));
		/* nobody has recorded progress in the transcription */
		assert_null(cell(&rows[i], "completed_on"));
	}
}

static void real_due_dates(void **state)
{
	(void)state;
	assert_string_equal(cell(task(1), "due_on"), "2020-07-20");	/* 2020年7月20日前 */
	assert_string_equal(cell(task(2), "due_on"), "2020-07-20");
	assert_string_equal(cell(task(3), "due_on"), "2020-10-20");	/* 2020年10月20日前 */
	assert_string_equal(cell(task(4), "due_on"), "2020-10-31");	/* 2020年10月31日前 */
	assert_string_equal(cell(task(5), "due_on"), "2021-12-31");	/* 2021年12月底 */
	assert_string_equal(cell(task(8), "due_on"), "2021-06-30");	/* 2021年6月底 */
	assert_string_equal(cell(task(10), "due_on"), "2020-12-31");	/* 2020年12月底 */
	assert_string_equal(cell(task(12), "due_on"), "2021-06-30");
	assert_string_equal(cell(task(17), "due_on"), "2021-12-31");
	assert_string_equal(cell(task(18), "due_on"), "2020-07-31");	/* 2020年7月31日前 */
}

static void real_ongoing_tasks_have_no_due_on(void **state)
{
	int ongoing = 0;

	(void)state;
	assert_null(cell(task(7), "due_on"));	/* 长期 */
	assert_null(cell(task(15), "due_on"));	/* 长期 */
	for (int i = 0; i < nrows; i++)
		ongoing += cell(&rows[i], "due_on") == NULL;
	assert_int_equal(ongoing, 2);
}

static void real_implementers(void **state)
{
	(void)state;
	assert_string_equal(cell(task(1), "implementer"), "审批股");
	assert_string_equal(cell(task(3), "implementer"), "文化股");
	assert_string_equal(cell(task(6), "implementer"), "综合股、审批股");
	assert_string_equal(cell(task(8), "implementer"), "图书馆");
	assert_string_equal(cell(task(10), "implementer"), "各股室");
	assert_string_equal(cell(task(15), "implementer"), "旅游股");
	assert_string_equal(cell(task(18), "implementer"), "综合股");
}

static void real_titles(void **state)
{
	(void)state;
	assert_string_equal(cell(task(1), "title"),
			    "（1）梳理规范权责清单，动态调整更新"
			    "（工作任务：全面梳理政务公开事项；指导单位：编办）");
	/* a guiding-unit cell broken over two lines in the source, joined */
	assert_string_equal(cell(task(4), "title"),
			    "（4）建立政务公开事项目录体系并统一公开"
			    "（工作任务：编制政务公开事项目录；指导单位：政府办、市场监管局）");
	assert_string_equal(cell(task(7), "title"),
			    "（7）推进政务网站和政务新媒体的数据融通"
			    "（工作任务：加强政府系统政府新媒体建设；"
			    "指导单位：工信局、行政服务中心管委会）");
	assert_string_equal(cell(task(16), "title"),
			    "（16）在网站、新媒体，第三方平台公众化、便民服务中心建立上下联动、数据共享。"
			    "（工作任务：全面推行“互联网+政务服务”；"
			    "指导单位：政府办、网信办、工信局、行政服务中心管委会）");
}

static void real_lines_point_at_the_task(void **state)
{
	(void)state;
	assert_int_equal(task(1)->line, line_of(real_buf, real_len, "  - no: 1"));
	assert_int_equal(task(7)->line, line_of(real_buf, real_len, "  - no: 7"));
	assert_int_equal(task(18)->line, line_of(real_buf, real_len, "  - no: 18"));
}

/* Every cell is an interchange column for kind task with a valid value,
 * so the importer takes the rows as they are. */
static void real_rows_are_valid_records(void **state)
{
	char out[1024], prob[256];
	const char *problem;

	(void)state;
	for (int i = 0; i < nrows; i++)
		for (int j = 0; j < rows[i].ncells; j++) {
			int f = gk_field_lookup(rows[i].key[j], strlen(rows[i].key[j]));

			assert_true(f >= 0);
			assert_true(gk_field_applies((enum gk_field)f, GK_KIND_TASK));
			problem = NULL;
			if (gk_field_normalize((enum gk_field)f, rows[i].val[j],
					       strlen(rows[i].val[j]), out, sizeof(out),
					       prob, sizeof(prob), &problem) != 0)
				fail_msg("%s %s=%s: %s", cell(&rows[i], "id"), rows[i].key[j],
					 rows[i].val[j], problem ? problem : "empty");
		}
}

/* ---- inline files: rows ------------------------------------------------- */

static const char minimal[] =
	"jurisdiction: x\n"
	"issued_on: 2021-03-01\n"
	"tasks:\n"
	"  - no: 2\n"
	"    task: 做事\n"
	"    responsible: 综合股\n"
	"    due: 2021-06-30\n"
	"    completed: 2021-06-29\n"
	"  - no: 1\n"
	"    task: 长做\n"
	"    responsible: 审批股\n"
	"    due: 长期\n";

static void minimal_file(void **state)
{
	(void)state;
	assert_int_equal(read_text(minimal), 0);
	assert_int_equal(nrows, 2);
	/* file order, default id prefix "<jurisdiction>-task-" */
	assert_string_equal(rows[0].file, "t.yaml");
	assert_int_equal(rows[0].line, 4);
	assert_int_equal(rows[1].line, 9);
	assert_string_equal(cell(&rows[0], "id"), "x-task-02");
	assert_string_equal(cell(&rows[1], "id"), "x-task-01");
	/* the exact cells, in order */
	assert_int_equal(rows[0].ncells, 8);
	assert_string_equal(rows[0].key[0], "id");
	assert_string_equal(rows[0].key[1], "jurisdiction");
	assert_string_equal(rows[0].key[2], "kind");
	assert_string_equal(rows[0].key[3], "title");
	assert_string_equal(rows[0].key[4], "implementer");
	assert_string_equal(rows[0].key[5], "formed_on");
	assert_string_equal(rows[0].key[6], "due_on");
	assert_string_equal(rows[0].key[7], "completed_on");
	assert_string_equal(rows[0].val[1], "x");
	assert_string_equal(rows[0].val[2], "task");
	assert_string_equal(rows[0].val[3], "（2）做事");	/* no item, no guiding */
	assert_string_equal(rows[0].val[4], "综合股");
	assert_string_equal(rows[0].val[5], "2021-03-01");
	assert_string_equal(rows[0].val[6], "2021-06-30");
	assert_string_equal(rows[0].val[7], "2021-06-29");
	/* 长期 is ongoing: no due_on; nothing completed: no completed_on */
	assert_int_equal(rows[1].ncells, 6);
	assert_null(cell(&rows[1], "due_on"));
	assert_null(cell(&rows[1], "completed_on"));
}

static void id_prefix_and_title_parts(void **state)
{
	(void)state;
	assert_int_equal(read_text(
		"document: \"X〔2021〕1号\"\n"
		"jurisdiction: x_y-2\n"
		"id_prefix: \"X 2021/\"\n"
		"issued_on: '2021-03-01'\n"
		"tasks:\n"
		"- {no: 5, item: 甲, task: 乙, responsible: 丙, due: ongoing}\n"
		"- {no: 100, guiding: 丁、戊, task: 乙, responsible: 丙, due: \"2021-12-31\"}\n"
		"- no: 7\n"
		"  task: 乙\n"
		"  responsible: 丙\n"
		"  due: 2021-12-31\n"
		"  item: ~\n"
		"  guiding:\n"), 0);
	assert_int_equal(nrows, 3);
	assert_string_equal(cell(&rows[0], "id"), "X 2021/05");
	assert_string_equal(cell(&rows[1], "id"), "X 2021/100");
	assert_string_equal(cell(&rows[0], "jurisdiction"), "x_y-2");
	assert_string_equal(cell(&rows[0], "title"), "（5）乙（工作任务：甲）");
	assert_string_equal(cell(&rows[1], "title"), "（100）乙（指导单位：丁、戊）");
	/* null values are absent */
	assert_string_equal(cell(&rows[2], "title"), "（7）乙");
	assert_int_equal(rows[0].line, 6);
	assert_int_equal(rows[1].line, 7);
	assert_int_equal(rows[2].line, 8);
}

static void callback_error_stops(void **state)
{
	size_t len = strlen(minimal);
	char *buf = malloc(len);
	int rc;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, minimal, len);
	reset_rows();
	stop_after = 2;
	rc = gk_schedule_read("t.yaml", buf, len, collect, NULL, &err);
	free(buf);
	assert_int_equal(rc, GK_EPOLICY);
	assert_string_equal(err.msg, "stopped at line 9");
	assert_int_equal(nrows, 1);
}

static void is_schedule_name(void **state)
{
	(void)state;
	assert_int_equal(gk_schedule_is("policies/quangang/tasks.yaml"), 1);
	assert_int_equal(gk_schedule_is("tasks.yml"), 1);
	assert_int_equal(gk_schedule_is("TASKS.YAML"), 1);
	assert_int_equal(gk_schedule_is("tasks.csv"), 0);
	assert_int_equal(gk_schedule_is("tasks.jsonl"), 0);
	assert_int_equal(gk_schedule_is("tasks.yaml.csv"), 0);
	assert_int_equal(gk_schedule_is("dir.yaml/tasks"), 0);
	assert_int_equal(gk_schedule_is("yaml"), 0);
	assert_int_equal(gk_schedule_is(""), 0);
	assert_int_equal(gk_schedule_is(NULL), 0);
}

/* ---- inline files: errors ----------------------------------------------- */

#define HEAD "jurisdiction: x\nissued_on: 2021-03-01\ntasks:\n"
/* one good task: lines 4-7 */
#define TASK1 "  - no: 1\n    task: a\n    responsible: b\n    due: 2021-06-30\n"

static void error_unknown_keys(void **state)
{
	(void)state;
	expect_error("jurisdiction: x\nissued: 2021-03-01\ntasks:\n" TASK1,
		     "t.yaml:2:1: unknown key 'issued' (expected document, issued_on, "
		     "jurisdiction, id_prefix, tasks)");
	expect_error(HEAD TASK1
		     "  - no: 2\n    task: a\n    resposible: b\n    due: 2021-06-30\n",
		     "t.yaml:10:5: unknown key 'resposible' in a task (expected no, item, "
		     "task, responsible, guiding, due, completed)");
	expect_error(HEAD "  - no: 1\n    task: a\n    responsible: b\n    due: 2021-06-30\n"
		     "    done: 2021-06-01\n",
		     "t.yaml:8:5: unknown key 'done' in a task (expected no, item, "
		     "task, responsible, guiding, due, completed)");
}

static void error_missing_keys(void **state)
{
	(void)state;
	expect_error(HEAD TASK1 "  - no: 2\n    responsible: b\n    due: 2021-06-30\n",
		     "t.yaml:8:5: missing 'task' in task 2");
	expect_error(HEAD TASK1 "  - no: 2\n    task: a\n    due: 2021-06-30\n",
		     "t.yaml:8:5: missing 'responsible' in task 2");
	expect_error(HEAD TASK1 "  - no: 2\n    task: a\n    responsible: b\n",
		     "t.yaml:8:5: missing 'due' in task 2");
	expect_error(HEAD TASK1 "  - no: 2\n    task: a\n    responsible: b\n    due:\n",
		     "t.yaml:8:5: missing 'due' in task 2");
	expect_error(HEAD "  - task: a\n    responsible: b\n    due: 2021-06-30\n",
		     "t.yaml:4:5: missing 'no' in a task");
	expect_error(HEAD "  - no: 1\n    task: \"\"\n    responsible: b\n    due: 2021-06-30\n",
		     "t.yaml:5:11: 'task' is empty");
	expect_error("issued_on: 2021-03-01\ntasks:\n" TASK1,
		     "t.yaml:1:1: missing 'jurisdiction'");
	expect_error("jurisdiction: x\ntasks:\n" TASK1,
		     "t.yaml:1:1: missing 'issued_on' (the date of the document)");
	expect_error("jurisdiction: x\nissued_on: 2021-03-01\n",
		     "t.yaml:1:1: missing 'tasks' (a list of tasks)");
	expect_error(HEAD, "t.yaml:1:1: missing 'tasks' (a list of tasks)");
	expect_error("jurisdiction: x\nissued_on: 2021-03-01\ntasks: []\n",
		     "t.yaml:3:8: 'tasks' must be a list of at least one task");
}

static void error_bad_dates(void **state)
{
	(void)state;
	expect_error(HEAD "  - no: 1\n    task: a\n    responsible: b\n    due: 2021-02-29\n",
		     "t.yaml:7:10: due '2021-02-29' is not a date: expected YYYY-MM-DD, "
		     "or ongoing (长期) for a task without a deadline");
	expect_error(HEAD "  - no: 1\n    task: a\n    responsible: b\n    due: 2020年7月20日前\n",
		     "t.yaml:7:10: due '2020年7月20日前' is not a date: expected YYYY-MM-DD, "
		     "or ongoing (长期) for a task without a deadline");
	expect_error(HEAD TASK1 "    completed: 2021-6-1\n",
		     "t.yaml:8:16: completed '2021-6-1' is not a date: expected YYYY-MM-DD");
	expect_error("jurisdiction: x\nissued_on: 2020年7月15日\ntasks:\n" TASK1,
		     "t.yaml:2:12: issued_on '2020年7月15日' is not a date: expected YYYY-MM-DD");
}

static void error_bad_numbers(void **state)
{
	(void)state;
	expect_error(HEAD TASK1 "  - no: 3\n    task: a\n    responsible: b\n    due: 2021-06-30\n"
		     "  - no: 1\n    task: c\n    responsible: d\n    due: ongoing\n",
		     "t.yaml:12:9: task number 1 appears twice (first on line 4)");
	/* the same number written another way is the same task */
	expect_error(HEAD TASK1 "  - no: '01'\n    task: c\n    responsible: d\n    due: ongoing\n",
		     "t.yaml:8:9: task number 1 appears twice (first on line 4)");
	expect_error(HEAD "  - no: （1）\n    task: a\n    responsible: b\n    due: ongoing\n",
		     "t.yaml:4:9: no '（1）' is not a task number: expected 1 to 999");
	expect_error(HEAD "  - no: 0\n    task: a\n    responsible: b\n    due: ongoing\n",
		     "t.yaml:4:9: no '0' is not a task number: expected 1 to 999");
	expect_error(HEAD "  - no: 1000\n    task: a\n    responsible: b\n    due: ongoing\n",
		     "t.yaml:4:9: no '1000' is not a task number: expected 1 to 999");
	expect_error(HEAD "  - no: -1\n    task: a\n    responsible: b\n    due: ongoing\n",
		     "t.yaml:4:9: no '-1' is not a task number: expected 1 to 999");
	expect_error(HEAD "  - no: 99999999999999999999\n    task: a\n    responsible: b\n"
		     "    due: ongoing\n",
		     "t.yaml:4:9: no '99999999999999999999' is not a task number: expected 1 to 999");
}

static void error_bad_shapes(void **state)
{
	(void)state;
	expect_error("", "t.yaml: expected a map with jurisdiction, issued_on and tasks");
	expect_error("- a\n- b\n",
		     "t.yaml:1:1: expected a map with jurisdiction, issued_on and tasks");
	expect_error(HEAD "  - just a task\n",
		     "t.yaml:4:5: expected a task {no, task, responsible, due, ...}");
	expect_error("jurisdiction: x\nissued_on: 2021-03-01\ntasks:\n  no: 1\n",
		     "t.yaml:4:3: 'tasks' must be a list of at least one task");
	expect_error(HEAD "  - no: 1\n    task: a\n    responsible: [b, c]\n    due: ongoing\n",
		     "t.yaml:6:18: 'responsible' must be text, not a list");
	expect_error("jurisdiction: Quangang\nissued_on: 2021-03-01\ntasks:\n" TASK1,
		     "t.yaml:1:15: 'Quangang' is not a jurisdiction: expected its id "
		     "(lowercase letters, digits, '-' or '_', such as 'zezhou') or its "
		     "Chinese name (such as 泽州县)");
	expect_error(HEAD "  - no: 1\n    task: \"a\\0b\"\n    responsible: b\n    due: ongoing\n",
		     "t.yaml:5:11: 'task' contains a NUL byte");
	expect_error("id_prefix: \"QG\\tTASK-\"\n" HEAD TASK1,
		     "t.yaml:1:12: id_prefix: contains a control character");
}

static void error_yaml_syntax(void **state)
{
	int rc;

	(void)state;
	rc = read_text(HEAD "  - no: 1\n    task: [a\n    responsible: b\n");
	assert_int_equal(rc, GK_EINVAL);
	assert_int_equal(nrows, 0);
	assert_true(strncmp(err.msg, "t.yaml:", 7) == 0);
	/* a key twice is refused by the tree builder, with both lines */
	expect_error(HEAD "  - no: 1\n    task: a\n    task: b\n    responsible: b\n"
		     "    due: ongoing\n",
		     "t.yaml:6:5: key 'task' appears twice (first on line 5)");
}

/* A mistake in the last task: no rows at all, not the first ones. */
static void broken_file_yields_no_rows(void **state)
{
	(void)state;
	expect_error(HEAD TASK1 TASK1,
		     "t.yaml:8:9: task number 1 appears twice (first on line 4)");
	expect_error(HEAD TASK1 "  - no: 2\n    task: a\n    responsible: b\n    due: soon\n",
		     "t.yaml:11:10: due 'soon' is not a date: expected YYYY-MM-DD, "
		     "or ongoing (长期) for a task without a deadline");
}

static int teardown_rows(void **state)
{
	(void)state;
	reset_rows();
	return 0;
}

int main(void)
{
	const struct CMUnitTest real[] = {
		cmocka_unit_test_setup(real_has_18_tasks_in_order, read_real),
		cmocka_unit_test_setup(real_rows_are_quangang_tasks, read_real),
		cmocka_unit_test_setup(real_due_dates, read_real),
		cmocka_unit_test_setup(real_ongoing_tasks_have_no_due_on, read_real),
		cmocka_unit_test_setup(real_implementers, read_real),
		cmocka_unit_test_setup(real_titles, read_real),
		cmocka_unit_test_setup(real_lines_point_at_the_task, read_real),
		cmocka_unit_test_setup(real_rows_are_valid_records, read_real),
	};
	const struct CMUnitTest inline_files[] = {
		cmocka_unit_test_teardown(minimal_file, teardown_rows),
		cmocka_unit_test_teardown(id_prefix_and_title_parts, teardown_rows),
		cmocka_unit_test_teardown(callback_error_stops, teardown_rows),
		cmocka_unit_test(is_schedule_name),
		cmocka_unit_test_teardown(error_unknown_keys, teardown_rows),
		cmocka_unit_test_teardown(error_missing_keys, teardown_rows),
		cmocka_unit_test_teardown(error_bad_dates, teardown_rows),
		cmocka_unit_test_teardown(error_bad_numbers, teardown_rows),
		cmocka_unit_test_teardown(error_bad_shapes, teardown_rows),
		cmocka_unit_test_teardown(error_yaml_syntax, teardown_rows),
		cmocka_unit_test_teardown(broken_file_yields_no_rows, teardown_rows),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("schedule", real,
					      load_real, free_real);
	failed += cmocka_run_group_tests_name("schedule_file", inline_files,
					      NULL, NULL);
	return failed ? 1 : 0;
}

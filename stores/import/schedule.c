/* schedule.c - task schedule files to `task` rows (see schedule.h).
 *
 * The file is parsed into a node tree (yaml.h), checked whole, and only
 * then turned into rows, so a mistake on the last task yields no rows at
 * all.  Each row's strings are built just before its callback and freed
 * right after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../engine/i18n.h"
#include "../../engine/date.h"
#include "../../engine/record.h"
#include "../../engine/buf.h"
#include "schedule.h"
#include "../yaml.h"

#define MAX_NO 999
#define QUOTE_MAX 60	/* bytes of a bad value quoted in a message */

static const char *const top_keys[] = {
	"document", "issued_on", "jurisdiction", "id_prefix", "tasks", NULL
};
static const char *const task_keys[] = {
	"no", "item", "task", "responsible", "guiding", "due", "completed", NULL
};
#define TOP_KEYS_TEXT "document, issued_on, jurisdiction, id_prefix, tasks"
#define TASK_KEYS_TEXT "no, item, task, responsible, guiding, due, completed"

struct task {
	const gk_yaml_node *map;
	const gk_yaml_node *item, *task, *responsible, *guiding, *due, *completed;
	int no;
	int ongoing;
};

/* How many bytes of s to quote: at most QUOTE_MAX, not cutting a UTF-8
 * sequence in two. */
static int quote_len(const char *s)
{
	size_t n = strlen(s);

	if (n <= QUOTE_MAX)
		return (int)n;
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static const char *ellipsis(const char *s)
{
	return strlen(s) > QUOTE_MAX ? "..." : "";
}

static int check_keys(const gk_yaml_doc *doc, const gk_yaml_node *map,
		      const char *const *allowed, const char *allowed_text,
		      const char *where, gk_error *err)
{
	for (size_t i = 0; i < map->n; i += 2) {
		const gk_yaml_node *k = map->items[i];
		int ok = 0;

		for (size_t j = 0; allowed[j] && !ok; j++)
			ok = strcmp(k->str, allowed[j]) == 0;
		if (!ok)
			return gk_yaml_error(doc, k, err,
					     "unknown key '%.*s%s'%s (expected %s)",
					     quote_len(k->str), k->str, ellipsis(k->str),
					     where, allowed_text);
	}
	return 0;
}

/*
 * The text value of key in map into *out.  Absent or null: an error at the
 * map when required, else *out = NULL.  Not a scalar, an empty string or a
 * NUL byte inside: an error at the value.
 */
static int get_text(const gk_yaml_doc *doc, const gk_yaml_node *map,
		    const char *key, int required, const char *where,
		    const gk_yaml_node **out, gk_error *err)
{
	const gk_yaml_node *v = gk_yaml_get(map, key);

	*out = NULL;
	if (gk_yaml_is_null(v)) {
		if (required)
			return gk_yaml_error(doc, map, err, "missing '%s'%s", key, where);
		return 0;
	}
	if (v->type != GK_YAML_SCALAR)
		return gk_yaml_error(doc, v, err, "'%s' must be text, not a %s",
				     key, v->type == GK_YAML_SEQ ? "list" : "map");
	if (strlen(v->str) != v->len)
		return gk_yaml_error(doc, v, err, "'%s' contains a NUL byte", key);
	if (v->len == 0)
		return gk_yaml_error(doc, v, err, "'%s' is empty", key);
	*out = v;
	return 0;
}

static int check_date(const gk_yaml_doc *doc, const gk_yaml_node *v,
		      const char *key, const char *also, gk_error *err)
{
	gk_day d;

	if (gk_date_parse(v->str, v->len, &d))
		return gk_yaml_error(doc, v, err,
				     "%s '%.*s%s' is not a date: expected YYYY-MM-DD%s",
				     key, quote_len(v->str), v->str, ellipsis(v->str), also);
	return 0;
}

static int parse_no(const gk_yaml_doc *doc, const gk_yaml_node *v, int *no,
		    gk_error *err)
{
	long n = 0;

	for (size_t i = 0; i < v->len; i++) {
		if (v->str[i] < '0' || v->str[i] > '9' || n > MAX_NO) {
			n = -1;
			break;
		}
		n = n * 10 + (v->str[i] - '0');
	}
	if (n < 1 || n > MAX_NO)
		return gk_yaml_error(doc, v, err,
				     "no '%.*s%s' is not a task number: expected 1 to %d",
				     quote_len(v->str), v->str, ellipsis(v->str), MAX_NO);
	*no = (int)n;
	return 0;
}

static int check_task(const gk_yaml_doc *doc, const gk_yaml_node *map,
		      struct task *t, gk_error *err)
{
	const gk_yaml_node *no;
	char where[32];
	int rc;

	memset(t, 0, sizeof(*t));
	t->map = map;
	if (map->type != GK_YAML_MAP)
		return gk_yaml_error(doc, map, err,
				     "expected a task {no, task, responsible, due, ...}");
	if ((rc = check_keys(doc, map, task_keys, TASK_KEYS_TEXT, " in a task", err)) ||
	    (rc = get_text(doc, map, "no", 1, " in a task", &no, err)) ||
	    (rc = parse_no(doc, no, &t->no, err)))
		return rc;
	snprintf(where, sizeof(where), " in task %d", t->no);
	if ((rc = get_text(doc, map, "item", 0, where, &t->item, err)) ||
	    (rc = get_text(doc, map, "task", 1, where, &t->task, err)) ||
	    (rc = get_text(doc, map, "responsible", 1, where, &t->responsible, err)) ||
	    (rc = get_text(doc, map, "guiding", 0, where, &t->guiding, err)) ||
	    (rc = get_text(doc, map, "due", 1, where, &t->due, err)) ||
	    (rc = get_text(doc, map, "completed", 0, where, &t->completed, err)))
		return rc;
	if (strcmp(t->due->str, GK_SCHEDULE_ONGOING) == 0 ||
	    strcmp(t->due->str, "长期") == 0)
		t->ongoing = 1;
	else if ((rc = check_date(doc, t->due, "due",
				  _(", or ongoing (长期) for a task without a deadline"), err)))
		return rc;
	if (t->completed && (rc = check_date(doc, t->completed, "completed", "", err)))
		return rc;
	return 0;
}

static char *make_title(const struct task *t)
{
	gk_buf s = GK_BUF_INIT;
	int bad;

	bad = gk_buf_addf(&s, "（%d）%s", t->no, t->task->str) != 0;
	if (!bad && (t->item || t->guiding))
		bad = gk_buf_addf(&s, "（%s%s%s%s%s）", t->item ? "工作任务：" : "",
				  t->item ? t->item->str : "", t->item && t->guiding ? "；" : "",
				  t->guiding ? "指导单位：" : "", t->guiding ? t->guiding->str : "") != 0;
	if (bad) {
		gk_buf_release(&s);
		return NULL;
	}
	return gk_buf_detach(&s);
}

static void set_cell(gk_cell *c, int *n, const char *key, const char *val)
{
	c[*n].key = key;
	c[*n].keylen = strlen(key);
	c[*n].val = val;
	c[*n].vallen = strlen(val);
	c[*n].present = 1;
	c[*n].col = *n + 1;
	(*n)++;
}

static int emit(const char *file, const struct task *t, const char *prefix,
		const char *jurisdiction, const char *issued_on,
		gk_row_fn fn, void *ud, gk_error *err)
{
	gk_cell cells[8];
	gk_row row;
	char *id = NULL, *title;
	int n = 0, rc;

	title = make_title(t);
	if (!title || asprintf(&id, "%s%02d", prefix, t->no) < 0) {
		free(title);
		return GK_OOM(err);
	}
	set_cell(cells, &n, "id", id);
	set_cell(cells, &n, "jurisdiction", jurisdiction);
	set_cell(cells, &n, "kind", "task");
	set_cell(cells, &n, "title", title);
	set_cell(cells, &n, "implementer", t->responsible->str);
	set_cell(cells, &n, "formed_on", issued_on);
	if (!t->ongoing)
		set_cell(cells, &n, "due_on", t->due->str);
	if (t->completed)
		set_cell(cells, &n, "completed_on", t->completed->str);
	row.file = file;
	row.line = t->map->line;
	row.cells = cells;
	row.ncells = n;
	rc = fn(ud, &row, err);
	free(id);
	free(title);
	return rc;
}

int gk_schedule_read(const char *file, const char *buf, size_t len,
		     gk_row_fn fn, void *ud, gk_error *err)
{
	gk_yaml_doc *doc = NULL;
	const gk_yaml_node *root, *juris, *issued, *prefix_node, *document, *tasks;
	struct task *list = NULL;
	char *prefix = NULL;
	char canon[256], probbuf[256];
	const char *prob = NULL;
	int rc;

	if ((rc = gk_yaml_parse(file, buf ? buf : "", buf ? len : 0, &doc, err)))
		return rc;
	root = doc->root;
	if (!root || root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, root, err,
				   "expected a map with jurisdiction, issued_on and tasks");
		goto cleanup;
	}
	if ((rc = check_keys(doc, root, top_keys, TOP_KEYS_TEXT, "", err)) ||
	    (rc = get_text(doc, root, "document", 0, "", &document, err)) ||
	    (rc = get_text(doc, root, "jurisdiction", 1, "", &juris, err)) ||
	    (rc = get_text(doc, root, "issued_on", 1, _(" (the date of the document)"),
			   &issued, err)) ||
	    (rc = get_text(doc, root, "id_prefix", 0, "", &prefix_node, err)) ||
	    (rc = check_date(doc, issued, "issued_on", "", err)))
		goto cleanup;
	if (gk_field_normalize(GK_F_JURISDICTION, juris->str, juris->len, canon,
			       sizeof(canon), probbuf, sizeof(probbuf), &prob) ||
	    strcmp(canon, juris->str) != 0) {
		rc = gk_yaml_error(doc, juris, err, "%s",
				   prob ? prob : _("the jurisdiction id has spaces around it"));
		goto cleanup;
	}
	if (prefix_node)
		prefix = strdup(prefix_node->str);
	else if (asprintf(&prefix, "%s-task-", juris->str) < 0)
		prefix = NULL;
	if (!prefix) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	/* the prefix is most of the id: refuse what an id may not hold */
	if (gk_field_normalize(GK_F_ID, prefix, strlen(prefix), canon,
			       sizeof(canon) - 8, probbuf, sizeof(probbuf), &prob) ||
	    strcmp(canon, prefix) != 0) {
		rc = gk_yaml_error(doc, prefix_node, err, "id_prefix: %s",
				   prob ? prob : _("has spaces around it"));
		goto cleanup;
	}

	tasks = gk_yaml_get(root, "tasks");
	if (gk_yaml_is_null(tasks)) {
		rc = gk_yaml_error(doc, root, err, "missing 'tasks' (a list of tasks)");
		goto cleanup;
	}
	if (tasks->type != GK_YAML_SEQ || tasks->n == 0) {
		rc = gk_yaml_error(doc, tasks, err,
				   "'tasks' must be a list of at least one task");
		goto cleanup;
	}
	list = calloc(tasks->n, sizeof(*list));
	if (!list) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	for (size_t i = 0; i < tasks->n; i++) {
		if ((rc = check_task(doc, tasks->items[i], &list[i], err)))
			goto cleanup;
		for (size_t j = 0; j < i; j++)
			if (list[j].no == list[i].no) {
				rc = gk_yaml_error(doc, gk_yaml_get(list[i].map, "no"), err,
						   "task number %d appears twice (first on line %d)",
						   list[i].no, list[j].map->line);
				goto cleanup;
			}
	}
	for (size_t i = 0; i < tasks->n; i++)
		if ((rc = emit(file, &list[i], prefix, juris->str, issued->str,
			       fn, ud, err)))
			goto cleanup;
cleanup:
	free(list);
	free(prefix);
	gk_yaml_free(doc);
	return rc;
}

int gk_schedule_is(const char *path)
{
	const char *slash, *dot;

	if (!path)
		return 0;
	slash = strrchr(path, '/');
	dot = strrchr(slash ? slash + 1 : path, '.');
	if (!dot)
		return 0;
	return !strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml");
}

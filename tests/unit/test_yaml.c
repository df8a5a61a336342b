/*
 * test_yaml.c - YAML documents as trees with positions (stores/yaml.h).
 *
 * Every input is copied into a buffer of exactly its length, with no NUL
 * after it, so the sanitizers and valgrind catch a read past buf+len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stores/policyset/units_yaml.h"
#include "../../stores/yaml.h"

static gk_error err;
static gk_yaml_doc *doc;

static int parse(const char *text)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	gk_yaml_free(doc);
	doc = (gk_yaml_doc *)(uintptr_t)1;
	gk_error_clear(&err);
	rc = gk_yaml_parse("t.yaml", buf, len, &doc, &err);
	free(buf);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	gk_yaml_free(doc);
	doc = NULL;
	return 0;
}

#define FAILS(text, want) do { \
	assert_int_equal(parse(text), GK_EINVAL); \
	assert_null(doc); \
	assert_int_equal(err.code, GK_EINVAL); \
	assert_string_equal(err.msg, want); \
} while (0)

static void check_scalar(const gk_yaml_node *n, const char *str, int line,
			 int col, int plain)
{
	assert_non_null(n);
	assert_int_equal(n->type, GK_YAML_SCALAR);
	assert_string_equal(n->str, str);
	assert_int_equal(n->len, strlen(str));
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
	assert_int_equal(n->plain, plain);
	assert_int_equal(n->n, 0);
}

static void map_seq_scalar_positions(void **state)
{
	const gk_yaml_node *r, *b, *c;

	(void)state;
	assert_int_equal(parse("a: 1\n"
			       "b:\n"
			       "  - x\n"
			       "  - 'y z'\n"
			       "c: {d: \"e\", f: [g, h]}\n"), 0);
	r = doc->root;
	assert_non_null(r);
	assert_string_equal(doc->name, "t.yaml");
	assert_int_equal(r->type, GK_YAML_MAP);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->col, 1);
	assert_int_equal(r->n, 6);
	check_scalar(r->items[0], "a", 1, 1, 1);
	check_scalar(r->items[1], "1", 1, 4, 1);
	check_scalar(r->items[2], "b", 2, 1, 1);
	b = r->items[3];
	assert_int_equal(b->type, GK_YAML_SEQ);
	assert_int_equal(b->line, 3);
	assert_int_equal(b->col, 3);
	assert_int_equal(b->n, 2);
	check_scalar(b->items[0], "x", 3, 5, 1);
	check_scalar(b->items[1], "y z", 4, 5, 0);
	check_scalar(r->items[4], "c", 5, 1, 1);
	c = r->items[5];
	assert_int_equal(c->type, GK_YAML_MAP);
	assert_int_equal(c->line, 5);
	assert_int_equal(c->col, 4);
	assert_int_equal(c->n, 4);
	check_scalar(c->items[0], "d", 5, 5, 1);
	check_scalar(c->items[1], "e", 5, 8, 0);
	assert_int_equal(c->items[3]->type, GK_YAML_SEQ);
	assert_int_equal(c->items[3]->line, 5);
	assert_int_equal(c->items[3]->col, 16);
	check_scalar(c->items[3]->items[0], "g", 5, 17, 1);
	check_scalar(c->items[3]->items[1], "h", 5, 20, 1);
}

static void scalar_root_and_empty(void **state)
{
	(void)state;
	assert_int_equal(parse("hello world\n"), 0);
	check_scalar(doc->root, "hello world", 1, 1, 1);
	assert_int_equal(parse(""), 0);
	assert_non_null(doc);
	assert_null(doc->root);
	assert_int_equal(parse("# only a comment\n\n"), 0);
	assert_null(doc->root);
	assert_int_equal(parse("- a\n- b\n"), 0);
	assert_int_equal(doc->root->type, GK_YAML_SEQ);
	assert_int_equal(doc->root->n, 2);
}

static void multiline_and_utf8(void **state)
{
	(void)state;
	assert_int_equal(parse("# comment\n"
			       "\n"
			       "名称: 泽州县\n"
			       "text: |\n"
			       "  line one\n"
			       "  line two\n"), 0);
	/* columns count characters, as an editor shows them */
	check_scalar(doc->root->items[0], "名称", 3, 1, 1);
	check_scalar(doc->root->items[1], "泽州县", 3, 5, 1);
	check_scalar(doc->root->items[3], "line one\nline two\n", 4, 7, 0);
}

static void many_items(void **state)
{
	char buf[8192];
	size_t n = 0;

	(void)state;
	/* enough pairs to make the item arrays grow several times */
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "k%d: [%d, %d]\n", i, i, -i);
	assert_int_equal(parse(buf), 0);
	assert_int_equal(doc->root->n, 600);
	for (int i = 0; i < 300; i++) {
		char key[16], v[16];
		const gk_yaml_node *k = doc->root->items[2 * i];
		const gk_yaml_node *s = doc->root->items[2 * i + 1];

		snprintf(key, sizeof(key), "k%d", i);
		snprintf(v, sizeof(v), "%d", -i);
		assert_string_equal(k->str, key);
		assert_int_equal(k->line, i + 1);
		assert_int_equal(s->type, GK_YAML_SEQ);
		assert_int_equal(s->n, 2);
		assert_string_equal(s->items[1]->str, v);
		assert_ptr_equal(gk_yaml_get(doc->root, key), s);
	}
}

static void duplicate_key(void **state)
{
	(void)state;
	FAILS("a: 1\nb: 2\na: 3\n",
	      "t.yaml:3:1: key 'a' appears twice (first on line 1)");
	FAILS("m:\n  k: 1\n  j: 2\n  k: 3\n",
	      "t.yaml:4:3: key 'k' appears twice (first on line 2)");
	FAILS("{x: 1, x: 2}\n",
	      "t.yaml:1:8: key 'x' appears twice (first on line 1)");
	/* quoting does not make it another key */
	FAILS("a: 1\n'a': 2\n",
	      "t.yaml:2:1: key 'a' appears twice (first on line 1)");
	/* the same key in two different maps is fine */
	assert_int_equal(parse("p: {k: 1}\nq: {k: 2}\n"), 0);
}

static void aliases_refused(void **state)
{
	(void)state;
	FAILS("a: &x 1\nb: *x\n",
	      "t.yaml:2:4: aliases (*name) are not supported: write the value out");
	FAILS("a: &l [1, 2]\nb:\n  - *l\n",
	      "t.yaml:3:5: aliases (*name) are not supported: write the value out");
	FAILS("base: &b {x: 1}\nother:\n  <<: *b\n",
	      "t.yaml:3:7: aliases (*name) are not supported: write the value out");
}

static void multiple_documents_refused(void **state)
{
	(void)state;
	FAILS("a: 1\n---\nb: 2\n",
	      "t.yaml:2: a second document ('---') is not supported");
	FAILS("---\na: 1\n...\n---\nb: 2\n",
	      "t.yaml:4: a second document ('---') is not supported");
	/* one explicit document is fine */
	assert_int_equal(parse("---\na: 1\n...\n"), 0);
	assert_int_equal(doc->root->type, GK_YAML_MAP);
	check_scalar(doc->root->items[0], "a", 2, 1, 1);
}

static void non_scalar_key_refused(void **state)
{
	(void)state;
	FAILS("? [a, b]\n: 1\n", "t.yaml:1:3: a key must be plain text");
	FAILS("{? {a: 1} : 2}\n", "t.yaml:1:4: a key must be plain text");
}

static void malformed(void **state)
{
	static const char *bad[] = {
		"a: [1, 2\n",
		"a: {b: 1\n",
		"a: 'open\n",
		"a:\n\t- 1\n",
		"a: 1\n b: 2\n",
		"- a\nb: c\n",
		"a: \"\\q\"\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned line = 0, col = 0;
		int used = 0;

		assert_int_equal(parse(bad[i]), GK_EINVAL);
		assert_null(doc);
		assert_int_equal(strncmp(err.msg, "t.yaml:", 7), 0);
		assert_int_equal(sscanf(err.msg + 7, "%u:%u: %n", &line, &col, &used), 2);
		assert_true(used > 0);
		assert_true(line >= 1 && line <= 3);
		assert_true(col >= 1);
		assert_true(strlen(err.msg + 7 + used) > 0);
	}
	/* a flow sequence left open: libyaml notices at the end of input */
	FAILS("a: [1, 2\n",
	      "t.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence");
}

static void too_deep(void **state)
{
	char buf[256];
	int depth = 100;

	(void)state;
	for (int i = 0; i < depth; i++)
		buf[i] = '[';
	for (int i = 0; i < depth; i++)
		buf[depth + i] = ']';
	buf[2 * depth] = '\0';
	assert_int_equal(parse(buf), GK_EINVAL);
	assert_null(doc);
	assert_string_equal(err.msg, "t.yaml:1: nested deeper than 64 levels");
	/* 60 levels is fine */
	buf[60] = '\0';
	memset(buf + 60, ']', 60);
	buf[120] = '\0';
	memset(buf, '[', 60);
	assert_int_equal(parse(buf), 0);
}

static void get(void **state)
{
	const gk_yaml_node *v;

	(void)state;
	assert_int_equal(parse("name: x\nlist: [a]\nempty:\n'quoted key': 2\n"), 0);
	v = gk_yaml_get(doc->root, "name");
	check_scalar(v, "x", 1, 7, 1);
	v = gk_yaml_get(doc->root, "list");
	assert_non_null(v);
	assert_int_equal(v->type, GK_YAML_SEQ);
	v = gk_yaml_get(doc->root, "quoted key");
	check_scalar(v, "2", 4, 15, 1);
	v = gk_yaml_get(doc->root, "empty");
	assert_non_null(v);
	assert_true(gk_yaml_is_null(v));
	assert_null(gk_yaml_get(doc->root, "missing"));
	assert_null(gk_yaml_get(doc->root, "nam"));
	assert_null(gk_yaml_get(doc->root, "x"));	/* values are not keys */
	/* not a map */
	assert_null(gk_yaml_get(gk_yaml_get(doc->root, "list"), "a"));
	assert_null(gk_yaml_get(gk_yaml_get(doc->root, "name"), "x"));
	assert_null(gk_yaml_get(NULL, "name"));
}

static void is_null(void **state)
{
	const gk_yaml_node *r;

	(void)state;
	assert_int_equal(parse("a: ~\nb: null\nc:\nd: 'null'\ne: \"\"\nf: 0\ng: []\n"
			       "h: '~'\ni: nullx\nj: {}\n"), 0);
	r = doc->root;
	assert_true(gk_yaml_is_null(gk_yaml_get(r, "a")));
	assert_true(gk_yaml_is_null(gk_yaml_get(r, "b")));
	assert_true(gk_yaml_is_null(gk_yaml_get(r, "c")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "d")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "e")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "f")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "g")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "h")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "i")));
	assert_false(gk_yaml_is_null(gk_yaml_get(r, "j")));
	assert_true(gk_yaml_is_null(NULL));
	assert_true(gk_yaml_is_null(gk_yaml_get(r, "missing")));
}

static void error_at_node(void **state)
{
	(void)state;
	assert_int_equal(parse("a:\n  b: [1, 2]\n"), 0);
	gk_error_clear(&err);
	assert_int_equal(gk_yaml_error(doc, gk_yaml_get(gk_yaml_get(doc->root, "a"), "b"),
				       &err, "expected %s, not %d items", "a map", 2),
			 GK_EINVAL);
	assert_int_equal(err.code, GK_EINVAL);
	assert_string_equal(err.msg, "t.yaml:2:6: expected a map, not 2 items");
	assert_int_equal(gk_yaml_error(doc, NULL, &err, "no node"), GK_EINVAL);
	assert_string_equal(err.msg, "t.yaml: no node");
}

/* ---- units.yaml ------------------------------------------------------ */

static gk_units *units;

static int units_parse(const char *text)
{
	gk_units_free(units);
	units = NULL;
	gk_error_clear(&err);
	return gk_units_parse("u.yaml", text, strlen(text), &units, &err);
}

static int units_teardown(void **state)
{
	(void)state;
	gk_units_free(units);
	units = NULL;
	return 0;
}

static void units_directory(void **state)
{
	const gk_unit *u;

	(void)state;
	assert_int_equal(units_parse("name: 泉港区\nunits:\n"
				     "  - { name: 泉港区文化体育和旅游局, type: 行政部门 }\n"
				     "  - { name: 泉港区图书馆, type: 公共文化服务机构, venue: true,"
				     " aliases: [区图书馆] }\n"
				     "  - { name: 泉港区南埔镇人民政府, type: 乡镇 }\n"), 0);
	assert_string_equal(units->name, "泉港区");
	assert_int_equal(units->nunits, 3);
	assert_int_equal(units->nvenues, 1);
	u = gk_units_find(units, "区图书馆", strlen("区图书馆"));
	assert_non_null(u);
	assert_string_equal(u->name, "泉港区图书馆");
	assert_int_equal(u->type, GK_UNIT_CULTURAL);
	assert_true(u->venue);
	assert_int_equal(gk_units_find(units, "泉港区南埔镇人民政府", 30)->type, GK_UNIT_TOWN);
	assert_null(gk_units_find(units, "泉港区博物馆", strlen("泉港区博物馆")));
	assert_null(gk_units_find(units, "泉港区图书", strlen("泉港区图书")));
}

static void units_errors(void **state)
{
	(void)state;
	assert_int_equal(units_parse("name: 甲\nunits:\n  - { name: 乙, type: 剧场 }\n"), GK_EINVAL);
	assert_string_equal(err.msg, "u.yaml:3:22: unit '乙': unknown type '剧场' (types: 行政部门, "
			    "执法机构, 公共文化服务机构, 乡镇, 其他)");
	assert_int_equal(units_parse("name: 甲\nunit:\n  - { name: 乙, type: 乡镇 }\n"), GK_EINVAL);
	assert_string_equal(err.msg, "u.yaml:2:1: unknown key 'unit' (expected name, units)");
	assert_int_equal(units_parse("name: 甲\nunits:\n  - { name: 乙, type: 乡镇 }\n"
				     "  - { name: 丙, type: 乡镇, aliases: [乙] }\n"), GK_EINVAL);
	assert_string_equal(err.msg, "u.yaml:4:5: unit name '乙' is already used on line 3");
	assert_int_equal(units_parse("units:\n  - { name: 乙, type: 乡镇 }\n"), GK_EINVAL);
	assert_string_equal(err.msg, "u.yaml:1:1: missing 'name'");
	assert_int_equal(units_parse("name: 甲\nunits:\n  - { name: 乙, type: 乡镇, venue: 是 }\n"),
			 GK_EINVAL);
	assert_string_equal(err.msg, "u.yaml:3:33: venue is true or false");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(map_seq_scalar_positions, teardown),
		cmocka_unit_test_teardown(scalar_root_and_empty, teardown),
		cmocka_unit_test_teardown(multiline_and_utf8, teardown),
		cmocka_unit_test_teardown(many_items, teardown),
		cmocka_unit_test_teardown(duplicate_key, teardown),
		cmocka_unit_test_teardown(aliases_refused, teardown),
		cmocka_unit_test_teardown(multiple_documents_refused, teardown),
		cmocka_unit_test_teardown(non_scalar_key_refused, teardown),
		cmocka_unit_test_teardown(malformed, teardown),
		cmocka_unit_test_teardown(too_deep, teardown),
		cmocka_unit_test_teardown(get, teardown),
		cmocka_unit_test_teardown(is_null, teardown),
		cmocka_unit_test_teardown(error_at_node, teardown),
		cmocka_unit_test_teardown(units_directory, units_teardown),
		cmocka_unit_test_teardown(units_errors, units_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

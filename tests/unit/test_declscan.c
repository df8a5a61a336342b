/*
 * test_declscan.c - finding rule declarations in a policy file's text
 * (engine/declscan.c), the one view of "which rules a file declares" that
 * log, blame and the loader share.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../engine/declscan.h"
#include "../../engine/rules.h"

struct scan {
	gk_decl *d;
	size_t n;
};

static void scan(struct scan *s, const char *text)
{
	gk_error err;

	assert_int_equal(gk_declscan(text, strlen(text), &s->d, &s->n, &err), 0);
}

static void expect(const struct scan *s, size_t i, int type, const char *id, int first, int last)
{
	assert_true(i < s->n);
	assert_int_equal(s->d[i].type, type);
	assert_string_equal(s->d[i].id, id);
	assert_int_equal(s->d[i].first, first);
	assert_int_equal(s->d[i].last, last);
}

static void multi_line_declarations(void **state)
{
	static const char text[] =
		"-- B1 主动公开\n"
		"\n"
		"deadline \"B1\" {\n"
		"  basis = \"}\",   -- } a brace in a comment\n"
		"  message = [[ { ]],\n"
		"  when = { attribute = \"proactive\" },\n"
		"}\n"
		"\n"
		"rule 'S4' {\n"
		"  check = function(r) if r.x then return '{' end end,\n"
		"}\n";
	struct scan s;

	(void)state;
	scan(&s, text);
	assert_int_equal(s.n, 2);
	expect(&s, 0, GK_RULE_DEADLINE, "B1", 3, 7);
	expect(&s, 1, GK_RULE_LUA, "S4", 9, 11);
	/* The bytes are whole lines: first line's start to past the last. */
	assert_int_equal(s.d[0].start, strstr(text, "deadline") - text);
	assert_int_equal(text[s.d[0].end - 1], '\n');
	assert_int_equal(s.d[0].end, strstr(text, "\n\nrule") - text + 1);
	gk_decls_free(s.d, s.n);
}

static void one_line_and_shared_lines(void **state)
{
	struct scan s;

	(void)state;
	scan(&s, "required 'A' { basis = 'b', fields = { 'x' } } required [[B]] { } periodic \"C\"{\n}\n");
	assert_int_equal(s.n, 3);
	expect(&s, 0, GK_RULE_REQUIRED, "A", 1, 1);
	expect(&s, 1, GK_RULE_REQUIRED, "B", 1, 1);
	expect(&s, 2, GK_RULE_PERIODIC, "C", 1, 2);
	gk_decls_free(s.d, s.n);
}

/* What is not a declaration the history can name. */
static void not_declarations(void **state)
{
	static const char *const texts[] = {
		"local d = deadline\nd \"X\" { }\n",
		"t.deadline \"X\" { }\n",
		"t:deadline \"X\" { }\n",
		"pcall(deadline \"X\" { })\n",
		"local t = { deadline \"X\" { } }\n",
		"deadline(\"X\") { }\n",
		"deadline \"X\" ({ })\n",
		"deadline \"B\\49\" { }\n",
		"deadline \"\" { }\n",
		"-- deadline \"X\" { }\n",
		"--[==[\ndeadline \"X\" { }\n]==]\n",
		"local s = [[\ndeadline \"X\" { }\n]]\n",
		"local s = \"deadline \\\"X\\\" { }\"\n",
		"deadlines \"X\" { }\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct scan s;

		scan(&s, texts[i]);
		if (s.n)
			fail_msg("found '%s' in: %s", s.d[0].id, texts[i]);
		gk_decls_free(s.d, s.n);
	}
}

/* Nothing inside a declaration is searched; blocks are not brackets. */
static void nested_and_in_blocks(void **state)
{
	struct scan s;

	(void)state;
	scan(&s, "rule 'A' { when = (function() rule 'H' { } end)() }\n"
		 "if true then\n  order 'B' {\n  }\nend\n");
	assert_int_equal(s.n, 2);
	expect(&s, 0, GK_RULE_LUA, "A", 1, 1);
	expect(&s, 1, GK_RULE_ORDER, "B", 3, 4);
	gk_decls_free(s.d, s.n);
}

/* Lines as Lua counts them: \r\n is one, a newline inside a string after
 * a backslash counts. */
static void lines_as_lua_counts(void **state)
{
	struct scan s;

	(void)state;
	scan(&s, "local a = 'x\\\ny'\r\n\r\nrequired 'A' {\r\n}\r\ndisable 'B' { reason = [[\n\n]] }");
	assert_int_equal(s.n, 2);
	expect(&s, 0, GK_RULE_REQUIRED, "A", 4, 5);
	expect(&s, 1, GK_RULE_DISABLE, "B", 6, 8);
	gk_decls_free(s.d, s.n);
}

/* An unclosed declaration runs to the end; an unfinished string too. */
static void unfinished_text(void **state)
{
	struct scan s;

	(void)state;
	scan(&s, "catalog 'Z1' {\n  basis = 'b',\n");
	assert_int_equal(s.n, 1);
	expect(&s, 0, GK_RULE_CATALOG, "Z1", 1, 3);
	gk_decls_free(s.d, s.n);
	scan(&s, "privacy 'S3' { basis = 'unfinished\n}\n");
	assert_int_equal(s.n, 1);
	gk_decls_free(s.d, s.n);
	scan(&s, "");
	assert_int_equal(s.n, 0);
	gk_decls_free(s.d, s.n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(multi_line_declarations),
		cmocka_unit_test(one_line_and_shared_lines),
		cmocka_unit_test(not_declarations),
		cmocka_unit_test(nested_and_in_blocks),
		cmocka_unit_test(lines_as_lua_counts),
		cmocka_unit_test(unfinished_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

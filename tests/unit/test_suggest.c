/*
 * test_suggest.c - "did you mean" (engine/suggest.c): the distance, and
 * which name is offered for a misspelt one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../engine/suggest.h"

static const char *const commands[] = {
	"import", "run", "runs", "test", "findings", "feedback", "report", "replay",
	"log", "lint", "init", "impact", "commit", "coverage", "calendar",
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void distance_counts_each_edit_once(void **state)
{
	(void)state;
	assert_int_equal(gk_suggest_distance("run", "run"), 0);
	assert_int_equal(gk_suggest_distance("", "run"), 3);
	assert_int_equal(gk_suggest_distance("run", ""), 3);
	assert_int_equal(gk_suggest_distance("rnu", "run"), 1);       /* a swap */
	assert_int_equal(gk_suggest_distance("rn", "run"), 1);        /* a deletion */
	assert_int_equal(gk_suggest_distance("rrun", "run"), 1);      /* an insertion */
	assert_int_equal(gk_suggest_distance("ran", "run"), 1);       /* a substitution */
	assert_int_equal(gk_suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(gk_suggest_distance("ca", "abc"), 3);        /* no swap-then-edit */
	assert_int_equal(gk_suggest_distance("published_on", "publshed_no"), 2);
}

static void distance_of_long_names(void **state)
{
	char a[80], b[80];

	(void)state;
	memset(a, 'a', 62);
	a[62] = '\0';
	memcpy(b, a, 63);
	b[0] = 'b';
	assert_int_equal(gk_suggest_distance(a, b), 1);
	memset(a, 'a', 63);
	a[63] = '\0';
	assert_int_equal(gk_suggest_distance(a, a), 99);
}

static void suggests_the_nearest(void **state)
{
	(void)state;
	assert_string_equal(gk_suggest("rnu", commands, NCOMMANDS), "run");
	assert_string_equal(gk_suggest("improt", commands, NCOMMANDS), "import");
	assert_string_equal(gk_suggest("finding", commands, NCOMMANDS), "findings");
	assert_string_equal(gk_suggest("calender", commands, NCOMMANDS), "calendar");
	/* the first at the smallest distance: "rum" is 1 from run, 2 from runs */
	assert_string_equal(gk_suggest("rum", commands, NCOMMANDS), "run");
}

static void suggests_a_unique_prefix(void **state)
{
	(void)state;
	assert_string_equal(gk_suggest("cover", commands, NCOMMANDS), "coverage");
	assert_string_equal(gk_suggest("find", commands, NCOMMANDS), "findings");
	/* "in" is 2 edits from init, lint and run: as many as its letters */
	assert_null(gk_suggest("in", commands, NCOMMANDS));
}

static void suggests_nothing_far_or_exact(void **state)
{
	(void)state;
	assert_null(gk_suggest("frobnicate", commands, NCOMMANDS));
	assert_null(gk_suggest("xyz", commands, NCOMMANDS));
	assert_null(gk_suggest("q", commands, NCOMMANDS));      /* one letter resembles nothing */
	assert_null(gk_suggest("", commands, NCOMMANDS));
	assert_null(gk_suggest("run", commands, NCOMMANDS));
	assert_null(gk_suggest("run", commands, 0));
}

static void near_names_for_a_filter_value(void **state)
{
	static const char *const juris[] = { "zezhou", "zhongshan", "quangang", "yinchuan" };
	static const char *const units[] = { "泽州县教育局", "泽州县文化和旅游局", "泉港区教育局",
					     "泽州县图书馆" };
	const char *out[4];

	(void)state;
	/* characters, not bytes: one ideograph is one slip */
	assert_int_equal(gk_suggest_distance("泽州市", "泽州县"), 1);
	assert_int_equal(gk_suggest_near("zezou", juris, 4, out, 4), 1);
	assert_string_equal(out[0], "zezhou");
	/* a part of several names: all of them, in their order */
	assert_int_equal(gk_suggest_near("教育局", units, 4, out, 4), 2);
	assert_string_equal(out[0], "泽州县教育局");
	assert_string_equal(out[1], "泉港区教育局");
	/* one slip beats a part */
	assert_int_equal(gk_suggest_near("泽州县图书管", units, 4, out, 4), 1);
	assert_string_equal(out[0], "泽州县图书馆");
	/* at most max */
	assert_int_equal(gk_suggest_near("教育局", units, 4, out, 1), 1);
	/* the name but for case, before any slip */
	assert_int_equal(gk_suggest_near("ZEZHOU", juris, 4, out, 4), 1);
	assert_string_equal(out[0], "zezhou");
	/* nothing near: none */
	assert_int_equal(gk_suggest_near("beijing", juris, 4, out, 4), 0);
	assert_int_equal(gk_suggest_near("q", juris, 4, out, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distance_counts_each_edit_once),
		cmocka_unit_test(distance_of_long_names),
		cmocka_unit_test(suggests_the_nearest),
		cmocka_unit_test(near_names_for_a_filter_value),
		cmocka_unit_test(suggests_a_unique_prefix),
		cmocka_unit_test(suggests_nothing_far_or_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

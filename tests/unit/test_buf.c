/*
 * test_buf.c - the shared primitives: growable buffers and arrays, the
 * out-of-memory error, the nearest name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "../../engine/suggest.h"

static void buf_builds_text(void **state)
{
	gk_buf b = GK_BUF_INIT;
	char *s;

	(void)state;
	assert_null(b.p);
	assert_int_equal(gk_buf_adds(&b, "公开"), 0);
	assert_int_equal(gk_buf_addc(&b, '-'), 0);
	assert_int_equal(gk_buf_addf(&b, "%d/%s", 42, "x"), 0);
	assert_int_equal(gk_buf_add(&b, "abc", 2), 0);
	assert_string_equal(b.p, "公开-42/xab");
	assert_int_equal(b.len, strlen("公开-42/xab"));
	gk_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	/* Past any first guess of the size: every byte kept, terminated. */
	for (int i = 0; i < 100000; i++)
		assert_int_equal(gk_buf_addc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.p[99999], 'a' + 99999 % 26);
	assert_int_equal(b.p[100000], '\0');
	assert_true(b.cap > b.len);
	s = gk_buf_detach(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(strlen(s), 100000);
	free(s);
	gk_buf_release(&b);
}

static void buf_refuses_overflow(void **state)
{
	gk_buf b = GK_BUF_INIT;

	(void)state;
	assert_int_equal(gk_buf_adds(&b, "keep"), 0);
	assert_int_equal(gk_buf_reserve(&b, SIZE_MAX - 2), GK_ENOMEM);
	assert_string_equal(b.p, "keep");
	gk_buf_release(&b);
}

static void grow_arrays(void **state)
{
	int *v = NULL, n = 0;
	size_t cap = 0;
	long *w = NULL, *before;
	size_t wcap = 0;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(GK_GROW(v, n, cap), 0);
		v[n++] = i;
	}
	assert_true(cap >= 5000);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(v[i], i);
	assert_int_equal(GK_RESERVE(w, 10, wcap), 0);
	assert_true(wcap >= 10);
	w[0] = 7;
	/* A size that would overflow: refused, the array and its room kept. */
	before = w;
	assert_int_equal(GK_RESERVE(w, SIZE_MAX / 4, wcap), -1);
	assert_ptr_equal(w, before);
	assert_true(wcap >= 10 && wcap < SIZE_MAX / 4);
	assert_int_equal(w[0], 7);
	free(v);
	free(w);
}

static void oom_message(void **state)
{
	gk_error err = { 0 };

	(void)state;
	assert_int_equal(GK_OOM(&err), GK_ENOMEM);
	assert_int_equal(err.code, GK_ENOMEM);
	assert_string_equal(err.msg, "out of memory");
}

static void nearest_name(void **state)
{
	const char *names[] = { "warn-days", "worktree", "jurisdiction", "jobs" };

	(void)state;
	assert_string_equal(gk_suggest("wran-days", names, 4), "warn-days");
	assert_string_equal(gk_suggest("job", names, 4), "jobs");
	assert_null(gk_suggest("frobnicate", names, 4));
	assert_int_equal(gk_suggest_distance("kitten", "sitting"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_builds_text),
		cmocka_unit_test(buf_refuses_overflow),
		cmocka_unit_test(grow_arrays),
		cmocka_unit_test(oom_message),
		cmocka_unit_test(nearest_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

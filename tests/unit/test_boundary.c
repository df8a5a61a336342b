/*
 * test_boundary.c - a short, deterministic run of the Lua boundary fuzzer
 * (fuzz/fuzz_boundary.c): inputs from a fixed seed, plus hand-made ones
 * for each kind of hostile value.  The harness aborts on any broken
 * promise; this checks every outcome was reached.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../fuzz/fuzz_boundary.c"

static uint64_t seed = 20250630;

static unsigned next_byte(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed >> 24) & 0xff;
}

static void run(const char *bytes, size_t n)
{
	LLVMFuzzerTestOneInput((const uint8_t *)bytes, n);
}

/* One input per hostile kind of value (ops of the policy's decoder). */
static void hand_made_inputs(void **state)
{
	static const struct { const char *b; size_t n; } cases[] = {
		{ "\x07\x0b\x00\x0f", 4 },              /* table, __index raises, return */
		{ "\x07\x0b\x01\x0f", 4 },              /* __index loops */
		{ "\x07\x0b\x03\x0f", 4 },              /* __tostring raises */
		{ "\x07\x0b\x06\x0f", 4 },              /* __index returns non-UTF-8 */
		{ "\x07\x0b\x0b\x0f", 4 },              /* message 'm', due_on 2021-02-30 */
		{ "\x07\x0b\x08\x0f", 4 },              /* __gc: refused */
		{ "\x05\x02\xff\xfe\x0f", 5 },          /* a string, not UTF-8 */
		{ "\x07\x05\x02\xe7\x94\x09\x0f", 7 },  /* message cut inside a character */
		{ "\x07\x06\x15\x02\x1d\x0a\x0f", 7 },  /* due_on 2021-02-29: no such day */
		{ "\x07\x06\x15\x02\x1c\x0a\x0f", 7 },  /* due_on 2021-02-28 */
		{ "\x0e\x41\xff\x0f", 4 },              /* a 1 MB message */
		{ "\x07\x0d\x00", 3 },                  /* error(table) */
		{ "\x05\x01\x00\x0d\x00", 5 },          /* error('\0') */
		{ "\x12\x12\x01\x0f", 4 },              /* change the file's state */
		{ "\x03\x05\x0f", 3 },                  /* a number */
		{ "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(cases[i].b, cases[i].n);
	assert_true(outcomes[0] > 0 && outcomes[1] > 0 && outcomes[2] > 0);
}

static void generated_inputs(void **state)
{
	char buf[256];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		size_t n = next_byte() % 64;

		for (size_t k = 0; k < n; k++)
			buf[k] = (char)next_byte();
		run(buf, n);
	}
	print_message("# outcomes: %ld passed or found, %ld policy errors, %ld limits\n",
		      outcomes[0], outcomes[1], outcomes[2]);
	assert_true(outcomes[0] > 100 && outcomes[1] > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_made_inputs),
		cmocka_unit_test(generated_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

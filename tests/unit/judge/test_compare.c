/* test_compare.c -- the built-in checkers as docs/problem-format.md states
 * them, their messages, binary input, and size (100 MB in linear time). */
#include "judge/judge.h"
#include "judge/util.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct judge_checker lines = {.type = JUDGE_CHECK_EXACT_LINES};
static const struct judge_checker tokens = {.type = JUDGE_CHECK_TOKENS};
static const struct judge_checker floats = {
    .type = JUDGE_CHECK_FLOAT, .abs_tol = 1e-6, .rel_tol = 1e-6};

static char msg[512];

/* Compares NUL-terminated texts; returns accepted (1/0), message in msg. */
static int cmp(const struct judge_checker *c, const char *out, const char *ans)
{
	int accepted = -1;

	ck_assert_int_eq(
	    judge_compare(c, out, strlen(out), ans, strlen(ans), &accepted, msg, sizeof msg), 0);
	ck_assert(accepted == 0 || accepted == 1);
	if (accepted)
		ck_assert_str_eq(msg, "");
	else
		ck_assert_str_ne(msg, "");
	return accepted;
}

static int cmpn(const struct judge_checker *c, const char *out, size_t on, const char *ans,
                size_t an)
{
	int accepted = -1;

	ck_assert_int_eq(judge_compare(c, out, on, ans, an, &accepted, msg, sizeof msg), 0);
	return accepted;
}

/* A message is one printable line of valid UTF-8. */
static void assert_printable(const char *m)
{
	for (const unsigned char *p = (const unsigned char *)m; *p != '\0'; p++)
		ck_assert_msg(*p >= 0x20 && *p != 0x7f, "byte %02x in message %s", *p, m);
	ck_assert_uint_eq(jutil_utf8_check(m, strlen(m)), strlen(m));
}

/*** exact-lines ***/

START_TEST(lines_equal_after_trimming)
{
	ck_assert(cmp(&lines, "a b\nc\n", "a b\nc\n"));
	ck_assert(cmp(&lines, "a b  \t\r\nc\r\n", "a b\nc"));
	ck_assert(cmp(&lines, "a\n\n\n  \n\t\r\n", "a"));
	ck_assert(cmp(&lines, "a", "a\n\n"));
	ck_assert(cmp(&lines, "", ""));
	ck_assert(cmp(&lines, "\n\n \n", ""));
	ck_assert(cmp(&lines, "a\n\nb\n", "a\n \t\nb"));
}
END_TEST

START_TEST(lines_differences)
{
	ck_assert(!cmp(&lines, "1\n2\n46\n", "1\n2\n47\n"));
	ck_assert_str_eq(msg, "line 3: expected \"47\", got \"46\"");
	ck_assert(!cmp(&lines, " a\n", "a\n"));
	ck_assert_str_eq(msg, "line 1: expected \"a\", got \" a\"");
	ck_assert(!cmp(&lines, "a  b", "a b"));
	ck_assert_str_eq(msg, "line 1: expected \"a b\", got \"a  b\"");
	ck_assert(!cmp(&lines, "a\nb", "a\n\nb"));
	ck_assert_str_eq(msg, "line 2: expected \"\", got \"b\"");
	ck_assert(!cmp(&lines, "a\rb", "ab"));
	ck_assert_str_eq(msg, "line 1: expected \"ab\", got \"a\\rb\"");
	ck_assert(!cmp(&lines, "x\"y\\", "x"));
	ck_assert_str_eq(msg, "line 1: expected \"x\", got \"x\\\"y\\\\\"");
}
END_TEST

START_TEST(lines_counts)
{
	char out[200] = "", ans[200] = "";

	for (int i = 0; i < 40; i++) {
		char l[8];

		snprintf(l, sizeof l, "%d\n", i);
		strcat(ans, l);
		if (i < 38)
			strcat(out, l);
	}
	ck_assert(!cmp(&lines, out, ans));
	ck_assert_str_eq(msg, "output ends early: expected 40 lines, got 38");
	ck_assert(!cmp(&lines, "", "5\n"));
	ck_assert_str_eq(msg, "output ends early: expected 1 line, got 0");
	ck_assert(!cmp(&lines, "1\n2\nextra\nmore\n", "1\n2\n"));
	ck_assert_str_eq(msg, "extra output: expected 2 lines, got 4 (line 3: \"extra\")");
	ck_assert(!cmp(&lines, "x", ""));
	ck_assert_str_eq(msg, "extra output: expected 0 lines, got 1 (line 1: \"x\")");
}
END_TEST

START_TEST(lines_binary_and_nul)
{
	static const char a[] = "ok\0yes\n", b[] = "ok\0no\n", garbage[] = "\x01\x80\xff\x1b[2J\0";

	ck_assert(cmpn(&lines, a, sizeof a - 1, a, sizeof a - 1));
	ck_assert(!cmpn(&lines, b, sizeof b - 1, a, sizeof a - 1));
	ck_assert_str_eq(msg, "line 1: expected \"ok\\x00yes\", got \"ok\\x00no\"");
	ck_assert(!cmpn(&lines, garbage, sizeof garbage - 1, "1", 1));
	ck_assert_str_eq(msg, "line 1: expected \"1\", got \"\\x01\\x80\\xff\\x1b[2J\\x00\"");
	assert_printable(msg);
	/* Valid UTF-8 is shown as is. */
	ck_assert(!cmp(&lines, "caf\xc3\xa9", "cafe"));
	ck_assert_str_eq(msg, "line 1: expected \"cafe\", got \"caf\xc3\xa9\"");
}
END_TEST

START_TEST(lines_long_shows_window)
{
	size_t n = 10000;
	char *a = malloc(n + 1), *b = malloc(n + 1);

	memset(a, 'x', n);
	memcpy(b, a, n);
	a[n] = b[n] = '\0';
	b[5000] = 'y';
	ck_assert(!cmp(&lines, b, a));
	/* 16 bytes before the difference, then as much as fits. */
	ck_assert_str_eq(msg,
	                 "line 1, column 5001: expected "
	                 "\"...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\", "
	                 "got \"...xxxxxxxxxxxxxxxxyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"");
	/* A long line whose tail differs in a multi-byte letter: no cut letter. */
	for (size_t i = 0; i + 2 <= n; i += 2) {
		memcpy(a + i, "\xc3\xa9", 2);
		memcpy(b + i, "\xc3\xa9", 2);
	}
	b[n - 1] = 'Z';
	b[n - 2] = 'Z';
	ck_assert(!cmp(&lines, b, a));
	assert_printable(msg);
	ck_assert(strlen(msg) < 200);
	free(a);
	free(b);
}
END_TEST

/*** tokens ***/

START_TEST(tokens_whitespace_ignored)
{
	ck_assert(cmp(&tokens, "1 2\n3", " 1\t2   3 \n"));
	ck_assert(cmp(&tokens, "1\v2\f3\r\n", "1 2 3"));
	ck_assert(cmp(&tokens, "\n\n", ""));
	ck_assert(cmp(&tokens, "", "  \n"));
}
END_TEST

START_TEST(tokens_differences)
{
	ck_assert(!cmp(&tokens, "1 2 -4", "1 2 -3"));
	ck_assert_str_eq(msg, "token 3: expected -3, got -4");
	ck_assert(!cmp(&tokens, "1.0", "1"));
	ck_assert_str_eq(msg, "token 1: expected 1, got 1.0");
	ck_assert(!cmp(&tokens, "yes", "YES"));
	ck_assert(!cmpn(&tokens, "a\0b", 3, "a b", 3));
	ck_assert_str_eq(msg, "token 1: expected a, got a\\x00b");
	ck_assert(!cmp(&tokens, "1 2", "1 2 3"));
	ck_assert_str_eq(msg, "output ends early: expected 3 tokens, got 2");
	ck_assert(!cmp(&tokens, "", "1"));
	ck_assert_str_eq(msg, "output ends early: expected 1 token, got 0");
	ck_assert(!cmp(&tokens, "1 2 3 4", "1 2"));
	ck_assert_str_eq(msg, "extra output: expected 2 tokens, got 4 (token 3: 3)");
}
END_TEST

/*** float ***/

START_TEST(float_tolerance)
{
	ck_assert(cmp(&floats, "1.5000001", "1.5"));
	ck_assert(!cmp(&floats, "1.6", "1.5"));
	ck_assert_str_eq(msg,
	                 "token 1: expected 1.5, got 1.6 (difference 0.1 > tolerance 1.5e-06)");
	ck_assert(cmp(&floats, "2 1.0000009 x", "2 1 x"));
	ck_assert(!cmp(&floats, "2 1.0000011", "2 1"));
	ck_assert_str_eq(
	    msg, "token 2: expected 1, got 1.0000011 (difference 1.1e-06 > tolerance 1e-06)");
	/* Relative: 1e-6 of 1e9 is 1000. */
	ck_assert(cmp(&floats, "1000000500", "1e9"));
	ck_assert(!cmp(&floats, "1000002000", "1e9"));
	/* Formats strtod accepts. */
	ck_assert(cmp(&floats, "+1.5 .5 5. 1E2 0x1p1", "1.5 0.5 5 100 2"));
}
END_TEST

START_TEST(float_abs_and_rel_separately)
{
	struct judge_checker abs_only = {.type = JUDGE_CHECK_FLOAT, .abs_tol = 0.01};
	struct judge_checker rel_only = {.type = JUDGE_CHECK_FLOAT, .rel_tol = 0.1};
	struct judge_checker exact = {.type = JUDGE_CHECK_FLOAT};

	ck_assert(cmp(&abs_only, "0.005", "0"));
	ck_assert(cmp(&abs_only, "1000.009", "1000"));
	ck_assert(!cmp(&abs_only, "1000.02", "1000"));
	ck_assert(cmp(&rel_only, "1090", "1000"));
	ck_assert(!cmp(&rel_only, "0.001", "0"));
	ck_assert(cmp(&exact, "0.25", "0.25"));
	ck_assert(!cmp(&exact, "0.2500000001", "0.25"));
}
END_TEST

START_TEST(float_negative_zero)
{
	struct judge_checker exact = {.type = JUDGE_CHECK_FLOAT};

	ck_assert(cmp(&exact, "-0", "0"));
	ck_assert(cmp(&exact, "0", "-0.0"));
	ck_assert(cmp(&exact, "-0.000", "0e5"));
}
END_TEST

START_TEST(float_nan_and_inf)
{
	ck_assert(cmp(&floats, "nan", "nan"));
	ck_assert(cmp(&floats, "NaN", "nan"));
	ck_assert(cmp(&floats, "-nan", "nan"));
	ck_assert(!cmp(&floats, "1", "nan"));
	ck_assert_str_eq(msg, "token 1: expected nan, got 1");
	ck_assert(!cmp(&floats, "nan", "1"));
	ck_assert_str_eq(msg, "token 1: expected 1, got nan");
	ck_assert(cmp(&floats, "inf", "inf"));
	ck_assert(cmp(&floats, "Infinity", "inf"));
	ck_assert(cmp(&floats, "-inf", "-INF"));
	ck_assert(!cmp(&floats, "-inf", "inf"));
	ck_assert(!cmp(&floats, "1e308", "inf"));
	ck_assert(!cmp(&floats, "inf", "1e308"));
	ck_assert(!cmp(&floats, "nan", "inf"));
	ck_assert(!cmp(&floats, "inf", "nan"));
	/* A difference that overflows is still a difference. */
	ck_assert(!cmp(&floats, "-1.7e308", "1.7e308"));
	ck_assert_str_eq(msg, "token 1: expected 1.7e308, got -1.7e308 (difference inf > "
	                      "tolerance 1.7e+302)");
}
END_TEST

START_TEST(float_text_tokens)
{
	ck_assert(cmp(&floats, "YES 1.0000001 done", "YES 1 done"));
	ck_assert(!cmp(&floats, "yes 1", "YES 1"));
	ck_assert_str_eq(msg, "token 1: expected YES, got yes");
	ck_assert(!cmp(&floats, "abc", "1.5"));
	ck_assert_str_eq(msg, "token 1: expected 1.5, got abc");
	ck_assert(!cmp(&floats, "1.5x", "1.5"));
	ck_assert(!cmp(&floats, "1.5", "1.5x"));
	ck_assert_str_eq(msg, "token 1: expected 1.5x, got 1.5");
	ck_assert(!cmp(&floats, "1 2", "1 2 3"));
	ck_assert_str_eq(msg, "output ends early: expected 3 tokens, got 2");
}
END_TEST

/* Numbers longer than 1024 bytes are compared as text. */
START_TEST(float_overlong_number_is_text)
{
	char *out = malloc(3000);

	strcpy(out, "1.5");
	memset(out + 3, '0', 2000);
	out[2003] = '\0';
	ck_assert(!cmp(&floats, out, "1.5"));
	ck_assert_ptr_nonnull(strstr(msg, "token 1, byte 4: expected 1.5, got 1.500000"));
	ck_assert(cmp(&floats, out, out));
	free(out);
}
END_TEST

/* The host's locale must not change how numbers read. */
START_TEST(float_ignores_locale)
{
	const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"};
	int set = 0;

	for (size_t i = 0; i < sizeof names / sizeof names[0] && !set; i++)
		set = setlocale(LC_NUMERIC, names[i]) != NULL;
	ck_assert(cmp(&floats, "1.5", "1.5000001"));
	ck_assert(!cmp(&floats, "1,5", "1.5"));
	setlocale(LC_NUMERIC, "C");
	if (!set)
		fprintf(stderr, "note: no decimal-comma locale installed; checked \"C\" only\n");
}
END_TEST

START_TEST(custom_is_not_built_in)
{
	struct judge_checker custom = {.type = JUDGE_CHECK_CUSTOM, .program = "/x/checker.c"};
	int accepted = 7;

	ck_assert_int_eq(judge_compare(&custom, "a", 1, "a", 1, &accepted, msg, sizeof msg), -1);
	ck_assert_int_eq(accepted, 0);
	ck_assert_str_eq(msg, "a custom checker is a program, not built in");
}
END_TEST

START_TEST(null_and_small_message_buffers)
{
	char small[12];
	int accepted;

	ck_assert_int_eq(judge_compare(&tokens, NULL, 0, NULL, 0, &accepted, NULL, 0), 0);
	ck_assert_int_eq(accepted, 1);
	ck_assert_int_eq(judge_compare(&lines, "x", 1, "y", 1, &accepted, NULL, 0), 0);
	ck_assert_int_eq(accepted, 0);
	ck_assert_int_eq(
	    judge_compare(&lines, "\xc3\xa9\xc3\xa9", 4, "y", 1, &accepted, small, sizeof small),
	    0);
	ck_assert_int_eq(accepted, 0);
	/* "line 1: exp" fits; the cut never leaves half a UTF-8 letter. */
	ck_assert_uint_eq(jutil_utf8_check(small, strlen(small)), strlen(small));
}
END_TEST

/*** Size: 100 MB must be linear ***/

/* n bytes of pattern repeated (n a multiple of its length), by doubling. */
static char *fill(size_t n, const char *pattern)
{
	size_t pl = strlen(pattern), have;
	char *b = malloc(n);

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(n % pl, 0);
	memcpy(b, pattern, pl);
	for (have = pl; have < n; have *= 2)
		memcpy(b + have, b, n - have < have ? n - have : have);
	return b;
}

START_TEST(big_lines_and_tokens)
{
	size_t n = 100u << 20;
	char *a = fill(n, "12345 678\n"), *b = fill(n, "12345 678\n");

	ck_assert(cmpn(&lines, a, n, b, n));
	ck_assert(cmpn(&tokens, a, n, b, n));
	b[n - 3] = '9';
	ck_assert(!cmpn(&lines, a, n, b, n));
	ck_assert_str_eq(msg, "line 10485760: expected \"12345 698\", got \"12345 678\"");
	ck_assert(!cmpn(&tokens, a, n, b, n));
	ck_assert_str_eq(msg, "token 20971520: expected 698, got 678");
	/* Candidate stops halfway: counts come out right. */
	ck_assert(!cmpn(&lines, a, n / 2, a, n));
	ck_assert_str_eq(msg, "output ends early: expected 10485760 lines, got 5242880");
	free(a);
	free(b);
}
END_TEST

START_TEST(big_single_line_and_token)
{
	size_t n = 100u << 20;
	char *a = fill(n, "x"), *b = fill(n, "x");

	b[n - 1] = 'y';
	ck_assert(!cmpn(&lines, b, n, a, n));
	ck_assert_ptr_nonnull(strstr(msg, "line 1, column 104857600: expected \"...xxx"));
	ck_assert(!cmpn(&tokens, b, n, a, n));
	ck_assert_ptr_nonnull(strstr(msg, "token 1, byte 104857600: expected ...xxx"));
	ck_assert(!cmpn(&floats, b, n, a, n));
	ck_assert(strlen(msg) < 200);
	free(a);
	free(b);
}
END_TEST

START_TEST(big_floats)
{
	size_t n = 15u << 21; /* 2 Mi lines of 3 numbers */
	char *a = fill(n, "0.5 1e-3 12.25\n"), *b = fill(n, "0.5 1e-3 12.25\n");

	ck_assert(cmpn(&floats, a, n, b, n));
	free(a);
	free(b);
}
END_TEST

static Suite *compare_suite(void)
{
	Suite *s = suite_create("judge-compare");
	TCase *tc;

	tc = tcase_create("exact-lines");
	tcase_add_test(tc, lines_equal_after_trimming);
	tcase_add_test(tc, lines_differences);
	tcase_add_test(tc, lines_counts);
	tcase_add_test(tc, lines_binary_and_nul);
	tcase_add_test(tc, lines_long_shows_window);
	suite_add_tcase(s, tc);

	tc = tcase_create("tokens");
	tcase_add_test(tc, tokens_whitespace_ignored);
	tcase_add_test(tc, tokens_differences);
	suite_add_tcase(s, tc);

	tc = tcase_create("float");
	tcase_add_test(tc, float_tolerance);
	tcase_add_test(tc, float_abs_and_rel_separately);
	tcase_add_test(tc, float_negative_zero);
	tcase_add_test(tc, float_nan_and_inf);
	tcase_add_test(tc, float_text_tokens);
	tcase_add_test(tc, float_overlong_number_is_text);
	tcase_add_test(tc, float_ignores_locale);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_test(tc, custom_is_not_built_in);
	tcase_add_test(tc, null_and_small_message_buffers);
	suite_add_tcase(s, tc);

	/* Quadratic behaviour would blow this timeout by hours. */
	tc = tcase_create("size");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, big_lines_and_tokens);
	tcase_add_test(tc, big_single_line_and_token);
	tcase_add_test(tc, big_floats);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compare_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

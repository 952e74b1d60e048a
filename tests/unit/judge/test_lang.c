/* test_lang.c -- judge/languages.json: the real file, and malformed ones. */
#include "judge/judge.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#ifndef JUDGE_TEST_SOURCE_DIR
#error "JUDGE_TEST_SOURCE_DIR must name the source tree"
#endif

#define LANGS_FILE JUDGE_TEST_SOURCE_DIR "/judge/languages.json"

/* A minimal valid language, spliced into the malformed cases below. */
#define MIN_C                                                                                      \
	"\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "                  \
	"\"compile\": [], \"run\": [\"./solution\"], \"profile\": \"native\""

static int strv_has(char **v, const char *s)
{
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

static size_t strv_len(char **v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

START_TEST(real_languages_load)
{
	struct judge_langs *langs = NULL;
	const struct judge_lang *c, *cpp, *py;
	char err[512] = "";

	ck_assert_msg(judge_langs_load(LANGS_FILE, &langs, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_ge(langs->n, 3);
	c = judge_langs_find(langs, "c");
	cpp = judge_langs_find(langs, "cpp");
	py = judge_langs_find(langs, "python");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(cpp);
	ck_assert_ptr_nonnull(py);
	/* File order is kept. */
	ck_assert_str_eq(langs->v[0].id, "c");
	ck_assert_str_eq(langs->v[1].id, "cpp");
	ck_assert_str_eq(langs->v[2].id, "python");

	ck_assert_str_eq(c->source, "solution.c");
	ck_assert_str_eq(c->compile[0][0], "/usr/bin/gcc");
	ck_assert_ptr_null(c->compile[1]);
	ck_assert_uint_ge(strv_len(c->compile[0]), 2);
	ck_assert(strv_has(c->compile[0], "solution.c"));
	ck_assert_str_eq(c->run[0], "./solution");
	ck_assert_ptr_nonnull(c->harness_compile);
	ck_assert_ptr_nonnull(c->harness_compile[2]);
	ck_assert_ptr_null(c->harness_compile[3]);
	ck_assert_str_eq(c->harness_object, "solution.o");
	ck_assert_ptr_null(c->harness_run);
	ck_assert_str_eq(c->profile, "native");
	ck_assert_double_eq(c->time_multiplier, 1);
	ck_assert_int_eq(c->memory_extra_mb, 0);
	ck_assert_ptr_nonnull(c->env);
	ck_assert_ptr_null(c->env[0]);

	ck_assert(strv_has(cpp->extensions, ".cpp"));
	ck_assert(strv_has(cpp->extensions, ".cc"));

	ck_assert_double_eq(py->time_multiplier, 5);
	ck_assert_ptr_null(py->harness_compile);
	ck_assert_ptr_null(py->harness_object);
	ck_assert_str_eq(py->harness_run[1], "driver.py");
	ck_assert(strv_has(py->env, "OPENBLAS_NUM_THREADS=1"));
	ck_assert(strv_has(py->env, "PYTHONHASHSEED=0"));
	ck_assert_str_eq(py->profile, "python");
	ck_assert_str_eq(py->version[0], "/usr/bin/python3");
	judge_langs_free(langs);
}
END_TEST

START_TEST(by_file_and_find)
{
	struct judge_langs *langs = NULL;
	char err[512];

	ck_assert_int_eq(judge_langs_load(LANGS_FILE, &langs, err, sizeof err), 0);
	ck_assert_str_eq(judge_langs_by_file(langs, "sol.c")->id, "c");
	ck_assert_str_eq(judge_langs_by_file(langs, "/tmp/x/sol.cpp")->id, "cpp");
	ck_assert_str_eq(judge_langs_by_file(langs, "a.b.cc")->id, "cpp");
	ck_assert_str_eq(judge_langs_by_file(langs, "dir.c/main.py")->id, "python");
	ck_assert_ptr_null(judge_langs_by_file(langs, "sol.C"));
	ck_assert_ptr_null(judge_langs_by_file(langs, ".c"));
	ck_assert_ptr_null(judge_langs_by_file(langs, "dir/.py"));
	ck_assert_ptr_null(judge_langs_by_file(langs, "Makefile"));
	ck_assert_ptr_null(judge_langs_by_file(langs, "main.py/"));
	ck_assert_ptr_null(judge_langs_by_file(langs, NULL));
	ck_assert_ptr_null(judge_langs_find(langs, "rust"));
	ck_assert_ptr_null(judge_langs_find(langs, "C"));
	ck_assert_ptr_null(judge_langs_find(NULL, "c"));
	judge_langs_free(langs);
	judge_langs_free(NULL);
}
END_TEST

START_TEST(minimal_language_defaults)
{
	char *dir = tmpdir_make(), *f = path2(dir, "languages.json"), err[512];
	struct judge_langs *langs = NULL;
	const struct judge_lang *l;

	write_text(f, "{\"c\": {" MIN_C "}}");
	ck_assert_msg(judge_langs_load(f, &langs, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(langs->n, 1);
	l = &langs->v[0];
	ck_assert_ptr_nonnull(l->compile);
	ck_assert_ptr_null(l->compile[0]);
	ck_assert_ptr_null(l->harness_compile);
	ck_assert_ptr_null(l->harness_object);
	ck_assert_ptr_null(l->harness_run);
	ck_assert_ptr_null(l->version);
	ck_assert_ptr_null(l->packages);
	ck_assert_ptr_nonnull(l->env);
	ck_assert_ptr_null(l->env[0]);
	ck_assert_double_eq(l->time_multiplier, 1);
	ck_assert_int_eq(l->memory_extra_mb, 0);
	judge_langs_free(langs);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

/* Each malformed file and the text its message must contain after
 * "<file>: ". */
static const struct {
	const char *json;
	const char *msg;
} bad_langs[] = {
    {"{\"c\": {" MIN_C ", \"flags\": []}}", "language 'c', field 'flags': unknown key"},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "
     "\"compile\": [], \"profile\": \"native\"}}",
     "language 'c', field 'run': required but missing"},
    {"{\"c\": {" MIN_C ", \"run\": []}}", "language 'c', field 'run': duplicate key"},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "
     "\"compile\": [], \"run\": [], \"profile\": \"native\"}}",
     "language 'c', field 'run': expected a non-empty array of strings"},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "
     "\"compile\": [], \"run\": [\"\"], \"profile\": \"native\"}}",
     "language 'c', field 'run[0]': expected a non-empty program name, got \"\""},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "
     "\"compile\": \"gcc x.c\", \"run\": [\"./a\"], \"profile\": \"native\"}}",
     "language 'c', field 'compile': expected an array of commands (arrays of strings), got "
     "\"gcc x.c\""},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"solution.c\", "
     "\"compile\": [[\"gcc\", 1]], \"run\": [\"./a\"], \"profile\": \"native\"}}",
     "language 'c', field 'compile[0][1]': expected a string, got 1"},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\"c\"], \"source\": \"solution.c\", "
     "\"compile\": [], \"run\": [\"./a\"], \"profile\": \"native\"}}",
     "language 'c', field 'extensions[0]': expected \".\" and letters"},
    {"{\"c\": {" MIN_C "}, \"c2\": {" MIN_C "}}",
     "language 'c2', field 'extensions': \".c\" is also an extension of language 'c'"},
    {"{\"C++\": {" MIN_C "}}", "language 'C++': expected an id"},
    {"{\"c\": {" MIN_C ", \"time_multiplier\": 0}}",
     "language 'c', field 'time_multiplier': expected a number above 0 and at most 100, got 0"},
    {"{\"c\": {" MIN_C ", \"time_multiplier\": \"5\"}}",
     "language 'c', field 'time_multiplier': expected a number, got \"5\""},
    {"{\"c\": {" MIN_C ", \"memory_extra_mb\": 1.5}}",
     "language 'c', field 'memory_extra_mb': expected a non-negative integer, got 1.5"},
    {"{\"c\": {" MIN_C ", \"env\": {\"A=B\": \"x\"}}}",
     "language 'c', field 'env.A=B': expected a variable name"},
    {"{\"c\": {" MIN_C ", \"env\": {\"X\": 1}}}",
     "language 'c', field 'env.X': expected a one-line string, got 1"},
    {"{\"c\": {" MIN_C ", \"env\": [\"X=1\"]}}",
     "language 'c', field 'env': expected an object, got an array"},
    {"{\"c\": {" MIN_C ", \"harness_object\": \"solution.o\"}}",
     "language 'c', field 'harness_object': only allowed together with 'harness_compile'"},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"a/b.c\", "
     "\"compile\": [], \"run\": [\"./a\"], \"profile\": \"native\"}}",
     "language 'c', field 'source': expected a plain file name, got \"a/b.c\""},
    {"{\"c\": {\"name\": \"C\", \"extensions\": [\".c\"], \"source\": \"s.c\", "
     "\"compile\": [], \"run\": [\"./a\"], \"profile\": \"Native!\"}}",
     "language 'c', field 'profile': expected a profile name"},
    {"{\"c\": {\"name\": \"C\\nX\", \"extensions\": [\".c\"], \"source\": \"s.c\", "
     "\"compile\": [], \"run\": [\"./a\"], \"profile\": \"native\"}}",
     "language 'c', field 'name': expected one line without control characters, got "
     "\"C\\nX\""},
    {"{\"c\": 5}", "language 'c', expected an object, got 5"},
    {"{}", "no languages defined"},
    {"[]", "expected an object, got an array"},
    {"{\"c\": {" MIN_C "}, \"c\": {" MIN_C "}}", "field 'c': duplicate key"},
    {"{\"c\": {" MIN_C "}", "invalid JSON at line 1, column"},
    {"", "invalid JSON at line 1, column 1"},
    {"{\"c\": {\"name\": \"\xff\"}}", "not valid UTF-8 at offset 16"},
};

START_TEST(malformed_languages)
{
	char *dir = tmpdir_make(), *f = path2(dir, "languages.json"), err[512] = "";
	struct judge_langs *langs = (struct judge_langs *)1;
	char *want;

	write_text(f, bad_langs[_i].json);
	ck_assert_int_eq(judge_langs_load(f, &langs, err, sizeof err), -1);
	ck_assert_ptr_null(langs);
	ck_assert_int_ge(asprintf(&want, "%s: %s", f, bad_langs[_i].msg), 0);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "case %d:\n got  %s\n want %s...", _i,
	              err, want);
	free(want);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

START_TEST(missing_languages_file)
{
	struct judge_langs *langs = NULL;
	char err[512];

	ck_assert_int_eq(judge_langs_load("/nonexistent/languages.json", &langs, err, sizeof err),
	                 -1);
	ck_assert_str_eq(err, "/nonexistent/languages.json: No such file or directory");
}
END_TEST

static Suite *lang_suite(void)
{
	Suite *s = suite_create("judge-lang");
	TCase *tc = tcase_create("languages");

	tcase_add_test(tc, real_languages_load);
	tcase_add_test(tc, by_file_and_find);
	tcase_add_test(tc, minimal_language_defaults);
	tcase_add_loop_test(tc, malformed_languages, 0,
	                    (int)(sizeof bad_langs / sizeof bad_langs[0]));
	tcase_add_test(tc, missing_languages_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lang_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

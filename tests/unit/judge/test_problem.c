/* test_problem.c -- problem packages: the good fixtures field by field, every
 * malformed fixture with the exact field its message must name, packages
 * broken at run time (size cap, symbolic links), and every real package under
 * problems/ as it stands when the test runs. */
#include "judge/judge.h"

#include <check.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

#ifndef JUDGE_TEST_SOURCE_DIR
#error "JUDGE_TEST_SOURCE_DIR must name the source tree"
#endif

#define SRC           JUDGE_TEST_SOURCE_DIR
#define LANGS_FILE    SRC "/judge/languages.json"
#define GOOD          SRC "/tests/fixtures/problems"
#define BAD           SRC "/tests/fixtures/bad-problems"
#define REAL_PROBLEMS SRC "/problems"

static struct judge_langs *langs;

static void load_langs(void)
{
	char err[512];

	ck_assert_msg(judge_langs_load(LANGS_FILE, &langs, err, sizeof err) == 0, "%s", err);
}

static void free_langs(void)
{
	judge_langs_free(langs);
	langs = NULL;
}

static struct judge_problem *load_ok(const char *dir, const char *cache)
{
	struct judge_problem *p = NULL;
	char err[1024] = "";

	ck_assert_msg(judge_problem_load(dir, langs, cache, &p, err, sizeof err) == 0, "%s: %s",
	              dir, err);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* Loads dir expecting failure; returns the message (static storage). */
static const char *load_fail(const char *dir)
{
	static char err[1024];
	struct judge_problem *p = (struct judge_problem *)1;

	err[0] = '\0';
	ck_assert_int_eq(judge_problem_load(dir, langs, "/cache", &p, err, sizeof err), -1);
	ck_assert_ptr_null(p);
	ck_assert_msg(err[0] != '\0', "no message for %s", dir);
	return err;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*** Good packages ***/

START_TEST(stdio_package_fields)
{
	struct judge_problem *p = load_ok(GOOD "/sum-pair", "/cache");

	ck_assert_str_eq(p->id, "sum-pair");
	ck_assert_str_eq(p->title, "Add two integers");
	ck_assert_str_eq(p->source, "Fixture for the judge's unit tests");
	ck_assert_str_eq(p->difficulty, "easy");
	ck_assert_str_eq(p->tags[0], "fixture");
	ck_assert_str_eq(p->tags[1], "arithmetic");
	ck_assert_ptr_null(p->tags[2]);
	ck_assert_int_eq(p->style, JUDGE_STYLE_STDIO);
	ck_assert_int_eq(p->time_ms, 1000);
	ck_assert_int_eq(p->memory_mb, 128);
	ck_assert_int_eq(p->output_kb, 65536);
	ck_assert_int_eq(p->checker.type, JUDGE_CHECK_TOKENS);
	ck_assert_ptr_null(p->checker.program);
	ck_assert_uint_eq(p->ngroups, 2);
	ck_assert_str_eq(p->groups[0].name, "edge");
	ck_assert_int_eq(p->groups[0].gating, 1);
	ck_assert_ptr_null(p->groups[0].languages);
	ck_assert_int_eq(p->groups[0].time_ms, 0);
	ck_assert_str_eq(p->groups[1].name, "large");
	ck_assert_int_eq(p->groups[1].time_ms, 2000);
	ck_assert_str_eq(p->groups[1].languages[0], "c");
	ck_assert_str_eq(p->groups[1].languages[1], "cpp");
	ck_assert_ptr_null(p->groups[1].languages[2]);
	ck_assert(p->dir[0] == '/');
	ck_assert(ends_with(p->dir, "/tests/fixtures/problems/sum-pair"));
	ck_assert(ends_with(p->gen_program, "/sum-pair/generators/gen.py"));
	ck_assert(ends_with(p->gen_reference, "/sum-pair/submissions/accepted/sum.c"));
	ck_assert(ends_with(p->input_validator, "/sum-pair/input_validator/validate.py"));
	ck_assert_uint_eq(p->ngen_tests, 3);
	ck_assert_str_eq(p->gen_tests[0].name, "secret/large/big-2");
	ck_assert_str_eq(p->gen_tests[0].args[3], "18");
	ck_assert_ptr_null(p->gen_tests[0].args[4]);
	ck_assert_ptr_nonnull(p->gen_tests[2].args);
	ck_assert_ptr_null(p->gen_tests[2].args[0]);
	ck_assert_ptr_null(p->harness);
	ck_assert_ptr_null(p->score_group);
	ck_assert_uint_eq(p->nexpectations, 1);
	ck_assert_str_eq(p->expectations[0].submission, "wrong_answer/overflow.c");
	ck_assert_uint_eq(p->expectations[0].verdicts, (1u << JUDGE_WA) | (1u << JUDGE_RE));
	judge_problem_free(p);
}
END_TEST

START_TEST(stdio_package_test_order)
{
	static const struct {
		const char *name, *group;
		int generated;
		size_t gen_index;
	} want[] = {
	    {"sample/1", "sample", 0, 0},          {"sample/10", "sample", 0, 0},
	    {"sample/2", "sample", 0, 0},          {"sample/gen", "sample", 1, 2},
	    {"secret/edge/min", "edge", 0, 0},     {"secret/edge/zero", "edge", 0, 0},
	    {"secret/large/big-1", "large", 1, 1}, {"secret/large/big-2", "large", 1, 0},
	    {"secret/large/small", "large", 0, 0},
	};
	struct judge_problem *p = load_ok(GOOD "/sum-pair", "/cache");
	char *gdir, err[512], *want_path;

	gdir = judge_problem_generated_dir(p, "/cache", err, sizeof err);
	ck_assert_msg(gdir != NULL, "%s", err);
	ck_assert_uint_eq(p->ntests, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < p->ntests; i++) {
		const struct judge_test *t = &p->tests[i];

		ck_assert_str_eq(t->name, want[i].name);
		ck_assert_str_eq(t->group, want[i].group);
		ck_assert_int_eq(t->generated, want[i].generated);
		if (t->generated) {
			ck_assert_uint_eq(t->gen_index, want[i].gen_index);
			ck_assert_str_eq(p->gen_tests[t->gen_index].name, t->name);
			ck_assert_int_ge(asprintf(&want_path, "%s/%s.in", gdir, t->name), 0);
			ck_assert_str_eq(t->in_path, want_path);
			free(want_path);
			ck_assert_int_ge(asprintf(&want_path, "%s/%s.ans", gdir, t->name), 0);
			ck_assert_str_eq(t->ans_path, want_path);
			free(want_path);
		} else {
			ck_assert_int_ge(asprintf(&want_path, "%s/data/%s.in", p->dir, t->name), 0);
			ck_assert_str_eq(t->in_path, want_path);
			free(want_path);
			ck_assert_int_ge(asprintf(&want_path, "%s/data/%s.ans", p->dir, t->name),
			                 0);
			ck_assert_str_eq(t->ans_path, want_path);
			free(want_path);
			ck_assert_int_eq(access(t->in_path, R_OK), 0);
			ck_assert_int_eq(access(t->ans_path, R_OK), 0);
		}
	}
	free(gdir);
	judge_problem_free(p);
}
END_TEST

START_TEST(no_cache_dir_leaves_generated_paths_null)
{
	struct judge_problem *p = load_ok(GOOD "/sum-pair/", NULL);

	for (size_t i = 0; i < p->ntests; i++) {
		ck_assert_int_eq(p->tests[i].in_path == NULL, p->tests[i].generated);
		ck_assert_int_eq(p->tests[i].ans_path == NULL, p->tests[i].generated);
	}
	judge_problem_free(p);
}
END_TEST

START_TEST(time_limits_and_language_filters)
{
	struct judge_problem *p = load_ok(GOOD "/sum-pair", "/cache");
	const struct judge_test *sample = &p->tests[0], *large = &p->tests[8];
	const struct judge_group *g;

	ck_assert_str_eq(large->name, "secret/large/small");
	ck_assert_int_eq(judge_problem_time_limit(p, "c", sample), 1000);
	ck_assert_int_eq(judge_problem_time_limit(p, "python", sample), 3000);
	ck_assert_int_eq(judge_problem_time_limit(p, "cpp", large), 2000);
	ck_assert_int_eq(judge_problem_time_limit(p, "python", large), 6000);
	ck_assert_int_eq(judge_problem_time_limit(p, "rust", sample), 1000);
	ck_assert_int_eq(judge_problem_time_limit(p, "python", NULL), 3000);
	ck_assert_int_eq(judge_problem_time_limit(p, NULL, large), 2000);

	ck_assert_int_eq(judge_problem_test_applies(p, sample, "python"), 1);
	ck_assert_int_eq(judge_problem_test_applies(p, large, "python"), 0);
	ck_assert_int_eq(judge_problem_test_applies(p, large, "c"), 1);
	ck_assert_int_eq(judge_problem_test_applies(p, &p->tests[4], "python"), 1);
	ck_assert_int_eq(judge_problem_accepts(p, "python"), 1);
	ck_assert_int_eq(judge_problem_accepts(p, "c"), 1);
	ck_assert_ptr_null(judge_problem_harness(p, "c"));

	g = judge_problem_group(p, "large");
	ck_assert_ptr_eq(g, &p->groups[1]);
	ck_assert_ptr_eq(judge_problem_group(p, "secret/large/small"), g);
	ck_assert_ptr_eq(judge_problem_group(p, "secret/edge"), &p->groups[0]);
	ck_assert_ptr_null(judge_problem_group(p, "sample"));
	ck_assert_ptr_null(judge_problem_group(p, "sample/1"));
	ck_assert_ptr_null(judge_problem_group(p, "nope"));
	ck_assert_ptr_null(judge_problem_group(p, "secret/larg/x"));
	judge_problem_free(p);
}
END_TEST

/* Without languages the defaults cannot be known: named ones still apply. */
START_TEST(load_without_languages)
{
	struct judge_problem *p = NULL;
	char err[512];

	ck_assert_int_eq(judge_problem_load(GOOD "/sum-pair", NULL, NULL, &p, err, sizeof err), 0);
	ck_assert_uint_eq(p->nmultipliers, 1);
	ck_assert_int_eq(judge_problem_time_limit(p, "python", NULL), 3000);
	ck_assert_int_eq(judge_problem_time_limit(p, "c", NULL), 1000);
	judge_problem_free(p);
}
END_TEST

START_TEST(default_multiplier_comes_from_languages)
{
	struct judge_problem *p = load_ok(GOOD "/close-enough", NULL);

	ck_assert_int_eq(judge_problem_time_limit(p, "python", &p->tests[0]), 5000);
	ck_assert_int_eq(judge_problem_time_limit(p, "cpp", &p->tests[0]), 1000);
	judge_problem_free(p);
}
END_TEST

START_TEST(harness_package_fields)
{
	struct judge_problem *p = load_ok(GOOD "/mean-harness", NULL);
	const struct judge_harness *c, *py;

	ck_assert_int_eq(p->style, JUDGE_STYLE_HARNESS);
	ck_assert_str_eq(p->difficulty, "medium");
	ck_assert_int_eq(p->output_kb, 1024);
	ck_assert_int_eq(p->memory_mb, 256);
	ck_assert_int_eq(p->checker.type, JUDGE_CHECK_FLOAT);
	ck_assert_double_eq(p->checker.abs_tol, 1e-9);
	ck_assert_double_eq(p->checker.rel_tol, 1e-7);
	ck_assert_uint_eq(p->nharness, 2);
	c = judge_problem_harness(p, "c");
	py = judge_problem_harness(p, "python");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(py);
	ck_assert(ends_with(c->driver, "/mean-harness/harness/c/driver.c"));
	ck_assert_str_eq(c->forbidden_symbols[2], "_Znw*");
	ck_assert_ptr_null(c->forbidden_symbols[3]);
	ck_assert_int_eq(c->max_static_data, 1024);
	ck_assert(ends_with(py->driver, "/mean-harness/harness/python/driver.py"));
	ck_assert_ptr_null(py->forbidden_symbols);
	ck_assert_int_eq(py->max_static_data, -1);
	ck_assert_int_eq(judge_problem_accepts(p, "c"), 1);
	ck_assert_int_eq(judge_problem_accepts(p, "python"), 1);
	ck_assert_int_eq(judge_problem_accepts(p, "cpp"), 0);
	ck_assert_int_eq(judge_problem_accepts(p, NULL), 0);
	ck_assert_ptr_null(judge_problem_harness(p, "cpp"));
	ck_assert_str_eq(p->score_group, "scored");
	ck_assert_str_eq(p->score_label, "accuracy");
	ck_assert_double_eq(p->score_max, 100);
	ck_assert_int_eq(p->groups[1].gating, 0);
	ck_assert_uint_eq(p->ntests, 3);
	ck_assert_str_eq(p->tests[2].name, "secret/scored/huge");
	ck_assert_uint_eq(p->expectations[0].verdicts, 1u << JUDGE_CE);
	judge_problem_free(p);
}
END_TEST

START_TEST(custom_checker_package)
{
	struct judge_problem *p = load_ok(GOOD "/close-enough", NULL);
	char err[512], *dir;

	ck_assert_int_eq(p->checker.type, JUDGE_CHECK_CUSTOM);
	ck_assert(ends_with(p->checker.program, "/close-enough/checker/checker.c"));
	ck_assert_int_eq(access(p->checker.program, R_OK), 0);
	ck_assert_ptr_nonnull(p->tags);
	ck_assert_ptr_null(p->tags[0]);
	ck_assert_ptr_null(p->gen_program);
	ck_assert_uint_eq(p->ngen_tests, 0);
	ck_assert_uint_eq(p->nexpectations, 0);
	dir = judge_problem_generated_dir(p, "/cache", err, sizeof err);
	ck_assert_ptr_null(dir);
	ck_assert_ptr_nonnull(strstr(err, "has no generators"));
	judge_problem_free(p);
}
END_TEST

START_TEST(scan_lists_packages_sorted)
{
	char **ids = NULL, err[512];

	ck_assert_int_eq(judge_problems_scan(GOOD, &ids, err, sizeof err), 0);
	ck_assert_str_eq(ids[0], "close-enough");
	ck_assert_str_eq(ids[1], "mean-harness");
	ck_assert_str_eq(ids[2], "sum-pair");
	ck_assert_ptr_null(ids[3]);
	judge_strv_free(ids);
	ck_assert_int_eq(judge_problems_scan(SRC "/nonexistent", &ids, err, sizeof err), -1);
	ck_assert_ptr_null(ids);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent"));
}
END_TEST

/*** The generated-tests cache key ***/

static char *gen_dir_of(const char *pkg)
{
	struct judge_problem *p = load_ok(pkg, NULL);
	char err[512], *d = judge_problem_generated_dir(p, "/c", err, sizeof err);

	ck_assert_msg(d != NULL, "%s", err);
	judge_problem_free(p);
	return d;
}

static void replace_in_file(const char *path, const char *from, const char *to)
{
	char *buf, *hit, *out, err[512];
	size_t len;

	ck_assert_int_eq(judge_read_file(path, 1 << 20, &buf, &len, err, sizeof err), 0);
	hit = strstr(buf, from);
	ck_assert_ptr_nonnull(hit);
	ck_assert_int_ge(asprintf(&out, "%.*s%s%s", (int)(hit - buf), buf, to, hit + strlen(from)),
	                 0);
	write_text(path, out);
	free(out);
	free(buf);
}

START_TEST(generated_dir_tracks_sources_and_args)
{
	char *tmp = tmpdir_make(), *pkg = path2(tmp, "sum-pair"), *f;
	char *d0, *d1, *d2, *d3, *d4, *d5;

	copy_tree(GOOD "/sum-pair", pkg);
	d0 = gen_dir_of(pkg);
	ck_assert_uint_eq(strlen(d0), strlen("/c/sum-pair-") + 16);
	ck_assert_int_eq(strncmp(d0, "/c/sum-pair-", 12), 0);
	ck_assert_uint_eq(strspn(d0 + 12, "0123456789abcdef"), 16);
	/* Stable: same package, same key (also from its original place). */
	d1 = gen_dir_of(GOOD "/sum-pair");
	ck_assert_str_eq(d0, d1);

	f = path2(pkg, "generators/gen.py");
	replace_in_file(f, "default=9", "default=10");
	d2 = gen_dir_of(pkg);
	ck_assert_str_ne(d2, d0);
	free(f);

	f = path2(pkg, "problem.json");
	replace_in_file(f, "\"--seed\", \"2\"", "\"--seed\", \"3\"");
	d3 = gen_dir_of(pkg);
	ck_assert_str_ne(d3, d2);
	/* Statement and limits are not part of the key. */
	replace_in_file(f, "\"time_ms\": 1000", "\"time_ms\": 1500");
	d4 = gen_dir_of(pkg);
	ck_assert_str_eq(d4, d3);
	free(f);

	f = path2(pkg, "submissions/accepted/sum.c");
	replace_in_file(f, "return 0;", "return 0; /* changed */");
	d5 = gen_dir_of(pkg);
	ck_assert_str_ne(d5, d4);
	free(f);
	free(d4);

	/* A helper beside the generator is part of it. */
	f = path2(pkg, "generators/common.py");
	write_text(f, "SEED = 1\n");
	d4 = gen_dir_of(pkg);
	ck_assert_str_ne(d4, d5);
	free(f);

	rm_rf(tmp);
	free(d0);
	free(d1);
	free(d2);
	free(d3);
	free(d4);
	free(d5);
	free(pkg);
	free(tmp);
}
END_TEST

/*** Malformed packages: the message names the file, the field, the value ***/

static const struct {
	const char *dir; /* under tests/fixtures/bad-problems */
	const char *msg; /* what follows "<fixture dir>/" at the start of the message */
} bad[] = {
    {"invalid-json", "problem.json: invalid JSON at line 5, column 1"},
    {"trailing-garbage", "problem.json: invalid JSON at line 14, column 1"},
    {"not-an-object", "problem.json: expected an object, got an array"},
    {"binary-garbage", "problem.json: not a JSON text: NUL byte at offset 211"},
    {"invalid-utf8", "problem.json: not valid UTF-8 at offset 42"},
    {"nul-escape", "problem.json: \\u0000 (a NUL character) in a string at offset"},
    {"deep-nesting", "problem.json: invalid JSON at line"},
    {"unknown-key", "problem.json: field 'limits.time_limit': unknown key"},
    {"unknown-top-key", "problem.json: field 'memory': unknown key"},
    {"duplicate-key", "problem.json: field 'title': duplicate key"},
    {"wrong-type",
     "problem.json: field 'limits.time_ms': expected a positive integer, got \"fast\""},
    {"fractional-limit", "problem.json: field 'limits.time_ms': expected a positive integer, "
                         "got 1.5"},
    {"limit-out-of-range", "problem.json: field 'limits.memory_mb': expected a positive "
                           "integer from 1 to 65536, got -5"},
    {"missing-title", "problem.json: field 'title': required but missing"},
    {"missing-time", "problem.json: field 'limits.time_ms': required but missing"},
    {"multiline-title", "problem.json: field 'title': expected one line without control "
                        "characters, got \"Bad\\nfixture\""},
    {"tags-wrong-type", "problem.json: field 'tags': expected an array of strings, got \"cs\""},
    {"bad-difficulty", "problem.json: field 'difficulty': expected \"easy\", \"medium\" or "
                       "\"hard\", got \"insane\""},
    {"bad-style",
     "problem.json: field 'style': expected \"stdio\" or \"harness\", got \"interactive\""},
    {"id-mismatch", "problem.json: field 'id': must equal the folder name \"id-mismatch\", got "
                    "\"other-name\""},
    {"missing-statement", "statement.md: required file is missing"},
    {"in-without-ans", "data/sample/2.in: input without an answer (no matching .ans file)"},
    {"ans-without-in", "data/secret/edge/b.ans: answer without an input (no matching .in "
                       "file)"},
    {"stray-test-file", "data/sample/notes.txt: unexpected file"},
    {"stray-data-dir", "data/extra: unexpected entry"},
    {"path-escape", "problem.json: field 'input_validator': path escapes the package ('..'), "
                    "got \"../path-escape/input_validator/v.py\""},
    {"path-dot-component", "problem.json: field 'input_validator': expected a path without "
                           "empty or '.' components, got \"input_validator/./v.py\""},
    {"absolute-path", "problem.json: field 'checker.program': expected a path relative to the "
                      "package, not an absolute one, got \"/bin/true\""},
    {"missing-file", "problem.json: field 'input_validator': does not exist, got "
                     "\"input_validator/nope.py\""},
    {"unknown-group-folder",
     "data/secret/extra: group folder not listed in problem.json field 'groups'"},
    {"group-without-tests", "problem.json: field 'groups[1].name': group has no tests"},
    {"bad-group-name", "problem.json: field 'groups[0].name': expected a folder name"},
    {"duplicate-group", "problem.json: field 'groups[1].name': duplicate group name, got "
                        "\"edge\""},
    {"gen-unknown-group", "problem.json: field 'generators.tests[0].name': names a group not "
                          "listed in 'groups', got \"secret/huge/1\""},
    {"gen-clash", "problem.json: field 'generators.tests[0].name': clashes with the committed "
                  "file data/secret/edge/a.in, got \"secret/edge/a\""},
    {"gen-duplicate", "problem.json: field 'generators.tests[1].name': duplicate of "
                      "generators.tests[0].name, got \"secret/edge/g\""},
    {"gen-bad-name", "problem.json: field 'generators.tests[0].name': expected "
                     "\"secret/<group>/<name>\""},
    {"gen-args-wrong-type",
     "problem.json: field 'generators.tests[0].args[1]': expected a string, got 2"},
    {"unknown-lang-multiplier",
     "problem.json: field 'limits.time_multipliers.rust': unknown language id"},
    {"multiplier-not-positive", "problem.json: field 'limits.time_multipliers.python': "
                                "expected a number above 0"},
    {"unknown-lang-group", "problem.json: field 'groups[0].languages[1]': unknown language id, "
                           "got \"cobol\""},
    {"unknown-lang-harness", "problem.json: field 'harness.go': unknown language id"},
    {"harness-missing",
     "problem.json: field 'harness': required with style \"harness\" but missing"},
    {"harness-in-stdio", "problem.json: field 'harness': only allowed with style \"harness\""},
    {"harness-driver-missing", "problem.json: field 'harness.c.driver': required but missing"},
    {"custom-no-program",
     "problem.json: field 'checker.program': required with type \"custom\" but missing"},
    {"bad-checker-type", "problem.json: field 'checker.type': expected \"exact-lines\", "
                         "\"tokens\", \"float\" or \"custom\", got \"diff\""},
    {"tolerance-with-tokens",
     "problem.json: field 'checker.abs': only allowed with type \"float\", got 1e-06"},
    {"negative-tolerance", "problem.json: field 'checker.abs': expected a number from 0"},
    {"checker-unknown-language", "problem.json: field 'checker.program': expected a program "
                                 "whose extension names a language, got \"checker/check.rs\""},
    {"scoring-unknown-group", "problem.json: field 'scoring.group': names a group not listed in "
                              "'groups', got \"perf\""},
    {"bad-expectation-verdict", "problem.json: field 'expectations.wrong_answer/wa.py[1]': "
                                "expected a verdict (AC WA TLE MLE OLE RE CE SV IE), got \"XX\""},
    {"expectation-missing-file", "problem.json: field 'expectations.wrong_answer/nope.py': does "
                                 "not exist under submissions, got \"wrong_answer/nope.py\""},
    {"expectation-escape", "problem.json: field 'expectations.../problem.json': path escapes "
                           "the package ('..')"},
    {"no-tests", ": no tests (data/sample, data/secret and generators are all empty)"},
};

START_TEST(bad_fixture_names_field)
{
	char *dir, *want;
	const char *err;

	ck_assert_int_ge(asprintf(&dir, BAD "/%s", bad[_i].dir), 0);
	/* "no-tests" names the package folder itself: "<dir>: no tests ...". */
	ck_assert_int_ge(
	    asprintf(&want, "%s%s%s", dir, bad[_i].msg[0] == ':' ? "" : "/", bad[_i].msg), 0);
	err = load_fail(dir);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s:\n got  %s\n want %s...",
	              bad[_i].dir, err, want);
	free(want);
	free(dir);
}
END_TEST

/* Every folder under bad-problems/ has an entry above, and vice versa. */
START_TEST(bad_fixtures_all_covered)
{
	size_t nbad = sizeof bad / sizeof bad[0], seen = 0;
	struct dirent *de;
	DIR *d = opendir(BAD);

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		size_t i;

		if (de->d_name[0] == '.')
			continue;
		for (i = 0; i < nbad && strcmp(bad[i].dir, de->d_name) != 0; i++)
			;
		ck_assert_msg(i < nbad, "bad-problems/%s has no expected message", de->d_name);
		seen++;
	}
	closedir(d);
	ck_assert_uint_eq(seen, nbad);
}
END_TEST

/*** Packages broken at run time ***/

START_TEST(huge_problem_json_refused_quickly)
{
	char *tmp = tmpdir_make(), *pkg = path2(tmp, "sum-pair"), *f, *want;
	struct timespec t0, t1;
	const char *err;
	double secs;
	int fd;

	copy_tree(GOOD "/sum-pair", pkg);
	f = path2(pkg, "problem.json");
	fd = open(f, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 50L << 20), 0); /* sparse: 50 MB of zeros */
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = load_fail(pkg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_int_ge(asprintf(&want, "%s: file is larger than the limit of 1048576 bytes", f),
	                 0);
	ck_assert_str_eq(err, want);
	ck_assert_msg(secs < 0.5, "took %.3f s", secs);
	rm_rf(tmp);
	free(want);
	free(f);
	free(pkg);
	free(tmp);
}
END_TEST

START_TEST(symlink_out_of_package_refused)
{
	char *tmp = tmpdir_make(), *pkg = path2(tmp, "sum-pair"), *outside = path2(tmp, "secret");
	char *link, *want;
	const char *err;

	copy_tree(GOOD "/sum-pair", pkg);
	write_text(outside, "42 0\n");
	/* A test input that points outside. */
	link = path2(pkg, "data/sample/3.in");
	ck_assert_int_eq(symlink(outside, link), 0);
	want = path2(pkg, "data/sample/3.ans");
	write_text(want, "42\n");
	free(want);
	err = load_fail(pkg);
	ck_assert_int_ge(asprintf(&want, "%s/data/sample/3.in: leaves the package", pkg), 0);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "got %s", err);
	free(want);
	unlink(link);
	free(link);
	link = path2(pkg, "data/sample/3.ans");
	unlink(link);
	free(link);

	/* A manifest path that points outside through a link. */
	link = path2(pkg, "input_validator/validate.py");
	ck_assert_int_eq(unlink(link), 0);
	ck_assert_int_eq(symlink(outside, link), 0);
	err = load_fail(pkg);
	ck_assert_int_ge(
	    asprintf(&want, "%s/problem.json: field 'input_validator': leaves the package", pkg),
	    0);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "got %s", err);
	free(want);

	/* A link that stays inside is fine. */
	ck_assert_int_eq(unlink(link), 0);
	ck_assert_int_eq(symlink("../generators/gen.py", link), 0);
	judge_problem_free(load_ok(pkg, NULL));
	free(link);
	rm_rf(tmp);
	free(outside);
	free(pkg);
	free(tmp);
}
END_TEST

START_TEST(missing_or_odd_manifest)
{
	char *tmp = tmpdir_make(), *pkg = path2(tmp, "sum-pair"), *f, *want;
	const char *err;

	err = load_fail(pkg);
	ck_assert_int_ge(asprintf(&want, "%s: No such file or directory", pkg), 0);
	ck_assert_str_eq(err, want);
	free(want);

	copy_tree(GOOD "/sum-pair", pkg);
	f = path2(pkg, "problem.json");
	ck_assert_int_eq(unlink(f), 0);
	err = load_fail(pkg);
	ck_assert_int_ge(asprintf(&want, "%s: No such file or directory", f), 0);
	ck_assert_str_eq(err, want);
	free(want);

	ck_assert_int_eq(mkdir(f, 0755), 0);
	err = load_fail(pkg);
	ck_assert_int_ge(asprintf(&want, "%s: is a directory, expected a file", f), 0);
	ck_assert_str_eq(err, want);
	free(want);
	free(f);
	rm_rf(tmp);
	free(pkg);
	free(tmp);
}
END_TEST

START_TEST(id_must_be_lowercase)
{
	char *tmp = tmpdir_make(), *pkg = path2(tmp, "Sum_Pair"), *f, *want;
	const char *err;

	copy_tree(GOOD "/sum-pair", pkg);
	f = path2(pkg, "problem.json");
	replace_in_file(f, "\"id\": \"sum-pair\"", "\"id\": \"Sum_Pair\"");
	err = load_fail(pkg);
	ck_assert_int_ge(asprintf(&want,
	                          "%s: field 'id': expected lowercase letters, digits and '-' (at "
	                          "most 64), got \"Sum_Pair\"",
	                          f),
	                 0);
	ck_assert_str_eq(err, want);
	free(want);
	free(f);
	rm_rf(tmp);
	free(pkg);
	free(tmp);
}
END_TEST

/* A package given as "." or with trailing slashes still checks the id
 * against its real folder name. */
START_TEST(dot_and_trailing_slash)
{
	char cwd[4096];
	struct judge_problem *p;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(GOOD "/close-enough"), 0);
	p = load_ok(".", NULL);
	ck_assert_str_eq(p->id, "close-enough");
	judge_problem_free(p);
	p = load_ok(GOOD "/close-enough///", NULL);
	judge_problem_free(p);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/*** The real packages under problems/ ***/

START_TEST(real_problems_load)
{
	char **ids = NULL, err[1024], *dir, *cache = tmpdir_make();
	size_t n = 0, bad_count = 0;
	struct stat st;

	if (stat(REAL_PROBLEMS, &st) != 0) {
		rm_rf(cache);
		free(cache);
		return; /* no problems/ folder in this checkout */
	}
	ck_assert_msg(judge_problems_scan(REAL_PROBLEMS, &ids, err, sizeof err) == 0, "%s", err);
	for (; ids[n] != NULL; n++) {
		struct judge_problem *p = NULL;

		ck_assert_int_ge(asprintf(&dir, REAL_PROBLEMS "/%s", ids[n]), 0);
		if (judge_problem_load(dir, langs, cache, &p, err, sizeof err) != 0) {
			fprintf(stderr, "problems/%s does not load: %s\n", ids[n], err);
			bad_count++;
		} else {
			ck_assert_str_eq(p->id, ids[n]);
			ck_assert_uint_gt(p->ntests, 0);
		}
		judge_problem_free(p);
		free(dir);
	}
	fprintf(stderr, "real problems: %zu loaded, %zu failed\n", n - bad_count, bad_count);
	judge_strv_free(ids);
	rm_rf(cache);
	free(cache);
	ck_assert_msg(bad_count == 0, "%zu of %zu packages under problems/ do not load", bad_count,
	              n);
}
END_TEST

static Suite *problem_suite(void)
{
	Suite *s = suite_create("judge-problem");
	TCase *tc;

	tc = tcase_create("good");
	tcase_add_checked_fixture(tc, load_langs, free_langs);
	tcase_add_test(tc, stdio_package_fields);
	tcase_add_test(tc, stdio_package_test_order);
	tcase_add_test(tc, no_cache_dir_leaves_generated_paths_null);
	tcase_add_test(tc, time_limits_and_language_filters);
	tcase_add_test(tc, load_without_languages);
	tcase_add_test(tc, default_multiplier_comes_from_languages);
	tcase_add_test(tc, harness_package_fields);
	tcase_add_test(tc, custom_checker_package);
	tcase_add_test(tc, scan_lists_packages_sorted);
	tcase_add_test(tc, generated_dir_tracks_sources_and_args);
	tcase_add_test(tc, dot_and_trailing_slash);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_checked_fixture(tc, load_langs, free_langs);
	tcase_add_loop_test(tc, bad_fixture_names_field, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, bad_fixtures_all_covered);
	tcase_add_test(tc, huge_problem_json_refused_quickly);
	tcase_add_test(tc, symlink_out_of_package_refused);
	tcase_add_test(tc, missing_or_odd_manifest);
	tcase_add_test(tc, id_must_be_lowercase);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_add_checked_fixture(tc, load_langs, free_langs);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, real_problems_load);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(problem_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

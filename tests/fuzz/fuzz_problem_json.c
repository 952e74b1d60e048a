/* fuzz_problem_json.c -- libFuzzer target: the input is written as the
 * problem.json of a small package (and as a languages.json), then loaded.
 *
 * Properties checked beyond "no crash, no leak, no UB": a failed load leaves
 * *out NULL and a non-empty one-line message that starts with the package
 * path; a successful load lists at least one test, in the documented order.
 */
#include "judge/judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char pkg[256], manifest[300], langs_path[300];
static struct judge_langs *langs;

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		abort();
}

/* A package folder named like a valid id, with the files the fixtures'
 * manifests may point at, made once per process. */
static void setup(void)
{
	static const char *const dirs[] = {
	    "data",        "data/sample",          "data/secret", "data/secret/edge", "generators",
	    "submissions", "submissions/accepted", "checker",     "harness"};
	char tmpl[] = "/tmp/judge-fuzz-XXXXXX", path[400];
	struct judge_langs *l = NULL;
	char err[512];

	if (mkdtemp(tmpl) == NULL)
		abort();
	snprintf(pkg, sizeof pkg, "%s/fuzz", tmpl);
	if (mkdir(pkg, 0755) != 0)
		abort();
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", pkg, dirs[i]);
		if (mkdir(path, 0755) != 0)
			abort();
	}
	snprintf(path, sizeof path, "%s/statement.md", pkg);
	write_file(path, "# x\n", 4);
	snprintf(path, sizeof path, "%s/data/sample/1.in", pkg);
	write_file(path, "1\n", 2);
	snprintf(path, sizeof path, "%s/data/sample/1.ans", pkg);
	write_file(path, "1\n", 2);
	snprintf(path, sizeof path, "%s/data/secret/edge/a.in", pkg);
	write_file(path, "1\n", 2);
	snprintf(path, sizeof path, "%s/data/secret/edge/a.ans", pkg);
	write_file(path, "1\n", 2);
	snprintf(path, sizeof path, "%s/generators/gen.py", pkg);
	write_file(path, "print(1)\n", 9);
	snprintf(path, sizeof path, "%s/submissions/accepted/ref.c", pkg);
	write_file(path, "int main(void){return 0;}\n", 26);
	snprintf(path, sizeof path, "%s/checker/checker.c", pkg);
	write_file(path, "int main(void){return 42;}\n", 27);
	snprintf(manifest, sizeof manifest, "%s/problem.json", pkg);
	snprintf(langs_path, sizeof langs_path, "%s/languages.json", tmpl);
	if (judge_langs_load(JUDGE_FUZZ_SOURCE_DIR "/judge/languages.json", &l, err, sizeof err) !=
	    0)
		abort();
	langs = l;
}

static void check_message(const char *err, const char *prefix)
{
	if (err[0] == '\0' || strncmp(err, prefix, strlen(prefix)) != 0 || strchr(err, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct judge_problem *p = (struct judge_problem *)1;
	struct judge_langs *l = (struct judge_langs *)1;
	char err[1024] = "";

	if (pkg[0] == '\0')
		setup();
	write_file(manifest, data, size);
	if (judge_problem_load(pkg, langs, "/cache", &p, err, sizeof err) == 0) {
		if (p == NULL || p->ntests == 0 || strcmp(p->id, "fuzz") != 0)
			abort();
		for (size_t i = 1; i < p->ntests; i++) {
			int s0 = strcmp(p->tests[i - 1].group, "sample") == 0;
			int s1 = strcmp(p->tests[i].group, "sample") == 0;

			if (s1 && !s0)
				abort(); /* samples come first */
		}
		for (size_t i = 0; i < p->ntests; i++)
			if (p->tests[i].in_path == NULL || p->tests[i].ans_path == NULL)
				abort();
		judge_problem_free(p);
	} else {
		if (p != NULL)
			abort();
		check_message(err, pkg);
	}

	write_file(langs_path, data, size);
	err[0] = '\0';
	if (judge_langs_load(langs_path, &l, err, sizeof err) == 0) {
		if (l == NULL || l->n == 0)
			abort();
		judge_langs_free(l);
	} else {
		if (l != NULL)
			abort();
		check_message(err, langs_path);
	}
	return 0;
}

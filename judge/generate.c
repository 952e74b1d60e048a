/* generate.c -- generated tests: the package's generator writes each input,
 * the reference solution writes its answer, both in the sandbox. The files
 * go to the cache under a key that covers the generator, the reference and
 * every test's arguments (judge_problem_generated_dir), made in a private
 * directory and renamed into place, so concurrent judges never see half a
 * set. */
#include "judge/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge/util.h"

#define GEN_OUTPUT_MAX ((size_t)512 << 20)

/* Runs a session with stdout into the file at path. */
static int run_to_file(struct judge_session *s, char *const *args, int stdin_fd, const char *path,
                       const char *what, char *err, size_t errlen)
{
	struct sbx_result res;
	int fd, rc = -1;

	if (engine_mkdirs(path, 0) < 0)
		return jutil_errf(err, errlen, "%s: %s", path, strerror(errno));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return jutil_errf(err, errlen, "%s: %s", path, strerror(errno));
	engine_run(s, args, stdin_fd, fd, GEN_OUTPUT_MAX, ENGINE_HELPER_CPU_MS,
	           ENGINE_HELPER_MEM_MB, &res);
	if (close(fd) < 0)
		jutil_errf(err, errlen, "%s: %s", path, strerror(errno));
	else if (res.status != SBX_OK || res.exit_code != 0) {
		char line[200];

		engine_last_line(res.err_tail, strlen(res.err_tail), line, sizeof line);
		if (res.status == SBX_OK)
			jutil_errf(err, errlen, "%s failed: exit code %d%s%s", what, res.exit_code,
			           line[0] ? ": " : "", line);
		else
			jutil_errf(err, errlen, "%s failed: %s %s%s%s", what,
			           sbx_status_name(res.status), res.message, line[0] ? ": " : "",
			           line);
	} else {
		rc = 0;
	}
	sbx_result_free(&res);
	return rc;
}

int judge_generate(struct judge_problem *p, const struct judge_langs *langs,
                   const struct judge_options *o, char *err, size_t errlen)
{
	struct judge_session *gen = NULL, *ref = NULL;
	char *root = NULL, *dir = NULL, *tmp = NULL, *marker = NULL, count[32];
	int rc = -1;

	if (p->ngen_tests == 0)
		return 0;
	if (!o->cache)
		return jutil_errf(err, errlen, "%s: generated tests need a cache directory", p->id);
	root = jutil_asprintf("%s/tests", o->cache);
	dir = root ? judge_problem_generated_dir(p, root, err, errlen) : NULL;
	if (!dir)
		goto out;
	marker = jutil_asprintf("%s/.complete", dir);
	if (!marker)
		goto oom;
	if (access(marker, F_OK) == 0)
		goto point;
	if (!p->gen_reference) {
		jutil_errf(
		    err, errlen,
		    "%s/problem.json: field 'generators.reference': required to make answers",
		    p->dir);
		goto out;
	}
	snprintf(count, sizeof count, "%zu", p->ngen_tests);
	if (o->progress) {
		struct judge_progress ev = {JUDGE_EV_GENERATE, 0, p->ngen_tests, count, NULL};

		o->progress(o->ctx, &ev);
	}
	if (engine_helper_open(langs, p->gen_program, NULL, o, &gen, err, errlen) < 0 ||
	    engine_helper_open(langs, p->gen_reference, p, o, &ref, err, errlen) < 0)
		goto out;
	tmp = jutil_asprintf("%s.tmp%ld", dir, (long)getpid());
	if (!tmp)
		goto oom;
	engine_rm_tree(tmp);
	for (size_t i = 0; i < p->ngen_tests; i++) {
		const struct judge_gen_test *g = &p->gen_tests[i];
		char *in = jutil_asprintf("%s/%s.in", tmp, g->name);
		char *ans = jutil_asprintf("%s/%s.ans", tmp, g->name);
		char what[300];
		int fd, r;

		if (!in || !ans) {
			free(in);
			free(ans);
			goto oom;
		}
		snprintf(what, sizeof what, "generator for %s", g->name);
		r = run_to_file(gen, g->args, -1, in, what, err, errlen);
		if (r == 0) {
			fd = open(in, O_RDONLY | O_CLOEXEC);
			snprintf(what, sizeof what, "reference solution on %s", g->name);
			r = fd < 0 ? jutil_errf(err, errlen, "%s: %s", in, strerror(errno))
			           : run_to_file(ref, NULL, fd, ans, what, err, errlen);
			if (fd >= 0)
				close(fd);
		}
		free(in);
		free(ans);
		if (r < 0)
			goto out;
	}
	{
		char *m = jutil_asprintf("%s/.complete", tmp);
		int fd = m ? open(m, O_WRONLY | O_CREAT | O_CLOEXEC, 0644) : -1;

		free(m);
		if (fd < 0) {
			jutil_errf(err, errlen, "%s: %s", tmp, strerror(errno));
			goto out;
		}
		close(fd);
	}
	if (engine_mkdirs(dir, 0) < 0 || rename(tmp, dir) < 0) {
		/* Someone else finished first: theirs is as good as ours. */
		if (access(marker, F_OK) != 0) {
			jutil_errf(err, errlen, "%s: %s", dir, strerror(errno));
			goto out;
		}
	}
point:
	for (size_t i = 0; i < p->ntests; i++) {
		struct judge_test *t = &p->tests[i];

		if (!t->generated)
			continue;
		/* Whatever the loader was told, point at the files just checked. */
		free(t->in_path);
		free(t->ans_path);
		t->in_path = jutil_asprintf("%s/%s.in", dir, t->name);
		t->ans_path = jutil_asprintf("%s/%s.ans", dir, t->name);
		if (!t->in_path || !t->ans_path)
			goto oom;
	}
	rc = 0;
	goto out;
oom:
	jutil_errf(err, errlen, "out of memory");
out:
	if (tmp)
		engine_rm_tree(tmp);
	judge_session_close(gen);
	judge_session_close(ref);
	free(tmp);
	free(marker);
	free(dir);
	free(root);
	return rc;
}

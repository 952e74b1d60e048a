/* judging.c -- judging a submission: compile it, run the tests in order,
 * check every output, decide the verdict.
 *
 * Tests run one after another in one box: CPU-time verdicts near a limit
 * must not depend on what else the machine is doing (see docs/sandbox.md for
 * the measurements behind running serially). Every test runs (practice
 * mode) unless fail_fast is set; the verdict is the first non-AC verdict of
 * a gating test, in test order.
 */
#include "judge/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge/util.h"

#define SAMPLE_OUTPUT_MAX 4096
#define STDERR_MAX        1024
#define ANSWER_MAX        ((size_t)512 << 20)
#define CHECKER_CPU_MS    10000
#define CHECKER_MEM_MB    1024L
#define FEEDBACK_MAX      1000

/* A copy of s made safe for JSON and terminals: valid UTF-8 (invalid bytes
 * and NULs become U+FFFD), at most max bytes of the input, "..." after a cut. */
static char *clean_text(const char *s, size_t n, size_t max)
{
	size_t cut = n > max ? max : n, o = 0;
	char *out = malloc(cut * 3 + 4);

	if (!out)
		return NULL;
	for (size_t i = 0; i < cut;) {
		size_t l = jutil_utf8_len((const unsigned char *)s + i, cut - i);

		if (l == 0 || s[i] == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, s + i, l);
			o += l;
			i += l;
		}
	}
	if (cut < n) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = 0;
	return out;
}

static void random_key(char key[33])
{
	unsigned char b[16];
	static const char hex[] = "0123456789abcdef";

	if (getrandom(b, sizeof b, 0) != sizeof b) {
		/* Unique enough for an idempotency key without the entropy pool. */
		uint64_t t = engine_mono_us() ^ ((uint64_t)getpid() << 40);

		memcpy(b, &t, 8);
		t = (uint64_t)engine_now_ms();
		memcpy(b + 8, &t, 8);
	}
	for (int i = 0; i < 16; i++) {
		key[2 * i] = hex[b[i] >> 4];
		key[2 * i + 1] = hex[b[i] & 15];
	}
	key[32] = 0;
}

static void progress(const struct judge_options *o, enum judge_event ev, size_t index, size_t count,
                     const char *name, const struct judge_test_result *t)
{
	struct judge_progress p = {ev, index, count, name, t};

	if (o->progress)
		o->progress(o->ctx, &p);
}

/*** The custom checker ***/

struct checker {
	struct judge_session *s;
	char *feedback; /* host path of the feedback directory */
};

static int checker_open(struct checker *c, const struct judge_problem *p,
                        const struct judge_options *o, char *err, size_t errlen)
{
	const struct sbx_isolation *iso;

	memset(c, 0, sizeof *c);
	if (!o->langs)
		return jutil_errf(err, errlen, "no languages given for the custom checker");
	progress(o, JUDGE_EV_COMPILE, 0, 0, "checker", NULL);
	if (engine_helper_open(o->langs, p->checker.program, NULL, o, &c->s, err, errlen) < 0)
		return -1;
	c->feedback = jutil_path_join(sbx_box_dir(c->s->box), "feedback");
	if (!c->feedback || (mkdir(c->feedback, 0755) < 0 && errno != EEXIST))
		return jutil_errf(err, errlen, "checker feedback directory: %s", strerror(errno));
	iso = sbx_box_isolation(c->s->box);
	if (geteuid() == 0 && chown(c->feedback, iso->uid, iso->gid) < 0)
		return jutil_errf(err, errlen, "checker feedback directory: %s", strerror(errno));
	return 0;
}

static void checker_close(struct checker *c)
{
	judge_session_close(c->s);
	free(c->feedback);
	memset(c, 0, sizeof *c);
}

static void clear_feedback(const struct checker *c)
{
	static const char *const files[] = {"judgemessage.txt", "teammessage.txt", "score.txt"};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *f = jutil_path_join(c->feedback, files[i]);

		if (f)
			unlink(f);
		free(f);
	}
}

/* Reads a feedback file without following links (the checker wrote it). */
static char *read_feedback(const struct checker *c, const char *name, size_t max)
{
	char *path = jutil_path_join(c->feedback, name), *buf = NULL;
	int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	ssize_t n;

	free(path);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	n = buf ? read(fd, buf, max) : -1;
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* Runs the checker on one test (Kattis convention). Sets the verdict (AC,
 * WA or IE), the message and the score. */
static void checker_run(struct checker *c, const struct judge_test *t, const char *out,
                        size_t outlen, struct judge_test_result *tr)
{
	char *args[] = {"input.in", "answer.ans", "feedback", NULL};
	char err[256], *text, *outpath = NULL;
	struct sbx_result res;
	int fd = -1;

	clear_feedback(c);
	if (engine_put_file(c->s, t->in_path, "input.in", err, sizeof err) < 0 ||
	    engine_put_file(c->s, t->ans_path, "answer.ans", err, sizeof err) < 0 ||
	    engine_put_bytes(c->s, "output", out, outlen, err, sizeof err) < 0) {
		tr->verdict = JUDGE_IE;
		tr->message = jutil_asprintf("checker: %s", err);
		return;
	}
	outpath = jutil_path_join(sbx_box_dir(c->s->box), "output");
	fd = outpath ? open(outpath, O_RDONLY | O_CLOEXEC) : -1;
	free(outpath);
	if (fd < 0) {
		tr->verdict = JUDGE_IE;
		tr->message = jutil_strdup("checker: cannot reopen the output");
		return;
	}
	engine_run(c->s, args, fd, -1, 1 << 20, CHECKER_CPU_MS, CHECKER_MEM_MB, &res);
	close(fd);
	text = read_feedback(c, "judgemessage.txt", FEEDBACK_MAX);
	if (res.status == SBX_OK && (res.exit_code == 42 || res.exit_code == 43)) {
		tr->verdict = res.exit_code == 42 ? JUDGE_AC : JUDGE_WA;
		tr->message =
		    text ? clean_text(text, strlen(text), FEEDBACK_MAX) : jutil_strdup("");
		if (tr->message) {
			size_t l = strlen(tr->message);

			while (l && (tr->message[l - 1] == '\n' || tr->message[l - 1] == ' '))
				tr->message[--l] = 0;
		}
		free(text);
		text = read_feedback(c, "score.txt", 64);
		if (text) {
			char *end;
			double v = strtod(text, &end);

			if (end != text && isfinite(v)) {
				tr->has_score = 1;
				tr->score = v;
			}
		}
	} else {
		char line[200];

		engine_last_line(res.err_tail, strlen(res.err_tail), line, sizeof line);
		tr->verdict = JUDGE_IE;
		tr->message = jutil_asprintf("the checker failed (%s, exit code %d)%s%s",
		                             sbx_status_name(res.status), res.exit_code,
		                             line[0] ? ": " : "", line);
	}
	free(text);
	sbx_result_free(&res);
}

/*** One test ***/

static void set_msg(struct judge_test_result *tr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_msg(struct judge_test_result *tr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(tr->message);
	tr->message = clean_text(buf, strlen(buf), sizeof buf);
}

static void run_test(struct judge_session *s, struct checker *chk, const struct judge_problem *p,
                     const struct judge_test *t, const struct judge_options *o,
                     struct judge_test_result *tr)
{
	long tl = judge_problem_time_limit(p, s->lang->id, t);
	double scale = o->time_scale > 0 ? o->time_scale : 1.0;
	struct sbx_result res;
	char *ans = NULL, msg[512];
	size_t anslen = 0;
	int fd, accepted = 0;

	tl = (long)ceil((double)tl * scale);
	tr->verdict = JUDGE_IE;
	if (!t->in_path || !t->ans_path) {
		set_msg(tr, "test data missing: generate the tests first (judge generate %s)",
		        p->id);
		return;
	}
	fd = open(t->in_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_msg(tr, "cannot open %s: %s", t->name, strerror(errno));
		return;
	}
	engine_run(s, NULL, fd, -1, (size_t)p->output_kb * 1024, tl, p->memory_mb, &res);
	close(fd);
	tr->time_ms = res.cpu_ms;
	tr->wall_ms = res.wall_ms;
	tr->memory_kb = res.memory_kb;
	tr->exit_code = res.exit_code;
	tr->signal = res.signal;
	if (res.err_len)
		tr->stderr_text = clean_text(res.err, res.err_len, STDERR_MAX);
	if (strcmp(tr->group, "sample") == 0 && res.out)
		tr->output = clean_text(res.out, res.out_len, SAMPLE_OUTPUT_MAX);
	switch (res.status) {
	case SBX_OK:
		break;
	case SBX_TLE:
		tr->verdict = JUDGE_TLE;
		set_msg(tr, "%s (limit %.2f s)",
		        strncmp(res.message, "wall", 4) == 0
		            ? "wall time limit exceeded: the program waited or slept"
		            : "CPU time limit exceeded",
		        tl / 1000.0);
		goto out;
	case SBX_MLE:
		tr->verdict = JUDGE_MLE;
		set_msg(tr, "memory limit exceeded (limit %ld MB)", p->memory_mb);
		goto out;
	case SBX_OLE:
		tr->verdict = JUDGE_OLE;
		set_msg(tr, "%s (limit %ld KB of output)", res.message, p->output_kb);
		goto out;
	case SBX_SV:
		tr->verdict = JUDGE_SV;
		set_msg(tr, "%s", res.message);
		goto out;
	case SBX_RE:
		tr->verdict = JUDGE_RE;
		engine_last_line(res.err_tail, strlen(res.err_tail), msg, 200);
		set_msg(tr, "%s%s%s", res.message, msg[0] ? ": " : "", msg);
		goto out;
	default:
		tr->verdict = JUDGE_IE;
		set_msg(tr, "%s", res.message);
		goto out;
	}
	if (res.exit_code != 0) {
		tr->verdict = JUDGE_RE;
		engine_last_line(res.err_tail, strlen(res.err_tail), msg, 200);
		set_msg(tr, "exit code %d%s%s", res.exit_code, msg[0] ? ": " : "", msg);
		goto out;
	}
	if (p->checker.type == JUDGE_CHECK_CUSTOM) {
		checker_run(chk, t, res.out, res.out_len, tr);
		goto out;
	}
	if (judge_read_file(t->ans_path, ANSWER_MAX, &ans, &anslen, msg, sizeof msg) < 0) {
		set_msg(tr, "%s", msg);
		goto out;
	}
	msg[0] = 0;
	judge_compare(&p->checker, res.out, res.out_len, ans, anslen, &accepted, msg, sizeof msg);
	tr->verdict = accepted ? JUDGE_AC : JUDGE_WA;
	set_msg(tr, "%s", accepted ? "" : msg);
out:
	if (!tr->message)
		tr->message = jutil_strdup("");
	free(ans);
	sbx_result_free(&res);
}

/*** The whole submission ***/

static int applies(const struct judge_problem *p, const struct judge_test *t, const char *lang,
                   enum judge_mode mode)
{
	if (mode == JUDGE_MODE_TEST && strcmp(t->group, "sample") != 0)
		return 0;
	return judge_problem_test_applies(p, t, lang);
}

static void finish(struct judge_result *r, const struct judge_problem *p)
{
	double sum = 0;
	size_t nscored = 0;

	r->verdict = JUDGE_AC;
	for (size_t i = 0; i < r->ntests; i++) {
		struct judge_test_result *t = &r->tests[i];

		if (t->verdict == JUDGE_AC)
			r->passed++;
		if (t->time_ms > r->time_ms)
			r->time_ms = t->time_ms;
		if (t->memory_kb > r->memory_kb)
			r->memory_kb = t->memory_kb;
		if (t->gating && t->verdict != JUDGE_AC && r->verdict == JUDGE_AC) {
			r->verdict = t->verdict;
			free(r->message);
			r->message =
			    t->message && t->message[0]
			        ? jutil_asprintf("%s: %s", t->name, t->message)
			        : jutil_asprintf("%s: %s", t->name, judge_verdict_name(t->verdict));
		}
		if (p->score_group && strcmp(t->group, p->score_group) == 0) {
			nscored++;
			if (t->verdict == JUDGE_AC && t->has_score)
				sum += t->score;
		}
	}
	r->total = (int)r->ntests;
	if (nscored) {
		r->has_score = 1;
		r->score = sum / (double)nscored;
		r->score_max = p->score_max;
		r->score_label = jutil_strdup(p->score_label ? p->score_label : "score");
	}
}

int judge_submission(const struct judge_problem *p, const struct judge_lang *lang,
                     const char *file_name, const char *source, size_t len,
                     const struct judge_options *o, struct judge_result **out, char *err,
                     size_t errlen)
{
	struct judge_result *r;
	struct judge_session *s = NULL;
	struct judge_compile_info ci;
	struct checker chk = {0};
	struct judge_sha256 h;
	const char *base = file_name ? strrchr(file_name, '/') : NULL;
	size_t count = 0, done = 0;
	char why[512];

	*out = NULL;
	if (!judge_problem_accepts(p, lang->id))
		return jutil_errf(err, errlen, "problem %s does not accept %s", p->id, lang->name);
	if (judge_source_check(source, len, err, errlen) < 0)
		return -1;
	r = calloc(1, sizeof *r);
	if (!r)
		return jutil_errf(err, errlen, "out of memory");
	random_key(r->key);
	r->mode = o->mode;
	r->started_ms = engine_now_ms();
	r->problem = jutil_strdup(p->id);
	r->language = jutil_strdup(lang->id);
	r->file = jutil_strdup(base ? base + 1 : file_name ? file_name : lang->source);
	r->bytes = len;
	judge_sha256_init(&h);
	judge_sha256_update(&h, source, len);
	judge_sha256_final(&h, r->sha256);
	if (o->keep_source)
		r->source = jutil_strndup(source, len);
	r->message = jutil_strdup("");

	for (size_t i = 0; i < p->ntests; i++)
		count += applies(p, &p->tests[i], lang->id, o->mode);
	r->tests = calloc(count + 1, sizeof *r->tests);
	if (!r->problem || !r->language || !r->file || !r->message || !r->tests ||
	    (o->keep_source && !r->source)) {
		judge_result_free(r);
		return jutil_errf(err, errlen, "out of memory");
	}

	progress(o, JUDGE_EV_COMPILE, 0, count, r->file, NULL);
	if (judge_session_open(p, lang, source, len, o, &s, &ci, why, sizeof why) < 0) {
		r->verdict = JUDGE_IE;
		free(r->message);
		r->message = jutil_strdup(why);
		r->compile_log = jutil_strdup("");
		goto done;
	}
	r->isolation = *judge_session_isolation(s);
	r->compile_ok = ci.ok;
	r->compile_cached = ci.cached;
	r->compile_ms = ci.time_ms;
	r->compile_log =
	    clean_text(ci.log ? ci.log : "", ci.log ? strlen(ci.log) : 0, ENGINE_LOG_MAX);
	progress(o, JUDGE_EV_COMPILED, ci.ok, count, r->file, NULL);
	if (!ci.ok) {
		char first[200];

		r->verdict = JUDGE_CE;
		engine_last_line(ci.log ? ci.log : "", ci.log ? strlen(ci.log) : 0, first,
		                 sizeof first);
		free(r->message);
		r->message = jutil_asprintf("compilation failed%s%s", first[0] ? ": " : "", first);
		goto done;
	}
	if (p->checker.type == JUDGE_CHECK_CUSTOM && count > 0 &&
	    checker_open(&chk, p, o, why, sizeof why) < 0) {
		r->verdict = JUDGE_IE;
		free(r->message);
		r->message = jutil_asprintf("custom checker: %s", why);
		goto done;
	}
	for (size_t i = 0; i < p->ntests; i++) {
		const struct judge_test *t = &p->tests[i];
		struct judge_test_result *tr = &r->tests[r->ntests];
		const struct judge_group *g;

		if (!applies(p, t, lang->id, o->mode))
			continue;
		g = judge_problem_group(p, t->group);
		tr->name = jutil_strdup(t->name);
		tr->group = jutil_strdup(t->group);
		tr->gating = g ? g->gating : 1;
		r->ntests++;
		if (!tr->name || !tr->group) {
			tr->verdict = JUDGE_IE;
			tr->message = jutil_strdup("out of memory");
			break;
		}
		progress(o, JUDGE_EV_TEST_START, done, count, t->name, NULL);
		run_test(s, &chk, p, t, o, tr);
		progress(o, JUDGE_EV_TEST_DONE, done, count, t->name, tr);
		done++;
		if (o->fail_fast && tr->gating && tr->verdict != JUDGE_AC)
			break;
	}
	finish(r, p);
done:
	checker_close(&chk);
	judge_session_close(s);
	r->finished_ms = engine_now_ms();
	*out = r;
	return 0;
}

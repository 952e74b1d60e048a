/* cli_validate.c -- `judge validate ID|DIR`: prove a problem package right.
 *
 * In order: problem.json loads strictly; the generated tests can be made;
 * the input validator (when the package has one) accepts every .in (exit
 * 42); every file under submissions/<folder>/ gets the verdict its folder
 * names (or one problem.json's "expectations" allows); and the time limits
 * leave room: the slowest accepted run per language within half its limit,
 * time-limit-exceeded solutions not within 3x of it. Mismatches are FAIL
 * (exit 1); thin margins are WARN (exit unchanged).
 *
 * TLE submissions are judged once with every limit scaled by 3: a test that
 * passes at 3x but ran past the real limit is a TLE at 1x, and a submission
 * none of whose tests reaches 3x the limit is too close to it for comfort.
 */
#include "judge/cli.h"

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TLE_SCALE         3.0
#define MIN_AC_MARGIN     2.0
#define VALIDATOR_OK      42
#define VALIDATOR_TIME_MS 60000
#define VALIDATOR_MEM_MB  2048

static const char validate_help[] =
    "usage: judge validate ID|DIR\n"
    "\n"
    "Proves a problem package right (for instructors): loads problem.json\n"
    "strictly, generates the generated tests, runs the input validator over\n"
    "every .in (exit 42 = valid), judges every file under submissions/<folder>/\n"
    "and checks it gets the folder's verdict (accepted AC, wrong_answer WA,\n"
    "time_limit_exceeded TLE, run_time_error RE, memory_limit_exceeded MLE,\n"
    "output_limit_exceeded OLE, compile_error CE; problem.json \"expectations\"\n"
    "may allow others), one line per submission. Then it reports the slowest\n"
    "accepted run per language against its limit and warns when the margin is\n"
    "under 2x, or when a TLE submission finishes within 3x the limit.\n"
    "\n"
    "Options:\n"
    "  --help   this text\n"
    "\n"
    "Exit status: 0 the package is right (warnings allowed), 1 a check failed,\n"
    "2 bad usage or no such package, 3 internal error.\n";

static const struct {
	const char *folder;
	enum judge_verdict verdict;
} folders[] = {
    {"accepted", JUDGE_AC},
    {"wrong_answer", JUDGE_WA},
    {"time_limit_exceeded", JUDGE_TLE},
    {"run_time_error", JUDGE_RE},
    {"memory_limit_exceeded", JUDGE_MLE},
    {"output_limit_exceeded", JUDGE_OLE},
    {"compile_error", JUDGE_CE},
    {"security_violation", JUDGE_SV},
};

#define NFOLDERS (sizeof folders / sizeof folders[0])

/* The slowest accepted run of one language. */
struct margin {
	const char *lang;
	long time_ms, limit_ms;
	char where[700];
};

struct validation {
	struct cli *c;
	struct judge_problem *p;
	struct term t;    /* stdout */
	struct term prog; /* progress: stdout on a terminal only */
	int failures, warnings;
	struct margin margins[16];
	size_t nmargins;
	int width; /* of the first column: the longest submission's name */
};

static void status_line(struct validation *v, int ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void status_line(struct validation *v, int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("  %-*s %s%s%s  ", v->width, what, term_sgr(&v->t, ok ? TS_GREEN : TS_RED),
	       ok ? "ok  " : "FAIL", term_sgr(&v->t, TS_RESET));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	v->failures += !ok;
}

static void warn_line(struct validation *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn_line(struct validation *v, const char *fmt, ...)
{
	va_list ap;

	printf("  %sWARN%s ", term_sgr(&v->t, TS_YELLOW), term_sgr(&v->t, TS_RESET));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	v->warnings++;
}

static void options(struct validation *v, struct judge_options *o)
{
	judge_options_init(o);
	o->cache = v->c->paths.cache;
	o->langs = v->c->langs;
	o->progress = term_judge_progress;
	o->warn = cli_warn_cb;
	o->ctx = &v->prog;
}

/*** Input validator ***/

/* The first line of a validator's complaint. */
static void first_line(const struct sbx_result *r, char *buf, size_t len)
{
	const char *s = r->err_len ? r->err : r->out ? r->out : "";
	size_t n = strcspn(s, "\n");

	snprintf(buf, len, "%.*s", (int)(n < 200 ? n : 200), s);
}

static void check_inputs(struct validation *v)
{
	const struct judge_problem *p = v->p;
	const struct judge_lang *lang = judge_langs_by_file(v->c->langs, p->input_validator);
	struct judge_session *s = NULL;
	struct judge_compile_info ci;
	struct judge_options o;
	char *src = NULL, err[2048], msg[256];
	size_t len = 0, checked = 0;
	int bad = 0;

	memset(&ci, 0, sizeof ci);
	if (!lang) {
		status_line(v, 0, "input validator", "%s: unknown language",
		            cli_basename(p->input_validator));
		return;
	}
	options(v, &o);
	if (judge_read_file(p->input_validator, JUDGE_SOURCE_MAX, &src, &len, err, sizeof err) <
	        0 ||
	    judge_session_open(NULL, lang, src, len, &o, &s, &ci, err, sizeof err) < 0) {
		status_line(v, 0, "input validator", "%s", err);
		goto out;
	}
	if (!ci.ok) {
		status_line(v, 0, "input validator", "does not compile: %s", ci.log ? ci.log : "");
		goto out;
	}
	for (size_t i = 0; i < p->ntests; i++) {
		const struct judge_test *t = &p->tests[i];
		struct sbx_result res;
		int fd;

		if (!t->in_path)
			continue;
		term_progress(&v->prog, "input validator: %s", t->name);
		fd = open(t->in_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			term_clear(&v->prog);
			status_line(v, 0, "input validator", "%s: cannot open %s", t->name,
			            t->in_path);
			bad++;
			continue;
		}
		memset(&res, 0, sizeof res);
		int rc = judge_session_run(s, fd, VALIDATOR_TIME_MS, VALIDATOR_MEM_MB, &res);
		close(fd);
		term_clear(&v->prog);
		checked++;
		if (rc < 0 || res.status != SBX_OK || res.exit_code != VALIDATOR_OK) {
			first_line(&res, msg, sizeof msg);
			if (rc == 0 && res.status == SBX_OK)
				status_line(v, 0, "input validator",
				            "%s.in: rejected (exit %d)%s%s", t->name, res.exit_code,
				            msg[0] ? ": " : "", msg);
			else
				status_line(v, 0, "input validator", "%s.in: validator %s%s%s",
				            t->name, sbx_status_name(res.status),
				            res.message[0] ? ": " : "", res.message);
			bad++;
		}
		sbx_result_free(&res);
	}
	if (!bad)
		status_line(v, 1, "input validator", "%zu inputs valid (%s)", checked,
		            cli_basename(p->input_validator));
out:
	judge_session_close(s);
	free(src);
}

/*** Submissions ***/

/* Expected verdicts of a submission (bit set): its folder's, unless
 * problem.json's expectations name the file. */
static unsigned expected_set(const struct judge_problem *p, const char *rel, size_t folder)
{
	for (size_t i = 0; i < p->nexpectations; i++)
		if (!strcmp(p->expectations[i].submission, rel))
			return p->expectations[i].verdicts;
	return 1u << folders[folder].verdict;
}

static void set_text(unsigned set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int v = 0; v < JUDGE_VERDICT_COUNT && used < len; v++) {
		if (!(set & (1u << v)))
			continue;
		int w = snprintf(buf + used, len - used, "%s%s", used ? "|" : "",
		                 judge_verdict_name((enum judge_verdict)v));
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static const struct judge_test *find_test(const struct judge_problem *p, const char *name)
{
	for (size_t i = 0; i < p->ntests; i++)
		if (!strcmp(p->tests[i].name, name))
			return &p->tests[i];
	return NULL;
}

/* What one judging says, measured against the real (1x) limits. */
struct reading {
	enum judge_verdict got;
	long slow_ms, slow_limit; /* the test closest to (or furthest past) its limit */
	const char *slow_name;
	int tle_at_scale; /* some test was TLE even with the scaled limits */
};

static void read_result(const struct judge_problem *p, const char *lang,
                        const struct judge_result *r, double scale, struct reading *rd)
{
	double worst = -1;

	memset(rd, 0, sizeof *rd);
	rd->got = scale > 1 ? JUDGE_AC : r->verdict;
	if (!r->compile_ok || r->ntests == 0)
		rd->got = r->verdict;
	for (size_t i = 0; i < r->ntests; i++) {
		const struct judge_test_result *x = &r->tests[i];
		const struct judge_test *t = find_test(p, x->name);
		long limit = judge_problem_time_limit(p, lang, t);
		enum judge_verdict v1 = x->verdict;

		if (limit > 0 && (double)x->time_ms / (double)limit > worst) {
			worst = (double)x->time_ms / (double)limit;
			rd->slow_ms = x->time_ms;
			rd->slow_limit = limit;
			rd->slow_name = x->name;
		}
		rd->tle_at_scale |= x->verdict == JUDGE_TLE;
		if (scale <= 1)
			continue;
		/* Past the real limit is a TLE, even when the scaled one passed. */
		if (v1 == JUDGE_AC && x->time_ms > limit)
			v1 = JUDGE_TLE;
		if (rd->got == JUDGE_AC && x->gating && v1 != JUDGE_AC)
			rd->got = v1;
	}
}

static void note_margin(struct validation *v, const char *lang, const struct reading *rd,
                        const char *rel)
{
	struct margin *m = NULL;

	for (size_t i = 0; i < v->nmargins; i++)
		if (!strcmp(v->margins[i].lang, lang))
			m = &v->margins[i];
	if (!m) {
		if (v->nmargins == sizeof v->margins / sizeof v->margins[0])
			return;
		m = &v->margins[v->nmargins++];
		memset(m, 0, sizeof *m);
		m->lang = lang;
		m->limit_ms = 1;
	}
	/* Keep the run with the largest share of its limit. */
	if (rd->slow_limit > 0 && (double)rd->slow_ms * (double)m->limit_ms >=
	                              (double)m->time_ms * (double)rd->slow_limit) {
		m->time_ms = rd->slow_ms;
		m->limit_ms = rd->slow_limit;
		snprintf(m->where, sizeof m->where, "%s on %s", rel,
		         rd->slow_name ? rd->slow_name : "?");
	}
}

static void judge_one(struct validation *v, const char *path, const char *rel, size_t folder)
{
	const struct judge_problem *p = v->p;
	const struct judge_lang *lang = judge_langs_by_file(v->c->langs, path);
	unsigned expect = expected_set(p, rel, folder);
	struct judge_result *r = NULL;
	struct judge_options o;
	struct reading rd;
	char *src = NULL, err[2048], exp_text[64], tm[32], lim[32];
	size_t len = 0;

	if (!lang || !judge_problem_accepts(p, lang->id)) {
		printf("  %-*s skip  (%s)\n", v->width, rel,
		       lang ? "a language the problem does not accept" : "unknown language");
		return;
	}
	options(v, &o);
	o.mode = JUDGE_MODE_SUBMIT;
	/* Only accepted solutions need every test: the others stop at the first failure. */
	o.fail_fast = folders[folder].verdict != JUDGE_AC;
	o.time_scale = (expect & (1u << JUDGE_TLE)) ? TLE_SCALE : 1.0;
	term_progress(&v->prog, "judging %s...", rel);
	if (judge_read_file(path, JUDGE_SOURCE_MAX, &src, &len, err, sizeof err) < 0 ||
	    judge_submission(p, lang, cli_basename(path), src, len, &o, &r, err, sizeof err) < 0) {
		term_clear(&v->prog);
		status_line(v, 0, rel, "%s", err);
		goto out;
	}
	term_clear(&v->prog);
	read_result(p, lang->id, r, o.time_scale, &rd);
	set_text(expect, exp_text, sizeof exp_text);
	term_fmt_time(tm, sizeof tm, rd.slow_ms);
	term_fmt_time(lim, sizeof lim, rd.slow_limit);
	int ok = (expect & (1u << rd.got)) != 0;
	const char *got = judge_verdict_name(rd.got);
	printf("  %-*s %s%s%s  expected %-7s got %s%-3s%s", v->width, rel,
	       term_sgr(&v->t, ok ? TS_GREEN : TS_RED), ok ? "pass" : "FAIL",
	       term_sgr(&v->t, TS_RESET), exp_text, term_sgr(&v->t, term_verdict_style(got)), got,
	       term_sgr(&v->t, TS_RESET));
	if (rd.slow_name)
		printf("  slowest %s of %s (%s)", tm, lim, rd.slow_name);
	if (!ok && r->message && *r->message)
		printf("\n  %*s       %s", v->width, "", r->message);
	putchar('\n');
	v->failures += !ok;
	if (ok && rd.got == JUDGE_AC && folders[folder].verdict == JUDGE_AC)
		note_margin(v, lang->id, &rd, rel);
	if (ok && rd.got == JUDGE_TLE && o.time_scale > 1 && !rd.tle_at_scale)
		warn_line(v,
		          "%s: every test finishes within %gx the limit (slowest %s of %s): a "
		          "faster machine may accept it",
		          rel, TLE_SCALE, tm, lim);
out:
	judge_result_free(r);
	free(src);
}

struct submission {
	char path[4500], rel[600];
	size_t folder;
};

/* The files under submissions/<verdict folder>/, in the order of folders[]
 * (accepted first: they set the margins), by name inside a folder. Warns
 * about folders that name no verdict. Caller frees *out. */
static size_t list_submissions(struct validation *v, struct submission **out)
{
	char base[4096];
	struct dirent **top = NULL;
	struct submission *subs = NULL;
	size_t count = 0, cap = 0;
	int n;

	*out = NULL;
	snprintf(base, sizeof base, "%s/submissions", v->p->dir);
	n = scandir(base, &top, NULL, alphasort);
	if (n < 0)
		return 0;
	for (size_t k = 0; k < NFOLDERS; k++) {
		char dir[4200];
		struct dirent **files = NULL;
		int m;

		snprintf(dir, sizeof dir, "%s/%s", base, folders[k].folder);
		m = scandir(dir, &files, NULL, alphasort);
		for (int i = 0; i < m; i++) {
			struct stat st;
			char path[4500];

			snprintf(path, sizeof path, "%s/%s", dir, files[i]->d_name);
			if (files[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				if (count == cap) {
					size_t nc = cap ? cap * 2 : 16;
					struct submission *g = realloc(subs, nc * sizeof *g);
					if (!g) {
						free(files[i]);
						continue;
					}
					subs = g;
					cap = nc;
				}
				struct submission *s = &subs[count++];
				memcpy(s->path, path, sizeof path);
				snprintf(s->rel, sizeof s->rel, "%s/%s", folders[k].folder,
				         files[i]->d_name);
				s->folder = k;
			}
			free(files[i]);
		}
		free(files);
	}
	for (int i = 0; i < n; i++) {
		const char *name = top[i]->d_name;
		int known = name[0] == '.';
		for (size_t k = 0; k < NFOLDERS && !known; k++)
			known = !strcmp(name, folders[k].folder);
		if (!known)
			warn_line(v, "submissions/%s: not a verdict folder; skipped", name);
		free(top[i]);
	}
	free(top);
	*out = subs;
	return count;
}

static void check_submissions(struct validation *v, const struct submission *subs, size_t n)
{
	printf("%ssubmissions%s\n", term_sgr(&v->t, TS_BOLD), term_sgr(&v->t, TS_RESET));
	for (size_t i = 0; i < n; i++)
		judge_one(v, subs[i].path, subs[i].rel, subs[i].folder);
	if (n == 0)
		warn_line(v, "no submissions to judge");
}

static void check_margins(struct validation *v)
{
	char tm[32], lim[32];

	printf("%stime limits%s\n", term_sgr(&v->t, TS_BOLD), term_sgr(&v->t, TS_RESET));
	if (v->nmargins == 0) {
		warn_line(v, "no accepted solution ran: the limits are unproven");
		return;
	}
	for (size_t i = 0; i < v->nmargins; i++) {
		const struct margin *m = &v->margins[i];
		/* A run under a millisecond counts as one. */
		double margin = (double)m->limit_ms / (double)(m->time_ms > 0 ? m->time_ms : 1);

		term_fmt_time(tm, sizeof tm, m->time_ms);
		term_fmt_time(lim, sizeof lim, m->limit_ms);
		if (margin < MIN_AC_MARGIN)
			warn_line(v,
			          "%s: the slowest accepted run takes %s of %s (%s): margin %.1fx "
			          "is under %gx",
			          m->lang, tm, lim, m->where, margin, MIN_AC_MARGIN);
		else
			printf("  %-*s %sok%s    slowest accepted %s of %s (%s), margin %.1fx\n",
			       v->width, m->lang, term_sgr(&v->t, TS_GREEN),
			       term_sgr(&v->t, TS_RESET), tm, lim, m->where, margin);
	}
}

int cli_validate(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct validation v;
	struct judge_options o;
	struct submission *subs = NULL;
	size_t nsubs = 0;
	char err[4096];
	int ch, rc;

	memset(&v, 0, sizeof v);
	v.c = c;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(validate_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("validate", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("validate", "missing ID or DIR");
	if (argc - optind > 1)
		return cli_usage_error("validate", "unexpected argument '%s'", argv[optind + 1]);
	const char *what = argv[optind];
	struct stat st;
	/* A directory that is not a problem id in the problems dir is a path. */
	char path_form[4096];
	if (!strchr(what, '/') && stat(what, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(path_form, sizeof path_form, "./%s", what);
		if (cli_paths(c) < 0)
			return CLI_INTERNAL;
		char in_root[4096];
		snprintf(in_root, sizeof in_root, "%s/%s/problem.json", c->paths.problems, what);
		if (stat(in_root, &st) != 0)
			what = path_form;
	}
	term_init(&v.t, stdout);
	term_init(&v.prog, stdout);
	v.prog.quiet = !v.prog.tty;
	printf("%svalidating %s%s\n", term_sgr(&v.t, TS_BOLD), argv[optind],
	       term_sgr(&v.t, TS_RESET));
	rc = cli_load_problem(c, what, CLI_REJECTED, &v.p);
	if (rc != CLI_OK)
		return rc;
	nsubs = list_submissions(&v, &subs);
	v.width = 20;
	for (size_t i = 0; i < nsubs; i++)
		if ((int)strlen(subs[i].rel) > v.width)
			v.width = (int)strlen(subs[i].rel);
	status_line(&v, 1, "problem.json", "%s: %zu tests, %zu groups", v.p->id, v.p->ntests,
	            v.p->ngroups);
	if (v.p->ngen_tests > 0) {
		options(&v, &o);
		if (judge_generate(v.p, c->langs, &o, err, sizeof err) < 0) {
			term_clear(&v.prog);
			status_line(&v, 0, "generated tests", "%s", err);
			goto done;
		}
		term_clear(&v.prog);
		status_line(&v, 1, "generated tests", "%zu tests", v.p->ngen_tests);
	}
	if (v.p->input_validator)
		check_inputs(&v);
	check_submissions(&v, subs, nsubs);
	check_margins(&v);
done:
	printf("\n%s%s%s: %d failure%s, %d warning%s\n",
	       term_sgr(&v.t, v.failures ? TS_RED : TS_GREEN), v.failures ? "FAIL" : "OK",
	       term_sgr(&v.t, TS_RESET), v.failures, v.failures == 1 ? "" : "s", v.warnings,
	       v.warnings == 1 ? "" : "s");
	free(subs);
	judge_problem_free(v.p);
	return v.failures ? CLI_REJECTED : CLI_OK;
}

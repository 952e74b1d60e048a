/* cli_judge.c -- `judge test` (LeetCode's Run: the samples, with diffs; or
 * your own input beside the reference solution's output) and `judge submit`
 * (LeetCode's Submit: every test, a summary, the local history, an optional
 * post to judge-web). */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct judge_args {
	const char *cmd; /* "test" or "submit" */
	const char *lang_id, *input, *post, *token;
	int json, fail_fast;
	const char *id, *file;
};

static const char test_help[] =
    "usage: judge test ID FILE [--lang L] [--input F] [--json]\n"
    "\n"
    "Runs FILE on the problem's samples and shows, for each failing sample, its\n"
    "input and a diff of the expected and your output (like LeetCode's Run).\n"
    "With --input F it runs FILE once on your own input F instead and also shows\n"
    "the output of the package's reference solution (the first file in\n"
    "submissions/accepted/ in your language, else any accepted one), and whether\n"
    "the two agree under the problem's checker.\n"
    "\n"
    "Options:\n"
    "  --lang L    language (c, cpp, python); default: from the extension\n"
    "  --input F   run on your own input file F\n"
    "  --json      print one JSON document (the result JSON, mode \"test\"; with\n"
    "              --input: {input, yours, reference, agree}); progress goes to\n"
    "              stderr, only on a terminal\n"
    "  --help      this text\n"
    "\n"
    "Exit status: 0 all samples pass (or, with --input, your run ended normally\n"
    "and agrees with the reference), 1 otherwise, 2 bad usage or input, 3\n"
    "internal error.\n";

static const char submit_help[] =
    "usage: judge submit ID FILE [--lang L] [--json] [--fail-fast] [--post URL]\n"
    "                    [--token T]\n"
    "\n"
    "Judges FILE against every test of the problem (samples first, then each\n"
    "secret group) in the sandbox, shows a live line per test and a summary per\n"
    "group, and records the result in the local history ($XDG_DATA_HOME/judge,\n"
    "else ~/.local/share/judge).\n"
    "\n"
    "Options:\n"
    "  --lang L      language (c, cpp, python); default: from the extension\n"
    "  --json        print exactly one JSON document, the result (see\n"
    "                docs/result-schema.md); progress goes to stderr, only on a\n"
    "                terminal\n"
    "  --fail-fast   stop at the first failing test\n"
    "  --post URL    send the result to judge-web at URL (its address, or the\n"
    "                .../api/results endpoint); retried on connection errors and\n"
    "                5xx; a failed post is a warning and changes nothing else\n"
    "  --token T     bearer token for --post (default: the file\n"
    "                $XDG_CONFIG_HOME/judge/token, else ~/.config/judge/token)\n"
    "  --help        this text\n"
    "\n"
    "Exit status: 0 accepted, 1 judged but not accepted, 2 bad usage or input\n"
    "(unknown problem or language, unreadable, empty, binary or over 1 MiB\n"
    "source), 3 internal error.\n";

static int parse_args(struct cli *c, int argc, char **argv, struct judge_args *a)
{
	static const struct option opts[] = {
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"input", required_argument, NULL, OPT_INPUT},
	    {"post", required_argument, NULL, OPT_POST},
	    {"token", required_argument, NULL, OPT_TOKEN},
	    {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	int submit = !strcmp(a->cmd, "submit"), ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_LANG:
			a->lang_id = optarg;
			break;
		case OPT_JSON:
			a->json = 1;
			break;
		case OPT_INPUT:
			if (submit)
				return cli_usage_error(a->cmd,
				                       "--input is an option of 'judge test'");
			a->input = optarg;
			break;
		case OPT_POST:
		case OPT_TOKEN:
		case OPT_FAIL_FAST:
			if (!submit)
				return cli_usage_error(a->cmd,
				                       "--%s is an option of 'judge submit'",
				                       ch == OPT_POST    ? "post"
				                       : ch == OPT_TOKEN ? "token"
				                                         : "fail-fast");
			if (ch == OPT_POST)
				a->post = optarg;
			else if (ch == OPT_TOKEN)
				a->token = optarg;
			else
				a->fail_fast = 1;
			break;
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(submit ? submit_help : test_help, stdout);
			return -1;
		default:
			return cli_usage_error(a->cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(a->cmd, "missing %s",
		                       argc - optind < 1 ? "ID and FILE" : "FILE");
	if (argc - optind > 2)
		return cli_usage_error(a->cmd, "unexpected argument '%s'", argv[optind + 2]);
	a->id = argv[optind];
	a->file = argv[optind + 1];
	return CLI_OK;
}

/* Everything a judging command needs before it starts. */
struct prepared {
	struct judge_problem *p;
	const struct judge_lang *lang;
	char *src;
	size_t len;
};

static int prepare(struct cli *c, const struct judge_args *a, struct prepared *pr)
{
	int rc;

	memset(pr, 0, sizeof *pr);
	rc = cli_load_problem(c, a->id, CLI_USAGE, &pr->p);
	if (rc != CLI_OK)
		return rc;
	pr->lang = cli_pick_lang(c, a->file, a->lang_id);
	if (!pr->lang)
		return CLI_USAGE;
	if (!judge_problem_accepts(pr->p, pr->lang->id))
		return cli_fail(CLI_USAGE, "%s: problem %s does not accept %s", a->file, pr->p->id,
		                pr->lang->id);
	return cli_read_source(a->file, &pr->src, &pr->len);
}

static void prepared_free(struct prepared *pr)
{
	free(pr->src);
	judge_problem_free(pr->p);
}

/* Judges in the given mode with progress on t. */
static int judge_it(struct cli *c, const struct judge_args *a, const struct prepared *pr,
                    enum judge_mode mode, int keep_source, struct term *t, struct judge_result **r)
{
	struct judge_options o;
	char err[2048];
	int rc = cli_generate_tests(c, pr->p, t, CLI_INTERNAL);

	if (rc != CLI_OK)
		return rc;
	term_fit_names(t, pr->p);
	judge_options_init(&o);
	o.mode = mode;
	o.fail_fast = a->fail_fast;
	o.cache = c->paths.cache;
	o.langs = c->langs;
	o.keep_source = keep_source;
	o.progress = term_judge_progress;
	o.warn = cli_warn_cb;
	o.ctx = t;
	if (judge_submission(pr->p, pr->lang, cli_basename(a->file), pr->src, pr->len, &o, r, err,
	                     sizeof err) < 0) {
		term_clear(t);
		return cli_fail(CLI_USAGE, "%s: %s", a->file, err);
	}
	term_clear(t);
	return CLI_OK;
}

/* The progress terminal: stdout normally; with --json stderr, and only
 * when stderr is a terminal. */
static void progress_term(struct term *t, int json)
{
	term_init(t, json ? stderr : stdout);
	t->quiet = json && !t->tty;
}

static const struct judge_test *find_test(const struct judge_problem *p, const char *name)
{
	for (size_t i = 0; i < p->ntests; i++)
		if (!strcmp(p->tests[i].name, name))
			return &p->tests[i];
	return NULL;
}

/* A failing sample: its input, the diff of expected and actual output, and
 * what the program wrote on stderr. */
static void show_sample_failure(struct term *t, const struct judge_problem *p,
                                const struct judge_test_result *r)
{
	const struct judge_test *tc = find_test(p, r->name);
	char *in = NULL, *ans = NULL, err[512];
	size_t inlen = 0, anslen = 0;
	const char *bold = term_sgr(t, TS_BOLD), *reset = term_sgr(t, TS_RESET);

	fprintf(t->f, "\n%s%s%s  %s%s%s%s%s\n", bold, r->name, reset,
	        term_sgr(t, term_verdict_style(judge_verdict_name(r->verdict))),
	        judge_verdict_name(r->verdict), reset, *r->message ? "  " : "", r->message);
	if (tc && tc->in_path &&
	    judge_read_file(tc->in_path, 1 << 20, &in, &inlen, err, sizeof err) == 0) {
		fprintf(t->f, "%sinput:%s\n", term_sgr(t, TS_DIM), reset);
		term_block(t, in, inlen, 20);
	}
	if (r->output && tc && tc->ans_path &&
	    judge_read_file(tc->ans_path, 1 << 20, &ans, &anslen, err, sizeof err) == 0) {
		size_t outlen = strlen(r->output);
		if (outlen >= 4096 && anslen > outlen)
			anslen = outlen; /* only the first 4 KiB of the output were kept */
		term_diff(t, ans, anslen, r->output, outlen, 40);
	}
	if (r->stderr_text && *r->stderr_text) {
		fprintf(t->f, "%sstderr:%s\n", term_sgr(t, TS_DIM), reset);
		term_block(t, r->stderr_text, strlen(r->stderr_text), 10);
	}
	free(in);
	free(ans);
}

/*** judge test --input F ***/

/* The reference solution: the first file (by name) in submissions/accepted/
 * in lang, else the first in any language the problem accepts. Caller frees. */
static char *find_reference(struct cli *c, const struct judge_problem *p,
                            const struct judge_lang *lang, const struct judge_lang **ref_lang)
{
	size_t dl = strlen(p->dir) + sizeof "/submissions/accepted";
	char *dir = malloc(dl), *best = NULL, *any = NULL;
	struct dirent **names = NULL;
	int n;

	*ref_lang = NULL;
	if (!dir)
		return NULL;
	snprintf(dir, dl, "%s/submissions/accepted", p->dir);
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const struct judge_lang *l = judge_langs_by_file(c->langs, names[i]->d_name);
		size_t pl = dl + strlen(names[i]->d_name) + 1;
		char *path = malloc(pl);
		struct stat st;

		if (path)
			snprintf(path, pl, "%s/%s", dir, names[i]->d_name);
		if (!path || !l || !judge_problem_accepts(p, l->id) || stat(path, &st) < 0 ||
		    !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (!best && l == lang)
			best = path;
		else if (!any)
			any = path;
		else
			free(path);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	if (best) {
		free(any);
		*ref_lang = lang;
		return best;
	}
	if (any)
		*ref_lang = judge_langs_by_file(c->langs, any);
	return any;
}

static void show_run(struct term *t, const char *title, const struct cli_run *r)
{
	const char *bold = term_sgr(t, TS_BOLD), *reset = term_sgr(t, TS_RESET);
	char tm[32], mem[32];

	fprintf(t->f, "%s%s%s\n", bold, title, reset);
	if (!r->compile_ok) {
		fprintf(t->f, "  %sCE%s  does not compile\n", term_sgr(t, TS_CYAN), reset);
		term_block(t, r->compile_log, strlen(r->compile_log), 40);
		return;
	}
	term_block(t, r->res.out ? r->res.out : "", r->res.out_len, 50);
	if (r->res.err_len) {
		fprintf(t->f, "%sstderr:%s\n", term_sgr(t, TS_DIM), reset);
		term_block(t, r->res.err, r->res.err_len, 10);
	}
	const char *st = sbx_status_name(r->res.status);
	term_fmt_time(tm, sizeof tm, r->res.cpu_ms);
	term_fmt_mem(mem, sizeof mem, r->res.memory_kb);
	fprintf(t->f, "  %s%s%s  exit %d  %s  %s%s%s\n", term_sgr(t, term_verdict_style(st)), st,
	        reset, r->res.exit_code, tm, mem, r->res.message[0] ? "  " : "", r->res.message);
}

static int ran_ok(const struct cli_run *r)
{
	return r->compile_ok && r->ran && r->res.status == SBX_OK && r->res.exit_code == 0;
}

static int test_input(struct cli *c, const struct judge_args *a, const struct prepared *pr)
{
	const struct judge_problem *p = pr->p;
	const struct judge_lang *ref_lang = NULL;
	struct cli_run mine, ref;
	char err[2048], msg[512] = "", *ref_path = NULL, *ref_src = NULL, title[4200];
	size_t ref_len = 0;
	int usage, rc, agree = -1; /* -1: not compared */
	struct term t;
	cJSON *doc = NULL;

	memset(&mine, 0, sizeof mine);
	memset(&ref, 0, sizeof ref);
	term_init(&t, stdout);
	if (cli_run_source(c, p, pr->lang, pr->src, pr->len, a->input,
	                   judge_problem_time_limit(p, pr->lang->id, NULL),
	                   p->memory_mb + pr->lang->memory_extra_mb, &mine, &usage, err,
	                   sizeof err) < 0) {
		rc = cli_fail(usage ? CLI_USAGE : CLI_INTERNAL, "%s", err);
		goto out;
	}
	ref_path = find_reference(c, p, pr->lang, &ref_lang);
	if (ref_path) {
		if (judge_read_file(ref_path, JUDGE_SOURCE_MAX, &ref_src, &ref_len, err,
		                    sizeof err) < 0 ||
		    cli_run_source(c, p, ref_lang, ref_src, ref_len, a->input,
		                   judge_problem_time_limit(p, ref_lang->id, NULL),
		                   p->memory_mb + ref_lang->memory_extra_mb, &ref, &usage, err,
		                   sizeof err) < 0) {
			rc = cli_fail(CLI_INTERNAL, "reference %s: %s", ref_path, err);
			goto out;
		}
	}
	if (ref_path && ran_ok(&mine) && ran_ok(&ref)) {
		int accepted = 0;
		if (judge_compare(&p->checker, mine.res.out ? mine.res.out : "", mine.res.out_len,
		                  ref.res.out ? ref.res.out : "", ref.res.out_len, &accepted, msg,
		                  sizeof msg) == 0)
			agree = accepted;
	}
	const char *ref_rel = ref_path ? ref_path + strlen(p->dir) + 1 : NULL;
	if (a->json) {
		cJSON *y = cli_run_to_json(&mine, pr->lang->id), *rj = NULL;
		doc = cJSON_CreateObject();
		if (!doc || !y) {
			cJSON_Delete(y);
			rc = cli_fail(CLI_INTERNAL, "out of memory");
			goto out;
		}
		cJSON_AddStringToObject(doc, "problem", p->id);
		cJSON_AddStringToObject(doc, "input", a->input);
		cJSON_AddItemToObject(doc, "yours", y);
		if (ref_path && (rj = cli_run_to_json(&ref, ref_lang->id))) {
			cJSON_AddStringToObject(rj, "file", ref_rel);
			cJSON_AddItemToObject(doc, "reference", rj);
		} else {
			cJSON_AddNullToObject(doc, "reference");
		}
		if (agree < 0)
			cJSON_AddNullToObject(doc, "agree");
		else
			cJSON_AddBoolToObject(doc, "agree", agree);
		cJSON_AddStringToObject(doc, "message", msg);
		if (cli_print_json(doc) < 0) {
			rc = cli_fail(CLI_INTERNAL, "cannot write the JSON document");
			goto out;
		}
	} else {
		snprintf(title, sizeof title, "Your output (%s on %s):", cli_basename(a->file),
		         a->input);
		show_run(&t, title, &mine);
		if (ref_path) {
			snprintf(title, sizeof title, "\nReference output (%s):", ref_rel);
			show_run(&t, title, &ref);
		} else {
			printf("\n(no reference solution in submissions/accepted/)\n");
		}
		if (agree == 1)
			printf("\n%sOutputs agree%s under the %s checker.\n",
			       term_sgr(&t, TS_GREEN), term_sgr(&t, TS_RESET),
			       p->checker.type == JUDGE_CHECK_FLOAT    ? "float"
			       : p->checker.type == JUDGE_CHECK_TOKENS ? "tokens"
			                                               : "exact-lines");
		if (agree == 0) {
			printf("\n%sOutputs differ:%s %s\n", term_sgr(&t, TS_RED),
			       term_sgr(&t, TS_RESET), msg);
			term_diff(&t, ref.res.out ? ref.res.out : "", ref.res.out_len,
			          mine.res.out ? mine.res.out : "", mine.res.out_len, 40);
		}
		if (agree < 0 && ref_path && ran_ok(&mine) && ran_ok(&ref))
			printf(
			    "\n(the problem has a custom checker: compare the outputs yourself)\n");
	}
	rc = ran_ok(&mine) && agree != 0 ? CLI_OK : CLI_REJECTED;
	if (mine.ran && mine.res.status == SBX_IE)
		rc = CLI_INTERNAL;
out:
	cJSON_Delete(doc);
	cli_run_free(&mine);
	cli_run_free(&ref);
	free(ref_src);
	free(ref_path);
	return rc;
}

/*** judge test, judge submit ***/

int cli_test(struct cli *c, int argc, char **argv)
{
	struct judge_args a = {.cmd = "test"};
	struct prepared pr;
	struct judge_result *r = NULL;
	struct term t;
	cJSON *doc = NULL;
	int rc;

	rc = parse_args(c, argc, argv, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = prepare(c, &a, &pr);
	if (rc != CLI_OK)
		goto out;
	if (a.input) {
		rc = test_input(c, &a, &pr);
		goto out;
	}
	progress_term(&t, a.json);
	rc = judge_it(c, &a, &pr, JUDGE_MODE_TEST, 0, &t, &r);
	if (rc != CLI_OK)
		goto out;
	if (a.json) {
		doc = judge_result_to_json(r);
		if (cli_print_json(doc) < 0) {
			rc = cli_fail(CLI_INTERNAL, "cannot write the JSON document");
			goto out;
		}
	} else {
		for (size_t i = 0; i < r->ntests; i++)
			if (r->tests[i].verdict != JUDGE_AC)
				show_sample_failure(&t, pr.p, &r->tests[i]);
		if (r->compile_ok && r->ntests == 0)
			printf("%s has no samples; try 'judge test %s %s --input FILE'\n", pr.p->id,
			       a.id, a.file);
		term_summary(&t, r);
	}
	rc = cli_verdict_status(r->verdict);
out:
	cJSON_Delete(doc);
	judge_result_free(r);
	prepared_free(&pr);
	return rc;
}

int cli_submit(struct cli *c, int argc, char **argv)
{
	struct judge_args a = {.cmd = "submit"};
	struct prepared pr;
	struct judge_result *r = NULL;
	struct term t;
	cJSON *doc = NULL;
	char err[1024];
	int rc;

	rc = parse_args(c, argc, argv, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = prepare(c, &a, &pr);
	if (rc != CLI_OK)
		goto out;
	progress_term(&t, a.json);
	/* The source goes with a posted result (the web shows it). */
	rc = judge_it(c, &a, &pr, JUDGE_MODE_SUBMIT, a.post != NULL, &t, &r);
	if (rc != CLI_OK)
		goto out;
	doc = judge_result_to_json(r);
	if (!doc) {
		rc = cli_fail(CLI_INTERNAL, "out of memory");
		goto out;
	}
	if (history_append(c->paths.data, doc, err, sizeof err) < 0)
		cli_warn("history not recorded: %s", err);
	if (!a.json) {
		const struct judge_test_result *first = NULL;
		for (size_t i = 0; i < r->ntests && !first; i++)
			if (r->tests[i].verdict != JUDGE_AC && r->tests[i].gating)
				first = &r->tests[i];
		/* Samples are public: show what went wrong there as `test` does. */
		if (first && !strcmp(first->group, "sample"))
			show_sample_failure(&t, pr.p, first);
		term_summary(&t, r);
	}
	if (a.post)
		post_result(c, a.post, a.token, doc);
	if (a.json) {
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "source");
		if (cli_print_json(doc) < 0) {
			rc = cli_fail(CLI_INTERNAL, "cannot write the JSON document");
			goto out;
		}
	}
	rc = cli_verdict_status(r->verdict);
out:
	cJSON_Delete(doc);
	judge_result_free(r);
	prepared_free(&pr);
	return rc;
}

/* cli_list.c -- the commands that read problem packages without judging:
 * `judge list` (with your best verdict from the local history), `judge show`
 * (the statement, samples appended) and `judge generate` (fill the cache
 * with a problem's generated tests). */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Options of a command that takes only --help, --problems and maybe --json.
 * Returns -1 after --help, an exit code on error, else CLI_OK; *first is the
 * index of the first operand. */
static int simple_opts(struct cli *c, int argc, char **argv, const char *help, int *json,
                       int *first)
{
	static const struct option with_json[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	opterr = 0;
	/* Without a json flag the first entry is skipped: --json is unknown. */
	while ((ch = getopt_long(argc, argv, "", json ? with_json : with_json + 1, NULL)) != -1) {
		switch (ch) {
		case OPT_JSON:
			*json = 1;
			break;
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(help, stdout);
			return -1;
		default:
			return cli_usage_error(argv[0], "unknown option '%s'", argv[optind - 1]);
		}
	}
	*first = optind;
	return CLI_OK;
}

/*** judge list ***/

static const char list_help[] =
    "usage: judge list [--json]\n"
    "\n"
    "Lists the problems of the problems directory (--problems DIR, else\n"
    "$JUDGE_PROBLEMS, else ./problems) with their difficulty, tags and your best\n"
    "verdict from the local history ($XDG_DATA_HOME/judge/history.jsonl, else\n"
    "~/.local/share/judge/history.jsonl).\n"
    "\n"
    "Options:\n"
    "  --json   print one JSON document: {\"problems\": [{id, title, difficulty, tags,\n"
    "           best}]}\n"
    "  --help   this text\n";

static void tags_text(char *const *tags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; tags && tags[i] && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", tags[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static enum term_style difficulty_style(const char *d)
{
	if (!strcmp(d, "easy"))
		return TS_GREEN;
	return !strcmp(d, "medium") ? TS_YELLOW : TS_RED;
}

int cli_list(struct cli *c, int argc, char **argv)
{
	char **ids = NULL, err[1024];
	struct judge_problem **probs = NULL;
	struct history_best *best = NULL;
	struct stat st;
	size_t n = 0;
	int json = 0, first, rc;
	cJSON *doc = NULL;

	rc = simple_opts(c, argc, argv, list_help, &json, &first);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (first < argc)
		return cli_usage_error("list", "unexpected argument '%s'", argv[first]);
	if (cli_langs(c) < 0)
		return CLI_INTERNAL;
	if (stat(c->paths.problems, &st) < 0 || !S_ISDIR(st.st_mode))
		return cli_fail(CLI_USAGE,
		                "no problems directory '%s' (give --problems DIR or set "
		                "JUDGE_PROBLEMS)",
		                c->paths.problems);
	if (judge_problems_scan(c->paths.problems, &ids, err, sizeof err) < 0)
		return cli_fail(CLI_USAGE, "%s", err);
	while (ids[n])
		n++;
	probs = calloc(n + 1, sizeof *probs);
	best = calloc(n + 1, sizeof *best);
	if (!probs || !best) {
		rc = cli_fail(CLI_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t dl = strlen(c->paths.problems) + strlen(ids[i]) + 2;
		char *dir = malloc(dl);
		if (!dir) {
			rc = cli_fail(CLI_INTERNAL, "out of memory");
			goto out;
		}
		snprintf(dir, dl, "%s/%s", c->paths.problems, ids[i]);
		if (judge_problem_load(dir, c->langs, NULL, &probs[i], err, sizeof err) < 0)
			cli_warn("%s", err);
		free(dir);
	}
	if (history_best(c->paths.data, ids, n, best, err, sizeof err) < 0)
		cli_warn("history: %s", err);

	if (json) {
		doc = cJSON_CreateObject();
		cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "problems") : NULL;
		for (size_t i = 0; arr && i < n; i++) {
			cJSON *o = cJSON_CreateObject(), *b;
			if (!o)
				break;
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "id", ids[i]);
			cJSON_AddBoolToObject(o, "valid", probs[i] != NULL);
			if (probs[i]) {
				cJSON *tags = cJSON_AddArrayToObject(o, "tags");
				cJSON_AddStringToObject(o, "title", probs[i]->title);
				cJSON_AddStringToObject(o, "difficulty", probs[i]->difficulty);
				for (size_t k = 0; tags && probs[i]->tags && probs[i]->tags[k]; k++)
					cJSON_AddItemToArray(tags,
					                     cJSON_CreateString(probs[i]->tags[k]));
			}
			if (!best[i].found) {
				cJSON_AddNullToObject(o, "best");
			} else if ((b = cJSON_AddObjectToObject(o, "best"))) {
				cJSON_AddStringToObject(b, "verdict",
				                        judge_verdict_name(best[i].verdict));
				cJSON_AddNumberToObject(b, "passed", best[i].passed);
				cJSON_AddNumberToObject(b, "total", best[i].total);
			}
		}
		rc = cli_print_json(doc) < 0 ? cli_fail(CLI_INTERNAL, "cannot write JSON") : CLI_OK;
		goto out;
	}

	struct term t;
	int idw = 2;
	term_init(&t, stdout);
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(ids[i]) > idw)
			idw = (int)strlen(ids[i]);
	printf("%s%-*s  %-10s  %-9s  %s%s\n", term_sgr(&t, TS_BOLD), idw, "id", "difficulty",
	       "best", "tags", term_sgr(&t, TS_RESET));
	for (size_t i = 0; i < n; i++) {
		char tags[256], bestbuf[32] = "-";
		const char *diff = probs[i] ? probs[i]->difficulty : "?";
		enum term_style bs = TS_DIM;

		if (best[i].found) {
			const char *v = judge_verdict_name(best[i].verdict);
			if (best[i].verdict == JUDGE_AC || best[i].total == 0)
				snprintf(bestbuf, sizeof bestbuf, "%s", v);
			else
				snprintf(bestbuf, sizeof bestbuf, "%s %d/%d", v, best[i].passed,
				         best[i].total);
			bs = term_verdict_style(v);
		}
		tags_text(probs[i] ? probs[i]->tags : NULL, tags, sizeof tags);
		printf("%-*s  %s%-10s%s  %s%-9s%s  %s\n", idw, ids[i],
		       term_sgr(&t, probs[i] ? difficulty_style(diff) : TS_MAGENTA), diff,
		       term_sgr(&t, TS_RESET), term_sgr(&t, bs), bestbuf, term_sgr(&t, TS_RESET),
		       probs[i] ? tags : "(invalid package: see the warning above)");
	}
	rc = CLI_OK;
out:
	cJSON_Delete(doc);
	for (size_t i = 0; probs && i < n; i++)
		judge_problem_free(probs[i]);
	free(probs);
	free(best);
	judge_strv_free(ids);
	return rc;
}

/*** judge show ***/

static const char show_help[] =
    "usage: judge show ID\n"
    "\n"
    "Prints a problem's statement (statement.md) with its limits and languages,\n"
    "then the samples from data/sample.\n"
    "\n"
    "Options:\n"
    "  --help   this text\n";

/* Markdown as text: headings bold on a terminal, the rest as written. */
static void print_markdown(struct term *t, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int heading = n > 0 && p[0] == '#';

		if (heading)
			fputs(term_sgr(t, TS_BOLD), stdout);
		fwrite(p, 1, n, stdout);
		if (heading)
			fputs(term_sgr(t, TS_RESET), stdout);
		fputc('\n', stdout);
		p += n + (nl != NULL);
	}
}

static void print_file_block(struct term *t, const char *label, const char *path)
{
	char *buf = NULL, err[512];
	size_t len = 0;

	printf("%s%s%s\n", term_sgr(t, TS_DIM), label, term_sgr(t, TS_RESET));
	if (judge_read_file(path, 64 * 1024, &buf, &len, err, sizeof err) < 0) {
		printf("  (%s)\n", err);
		return;
	}
	term_block(t, buf, len, 50);
	free(buf);
}

int cli_show(struct cli *c, int argc, char **argv)
{
	struct judge_problem *p = NULL;
	char *stmt = NULL, *path = NULL, err[1024], tags[256], tm[32];
	size_t len = 0;
	int first, rc;
	struct term t;

	rc = simple_opts(c, argc, argv, show_help, NULL, &first);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (first >= argc)
		return cli_usage_error("show", "missing ID");
	if (argc - first > 1)
		return cli_usage_error("show", "unexpected argument '%s'", argv[first + 1]);
	rc = cli_load_problem(c, argv[first], CLI_USAGE, &p);
	if (rc != CLI_OK)
		return rc;
	size_t pl = strlen(p->dir) + sizeof "/statement.md";
	path = malloc(pl);
	if (!path) {
		rc = cli_fail(CLI_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(path, pl, "%s/statement.md", p->dir);
	if (judge_read_file(path, 1 << 20, &stmt, &len, err, sizeof err) < 0) {
		rc = cli_fail(CLI_USAGE, "%s", err);
		goto out;
	}
	term_init(&t, stdout);
	tags_text(p->tags, tags, sizeof tags);
	term_fmt_time(tm, sizeof tm, p->time_ms);
	printf("%s%s%s  (%s)\n", term_sgr(&t, TS_BOLD), p->title, term_sgr(&t, TS_RESET), p->id);
	printf("%s%s%s", term_sgr(&t, difficulty_style(p->difficulty)), p->difficulty,
	       term_sgr(&t, TS_RESET));
	if (tags[0])
		printf(" · %s", tags);
	printf(" · time %s", tm);
	for (size_t i = 0; i < p->nmultipliers; i++)
		printf(" (%s ×%g)", p->multipliers[i].lang, p->multipliers[i].factor);
	printf(" · memory %ld MB · %s\n", p->memory_mb,
	       p->style == JUDGE_STYLE_HARNESS ? "harness (write functions)" : "stdin/stdout");
	printf("languages:");
	for (size_t i = 0; i < c->langs->n; i++)
		if (judge_problem_accepts(p, c->langs->v[i].id))
			printf(" %s", c->langs->v[i].id);
	printf("\n\n");
	print_markdown(&t, stmt, len);

	int k = 0;
	for (size_t i = 0; i < p->ntests; i++) {
		const struct judge_test *x = &p->tests[i];
		char label[160];

		if (strcmp(x->group, "sample") != 0 || x->generated || !x->in_path || !x->ans_path)
			continue;
		printf("\n%s## Sample %d%s (%s)\n", term_sgr(&t, TS_BOLD), ++k,
		       term_sgr(&t, TS_RESET), x->name);
		snprintf(label, sizeof label, "input:");
		print_file_block(&t, label, x->in_path);
		snprintf(label, sizeof label, "output:");
		print_file_block(&t, label, x->ans_path);
	}
	rc = CLI_OK;
out:
	free(stmt);
	free(path);
	judge_problem_free(p);
	return rc;
}

/*** judge generate ***/

static const char generate_help[] =
    "usage: judge generate ID\n"
    "\n"
    "Runs the problem's generator (and its reference solution for the answers)\n"
    "in the sandbox to produce the generated tests into the cache\n"
    "($JUDGE_CACHE, else $XDG_CACHE_HOME/judge, else ~/.cache/judge). Tests\n"
    "already there are kept. Judging does this by itself when needed.\n"
    "\n"
    "Options:\n"
    "  --help   this text\n"
    "\n"
    "Exit status: 0 done, 1 the generator or the reference failed, 2 bad usage\n"
    "or input, 3 internal error.\n";

int cli_generate(struct cli *c, int argc, char **argv)
{
	struct judge_problem *p = NULL;
	struct term t;
	char *dir = NULL;
	int first, rc;

	rc = simple_opts(c, argc, argv, generate_help, NULL, &first);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (first >= argc)
		return cli_usage_error("generate", "missing ID");
	if (argc - first > 1)
		return cli_usage_error("generate", "unexpected argument '%s'", argv[first + 1]);
	rc = cli_load_problem(c, argv[first], CLI_USAGE, &p);
	if (rc != CLI_OK)
		return rc;
	if (p->ngen_tests == 0) {
		printf("%s has no generated tests\n", p->id);
		goto out;
	}
	term_init(&t, stdout);
	rc = cli_generate_tests(c, p, &t, CLI_REJECTED);
	if (rc != CLI_OK)
		goto out;
	/* Where they are: a generated test's path less "/<name>.in". */
	for (size_t i = 0; i < p->ntests && !dir; i++) {
		const struct judge_test *x = &p->tests[i];
		size_t n = x->in_path ? strlen(x->in_path) : 0, k = strlen(x->name);
		if (x->generated && n > k + 4 && x->in_path[n - k - 4] == '/' &&
		    !strncmp(x->in_path + n - k - 3, x->name, k))
			dir = strndup(x->in_path, n - k - 4);
	}
	printf("%zu generated tests of %s in %s\n", p->ngen_tests, p->id, dir ? dir : "the cache");
out:
	free(dir);
	judge_problem_free(p);
	return rc;
}

/* cli_exec.c -- `judge exec`: compile a scratch program and run it once in
 * the sandbox; its stdout to stdout, a one-line summary on stderr. Also the
 * compile-and-run-once helper that `judge test --input` shares. */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define JSON_OUT_MAX (1u << 20) /* stdout kept in --json output */

int cli_run_source(struct cli *c, const struct judge_problem *p, const struct judge_lang *lang,
                   const char *source, size_t len, const char *stdin_path, long time_ms,
                   long memory_mb, struct cli_run *out, int *usage, char *err, size_t errlen)
{
	struct judge_options o;
	struct judge_session *s = NULL;
	struct judge_compile_info ci;
	int fd = -1, rc = -1;

	memset(out, 0, sizeof *out);
	memset(&ci, 0, sizeof ci);
	*usage = 0;
	if (cli_paths(c) < 0) {
		snprintf(err, errlen, "cannot find the judge's directories");
		return -1;
	}
	if (stdin_path) {
		fd = open(stdin_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", stdin_path, strerror(errno));
			*usage = 1;
			return -1;
		}
	}
	judge_options_init(&o);
	o.cache = c->paths.cache;
	o.langs = c->langs;
	o.warn = cli_warn_cb;
	if (judge_session_open(p, lang, source, len, &o, &s, &ci, err, errlen) < 0)
		goto out;
	out->compile_ok = ci.ok;
	out->compile_cached = ci.cached;
	out->compile_ms = ci.time_ms;
	out->compile_log = strdup(ci.log ? ci.log : "");
	out->iso = *judge_session_isolation(s);
	if (!out->compile_log) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (ci.ok) {
		if (judge_session_run(s, fd, time_ms, memory_mb, &out->res) < 0) {
			snprintf(err, errlen, "sandbox: %s", out->res.message);
			goto out;
		}
		out->ran = 1;
	}
	rc = 0;
out:
	judge_session_close(s);
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		cli_run_free(out);
	return rc;
}

void cli_run_free(struct cli_run *r)
{
	free(r->compile_log);
	sbx_result_free(&r->res);
	memset(r, 0, sizeof *r);
}

cJSON *cli_run_to_json(const struct cli_run *r, const char *lang_id)
{
	struct sbx_result none;
	cJSON *doc, *comp;

	memset(&none, 0, sizeof none);
	snprintf(none.message, sizeof none.message, "compilation failed");
	doc = judge_run_to_json(r->ran ? &r->res : &none, &r->iso);
	if (!doc)
		return NULL;
	if (!r->compile_ok)
		cJSON_ReplaceItemInObjectCaseSensitive(doc, "status", cJSON_CreateString("CE"));
	cJSON_AddStringToObject(doc, "language", lang_id);
	comp = cJSON_AddObjectToObject(doc, "compile");
	if (comp) {
		cJSON_AddBoolToObject(comp, "ok", r->compile_ok);
		cJSON_AddStringToObject(comp, "log", r->compile_log ? r->compile_log : "");
		cJSON_AddNumberToObject(comp, "time_ms", (double)r->compile_ms);
		cJSON_AddBoolToObject(comp, "cached", r->compile_cached);
	}
	int cut = 0, ecut = 0;
	char *out = cli_utf8_clean(r->ran && r->res.out ? r->res.out : "",
	                           r->ran ? r->res.out_len : 0, JSON_OUT_MAX, &cut);
	char *errt = cli_utf8_clean(r->ran && r->res.err ? r->res.err : "",
	                            r->ran ? r->res.err_len : 0, JSON_OUT_MAX, &ecut);
	if (out && errt) {
		cJSON_AddStringToObject(doc, "stdout", out);
		cJSON_AddBoolToObject(doc, "stdout_truncated", cut);
		cJSON_AddStringToObject(doc, "stderr", errt);
	} else {
		cJSON_Delete(doc);
		doc = NULL;
	}
	free(out);
	free(errt);
	return doc;
}

static const char exec_help[] =
    "usage: judge exec FILE [--lang L] [--stdin F] [--time-limit S] [--memory-limit MB]\n"
    "                  [--json]\n"
    "\n"
    "Compiles FILE and runs it once in the sandbox: its standard output goes to\n"
    "standard output, its standard error and a one-line summary (status, exit\n"
    "code, CPU and wall time, peak memory) to standard error.\n"
    "\n"
    "Options:\n"
    "  --lang L            language (c, cpp, python); default: from the extension\n"
    "  --stdin F           standard input from file F (default: empty)\n"
    "  --time-limit S      CPU time limit in seconds (default 10)\n"
    "  --memory-limit MB   peak memory limit (default 256)\n"
    "  --json              print one JSON document (status, exit_code, signal,\n"
    "                      time_ms, wall_ms, memory_kb, message, isolation, compile,\n"
    "                      stdout, stderr) instead\n"
    "  --help              this text\n"
    "\n"
    "Status: OK, TLE, MLE, OLE, RE, SV, IE, or CE when it does not compile.\n"
    "Exit status: 0 when it ran normally (status OK, exit code 0), 1 when not, 2 bad\n"
    "usage or input, 3 internal error.\n";

int cli_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"stdin", required_argument, NULL, OPT_STDIN},
	    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
	    {"memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	const char *lang_id = NULL, *stdin_path = NULL;
	long time_ms = 0, memory_mb = 0;
	int json = 0, ch, rc, usage;
	char *src = NULL, err[1024];
	size_t len = 0;
	struct cli_run run;
	cJSON *doc = NULL;

	memset(&run, 0, sizeof run);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_LANG:
			lang_id = optarg;
			break;
		case OPT_STDIN:
			stdin_path = optarg;
			break;
		case OPT_TIME_LIMIT:
			if (cli_parse_seconds(optarg, 3600, &time_ms) < 0)
				return cli_usage_error("exec",
				                       "bad --time-limit '%s' (seconds, at "
				                       "most 3600)",
				                       optarg);
			break;
		case OPT_MEMORY_LIMIT:
			if (cli_parse_long(optarg, 1, 1L << 20, &memory_mb) < 0)
				return cli_usage_error("exec", "bad --memory-limit '%s' (MB)",
				                       optarg);
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(exec_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("exec", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("exec", "missing FILE");
	if (argc - optind > 1)
		return cli_usage_error("exec", "unexpected argument '%s'", argv[optind + 1]);
	const char *file = argv[optind];
	const struct judge_lang *lang = cli_pick_lang(c, file, lang_id);
	if (!lang)
		return c->langs ? CLI_USAGE : CLI_INTERNAL;
	rc = cli_read_source(file, &src, &len);
	if (rc != CLI_OK)
		return rc;
	if (cli_run_source(c, NULL, lang, src, len, stdin_path, time_ms, memory_mb, &run, &usage,
	                   err, sizeof err) < 0) {
		rc = cli_fail(usage ? CLI_USAGE : CLI_INTERNAL, "%s", err);
		goto out;
	}
	if (json) {
		doc = cli_run_to_json(&run, lang->id);
		if (cli_print_json(doc) < 0) {
			rc = cli_fail(CLI_INTERNAL, "cannot write the JSON document");
			goto out;
		}
	} else if (!run.compile_ok) {
		fprintf(stderr, "%s", run.compile_log);
		if (run.compile_log[0] && run.compile_log[strlen(run.compile_log) - 1] != '\n')
			fputc('\n', stderr);
		fprintf(stderr, "judge exec: CE  %s does not compile\n", file);
	} else {
		if (run.res.out_len &&
		    cli_write_all(STDOUT_FILENO, run.res.out, run.res.out_len) < 0) {
			rc = cli_fail(CLI_INTERNAL, "writing the output: %s", strerror(errno));
			goto out;
		}
		if (run.res.err_len)
			cli_write_all(STDERR_FILENO, run.res.err, run.res.err_len);
		cli_run_summary("exec", &run.res);
		fputc('\n', stderr);
	}
	if (!run.compile_ok)
		rc = CLI_REJECTED;
	else if (run.res.status == SBX_IE)
		rc = CLI_INTERNAL;
	else
		rc = run.res.status == SBX_OK && run.res.exit_code == 0 ? CLI_OK : CLI_REJECTED;
out:
	cJSON_Delete(doc);
	cli_run_free(&run);
	free(src);
	return rc;
}

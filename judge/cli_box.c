/* cli_box.c -- `judge box`: run any host command in the sandbox, once or
 * --repeat N times in one box (for benchmarks), and report how it ended. A
 * program given by a path outside /usr is copied into the box's work
 * directory first, since nothing else of the host's tree is visible there. */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOX_DEFAULT_TIME_MS   10000
#define BOX_DEFAULT_MEMORY_MB 256
#define BOX_MAX_REPEAT        100000
#define JSON_OUT_MAX          (1u << 20) /* stdout kept in --json output */

static const char box_help[] =
    "usage: judge box [OPTIONS] -- CMD [ARGS...]\n"
    "\n"
    "Runs a host command once in the sandbox with empty standard input, prints\n"
    "its standard output, and a one-line summary on standard error. A CMD given\n"
    "as a path to a file outside /usr is copied into the box's work directory and\n"
    "run from there; any other CMD is looked up in PATH inside the box.\n"
    "\n"
    "Options:\n"
    "  --time-limit S      CPU time limit in seconds (default 10; wall: 2 x S + 1)\n"
    "  --memory-limit MB   peak memory of the process tree (default 256)\n"
    "  --repeat N          run N times in one box; report the median and p95 wall\n"
    "                      time per run (stops at the first run that fails)\n"
    "  --profile P         seccomp profile: native, python or compiler (default:\n"
    "                      compiler, which allows processes)\n"
    "  --json              print one JSON document: status, exit_code, signal,\n"
    "                      time_ms, wall_ms, memory_kb, message, isolation, stdout\n"
    "                      (its first MiB), stdout_truncated, stderr, and repeat\n"
    "  --dump-filter       print the profile's compiled seccomp filter and exit\n"
    "  --help              this text\n"
    "\n"
    "Exit status: 0 when the program ran normally (status OK, exit code 0), 1 when\n"
    "it did not, 2 bad usage, 3 internal error.\n";

struct box_args {
	long time_ms, memory_mb, repeat;
	enum sbx_profile profile;
	int json, dump_filter;
	char **cmd;
};

static int parse_args(struct cli *c, int argc, char **argv, struct box_args *a)
{
	static const struct option opts[] = {
	    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
	    {"memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT},
	    {"repeat", required_argument, NULL, OPT_REPEAT},
	    {"profile", required_argument, NULL, OPT_PROFILE},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"dump-filter", no_argument, NULL, OPT_DUMP_FILTER},
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	a->time_ms = BOX_DEFAULT_TIME_MS;
	a->memory_mb = BOX_DEFAULT_MEMORY_MB;
	a->repeat = 1;
	a->profile = SBX_PROFILE_COMPILER;
	optind = 1;
	opterr = 0;
	/* '+': options end at CMD, whose own options are its business. */
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_TIME_LIMIT:
			if (cli_parse_seconds(optarg, 3600, &a->time_ms) < 0)
				return cli_usage_error("box",
				                       "bad --time-limit '%s' (seconds, "
				                       "at most 3600)",
				                       optarg);
			break;
		case OPT_MEMORY_LIMIT:
			if (cli_parse_long(optarg, 1, 1L << 20, &a->memory_mb) < 0)
				return cli_usage_error("box", "bad --memory-limit '%s' (MB)",
				                       optarg);
			break;
		case OPT_REPEAT:
			if (cli_parse_long(optarg, 1, BOX_MAX_REPEAT, &a->repeat) < 0)
				return cli_usage_error("box", "bad --repeat '%s' (1 to %d)", optarg,
				                       BOX_MAX_REPEAT);
			break;
		case OPT_PROFILE:
			if (sbx_profile_parse(optarg, &a->profile) < 0)
				return cli_usage_error("box",
				                       "unknown --profile '%s' (native, "
				                       "python or compiler)",
				                       optarg);
			break;
		case OPT_JSON:
			a->json = 1;
			break;
		case OPT_DUMP_FILTER:
			a->dump_filter = 1;
			break;
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(box_help, stdout);
			return -1;
		default:
			return cli_usage_error("box", "unknown option '%s'", argv[optind - 1]);
		}
	}
	a->cmd = argv + optind;
	if (!a->dump_filter && !a->cmd[0])
		return cli_usage_error("box", "missing CMD");
	return CLI_OK;
}

/* Copies host file src into dir as name, executable. */
static int copy_in(const char *src, const char *dir, const char *name, char *err, size_t errlen)
{
	char dst[PATH_MAX], buf[65536];
	int in = -1, out = -1, rc = -1;
	ssize_t n;

	if (snprintf(dst, sizeof dst, "%s/%s", dir, name) >= (int)sizeof dst) {
		snprintf(err, errlen, "%s: path too long", name);
		return -1;
	}
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755);
	if (out < 0) {
		snprintf(err, errlen, "%.900s: %s", dst, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || cli_write_all(out, buf, (size_t)n) < 0) {
			snprintf(err, errlen, "copying %s: %s", src, strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	if (out >= 0 && close(out) < 0 && rc == 0) {
		snprintf(err, errlen, "%.900s: %s", dst, strerror(errno));
		rc = -1;
	}
	if (in >= 0)
		close(in);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct repeat_stats {
	size_t runs;
	uint64_t median_us, p95_us;
};

/* Median and 95th percentile (nearest rank) of n wall times; sorts v. */
static void stats(uint64_t *v, size_t n, struct repeat_stats *s)
{
	s->runs = n;
	s->median_us = s->p95_us = 0;
	if (n == 0)
		return;
	qsort(v, n, sizeof *v, cmp_u64);
	s->median_us = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	size_t rank = (n * 95 + 99) / 100; /* ceil(0.95 n) */
	s->p95_us = v[rank ? rank - 1 : 0];
}

static int print_json(const struct sbx_result *res, const struct sbx_isolation *iso,
                      const struct repeat_stats *rs)
{
	cJSON *doc = judge_run_to_json(res, iso);
	int rc = -1;

	if (!doc)
		return -1;
	int cut = 0, ecut = 0;
	char *out = cli_utf8_clean(res->out ? res->out : "", res->out_len, JSON_OUT_MAX, &cut);
	char *errt = cli_utf8_clean(res->err ? res->err : "", res->err_len, JSON_OUT_MAX, &ecut);
	if (out && errt) {
		cJSON_AddStringToObject(doc, "stdout", out);
		cJSON_AddBoolToObject(doc, "stdout_truncated", cut);
		cJSON_AddStringToObject(doc, "stderr", errt);
	}
	free(out);
	free(errt);
	if (!out || !errt)
		goto out;
	if (rs) {
		cJSON *r = cJSON_AddObjectToObject(doc, "repeat");
		if (!r)
			goto out;
		cJSON_AddNumberToObject(r, "runs", (double)rs->runs);
		cJSON_AddNumberToObject(r, "wall_ms_median", (double)rs->median_us / 1000.0);
		cJSON_AddNumberToObject(r, "wall_ms_p95", (double)rs->p95_us / 1000.0);
		cJSON_AddNumberToObject(r, "wall_us_median", (double)rs->median_us);
		cJSON_AddNumberToObject(r, "wall_us_p95", (double)rs->p95_us);
	}
	rc = cli_print_json(doc);
out:
	cJSON_Delete(doc);
	return rc;
}

/* The one-line summary of a run on stderr, shared with `judge exec`. */
void cli_run_summary(const char *cmd, const struct sbx_result *res)
{
	struct term t;
	char cpu[32], wall[32], mem[32];
	const char *st = sbx_status_name(res->status);

	term_init(&t, stderr);
	term_fmt_time(cpu, sizeof cpu, res->cpu_ms);
	term_fmt_time(wall, sizeof wall, res->wall_ms);
	term_fmt_mem(mem, sizeof mem, res->memory_kb);
	fprintf(stderr, "judge %s: %s%s%s%s  exit %d", cmd, term_sgr(&t, TS_BOLD),
	        term_sgr(&t, term_verdict_style(st)), st, term_sgr(&t, TS_RESET), res->exit_code);
	if (res->signal)
		fprintf(stderr, "  signal %d", res->signal);
	fprintf(stderr, "  cpu %s  wall %s  memory %s", cpu, wall, mem);
	if (res->message[0])
		fprintf(stderr, "  %s", res->message);
}

int cli_box(struct cli *c, int argc, char **argv)
{
	struct box_args a;
	struct sbx_box_config bc;
	struct sbx_box *box = NULL;
	struct sbx_result res;
	struct repeat_stats rs;
	uint64_t *walls = NULL;
	char err[1024], *real = NULL, local[PATH_MAX];
	const char **run_argv = NULL;
	int rc;

	memset(&res, 0, sizeof res);
	rc = parse_args(c, argc, argv, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (a.dump_filter) {
		fflush(stdout);
		if (sbx_policy_dump(a.profile, 0, STDOUT_FILENO, err, sizeof err) < 0)
			return cli_fail(CLI_INTERNAL, "dump filter: %s", err);
		return CLI_OK;
	}
	size_t argc_cmd = 0;
	while (a.cmd[argc_cmd])
		argc_cmd++;
	run_argv = calloc(argc_cmd + 1, sizeof *run_argv);
	walls = calloc((size_t)a.repeat, sizeof *walls);
	if (!run_argv || !walls) {
		rc = cli_fail(CLI_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < argc_cmd; i++)
		run_argv[i] = a.cmd[i];

	/* A host path: check it now, so a typo is a usage error, not an RE. */
	if (strchr(a.cmd[0], '/')) {
		struct stat st;
		real = realpath(a.cmd[0], NULL);
		if (!real || stat(real, &st) < 0) {
			rc = cli_fail(CLI_USAGE, "%s: %s", a.cmd[0], strerror(errno));
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			rc = cli_fail(CLI_USAGE, "%s: not a regular file", a.cmd[0]);
			goto out;
		}
	}
	sbx_box_config_init(&bc);
	bc.warn = a.json ? NULL : cli_warn_cb;
	if (sbx_box_open(&bc, &box, err, sizeof err) < 0) {
		rc = cli_fail(CLI_INTERNAL, "sandbox: %s", err);
		goto out;
	}
	if (real && strncmp(real, "/usr/", 5) != 0) {
		const char *name = cli_basename(real);
		if (copy_in(real, sbx_box_dir(box), name, err, sizeof err) < 0) {
			rc = cli_fail(CLI_INTERNAL, "%s", err);
			goto out;
		}
		snprintf(local, sizeof local, "./%s", name);
		run_argv[0] = local;
	} else if (real) {
		run_argv[0] = real;
	}

	struct sbx_run_config rcfg;
	sbx_run_config_init(&rcfg);
	rcfg.argv = run_argv;
	rcfg.profile = a.profile;
	rcfg.cpu_ms = a.time_ms;
	rcfg.memory_kb = a.memory_mb * 1024;
	rcfg.stdin_fd = -1;
	rcfg.stdout_fd = -1;
	size_t runs = 0;
	for (long i = 0; i < a.repeat; i++) {
		sbx_result_free(&res);
		if (sbx_box_run(box, &rcfg, &res) < 0) {
			rc = cli_fail(CLI_INTERNAL, "sandbox: %s", res.message);
			goto out;
		}
		walls[runs++] = res.wall_us;
		if (res.status != SBX_OK || res.exit_code != 0)
			break;
	}
	stats(walls, runs, &rs);

	if (a.json) {
		if (print_json(&res, sbx_box_isolation(box), a.repeat > 1 ? &rs : NULL) < 0) {
			rc = cli_fail(CLI_INTERNAL, "cannot write the JSON document");
			goto out;
		}
	} else {
		if (res.out_len && cli_write_all(STDOUT_FILENO, res.out, res.out_len) < 0) {
			rc = cli_fail(CLI_INTERNAL, "writing the output: %s", strerror(errno));
			goto out;
		}
		if (res.err_len)
			cli_write_all(STDERR_FILENO, res.err, res.err_len);
		cli_run_summary("box", &res);
		if (a.repeat > 1)
			fprintf(stderr, "  (%zu runs: wall median %.3f ms, p95 %.3f ms)", rs.runs,
			        (double)rs.median_us / 1000.0, (double)rs.p95_us / 1000.0);
		fputc('\n', stderr);
	}
	if (res.status == SBX_IE)
		rc = CLI_INTERNAL;
	else
		rc = res.status == SBX_OK && res.exit_code == 0 ? CLI_OK : CLI_REJECTED;
out:
	sbx_result_free(&res);
	sbx_box_close(box);
	free(real);
	free(walls);
	free(run_argv);
	return rc;
}

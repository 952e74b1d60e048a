/* main.c -- `judge`: the command-line judge. Global options, then one
 * command; each command lives in a cli_*.c file and returns the exit status
 * (see cli.h for the meaning of 0, 1, 2 and 3). */
#include "judge/cli.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"list", cli_list, "problems with difficulty, tags, and your best verdict"},
    {"show", cli_show, "the statement of a problem, with its samples"},
    {"test", cli_test, "run a solution on the samples (or your own input) and show diffs"},
    {"submit", cli_submit, "judge a solution against every test; record; post"},
    {"exec", cli_exec, "compile and run a scratch program once in the sandbox"},
    {"box", cli_box, "run any command in the sandbox (debugging, benchmarks)"},
    {"validate", cli_validate, "prove a problem package right (for instructors)"},
    {"new", cli_new, "scaffold a new problem package"},
    {"generate", cli_generate, "produce a problem's generated tests into the cache"},
    {"worker", cli_worker, "judge queued submissions from judge-web, post results back"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: judge [--problems DIR] COMMAND [ARGS]\n"
	           "       judge --help | --version\n\n"
	           "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nGlobal options:\n"
	           "  --problems DIR  problems directory (default: $JUDGE_PROBLEMS, else "
	           "./problems)\n"
	           "  --help          this text; 'judge COMMAND --help' for a command's\n"
	           "  --version       the judge's version\n\n"
	           "Exit status: 0 accepted (exec, box: the program ran normally), 1 judged\n"
	           "but not accepted, 2 bad usage or bad input, 3 internal error.\n"
	           "Colour only on a terminal, never when NO_COLOR is set.\n");
}

int main(int argc, char **argv)
{
	struct cli c;
	int i = 1, rc = CLI_USAGE;

	memset(&c, 0, sizeof c);
	/* libcurl wants its global set-up done once, before any thread starts. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "judge: cannot initialise libcurl\n");
		return CLI_INTERNAL;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			rc = CLI_OK;
			goto out;
		}
		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("judge %s\n", judge_version());
			rc = CLI_OK;
			goto out;
		}
		if (!strcmp(a, "--problems") && i + 1 < argc) {
			c.problems_override = argv[++i];
		} else if (!strncmp(a, "--problems=", 11)) {
			c.problems_override = a + 11;
		} else {
			rc = cli_fail(CLI_USAGE, "unknown option '%s' (see 'judge --help')", a);
			goto out;
		}
	}
	if (i >= argc) {
		usage(stderr);
		goto out;
	}
	for (size_t k = 0; k < NCOMMANDS; k++) {
		if (!strcmp(argv[i], commands[k].name)) {
			rc = commands[k].run(&c, argc - i, argv + i);
			goto out;
		}
	}
	rc = cli_fail(CLI_USAGE, "unknown command '%s' (see 'judge --help')", argv[i]);
out:
	if (fflush(stdout) != 0 && rc == CLI_OK)
		rc = CLI_INTERNAL;
	cli_free(&c);
	curl_global_cleanup();
	return rc;
}

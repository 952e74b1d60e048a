/* cli_new.c -- `judge new ID`: scaffold a problem package that validates
 * green at once (a tiny "add two integers" problem with one sample, a secret
 * group, accepted solutions in C and Python and starter templates), for an
 * instructor to edit into the real thing. */
#include "judge/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char new_help[] =
    "usage: judge new ID\n"
    "\n"
    "Creates the problem package ID in the problems directory (--problems DIR,\n"
    "else $JUDGE_PROBLEMS, else ./problems): problem.json, statement.md, a\n"
    "sample, a secret group, accepted solutions in C and Python and starter\n"
    "templates. It passes 'judge validate ID' as created; edit it from there.\n"
    "ID is lowercase letters, digits and '-'.\n"
    "\n"
    "Options:\n"
    "  --help   this text\n";

static const char manifest_fmt[] =
    "{\n"
    "  \"id\": \"%s\",\n"
    "  \"title\": \"Add two integers\",\n"
    "  \"source\": \"Scaffold from judge new: replace with the guide's section\",\n"
    "  \"difficulty\": \"easy\",\n"
    "  \"tags\": [\"arithmetic\"],\n"
    "  \"style\": \"stdio\",\n"
    "  \"limits\": {\n"
    "    \"time_ms\": 1000,\n"
    "    \"memory_mb\": 256,\n"
    "    \"time_multipliers\": { \"python\": 5 }\n"
    "  },\n"
    "  \"checker\": { \"type\": \"tokens\" },\n"
    "  \"groups\": [\n"
    "    { \"name\": \"main\" }\n"
    "  ]\n"
    "}\n";

static const char statement[] =
    "# Add two integers\n"
    "\n"
    "Read two integers $a$ and $b$ and print their sum $a + b$.\n"
    "\n"
    "## Input\n"
    "\n"
    "One line with two integers $a$ and $b$ ($-10^{18} \\le a, b \\le 10^{18}$),\n"
    "separated by a space.\n"
    "\n"
    "## Output\n"
    "\n"
    "One line with $a + b$.\n";

static const char sol_c[] = "#include <stdio.h>\n"
                            "\n"
                            "int main(void)\n"
                            "{\n"
                            "\tlong long a, b;\n"
                            "\n"
                            "\tif (scanf(\"%lld %lld\", &a, &b) != 2)\n"
                            "\t\treturn 1;\n"
                            "\tprintf(\"%lld\\n\", a + b);\n"
                            "\treturn 0;\n"
                            "}\n";

static const char sol_py[] = "import sys\n"
                             "\n"
                             "a, b = map(int, sys.stdin.read().split())\n"
                             "print(a + b)\n";

static const char tpl_c[] = "#include <stdio.h>\n"
                            "\n"
                            "int main(void)\n"
                            "{\n"
                            "\t/* Read the input from stdin, print the answer on stdout. */\n"
                            "\treturn 0;\n"
                            "}\n";

static const char tpl_py[] = "import sys\n"
                             "\n"
                             "\n"
                             "def main():\n"
                             "    data = sys.stdin.read().split()\n"
                             "\n"
                             "\n"
                             "main()\n";

struct file {
	const char *path;
	const char *text;
};

static int mkdir_at(const char *root, const char *sub, char *err, size_t errlen)
{
	char path[4096];

	if (cli_path(path, sizeof path, root, sub) < 0) {
		snprintf(err, errlen, "%.900s: path too long", root);
		return -1;
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%.900s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int cli_new(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	static const char *const dirs[] = {
	    "data",        "data/sample", "data/secret",          "data/secret/main",
	    "submissions", "templates",   "submissions/accepted",
	};
	const struct file files[] = {
	    {"statement.md", statement},
	    {"data/sample/1.in", "2 3\n"},
	    {"data/sample/1.ans", "5\n"},
	    {"data/secret/main/negative.in", "-7 12\n"},
	    {"data/secret/main/negative.ans", "5\n"},
	    {"data/secret/main/large.in", "1000000000000000000 -999999999999999999\n"},
	    {"data/secret/main/large.ans", "1\n"},
	    {"submissions/accepted/add.c", sol_c},
	    {"submissions/accepted/add.py", sol_py},
	    {"templates/solution.c", tpl_c},
	    {"templates/solution.py", tpl_py},
	};
	char err[1024], dir[4096], path[4096], manifest[sizeof manifest_fmt + 128];
	struct judge_problem *p = NULL;
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(new_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("new", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("new", "missing ID");
	if (argc - optind > 1)
		return cli_usage_error("new", "unexpected argument '%s'", argv[optind + 1]);
	const char *id = argv[optind];
	if (!cli_valid_id(id))
		return cli_fail(CLI_USAGE,
		                "'%s' is not a problem id (lowercase letters, digits and "
		                "'-')",
		                id);
	if (cli_langs(c) < 0)
		return CLI_INTERNAL;
	if (cli_mkdirs(c->paths.problems, err, sizeof err) < 0)
		return cli_fail(CLI_USAGE, "%s", err);
	if (cli_path(dir, sizeof dir - 64, c->paths.problems, id) < 0)
		return cli_fail(CLI_USAGE, "%s: path too long", c->paths.problems);
	if (mkdir(dir, 0755) < 0)
		return cli_fail(CLI_USAGE, "%s: %s", dir,
		                errno == EEXIST ? "already exists" : strerror(errno));
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (mkdir_at(dir, dirs[i], err, sizeof err) < 0)
			return cli_fail(CLI_INTERNAL, "%s", err);
	snprintf(manifest, sizeof manifest, manifest_fmt, id);
	if (cli_path(path, sizeof path, dir, "problem.json") < 0)
		return cli_fail(CLI_USAGE, "%s: path too long", dir);
	if (cli_write_file(path, manifest, strlen(manifest), 1, err, sizeof err) < 0)
		return cli_fail(CLI_INTERNAL, "%s", err);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (cli_path(path, sizeof path, dir, files[i].path) < 0)
			return cli_fail(CLI_USAGE, "%s: path too long", dir);
		if (cli_write_file(path, files[i].text, strlen(files[i].text), 1, err, sizeof err) <
		    0)
			return cli_fail(CLI_INTERNAL, "%s", err);
	}
	/* What was written must load: the scaffold is the first thing validated. */
	if (judge_problem_load(dir, c->langs, NULL, &p, err, sizeof err) < 0)
		return cli_fail(CLI_INTERNAL, "the new package does not load: %s", err);
	judge_problem_free(p);
	printf("created %s\n"
	       "next: edit statement.md, problem.json, data/ and submissions/, then run\n"
	       "  judge validate %s\n",
	       dir, id);
	return CLI_OK;
}

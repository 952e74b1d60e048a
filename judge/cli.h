/* cli.h -- internals of the `judge` command-line program (not a library API).
 *
 * main.c parses the global options and dispatches to one cli_<command>()
 * per command (cli_*.c). Those print, and return the process exit status:
 *
 *	0  accepted (exec/box: the program ran normally, status OK and exit 0)
 *	1  judged but not accepted (or the program misbehaved)
 *	2  bad usage or bad input (a one-line message on stderr)
 *	3  internal error
 *
 * The helpers below are shared by the commands: the context (paths and
 * languages, loaded on first use), terminal output (term.c), the local
 * history (history.c), HTTP with retries (post.c) and the worker loop
 * (worker.c).
 */
#ifndef JUDGE_CLI_H
#define JUDGE_CLI_H

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "judge/judge.h"

struct cJSON;
struct term;

enum {
	CLI_OK = 0,
	CLI_REJECTED = 1,
	CLI_USAGE = 2,
	CLI_INTERNAL = 3,
};

/*** Context ***/

struct cli {
	const char *problems_override; /* --problems DIR, or NULL */
	int have_paths;
	struct judge_paths paths;
	struct judge_langs *langs;
};

/* Fills c->paths once. Prints the error and returns -1 on failure. */
int cli_paths(struct cli *c);
/* Loads the languages once (and the paths). Prints the error; -1 on failure. */
int cli_langs(struct cli *c);
void cli_free(struct cli *c);

/* "judge: <message>" on stderr, one line. Returns code, so commands can
 * write `return cli_fail(CLI_USAGE, ...)`. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "judge: warning: <message>" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The usage error of a command: "judge <cmd>: <message> (see 'judge <cmd> --help')". */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The judge_options/sandbox warn callback: prints with cli_warn. ctx unused. */
void cli_warn_cb(void *ctx, const char *msg);

/* Long option ids above the char range shared by the commands. */
enum {
	OPT_PROBLEMS = 256,
	OPT_HELP,
	OPT_LANG,
	OPT_JSON,
	OPT_INPUT,
	OPT_POST,
	OPT_FAIL_FAST,
	OPT_TOKEN,
	OPT_TOKEN_FILE,
	OPT_STDIN,
	OPT_TIME_LIMIT,
	OPT_MEMORY_LIMIT,
	OPT_REPEAT,
	OPT_PROFILE,
	OPT_DUMP_FILTER,
	OPT_SERVER,
	OPT_ONCE,
	OPT_LEASE,
	OPT_FORCE,
};

/* Strict number parsing for options: the whole string, in range. */
int cli_parse_long(const char *s, long min, long max, long *out);
/* Seconds ("1", "0.5") in (0, max_s] to milliseconds (at least 1). */
int cli_parse_seconds(const char *s, double max_s, long *ms);

/* 1 when id is a problem id: lowercase letters, digits and '-' (at most 100). */
int cli_valid_id(const char *id);
/* The problem named by id (a package under the problems directory, or a
 * package directory when id holds a '/'), loaded strictly; its generated
 * tests have no paths until cli_generate_tests(). Prints a one-line error; returns CLI_OK,
 * CLI_USAGE when there is no such package, bad_code when its problem.json
 * does not load, or CLI_INTERNAL. Caller frees *out. */
int cli_load_problem(struct cli *c, const char *id, int bad_code, struct judge_problem **out);
/* Makes sure the problem's generated tests exist (judge_generate) and points
 * its tests at them; progress on t (may be NULL). Prints the error and
 * returns fail_code when the package's generator fails, else CLI_OK. */
int cli_generate_tests(struct cli *c, struct judge_problem *p, struct term *t, int fail_code);
/* The language of file: --lang when given, else by extension. Prints the
 * error and returns NULL when unknown. Borrowed from c->langs. */
const struct judge_lang *cli_pick_lang(struct cli *c, const char *file, const char *lang_id);
/* Reads a source file and checks it (size, text). Prints the error and
 * returns an exit code (CLI_USAGE) or CLI_OK. Caller frees *buf. */
int cli_read_source(const char *path, char **buf, size_t *len);
/* Writes "a/b" into buf; -1 when it does not fit. */
int cli_path(char *buf, size_t len, const char *a, const char *b);
/* The file name part of a path (borrowed). */
const char *cli_basename(const char *path);
/* Makes a directory and its parents (mode 0700 for the new ones). */
int cli_mkdirs(const char *path, char *err, size_t errlen);
/* Writes a whole file (O_EXCL when exclusive). -1 with a message. */
int cli_write_file(const char *path, const void *data, size_t len, int exclusive, char *err,
                   size_t errlen);
/* A program's output as JSON-safe text: at most max bytes of s (cut on a
 * character boundary), invalid UTF-8 and NUL bytes replaced by U+FFFD.
 * Sets *cut when bytes were left out. Caller frees; NULL on OOM. */
char *cli_utf8_clean(const char *s, size_t n, size_t max, int *cut);
/* Prints a cJSON document on stdout followed by a newline; 0 or -1. */
int cli_print_json(const struct cJSON *doc);
/* Writes all of buf to fd (retrying short writes); 0 or -1. */
int cli_write_all(int fd, const void *buf, size_t len);
/* The exit status for a judged verdict. */
int cli_verdict_status(enum judge_verdict v);
/* Prints "judge <cmd>: STATUS  exit N  cpu ..  wall ..  memory .." on stderr,
 * without the newline (callers may add to the line). */
void cli_run_summary(const char *cmd, const struct sbx_result *res);

/* One program compiled and run once in a box (exec, test --input). */
struct cli_run {
	int compile_ok, compile_cached;
	long compile_ms;
	char *compile_log;     /* owned */
	int ran;               /* res is filled */
	struct sbx_result res; /* owned */
	struct sbx_isolation iso;
};

/* Compiles source (for problem p, which may be NULL) and runs it once with
 * stdin from stdin_path (NULL: empty) under the limits (0: the defaults).
 * Returns 0 with *out filled (see compile_ok, ran), or -1 with a message
 * when the box could not be set up or stdin_path cannot be opened (then
 * *usage is 1 when that is the caller's fault). Free with cli_run_free(). */
int cli_run_source(struct cli *c, const struct judge_problem *p, const struct judge_lang *lang,
                   const char *source, size_t len, const char *stdin_path, long time_ms,
                   long memory_mb, struct cli_run *out, int *usage, char *err, size_t errlen);
void cli_run_free(struct cli_run *r);
/* The run's JSON: judge_run_to_json() plus language, compile, stdout and
 * stderr; status "CE" when it did not compile. Caller frees. */
struct cJSON *cli_run_to_json(const struct cli_run *r, const char *lang_id);

/*** Commands (cli_*.c); argv[0] is the command's name ***/

int cli_list(struct cli *c, int argc, char **argv);
int cli_show(struct cli *c, int argc, char **argv);
int cli_test(struct cli *c, int argc, char **argv);
int cli_submit(struct cli *c, int argc, char **argv);
int cli_exec(struct cli *c, int argc, char **argv);
int cli_box(struct cli *c, int argc, char **argv);
int cli_validate(struct cli *c, int argc, char **argv);
int cli_new(struct cli *c, int argc, char **argv);
int cli_generate(struct cli *c, int argc, char **argv);
int cli_worker(struct cli *c, int argc, char **argv);

/*** Terminal output (term.c) ***/

enum term_style {
	TS_RESET,
	TS_BOLD,
	TS_DIM,
	TS_RED,
	TS_GREEN,
	TS_YELLOW,
	TS_BLUE,
	TS_MAGENTA,
	TS_CYAN,
};

struct term {
	FILE *f;        /* where this terminal's text goes */
	int tty;        /* f is a terminal: progress lines are rewritten in place */
	int color;      /* ANSI colours: a terminal and NO_COLOR unset (or empty) */
	int live;       /* a progress line is on screen without its newline */
	int quiet;      /* print nothing (--json with stderr not a terminal) */
	int name_width; /* test names are padded to this in progress lines */
};

/* Describes f: terminal, colour (NO_COLOR, TERM=dumb). */
void term_init(struct term *t, FILE *f);
/* Pads test names in progress lines to the longest of p's (within bounds). */
void term_fit_names(struct term *t, const struct judge_problem *p);
/* The escape sequence of a style, or "" without colour. */
const char *term_sgr(const struct term *t, enum term_style s);
/* The style of a verdict or a sandbox status ("AC", "OK", "WA", ...). */
enum term_style term_verdict_style(const char *v);
/* A progress line: on a terminal it replaces the current live line; else it
 * is printed with its newline. */
void term_progress(struct term *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the live line (keeps it on screen). */
void term_keep(struct term *t);
/* Erases the live line. */
void term_clear(struct term *t);
/* "0.21 s", "12.3 s". */
void term_fmt_time(char *buf, size_t len, long ms);
/* "3.1 MB", "812 KB". */
void term_fmt_mem(char *buf, size_t len, long kb);
/* Prints a line diff of expected vs got (at most max_lines lines of it),
 * "-" lines from expected, "+" lines from got. */
void term_diff(struct term *t, const char *expected, size_t elen, const char *got, size_t glen,
               size_t max_lines);
/* Prints text indented by two spaces, at most max_lines lines, marking
 * what is cut. */
void term_block(struct term *t, const char *text, size_t len, size_t max_lines);

/* The per-test progress callback for judge_options (ctx: struct term *). */
void term_judge_progress(void *ctx, const struct judge_progress *ev);
/* The summary of a judging: per-group table, verdict, first failure,
 * compile log on CE. */
void term_summary(struct term *t, const struct judge_result *r);

/*** Local history (history.c): $XDG_DATA_HOME/judge/history.jsonl ***/

struct history_best {
	int found;
	enum judge_verdict verdict;
	int passed, total;
};

/* Appends one line describing a result document (judge_result_to_json). */
int history_append(const char *data_dir, const struct cJSON *result, char *err, size_t errlen);
/* The best submit verdict of each of the n problems ids (AC first, then the
 * most tests passed, then the newest). A missing history is no error. */
int history_best(const char *data_dir, char *const *ids, size_t n, struct history_best *out,
                 char *err, size_t errlen);

/*** HTTP (post.c) ***/

struct http_reply {
	long status; /* HTTP status, 0 when no answer */
	char *body;  /* NUL-terminated; caller frees */
	size_t len;
};

struct http_request {
	const char *url;
	const char *token;           /* bearer token, or NULL */
	const char *idempotency_key; /* or NULL */
	const char *body;            /* JSON */
	int tries;                   /* attempts (1: no retry); backoff 0.5 s, 1 s, 2 s, ... */
	long timeout_s;              /* whole request; 0: 30 s */
};

/* POSTs a JSON body. Retries on connection errors and 5xx. Returns 0 when a
 * reply arrived (any status: see reply->status), -1 with a message when
 * none did. Caller frees reply->body. */
int http_post_json(const struct http_request *rq, struct http_reply *reply, char *err,
                   size_t errlen);
/* base + path, without a doubled slash. Caller frees. */
char *http_join(const char *base, const char *path);
/* The "error.message" of an API error reply, else the start of the body. */
void http_error_text(const struct http_reply *reply, char *buf, size_t len);
/* Reads a token file (trimmed, one line). Caller frees. -1 with a message. */
int token_read(const char *path, char **out, char *err, size_t errlen);
/* Posts a result document to URL (.../api/results) for `judge submit --post`.
 * Warns on stderr on failure; never changes the exit status. */
void post_result(struct cli *c, const char *url, const char *token, const struct cJSON *result);

#endif /* JUDGE_CLI_H */

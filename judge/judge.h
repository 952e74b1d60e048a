/* judge.h -- the judge core: problem packages, languages, checkers, verdicts.
 *
 * The one public header of the judge/ module. Everything here is a library:
 * functions never exit and never print; those that can fail return 0 on
 * success or -1 with a message in a caller-supplied buffer `err` of `errlen`
 * bytes that names the file, the field and the value at fault.
 *
 * Ownership is said above each prototype: "borrows" (the caller keeps the
 * argument), "caller frees with x_free()" for returned objects. Every x_free()
 * accepts NULL.
 */
#ifndef JUDGE_JUDGE_H
#define JUDGE_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"

struct cJSON;

/*** Verdicts ***/

enum judge_verdict {
	JUDGE_AC = 0, /* accepted */
	JUDGE_WA,     /* wrong answer */
	JUDGE_TLE,    /* CPU or wall time limit exceeded */
	JUDGE_MLE,    /* memory limit exceeded */
	JUDGE_OLE,    /* output limit exceeded */
	JUDGE_RE,     /* run-time error: crash or non-zero exit */
	JUDGE_CE,     /* compile error, or a harness's static rule broken */
	JUDGE_SV,     /* security violation: a forbidden system call */
	JUDGE_IE,     /* internal error: the judge or a checker failed */
	JUDGE_VERDICT_COUNT
};

/* "AC", "WA", ...; never NULL (out-of-range values give "IE"). */
const char *judge_verdict_name(enum judge_verdict v);
/* Parses "AC".."IE" (exact, upper case). Returns 0, or -1 if unknown. */
int judge_verdict_parse(const char *s, enum judge_verdict *out);

/*** Languages (judge/languages.json) ***/

struct judge_lang {
	char *id;                /* "c", "cpp", "python" */
	char *name;              /* human name with version */
	char **extensions;       /* NULL-terminated, with the dot: ".c" */
	char *source;            /* file name the source is saved as in the box */
	char ***compile;         /* NULL-terminated list of NULL-terminated argv; may be empty */
	char **run;              /* argv of the program */
	char ***harness_compile; /* like compile, for harness problems; may be NULL */
	char *harness_object;    /* object checked for static rules; may be NULL */
	char **harness_run;      /* argv for harness problems; NULL: same as run */
	char **env;              /* NULL-terminated "KEY=VALUE"; empty (not NULL) when none */
	char **version;          /* argv printing the compiler version; may be NULL */
	char *profile;           /* seccomp profile: "native", "python" */
	double time_multiplier;  /* default multiplier when a problem names none */
	long memory_extra_mb;    /* added to the problem's memory limit */
	char *packages;          /* Debian packages that provide it (documentation), or NULL */
};

struct judge_langs {
	struct judge_lang *v;
	size_t n;
};

/* Loads and validates a languages file (an object: id -> language, kept in
 * file order). Unknown keys, wrong types, missing fields, empty argv and an
 * extension claimed twice are errors naming the file, language and field.
 * Caller frees *out with judge_langs_free(). */
int judge_langs_load(const char *path, struct judge_langs **out, char *err, size_t errlen);
void judge_langs_free(struct judge_langs *langs);
/* Borrows; returns an element of langs or NULL. */
const struct judge_lang *judge_langs_find(const struct judge_langs *langs, const char *id);
/* Language from a file name's extension (the longest that matches; the base
 * name must be longer than it), or NULL. Borrows. */
const struct judge_lang *judge_langs_by_file(const struct judge_langs *langs, const char *file);

/*** Problem packages (docs/problem-format.md) ***/

enum judge_style { JUDGE_STYLE_STDIO, JUDGE_STYLE_HARNESS };

enum judge_checker_type {
	JUDGE_CHECK_EXACT_LINES,
	JUDGE_CHECK_TOKENS,
	JUDGE_CHECK_FLOAT,
	JUDGE_CHECK_CUSTOM
};

struct judge_checker {
	enum judge_checker_type type;
	double abs_tol, rel_tol; /* JUDGE_CHECK_FLOAT; 1e-6 each unless given */
	char *program;           /* JUDGE_CHECK_CUSTOM: absolute path */
};

struct judge_group {
	char *name;
	int gating;       /* 0: shown, but does not decide the verdict */
	char **languages; /* NULL-terminated, or NULL for every language */
	long time_ms;     /* 0: the problem's limit */
};

struct judge_gen_test {
	char *name;  /* "secret/large/chains-1" */
	char **args; /* NULL-terminated */
};

struct judge_harness {
	char *lang;               /* language id */
	char *driver;             /* absolute path */
	char **forbidden_symbols; /* NULL-terminated glob patterns; may be NULL */
	long max_static_data;     /* bytes of .data + .bss; -1: no rule */
};

struct judge_expectation {
	char *submission;  /* path relative to submissions/: "wrong_answer/x.py" */
	unsigned verdicts; /* bit set of 1u << enum judge_verdict */
};

struct judge_multiplier {
	char *lang;
	double factor;
};

/* A test case: committed files, or generated ones (paths filled in once the
 * generated tests exist, see judge_problem_generated_dir()). */
struct judge_test {
	char *name;     /* "sample/1", "secret/edge/empty-line" */
	char *group;    /* "sample" or the secret group */
	char *in_path;  /* absolute path of the .in */
	char *ans_path; /* absolute path of the .ans */
	int generated;  /* 1: from generators.tests[gen_index] */
	size_t gen_index;
};

struct judge_problem {
	char *dir; /* absolute path of the package */
	char *id, *title, *source, *difficulty;
	char **tags; /* NULL-terminated; empty (not NULL) when none */
	enum judge_style style;
	long time_ms, memory_mb, output_kb;
	/* limits.time_multipliers, then the default (languages.json) of every
	 * other language known at load time. */
	struct judge_multiplier *multipliers;
	size_t nmultipliers;
	struct judge_checker checker;
	struct judge_group *groups; /* secret groups, in order */
	size_t ngroups;
	char *gen_program;   /* absolute path, or NULL when no generators */
	char *gen_reference; /* absolute path, or NULL */
	struct judge_gen_test *gen_tests;
	size_t ngen_tests;
	char *input_validator; /* absolute path, or NULL */
	struct judge_harness *harness;
	size_t nharness;
	char *score_group, *score_label; /* NULL when the problem does not score */
	double score_max;
	struct judge_expectation *expectations;
	size_t nexpectations;
	struct judge_test *tests; /* samples, then groups in order; sorted by name */
	size_t ntests;
};

/* Loads and validates the package directory `dir` (e.g. "problems/<id>").
 * Checks problem.json strictly (unknown keys, types, missing files, paths
 * leaving the package, groups, tests) and lists the committed tests plus the
 * generated ones. cache_dir is the cache root for generated tests: they get
 * <cache_dir>/<id>-<hash>/<name>.in|.ans (see judge_problem_generated_dir()),
 * or NULL paths when cache_dir is NULL. Messages start with the file at
 * fault as `dir` spells it, then the field and the value:
 *   problems/x/problem.json: field 'limits.time_ms': expected a positive
 *   integer, got "fast"
 * Borrows langs (validates language ids and program extensions; NULL skips
 * those checks). Caller frees *out with judge_problem_free(). */
int judge_problem_load(const char *dir, const struct judge_langs *langs, const char *cache_dir,
                       struct judge_problem **out, char *err, size_t errlen);
void judge_problem_free(struct judge_problem *p);

/* Lists the package directories under root (those holding a problem.json),
 * sorted by id. Caller frees with judge_strv_free(). */
int judge_problems_scan(const char *root, char ***ids, char *err, size_t errlen);

/* The time limit in ms for a language and a test's group (the group's
 * time_ms, else the problem's, times the language's multiplier, rounded up;
 * t may be NULL). Borrows. */
long judge_problem_time_limit(const struct judge_problem *p, const char *lang,
                              const struct judge_test *t);
/* 1 if the language may be submitted (harness problems list theirs). */
int judge_problem_accepts(const struct judge_problem *p, const char *lang);
/* The harness entry for a language, or NULL. Borrows. */
const struct judge_harness *judge_problem_harness(const struct judge_problem *p, const char *lang);
/* The group named `name`: a group name ("large"), a test's group field or a
 * test name ("secret/large/x"); NULL for samples ("sample", "sample/1") and
 * unknown names. Borrows. */
const struct judge_group *judge_problem_group(const struct judge_problem *p, const char *name);
/* 1 if a test runs for that language (group language filter). */
int judge_problem_test_applies(const struct judge_problem *p, const struct judge_test *t,
                               const char *lang);
/* Cache directory for generated tests: <cache_root>/<id>-<hash>, where the hash
 * (16 hex digits of a SHA-256) covers the generator's source and the other
 * files beside it (helpers it may import), the reference's source, and every
 * test's name and arguments. Caller frees. NULL on error (message in err),
 * e.g. when the problem has no generators. */
char *judge_problem_generated_dir(const struct judge_problem *p, const char *cache_root, char *err,
                                  size_t errlen);

/*** Built-in checkers ***/

/* Compares a candidate's output with the answer under a built-in checker
 * (exact-lines, tokens, float). Sets *accepted to 1 or 0 and, when rejected,
 * writes a one-line reason to msg ("line 3: expected \"47\", got \"46\"").
 * Messages are short and printable (other bytes escaped); msg may be NULL.
 * Linear time, any bytes (NUL included). Returns -1 only for a custom
 * checker (not built in) or an unknown type. Borrows everything. */
int judge_compare(const struct judge_checker *c, const char *out, size_t outlen, const char *ans,
                  size_t anslen, int *accepted, char *msg, size_t msglen);

/*** Small utilities shared by the judge and judge-web ***/

/* Reads a whole file, at most max bytes (more is an error naming the file; a
 * regular file is refused by its size before reading). Pipes work; a FIFO is
 * opened without blocking, so one that has no writer reads as empty.
 * Adds a terminating NUL not counted in *len. Caller frees *buf with free(). */
int judge_read_file(const char *path, size_t max, char **buf, size_t *len, char *err,
                    size_t errlen);
/* Frees a NULL-terminated string vector and its strings. NULL is fine. */
void judge_strv_free(char **v);

/* SHA-256, incremental. */
struct judge_sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char buf[64];
	size_t nbuf;
};
void judge_sha256_init(struct judge_sha256 *s);
void judge_sha256_update(struct judge_sha256 *s, const void *data, size_t len);
/* Writes 64 lowercase hex digits and a NUL to hex. */
void judge_sha256_final(struct judge_sha256 *s, char hex[65]);
/* Hashes a file's contents; -1 with a message naming the file on error. */
int judge_sha256_file(const char *path, char hex[65], char *err, size_t errlen);

/*** Where things are ***/

struct judge_paths {
	char *problems;  /* --problems, else $JUDGE_PROBLEMS, else ./problems */
	char *languages; /* $JUDGE_LANGUAGES, else the source tree's or the installed languages.json
	                  */
	char *cache;     /* $JUDGE_CACHE, else $XDG_CACHE_HOME/judge, else ~/.cache/judge */
	char *data;      /* $XDG_DATA_HOME/judge, else ~/.local/share/judge (history) */
	char *config;    /* $XDG_CONFIG_HOME/judge, else ~/.config/judge (token) */
};

/* Fills every path (problems_override may be NULL). Nothing is created.
 * Free with judge_paths_free(). */
int judge_paths_init(struct judge_paths *p, const char *problems_override, char *err,
                     size_t errlen);
void judge_paths_free(struct judge_paths *p);

/*** Judging a submission ***/

enum judge_mode {
	JUDGE_MODE_SUBMIT, /* every test */
	JUDGE_MODE_TEST    /* the samples only */
};

struct judge_test_result {
	char *name;  /* "sample/1", "secret/edge/empty-line" */
	char *group; /* "sample" or the secret group */
	int gating;  /* 0: does not decide the verdict (scored groups) */
	enum judge_verdict verdict;
	long time_ms, wall_ms, memory_kb;
	int exit_code, signal;
	char *message;     /* checker message, SV call, signal; "" when none */
	char *output;      /* samples only: the first 4 KiB of stdout; else NULL */
	char *stderr_text; /* the first 1 KiB of stderr, or NULL when empty */
	int has_score;
	double score;
};

struct judge_result {
	char key[33]; /* 32 hex digits: idempotency key */
	enum judge_mode mode;
	char *problem, *language;
	char *file; /* the source's file name (no directories) */
	size_t bytes;
	char sha256[65];
	char *source; /* the source text, when judge_options.keep_source; else NULL */
	enum judge_verdict verdict;
	char *message; /* one line; "" for AC */
	int compile_ok, compile_cached;
	char *compile_log;
	long compile_ms;
	struct judge_test_result *tests;
	size_t ntests;
	int passed, total;
	long time_ms, memory_kb; /* maxima over the tests */
	int has_score;
	double score, score_max;
	char *score_label;
	struct sbx_isolation isolation;
	int64_t started_ms, finished_ms; /* Unix time in milliseconds */
};

enum judge_event {
	JUDGE_EV_GENERATE, /* generating tests: name = count as text */
	JUDGE_EV_COMPILE,  /* compiling (name: the checker, or the submission) */
	JUDGE_EV_COMPILED, /* done: test holds nothing; ok in index (1/0) */
	JUDGE_EV_TEST_START,
	JUDGE_EV_TEST_DONE /* test: the finished test */
};

struct judge_progress {
	enum judge_event ev;
	size_t index, count; /* test index (0-based) and number of tests to run */
	const char *name;
	const struct judge_test_result *test;
};

struct judge_options {
	enum judge_mode mode;
	int fail_fast;     /* stop at the first failing gating test */
	double time_scale; /* multiplies every time limit (0: 1) */
	/* Cache root (judge_paths.cache) for compiled programs (<cache>/compile)
	 * and generated tests (<cache>/tests: pass that to judge_problem_load()).
	 * NULL: no cache (generated tests then cannot be made). */
	const char *cache;
	int keep_source; /* copy the source into the result */
	/* Languages of helper programs (custom checkers, generators). Borrowed;
	 * needed for problems with a custom checker. */
	const struct judge_langs *langs;
	/* Sandbox: forced degradations (tests, restricted hosts). */
	int no_namespaces, no_cgroup;
	void (*progress)(void *ctx, const struct judge_progress *ev); /* may be NULL */
	void (*warn)(void *ctx, const char *msg);                     /* may be NULL */
	void *ctx;
};

/* Fills defaults (submit mode, scale 1). */
void judge_options_init(struct judge_options *o);

/* Judges source (len bytes, saved as the language's source file) against
 * the problem: compiles in the sandbox (with the cache), runs the tests in
 * order, checks every output; call judge_generate() first for packages with
 * generated tests (a missing one is IE). Returns 0 and a
 * result whatever the verdict (CE and IE included); -1 only when the input
 * itself is unusable (the problem does not accept the language, the source
 * is empty, too large or not text), with a one-line message in err.
 * Borrows everything. Caller frees *out with judge_result_free(). */
int judge_submission(const struct judge_problem *p, const struct judge_lang *lang,
                     const char *file_name, const char *source, size_t len,
                     const struct judge_options *o, struct judge_result **out, char *err,
                     size_t errlen);
void judge_result_free(struct judge_result *r);

/* The result JSON (docs/result-schema.md). Caller frees with cJSON_Delete(). */
struct cJSON *judge_result_to_json(const struct judge_result *r);

/* The largest source accepted, bytes. */
#define JUDGE_SOURCE_MAX (1024 * 1024)

/* Checks that a source is acceptable: not empty, at most JUDGE_SOURCE_MAX,
 * text (valid UTF-8, no NUL bytes). -1 with a message otherwise. */
int judge_source_check(const char *source, size_t len, char *err, size_t errlen);

/*** Generated tests ***/

/* Makes sure every generated test of the problem exists in the cache
 * (running the generator and the reference in the sandbox when not), and
 * points the problem's generated tests at those files. Borrows langs and o. */
int judge_generate(struct judge_problem *p, const struct judge_langs *langs,
                   const struct judge_options *o, char *err, size_t errlen);

/*** One program in a box: `judge exec`, `judge test --input` ***/

struct judge_session;

struct judge_compile_info {
	int ok, cached;
	long time_ms;
	char *log; /* compiler output, trimmed; caller frees via judge_session_close */
};

/* Opens a box, saves the source and compiles it (harness drivers included
 * when p is a harness problem; p may be NULL for a scratch program).
 * Returns 0 with *out set even when compilation failed (see ci->ok); -1 when
 * the box could not be opened. Caller frees with judge_session_close(). */
int judge_session_open(const struct judge_problem *p, const struct judge_lang *lang,
                       const char *source, size_t len, const struct judge_options *o,
                       struct judge_session **out, struct judge_compile_info *ci, char *err,
                       size_t errlen);
/* Runs the compiled program once with stdin from stdin_fd (-1: empty).
 * time_ms and memory_mb are the limits for this run (0: the language's
 * defaults for a scratch program: 10 s, 256 MB). */
int judge_session_run(struct judge_session *s, int stdin_fd, long time_ms, long memory_mb,
                      struct sbx_result *res);
const struct sbx_isolation *judge_session_isolation(const struct judge_session *s);
void judge_session_close(struct judge_session *s);

/* "OK" result JSON for `judge box` and `judge exec`: the sandbox result's
 * fields (status, exit_code, signal, time_ms, wall_ms, memory_kb, message)
 * and the isolation. Caller frees with cJSON_Delete(). */
struct cJSON *judge_run_to_json(const struct sbx_result *r, const struct sbx_isolation *iso);
struct cJSON *judge_isolation_to_json(const struct sbx_isolation *iso);

/* The judge's version, "0.1.0". */
const char *judge_version(void);

#endif /* JUDGE_JUDGE_H */

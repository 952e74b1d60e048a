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
	char *id;                 /* "c", "cpp", "python" */
	char *name;               /* human name with version */
	char **extensions;        /* NULL-terminated, with the dot: ".c" */
	char *source;             /* file name the source is saved as in the box */
	char ***compile;          /* NULL-terminated list of NULL-terminated argv */
	char **run;               /* argv of the program */
	char ***harness_compile;  /* like compile, for harness problems; may be NULL */
	char *harness_object;     /* object checked for static rules; may be NULL */
	char **harness_run;       /* argv for harness problems; NULL: same as run */
	char **env;               /* NULL-terminated "KEY=VALUE" */
	char **version;           /* argv printing the compiler version; may be NULL */
	char *profile;            /* seccomp profile: "native", "python" */
	double time_multiplier;   /* default multiplier when a problem names none */
	long memory_extra_mb;     /* added to the problem's memory limit */
	char *packages;           /* Debian packages that provide it (documentation) */
};

struct judge_langs {
	struct judge_lang *v;
	size_t n;
};

/* Loads and validates a languages file. Caller frees *out with judge_langs_free(). */
int judge_langs_load(const char *path, struct judge_langs **out, char *err, size_t errlen);
void judge_langs_free(struct judge_langs *langs);
/* Borrows; returns an element of langs or NULL. */
const struct judge_lang *judge_langs_find(const struct judge_langs *langs, const char *id);
/* Language from a file name's extension, or NULL. Borrows. */
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
	double abs_tol, rel_tol; /* JUDGE_CHECK_FLOAT */
	char *program;           /* JUDGE_CHECK_CUSTOM: absolute path */
};

struct judge_group {
	char *name;
	int gating;        /* 0: shown, but does not decide the verdict */
	char **languages;  /* NULL-terminated, or NULL for every language */
	long time_ms;      /* 0: the problem's limit */
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
	char *submission;     /* path relative to submissions/: "wrong_answer/x.py" */
	unsigned verdicts;    /* bit set of 1u << enum judge_verdict */
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
	char **tags; /* NULL-terminated */
	enum judge_style style;
	long time_ms, memory_mb, output_kb;
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

/* Loads and validates problems_root/<id>/ or a package directory `dir`.
 * Checks problem.json strictly (unknown keys, types, missing files) and lists
 * the committed tests plus the generated ones (their paths point into the
 * cache dir given, or are NULL when cache_dir is NULL).
 * Borrows langs (used to validate language ids). Caller frees *out with
 * judge_problem_free(). */
int judge_problem_load(const char *dir, const struct judge_langs *langs, const char *cache_dir,
		       struct judge_problem **out, char *err, size_t errlen);
void judge_problem_free(struct judge_problem *p);

/* Lists the package directories under root (those holding a problem.json),
 * sorted by id. Caller frees with judge_strv_free(). */
int judge_problems_scan(const char *root, char ***ids, char *err, size_t errlen);

/* The time limit in ms for a language and a test's group. Borrows. */
long judge_problem_time_limit(const struct judge_problem *p, const char *lang,
			      const struct judge_test *t);
/* 1 if the language may be submitted (harness problems list theirs). */
int judge_problem_accepts(const struct judge_problem *p, const char *lang);
/* The harness entry for a language, or NULL. Borrows. */
const struct judge_harness *judge_problem_harness(const struct judge_problem *p,
						  const char *lang);
/* The group of a test, or NULL for samples. Borrows. */
const struct judge_group *judge_problem_group(const struct judge_problem *p, const char *name);
/* 1 if a test runs for that language (group language filter). */
int judge_problem_test_applies(const struct judge_problem *p, const struct judge_test *t,
			       const char *lang);
/* Cache directory for generated tests: <cache_root>/<id>-<hash>, where the hash
 * covers the generator's and the reference's sources and every test's name and
 * arguments. Caller frees. NULL on error (message in err). */
char *judge_problem_generated_dir(const struct judge_problem *p, const char *cache_root,
				  char *err, size_t errlen);

/*** Built-in checkers ***/

/* Compares a candidate's output with the answer under a built-in checker
 * (exact-lines, tokens, float). Sets *accepted to 1 or 0 and, when rejected,
 * writes a one-line reason to msg ("line 3: expected \"47\", got \"46\"").
 * Returns -1 only for a custom checker (not built in). Borrows everything. */
int judge_compare(const struct judge_checker *c, const char *out, size_t outlen,
		  const char *ans, size_t anslen, int *accepted, char *msg, size_t msglen);

/*** Small utilities shared by the judge and judge-web ***/

/* Reads a whole file, at most max bytes (more is an error naming the file).
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

#endif /* JUDGE_JUDGE_H */

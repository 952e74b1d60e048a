/* engine.h -- internals shared by the judging engine's files (session.c,
 * judging.c, generate.c). Not part of the judge module's public API. */
#ifndef JUDGE_ENGINE_H
#define JUDGE_ENGINE_H

#include <stddef.h>

#include "judge/judge.h"

/* Limits of a compilation: generous for real code, fatal to compile bombs. */
#define ENGINE_COMPILE_CPU_MS   30000
#define ENGINE_COMPILE_WALL_MS  60000
#define ENGINE_COMPILE_MEM_KB   (1024L * 1024)
#define ENGINE_COMPILE_FSIZE_KB (64L * 1024)
#define ENGINE_LOG_MAX          (64 * 1024)
/* Helpers (generators, references, checkers, validators). */
#define ENGINE_HELPER_CPU_MS 60000
#define ENGINE_HELPER_MEM_MB 2048L

struct judge_session {
	struct sbx_box *box;
	const struct judge_lang *lang;
	const struct judge_harness *harness;
	enum sbx_profile profile;
	char **run_argv; /* borrowed from lang */
	char **env;      /* owned: base environment + the language's */
	struct judge_compile_info ci;
};

/* One run with extra arguments after the program's argv and stdout sent to
 * out_fd (-1: captured in res->out, at most out_max bytes; 0: 64 MiB). */
int engine_run(struct judge_session *s, char *const *extra_args, int stdin_fd, int out_fd,
               size_t out_max, long time_ms, long memory_mb, struct sbx_result *res);

/* The language of a helper program (generator, checker, validator) from its
 * file name; NULL with a message when unknown. */
const struct judge_lang *engine_helper_lang(const struct judge_langs *langs, const char *path,
                                            char *err, size_t errlen);

/* Opens a session for a program file (compiles it): a helper (p NULL), or
 * a solution of problem p (compiled with its harness). Fails with a message
 * when it does not compile. */
int engine_helper_open(const struct judge_langs *langs, const char *path,
                       const struct judge_problem *p, const struct judge_options *o,
                       struct judge_session **out, char *err, size_t errlen);

/* Copies a host file into the box's work directory as name (mode 0644). */
int engine_put_file(struct judge_session *s, const char *host_path, const char *name, char *err,
                    size_t errlen);
/* Writes bytes into the box's work directory as name. */
int engine_put_bytes(struct judge_session *s, const char *name, const void *data, size_t len,
                     char *err, size_t errlen);

/* Creates the directories leading to path, and path itself when whole is
 * set (mode 0755; existing ones are fine). -1 with errno on failure. */
int engine_mkdirs(const char *path, int whole);

/* Removes a directory tree; never follows symlinks; best effort. */
void engine_rm_tree(const char *dir);

/* The last non-empty line of a text (a crash's "ZeroDivisionError: ..."),
 * control characters as spaces, at most len - 1 bytes, into buf. */
void engine_last_line(const char *s, size_t n, char *buf, size_t len);

/* Milliseconds since the epoch, and since an arbitrary point. */
int64_t engine_now_ms(void);
uint64_t engine_mono_us(void);

#endif /* JUDGE_ENGINE_H */

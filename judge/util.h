/* util.h -- internal helpers of judgecore (not part of the public API).
 *
 * Error formatting, string and path helpers, message-safe escaping, and the
 * strict JSON readers shared by lang.c and problem.c. Implemented in util.c.
 * Nothing here keeps state between calls.
 */
#ifndef JUDGE_UTIL_H
#define JUDGE_UTIL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "judge/judge.h"

/* Formats into err (if err and errlen are non-zero); always returns -1 so that
 * callers can write `return jutil_errf(...)`. */
int jutil_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* strdup/strndup that return NULL on allocation failure. Caller frees. */
char *jutil_strdup(const char *s);
char *jutil_strndup(const char *s, size_t n);
/* "a" + "/" + "b" (no slash added when a is empty). Caller frees; NULL on OOM. */
char *jutil_path_join(const char *a, const char *b);
/* printf into a new string. Caller frees; NULL on OOM. */
char *jutil_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes d as printf's "%g" (shortest = 0) or as the shortest text that
 * reads back as d (shortest = 1), with a '.' whatever the thread's locale. */
void jutil_format_double(char *buf, size_t len, double d, int shortest);
/* Thread-safe strerror. */
const char *jutil_strerror(int errnum, char *buf, size_t len);

/* Escapes n bytes of src for a one-line, printable message: valid UTF-8
 * letters pass, '"' and '\\' are backslashed, control and invalid bytes become
 * \n, \t, \r or \xNN. Writes at most dstlen - 1 bytes plus a NUL, and ends with
 * "..." when src did not fit; never cuts an escape or a UTF-8 sequence.
 * Returns the number of bytes of src shown. */
size_t jutil_escape(char *dst, size_t dstlen, const void *src, size_t n);
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t jutil_utf8_len(const unsigned char *s, size_t n);
/* Offset of the first invalid UTF-8 byte, or n when all n bytes are valid. */
size_t jutil_utf8_check(const void *s, size_t n);

/* Frees a NULL-terminated vector of NULL-terminated argv vectors. */
void jutil_strvv_free(char ***v);

/*** Strict JSON reading ***/

/* Where messages go and how they begin: "<file>: <scope>field '<f>': ...". */
struct jv {
	const char *file;  /* shown in every message */
	const char *scope; /* "" or e.g. "language 'c', " */
	char *err;
	size_t errlen;
};

/* Parses a whole file's bytes (buf[len] must be NUL) as one JSON value after
 * refusing NUL bytes, invalid UTF-8 and "\u0000" escapes. Caller frees the
 * result with cJSON_Delete(). NULL on error (message in v). */
cJSON *jv_parse(const struct jv *v, const char *buf, size_t len);

/* "<file>: <scope>field '<field>': <fmt>[, got <value>]"; returns -1.
 * got may be NULL. */
int jv_fail(const struct jv *v, const char *field, const cJSON *got, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes "<parent>.<key>" (key escaped) or just key when parent is empty. */
void jv_field(char *buf, size_t len, const char *parent, const char *key);
/* Writes "<parent>[i]". */
void jv_index(char *buf, size_t len, const char *parent, size_t i);
/* Describes a value for a message: "\"fast\"", "1.5", "true", "an array". */
void jv_describe(char *buf, size_t len, const cJSON *item);

/* Checks that obj (named field; "" for the top level) is an object whose keys
 * are all in allowed (NULL-terminated; NULL allows any key) and unique. */
int jv_object(const struct jv *v, const cJSON *obj, const char *field, const char *const *allowed);

enum {
	JV_NONEMPTY = 1, /* strings: not ""; arrays: at least one element */
	JV_ONELINE = 2,  /* strings: no control characters */
};
/* Copies a string value. */
int jv_string(const struct jv *v, const cJSON *item, const char *field, int flags, char **out);
/* An integer (a JSON number with no fraction) in [min, max]. */
int jv_long(const struct jv *v, const cJSON *item, const char *field, long min, long max,
            long *out);
/* A finite number in [min, max] (min excluded when min_open). */
int jv_double(const struct jv *v, const cJSON *item, const char *field, double min, int min_open,
              double max, double *out);
int jv_bool(const struct jv *v, const cJSON *item, const char *field, int *out);
/* An array of strings, copied into a NULL-terminated vector. flags apply to
 * the array (JV_NONEMPTY) and to each string (JV_NONEMPTY, JV_ONELINE) as
 * given by elem_flags. Caller frees with judge_strv_free(). */
int jv_strv(const struct jv *v, const cJSON *item, const char *field, int flags, int elem_flags,
            char ***out);
/* "an error if missing": reports field as required. */
int jv_missing(const struct jv *v, const char *field);

#endif /* JUDGE_UTIL_H */

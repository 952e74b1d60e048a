/* webint.h -- internal interfaces of the web/ module (not installed, not public).
 *
 * The module is split by concern:
 *   buf.c      growable output buffer, JSON escaping, strict JSON checking and
 *              canonical re-serialisation of parsed documents
 *   db.c       the SQLite store: schema migrations, one connection per thread,
 *              cached statements, the process-wide write lock
 *   problems.c the problem cache (loaded once through the judge core, rendered
 *              to JSON once)
 *   token.c    the bearer token file and constant-time comparison
 *   static.c   static files of the browser UI
 *   api.c      the JSON API handlers
 *   server.c   libmicrohttpd glue: request state, body caps, routing, responses
 * Ownership is stated above each prototype, as in web.h.
 */
#ifndef WEB_WEBINT_H
#define WEB_WEBINT_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#include <cjson/cJSON.h>

#include "web/web.h"
#include "judge/judge.h"

/*** buf.c: output buffer ***/

/* A growable byte buffer. Allocation failure is sticky (oom = 1) so callers
 * append without checking and test once at the end. */
struct wbuf {
	char *p;
	size_t len, cap;
	int oom;
};

void wbuf_init(struct wbuf *b);
/* Frees the storage; the buffer can be reused after wbuf_init(). */
void wbuf_free(struct wbuf *b);
void wbuf_reserve(struct wbuf *b, size_t extra);
void wbuf_put(struct wbuf *b, const void *data, size_t len);
void wbuf_puts(struct wbuf *b, const char *s);
void wbuf_putc(struct wbuf *b, char c);
void wbuf_printf(struct wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wbuf_int(struct wbuf *b, long long v);
/* A JSON number: integers without a fraction, others with round-trip precision. */
void wbuf_number(struct wbuf *b, double v);
/* A quoted JSON string. Escapes '<', '>', '&', U+2028 and U+2029 besides the
 * mandatory characters, so JSON embedded in HTML can never close a <script>. */
void wbuf_str(struct wbuf *b, const char *s, size_t len);
void wbuf_cstr(struct wbuf *b, const char *s);
/* wbuf_cstr(), or null for NULL. */
void wbuf_cstr_or_null(struct wbuf *b, const char *s);
/* Gives the storage to the caller (free() it) and resets the buffer. NULL
 * after an allocation failure (and the storage is freed). */
char *wbuf_take(struct wbuf *b, size_t *len);

/* Checks that data[0..len) is one strict RFC 8259 JSON text in UTF-8: no
 * trailing garbage, no control characters in strings, no "\u0000", no lone
 * surrogates, nesting at most `max_depth`. Returns 0, or -1 with a reason
 * naming the byte offset. cJSON is lenient on several of these. */
int web_json_check(const char *data, size_t len, int max_depth, char *err, size_t errlen);
/* Replaces every byte that is not part of valid UTF-8 with '?'. */
void web_utf8_scrub(char *s);
/* Serialises a parsed document compactly with wbuf_str() escaping. Borrows. */
void web_json_write(struct wbuf *b, const cJSON *item);

/*** db.c: the store ***/

struct web_store;
struct web_conn;

/* Opens (creating if needed) and migrates the database at path. Caller frees
 * with web_store_close(). */
int web_store_open(const char *path, struct web_store **out, char *err, size_t errlen);
/* Closes every connection, checkpoints the WAL. NULL is fine. */
void web_store_close(struct web_store *s);
/* The calling thread's connection, opened on first use and closed when the
 * thread exits or the store closes. Borrowed; NULL on error (message in err). */
struct web_conn *web_store_conn(struct web_store *s, char *err, size_t errlen);

enum { WEB_DB_OK = 0, WEB_DB_NOT_FOUND = 1, WEB_DB_CONFLICT = 2, WEB_DB_DUPLICATE = 3 };

/* A finished result to store, with its summary columns. Every pointer is
 * borrowed for the duration of the call. */
struct web_result_row {
	const char *problem, *language, *mode, *verdict, *key;
	long long time_ms, memory_kb, passed, total;
	const char *source; /* NULL when the result carries none */
	size_t source_len;
	const char *json; /* canonical result JSON */
	size_t json_len;
};

struct web_list_filter {
	const char *problem, *language, *verdict, *status; /* NULL: any */
	long long before;                                  /* ids below this */
	int limit;
};

int web_db_insert_submission(struct web_conn *c, const char *problem, const char *language,
                             const char *mode, const char *source, size_t source_len, long long *id,
                             char *err, size_t errlen);
/* Inserts a CLI result; *dup = 1 and *id = the stored row when the key exists. */
int web_db_insert_result(struct web_conn *c, const struct web_result_row *r, long long *id,
                         int *dup, char *err, size_t errlen);
/* Appends {"submissions":[...],"next_before":N|null} to out. */
int web_db_list(struct web_conn *c, const struct web_list_filter *f, struct wbuf *out, char *err,
                size_t errlen);
/* Appends the submission document; WEB_DB_NOT_FOUND when absent. */
int web_db_get(struct web_conn *c, long long id, struct wbuf *out, char *err, size_t errlen);
/* Requeues expired leases, then claims the oldest queued submission and
 * appends {"job":{...}}; WEB_DB_NOT_FOUND when the queue is empty. */
int web_db_claim(struct web_conn *c, const char *worker, long long lease_ms, struct wbuf *out,
                 char *err, size_t errlen);
/* Problem, language and mode of a submission: WEB_DB_OK or WEB_DB_NOT_FOUND. */
int web_db_job_info(struct web_conn *c, long long id, char problem[128], char language[64],
                    char mode[16], char *err, size_t errlen);
/* Extends a held lease: WEB_DB_OK, WEB_DB_NOT_FOUND (no such job) or
 * WEB_DB_CONFLICT (lease not held). *expires_ms gets the new expiry. */
int web_db_heartbeat(struct web_conn *c, long long id, const char *lease, long long *expires_ms,
                     char *err, size_t errlen);
/* Finishes a job: with r (status done) or with failure message (status
 * failed). WEB_DB_OK, WEB_DB_DUPLICATE (this very result was already stored),
 * WEB_DB_NOT_FOUND, or WEB_DB_CONFLICT (lease lost, or key used elsewhere). */
int web_db_finish_job(struct web_conn *c, long long id, const char *lease,
                      const struct web_result_row *r, const char *failure, char *err,
                      size_t errlen);
/* Returns the queued/running jobs whose lease expired to the queue. */
int web_db_requeue_expired(struct web_conn *c, int *requeued, char *err, size_t errlen);
int web_db_counts(struct web_conn *c, long long *queued, long long *running, char *err,
                  size_t errlen);
/* Best verdict of a problem's judged "submit" submissions: "AC" if any, else
 * the latest; out[0] = 0 when none. */
int web_db_best_verdict(struct web_conn *c, const char *problem, char out[8], char *err,
                        size_t errlen);

/* Milliseconds since the epoch (CLOCK_REALTIME). */
long long web_now_ms(void);
/* "2026-11-25T06:40:12Z" for a time in ms. */
void web_iso_time(long long ms, char out[32]);
/* n random bytes as 2n lowercase hex digits + NUL; 0 or -1 (errno set). */
int web_random_hex(char *out, size_t nbytes);

/*** problems.c: the problem cache ***/

struct web_problem {
	char *id;
	struct judge_problem *p; /* owned */
	char *summary;           /* {"id":..,"title":..,...,"best_verdict": (open) */
	size_t summary_len;
	char *doc; /* the GET /api/problems/{id} document */
	size_t doc_len;
};

struct web_problems {
	struct web_problem *v; /* sorted by id */
	size_t n;
};

/* Loads every package under root. A package that fails to load is skipped and
 * reported through log. Borrows langs (which must outlive the result). Caller
 * frees with web_problems_free(). */
int web_problems_load(const char *root, const struct judge_langs *langs, web_log_fn log,
                      void *log_ctx, struct web_problems **out, char *err, size_t errlen);
void web_problems_free(struct web_problems *ps);
/* Borrowed element, or NULL. */
const struct web_problem *web_problems_find(const struct web_problems *ps, const char *id);

/*** token.c ***/

/* 1 when the two byte strings are equal; time depends only on the length of
 * `secret`. */
int web_token_match(const char *given, size_t given_len, const char *secret, size_t secret_len);

/*** server.c / api.c / static.c: request handling ***/

struct web_server {
	struct web_config cfg; /* strings below are owned copies */
	struct MHD_Daemon *mhd;
	struct web_store *store;
	struct judge_langs *langs;
	struct web_problems *problems;
	char *token;
	size_t token_len;
	char *ui_root; /* realpath of the UI directory, or NULL */
	unsigned short port;
};

/* The response a handler produces. body is owned (malloc) unless `persistent`. */
struct web_resp {
	unsigned status;
	const char *content_type;
	char *body;
	size_t len;
	int persistent; /* body points at long-lived memory, not freed */
	int fd;         /* >= 0: send this file (len bytes), owned */
	const char *cache_control;
	char etag[64];
	const char *allow; /* Allow header for 405 */
};

/* What the router knows about a request when its handler runs. */
struct web_req {
	int route;            /* enum in api.c */
	long long path_id;    /* {id} for numeric routes */
	const char *path_arg; /* {id} for problems: points into the url (MHD-owned) */
	struct MHD_Connection *conn;
	const char *url;
	const char *body;
	size_t body_len;
};

/* Sets r to a JSON error document. fmt describes the problem for a human. */
void web_error(struct web_resp *r, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Hands a filled wbuf to r as a JSON body (500 on allocation failure). */
void web_json_resp(struct web_resp *r, unsigned status, struct wbuf *b);

/* API routing: resolves method + url to a route. Returns the route (> 0), or
 * 0 with r filled with an error (404/405). Sets *body_cap to the route's
 * request-body limit and *needs_auth. */
int web_api_route(const char *method, const char *url, struct web_req *q, size_t *body_cap,
                  int *needs_auth, struct web_resp *r);
void web_api_handle(struct web_server *s, struct web_req *q, struct web_resp *r);

/* Serves a static file (GET/HEAD) from the UI root. */
void web_static_handle(struct web_server *s, struct MHD_Connection *conn, const char *url,
                       struct web_resp *r);

void web_logf(const struct web_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define WEB_MAX_SUBMISSION_BODY (1u << 20)
#define WEB_MAX_RESULT_BODY     (8u << 20)
#define WEB_MAX_SMALL_BODY      (64u << 10)
#define WEB_MAX_SOURCE          (1u << 20)
#define WEB_JSON_MAX_DEPTH      64

#endif /* WEB_WEBINT_H */

/* web.h -- judge-web: the HTTP server, SQLite store and job queue.
 *
 * The one public header of the web/ module (prefix web_). Library code: no
 * function here exits or prints; messages go to a caller-supplied buffer
 * `err` of `errlen` bytes, or to the optional log callback of the config.
 *
 * Usage:
 *	struct web_config cfg;
 *	web_config_init(&cfg);
 *	cfg.db_path = ...; cfg.problems_dir = ...; cfg.token = ...;
 *	web_server_start(&cfg, &srv, err, sizeof err);
 *	... web_server_port(srv) ...
 *	while (running) { wait a little; web_server_tick(srv); }
 *	web_server_stop(srv);
 *
 * Theory of operation: libmicrohttpd runs an internal epoll thread pool;
 * every pool thread owns one SQLite connection (WAL) with its prepared
 * statements; writes take one process-wide mutex and commit before the answer
 * is sent, so an acknowledged write survives a crash of the process. Problems
 * are loaded once at start and kept rendered as JSON. See docs/api.md.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stddef.h>

#define WEB_VERSION "0.1.0"

/* Receives one line (no newline) for the operator. */
typedef void (*web_log_fn)(void *ctx, const char *msg);

struct web_config {
	const char *listen_host;  /* numeric IPv4 or IPv6 address; default "127.0.0.1" */
	unsigned short port;      /* 0: an ephemeral port */
	const char *db_path;      /* SQLite file; required */
	const char *problems_dir; /* root of the problem packages; required */
	const char *languages;    /* languages.json; required */
	const char *ui_dir;       /* static files; NULL or missing: a "not built" page */
	const char *token;        /* bearer token for writes of verdicts; required */
	unsigned threads;         /* HTTP pool threads; 0: one per online CPU */
	unsigned conn_timeout_s;  /* idle connection timeout; default 30 */
	unsigned default_lease_s; /* lease of a claim that names none; default 60 */
	web_log_fn log;           /* may be NULL */
	void *log_ctx;
};

/* Fills in the defaults. */
void web_config_init(struct web_config *cfg);

struct web_server;

/* Loads languages and problems, opens and migrates the database, starts
 * listening. Copies what it needs from cfg. Caller frees *out with
 * web_server_stop(). */
int web_server_start(const struct web_config *cfg, struct web_server **out, char *err,
                     size_t errlen);
/* The port actually bound. */
unsigned short web_server_port(const struct web_server *s);
/* The UI directory served (resolved), or NULL when the "not built" page is
 * served instead. Borrowed. */
const char *web_server_ui_root(const struct web_server *s);
/* Periodic housekeeping from the owner's thread (about once a second):
 * returns jobs whose lease expired to the queue. 0 or -1 (err). */
int web_server_tick(struct web_server *s, char *err, size_t errlen);
/* Stops accepting, waits for requests in flight, closes the database
 * (checkpointing the WAL) and frees everything. NULL is fine. */
void web_server_stop(struct web_server *s);

/* Reads the token at path, or creates it (32 random bytes as 64 hex digits,
 * mode 0600, parent directories 0700) when the file does not exist.
 * *created tells which. Caller frees *token with free(). */
int web_token_load_or_create(const char *path, char **token, int *created, char *err,
                             size_t errlen);

#endif /* WEB_WEB_H */

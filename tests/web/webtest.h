/* webtest.h -- helpers for the judge-web API tests: start a real judge-web on
 * 127.0.0.1 port 0 with a temporary database, and talk to it with libcurl. */
#ifndef TESTS_WEB_WEBTEST_H
#define TESTS_WEB_WEBTEST_H

#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

struct srv {
	pid_t pid;
	unsigned port;
	char dir[256];   /* temporary directory: db, token, ui, ... */
	char token[256]; /* contents of the token file */
	char extra[8][512];
	int nextra;
};

struct resp {
	long status; /* HTTP status, or 0 when the transfer failed */
	char *body;  /* NUL-terminated */
	size_t len;
	char *headers; /* raw response headers, NUL-terminated */
	cJSON *json;   /* parsed body, or NULL */
};

/* Makes a temporary directory and starts judge-web on it. Extra arguments
 * (NULL-terminated) are added to the command line. Aborts the test on error. */
void srv_start(struct srv *s, ...);
/* Starts the server again on the same directory (database, token). */
void srv_restart(struct srv *s);
/* Sends sig and waits; returns the wait status. */
int srv_signal(struct srv *s, int sig);
/* Kills (if running) and removes the directory. */
void srv_stop(struct srv *s);

/* One HTTP request. method "GET", "POST", ...; ctype and token may be NULL;
 * extra_header may be NULL. Caller frees with resp_free(). */
struct resp *http(struct srv *s, const char *method, const char *path, const char *ctype,
                  const char *body, size_t len, const char *token, const char *extra_header);
struct resp *get(struct srv *s, const char *path);
/* POST of a JSON text with Content-Type: application/json. */
struct resp *post_json(struct srv *s, const char *path, const char *json, const char *token);
void resp_free(struct resp *r);
/* The value of a response header (case-insensitive name) in buf, or NULL. */
const char *resp_header(const struct resp *r, const char *name, char *buf, size_t len);

/* A valid result document as JSON text (caller frees). key: 32 hex digits. */
char *make_result(const char *key, const char *problem, const char *language, const char *verdict,
                  const char *mode, int passed, int total);
/* A fresh random 32-hex-digit key. */
void make_key(char out[33]);

/* JSON helpers on parsed bodies. */
long long jint(const cJSON *o, const char *name);
const char *jstr(const cJSON *o, const char *name);

#endif

/* server.c -- libmicrohttpd glue: request lifecycle, limits, responses.
 *
 * libmicrohttpd calls the access handler once when the headers are in, once
 * per body chunk and once at the end. A response is queued only on the last
 * call: queueing on the first one makes libmicrohttpd close the connection
 * (measured: keep-alive lost, 6x slower). The exception is a request that is
 * refused for its headers alone and announces a body we do not want (too
 * large, wrong type, no token): answering at once spares reading the body,
 * and closing that connection is what we want anyway.
 *
 * Limits: request line + headers must fit the per-connection memory
 * (32 KiB, libmicrohttpd's default; it answers 431/414 itself; the pool is
 * zeroed between requests, so a bigger one costs time on every request), bodies are capped per
 * route (413), idle connections time out (30 s by default; libmicrohttpd's default is never), and
 * the number of connections is bounded.
 */
#include "web/webint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

/* A body bigger than its cap is read and dropped up to this much (so the
 * client reads our 413); past it the connection is closed. */
#define DISCARD_MAX (64u << 20)

static const char csp[] = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data:; font-src 'self'";

/* Per-request state, owned by libmicrohttpd's *req_cls slot and freed by
 * on_completed(). */
struct req_state {
	int is_api;
	int has_early;         /* `early` holds the answer; the body is dropped */
	struct web_resp early; /* refusal decided from the headers */
	struct web_req q;
	size_t cap;
	size_t discarded;
	int too_big;
	struct wbuf body;
};

void web_logf(const struct web_server *s, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (!s->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->cfg.log(s->cfg.log_ctx, line);
}

static void resp_init(struct web_resp *r)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

static void resp_clear(struct web_resp *r)
{
	if (!r->persistent)
		free(r->body);
	if (r->fd >= 0)
		close(r->fd);
	resp_init(r);
}

void web_json_resp(struct web_resp *r, unsigned status, struct wbuf *b)
{
	size_t len;
	char *body = wbuf_take(b, &len);

	resp_clear(r);
	if (!body) {
		web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
		return;
	}
	r->status = status;
	r->content_type = "application/json";
	r->body = body;
	r->len = len;
}

static const char oom_error[] =
    "{\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"out of memory\"}}";

void web_error(struct web_resp *r, unsigned status, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	struct wbuf b;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	resp_clear(r);
	wbuf_init(&b);
	wbuf_puts(&b, "{\"error\":{\"status\":");
	wbuf_int(&b, status);
	wbuf_puts(&b, ",\"code\":");
	wbuf_cstr(&b, code);
	wbuf_puts(&b, ",\"message\":");
	/* A message may quote client input: wbuf_str() escapes it, and the
	 * scrub keeps it valid UTF-8 (it may have been cut mid-sequence). */
	web_utf8_scrub(msg);
	wbuf_cstr(&b, msg);
	wbuf_puts(&b, "}}");
	r->status = status;
	r->content_type = "application/json";
	r->body = wbuf_take(&b, &r->len);
	if (!r->body) {
		r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		r->body = (char *)oom_error;
		r->len = sizeof oom_error - 1;
		r->persistent = 1;
	}
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *r, int is_api)
{
	struct MHD_Response *m;
	enum MHD_Result ret;

	if (r->fd >= 0) {
		m = MHD_create_response_from_fd((uint64_t)r->len, r->fd);
		if (m)
			r->fd = -1; /* owned by the response now */
	} else if (r->persistent || !r->body) {
		m = MHD_create_response_from_buffer(r->len, r->body ? r->body : (char *)"",
		                                    MHD_RESPMEM_PERSISTENT);
	} else {
		m = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		if (m)
			r->body = NULL; /* owned by the response now */
	}
	if (!m)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "Content-Security-Policy", csp);
	MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        r->cache_control ? r->cache_control
	                                         : (is_api ? "no-store" : "no-cache"));
	if (r->etag[0])
		MHD_add_response_header(m, MHD_HTTP_HEADER_ETAG, r->etag);
	if (r->allow)
		MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, r->allow);
	ret = MHD_queue_response(c, r->status ? r->status : MHD_HTTP_INTERNAL_SERVER_ERROR, m);
	MHD_destroy_response(m);
	return ret;
}

/* 1 when the Content-Type names JSON (parameters such as charset allowed). */
static int is_json_type(const char *ct)
{
	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	ct += 16;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static int authorized(const struct web_server *s, struct MHD_Connection *c)
{
	const char *h =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	size_t n = strlen(h);
	while (n > 0 && h[n - 1] == ' ')
		n--;
	return web_token_match(h, n, s->token, s->token_len);
}

/* Content-Length as a number; -1 when absent, -2 when malformed. */
static long long content_length(struct MHD_Connection *c)
{
	const char *v =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!v)
		return -1;
	long long n = 0;
	if (!*v)
		return -2;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > (1LL << 50))
			return -2;
		n = n * 10 + (*v - '0');
	}
	return n;
}

static int has_body(struct MHD_Connection *c)
{
	long long n = content_length(c);
	if (n > 0)
		return 1;
	const char *te =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te != NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
	struct web_server *s = cls;
	struct req_state *st = *req_cls;
	(void)version;

	if (!st) {
		/* First call: headers only. Decide what we can, answer later. */
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		resp_init(&st->early);
		wbuf_init(&st->body);
		st->q.conn = c;
		st->q.url = url;
		st->cap = WEB_MAX_SMALL_BODY;
		*req_cls = st;
		int is_post = !strcmp(method, MHD_HTTP_METHOD_POST);
		if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) {
			int needs_auth = 0;
			st->is_api = 1;
			st->q.route =
			    web_api_route(method, url, &st->q, &st->cap, &needs_auth, &st->early);
			if (!st->q.route) {
				st->has_early = 1;
			} else if (is_post &&
			           !is_json_type(MHD_lookup_connection_value(
			               c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE))) {
				web_error(&st->early, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
				          "unsupported_media_type",
				          "the body must be Content-Type: application/json");
				st->has_early = 1;
			} else if (needs_auth && !authorized(s, c)) {
				web_error(&st->early, MHD_HTTP_UNAUTHORIZED, "unauthorized",
				          "missing or wrong bearer token");
				st->has_early = 1;
			}
		} else if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		           strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
			web_error(&st->early, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
			          "only GET and HEAD are allowed here");
			st->early.allow = "GET, HEAD";
			st->has_early = 1;
		}
		long long cl = content_length(c);
		if (cl == -2) {
			web_error(&st->early, MHD_HTTP_BAD_REQUEST, "bad_request",
			          "malformed Content-Length");
			return send_resp(c, &st->early, 1);
		}
		if (cl > 0 && cl <= (long long)st->cap && !st->has_early)
			wbuf_reserve(&st->body, (size_t)cl); /* one allocation for the body */
		if (cl > (long long)st->cap && !st->has_early) {
			web_error(&st->early, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
			          "the body exceeds %zu bytes", st->cap);
			st->has_early = 1;
		}
		/* A refused request that announces a body: answer now, do not
		 * read it (libmicrohttpd then closes the connection). */
		if (st->has_early && has_body(c))
			return send_resp(c, &st->early, st->is_api);
		return MHD_YES;
	}

	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (st->has_early || st->too_big) {
			st->discarded += n;
			return st->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
		}
		if (st->body.len + n > st->cap) {
			st->too_big = 1;
			st->discarded = st->body.len + n;
			wbuf_free(&st->body);
			return MHD_YES;
		}
		wbuf_put(&st->body, upload_data, n);
		if (st->body.oom) {
			st->too_big = 1;
			wbuf_free(&st->body);
		}
		return MHD_YES;
	}

	/* Last call: the whole request is in. */
	if (st->has_early)
		return send_resp(c, &st->early, st->is_api);
	if (st->too_big) {
		web_error(&st->early, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
		          "the body exceeds %zu bytes", st->cap);
		return send_resp(c, &st->early, st->is_api);
	}
	struct web_resp r;
	resp_init(&r);
	if (st->is_api) {
		st->q.body = st->body.p ? st->body.p : "";
		st->q.body_len = st->body.len;
		web_api_handle(s, &st->q, &r);
	} else {
		web_static_handle(s, c, url, &r);
	}
	enum MHD_Result ret = send_resp(c, &r, st->is_api);
	resp_clear(&r);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct req_state *st = *req_cls;
	(void)cls;
	(void)c;
	(void)toe;

	if (!st)
		return;
	resp_clear(&st->early);
	wbuf_free(&st->body);
	free(st);
	*req_cls = NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding of the path and query values, in place. "%00" stays
 * encoded: decoding it would cut the C string and make "/index.html%00.js"
 * read as "/index.html". */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	(void)cls;
	(void)c;

	for (const char *r = s; *r;) {
		int hi, lo;
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
		    (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct web_server *s = cls;
	char line[1024];

	if (!s->cfg.log)
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	s->cfg.log(s->cfg.log_ctx, line);
}

void web_config_init(struct web_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->listen_host = "127.0.0.1";
	cfg->port = 8080;
	cfg->conn_timeout_s = 30;
	cfg->default_lease_s = 60;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int copy_config(struct web_server *s, const struct web_config *cfg, char *err, size_t errlen)
{
	s->cfg = *cfg;
	s->cfg.listen_host = dup_or_null(cfg->listen_host ? cfg->listen_host : "127.0.0.1");
	s->cfg.db_path = dup_or_null(cfg->db_path);
	s->cfg.problems_dir = dup_or_null(cfg->problems_dir);
	s->cfg.languages = dup_or_null(cfg->languages);
	s->cfg.ui_dir = dup_or_null(cfg->ui_dir);
	s->cfg.token = NULL; /* kept in s->token */
	if (s->cfg.default_lease_s < 1 || s->cfg.default_lease_s > 600)
		s->cfg.default_lease_s = 60;
	if (!s->cfg.listen_host || (cfg->db_path && !s->cfg.db_path) ||
	    (cfg->problems_dir && !s->cfg.problems_dir) || (cfg->languages && !s->cfg.languages) ||
	    (cfg->ui_dir && !s->cfg.ui_dir)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static void free_config(struct web_config *c)
{
	free((char *)c->listen_host);
	free((char *)c->db_path);
	free((char *)c->problems_dir);
	free((char *)c->languages);
	free((char *)c->ui_dir);
}

/* The UI root: realpath of ui_dir when it holds index.html, else NULL. */
static char *find_ui(const char *dir)
{
	char path[4096], *real;
	struct stat st;

	if (!dir)
		return NULL;
	snprintf(path, sizeof path, "%s/index.html", dir);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	real = realpath(dir, NULL);
	return real;
}

int web_server_start(const struct web_config *cfg, struct web_server **out, char *err,
                     size_t errlen)
{
	struct web_server *s = calloc(1, sizeof *s);
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	const struct sockaddr *addr;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (copy_config(s, cfg, err, errlen))
		goto fail;
	if (!cfg->db_path || !cfg->problems_dir || !cfg->languages || !cfg->token || !*cfg->token) {
		snprintf(err, errlen, "db_path, problems_dir, languages and token are required");
		goto fail;
	}
	if (!(s->token = strdup(cfg->token))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	s->token_len = strlen(s->token);

	memset(&a4, 0, sizeof a4);
	memset(&a6, 0, sizeof a6);
	if (inet_pton(AF_INET, s->cfg.listen_host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons(cfg->port);
		addr = (const struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, s->cfg.listen_host, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons(cfg->port);
		addr = (const struct sockaddr *)&a6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen address %s: not a numeric IPv4 or IPv6 address",
		         s->cfg.listen_host);
		goto fail;
	}

	if (judge_langs_load(s->cfg.languages, &s->langs, err, errlen))
		goto fail;
	if (web_problems_load(s->cfg.problems_dir, s->langs, cfg->log, cfg->log_ctx, &s->problems,
	                      err, errlen))
		goto fail;
	if (web_store_open(s->cfg.db_path, &s->store, err, errlen))
		goto fail;
	s->ui_root = find_ui(s->cfg.ui_dir);

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads ? cfg->threads : (unsigned)(ncpu > 0 ? ncpu : 2);
	if (threads > 64)
		threads = 64;
	s->mhd = MHD_start_daemon(
	    flags, cfg->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
	    MHD_OPTION_SOCK_ADDR, addr, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)(cfg->conn_timeout_s ? cfg->conn_timeout_s : 30), MHD_OPTION_CONNECTION_LIMIT,
	    1000u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32u << 10),
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 511u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_END);
	if (!s->mhd) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", s->cfg.listen_host,
		         (unsigned)cfg->port, strerror(errno));
		goto fail;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	*out = s;
	return 0;
fail:
	web_server_stop(s);
	return -1;
}

unsigned short web_server_port(const struct web_server *s)
{
	return s->port;
}

const char *web_server_ui_root(const struct web_server *s)
{
	return s->ui_root;
}

int web_server_tick(struct web_server *s, char *err, size_t errlen)
{
	struct web_conn *c = web_store_conn(s->store, err, errlen);
	int n = 0;

	if (!c)
		return -1;
	if (web_db_requeue_expired(c, &n, err, errlen))
		return -1;
	if (n > 0)
		web_logf(s, "%d job(s) whose lease expired went back to the queue", n);
	return 0;
}

void web_server_stop(struct web_server *s)
{
	if (!s)
		return;
	if (s->mhd)
		MHD_stop_daemon(s->mhd); /* joins the pool threads */
	web_store_close(s->store);
	web_problems_free(s->problems);
	judge_langs_free(s->langs);
	free(s->ui_root);
	free(s->token);
	free_config(&s->cfg);
	free(s);
}

/* post.c -- HTTP for `judge submit --post` and `judge worker`: a JSON POST
 * with a bearer token and an idempotency key, retried with exponential
 * backoff (0.5 s, 1 s, 2 s, ...) on connection errors and 5xx answers. The
 * server dedups by the result's key, so a retry after a lost reply is safe. */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPLY_MAX (4u << 20)

struct sink {
	char *buf;
	size_t len, cap;
	int overflow;
};

static size_t collect(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;

	if (s->len + n + 1 > REPLY_MAX) {
		s->overflow = 1;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n + 1)
			cap *= 2;
		char *grown = realloc(s->buf, cap);
		if (!grown)
			return 0;
		s->buf = grown;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

/* Errors worth a retry: the server may come back. */
static int transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		return 1;
	default:
		return 0;
	}
}

static void backoff_sleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* One attempt. Returns the curl code; fills reply on CURLE_OK. */
static CURLcode post_once(const struct http_request *rq, struct curl_slist *headers,
                          struct http_reply *reply, char *curl_err)
{
	CURL *h = curl_easy_init();
	struct sink s = {0};
	CURLcode rc;

	if (!h)
		return CURLE_OUT_OF_MEMORY;
	curl_err[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(rq->body));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, rq->timeout_s > 0 ? rq->timeout_s : 30L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "judge");
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply->status);
		reply->body = s.buf ? s.buf : strdup("");
		reply->len = s.len;
		s.buf = NULL;
	} else if (s.overflow) {
		snprintf(curl_err, CURL_ERROR_SIZE, "reply larger than %u bytes", REPLY_MAX);
	}
	free(s.buf);
	curl_easy_cleanup(h);
	return rc;
}

int http_post_json(const struct http_request *rq, struct http_reply *reply, char *err,
                   size_t errlen)
{
	struct curl_slist *headers = NULL, *more;
	char line[512], curl_err[CURL_ERROR_SIZE];
	int tries = rq->tries > 0 ? rq->tries : 1, rc = -1;
	long delay_ms = 500;

	memset(reply, 0, sizeof *reply);
	if ((rq->token && (has_ctl(rq->token) || strlen(rq->token) > 400)) ||
	    (rq->idempotency_key &&
	     (has_ctl(rq->idempotency_key) || strlen(rq->idempotency_key) > 200))) {
		snprintf(err, errlen, "the token or key holds control characters or is too long");
		return -1;
	}
	const char *fixed[] = {"Content-Type: application/json", "Accept: application/json",
	                       "Expect:"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		more = curl_slist_append(headers, fixed[i]);
		if (!more)
			goto oom;
		headers = more;
	}
	if (rq->token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", rq->token);
		if (!(more = curl_slist_append(headers, line)))
			goto oom;
		headers = more;
	}
	if (rq->idempotency_key) {
		snprintf(line, sizeof line, "Idempotency-Key: %s", rq->idempotency_key);
		if (!(more = curl_slist_append(headers, line)))
			goto oom;
		headers = more;
	}
	for (int attempt = 1;; attempt++) {
		CURLcode cc = post_once(rq, headers, reply, curl_err);
		int last = attempt >= tries;

		if (cc == CURLE_OK && (reply->status < 500 || last)) {
			rc = 0;
			break;
		}
		if (cc != CURLE_OK) {
			snprintf(err, errlen, "%s",
			         curl_err[0] ? curl_err : curl_easy_strerror(cc));
			if (!transient(cc) || last)
				break;
		} else {
			free(reply->body);
			memset(reply, 0, sizeof *reply);
		}
		backoff_sleep(delay_ms);
		delay_ms *= 2;
	}
	curl_slist_free_all(headers);
	return rc;
oom:
	curl_slist_free_all(headers);
	snprintf(err, errlen, "out of memory");
	return -1;
}

char *http_join(const char *base, const char *path)
{
	size_t bl = strlen(base);
	char *out;

	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	while (*path == '/')
		path++;
	out = malloc(bl + strlen(path) + 2);
	if (out)
		sprintf(out, "%.*s/%s", (int)bl, base, path);
	return out;
}

void http_error_text(const struct http_reply *reply, char *buf, size_t len)
{
	cJSON *doc = reply->body ? cJSON_Parse(reply->body) : NULL;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, "error");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");

	if (cJSON_IsString(m))
		snprintf(buf, len, "%s", m->valuestring);
	else
		snprintf(buf, len, "%.120s", reply->body ? reply->body : "");
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	cJSON_Delete(doc);
}

int token_read(const char *path, char **out, char *err, size_t errlen)
{
	char *buf = NULL, e[512];
	size_t len = 0, start = 0;

	*out = NULL;
	if (judge_read_file(path, 4096, &buf, &len, e, sizeof e) < 0) {
		snprintf(err, errlen, "%s", e);
		return -1;
	}
	while (start < len && isspace((unsigned char)buf[start]))
		start++;
	while (len > start && isspace((unsigned char)buf[len - 1]))
		len--;
	buf[len] = '\0';
	if (len == start || has_ctl(buf + start) || strchr(buf + start, ' ')) {
		snprintf(err, errlen, "%s: not a token (one line, no spaces)", path);
		free(buf);
		return -1;
	}
	memmove(buf, buf + start, len - start + 1);
	*out = buf;
	return 0;
}

/* The results endpoint: URL as given when it already names it, else
 * URL + /api/results (so both the server's address and the endpoint work). */
static char *results_url(const char *url)
{
	static const char suffix[] = "/api/results";
	size_t n = strlen(url), k = sizeof suffix - 1;

	if (n >= k && !strcmp(url + n - k, suffix))
		return strdup(url);
	return http_join(url, suffix);
}

void post_result(struct cli *c, const char *url, const char *token, const cJSON *result)
{
	char err[1024], *owned = NULL, *endpoint = results_url(url), *body = NULL, tpath[4096];
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(result, "key");
	struct http_reply reply = {0};
	struct http_request rq = {0};

	if (!endpoint)
		goto oom;
	if (!token) {
		if (cli_paths(c) < 0)
			goto out;
		snprintf(tpath, sizeof tpath, "%s/token", c->paths.config);
		if (token_read(tpath, &owned, err, sizeof err) < 0) {
			cli_warn("not posted: no token (%s); give --token T; the result is kept "
			         "locally",
			         err);
			goto out;
		}
		token = owned;
	}
	body = cJSON_PrintUnformatted(result);
	if (!body)
		goto oom;
	rq.url = endpoint;
	rq.token = token;
	rq.idempotency_key = cJSON_IsString(key) ? key->valuestring : NULL;
	rq.body = body;
	rq.tries = 4; /* the first and three retries after 0.5 s, 1 s, 2 s */
	if (http_post_json(&rq, &reply, err, sizeof err) < 0) {
		cli_warn("post to %s failed: %s; the result is kept locally", endpoint, err);
		goto out;
	}
	if (reply.status == 200 || reply.status == 201) {
		cJSON *doc = cJSON_Parse(reply.body);
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
		fprintf(stderr, "judge: posted to %s%s", endpoint,
		        reply.status == 200 ? " (already there)" : "");
		if (cJSON_IsNumber(id))
			fprintf(stderr, ": submission %.0f", id->valuedouble);
		fputc('\n', stderr);
		cJSON_Delete(doc);
	} else {
		http_error_text(&reply, err, sizeof err);
		cli_warn("post to %s failed: HTTP %ld: %s; the result is kept locally", endpoint,
		         reply.status, err);
	}
	goto out;
oom:
	cli_warn("post failed: out of memory");
out:
	free(reply.body);
	cJSON_free(body);
	free(owned);
	free(endpoint);
}

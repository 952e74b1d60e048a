/* webtest.c -- see webtest.h. */
#include "webtest.h"

#include <check.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

static void spawn(struct srv *s)
{
	char db[600], tok[600], port_line[512];
	int out[2];
	char *argv[40];
	int n = 0;

	snprintf(db, sizeof db, "%s/web.db", s->dir);
	snprintf(tok, sizeof tok, "%s/token", s->dir);
	argv[n++] = (char *)JUDGE_WEB_BIN;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--db";
	argv[n++] = db;
	argv[n++] = "--problems";
	argv[n++] = (char *)WEB_FIXTURES;
	argv[n++] = "--languages";
	argv[n++] = (char *)WEB_LANGUAGES;
	argv[n++] = "--token-file";
	argv[n++] = tok;
	int has_workers = 0;
	for (int i = 0; i < s->nextra; i++) {
		if (!strcmp(s->extra[i], "--workers"))
			has_workers = 1;
		argv[n++] = s->extra[i];
	}
	if (!has_workers) {
		argv[n++] = "--workers";
		argv[n++] = "0";
	}
	argv[n] = NULL;
	ck_assert_int_eq(pipe(out), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	FILE *f = fdopen(out[0], "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(fgets(port_line, sizeof port_line, f) != NULL, "judge-web printed nothing");
	fclose(f);
	ck_assert_msg(sscanf(port_line, "judge-web: listening on http://127.0.0.1:%u/", &s->port) ==
	                  1,
	              "unexpected first line: %s", port_line);
	s->pid = pid;
	FILE *t = fopen(tok, "r");
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(fgets(s->token, sizeof s->token, t));
	fclose(t);
	s->token[strcspn(s->token, "\n")] = '\0';
}

void srv_start(struct srv *s, ...)
{
	va_list ap;
	const char *a;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/judge-web-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
	va_start(ap, s);
	while ((a = va_arg(ap, const char *)) && s->nextra < 8)
		snprintf(s->extra[s->nextra++], sizeof s->extra[0], "%s", a);
	va_end(ap);
	spawn(s);
}

void srv_restart(struct srv *s)
{
	spawn(s);
}

int srv_signal(struct srv *s, int sig)
{
	int status = -1;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, sig);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	return status;
}

void srv_stop(struct srv *s)
{
	char cmd[600];
	if (s->pid > 0)
		srv_signal(s, SIGKILL);
	if (s->dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", s->dir);
	}
}

struct buf {
	char *p;
	size_t len;
};

static size_t on_data(char *data, size_t size, size_t n, void *cls)
{
	struct buf *b = cls;
	size_t add = size * n;
	char *p = realloc(b->p, b->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, data, add);
	b->p = p;
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

struct resp *http(struct srv *s, const char *method, const char *path, const char *ctype,
                  const char *body, size_t len, const char *token, const char *extra_header)
{
	struct resp *r = calloc(1, sizeof *r);
	struct buf b = {0}, h = {0};
	struct curl_slist *hdrs = NULL;
	char url[2048], line[600];
	CURL *c = curl_easy_init();

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(c);
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", s->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (ctype) {
		snprintf(line, sizeof line, "Content-Type: %s", ctype);
		hdrs = curl_slist_append(hdrs, line);
	} else if (body) {
		hdrs = curl_slist_append(hdrs, "Content-Type:");
	}
	if (token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (extra_header)
		hdrs = curl_slist_append(hdrs, extra_header);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	r->body = b.p ? b.p : strdup("");
	r->len = b.len;
	r->headers = h.p ? h.p : strdup("");
	r->json = cJSON_ParseWithLength(r->body, r->len);
	return r;
}

struct resp *get(struct srv *s, const char *path)
{
	return http(s, "GET", path, NULL, NULL, 0, NULL, NULL);
}

struct resp *post_json(struct srv *s, const char *path, const char *json, const char *token)
{
	return http(s, "POST", path, "application/json", json, strlen(json), token, NULL);
}

void resp_free(struct resp *r)
{
	if (!r)
		return;
	cJSON_Delete(r->json);
	free(r->body);
	free(r->headers);
	free(r);
}

const char *resp_header(const struct resp *r, const char *name, char *buf, size_t len)
{
	size_t nl = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *e = strstr(p, "\r\n");
		if (!e)
			break;
		if ((size_t)(e - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(buf, len, "%.*s", (int)(e - v), v);
			return buf;
		}
		p = e + 2;
	}
	return NULL;
}

void make_key(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[16];
	ck_assert_int_eq(getrandom(raw, sizeof raw, 0), (ssize_t)sizeof raw);
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[32] = '\0';
}

char *make_result(const char *key, const char *problem, const char *language, const char *verdict,
                  const char *mode, int passed, int total)
{
	char *out = NULL;
	int n = asprintf(
	    &out,
	    "{\"schema\":\"judge-result/1\",\"key\":\"%s\",\"mode\":\"%s\",\"problem\":\"%s\","
	    "\"language\":\"%s\",\"submission\":{\"file\":\"sol.c\",\"bytes\":12,\"sha256\":"
	    "\"00\"},\"source\":\"int main(){}\",\"verdict\":\"%s\",\"message\":\"\","
	    "\"compile\":{\"ok\":true,\"log\":\"\",\"time_ms\":40,\"cached\":false},"
	    "\"tests\":[{\"name\":\"sample/1\",\"group\":\"sample\",\"verdict\":\"AC\","
	    "\"time_ms\":2,\"wall_ms\":3,\"memory_kb\":1200,\"exit_code\":0,\"signal\":0,"
	    "\"message\":\"\",\"output\":\"3\\n\"}],"
	    "\"passed\":%d,\"total\":%d,\"time_ms\":12,\"memory_kb\":1400,"
	    "\"isolation\":{\"level\":\"full\",\"namespaces\":[\"pid\"],\"cgroup\":\"v1\","
	    "\"seccomp\":true,\"uid\":60123,\"notes\":[]},\"judge_version\":\"0.1.0\","
	    "\"started_at\":\"2026-11-25T06:40:12Z\",\"finished_at\":\"2026-11-25T06:40:15Z\"}",
	    key, mode, problem, language, verdict, passed, total);
	ck_assert_int_gt(n, 0);
	return out;
}

long long jint(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	ck_assert_msg(cJSON_IsNumber(v), "field %s is not a number", name);
	return (long long)v->valuedouble;
}

const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	ck_assert_msg(cJSON_IsString(v), "field %s is not a string", name);
	return v->valuestring;
}

/* test_web_api.c -- judge-web API, end to end: a real server on 127.0.0.1
 * port 0 with a temporary database and the fixture problems, driven by
 * libcurl. Each test starts its own server (Check forks per test). */
#include "webtest.h"

#include <check.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define JSON "application/json"

static void expect_error(struct resp *r, long status)
{
	ck_assert_msg(r->status == status, "expected %ld, got %ld: %s", status, r->status, r->body);
	if (status == 204)
		return;
	ck_assert_msg(r->json != NULL, "error body is not JSON: %s", r->body);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	ck_assert_msg(cJSON_IsObject(e), "no error object: %s", r->body);
	ck_assert_int_eq(jint(e, "status"), status);
	ck_assert_ptr_nonnull(jstr(e, "code"));
	ck_assert_ptr_nonnull(jstr(e, "message"));
}

static void post_expect(struct srv *s, const char *path, const char *body, const char *token,
                        long status)
{
	struct resp *r = post_json(s, path, body, token);
	expect_error(r, status);
	resp_free(r);
}

static long long create_sub(struct srv *s, const char *problem, const char *lang, const char *mode)
{
	char body[512];
	snprintf(body, sizeof body,
	         "{\"problem\":\"%s\",\"language\":\"%s\",\"source\":\"print(1)\",\"mode\":\"%s\"}",
	         problem, lang, mode);
	struct resp *r = post_json(s, "/api/submissions", body, NULL);
	ck_assert_msg(r->status == 202, "create: %ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "status"), "queued");
	long long id = jint(r->json, "id");
	resp_free(r);
	return id;
}

static long long post_result(struct srv *s, const char *key, const char *verdict, long status)
{
	char *body = make_result(key, "sum-two", "c", verdict, "submit", 1, 1);
	struct resp *r = post_json(s, "/api/results", body, s->token);
	free(body);
	ck_assert_msg(r->status == status, "result: %ld %s", r->status, r->body);
	long long id = jint(r->json, "id");
	resp_free(r);
	return id;
}

/* Number of rows GET /api/submissions returns (all of them, 200 max). */
static int count_rows(struct srv *s)
{
	struct resp *r = get(s, "/api/submissions?limit=200");
	ck_assert_int_eq(r->status, 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r->json, "submissions"));
	resp_free(r);
	return n;
}

static char *claim(struct srv *s, const char *worker, int lease_s, long long *id)
{
	char body[256];
	snprintf(body, sizeof body, "{\"worker\":\"%s\",\"lease_s\":%d}", worker, lease_s);
	struct resp *r = post_json(s, "/api/jobs/claim", body, s->token);
	if (r->status == 204) {
		resp_free(r);
		return NULL;
	}
	ck_assert_msg(r->status == 200, "claim: %ld %s", r->status, r->body);
	const cJSON *job = cJSON_GetObjectItemCaseSensitive(r->json, "job");
	*id = jint(job, "id");
	char *lease = strdup(jstr(job, "lease"));
	resp_free(r);
	return lease;
}

static long job_result(struct srv *s, long long id, const char *lease, const char *key,
                       const char *verdict)
{
	char path[64];
	char *res = make_result(key, "sum-two", "c", verdict, "submit", 1, 1);
	char *body = NULL;
	ck_assert_int_gt(asprintf(&body, "{\"lease\":\"%s\",\"result\":%s}", lease, res), 0);
	snprintf(path, sizeof path, "/api/jobs/%lld/result", id);
	struct resp *r = post_json(s, path, body, s->token);
	long status = r->status;
	resp_free(r);
	free(body);
	free(res);
	return status;
}

/*** Success paths ***/

START_TEST(health)
{
	struct srv s;
	srv_start(&s, NULL);
	struct resp *r = get(&s, "/api/health");
	ck_assert_int_eq(r->status, 200);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "ok")));
	ck_assert_str_eq(jstr(r->json, "version"), "0.1.0");
	ck_assert_int_eq(jint(r->json, "queued"), 0);
	ck_assert_int_eq(jint(r->json, "running"), 0);
	char ct[128];
	ck_assert_str_eq(resp_header(r, "Content-Type", ct, sizeof ct), JSON);
	ck_assert_str_eq(resp_header(r, "X-Content-Type-Options", ct, sizeof ct), "nosniff");
	resp_free(r);
	r = http(&s, "HEAD", "/api/health", NULL, NULL, 0, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(r->len, 0);
	resp_free(r);
	srv_stop(&s);
}
END_TEST

START_TEST(problems_list_and_one)
{
	struct srv s;
	srv_start(&s, NULL);
	struct resp *r = get(&s, "/api/problems");
	ck_assert_int_eq(r->status, 200);
	const cJSON *ps = cJSON_GetObjectItemCaseSensitive(r->json, "problems");
	ck_assert_int_eq(cJSON_GetArraySize(ps), 2);
	const cJSON *p0 = cJSON_GetArrayItem(ps, 0), *p1 = cJSON_GetArrayItem(ps, 1);
	ck_assert_str_eq(jstr(p0, "id"), "pick-one");
	ck_assert_str_eq(jstr(p0, "style"), "harness");
	ck_assert_str_eq(jstr(p1, "id"), "sum-two");
	ck_assert_str_eq(jstr(p1, "difficulty"), "easy");
	ck_assert_str_eq(jstr(p1, "title"), "Sum of two integers");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p1, "tags")), 2);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p1, "best_verdict")));
	resp_free(r);

	r = get(&s, "/api/problems/sum-two");
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "statement"), "Sum of two integers"));
	ck_assert_str_eq(jstr(r->json, "source"), "judge-web test fixture");
	const cJSON *samples = cJSON_GetObjectItemCaseSensitive(r->json, "samples");
	ck_assert_int_eq(cJSON_GetArraySize(samples), 2);
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(samples, 0), "name"), "sample/1");
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(samples, 0), "input"), "1 2\n");
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(samples, 0), "answer"), "3\n");
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(samples, 1), "input"), "-5 7\n");
	/* The statement mentions <script>: escaped on the wire, intact once parsed. */
	ck_assert_ptr_null(strstr(r->body, "<script>"));
	ck_assert_ptr_nonnull(strstr(r->body, "\\u003cscript\\u003e"));
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "statement"), "`<script>`"));
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(r->json, "limits");
	ck_assert_int_eq(jint(lim, "time_ms"), 1000);
	ck_assert_int_eq(jint(lim, "memory_mb"), 64);
	ck_assert_int_eq(jint(cJSON_GetObjectItemCaseSensitive(lim, "time_multipliers"), "python"),
	                 4);
	const cJSON *langs = cJSON_GetObjectItemCaseSensitive(r->json, "languages");
	ck_assert_int_eq(cJSON_GetArraySize(langs), 3);
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(langs, 0), "id"), "c");
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(langs, 0), "name"), "C (gcc 12, C17)");
	const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(r->json, "templates");
	ck_assert_ptr_nonnull(strstr(jstr(tpl, "c"), "scanf"));
	ck_assert_ptr_nonnull(strstr(jstr(tpl, "python"), "input()"));
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(tpl, "cpp"));
	resp_free(r);

	r = get(&s, "/api/problems/pick-one");
	ck_assert_int_eq(r->status, 200);
	langs = cJSON_GetObjectItemCaseSensitive(r->json, "languages");
	ck_assert_int_eq(cJSON_GetArraySize(langs), 2);
	ck_assert_str_eq(jstr(cJSON_GetArrayItem(langs, 1), "id"), "python");
	resp_free(r);

	r = get(&s, "/api/problems/nope");
	expect_error(r, 404);
	resp_free(r);
	r = get(&s, "/api/problems/Sum-Two");
	expect_error(r, 404);
	resp_free(r);

	/* best_verdict: the latest verdict, and AC once there is one. */
	char key[33];
	make_key(key);
	post_result(&s, key, "WA", 201);
	r = get(&s, "/api/problems");
	p1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r->json, "problems"), 1);
	ck_assert_str_eq(jstr(p1, "best_verdict"), "WA");
	resp_free(r);
	make_key(key);
	post_result(&s, key, "AC", 201);
	make_key(key);
	post_result(&s, key, "TLE", 201);
	r = get(&s, "/api/problems");
	p1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r->json, "problems"), 1);
	ck_assert_str_eq(jstr(p1, "best_verdict"), "AC");
	resp_free(r);
	srv_stop(&s);
}
END_TEST

START_TEST(submission_create_and_get)
{
	struct srv s;
	srv_start(&s, NULL);
	const char *src = "int main(void) { return 0; }\n";
	struct resp *r = post_json(&s, "/api/submissions",
	                           "{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"int "
	                           "main(void) { return 0; }\\n\"}",
	                           NULL);
	ck_assert_int_eq(r->status, 202);
	long long id = jint(r->json, "id");
	ck_assert_int_ge(id, 1);
	resp_free(r);
	char path[64];
	snprintf(path, sizeof path, "/api/submissions/%lld", id);
	r = get(&s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "id"), id);
	ck_assert_str_eq(jstr(r->json, "problem"), "sum-two");
	ck_assert_str_eq(jstr(r->json, "language"), "c");
	ck_assert_str_eq(jstr(r->json, "mode"), "submit");
	ck_assert_str_eq(jstr(r->json, "status"), "queued");
	ck_assert_str_eq(jstr(r->json, "origin"), "web");
	ck_assert_str_eq(jstr(r->json, "source"), src);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r->json, "result")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r->json, "verdict")));
	ck_assert_int_eq(strlen(jstr(r->json, "created_at")), 20);
	resp_free(r);
	long long id2 = create_sub(&s, "pick-one", "python", "test");
	ck_assert_int_gt(id2, id);
	snprintf(path, sizeof path, "/api/submissions/%lld", id2);
	r = get(&s, path);
	ck_assert_str_eq(jstr(r->json, "mode"), "test");
	resp_free(r);
	r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "queued"), 2);
	resp_free(r);
	srv_stop(&s);
}
END_TEST

START_TEST(submission_validation)
{
	struct srv s;
	srv_start(&s, NULL);
	static const struct {
		const char *body;
		long status;
	} cases[] = {
	    {"", 400},
	    {"not json", 400},
	    {"[1,2]", 400},
	    {"\"str\"", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"x\"} trailing", 400},
	    {"{\"language\":\"c\",\"source\":\"x\"}", 400},
	    {"{\"problem\":\"sum-two\",\"source\":\"x\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\"}", 400},
	    {"{\"problem\":7,\"language\":\"c\",\"source\":\"x\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":[\"c\"],\"source\":\"x\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":null}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"x\",\"mode\":\"fast\"}",
	     400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"x\",\"mode\":1}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"x\",\"extra\":1}", 400},
	    {"{\"problem\":\"sum-two\",\"problem\":\"pick-one\",\"language\":\"c\",\"source\":"
	     "\"x\"}",
	     400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"a\\u0000b\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"\\ud800\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"\xff\xfe\"}", 400},
	    {"{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"a\tb\"}", 400},
	    {"{\"problem\":\"nope\",\"language\":\"c\",\"source\":\"x\"}", 404},
	    {"{\"problem\":\"../etc\",\"language\":\"c\",\"source\":\"x\"}", 404},
	    {"{\"problem\":\"sum-two\",\"language\":\"rust\",\"source\":\"x\"}", 422},
	    {"{\"problem\":\"pick-one\",\"language\":\"cpp\",\"source\":\"x\"}", 422},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct resp *r = post_json(&s, "/api/submissions", cases[i].body, NULL);
		ck_assert_msg(r->status == cases[i].status,
		              "case %zu (%s): expected %ld, got %ld %s", i, cases[i].body,
		              cases[i].status, r->status, r->body);
		expect_error(r, cases[i].status);
		resp_free(r);
	}
	/* Deep nesting. */
	char deep[2100];
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	deep[2000] = '\0';
	post_expect(&s, "/api/submissions", deep, NULL, 400);
	/* Content types. */
	const char *ok = "{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"x\"}";
	struct resp *r =
	    http(&s, "POST", "/api/submissions", "text/plain", ok, strlen(ok), NULL, NULL);
	expect_error(r, 415);
	resp_free(r);
	r = http(&s, "POST", "/api/submissions", NULL, ok, strlen(ok), NULL, NULL);
	expect_error(r, 415);
	resp_free(r);
	r = http(&s, "POST", "/api/submissions", "application/x-www-form-urlencoded", ok,
	         strlen(ok), NULL, NULL);
	expect_error(r, 415);
	resp_free(r);
	r = http(&s, "POST", "/api/submissions", "application/json; charset=utf-8", ok, strlen(ok),
	         NULL, NULL);
	ck_assert_int_eq(r->status, 202);
	resp_free(r);
	/* A source over 1 MiB. */
	size_t big = (1u << 20) + 100;
	char *body = malloc(big + 200);
	int n = sprintf(body, "{\"problem\":\"sum-two\",\"language\":\"c\",\"source\":\"");
	memset(body + n, 'a', big);
	strcpy(body + n + big, "\"}");
	r = post_json(&s, "/api/submissions", body, NULL);
	expect_error(r, 413);
	resp_free(r);
	free(body);
	/* Only the one valid submission was stored. */
	ck_assert_int_eq(count_rows(&s), 1);
	srv_stop(&s);
}
END_TEST

START_TEST(submission_list)
{
	struct srv s;
	srv_start(&s, NULL);
	long long ids[7];
	ids[0] = create_sub(&s, "sum-two", "c", "submit");
	ids[1] = create_sub(&s, "sum-two", "python", "submit");
	ids[2] = create_sub(&s, "pick-one", "c", "test");
	ids[3] = create_sub(&s, "sum-two", "cpp", "submit");
	ids[4] = create_sub(&s, "pick-one", "python", "submit");
	char key[33];
	make_key(key);
	ids[5] = post_result(&s, key, "WA", 201);
	make_key(key);
	ids[6] = post_result(&s, key, "AC", 201);

	/* Pages of 3, newest first. */
	struct resp *r = get(&s, "/api/submissions?limit=3");
	ck_assert_int_eq(r->status, 200);
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "submissions");
	ck_assert_int_eq(cJSON_GetArraySize(a), 3);
	ck_assert_int_eq(jint(cJSON_GetArrayItem(a, 0), "id"), ids[6]);
	ck_assert_int_eq(jint(cJSON_GetArrayItem(a, 2), "id"), ids[4]);
	const cJSON *first = cJSON_GetArrayItem(a, 0);
	ck_assert_str_eq(jstr(first, "verdict"), "AC");
	ck_assert_str_eq(jstr(first, "status"), "done");
	ck_assert_str_eq(jstr(first, "origin"), "cli");
	ck_assert_int_eq(jint(first, "time_ms"), 12);
	ck_assert_int_eq(jint(first, "memory_kb"), 1400);
	ck_assert_int_eq(jint(first, "passed"), 1);
	ck_assert_int_eq(jint(first, "total"), 1);
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(first, "source"));
	long long nb = jint(r->json, "next_before");
	ck_assert_int_eq(nb, ids[4]);
	resp_free(r);
	char path[128];
	snprintf(path, sizeof path, "/api/submissions?limit=3&before=%lld", nb);
	r = get(&s, path);
	a = cJSON_GetObjectItemCaseSensitive(r->json, "submissions");
	ck_assert_int_eq(cJSON_GetArraySize(a), 3);
	ck_assert_int_eq(jint(cJSON_GetArrayItem(a, 0), "id"), ids[3]);
	nb = jint(r->json, "next_before");
	resp_free(r);
	snprintf(path, sizeof path, "/api/submissions?limit=3&before=%lld", nb);
	r = get(&s, path);
	a = cJSON_GetObjectItemCaseSensitive(r->json, "submissions");
	ck_assert_int_eq(cJSON_GetArraySize(a), 1);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r->json, "next_before")));
	resp_free(r);

	/* Filters. */
	static const struct {
		const char *q;
		int n;
	} f[] = {
	    {"", 7},
	    {"?problem=sum-two", 5},
	    {"?problem=pick-one&language=python", 1},
	    {"?language=c", 4},
	    {"?status=queued", 5},
	    {"?status=done", 2},
	    {"?verdict=AC", 1},
	    {"?verdict=WA&problem=sum-two&language=c&status=done", 1},
	    {"?problem=&language=&verdict=&status=", 7},
	    {"?problem=no-such", 0},
	    {"?status=running", 0},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		snprintf(path, sizeof path, "/api/submissions%s", f[i].q);
		r = get(&s, path);
		ck_assert_msg(r->status == 200, "%s: %ld", f[i].q, r->status);
		a = cJSON_GetObjectItemCaseSensitive(r->json, "submissions");
		ck_assert_msg(cJSON_GetArraySize(a) == f[i].n, "%s: %d rows, expected %d", f[i].q,
		              cJSON_GetArraySize(a), f[i].n);
		resp_free(r);
	}
	/* Bad parameters. */
	static const char *const bad[] = {
	    "?limit=0",        "?limit=201",  "?limit=abc",       "?limit=-1",
	    "?limit=1e2",      "?before=0",   "?before=-5",       "?before=x",
	    "?verdict=XX",     "?verdict=ac", "?status=bogus",    "?problem=Bad_Id",
	    "?language=c%20c", "?foo=1",      "?limit=5&limit=6", "?before=99999999999999999999",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(path, sizeof path, "/api/submissions%s", bad[i]);
		r = get(&s, path);
		ck_assert_msg(r->status == 400, "%s: expected 400, got %ld", bad[i], r->status);
		expect_error(r, 400);
		resp_free(r);
	}
	r = get(&s, "/api/submissions?limit=200");
	ck_assert_int_eq(r->status, 200);
	resp_free(r);
	srv_stop(&s);
}
END_TEST

START_TEST(submission_get_errors)
{
	struct srv s;
	srv_start(&s, NULL);
	static const char *const paths[] = {
	    "/api/submissions/1",
	    "/api/submissions/0",
	    "/api/submissions/abc",
	    "/api/submissions/-1",
	    "/api/submissions/01",
	    "/api/submissions/1/x",
	    "/api/submissions/99999999999999999999",
	    "/api/nope",
	    "/api",
	    "/api/submissions/",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp *r = get(&s, paths[i]);
		ck_assert_msg(r->status == 404, "%s: %ld", paths[i], r->status);
		expect_error(r, 404);
		resp_free(r);
	}
	/* Wrong methods. */
	struct resp *r = http(&s, "DELETE", "/api/submissions", NULL, NULL, 0, NULL, NULL);
	expect_error(r, 405);
	char allow[64];
	ck_assert_str_eq(resp_header(r, "Allow", allow, sizeof allow), "GET, HEAD, POST");
	resp_free(r);
	r = get(&s, "/api/results");
	expect_error(r, 405);
	ck_assert_str_eq(resp_header(r, "Allow", allow, sizeof allow), "POST");
	resp_free(r);
	r = http(&s, "PUT", "/api/problems", JSON, "{}", 2, NULL, NULL);
	expect_error(r, 405);
	resp_free(r);
	r = get(&s, "/api/jobs/claim");
	expect_error(r, 405);
	resp_free(r);
	r = http(&s, "POST", "/", JSON, "{}", 2, NULL, NULL);
	ck_assert_int_eq(r->status, 405);
	resp_free(r);
	srv_stop(&s);
}
END_TEST

/*** Results from the CLI ***/

START_TEST(results_auth_and_idempotence)
{
	struct srv s;
	srv_start(&s, NULL);
	char key[33], path[64];
	make_key(key);
	char *body = make_result(key, "sum-two", "c", "WA", "submit", 3, 4);

	/* No token, a wrong token, a malformed header: 401 and nothing stored. */
	struct resp *r = post_json(&s, "/api/results", body, NULL);
	expect_error(r, 401);
	resp_free(r);
	char wrong[256];
	snprintf(wrong, sizeof wrong, "%s", s.token);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	r = post_json(&s, "/api/results", body, wrong);
	expect_error(r, 401);
	resp_free(r);
	r = post_json(&s, "/api/results", body, "short");
	expect_error(r, 401);
	resp_free(r);
	r = http(&s, "POST", "/api/results", JSON, body, strlen(body), NULL,
	         "Authorization: Basic Zm9vOmJhcg==");
	expect_error(r, 401);
	resp_free(r);
	ck_assert_int_eq(count_rows(&s), 0);
	/* Also 401 for the job endpoints, and nothing claimed. */
	long long sid = create_sub(&s, "sum-two", "c", "submit");
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\"}", NULL, 401);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\"}", wrong, 401);
	snprintf(path, sizeof path, "/api/jobs/%lld/heartbeat", sid);
	post_expect(&s, path, "{\"lease\":\"00000000000000000000000000000000\"}", NULL, 401);
	snprintf(path, sizeof path, "/api/jobs/%lld/result", sid);
	post_expect(&s, path, "{\"lease\":\"00000000000000000000000000000000\",\"error\":\"x\"}",
	            NULL, 401);
	r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "queued"), 1);
	ck_assert_int_eq(jint(r->json, "running"), 0);
	resp_free(r);

	/* Stored once; a repost of the same key answers the same id. */
	r = post_json(&s, "/api/results", body, s.token);
	ck_assert_int_eq(r->status, 201);
	long long id = jint(r->json, "id");
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(r->json, "duplicate"));
	resp_free(r);
	r = post_json(&s, "/api/results", body, s.token);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "id"), id);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "duplicate")));
	resp_free(r);
	ck_assert_int_eq(count_rows(&s), 2);

	snprintf(path, sizeof path, "/api/submissions/%lld", id);
	r = get(&s, path);
	ck_assert_str_eq(jstr(r->json, "status"), "done");
	ck_assert_str_eq(jstr(r->json, "verdict"), "WA");
	ck_assert_str_eq(jstr(r->json, "origin"), "cli");
	ck_assert_int_eq(jint(r->json, "passed"), 3);
	ck_assert_int_eq(jint(r->json, "total"), 4);
	ck_assert_str_eq(jstr(r->json, "source"), "int main(){}");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(r->json, "result");
	ck_assert(cJSON_IsObject(res));
	ck_assert_str_eq(jstr(res, "key"), key);
	ck_assert_str_eq(jstr(res, "schema"), "judge-result/1");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(res, "tests")), 1);
	resp_free(r);
	free(body);
	srv_stop(&s);
}
END_TEST

START_TEST(results_validation)
{
	struct srv s;
	srv_start(&s, NULL);
	char key[33];
	make_key(key);
	static const struct {
		const char *from, *to;
		long status;
	} edits[] = {
	    {"\"judge-result/1\"", "\"judge-result/2\"", 422},
	    {"\"judge-result/1\"", "1", 400},
	    {"\"problem\":\"sum-two\"", "\"problem\":\"nope\"", 422},
	    {"\"problem\":\"sum-two\"", "\"problem\":null", 400},
	    {"\"language\":\"c\"", "\"language\":\"rust\"", 422},
	    {"\"verdict\":\"WA\"", "\"verdict\":\"XX\"", 422},
	    {"\"verdict\":\"WA\"", "\"verdict\":\"wa\"", 422},
	    {"\"mode\":\"submit\"", "\"mode\":\"all\"", 400},
	    {"\"passed\":1", "\"passed\":5", 400},
	    {"\"passed\":1", "\"passed\":-1", 400},
	    {"\"passed\":1", "\"passed\":1.5", 400},
	    {"\"passed\":1", "\"passed\":\"1\"", 400},
	    {"\"time_ms\":12", "\"time_ms\":-12", 400},
	    {"\"memory_kb\":1400", "\"memory_kb\":true", 400},
	    {"\"tests\":[", "\"tests\":[1,", 400},
	    {"\"group\":\"sample\",\"verdict\":\"AC\"", "\"group\":\"sample\",\"verdict\":\"OK\"",
	     422},
	    {"\"compile\":{\"ok\":true", "\"compile\":{\"ok\":1", 400},
	    {"\"source\":\"int main(){}\"", "\"source\":5", 400},
	    {"\"isolation\":{", "\"isolation\":\"full\",\"x\":{", 400},
	    {"\"key\":\"", "\"key\":\"X", 400},
	    {"\"mode\":\"submit\"", "\"mode\":\"submit\",\"mode\":\"test\"", 400},
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *body = make_result(key, "sum-two", "c", "WA", "submit", 1, 1);
		char *at = strstr(body, edits[i].from);
		ck_assert_msg(at != NULL, "case %zu: '%s' not in the template", i, edits[i].from);
		char *out = NULL;
		ck_assert_int_gt(asprintf(&out, "%.*s%s%s", (int)(at - body), body, edits[i].to,
		                          at + strlen(edits[i].from)),
		                 0);
		struct resp *r = post_json(&s, "/api/results", out, s.token);
		ck_assert_msg(r->status == edits[i].status, "case %zu: expected %ld, got %ld %s", i,
		              edits[i].status, r->status, r->body);
		expect_error(r, edits[i].status);
		resp_free(r);
		free(out);
		free(body);
	}
	/* Missing required fields. */
	static const char *const required[] = {"\"schema\":\"judge-result/1\",",
	                                       "\"mode\":\"submit\",", "\"verdict\":\"WA\","};
	for (size_t i = 0; i < 3; i++) {
		char *body = make_result(key, "sum-two", "c", "WA", "submit", 1, 1);
		char *at = strstr(body, required[i]);
		memmove(at, at + strlen(required[i]), strlen(at + strlen(required[i])) + 1);
		post_expect(&s, "/api/results", body, s.token, 400);
		free(body);
	}
	/* Language the problem does not accept. */
	char *body = make_result(key, "pick-one", "cpp", "AC", "submit", 1, 1);
	post_expect(&s, "/api/results", body, s.token, 422);
	free(body);
	/* Short key. */
	body = make_result("abc", "sum-two", "c", "AC", "submit", 1, 1);
	post_expect(&s, "/api/results", body, s.token, 400);
	free(body);
	post_expect(&s, "/api/results", "{}", s.token, 400);
	post_expect(&s, "/api/results", "[]", s.token, 400);
	ck_assert_int_eq(count_rows(&s), 0);
	/* Unknown extra fields are kept (forward compatible within a schema). */
	body = make_result(key, "sum-two", "c", "CE", "test", 0, 0);
	body[strlen(body) - 1] = '\0';
	char *ext = NULL;
	ck_assert_int_gt(asprintf(&ext, "%s,\"future_field\":{\"x\":[1,2.5,null]}}", body), 0);
	struct resp *r = post_json(&s, "/api/results", ext, s.token);
	ck_assert_int_eq(r->status, 201);
	resp_free(r);
	free(ext);
	free(body);
	srv_stop(&s);
}
END_TEST

/*** Jobs ***/

START_TEST(jobs_claim_heartbeat_result)
{
	struct srv s;
	srv_start(&s, NULL);
	long long sid = create_sub(&s, "sum-two", "c", "submit");
	long long id = 0;
	char path[64], body[256], key[33];

	/* Bad claims. */
	post_expect(&s, "/api/jobs/claim", "{}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"\"}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":5}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\",\"lease_s\":0}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\",\"lease_s\":601}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\",\"lease_s\":\"60\"}", s.token, 400);
	post_expect(&s, "/api/jobs/claim", "{\"worker\":\"w\",\"other\":1}", s.token, 400);

	struct resp *r =
	    post_json(&s, "/api/jobs/claim", "{\"worker\":\"host-1\",\"lease_s\":30}", s.token);
	ck_assert_int_eq(r->status, 200);
	const cJSON *job = cJSON_GetObjectItemCaseSensitive(r->json, "job");
	id = jint(job, "id");
	ck_assert_int_eq(id, sid);
	ck_assert_str_eq(jstr(job, "problem"), "sum-two");
	ck_assert_str_eq(jstr(job, "language"), "c");
	ck_assert_str_eq(jstr(job, "mode"), "submit");
	ck_assert_str_eq(jstr(job, "source"), "print(1)");
	ck_assert_int_eq(jint(job, "lease_s"), 30);
	char *lease = strdup(jstr(job, "lease"));
	ck_assert_int_eq(strlen(lease), 32);
	resp_free(r);

	/* Queue empty now. */
	long long other;
	ck_assert_ptr_null(claim(&s, "host-2", 30, &other));
	r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "queued"), 0);
	ck_assert_int_eq(jint(r->json, "running"), 1);
	resp_free(r);

	/* Heartbeats. */
	snprintf(path, sizeof path, "/api/jobs/%lld/heartbeat", id);
	snprintf(body, sizeof body, "{\"lease\":\"%s\"}", lease);
	r = post_json(&s, path, body, s.token);
	ck_assert_int_eq(r->status, 200);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "ok")));
	resp_free(r);
	post_expect(&s, path, "{\"lease\":\"0123456789abcdef0123456789abcdef\"}", s.token, 409);
	post_expect(&s, path, "{\"lease\":\"short\"}", s.token, 400);
	post_expect(&s, path, "{}", s.token, 400);
	post_expect(&s, "/api/jobs/999/heartbeat", body, s.token, 404);

	/* Results: wrong lease, mismatching result, bad shapes, then the real one. */
	make_key(key);
	ck_assert_int_eq(job_result(&s, id, "0123456789abcdef0123456789abcdef", key, "AC"), 409);
	ck_assert_int_eq(job_result(&s, 999, lease, key, "AC"), 404);
	snprintf(path, sizeof path, "/api/jobs/%lld/result", id);
	char *res = make_result(key, "pick-one", "c", "AC", "submit", 1, 1);
	char *mismatch = NULL;
	ck_assert_int_gt(asprintf(&mismatch, "{\"lease\":\"%s\",\"result\":%s}", lease, res), 0);
	post_expect(&s, path, mismatch, s.token, 422);
	free(mismatch);
	free(res);
	snprintf(body, sizeof body, "{\"lease\":\"%s\"}", lease);
	post_expect(&s, path, body, s.token, 400);
	snprintf(body, sizeof body, "{\"lease\":\"%s\",\"result\":{},\"error\":\"x\"}", lease);
	post_expect(&s, path, body, s.token, 400);
	snprintf(body, sizeof body, "{\"lease\":\"%s\",\"result\":[]}", lease);
	post_expect(&s, path, body, s.token, 400);
	ck_assert_int_eq(job_result(&s, id, lease, key, "AC"), 200);
	/* A retried post of the same result is acknowledged again. */
	ck_assert_int_eq(job_result(&s, id, lease, key, "AC"), 200);

	snprintf(path, sizeof path, "/api/submissions/%lld", id);
	r = get(&s, path);
	ck_assert_str_eq(jstr(r->json, "status"), "done");
	ck_assert_str_eq(jstr(r->json, "verdict"), "AC");
	ck_assert_str_eq(jstr(r->json, "origin"), "web");
	ck_assert_str_eq(jstr(r->json, "source"), "print(1)");
	ck_assert_str_eq(jstr(cJSON_GetObjectItemCaseSensitive(r->json, "result"), "key"), key);
	resp_free(r);
	/* The lease is gone with the job. */
	snprintf(path, sizeof path, "/api/jobs/%lld/heartbeat", id);
	snprintf(body, sizeof body, "{\"lease\":\"%s\"}", lease);
	post_expect(&s, path, body, s.token, 409);
	/* The key is taken: the CLI posting it again is a duplicate of that row. */
	res = make_result(key, "sum-two", "c", "AC", "submit", 1, 1);
	r = post_json(&s, "/api/results", res, s.token);
	free(res);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "id"), id);
	resp_free(r);
	r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "running"), 0);
	resp_free(r);
	free(lease);
	srv_stop(&s);
}
END_TEST

START_TEST(jobs_lease_expiry_exactly_once)
{
	struct srv s;
	srv_start(&s, NULL);
	long long sid = create_sub(&s, "sum-two", "c", "submit");
	long long id_a = 0, id_b = 0;
	char key_a[33], key_b[33], path[64], body[128];

	char *lease_a = claim(&s, "worker-a", 1, &id_a);
	ck_assert_ptr_nonnull(lease_a);
	ck_assert_int_eq(id_a, sid);
	/* Nothing else to take while A holds it. */
	ck_assert_ptr_null(claim(&s, "worker-b", 1, &id_b));
	usleep(1600 * 1000);
	/* A's lease expired: the job is queued again and B gets it. */
	char *lease_b = claim(&s, "worker-b", 30, &id_b);
	ck_assert_ptr_nonnull(lease_b);
	ck_assert_int_eq(id_b, sid);
	ck_assert_str_ne(lease_a, lease_b);
	/* A wakes up late: heartbeat and result are refused. */
	snprintf(path, sizeof path, "/api/jobs/%lld/heartbeat", sid);
	snprintf(body, sizeof body, "{\"lease\":\"%s\"}", lease_a);
	post_expect(&s, path, body, s.token, 409);
	make_key(key_a);
	ck_assert_int_eq(job_result(&s, sid, lease_a, key_a, "WA"), 409);
	/* B finishes. */
	make_key(key_b);
	ck_assert_int_eq(job_result(&s, sid, lease_b, key_b, "AC"), 200);
	/* A again after B: still refused; the stored result is B's. */
	ck_assert_int_eq(job_result(&s, sid, lease_a, key_a, "WA"), 409);
	snprintf(path, sizeof path, "/api/submissions/%lld", sid);
	struct resp *r = get(&s, path);
	ck_assert_str_eq(jstr(r->json, "status"), "done");
	ck_assert_str_eq(jstr(r->json, "verdict"), "AC");
	ck_assert_int_eq(jint(r->json, "attempts"), 2);
	ck_assert_str_eq(jstr(cJSON_GetObjectItemCaseSensitive(r->json, "result"), "key"), key_b);
	resp_free(r);
	/* Judged once: one row, nothing queued or running, no other job. */
	ck_assert_int_eq(count_rows(&s), 1);
	ck_assert_ptr_null(claim(&s, "worker-c", 30, &id_b));
	r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "queued"), 0);
	ck_assert_int_eq(jint(r->json, "running"), 0);
	resp_free(r);
	free(lease_a);
	free(lease_b);
	srv_stop(&s);
}
END_TEST

START_TEST(jobs_requeued_by_tick)
{
	struct srv s;
	srv_start(&s, NULL);
	long long sid = create_sub(&s, "sum-two", "c", "submit"), id;
	char *lease = claim(&s, "w", 1, &id);
	ck_assert_int_eq(id, sid);
	/* Without any claim, the server's own tick returns it to the queue. */
	usleep(3500 * 1000); /* expiry at 1 s, ticks every second */
	struct resp *r = get(&s, "/api/health");
	ck_assert_int_eq(jint(r->json, "queued"), 1);
	ck_assert_int_eq(jint(r->json, "running"), 0);
	resp_free(r);
	free(lease);
	srv_stop(&s);
}
END_TEST

START_TEST(jobs_failure_report)
{
	struct srv s;
	srv_start(&s, NULL);
	long long sid = create_sub(&s, "sum-two", "c", "submit"), id;
	char *lease = claim(&s, "w", 60, &id);
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/jobs/%lld/result", id);
	snprintf(body, sizeof body, "{\"lease\":\"%s\",\"error\":\"\"}", lease);
	post_expect(&s, path, body, s.token, 400);
	snprintf(body, sizeof body, "{\"lease\":\"%s\",\"error\":\"sandbox unavailable\"}", lease);
	struct resp *r = post_json(&s, path, body, s.token);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "status"), "failed");
	resp_free(r);
	snprintf(path, sizeof path, "/api/submissions/%lld", sid);
	r = get(&s, path);
	ck_assert_str_eq(jstr(r->json, "status"), "failed");
	ck_assert_str_eq(jstr(r->json, "message"), "sandbox unavailable");
	resp_free(r);
	r = get(&s, "/api/submissions?status=failed");
	ck_assert_int_eq(
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r->json, "submissions")), 1);
	resp_free(r);
	free(lease);
	srv_stop(&s);
}
END_TEST

/*** Durability ***/

START_TEST(kill9_loses_no_acknowledged_write)
{
	struct srv s;
	srv_start(&s, NULL);
	enum { N = 150 };
	long long ids[2 * N];
	char keys[N][33];
	int n = 0;
	for (int i = 0; i < N; i++) {
		ids[n++] = create_sub(&s, i % 2 ? "sum-two" : "pick-one", "c", "submit");
		make_key(keys[i]);
		ids[n++] = post_result(&s, keys[i], i % 3 ? "AC" : "WA", 201);
	}
	/* Right after the last acknowledgement. */
	int st = srv_signal(&s, SIGKILL);
	ck_assert(WIFSIGNALED(st));
	srv_restart(&s);
	char path[64];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "/api/submissions/%lld", ids[i]);
		struct resp *r = get(&s, path);
		ck_assert_msg(r->status == 200, "row %lld lost after kill -9", ids[i]);
		resp_free(r);
	}
	/* And the results are idempotent across the restart. */
	post_result(&s, keys[0], "WA", 200);
	st = srv_signal(&s, SIGTERM);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	srv_stop(&s);
}
END_TEST

/*** Static files ***/

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[700];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(static_files)
{
	char ui[300], sub[320], lnk[340], secret[320];
	snprintf(ui, sizeof ui, "/tmp/judge-web-ui-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(ui));
	snprintf(sub, sizeof sub, "%s/assets", ui);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	write_file(ui, "index.html", "<!doctype html><title>judge</title>");
	write_file(ui, "app.js", "console.log(1);");
	write_file(ui, "style.css", "body{}");
	write_file(ui, ".hidden", "secret");
	write_file(sub, "logo.svg", "<svg/>");
	write_file(sub, "font.woff2", "wOF2");
	write_file(sub, "data.bin", "xx");
	snprintf(secret, sizeof secret, "%s-outside", ui);
	ck_assert_int_eq(mkdir(secret, 0755), 0);
	write_file(secret, "secret.txt", "TOP-SECRET");
	snprintf(lnk, sizeof lnk, "%s/leak.txt", ui);
	char target[340];
	snprintf(target, sizeof target, "%s/secret.txt", secret);
	ck_assert_int_eq(symlink(target, lnk), 0);

	struct srv s;
	srv_start(&s, "--ui", ui, NULL);
	static const struct {
		const char *path;
		long status;
		const char *type;
	} cases[] = {
	    {"/", 200, "text/html; charset=utf-8"},
	    {"/index.html", 200, "text/html; charset=utf-8"},
	    {"/app.js", 200, "text/javascript; charset=utf-8"},
	    {"/style.css", 200, "text/css; charset=utf-8"},
	    {"/assets/logo.svg", 200, "image/svg+xml"},
	    {"/assets/font.woff2", 200, "font/woff2"},
	    {"/assets/data.bin", 200, "application/octet-stream"},
	    {"/missing.js", 404, NULL},
	    {"/assets", 404, NULL},
	    {"/assets/", 404, NULL},
	    {"/.hidden", 404, NULL},
	    {"/../../../../etc/passwd", 404, NULL},
	    {"/assets/../../../../etc/passwd", 404, NULL},
	    {"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 404, NULL},
	    {"/assets/%2e%2e/index.html", 404, NULL},
	    {"/..%2f..%2f..%2fetc%2fpasswd", 404, NULL},
	    {"//etc/passwd", 404, NULL},
	    {"/leak.txt", 404, NULL},
	    {"/index.html%00.js", 404, NULL},
	    {"/a\\b", 404, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct resp *r = get(&s, cases[i].path);
		char h[256];
		ck_assert_msg(r->status == cases[i].status, "%s: expected %ld, got %ld",
		              cases[i].path, cases[i].status, r->status);
		ck_assert_ptr_null(strstr(r->body, "root:"));
		ck_assert_ptr_null(strstr(r->body, "TOP-SECRET"));
		ck_assert_str_eq(resp_header(r, "X-Content-Type-Options", h, sizeof h), "nosniff");
		if (cases[i].type) {
			ck_assert_str_eq(resp_header(r, "Content-Type", h, sizeof h),
			                 cases[i].type);
			ck_assert_str_eq(resp_header(r, "Content-Security-Policy", h, sizeof h),
			                 "default-src 'self'; style-src 'self' 'unsafe-inline'; "
			                 "img-src 'self' data:; font-src 'self'");
		}
		resp_free(r);
	}
	/* Caching: revalidated HTML, cached assets, ETag and 304. */
	struct resp *r = get(&s, "/");
	char h[256], etag[128], inm[200];
	ck_assert_str_eq(resp_header(r, "Cache-Control", h, sizeof h), "no-cache");
	ck_assert_str_eq(r->body, "<!doctype html><title>judge</title>");
	resp_free(r);
	r = get(&s, "/app.js");
	ck_assert_str_eq(resp_header(r, "Cache-Control", h, sizeof h), "public, max-age=86400");
	ck_assert_ptr_nonnull(resp_header(r, "ETag", etag, sizeof etag));
	resp_free(r);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	r = http(&s, "GET", "/app.js", NULL, NULL, 0, NULL, inm);
	ck_assert_int_eq(r->status, 304);
	ck_assert_int_eq(r->len, 0);
	resp_free(r);
	r = http(&s, "HEAD", "/app.js", NULL, NULL, 0, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	resp_free(r);
	r = http(&s, "DELETE", "/app.js", NULL, NULL, 0, NULL, NULL);
	ck_assert_int_eq(r->status, 405);
	resp_free(r);
	srv_stop(&s);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", ui, secret);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(static_ui_not_built)
{
	struct srv s;
	srv_start(&s, "--ui", "/nonexistent/ui/dist", NULL);
	struct resp *r = get(&s, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(r->body, "not built"));
	resp_free(r);
	r = get(&s, "/app.js");
	ck_assert_int_eq(r->status, 404);
	resp_free(r);
	srv_stop(&s);
}
END_TEST

/*** Hostile input ***/

START_TEST(script_in_source_is_escaped)
{
	struct srv s;
	srv_start(&s, NULL);
	const char *body = "{\"problem\":\"sum-two\",\"language\":\"python\",\"source\":"
	                   "\"</script><script>alert('x')</script>&amp;\\u2028\"}";
	struct resp *r = post_json(&s, "/api/submissions", body, NULL);
	ck_assert_int_eq(r->status, 202);
	long long id = jint(r->json, "id");
	resp_free(r);
	char path[64];
	snprintf(path, sizeof path, "/api/submissions/%lld", id);
	r = get(&s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_null(strstr(r->body, "<script"));
	ck_assert_ptr_null(strstr(r->body, "</script"));
	ck_assert_ptr_null(strstr(r->body, "&amp;"));
	ck_assert_ptr_nonnull(strstr(r->body, "\\u003cscript\\u003e"));
	ck_assert_ptr_nonnull(strstr(r->body, "\\u2028"));
	ck_assert_str_eq(jstr(r->json, "source"),
	                 "</script><script>alert('x')</script>&amp;\xe2\x80\xa8");
	resp_free(r);
	/* Same inside a stored result. */
	char key[33];
	make_key(key);
	char *res = make_result(key, "sum-two", "c", "WA", "submit", 0, 1);
	char *at = strstr(res, "\"message\":\"\"");
	char *evil = NULL;
	ck_assert_int_gt(asprintf(&evil, "%.*s\"message\":\"<img src=x onerror=alert(1)>\"%s",
	                          (int)(at - res), res, at + 12),
	                 0);
	r = post_json(&s, "/api/results", evil, s.token);
	ck_assert_int_eq(r->status, 201);
	id = jint(r->json, "id");
	resp_free(r);
	snprintf(path, sizeof path, "/api/submissions/%lld", id);
	r = get(&s, path);
	ck_assert_ptr_null(strstr(r->body, "<img"));
	ck_assert_str_eq(jstr(cJSON_GetObjectItemCaseSensitive(r->json, "result"), "message"),
	                 "<img src=x onerror=alert(1)>");
	resp_free(r);
	free(evil);
	free(res);
	srv_stop(&s);
}
END_TEST

START_TEST(garbage_and_oversized_bodies)
{
	struct srv s;
	srv_start(&s, NULL);
	static const char *const posts[] = {"/api/submissions", "/api/results", "/api/jobs/claim",
	                                    "/api/jobs/1/heartbeat", "/api/jobs/1/result"};
	unsigned seed = 12345;
	char garbage[4096];
	for (int round = 0; round < 20; round++) {
		size_t len = 1 + (size_t)(rand_r(&seed) % (int)sizeof garbage);
		for (size_t i = 0; i < len; i++)
			garbage[i] = (char)rand_r(&seed);
		for (size_t p = 0; p < sizeof posts / sizeof posts[0]; p++) {
			struct resp *r =
			    http(&s, "POST", posts[p], JSON, garbage, len, s.token, NULL);
			ck_assert_msg(r->status >= 400 && r->status < 500,
			              "garbage to %s: status %ld", posts[p], r->status);
			resp_free(r);
		}
	}
	/* Truncated and odd JSON. */
	static const char *const odd[] = {
	    "{",           "{\"a\":",          "{\"a\":1,}",        "{'a':1}",
	    "{\"a\":01}",  "{\"a\":1e}",       "{\"a\":.5}",        "{\"a\":-}",
	    "{\"a\":tru}", "{\"a\":\"\\x\"}",  "{\"a\":\"\\u12\"}", "\xef\xbb\xbf{}",
	    "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":[1,2}"};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		for (size_t p = 0; p < sizeof posts / sizeof posts[0]; p++)
			post_expect(&s, posts[p], odd[i], s.token, 400);
	/* Bodies over the caps: 413, with and without Expect: 100-continue. */
	size_t big = 9u << 20;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	huge[0] = '{';
	huge[big - 1] = '}';
	struct resp *r = http(&s, "POST", "/api/results", JSON, huge, big, s.token, NULL);
	expect_error(r, 413);
	resp_free(r);
	r = http(&s, "POST", "/api/submissions", JSON, huge, (1u << 20) + 1, NULL, NULL);
	expect_error(r, 413);
	resp_free(r);
	r = http(&s, "POST", "/api/jobs/claim", JSON, huge, 70000, s.token, "Expect:");
	ck_assert(r->status == 413 || r->status == 0); /* 0: server closed while we sent */
	resp_free(r);
	/* Chunked body without a length that grows past the cap. */
	r = http(&s, "POST", "/api/submissions", JSON, huge, (2u << 20), NULL,
	         "Transfer-Encoding: chunked");
	ck_assert_int_eq(r->status, 413);
	resp_free(r);
	free(huge);
	/* Enormous header. */
	char *hdr = malloc(100000);
	strcpy(hdr, "X-Big: ");
	memset(hdr + 7, 'a', 99990);
	hdr[99997] = '\0';
	r = http(&s, "GET", "/api/health", NULL, NULL, 0, NULL, hdr);
	ck_assert_int_ge(r->status, 400);
	ck_assert_int_lt(r->status, 500);
	resp_free(r);
	free(hdr);
	/* Bad Content-Length. */
	r = http(&s, "GET", "/api/health", NULL, NULL, 0, NULL, "Content-Length: abc");
	ck_assert_int_ge(r->status, 400);
	ck_assert_int_lt(r->status, 500);
	resp_free(r);
	/* Still serving, nothing stored. */
	r = get(&s, "/api/health");
	ck_assert_int_eq(r->status, 200);
	resp_free(r);
	ck_assert_int_eq(count_rows(&s), 0);
	srv_stop(&s);
}
END_TEST

/*** Process ***/

START_TEST(sigterm_and_sigint_exit_zero)
{
	struct srv s;
	srv_start(&s, NULL);
	create_sub(&s, "sum-two", "c", "submit");
	int st = srv_signal(&s, SIGTERM);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	/* The database was checkpointed: no WAL left behind. */
	char wal[400];
	snprintf(wal, sizeof wal, "%s/web.db-wal", s.dir);
	struct stat sb;
	ck_assert(stat(wal, &sb) != 0 || sb.st_size == 0);
	srv_restart(&s);
	ck_assert_int_eq(count_rows(&s), 1);
	st = srv_signal(&s, SIGINT);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	srv_stop(&s);
}
END_TEST

START_TEST(token_file_created_0600)
{
	struct srv s;
	srv_start(&s, NULL);
	char path[400];
	snprintf(path, sizeof path, "%s/token", s.dir);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(strlen(s.token), 64);
	ck_assert_int_eq(strspn(s.token, "0123456789abcdef"), 64);
	/* The same token after a restart. */
	char before[256];
	snprintf(before, sizeof before, "%s", s.token);
	srv_signal(&s, SIGTERM);
	srv_restart(&s);
	ck_assert_str_eq(s.token, before);
	srv_stop(&s);
}
END_TEST

static int run_cmd(const char *const *argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(command_line)
{
	const char *help[] = {JUDGE_WEB_BIN, "--help", NULL};
	ck_assert_int_eq(run_cmd(help), 0);
	const char *bad[] = {JUDGE_WEB_BIN, "--bogus", NULL};
	ck_assert_int_eq(run_cmd(bad), 2);
	const char *workers[] = {JUDGE_WEB_BIN, "--workers", "-1", NULL};
	ck_assert_int_eq(run_cmd(workers), 2);
	const char *listen[] = {JUDGE_WEB_BIN, "--listen", "localhost", NULL};
	ck_assert_int_eq(run_cmd(listen), 2);
	const char *port[] = {JUDGE_WEB_BIN, "--listen", "127.0.0.1:70000", NULL};
	ck_assert_int_eq(run_cmd(port), 2);
	const char *probs[] = {JUDGE_WEB_BIN, "--problems", "/nonexistent", NULL};
	ck_assert_int_eq(run_cmd(probs), 2);
	const char *extra[] = {JUDGE_WEB_BIN, "stray", NULL};
	ck_assert_int_eq(run_cmd(extra), 2);
}
END_TEST

START_TEST(local_workers_supervised)
{
	char dir[300], fake[400], log[400];
	snprintf(dir, sizeof dir, "/tmp/judge-web-fake-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(fake, sizeof fake, "%s/judge", dir);
	snprintf(log, sizeof log, "%s/log", dir);
	/* A fake `judge`: records its arguments; the first run exits at once
	 * (to be restarted), later runs stay up until SIGTERM. */
	FILE *f = fopen(fake, "w");
	fprintf(f,
	        "#!/bin/sh\n"
	        "echo \"$$ $* lang=$JUDGE_LANGUAGES\" >> '%s'\n"
	        "if [ ! -e '%s/first' ]; then : > '%s/first'; exit 1; fi\n"
	        "trap 'echo \"$$ term\" >> \"%s\"; exit 0' TERM\n"
	        "while :; do sleep 0.1; done\n",
	        log, dir, dir, log);
	fclose(f);
	chmod(fake, 0755);
	struct srv s;
	srv_start(&s, "--workers", "2", "--judge", fake, NULL);
	usleep(4000 * 1000); /* the restart comes after a 1 s backoff */
	int st = srv_signal(&s, SIGTERM);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	f = fopen(log, "r");
	ck_assert_ptr_nonnull(f);
	char line[1200], want[1000];
	int starts = 0, terms = 0;
	snprintf(want, sizeof want,
	         "worker --server http://127.0.0.1:%u/ --token-file %s/token --problems %s "
	         "lang=%s",
	         s.port, s.dir, WEB_FIXTURES, WEB_LANGUAGES);
	while (fgets(line, sizeof line, f)) {
		if (strstr(line, want))
			starts++;
		if (strstr(line, " term"))
			terms++;
	}
	fclose(f);
	/* Two workers, one of which died at once and was restarted; both
	 * running ones were stopped by the SIGTERM. */
	ck_assert_int_eq(starts, 3);
	ck_assert_int_eq(terms, 2);
	srv_stop(&s);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *web_suite(void)
{
	Suite *s = suite_create("web");
	TCase *api = tcase_create("api");
	tcase_set_timeout(api, 60);
	tcase_add_test(api, health);
	tcase_add_test(api, problems_list_and_one);
	tcase_add_test(api, submission_create_and_get);
	tcase_add_test(api, submission_validation);
	tcase_add_test(api, submission_list);
	tcase_add_test(api, submission_get_errors);
	tcase_add_test(api, results_auth_and_idempotence);
	tcase_add_test(api, results_validation);
	suite_add_tcase(s, api);
	TCase *jobs = tcase_create("jobs");
	tcase_set_timeout(jobs, 60);
	tcase_add_test(jobs, jobs_claim_heartbeat_result);
	tcase_add_test(jobs, jobs_lease_expiry_exactly_once);
	tcase_add_test(jobs, jobs_requeued_by_tick);
	tcase_add_test(jobs, jobs_failure_report);
	suite_add_tcase(s, jobs);
	TCase *safety = tcase_create("safety");
	tcase_set_timeout(safety, 120);
	tcase_add_test(safety, kill9_loses_no_acknowledged_write);
	tcase_add_test(safety, static_files);
	tcase_add_test(safety, static_ui_not_built);
	tcase_add_test(safety, script_in_source_is_escaped);
	tcase_add_test(safety, garbage_and_oversized_bodies);
	suite_add_tcase(s, safety);
	TCase *proc = tcase_create("process");
	tcase_set_timeout(proc, 60);
	tcase_add_test(proc, sigterm_and_sigint_exit_zero);
	tcase_add_test(proc, token_file_created_0600);
	tcase_add_test(proc, command_line);
	tcase_add_test(proc, local_workers_supervised);
	suite_add_tcase(s, proc);
	return s;
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	SRunner *sr = srunner_create(web_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	curl_global_cleanup();
	return failed ? 1 : 0;
}

/* api.c -- the JSON API of judge-web (docs/api.md is the contract).
 *
 * Every request body passes web_json_check() (strict JSON, UTF-8) before
 * cJSON parses it; every field is checked for presence, type and range, and
 * unknown fields of the small request objects are refused, so a typo in a
 * client is an error instead of a silent default. Result documents may carry
 * fields this server does not know (the schema is versioned by "schema").
 *
 * Status codes: 400 malformed (JSON, missing or wrong-typed field, bad
 * format), 401 no/wrong token, 404 no such resource, 405 wrong method, 409
 * lease lost or key conflict, 413 body too large, 415 not JSON, 422 well
 * formed but not acceptable (unknown language, language not accepted by the
 * problem, unknown problem/verdict/schema in a result), 500 internal.
 */
#include "web/webint.h"

#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

enum route {
	R_NONE,
	R_HEALTH,
	R_PROBLEMS,
	R_PROBLEM,
	R_SUB_CREATE,
	R_SUB_LIST,
	R_SUB_GET,
	R_RESULTS,
	R_CLAIM,
	R_HEARTBEAT,
	R_JOB_RESULT,
};

#define MAX_LEASE_S   600
#define MAX_LIMIT     200
#define DEFAULT_LIMIT 50
#define MAX_ID        9007199254740991LL /* 2^53 - 1: exact in JSON numbers */

/*** Routing ***/

/* A positive decimal id without sign or leading zeros, ending at *end. */
static long long parse_id(const char *s, const char **end)
{
	long long v = 0;
	const char *p = s;

	if (*p < '1' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (p - s >= 16)
			return -1;
		v = v * 10 + (*p - '0');
		p++;
	}
	if (v > MAX_ID)
		return -1;
	*end = p;
	return v;
}

/* Problem ids: lowercase letters, digits and '-', 1 to 64 characters. */
static int valid_problem_id(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '-'))
			return 0;
	return n > 0 && n <= 64;
}

static int valid_lang_id(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		      strchr("+-_", s[n])))
			return 0;
	return n > 0 && n <= 32;
}

static int method_is(const char *m, const char *want)
{
	return !strcmp(m, want);
}

static int route_for(const char *method, const char *allow, int route, struct web_resp *r)
{
	int get = method_is(method, MHD_HTTP_METHOD_GET) || method_is(method, MHD_HTTP_METHOD_HEAD);
	int post = method_is(method, MHD_HTTP_METHOD_POST);

	if ((!strcmp(allow, "GET, HEAD") && get) || (!strcmp(allow, "POST") && post))
		return route;
	web_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
	          "method %s is not allowed here (allowed: %s)", method, allow);
	r->allow = allow;
	return 0;
}

int web_api_route(const char *method, const char *url, struct web_req *q, size_t *body_cap,
                  int *needs_auth, struct web_resp *r)
{
	const char *p, *end = NULL;

	*needs_auth = 0;
	*body_cap = WEB_MAX_SMALL_BODY;
	if (!strcmp(url, "/api/health"))
		return route_for(method, "GET, HEAD", R_HEALTH, r);
	if (!strcmp(url, "/api/problems"))
		return route_for(method, "GET, HEAD", R_PROBLEMS, r);
	if (!strncmp(url, "/api/problems/", 14) && valid_problem_id(url + 14)) {
		q->path_arg = url + 14;
		return route_for(method, "GET, HEAD", R_PROBLEM, r);
	}
	if (!strcmp(url, "/api/submissions")) {
		if (method_is(method, MHD_HTTP_METHOD_POST)) {
			*body_cap = WEB_MAX_SUBMISSION_BODY;
			return R_SUB_CREATE;
		}
		if (method_is(method, MHD_HTTP_METHOD_GET) ||
		    method_is(method, MHD_HTTP_METHOD_HEAD))
			return R_SUB_LIST;
		web_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
		          "method %s is not allowed here (allowed: GET, HEAD, POST)", method);
		r->allow = "GET, HEAD, POST";
		return 0;
	}
	if (!strncmp(url, "/api/submissions/", 17) && (q->path_id = parse_id(url + 17, &end)) > 0 &&
	    !*end)
		return route_for(method, "GET, HEAD", R_SUB_GET, r);
	if (!strcmp(url, "/api/results")) {
		*needs_auth = 1;
		*body_cap = WEB_MAX_RESULT_BODY;
		return route_for(method, "POST", R_RESULTS, r);
	}
	if (!strcmp(url, "/api/jobs/claim")) {
		*needs_auth = 1;
		return route_for(method, "POST", R_CLAIM, r);
	}
	if (!strncmp(url, "/api/jobs/", 10) && (q->path_id = parse_id(url + 10, &end)) > 0) {
		p = end;
		if (!strcmp(p, "/heartbeat")) {
			*needs_auth = 1;
			return route_for(method, "POST", R_HEARTBEAT, r);
		}
		if (!strcmp(p, "/result")) {
			*needs_auth = 1;
			*body_cap = WEB_MAX_RESULT_BODY;
			return route_for(method, "POST", R_JOB_RESULT, r);
		}
	}
	web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such API endpoint");
	return 0;
}

/*** Field helpers ***/

/* Error state while validating a body: the first problem found wins. */
struct verr {
	unsigned status;
	const char *code;
	char msg[512];
};

static int vfail(struct verr *e, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int vfail(struct verr *e, unsigned status, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e->status)
		return -1;
	e->status = status;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static void verr_resp(const struct verr *e, struct web_resp *r)
{
	web_error(r, e->status, e->code, "%s", e->msg);
}

/* Parses the body as a JSON object. */
static cJSON *parse_object(const struct web_req *q, struct verr *e)
{
	char why[160];
	cJSON *root;

	if (q->body_len == 0) {
		vfail(e, MHD_HTTP_BAD_REQUEST, "bad_json",
		      "the body is empty; a JSON object is expected");
		return NULL;
	}
	if (web_json_check(q->body, q->body_len, WEB_JSON_MAX_DEPTH, why, sizeof why)) {
		vfail(e, MHD_HTTP_BAD_REQUEST, "bad_json", "%s", why);
		return NULL;
	}
	root = cJSON_ParseWithLength(q->body, q->body_len);
	if (!root) {
		vfail(e, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory parsing JSON");
		return NULL;
	}
	if (!cJSON_IsObject(root)) {
		vfail(e, MHD_HTTP_BAD_REQUEST, "bad_json", "the body must be a JSON object");
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* Refuses a member that appears twice: cJSON keeps both and reads the first,
 * so the two readers of a document could disagree on its value. */
static int no_duplicates(const cJSON *obj, const char *where, struct verr *e)
{
	for (const cJSON *c = obj->child; c; c = c->next)
		for (const cJSON *d = c->next; d; d = d->next)
			if (!strcmp(c->string, d->string))
				return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
				             "%sfield '%.64s' appears twice", where, c->string);
	return 0;
}

/* Refuses members not named in `known` (NULL-terminated). */
static int only_fields(const cJSON *obj, const char *const *known, const char *where,
                       struct verr *e)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		size_t i = 0;
		while (known[i] && strcmp(known[i], c->string))
			i++;
		if (!known[i])
			return vfail(e, MHD_HTTP_BAD_REQUEST, "unknown_field",
			             "%sunknown field '%.64s'", where, c->string);
	}
	return no_duplicates(obj, where, e);
}

/* A string member; required or optional (NULL when absent). */
static const char *get_str(const cJSON *obj, const char *name, int required, const char *where,
                           struct verr *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v) {
		if (required)
			vfail(e, MHD_HTTP_BAD_REQUEST, "missing_field", "%sfield '%s' is required",
			      where, name);
		return NULL;
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field", "%sfield '%s' must be a string", where,
		      name);
		return NULL;
	}
	return v->valuestring;
}

/* An integer member in [min, max]. Returns 1 present, 0 absent, -1 bad. */
static int get_int(const cJSON *obj, const char *name, int required, long long min, long long max,
                   long long *out, const char *where, struct verr *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v) {
		if (required)
			return vfail(e, MHD_HTTP_BAD_REQUEST, "missing_field",
			             "%sfield '%s' is required", where, name);
		return 0;
	}
	double d = v->valuedouble;
	if (!cJSON_IsNumber(v) || d != floor(d) || d < (double)min || d > (double)max)
		return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
		             "%sfield '%s' must be an integer from %lld to %lld", where, name, min,
		             max);
	*out = (long long)d;
	return 1;
}

static int check_type(const cJSON *obj, const char *name, int (*is)(const cJSON *),
                      const char *tname, const char *where, struct verr *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (v && !is(v))
		return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field", "%sfield '%s' must be %s", where,
		             name, tname);
	return 0;
}

static int is_str(const cJSON *v)
{
	return cJSON_IsString(v);
}
static int is_num(const cJSON *v)
{
	return cJSON_IsNumber(v);
}
static int is_bool(const cJSON *v)
{
	return cJSON_IsBool(v);
}
static int is_obj(const cJSON *v)
{
	return cJSON_IsObject(v);
}
static int is_arr(const cJSON *v)
{
	return cJSON_IsArray(v);
}

static int no_controls(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*** Results ***/

#define NONNEG_MAX 9007199254740991LL

/* Validates a result document and fills row (pointing into root, and into
 * canon for the JSON). For a job, want_* name what the job was. */
static int validate_result(struct web_server *s, const cJSON *root, struct web_result_row *row,
                           struct wbuf *canon, struct verr *e)
{
	const char *w = "result: ";
	const char *schema = get_str(root, "schema", 1, w, e);
	const char *key = get_str(root, "key", 1, w, e);
	const char *mode = get_str(root, "mode", 1, w, e);
	const char *problem = get_str(root, "problem", 1, w, e);
	const char *language = get_str(root, "language", 1, w, e);
	const char *verdict = get_str(root, "verdict", 1, w, e);
	enum judge_verdict vd;

	if (e->status || no_duplicates(root, w, e))
		return -1;
	if (get_int(root, "passed", 1, 0, NONNEG_MAX, &row->passed, w, e) < 0 ||
	    get_int(root, "total", 1, 0, NONNEG_MAX, &row->total, w, e) < 0 ||
	    get_int(root, "time_ms", 1, 0, NONNEG_MAX, &row->time_ms, w, e) < 0 ||
	    get_int(root, "memory_kb", 1, 0, NONNEG_MAX, &row->memory_kb, w, e) < 0)
		return -1;
	if (row->passed > row->total)
		return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
		             "result: 'passed' (%lld) exceeds 'total' (%lld)", row->passed,
		             row->total);
	size_t kl = strlen(key);
	if (kl != 32 || strspn(key, "0123456789abcdef") != 32)
		return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
		             "result: field 'key' must be 32 lowercase hex digits");
	if (strcmp(mode, "submit") && strcmp(mode, "test"))
		return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
		             "result: field 'mode' must be \"submit\" or \"test\"");
	if (check_type(root, "message", is_str, "a string", w, e) ||
	    check_type(root, "source", is_str, "a string", w, e) ||
	    check_type(root, "submission", is_obj, "an object", w, e) ||
	    check_type(root, "compile", is_obj, "an object", w, e) ||
	    check_type(root, "tests", is_arr, "an array", w, e) ||
	    check_type(root, "score", is_obj, "an object", w, e) ||
	    check_type(root, "isolation", is_obj, "an object", w, e) ||
	    check_type(root, "judge_version", is_str, "a string", w, e) ||
	    check_type(root, "started_at", is_str, "a string", w, e) ||
	    check_type(root, "finished_at", is_str, "a string", w, e))
		return -1;
	const cJSON *sub = cJSON_GetObjectItemCaseSensitive(root, "submission");
	long long tmp;
	if (sub && (check_type(sub, "file", is_str, "a string", "result.submission: ", e) ||
	            check_type(sub, "sha256", is_str, "a string", "result.submission: ", e) ||
	            get_int(sub, "bytes", 0, 0, NONNEG_MAX, &tmp, "result.submission: ", e) < 0))
		return -1;
	const cJSON *comp = cJSON_GetObjectItemCaseSensitive(root, "compile");
	if (comp && (check_type(comp, "ok", is_bool, "a boolean", "result.compile: ", e) ||
	             check_type(comp, "log", is_str, "a string", "result.compile: ", e) ||
	             check_type(comp, "cached", is_bool, "a boolean", "result.compile: ", e) ||
	             get_int(comp, "time_ms", 0, 0, NONNEG_MAX, &tmp, "result.compile: ", e) < 0))
		return -1;
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(root, "score");
	if (score && (check_type(score, "value", is_num, "a number", "result.score: ", e) ||
	              check_type(score, "max", is_num, "a number", "result.score: ", e) ||
	              check_type(score, "label", is_str, "a string", "result.score: ", e)))
		return -1;
	const cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
	if (!tests)
		return vfail(e, MHD_HTTP_BAD_REQUEST, "missing_field",
		             "result: field 'tests' is required");
	size_t i = 0;
	for (const cJSON *t = tests->child; t; t = t->next, i++) {
		char where[64];
		snprintf(where, sizeof where, "result.tests[%zu]: ", i);
		if (!cJSON_IsObject(t))
			return vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field", "%smust be an object",
			             where);
		const char *tv = get_str(t, "verdict", 1, where, e);
		if (!tv || !get_str(t, "name", 1, where, e))
			return -1;
		if (judge_verdict_parse(tv, &vd))
			return vfail(e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_verdict",
			             "%sunknown verdict \"%.16s\"", where, tv);
		if (check_type(t, "group", is_str, "a string", where, e) ||
		    check_type(t, "message", is_str, "a string", where, e) ||
		    check_type(t, "output", is_str, "a string", where, e) ||
		    check_type(t, "stderr", is_str, "a string", where, e) ||
		    check_type(t, "score", is_num, "a number", where, e) ||
		    get_int(t, "time_ms", 0, 0, NONNEG_MAX, &tmp, where, e) < 0 ||
		    get_int(t, "wall_ms", 0, 0, NONNEG_MAX, &tmp, where, e) < 0 ||
		    get_int(t, "memory_kb", 0, 0, NONNEG_MAX, &tmp, where, e) < 0 ||
		    get_int(t, "exit_code", 0, -(1LL << 31), (1LL << 31), &tmp, where, e) < 0 ||
		    get_int(t, "signal", 0, 0, 1024, &tmp, where, e) < 0)
			return -1;
	}
	/* Values known to be well-formed; now: known to this server? */
	if (strcmp(schema, "judge-result/1") != 0)
		return vfail(
		    e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_schema",
		    "result: schema \"%.40s\" is not supported (expected \"judge-result/1\")",
		    schema);
	if (judge_verdict_parse(verdict, &vd))
		return vfail(e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_verdict",
		             "result: unknown verdict \"%.16s\"", verdict);
	const struct web_problem *wp = web_problems_find(s->problems, problem);
	if (!wp)
		return vfail(e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_problem",
		             "result: unknown problem \"%.64s\"", problem);
	if (!judge_langs_find(s->langs, language))
		return vfail(e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_language",
		             "result: unknown language \"%.32s\"", language);
	if (!judge_problem_accepts(wp->p, language))
		return vfail(e, MHD_HTTP_UNPROCESSABLE_CONTENT, "language_not_accepted",
		             "result: problem %s does not accept language %s", problem, language);
	row->problem = problem;
	row->language = language;
	row->mode = mode;
	row->verdict = verdict;
	row->key = key;
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
	row->source = src ? src->valuestring : NULL;
	row->source_len = src ? strlen(src->valuestring) : 0;
	web_json_write(canon, root);
	if (canon->oom)
		return vfail(e, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
	row->json = canon->p;
	row->json_len = canon->len;
	return 0;
}

/*** Handlers ***/

static struct web_conn *conn_or_500(struct web_server *s, struct web_resp *r)
{
	char err[256];
	struct web_conn *c = web_store_conn(s->store, err, sizeof err);
	if (!c) {
		web_logf(s, "%s", err);
		web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "database unavailable");
	}
	return c;
}

static void db_500(struct web_server *s, const char *err, struct web_resp *r)
{
	web_logf(s, "%s", err);
	web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "database error");
}

static void h_health(struct web_server *s, struct web_resp *r)
{
	char err[256];
	long long queued, running;
	struct wbuf b;
	struct web_conn *c = conn_or_500(s, r);

	if (!c)
		return;
	if (web_db_counts(c, &queued, &running, err, sizeof err)) {
		db_500(s, err, r);
		return;
	}
	wbuf_init(&b);
	wbuf_puts(&b, "{\"ok\":true,\"version\":\"" WEB_VERSION "\",\"queued\":");
	wbuf_int(&b, queued);
	wbuf_puts(&b, ",\"running\":");
	wbuf_int(&b, running);
	wbuf_puts(&b, ",\"problems\":");
	wbuf_int(&b, (long long)s->problems->n);
	wbuf_putc(&b, '}');
	web_json_resp(r, MHD_HTTP_OK, &b);
}

static void h_problems(struct web_server *s, struct web_resp *r)
{
	char err[256], best[8];
	struct wbuf b;
	struct web_conn *c = conn_or_500(s, r);

	if (!c)
		return;
	wbuf_init(&b);
	wbuf_puts(&b, "{\"problems\":[");
	for (size_t i = 0; i < s->problems->n; i++) {
		const struct web_problem *wp = &s->problems->v[i];
		if (web_db_best_verdict(c, wp->id, best, err, sizeof err)) {
			wbuf_free(&b);
			db_500(s, err, r);
			return;
		}
		if (i)
			wbuf_putc(&b, ',');
		wbuf_put(&b, wp->summary, wp->summary_len);
		if (best[0])
			wbuf_cstr(&b, best);
		else
			wbuf_puts(&b, "null");
		wbuf_putc(&b, '}');
	}
	wbuf_puts(&b, "]}");
	web_json_resp(r, MHD_HTTP_OK, &b);
}

static void h_problem(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	const struct web_problem *wp = web_problems_find(s->problems, q->path_arg);

	if (!wp) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no problem \"%s\"", q->path_arg);
		return;
	}
	r->status = MHD_HTTP_OK;
	r->content_type = "application/json";
	r->body = wp->doc;
	r->len = wp->doc_len;
	r->persistent = 1; /* lives as long as the server */
}

static void h_sub_create(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	static const char *const fields[] = {"problem", "language", "source", "mode", NULL};
	struct verr e = {0};
	char err[256];
	long long id;
	cJSON *root = parse_object(q, &e);
	const char *problem = NULL, *language = NULL, *source = NULL, *mode = NULL;

	if (!root || only_fields(root, fields, "", &e))
		goto out;
	problem = get_str(root, "problem", 1, "", &e);
	language = get_str(root, "language", 1, "", &e);
	source = get_str(root, "source", 1, "", &e);
	mode = get_str(root, "mode", 0, "", &e);
	if (e.status)
		goto out;
	if (!mode)
		mode = "submit";
	if (strcmp(mode, "submit") && strcmp(mode, "test")) {
		vfail(&e, MHD_HTTP_BAD_REQUEST, "bad_field",
		      "field 'mode' must be \"submit\" or \"test\"");
		goto out;
	}
	size_t slen = strlen(source);
	if (slen == 0) {
		vfail(&e, MHD_HTTP_BAD_REQUEST, "bad_field", "field 'source' is empty");
		goto out;
	}
	if (slen > WEB_MAX_SOURCE) {
		vfail(&e, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
		      "field 'source' exceeds %u bytes", WEB_MAX_SOURCE);
		goto out;
	}
	const struct web_problem *wp =
	    valid_problem_id(problem) ? web_problems_find(s->problems, problem) : NULL;
	if (!wp) {
		vfail(&e, MHD_HTTP_NOT_FOUND, "not_found", "no problem \"%.64s\"", problem);
		goto out;
	}
	if (!judge_langs_find(s->langs, language)) {
		vfail(&e, MHD_HTTP_UNPROCESSABLE_CONTENT, "unknown_language",
		      "field 'language': unknown language \"%.32s\"", language);
		goto out;
	}
	if (!judge_problem_accepts(wp->p, language)) {
		vfail(&e, MHD_HTTP_UNPROCESSABLE_CONTENT, "language_not_accepted",
		      "field 'language': problem %s does not accept %s", wp->id, language);
		goto out;
	}
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		goto out;
	if (web_db_insert_submission(c, wp->id, language, mode, source, slen, &id, err,
	                             sizeof err)) {
		db_500(s, err, r);
		goto out;
	}
	struct wbuf b;
	wbuf_init(&b);
	wbuf_puts(&b, "{\"id\":");
	wbuf_int(&b, id);
	wbuf_puts(&b, ",\"status\":\"queued\"}");
	web_json_resp(r, MHD_HTTP_ACCEPTED, &b);
out:
	if (e.status)
		verr_resp(&e, r);
	cJSON_Delete(root);
}

/* Collects and checks the query string of GET /api/submissions. */
struct list_args {
	struct web_list_filter f;
	struct verr e;
	int seen; /* bit per parameter, to refuse repeats */
};

static enum MHD_Result list_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	static const char *const names[] = {"problem", "language", "verdict", "status",
	                                    "limit",   "before",   NULL};
	struct list_args *a = cls;
	enum judge_verdict vd;
	const char *end = NULL;
	size_t i = 0;
	(void)kind;

	while (names[i] && strcmp(names[i], key))
		i++;
	if (!names[i]) {
		char k[65];
		snprintf(k, sizeof k, "%s", key);
		web_utf8_scrub(k);
		vfail(&a->e, MHD_HTTP_BAD_REQUEST, "bad_query", "unknown parameter '%s'", k);
		return MHD_NO;
	}
	if (a->seen & (1 << i)) {
		vfail(&a->e, MHD_HTTP_BAD_REQUEST, "bad_query", "parameter '%s' given twice", key);
		return MHD_NO;
	}
	a->seen |= 1 << i;
	if (!value || !*value)
		return MHD_YES; /* empty: no filter */
	switch (i) {
	case 0:
		if (!valid_problem_id(value))
			goto bad;
		a->f.problem = value;
		break;
	case 1:
		if (!valid_lang_id(value))
			goto bad;
		a->f.language = value;
		break;
	case 2:
		if (judge_verdict_parse(value, &vd))
			goto bad;
		a->f.verdict = value;
		break;
	case 3:
		if (strcmp(value, "queued") && strcmp(value, "running") && strcmp(value, "done") &&
		    strcmp(value, "failed"))
			goto bad;
		a->f.status = value;
		break;
	case 4: {
		long long v = parse_id(value, &end);
		if (v < 1 || *end || v > MAX_LIMIT) {
			vfail(&a->e, MHD_HTTP_BAD_REQUEST, "bad_query",
			      "parameter 'limit' must be an integer from 1 to %d", MAX_LIMIT);
			return MHD_NO;
		}
		a->f.limit = (int)v;
		break;
	}
	case 5: {
		long long v = parse_id(value, &end);
		if (v < 1 || *end) {
			vfail(&a->e, MHD_HTTP_BAD_REQUEST, "bad_query",
			      "parameter 'before' must be a positive integer");
			return MHD_NO;
		}
		a->f.before = v;
		break;
	}
	}
	return MHD_YES;
bad:
	vfail(&a->e, MHD_HTTP_BAD_REQUEST, "bad_query", "parameter '%s' has a bad value", key);
	return MHD_NO;
}

static void h_sub_list(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	struct list_args a;
	char err[256];
	struct wbuf b;

	memset(&a, 0, sizeof a);
	a.f.limit = DEFAULT_LIMIT;
	a.f.before = MAX_ID + 1;
	MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, list_arg, &a);
	if (a.e.status) {
		verr_resp(&a.e, r);
		return;
	}
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		return;
	wbuf_init(&b);
	if (web_db_list(c, &a.f, &b, err, sizeof err)) {
		wbuf_free(&b);
		db_500(s, err, r);
		return;
	}
	web_json_resp(r, MHD_HTTP_OK, &b);
}

static void h_sub_get(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	char err[256];
	struct wbuf b;
	struct web_conn *c = conn_or_500(s, r);

	if (!c)
		return;
	wbuf_init(&b);
	int rc = web_db_get(c, q->path_id, &b, err, sizeof err);
	if (rc == WEB_DB_OK) {
		web_json_resp(r, MHD_HTTP_OK, &b);
		return;
	}
	wbuf_free(&b);
	if (rc == WEB_DB_NOT_FOUND)
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no submission %lld", q->path_id);
	else
		db_500(s, err, r);
}

static void h_results(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	struct verr e = {0};
	struct web_result_row row;
	struct wbuf canon, b;
	char err[256];
	long long id;
	int dup;
	cJSON *root = parse_object(q, &e);

	wbuf_init(&canon);
	wbuf_reserve(&canon, q->body_len + 64); /* canonical JSON is about as long */
	memset(&row, 0, sizeof row);
	if (!root || validate_result(s, root, &row, &canon, &e))
		goto out;
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		goto out;
	if (web_db_insert_result(c, &row, &id, &dup, err, sizeof err)) {
		db_500(s, err, r);
		goto out;
	}
	wbuf_init(&b);
	wbuf_puts(&b, "{\"id\":");
	wbuf_int(&b, id);
	wbuf_puts(&b, dup ? ",\"duplicate\":true}" : "}");
	web_json_resp(r, dup ? MHD_HTTP_OK : MHD_HTTP_CREATED, &b);
out:
	if (e.status)
		verr_resp(&e, r);
	wbuf_free(&canon);
	cJSON_Delete(root);
}

static void h_claim(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	static const char *const fields[] = {"worker", "lease_s", NULL};
	struct verr e = {0};
	char err[256];
	long long lease_s = s->cfg.default_lease_s;
	struct wbuf b;
	cJSON *root = parse_object(q, &e);
	const char *worker;

	if (!root || only_fields(root, fields, "", &e))
		goto out;
	worker = get_str(root, "worker", 1, "", &e);
	if (!worker || get_int(root, "lease_s", 0, 1, MAX_LEASE_S, &lease_s, "", &e) < 0)
		goto out;
	size_t wl = strlen(worker);
	if (wl == 0 || wl > 128 || !no_controls(worker)) {
		vfail(&e, MHD_HTTP_BAD_REQUEST, "bad_field",
		      "field 'worker' must be 1 to 128 printable characters");
		goto out;
	}
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		goto out;
	wbuf_init(&b);
	int rc = web_db_claim(c, worker, lease_s * 1000, &b, err, sizeof err);
	if (rc == WEB_DB_OK) {
		web_json_resp(r, MHD_HTTP_OK, &b);
	} else if (rc == WEB_DB_NOT_FOUND) {
		wbuf_free(&b);
		r->status = MHD_HTTP_NO_CONTENT;
		r->content_type = NULL;
	} else {
		wbuf_free(&b);
		db_500(s, err, r);
	}
out:
	if (e.status)
		verr_resp(&e, r);
	cJSON_Delete(root);
}

static const char *get_lease(const cJSON *root, struct verr *e)
{
	const char *lease = get_str(root, "lease", 1, "", e);
	if (lease && (strlen(lease) != 32 || strspn(lease, "0123456789abcdef") != 32)) {
		vfail(e, MHD_HTTP_BAD_REQUEST, "bad_field",
		      "field 'lease' must be the 32 hex digits the claim returned");
		return NULL;
	}
	return lease;
}

static void h_heartbeat(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	static const char *const fields[] = {"lease", NULL};
	struct verr e = {0};
	char err[256], iso[32];
	long long expires = 0;
	cJSON *root = parse_object(q, &e);
	const char *lease;

	if (!root || only_fields(root, fields, "", &e) || !(lease = get_lease(root, &e)))
		goto out;
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		goto out;
	int rc = web_db_heartbeat(c, q->path_id, lease, &expires, err, sizeof err);
	if (rc == WEB_DB_OK) {
		struct wbuf b;
		web_iso_time(expires, iso);
		wbuf_init(&b);
		wbuf_puts(&b, "{\"ok\":true,\"lease_expires_at\":");
		wbuf_cstr(&b, iso);
		wbuf_putc(&b, '}');
		web_json_resp(r, MHD_HTTP_OK, &b);
	} else if (rc == WEB_DB_NOT_FOUND) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no job %lld", q->path_id);
	} else if (rc == WEB_DB_CONFLICT) {
		web_error(r, MHD_HTTP_CONFLICT, "lease_lost",
		          "the lease on job %lld is no longer held", q->path_id);
	} else {
		db_500(s, err, r);
	}
out:
	if (e.status)
		verr_resp(&e, r);
	cJSON_Delete(root);
}

static void h_job_result(struct web_server *s, const struct web_req *q, struct web_resp *r)
{
	static const char *const fields[] = {"lease", "result", "error", NULL};
	struct verr e = {0};
	struct web_result_row row;
	struct wbuf canon;
	char err[256], problem[128], language[64], mode[16];
	cJSON *root = parse_object(q, &e);
	const char *lease, *failure = NULL;

	wbuf_init(&canon);
	wbuf_reserve(&canon, q->body_len + 64); /* canonical JSON is about as long */
	memset(&row, 0, sizeof row);
	if (!root || only_fields(root, fields, "", &e) || !(lease = get_lease(root, &e)))
		goto out;
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "result");
	const cJSON *fail = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (!!res == !!fail) {
		vfail(&e, MHD_HTTP_BAD_REQUEST, res ? "bad_field" : "missing_field",
		      "exactly one of 'result' (an object) and 'error' (a string) is required");
		goto out;
	}
	if (fail) {
		if (!cJSON_IsString(fail) || !*fail->valuestring) {
			vfail(&e, MHD_HTTP_BAD_REQUEST, "bad_field",
			      "field 'error' must be a non-empty string");
			goto out;
		}
		failure = fail->valuestring;
	} else if (!cJSON_IsObject(res)) {
		vfail(&e, MHD_HTTP_BAD_REQUEST, "bad_field", "field 'result' must be an object");
		goto out;
	} else if (validate_result(s, res, &row, &canon, &e)) {
		goto out;
	}
	struct web_conn *c = conn_or_500(s, r);
	if (!c)
		goto out;
	int rc = web_db_job_info(c, q->path_id, problem, language, mode, err, sizeof err);
	if (rc == WEB_DB_NOT_FOUND) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no job %lld", q->path_id);
		goto out;
	}
	if (rc) {
		db_500(s, err, r);
		goto out;
	}
	if (!failure && (strcmp(problem, row.problem) || strcmp(language, row.language) ||
	                 strcmp(mode, row.mode))) {
		vfail(&e, MHD_HTTP_UNPROCESSABLE_CONTENT, "result_mismatch",
		      "the result is for %s/%s/%s, job %lld is %s/%s/%s", row.problem, row.language,
		      row.mode, q->path_id, problem, language, mode);
		goto out;
	}
	err[0] = '\0';
	rc = web_db_finish_job(c, q->path_id, lease, failure ? NULL : &row, failure, err,
	                       sizeof err);
	struct wbuf b;
	wbuf_init(&b);
	if (rc == WEB_DB_OK || rc == WEB_DB_DUPLICATE) {
		wbuf_puts(&b, "{\"id\":");
		wbuf_int(&b, q->path_id);
		wbuf_puts(&b, ",\"status\":");
		wbuf_cstr(&b, failure ? "failed" : "done");
		if (rc == WEB_DB_DUPLICATE)
			wbuf_puts(&b, ",\"duplicate\":true");
		wbuf_putc(&b, '}');
		web_json_resp(r, MHD_HTTP_OK, &b);
	} else if (rc == WEB_DB_NOT_FOUND) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no job %lld", q->path_id);
	} else if (rc == WEB_DB_CONFLICT) {
		if (err[0])
			web_error(r, MHD_HTTP_CONFLICT, "conflict", "%s", err);
		else
			web_error(r, MHD_HTTP_CONFLICT, "lease_lost",
			          "the lease on job %lld is no longer held; the result was dropped",
			          q->path_id);
	} else {
		db_500(s, err, r);
	}
out:
	if (e.status)
		verr_resp(&e, r);
	wbuf_free(&canon);
	cJSON_Delete(root);
}

void web_api_handle(struct web_server *s, struct web_req *q, struct web_resp *r)
{
	switch (q->route) {
	case R_HEALTH:
		h_health(s, r);
		break;
	case R_PROBLEMS:
		h_problems(s, r);
		break;
	case R_PROBLEM:
		h_problem(s, q, r);
		break;
	case R_SUB_CREATE:
		h_sub_create(s, q, r);
		break;
	case R_SUB_LIST:
		h_sub_list(s, q, r);
		break;
	case R_SUB_GET:
		h_sub_get(s, q, r);
		break;
	case R_RESULTS:
		h_results(s, q, r);
		break;
	case R_CLAIM:
		h_claim(s, q, r);
		break;
	case R_HEARTBEAT:
		h_heartbeat(s, q, r);
		break;
	case R_JOB_RESULT:
		h_job_result(s, q, r);
		break;
	default:
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such API endpoint");
		break;
	}
}

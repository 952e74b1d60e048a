/* result.c -- the result JSON (docs/result-schema.md): building it from a
 * judging, checking one received from elsewhere, and the smaller documents
 * of `judge box` and `judge exec`. */
#include "judge/judge.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "judge/util.h"

#define RESULT_SCHEMA "judge-result/1"

void judge_options_init(struct judge_options *o)
{
	memset(o, 0, sizeof *o);
	o->mode = JUDGE_MODE_SUBMIT;
	o->time_scale = 1.0;
}

int judge_source_check(const char *source, size_t len, char *err, size_t errlen)
{
	size_t bad;

	if (len == 0)
		return jutil_errf(err, errlen, "the source is empty");
	if (len > JUDGE_SOURCE_MAX)
		return jutil_errf(err, errlen, "the source has %zu bytes; the limit is %d (1 MiB)",
		                  len, JUDGE_SOURCE_MAX);
	if (memchr(source, 0, len))
		return jutil_errf(err, errlen, "the source is not text (it contains NUL bytes)");
	bad = jutil_utf8_check(source, len);
	if (bad < len)
		return jutil_errf(err, errlen, "the source is not text (invalid UTF-8 at byte %zu)",
		                  bad);
	return 0;
}

static void free_test(struct judge_test_result *t)
{
	free(t->name);
	free(t->group);
	free(t->message);
	free(t->output);
	free(t->stderr_text);
}

void judge_result_free(struct judge_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ntests; i++)
		free_test(&r->tests[i]);
	free(r->tests);
	free(r->problem);
	free(r->language);
	free(r->file);
	free(r->source);
	free(r->message);
	free(r->compile_log);
	free(r->score_label);
	free(r);
}

static void iso_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

cJSON *judge_isolation_to_json(const struct sbx_isolation *iso)
{
	static const struct {
		unsigned bit;
		const char *name;
	} ns[] = {{SBX_NS_PID, "pid"}, {SBX_NS_NET, "net"}, {SBX_NS_MNT, "mnt"},
	          {SBX_NS_IPC, "ipc"}, {SBX_NS_UTS, "uts"}, {SBX_NS_USER, "user"}};
	cJSON *o = cJSON_CreateObject(), *arr, *notes;
	char buf[sizeof iso->notes];

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "level", sbx_level_name(iso->level));
	arr = cJSON_AddArrayToObject(o, "namespaces");
	for (size_t i = 0; arr && i < sizeof ns / sizeof ns[0]; i++)
		if (iso->namespaces & ns[i].bit)
			cJSON_AddItemToArray(arr, cJSON_CreateString(ns[i].name));
	cJSON_AddStringToObject(o, "cgroup",
	                        iso->cgroup == 2   ? "v2"
	                        : iso->cgroup == 1 ? "v1"
	                                           : "none");
	cJSON_AddBoolToObject(o, "seccomp", iso->seccomp);
	cJSON_AddBoolToObject(o, "seccomp_notify", iso->seccomp_notify);
	cJSON_AddNumberToObject(o, "landlock", iso->landlock);
	cJSON_AddNumberToObject(o, "uid", (double)iso->uid);
	notes = cJSON_AddArrayToObject(o, "notes");
	snprintf(buf, sizeof buf, "%s", iso->notes);
	for (char *save = NULL, *n = strtok_r(buf, ";", &save); notes && n;
	     n = strtok_r(NULL, ";", &save)) {
		while (*n == ' ')
			n++;
		if (*n)
			cJSON_AddItemToArray(notes, cJSON_CreateString(n));
	}
	return o;
}

cJSON *judge_run_to_json(const struct sbx_result *r, const struct sbx_isolation *iso)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "status", sbx_status_name(r->status));
	cJSON_AddNumberToObject(o, "exit_code", r->exit_code);
	cJSON_AddNumberToObject(o, "signal", r->signal);
	cJSON_AddNumberToObject(o, "time_ms", (double)r->cpu_ms);
	cJSON_AddNumberToObject(o, "wall_ms", (double)r->wall_ms);
	cJSON_AddNumberToObject(o, "memory_kb", (double)r->memory_kb);
	cJSON_AddStringToObject(o, "message", r->message);
	if (iso)
		cJSON_AddItemToObject(o, "isolation", judge_isolation_to_json(iso));
	cJSON_AddStringToObject(o, "judge_version", judge_version());
	return o;
}

cJSON *judge_result_to_json(const struct judge_result *r)
{
	cJSON *o = cJSON_CreateObject(), *sub, *comp, *tests, *score;
	char when[32];

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "schema", RESULT_SCHEMA);
	cJSON_AddStringToObject(o, "key", r->key);
	cJSON_AddStringToObject(o, "mode", r->mode == JUDGE_MODE_TEST ? "test" : "submit");
	cJSON_AddStringToObject(o, "problem", r->problem ? r->problem : "");
	cJSON_AddStringToObject(o, "language", r->language ? r->language : "");
	sub = cJSON_AddObjectToObject(o, "submission");
	if (sub) {
		cJSON_AddStringToObject(sub, "file", r->file ? r->file : "");
		cJSON_AddNumberToObject(sub, "bytes", (double)r->bytes);
		cJSON_AddStringToObject(sub, "sha256", r->sha256);
	}
	if (r->source)
		cJSON_AddStringToObject(o, "source", r->source);
	cJSON_AddStringToObject(o, "verdict", judge_verdict_name(r->verdict));
	cJSON_AddStringToObject(o, "message", r->message ? r->message : "");
	comp = cJSON_AddObjectToObject(o, "compile");
	if (comp) {
		cJSON_AddBoolToObject(comp, "ok", r->compile_ok);
		cJSON_AddStringToObject(comp, "log", r->compile_log ? r->compile_log : "");
		cJSON_AddNumberToObject(comp, "time_ms", (double)r->compile_ms);
		cJSON_AddBoolToObject(comp, "cached", r->compile_cached);
	}
	tests = cJSON_AddArrayToObject(o, "tests");
	for (size_t i = 0; tests && i < r->ntests; i++) {
		const struct judge_test_result *t = &r->tests[i];
		cJSON *j = cJSON_CreateObject();

		if (!j)
			break;
		cJSON_AddStringToObject(j, "name", t->name);
		cJSON_AddStringToObject(j, "group", t->group);
		cJSON_AddStringToObject(j, "verdict", judge_verdict_name(t->verdict));
		cJSON_AddNumberToObject(j, "time_ms", (double)t->time_ms);
		cJSON_AddNumberToObject(j, "wall_ms", (double)t->wall_ms);
		cJSON_AddNumberToObject(j, "memory_kb", (double)t->memory_kb);
		cJSON_AddNumberToObject(j, "exit_code", t->exit_code);
		cJSON_AddNumberToObject(j, "signal", t->signal);
		cJSON_AddStringToObject(j, "message", t->message ? t->message : "");
		if (!t->gating)
			cJSON_AddBoolToObject(j, "gating", 0);
		if (t->output)
			cJSON_AddStringToObject(j, "output", t->output);
		if (t->stderr_text)
			cJSON_AddStringToObject(j, "stderr", t->stderr_text);
		if (t->has_score)
			cJSON_AddNumberToObject(j, "score", t->score);
		cJSON_AddItemToArray(tests, j);
	}
	cJSON_AddNumberToObject(o, "passed", r->passed);
	cJSON_AddNumberToObject(o, "total", r->total);
	cJSON_AddNumberToObject(o, "time_ms", (double)r->time_ms);
	cJSON_AddNumberToObject(o, "memory_kb", (double)r->memory_kb);
	if (r->has_score) {
		score = cJSON_AddObjectToObject(o, "score");
		if (score) {
			cJSON_AddNumberToObject(score, "value", round(r->score * 100) / 100);
			cJSON_AddNumberToObject(score, "max", r->score_max);
			cJSON_AddStringToObject(score, "label",
			                        r->score_label ? r->score_label : "");
		}
	}
	cJSON_AddItemToObject(o, "isolation", judge_isolation_to_json(&r->isolation));
	cJSON_AddStringToObject(o, "judge_version", judge_version());
	iso_time(r->started_ms, when, sizeof when);
	cJSON_AddStringToObject(o, "started_at", when);
	iso_time(r->finished_ms, when, sizeof when);
	cJSON_AddStringToObject(o, "finished_at", when);
	return o;
}

/*** Checking a received result ***/

static int need(const cJSON *o, const char *name, int type, const char *where, const cJSON **out,
                char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	static const char *const tn[] = {"a string", "a number", "a boolean", "an object",
	                                 "an array"};
	int ok, ti;

	switch (type) {
	case cJSON_String:
		ok = cJSON_IsString(v);
		ti = 0;
		break;
	case cJSON_Number:
		ok = cJSON_IsNumber(v) && isfinite(v->valuedouble);
		ti = 1;
		break;
	case cJSON_True:
		ok = cJSON_IsBool(v);
		ti = 2;
		break;
	case cJSON_Object:
		ok = cJSON_IsObject(v);
		ti = 3;
		break;
	default:
		ok = cJSON_IsArray(v);
		ti = 4;
		break;
	}
	if (!ok)
		return jutil_errf(err, errlen, "field '%s%s': %s %s", where, name,
		                  v ? "expected" : "missing, expected", tn[ti]);
	if (out)
		*out = v;
	return 0;
}

static int check_verdict(const cJSON *v, const char *field, char *err, size_t errlen)
{
	enum judge_verdict x;

	if (judge_verdict_parse(v->valuestring, &x) < 0)
		return jutil_errf(err, errlen, "field '%s': unknown verdict \"%.16s\"", field,
		                  v->valuestring);
	return 0;
}

static int nonneg(const cJSON *v, const char *field, char *err, size_t errlen)
{
	if (v->valuedouble < 0 || v->valuedouble > 1e15)
		return jutil_errf(err, errlen, "field '%s': out of range", field);
	return 0;
}

int judge_result_check_json(const cJSON *doc, char *err, size_t errlen)
{
	const cJSON *v = NULL, *comp = NULL, *tests = NULL, *t;
	char field[64];
	size_t i = 0;

	if (!cJSON_IsObject(doc))
		return jutil_errf(err, errlen, "the result is not a JSON object");
	if (need(doc, "schema", cJSON_String, "", &v, err, errlen) < 0)
		return -1;
	if (strcmp(v->valuestring, RESULT_SCHEMA) != 0)
		return jutil_errf(err, errlen, "field 'schema': expected \"%s\", got \"%.32s\"",
		                  RESULT_SCHEMA, v->valuestring);
	if (need(doc, "key", cJSON_String, "", &v, err, errlen) < 0)
		return -1;
	if (strlen(v->valuestring) != 32 || strspn(v->valuestring, "0123456789abcdef") != 32)
		return jutil_errf(err, errlen, "field 'key': expected 32 lowercase hex digits");
	if (need(doc, "mode", cJSON_String, "", &v, err, errlen) < 0)
		return -1;
	if (strcmp(v->valuestring, "submit") && strcmp(v->valuestring, "test"))
		return jutil_errf(err, errlen, "field 'mode': expected \"submit\" or \"test\"");
	if (need(doc, "problem", cJSON_String, "", &v, err, errlen) < 0)
		return -1;
	if (!v->valuestring[0] || strlen(v->valuestring) > 64 ||
	    strspn(v->valuestring, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	        strlen(v->valuestring))
		return jutil_errf(err, errlen, "field 'problem': not a problem id");
	if (need(doc, "language", cJSON_String, "", &v, err, errlen) < 0)
		return -1;
	if (!v->valuestring[0] || strlen(v->valuestring) > 32)
		return jutil_errf(err, errlen, "field 'language': not a language id");
	if (need(doc, "verdict", cJSON_String, "", &v, err, errlen) < 0 ||
	    check_verdict(v, "verdict", err, errlen) < 0)
		return -1;
	if (need(doc, "compile", cJSON_Object, "", &comp, err, errlen) < 0 ||
	    need(comp, "ok", cJSON_True, "compile.", NULL, err, errlen) < 0 ||
	    need(comp, "log", cJSON_String, "compile.", NULL, err, errlen) < 0)
		return -1;
	if (need(doc, "tests", cJSON_Array, "", &tests, err, errlen) < 0)
		return -1;
	cJSON_ArrayForEach(t, tests)
	{
		static const char *const nums[] = {"time_ms", "wall_ms", "memory_kb"};

		snprintf(field, sizeof field, "tests[%zu].", i++);
		if (!cJSON_IsObject(t))
			return jutil_errf(err, errlen, "field '%.40s': expected an object", field);
		if (need(t, "name", cJSON_String, field, NULL, err, errlen) < 0 ||
		    need(t, "group", cJSON_String, field, NULL, err, errlen) < 0 ||
		    need(t, "verdict", cJSON_String, field, &v, err, errlen) < 0 ||
		    check_verdict(v, "tests[].verdict", err, errlen) < 0)
			return -1;
		for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
			if (need(t, nums[k], cJSON_Number, field, &v, err, errlen) < 0 ||
			    nonneg(v, nums[k], err, errlen) < 0)
				return -1;
		v = cJSON_GetObjectItemCaseSensitive(t, "message");
		if (v && !cJSON_IsString(v))
			return jutil_errf(err, errlen, "field '%smessage': expected a string",
			                  field);
	}
	if (need(doc, "time_ms", cJSON_Number, "", &v, err, errlen) < 0 ||
	    nonneg(v, "time_ms", err, errlen) < 0 ||
	    need(doc, "memory_kb", cJSON_Number, "", &v, err, errlen) < 0 ||
	    nonneg(v, "memory_kb", err, errlen) < 0)
		return -1;
	if (need(doc, "isolation", cJSON_Object, "", NULL, err, errlen) < 0)
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(doc, "source");
	if (v && !cJSON_IsString(v))
		return jutil_errf(err, errlen, "field 'source': expected a string");
	return 0;
}

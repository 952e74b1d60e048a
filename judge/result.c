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

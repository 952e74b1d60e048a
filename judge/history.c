/* history.c -- the local history of `judge submit`: one JSON object per line
 * in <data>/history.jsonl ($XDG_DATA_HOME/judge, else ~/.local/share/judge).
 * Lines are appended under an exclusive flock with O_APPEND, so concurrent
 * judges never interleave; readers skip lines they cannot parse. */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define HISTORY_FILE "history.jsonl"

static void copy_field(cJSON *dst, const cJSON *src, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, name);

	if (v)
		cJSON_AddItemToObject(dst, name, cJSON_Duplicate(v, 1));
}

int history_append(const char *data_dir, const cJSON *result, char *err, size_t errlen)
{
	static const char *const fields[] = {
	    "key",     "mode",       "problem",     "language",      "verdict",
	    "message", "passed",     "total",       "time_ms",       "memory_kb",
	    "score",   "started_at", "finished_at", "judge_version",
	};
	const cJSON *sub = cJSON_GetObjectItemCaseSensitive(result, "submission");
	cJSON *line = cJSON_CreateObject();
	char *text = NULL, path[4096];
	int fd = -1, rc = -1;

	if (!line) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		copy_field(line, result, fields[i]);
	if (sub) {
		copy_field(line, sub, "file");
		copy_field(line, sub, "sha256");
	}
	text = cJSON_PrintUnformatted(line);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (cli_mkdirs(data_dir, err, errlen) < 0)
		goto out;
	if (snprintf(path, sizeof path, "%s/%s", data_dir, HISTORY_FILE) >= (int)sizeof path) {
		snprintf(err, errlen, "%s: path too long", data_dir);
		goto out;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	size_t n = strlen(text);
	text[n] = '\n'; /* replaces the NUL; written with its length, never as a string */
	if (cli_write_all(fd, text, n + 1) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	text[n] = '\0';
	rc = 0;
out:
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	cJSON_free(text);
	cJSON_Delete(line);
	return rc;
}

/* 1 when (v, passed, total) is at least as good as b: AC first, then the
 * larger share of tests passed. Equal counts as better, so newer lines win. */
static int not_worse(enum judge_verdict v, int passed, int total, const struct history_best *b)
{
	if (!b->found)
		return 1;
	if ((v == JUDGE_AC) != (b->verdict == JUDGE_AC))
		return v == JUDGE_AC;
	/* passed/total >= b.passed/b.total, without division. */
	return (long long)passed * (b->total ? b->total : 1) >=
	       (long long)b->passed * (total ? total : 1);
}

static int get_int(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9 ? v->valueint : 0;
}

int history_best(const char *data_dir, char *const *ids, size_t n, struct history_best *out,
                 char *err, size_t errlen)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	long bad = 0;

	memset(out, 0, n * sizeof *out);
	if (snprintf(path, sizeof path, "%s/%s", data_dir, HISTORY_FILE) >= (int)sizeof path) {
		snprintf(err, errlen, "%s: path too long", data_dir);
		return -1;
	}
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
		const cJSON *prob = cJSON_GetObjectItemCaseSensitive(o, "problem");
		const cJSON *verd = cJSON_GetObjectItemCaseSensitive(o, "verdict");
		const cJSON *mode = cJSON_GetObjectItemCaseSensitive(o, "mode");
		enum judge_verdict v;

		if (!cJSON_IsString(prob) || !cJSON_IsString(verd) ||
		    judge_verdict_parse(verd->valuestring, &v) < 0) {
			bad += len > 1;
			cJSON_Delete(o);
			continue;
		}
		/* Only full judgings count: a run on the samples proves little. */
		if (cJSON_IsString(mode) && strcmp(mode->valuestring, "submit") != 0) {
			cJSON_Delete(o);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			int passed = get_int(o, "passed"), total = get_int(o, "total");
			if (strcmp(ids[i], prob->valuestring) != 0 ||
			    !not_worse(v, passed, total, &out[i]))
				continue;
			out[i].found = 1;
			out[i].verdict = v;
			out[i].passed = passed;
			out[i].total = total;
		}
		cJSON_Delete(o);
	}
	free(line);
	fclose(f);
	if (bad)
		cli_warn("%s: %ld unreadable lines skipped", path, bad);
	return 0;
}

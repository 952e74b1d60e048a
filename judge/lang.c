/* lang.c -- languages as data: loads and validates judge/languages.json.
 *
 * The file is one object, language id -> description (see struct judge_lang).
 * Validation is strict, as for problem.json: unknown keys, wrong types,
 * missing required fields, empty argv vectors and an extension claimed by two
 * languages are errors naming the file, the language, the field and the value.
 * The order of the file is kept (it is the order shown to users).
 */
#include "judge/judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/util.h"

/* Large enough for every real languages.json, small enough to refuse junk. */
#define LANGS_MAX_BYTES (1u << 20)

static const char *const lang_keys[] = {
    "name",
    "extensions",
    "source",
    "compile",
    "run",
    "harness_compile",
    "harness_object",
    "harness_run",
    "env",
    "version",
    "profile",
    "time_multiplier",
    "memory_extra_mb",
    "packages",
    NULL,
};

/* Language ids: [a-z0-9][a-z0-9_+-]*, at most 32 bytes. */
static int valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/* Extensions: "." then [A-Za-z0-9_+-]+. */
static int valid_ext(const char *s)
{
	if (s[0] != '.' || s[1] == '\0')
		return 0;
	for (s++; *s != '\0'; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

/* A plain file name inside the box: no slash, not "." or "..". */
static int valid_basename(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0;
}

/* argv: a non-empty array of strings, argv[0] non-empty, no control chars. */
static int read_argv(const struct jv *v, const cJSON *item, const char *field, char ***out)
{
	char name[256];

	if (jv_strv(v, item, field, JV_NONEMPTY, JV_ONELINE, out) < 0)
		return -1;
	if ((*out)[0][0] == '\0') {
		jv_index(name, sizeof name, field, 0);
		judge_strv_free(*out);
		*out = NULL;
		return jv_fail(v, name, cJSON_GetArrayItem(item, 0),
		               "expected a non-empty program name");
	}
	return 0;
}

/* A list of argv vectors (commands run in order); may be empty. */
static int read_argvv(const struct jv *v, const cJSON *item, const char *field, char ****out)
{
	char name[256];
	const cJSON *it;
	char ***r = NULL;
	size_t n, i = 0;
	int rc = -1;

	*out = NULL;
	if (!cJSON_IsArray(item))
		return jv_fail(v, field, item, "expected an array of commands (arrays of strings)");
	n = (size_t)cJSON_GetArraySize(item);
	r = calloc(n + 1, sizeof *r);
	if (r == NULL) {
		jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
		goto out;
	}
	cJSON_ArrayForEach(it, item)
	{
		jv_index(name, sizeof name, field, i);
		if (read_argv(v, it, name, &r[i]) < 0)
			goto out;
		i++;
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	jutil_strvv_free(r);
	return rc;
}

/* "env": object of strings -> "KEY=VALUE" vector (empty vector when absent). */
static int read_env(const struct jv *v, const cJSON *item, char ***out)
{
	char name[256];
	const cJSON *it;
	char **r = NULL;
	size_t n = 0, i = 0;
	int rc = -1;

	*out = NULL;
	if (item != NULL) {
		if (jv_object(v, item, "env", NULL) < 0)
			return -1;
		n = (size_t)cJSON_GetArraySize(item);
	}
	r = calloc(n + 1, sizeof *r);
	if (r == NULL) {
		jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
		goto out;
	}
	if (item != NULL) {
		cJSON_ArrayForEach(it, item)
		{
			const char *k = it->string;

			jv_field(name, sizeof name, "env", k);
			if (k[0] == '\0' || strchr(k, '=') != NULL ||
			    strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01234567"
			              "89_") != strlen(k)) {
				jv_fail(v, name, NULL, "expected a variable name ([A-Za-z0-9_]+)");
				goto out;
			}
			if (!cJSON_IsString(it) || strpbrk(it->valuestring, "\n\r") != NULL) {
				jv_fail(v, name, it, "expected a one-line string");
				goto out;
			}
			r[i] = jutil_asprintf("%s=%s", k, it->valuestring);
			if (r[i] == NULL) {
				jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
				goto out;
			}
			i++;
		}
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	judge_strv_free(r);
	return rc;
}

static void lang_clear(struct judge_lang *l)
{
	free(l->id);
	free(l->name);
	judge_strv_free(l->extensions);
	free(l->source);
	jutil_strvv_free(l->compile);
	judge_strv_free(l->run);
	jutil_strvv_free(l->harness_compile);
	free(l->harness_object);
	judge_strv_free(l->harness_run);
	judge_strv_free(l->env);
	judge_strv_free(l->version);
	free(l->profile);
	free(l->packages);
}

static int lang_parse(const struct jv *v, const cJSON *obj, struct judge_lang *l)
{
	const cJSON *it;
	char *s;

	if (jv_object(v, obj, "", lang_keys) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "name");
	if (it == NULL)
		return jv_missing(v, "name");
	if (jv_string(v, it, "name", JV_NONEMPTY | JV_ONELINE, &l->name) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "extensions");
	if (it == NULL)
		return jv_missing(v, "extensions");
	if (jv_strv(v, it, "extensions", JV_NONEMPTY, 0, &l->extensions) < 0)
		return -1;
	for (size_t i = 0; l->extensions[i] != NULL; i++) {
		char name[64];

		if (!valid_ext(l->extensions[i])) {
			jv_index(name, sizeof name, "extensions", i);
			return jv_fail(v, name, cJSON_GetArrayItem(it, (int)i),
			               "expected \".\" and letters, digits, '_', '+' or '-'");
		}
	}

	it = cJSON_GetObjectItemCaseSensitive(obj, "source");
	if (it == NULL)
		return jv_missing(v, "source");
	if (jv_string(v, it, "source", JV_NONEMPTY | JV_ONELINE, &l->source) < 0)
		return -1;
	if (!valid_basename(l->source))
		return jv_fail(v, "source", it, "expected a plain file name");

	it = cJSON_GetObjectItemCaseSensitive(obj, "compile");
	if (it == NULL)
		return jv_missing(v, "compile");
	if (read_argvv(v, it, "compile", &l->compile) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "run");
	if (it == NULL)
		return jv_missing(v, "run");
	if (read_argv(v, it, "run", &l->run) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "harness_compile");
	if (it != NULL && read_argvv(v, it, "harness_compile", &l->harness_compile) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "harness_object");
	if (it != NULL) {
		if (jv_string(v, it, "harness_object", JV_NONEMPTY | JV_ONELINE,
		              &l->harness_object) < 0)
			return -1;
		if (!valid_basename(l->harness_object))
			return jv_fail(v, "harness_object", it, "expected a plain file name");
		if (l->harness_compile == NULL)
			return jv_fail(v, "harness_object", it,
			               "only allowed together with 'harness_compile'");
	}

	it = cJSON_GetObjectItemCaseSensitive(obj, "harness_run");
	if (it != NULL && read_argv(v, it, "harness_run", &l->harness_run) < 0)
		return -1;

	if (read_env(v, cJSON_GetObjectItemCaseSensitive(obj, "env"), &l->env) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "version");
	if (it != NULL && read_argv(v, it, "version", &l->version) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "profile");
	if (it == NULL)
		return jv_missing(v, "profile");
	if (jv_string(v, it, "profile", JV_NONEMPTY, &l->profile) < 0)
		return -1;
	for (s = l->profile; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return jv_fail(v, "profile", it,
			               "expected a profile name ([a-z0-9_-]+, e.g. \"native\")");

	l->time_multiplier = 1;
	it = cJSON_GetObjectItemCaseSensitive(obj, "time_multiplier");
	if (it != NULL && jv_double(v, it, "time_multiplier", 0, 1, 100, &l->time_multiplier) < 0)
		return -1;

	l->memory_extra_mb = 0;
	it = cJSON_GetObjectItemCaseSensitive(obj, "memory_extra_mb");
	if (it != NULL && jv_long(v, it, "memory_extra_mb", 0, 65536, &l->memory_extra_mb) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "packages");
	if (it != NULL && jv_string(v, it, "packages", JV_ONELINE, &l->packages) < 0)
		return -1;
	return 0;
}

void judge_langs_free(struct judge_langs *langs)
{
	if (langs == NULL)
		return;
	for (size_t i = 0; i < langs->n; i++)
		lang_clear(&langs->v[i]);
	free(langs->v);
	free(langs);
}

int judge_langs_load(const char *path, struct judge_langs **out, char *err, size_t errlen)
{
	struct jv v = {.file = path, .scope = "", .err = err, .errlen = errlen};
	struct judge_langs *langs = NULL;
	char scope[96], idbuf[48];
	cJSON *root = NULL;
	const cJSON *it;
	char *buf = NULL;
	size_t len, n;
	int rc = -1;

	*out = NULL;
	if (judge_read_file(path, LANGS_MAX_BYTES, &buf, &len, err, errlen) < 0)
		goto out;
	root = jv_parse(&v, buf, len);
	if (root == NULL)
		goto out;
	if (jv_object(&v, root, "", NULL) < 0)
		goto out;
	n = (size_t)cJSON_GetArraySize(root);
	if (n == 0) {
		jutil_errf(err, errlen, "%s: no languages defined", path);
		goto out;
	}
	langs = calloc(1, sizeof *langs);
	if (langs == NULL || (langs->v = calloc(n, sizeof *langs->v)) == NULL) {
		jutil_errf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	cJSON_ArrayForEach(it, root)
	{
		struct judge_lang *l = &langs->v[langs->n++];

		jutil_escape(idbuf, sizeof idbuf, it->string, strlen(it->string));
		snprintf(scope, sizeof scope, "language '%s', ", idbuf);
		v.scope = scope;
		if (!valid_id(it->string)) {
			jutil_errf(err, errlen,
			           "%s: language '%s': expected an id of [a-z0-9_+-] (at most 32 "
			           "bytes, starting with a letter or digit)",
			           path, idbuf);
			goto out;
		}
		l->id = jutil_strdup(it->string);
		if (l->id == NULL) {
			jutil_errf(err, errlen, "%s: out of memory", path);
			goto out;
		}
		if (lang_parse(&v, it, l) < 0)
			goto out;
	}
	/* One language per extension, so that a file name decides the language. */
	for (size_t i = 0; i < langs->n; i++) {
		for (char **e = langs->v[i].extensions; *e != NULL; e++) {
			for (size_t j = 0; j <= i; j++) {
				for (char **f = langs->v[j].extensions; *f != NULL && f != e; f++) {
					if (strcmp(*e, *f) != 0)
						continue;
					jutil_errf(
					    err, errlen,
					    "%s: language '%s', field 'extensions': \"%s\" is "
					    "also an extension of language '%s'",
					    path, langs->v[i].id, *e, langs->v[j].id);
					goto out;
				}
			}
		}
	}
	*out = langs;
	langs = NULL;
	rc = 0;
out:
	judge_langs_free(langs);
	cJSON_Delete(root);
	free(buf);
	return rc;
}

const struct judge_lang *judge_langs_find(const struct judge_langs *langs, const char *id)
{
	if (langs == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < langs->n; i++)
		if (strcmp(langs->v[i].id, id) == 0)
			return &langs->v[i];
	return NULL;
}

const struct judge_lang *judge_langs_by_file(const struct judge_langs *langs, const char *file)
{
	const struct judge_lang *best = NULL;
	const char *base;
	size_t blen, best_len = 0;

	if (langs == NULL || file == NULL)
		return NULL;
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	blen = strlen(base);
	/* The longest matching extension wins; a bare ".c" has no stem: no match. */
	for (size_t i = 0; i < langs->n; i++) {
		for (char **e = langs->v[i].extensions; *e != NULL; e++) {
			size_t el = strlen(*e);

			if (el < blen && el > best_len && strcmp(base + blen - el, *e) == 0) {
				best = &langs->v[i];
				best_len = el;
			}
		}
	}
	return best;
}

/* problem.c -- problem packages (docs/problem-format.md): load, validate, list
 * the tests, and answer the small questions the runner asks (time limit for a
 * language, which tests apply, where generated tests live).
 *
 * Theory of operation. judge_problem_load() reads problem.json (capped at
 * PROBLEM_JSON_MAX bytes, so a huge file is refused before it is read), parses
 * it with the strict readers of util.c, and checks every field in document
 * order, stopping at the first error. Paths in the manifest are resolved
 * against the package directory: an absolute path, a "." or ".." component, or
 * a symbolic link that lands outside the package is refused, so nothing the
 * judge later reads on the package's behalf lies outside it. Then the data/
 * tree is walked: data/sample and data/secret/<group> hold <name>.in and
 * <name>.ans pairs, nothing else (dot files are ignored). Generated tests join
 * their group's list; each group's list is sorted by name and the groups are
 * laid out samples first, then in the order of "groups".
 *
 * Every message starts with the file at fault (problem.json, or a path under
 * the package as the caller spelled it) and names the field and the value.
 */
#include "judge/judge.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "judge/util.h"

/* problem.json is a few KiB; anything over this is not a manifest. */
#define PROBLEM_JSON_MAX (1u << 20)
/* Hex digits of the generated-tests hash used in the cache dir name. */
#define GEN_HASH_HEX 16

#define TIME_MS_MAX       600000L
#define MEMORY_MB_MAX     65536L
#define OUTPUT_KB_MAX     4194304L
#define MULTIPLIER_MAX    100.0
#define STATIC_DATA_MAX   (1L << 30)
#define DEFAULT_MEMORY    256L
#define DEFAULT_OUTPUT    65536L
#define DEFAULT_TOLERANCE 1e-6

struct loader {
	struct jv v; /* file: "<dir>/problem.json" as the caller spelled dir */
	const struct judge_langs *langs;
	struct judge_problem *p;
	char *disp; /* the package dir as given, without trailing slashes */
	char *err;
	size_t errlen;
};

/* A test while the list is built: its bucket (0: samples, g + 1: group g). */
struct tentry {
	struct judge_test t;
	size_t bucket;
};

struct tlist {
	struct tentry *v;
	size_t n, cap;
};

static const char *const top_keys[] = {
    "id",      "title",  "source",     "difficulty",      "tags",    "style",   "limits",
    "checker", "groups", "generators", "input_validator", "harness", "scoring", "expectations",
    NULL,
};
static const char *const limits_keys[] = {"time_ms", "memory_mb", "output_kb", "time_multipliers",
                                          NULL};
static const char *const checker_keys[] = {"type", "abs", "rel", "program", NULL};
static const char *const group_keys[] = {"name", "gating", "languages", "time_ms", NULL};
static const char *const gen_keys[] = {"program", "reference", "tests", NULL};
static const char *const gentest_keys[] = {"name", "args", NULL};
static const char *const harness_keys[] = {"driver", "forbidden_symbols", "max_static_data", NULL};
static const char *const scoring_keys[] = {"group", "label", "max", NULL};

static int oom(struct loader *L)
{
	return jutil_errf(L->err, L->errlen, "%s: out of memory", L->disp);
}

/* Problem ids: lowercase letters, digits and '-', not starting with '-'. */
static int valid_problem_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '-')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Group folder names and test names: [A-Za-z0-9._+-], not starting with '.'. */
static int valid_name(const char *s, size_t n, int allow_dot)
{
	if (n == 0 || n > 128 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '+' || (allow_dot && c == '.')))
			return 0;
	}
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Why a manifest path is not a plain relative path inside the package, or NULL. */
static const char *rel_path_problem(const char *s)
{
	const char *c = s;

	if (s[0] == '\0')
		return "expected a non-empty relative path";
	if (s[0] == '/')
		return "expected a path relative to the package, not an absolute one";
	for (const char *q = s; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return "expected a path without control characters";
	while (*c != '\0') {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return "path escapes the package ('..')";
		if (n == 0 || (n == 1 && c[0] == '.'))
			return "expected a path without empty or '.' components";
		c += n;
		if (*c == '/')
			c++;
		if (*c == '\0' && c[-1] == '/')
			return "expected a path without a trailing '/'";
	}
	return NULL;
}

/* Resolves abs (a path under the package) and checks that it stays inside and
 * is a regular file (or a directory when want_dir). On success *real is the
 * canonical path (caller frees); on failure returns -1 and *why says what is
 * wrong ("does not exist", ...) for the caller's message. */
static int resolve_inside(const struct judge_problem *p, const char *abs, int want_dir, char **real,
                          const char **why)
{
	struct stat st;
	size_t dl = strlen(p->dir);
	char *r;

	*real = NULL;
	r = realpath(abs, NULL);
	if (r == NULL) {
		*why = errno == ENOENT || errno == ENOTDIR ? "does not exist"
		       : errno == ENOMEM                   ? "out of memory"
		                                           : "cannot be resolved";
		return -1;
	}
	if (strncmp(r, p->dir, dl) != 0 || r[dl] != '/') {
		free(r);
		*why = "leaves the package (a symbolic link pointing outside)";
		return -1;
	}
	if (stat(r, &st) < 0) {
		free(r);
		*why = "cannot be read";
		return -1;
	}
	if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		free(r);
		*why = want_dir ? "is not a directory" : "is not a regular file";
		return -1;
	}
	*real = r;
	return 0;
}

/* A manifest path: a string naming a file inside the package, with an
 * optional folder it is relative to ("submissions" for expectations). */
static int pkg_file(struct loader *L, const cJSON *item, const char *field, const char *under,
                    char **out)
{
	const char *why;
	char *rel = NULL, *abs = NULL;
	int rc = -1;

	*out = NULL;
	if (!cJSON_IsString(item))
		return jv_fail(&L->v, field, item, "expected a path (a string)");
	why = rel_path_problem(item->valuestring);
	if (why != NULL)
		return jv_fail(&L->v, field, item, "%s", why);
	rel = under != NULL ? jutil_path_join(under, item->valuestring)
	                    : jutil_strdup(item->valuestring);
	abs = rel != NULL ? jutil_path_join(L->p->dir, rel) : NULL;
	if (abs == NULL) {
		oom(L);
		goto out;
	}
	if (resolve_inside(L->p, abs, 0, out, &why) < 0) {
		jv_fail(&L->v, field, item, "%s%s%s", why, under != NULL ? " under " : "",
		        under != NULL ? under : "");
		goto out;
	}
	rc = 0;
out:
	free(rel);
	free(abs);
	return rc;
}

/* The language of a program path (generator, checker, validator, reference). */
static int known_program_lang(struct loader *L, const cJSON *item, const char *field,
                              const char *path)
{
	if (L->langs == NULL || judge_langs_by_file(L->langs, path) != NULL)
		return 0;
	return jv_fail(&L->v, field, item, "expected a program whose extension names a language");
}

static int known_lang(struct loader *L, const char *field, const cJSON *got, const char *id)
{
	if (L->langs == NULL || judge_langs_find(L->langs, id) != NULL)
		return 0;
	return jv_fail(&L->v, field, got, "unknown language id");
}

static int get_required(struct loader *L, const cJSON *obj, const char *key, const char *field,
                        const cJSON **out)
{
	*out = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (*out == NULL)
		return jv_missing(&L->v, field);
	return 0;
}

static int parse_limits(struct loader *L, const cJSON *obj)
{
	struct judge_problem *p = L->p;
	char field[256];
	const cJSON *it, *m;
	size_t n;

	if (jv_object(&L->v, obj, "limits", limits_keys) < 0)
		return -1;
	if (get_required(L, obj, "time_ms", "limits.time_ms", &it) < 0 ||
	    jv_long(&L->v, it, "limits.time_ms", 1, TIME_MS_MAX, &p->time_ms) < 0)
		return -1;
	p->memory_mb = DEFAULT_MEMORY;
	it = cJSON_GetObjectItemCaseSensitive(obj, "memory_mb");
	if (it != NULL &&
	    jv_long(&L->v, it, "limits.memory_mb", 1, MEMORY_MB_MAX, &p->memory_mb) < 0)
		return -1;
	p->output_kb = DEFAULT_OUTPUT;
	it = cJSON_GetObjectItemCaseSensitive(obj, "output_kb");
	if (it != NULL &&
	    jv_long(&L->v, it, "limits.output_kb", 1, OUTPUT_KB_MAX, &p->output_kb) < 0)
		return -1;

	m = cJSON_GetObjectItemCaseSensitive(obj, "time_multipliers");
	if (m != NULL && jv_object(&L->v, m, "limits.time_multipliers", NULL) < 0)
		return -1;
	/* One entry per language named here, then the defaults of every other
	 * known language, so judge_problem_time_limit() needs no langs. */
	n = (m != NULL ? (size_t)cJSON_GetArraySize(m) : 0) + (L->langs ? L->langs->n : 0);
	p->multipliers = calloc(n + 1, sizeof *p->multipliers);
	if (p->multipliers == NULL)
		return oom(L);
	if (m != NULL) {
		cJSON_ArrayForEach(it, m)
		{
			struct judge_multiplier *e = &p->multipliers[p->nmultipliers];

			jv_field(field, sizeof field, "limits.time_multipliers", it->string);
			if (known_lang(L, field, NULL, it->string) < 0)
				return -1;
			if (jv_double(&L->v, it, field, 0, 1, MULTIPLIER_MAX, &e->factor) < 0)
				return -1;
			e->lang = jutil_strdup(it->string);
			if (e->lang == NULL)
				return oom(L);
			p->nmultipliers++;
		}
	}
	for (size_t i = 0; L->langs != NULL && i < L->langs->n; i++) {
		const struct judge_lang *lang = &L->langs->v[i];
		struct judge_multiplier *e = &p->multipliers[p->nmultipliers];

		if (m != NULL && cJSON_GetObjectItemCaseSensitive(m, lang->id) != NULL)
			continue;
		e->lang = jutil_strdup(lang->id);
		if (e->lang == NULL)
			return oom(L);
		e->factor = lang->time_multiplier;
		p->nmultipliers++;
	}
	return 0;
}

static const char *const checker_names[] = {
    [JUDGE_CHECK_EXACT_LINES] = "exact-lines",
    [JUDGE_CHECK_TOKENS] = "tokens",
    [JUDGE_CHECK_FLOAT] = "float",
    [JUDGE_CHECK_CUSTOM] = "custom",
};

static int parse_checker(struct loader *L, const cJSON *obj)
{
	struct judge_checker *c = &L->p->checker;
	const cJSON *it;
	size_t i;

	if (jv_object(&L->v, obj, "checker", checker_keys) < 0)
		return -1;
	if (get_required(L, obj, "type", "checker.type", &it) < 0)
		return -1;
	for (i = 0; i < sizeof checker_names / sizeof checker_names[0]; i++)
		if (cJSON_IsString(it) && strcmp(it->valuestring, checker_names[i]) == 0)
			break;
	if (i == sizeof checker_names / sizeof checker_names[0])
		return jv_fail(&L->v, "checker.type", it,
		               "expected \"exact-lines\", \"tokens\", \"float\" or \"custom\"");
	c->type = (enum judge_checker_type)i;
	c->abs_tol = DEFAULT_TOLERANCE;
	c->rel_tol = DEFAULT_TOLERANCE;

	it = cJSON_GetObjectItemCaseSensitive(obj, "abs");
	if (it != NULL && c->type != JUDGE_CHECK_FLOAT)
		return jv_fail(&L->v, "checker.abs", it, "only allowed with type \"float\"");
	if (it != NULL && jv_double(&L->v, it, "checker.abs", 0, 0, 1e300, &c->abs_tol) < 0)
		return -1;
	it = cJSON_GetObjectItemCaseSensitive(obj, "rel");
	if (it != NULL && c->type != JUDGE_CHECK_FLOAT)
		return jv_fail(&L->v, "checker.rel", it, "only allowed with type \"float\"");
	if (it != NULL && jv_double(&L->v, it, "checker.rel", 0, 0, 1e300, &c->rel_tol) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(obj, "program");
	if (c->type != JUDGE_CHECK_CUSTOM) {
		if (it != NULL)
			return jv_fail(&L->v, "checker.program", it,
			               "only allowed with type \"custom\"");
		return 0;
	}
	if (it == NULL)
		return jv_fail(&L->v, "checker.program", NULL,
		               "required with type \"custom\" but missing");
	if (pkg_file(L, it, "checker.program", NULL, &c->program) < 0)
		return -1;
	return known_program_lang(L, it, "checker.program", c->program);
}

static int parse_groups(struct loader *L, const cJSON *arr)
{
	struct judge_problem *p = L->p;
	char field[256], sub[256];
	const cJSON *g, *it;
	size_t n;

	if (!cJSON_IsArray(arr))
		return jv_fail(&L->v, "groups", arr, "expected an array of objects");
	n = (size_t)cJSON_GetArraySize(arr);
	p->groups = calloc(n + 1, sizeof *p->groups);
	if (p->groups == NULL)
		return oom(L);
	cJSON_ArrayForEach(g, arr)
	{
		struct judge_group *gr = &p->groups[p->ngroups];

		jv_index(field, sizeof field, "groups", p->ngroups);
		if (jv_object(&L->v, g, field, group_keys) < 0)
			return -1;
		jv_field(sub, sizeof sub, field, "name");
		if (get_required(L, g, "name", sub, &it) < 0 ||
		    jv_string(&L->v, it, sub, JV_NONEMPTY, &gr->name) < 0)
			return -1;
		p->ngroups++;
		if (!valid_name(gr->name, strlen(gr->name), 0) || strcmp(gr->name, "sample") == 0)
			return jv_fail(&L->v, sub, it,
			               "expected a folder name of letters, digits, '_', '+' or "
			               "'-' (not \"sample\")");
		for (size_t j = 0; j + 1 < p->ngroups; j++)
			if (strcmp(p->groups[j].name, gr->name) == 0)
				return jv_fail(&L->v, sub, it, "duplicate group name");

		gr->gating = 1;
		jv_field(sub, sizeof sub, field, "gating");
		it = cJSON_GetObjectItemCaseSensitive(g, "gating");
		if (it != NULL && jv_bool(&L->v, it, sub, &gr->gating) < 0)
			return -1;

		jv_field(sub, sizeof sub, field, "languages");
		it = cJSON_GetObjectItemCaseSensitive(g, "languages");
		if (it != NULL) {
			if (jv_strv(&L->v, it, sub, JV_NONEMPTY, JV_NONEMPTY, &gr->languages) < 0)
				return -1;
			for (size_t j = 0; gr->languages[j] != NULL; j++) {
				char lf[300];

				jv_index(lf, sizeof lf, sub, j);
				if (known_lang(L, lf, cJSON_GetArrayItem(it, (int)j),
				               gr->languages[j]) < 0)
					return -1;
			}
		}

		jv_field(sub, sizeof sub, field, "time_ms");
		it = cJSON_GetObjectItemCaseSensitive(g, "time_ms");
		if (it != NULL && jv_long(&L->v, it, sub, 1, TIME_MS_MAX, &gr->time_ms) < 0)
			return -1;
	}
	return 0;
}

static struct judge_group *find_group(struct judge_problem *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (strlen(p->groups[i].name) == n && memcmp(p->groups[i].name, name, n) == 0)
			return &p->groups[i];
	return NULL;
}

/* "sample/<n>" or "secret/<group>/<n>" with a listed group. Sets *bucket. */
static int parse_gen_name(struct loader *L, const cJSON *it, const char *field, size_t *bucket)
{
	const char *s = it->valuestring, *slash;
	const struct judge_group *g;

	if (strncmp(s, "sample/", 7) == 0) {
		if (!valid_name(s + 7, strlen(s + 7), 1))
			goto bad;
		*bucket = 0;
		return 0;
	}
	if (strncmp(s, "secret/", 7) != 0)
		goto bad;
	s += 7;
	slash = strchr(s, '/');
	if (slash == NULL || !valid_name(slash + 1, strlen(slash + 1), 1))
		goto bad;
	g = find_group(L->p, s, (size_t)(slash - s));
	if (g == NULL)
		return jv_fail(&L->v, field, it, "names a group not listed in 'groups'");
	*bucket = (size_t)(g - L->p->groups) + 1;
	return 0;
bad:
	return jv_fail(&L->v, field, it,
	               "expected \"secret/<group>/<name>\" or \"sample/<name>\" (names of "
	               "letters, digits, '.', '_', '+' or '-')");
}

static int tlist_add(struct loader *L, struct tlist *tl, size_t bucket, const char *name,
                     const char *group)
{
	struct tentry *e;

	if (tl->n == tl->cap) {
		size_t cap = tl->cap ? tl->cap * 2 : 32;
		struct tentry *nv = realloc(tl->v, cap * sizeof *nv);

		if (nv == NULL)
			return oom(L);
		tl->v = nv;
		tl->cap = cap;
	}
	e = &tl->v[tl->n];
	memset(e, 0, sizeof *e);
	e->bucket = bucket;
	e->t.name = jutil_strdup(name);
	e->t.group = jutil_strdup(group);
	tl->n++;
	if (e->t.name == NULL || e->t.group == NULL)
		return oom(L);
	return 0;
}

static void tlist_free(struct tlist *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		free(tl->v[i].t.name);
		free(tl->v[i].t.group);
		free(tl->v[i].t.in_path);
		free(tl->v[i].t.ans_path);
	}
	free(tl->v);
}

static int parse_generators(struct loader *L, const cJSON *obj, struct tlist *tl)
{
	struct judge_problem *p = L->p;
	char field[256], sub[256];
	const cJSON *it, *tests, *t;
	size_t n, bucket = 0;

	if (jv_object(&L->v, obj, "generators", gen_keys) < 0)
		return -1;
	if (get_required(L, obj, "program", "generators.program", &it) < 0 ||
	    pkg_file(L, it, "generators.program", NULL, &p->gen_program) < 0 ||
	    known_program_lang(L, it, "generators.program", p->gen_program) < 0)
		return -1;
	if (get_required(L, obj, "reference", "generators.reference", &it) < 0 ||
	    pkg_file(L, it, "generators.reference", NULL, &p->gen_reference) < 0 ||
	    known_program_lang(L, it, "generators.reference", p->gen_reference) < 0)
		return -1;
	if (get_required(L, obj, "tests", "generators.tests", &tests) < 0)
		return -1;
	if (!cJSON_IsArray(tests))
		return jv_fail(&L->v, "generators.tests", tests, "expected an array of objects");
	n = (size_t)cJSON_GetArraySize(tests);
	p->gen_tests = calloc(n + 1, sizeof *p->gen_tests);
	if (p->gen_tests == NULL)
		return oom(L);
	cJSON_ArrayForEach(t, tests)
	{
		struct judge_gen_test *g = &p->gen_tests[p->ngen_tests];
		const char *group;

		jv_index(field, sizeof field, "generators.tests", p->ngen_tests);
		if (jv_object(&L->v, t, field, gentest_keys) < 0)
			return -1;
		jv_field(sub, sizeof sub, field, "name");
		if (get_required(L, t, "name", sub, &it) < 0 ||
		    jv_string(&L->v, it, sub, JV_NONEMPTY, &g->name) < 0)
			return -1;
		p->ngen_tests++;
		if (parse_gen_name(L, it, sub, &bucket) < 0)
			return -1;
		jv_field(sub, sizeof sub, field, "args");
		it = cJSON_GetObjectItemCaseSensitive(t, "args");
		if (it != NULL) {
			if (jv_strv(&L->v, it, sub, 0, 0, &g->args) < 0)
				return -1;
		} else {
			g->args = calloc(1, sizeof *g->args);
			if (g->args == NULL)
				return oom(L);
		}
		group = bucket == 0 ? "sample" : p->groups[bucket - 1].name;
		if (tlist_add(L, tl, bucket, g->name, group) < 0)
			return -1;
		tl->v[tl->n - 1].t.generated = 1;
		tl->v[tl->n - 1].t.gen_index = p->ngen_tests - 1;
	}
	return 0;
}

static int parse_harness(struct loader *L, const cJSON *obj)
{
	struct judge_problem *p = L->p;
	char field[256], sub[300];
	const cJSON *e, *it;
	size_t n;

	if (jv_object(&L->v, obj, "harness", NULL) < 0)
		return -1;
	n = (size_t)cJSON_GetArraySize(obj);
	if (n == 0)
		return jv_fail(&L->v, "harness", NULL, "expected at least one language");
	p->harness = calloc(n, sizeof *p->harness);
	if (p->harness == NULL)
		return oom(L);
	cJSON_ArrayForEach(e, obj)
	{
		struct judge_harness *h = &p->harness[p->nharness];

		jv_field(field, sizeof field, "harness", e->string);
		if (known_lang(L, field, NULL, e->string) < 0)
			return -1;
		if (jv_object(&L->v, e, field, harness_keys) < 0)
			return -1;
		h->lang = jutil_strdup(e->string);
		if (h->lang == NULL)
			return oom(L);
		h->max_static_data = -1;
		p->nharness++;
		jv_field(sub, sizeof sub, field, "driver");
		if (get_required(L, e, "driver", sub, &it) < 0 ||
		    pkg_file(L, it, sub, NULL, &h->driver) < 0)
			return -1;
		jv_field(sub, sizeof sub, field, "forbidden_symbols");
		it = cJSON_GetObjectItemCaseSensitive(e, "forbidden_symbols");
		if (it != NULL &&
		    jv_strv(&L->v, it, sub, 0, JV_NONEMPTY | JV_ONELINE, &h->forbidden_symbols) < 0)
			return -1;
		jv_field(sub, sizeof sub, field, "max_static_data");
		it = cJSON_GetObjectItemCaseSensitive(e, "max_static_data");
		if (it != NULL &&
		    jv_long(&L->v, it, sub, 0, STATIC_DATA_MAX, &h->max_static_data) < 0)
			return -1;
	}
	return 0;
}

static int parse_scoring(struct loader *L, const cJSON *obj)
{
	struct judge_problem *p = L->p;
	const cJSON *it;

	if (jv_object(&L->v, obj, "scoring", scoring_keys) < 0)
		return -1;
	if (get_required(L, obj, "group", "scoring.group", &it) < 0 ||
	    jv_string(&L->v, it, "scoring.group", JV_NONEMPTY, &p->score_group) < 0)
		return -1;
	if (find_group(p, p->score_group, strlen(p->score_group)) == NULL)
		return jv_fail(&L->v, "scoring.group", it, "names a group not listed in 'groups'");
	if (get_required(L, obj, "label", "scoring.label", &it) < 0 ||
	    jv_string(&L->v, it, "scoring.label", JV_NONEMPTY | JV_ONELINE, &p->score_label) < 0)
		return -1;
	if (get_required(L, obj, "max", "scoring.max", &it) < 0 ||
	    jv_double(&L->v, it, "scoring.max", 0, 1, 1e12, &p->score_max) < 0)
		return -1;
	return 0;
}

static int parse_expectations(struct loader *L, const cJSON *obj)
{
	struct judge_problem *p = L->p;
	char field[256], sub[300];
	const cJSON *e, *vd;
	char *path = NULL;
	size_t n, i;

	if (jv_object(&L->v, obj, "expectations", NULL) < 0)
		return -1;
	n = (size_t)cJSON_GetArraySize(obj);
	p->expectations = calloc(n + 1, sizeof *p->expectations);
	if (p->expectations == NULL)
		return oom(L);
	cJSON_ArrayForEach(e, obj)
	{
		struct judge_expectation *x = &p->expectations[p->nexpectations];
		cJSON key = {.type = cJSON_String, .valuestring = e->string};

		jv_field(field, sizeof field, "expectations", e->string);
		if (pkg_file(L, &key, field, "submissions", &path) < 0)
			return -1;
		free(path);
		path = NULL;
		if (L->langs != NULL && judge_langs_by_file(L->langs, e->string) == NULL)
			return jv_fail(&L->v, field, NULL,
			               "expected a submission whose extension names a language");
		x->submission = jutil_strdup(e->string);
		if (x->submission == NULL)
			return oom(L);
		p->nexpectations++;
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) == 0)
			return jv_fail(&L->v, field, e, "expected a non-empty array of verdicts");
		i = 0;
		cJSON_ArrayForEach(vd, e)
		{
			enum judge_verdict verdict;

			jv_index(sub, sizeof sub, field, i++);
			if (!cJSON_IsString(vd) ||
			    judge_verdict_parse(vd->valuestring, &verdict) < 0)
				return jv_fail(
				    &L->v, sub, vd,
				    "expected a verdict (AC WA TLE MLE OLE RE CE SV IE)");
			x->verdicts |= 1u << verdict;
		}
	}
	return 0;
}

/*** The data/ tree ***/

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in a directory, dot files left out. *exists = 0 (and no error)
 * when the directory is missing. shown names it in messages. Caller frees
 * *out with judge_strv_free(). */
static int read_dir_sorted(const char *abs, const char *shown, int *exists, char ***out, char *err,
                           size_t errlen)
{
	char ebuf[128];
	struct dirent *de;
	DIR *d = NULL;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;
	int rc = -1;

	*out = NULL;
	*exists = 1;
	d = opendir(abs);
	if (d == NULL && errno == ENOENT) {
		*exists = 0;
		return 0;
	}
	if (d == NULL) {
		jutil_errf(err, errlen, "%s: %s", shown,
		           errno == ENOTDIR ? "is not a directory"
		                            : jutil_strerror(errno, ebuf, sizeof ebuf));
		goto out;
	}
	v = calloc(1, sizeof *v);
	if (v == NULL)
		goto oom;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, (cap + 1) * sizeof *v);
			if (nv == NULL)
				goto oom;
			v = nv;
		}
		v[n] = jutil_strdup(de->d_name);
		if (v[n] == NULL)
			goto oom;
		v[++n] = NULL;
	}
	qsort(v, n, sizeof *v, cmp_str);
	*out = v;
	v = NULL;
	rc = 0;
	goto out;
oom:
	jutil_errf(err, errlen, "%s: out of memory", shown);
out:
	judge_strv_free(v);
	if (d != NULL)
		closedir(d);
	return rc;
}

/* Lists <name>.in/<name>.ans pairs of one test folder into bucket. rel is the
 * folder relative to the package ("data/sample", "data/secret/edge"). */
static int list_tests(struct loader *L, struct tlist *tl, const char *rel, size_t bucket,
                      const char *group, int *exists)
{
	struct judge_problem *p = L->p;
	char **names = NULL, *abs = NULL, *shown = NULL, *fshown = NULL, *real = NULL;
	char *pair = NULL;
	const char *why;
	size_t i, n;
	int rc = -1;

	abs = jutil_path_join(p->dir, rel);
	shown = jutil_path_join(L->disp, rel);
	if (abs == NULL || shown == NULL) {
		oom(L);
		goto out;
	}
	if (read_dir_sorted(abs, shown, exists, &names, L->err, L->errlen) < 0 || !*exists) {
		rc = *exists ? -1 : 0;
		goto out;
	}
	for (n = 0; names[n] != NULL; n++)
		;
	for (i = 0; names[i] != NULL; i++) {
		const char *nm = names[i];
		int is_in = ends_with(nm, ".in"), is_ans = ends_with(nm, ".ans");
		size_t stem = strlen(nm) - (is_in ? 3 : is_ans ? 4 : 0);
		char *fabs;

		free(fshown);
		fshown = jutil_path_join(shown, nm);
		fabs = jutil_path_join(abs, nm);
		if (fshown == NULL || fabs == NULL) {
			free(fabs);
			oom(L);
			goto out;
		}
		if (resolve_inside(p, fabs, 0, &real, &why) < 0) {
			free(fabs);
			jutil_errf(L->err, L->errlen, "%s: %s (expected a .in or .ans test file)",
			           fshown, why);
			goto out;
		}
		free(real);
		real = NULL;
		free(fabs);
		if ((!is_in && !is_ans) || !valid_name(nm, stem, 1)) {
			jutil_errf(L->err, L->errlen,
			           "%s: unexpected file (expected <name>.in and <name>.ans, names "
			           "of letters, digits, '.', '_', '+' or '-')",
			           fshown);
			goto out;
		}
		free(pair);
		pair = jutil_asprintf("%.*s%s", (int)stem, nm, is_in ? ".ans" : ".in");
		if (pair == NULL) {
			oom(L);
			goto out;
		}
		if (bsearch(&pair, names, n, sizeof *names, cmp_str) == NULL) {
			jutil_errf(L->err, L->errlen, "%s: %s (no matching %s file)", fshown,
			           is_in ? "input without an answer" : "answer without an input",
			           is_in ? ".ans" : ".in");
			goto out;
		}
		if (is_ans)
			continue;
		{
			char *name = NULL, *tname;
			struct tentry *e;

			name = jutil_strndup(nm, stem);
			tname = name != NULL ? jutil_asprintf("%s/%s", rel + 5, name) : NULL;
			free(name);
			if (tname == NULL) {
				oom(L);
				goto out;
			}
			rc = tlist_add(L, tl, bucket, tname, group);
			free(tname);
			if (rc < 0)
				goto out;
			rc = -1;
			e = &tl->v[tl->n - 1];
			e->t.in_path = jutil_path_join(abs, nm);
			e->t.ans_path = jutil_path_join(abs, pair);
			if (e->t.in_path == NULL || e->t.ans_path == NULL) {
				oom(L);
				goto out;
			}
		}
	}
	rc = 0;
out:
	judge_strv_free(names);
	free(abs);
	free(shown);
	free(fshown);
	free(real);
	free(pair);
	return rc;
}

static int cmp_tentry(const void *a, const void *b)
{
	const struct tentry *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return strcmp(x->t.name, y->t.name);
}

static int list_data(struct loader *L, struct tlist *tl)
{
	struct judge_problem *p = L->p;
	char **top = NULL, **groups = NULL, *abs = NULL, *shown = NULL, *rel = NULL;
	size_t *count = NULL;
	int exists, rc = -1;

	abs = jutil_path_join(p->dir, "data");
	shown = jutil_path_join(L->disp, "data");
	if (abs == NULL || shown == NULL) {
		oom(L);
		goto out;
	}
	if (read_dir_sorted(abs, shown, &exists, &top, L->err, L->errlen) < 0)
		goto out;
	for (size_t i = 0; exists && top[i] != NULL; i++) {
		if (strcmp(top[i], "sample") != 0 && strcmp(top[i], "secret") != 0) {
			jutil_errf(L->err, L->errlen,
			           "%s/%s: unexpected entry (data/ holds only sample/ and secret/)",
			           shown, top[i]);
			goto out;
		}
	}
	if (list_tests(L, tl, "data/sample", 0, "sample", &exists) < 0)
		goto out;

	free(abs);
	free(shown);
	abs = jutil_path_join(p->dir, "data/secret");
	shown = jutil_path_join(L->disp, "data/secret");
	if (abs == NULL || shown == NULL) {
		oom(L);
		goto out;
	}
	if (read_dir_sorted(abs, shown, &exists, &groups, L->err, L->errlen) < 0)
		goto out;
	for (size_t i = 0; exists && groups[i] != NULL; i++) {
		struct judge_group *g = find_group(p, groups[i], strlen(groups[i]));
		int gexists;

		if (g == NULL) {
			jutil_errf(L->err, L->errlen,
			           "%s/%s: group folder not listed in problem.json field 'groups'",
			           shown, groups[i]);
			goto out;
		}
		free(rel);
		rel = jutil_asprintf("data/secret/%s", groups[i]);
		if (rel == NULL) {
			oom(L);
			goto out;
		}
		if (list_tests(L, tl, rel, (size_t)(g - p->groups) + 1, g->name, &gexists) < 0)
			goto out;
	}

	/* Fixed order, then clashes (now neighbours) and groups without tests. */
	if (tl->n > 1)
		qsort(tl->v, tl->n, sizeof *tl->v, cmp_tentry);
	for (size_t i = 1; i < tl->n; i++) {
		const struct tentry *a = &tl->v[i - 1], *b = &tl->v[i];
		const struct tentry *gen = b->t.generated ? b : a, *other = gen == b ? a : b;
		char field[64];
		cJSON name;

		if (strcmp(a->t.name, b->t.name) != 0)
			continue;
		jv_index(field, sizeof field, "generators.tests", gen->t.gen_index);
		strcat(field, ".name");
		name = (cJSON){.type = cJSON_String, .valuestring = gen->t.name};
		if (other->t.generated)
			jv_fail(&L->v, field, &name, "duplicate of generators.tests[%zu].name",
			        other->t.gen_index);
		else
			jv_fail(&L->v, field, &name, "clashes with the committed file data/%s.in",
			        other->t.name);
		goto out;
	}
	count = calloc(p->ngroups + 1, sizeof *count);
	if (count == NULL) {
		oom(L);
		goto out;
	}
	for (size_t i = 0; i < tl->n; i++)
		count[tl->v[i].bucket]++;
	for (size_t g = 0; g < p->ngroups; g++) {
		if (count[g + 1] == 0) {
			char field[64];
			cJSON name = {.type = cJSON_String, .valuestring = p->groups[g].name};

			jv_index(field, sizeof field, "groups", g);
			strcat(field, ".name");
			jv_fail(&L->v, field, &name,
			        "group has no tests (no data/secret/%s/ files and no generated "
			        "test)",
			        p->groups[g].name);
			goto out;
		}
	}
	if (tl->n == 0) {
		jutil_errf(L->err, L->errlen,
		           "%s: no tests (data/sample, data/secret and generators are all empty)",
		           L->disp);
		goto out;
	}
	rc = 0;
out:
	judge_strv_free(top);
	judge_strv_free(groups);
	free(abs);
	free(shown);
	free(rel);
	free(count);
	return rc;
}

/*** Loading ***/

void judge_problem_free(struct judge_problem *p)
{
	if (p == NULL)
		return;
	free(p->dir);
	free(p->id);
	free(p->title);
	free(p->source);
	free(p->difficulty);
	judge_strv_free(p->tags);
	for (size_t i = 0; i < p->nmultipliers; i++)
		free(p->multipliers[i].lang);
	free(p->multipliers);
	free(p->checker.program);
	for (size_t i = 0; i < p->ngroups; i++) {
		free(p->groups[i].name);
		judge_strv_free(p->groups[i].languages);
	}
	free(p->groups);
	free(p->gen_program);
	free(p->gen_reference);
	for (size_t i = 0; i < p->ngen_tests; i++) {
		free(p->gen_tests[i].name);
		judge_strv_free(p->gen_tests[i].args);
	}
	free(p->gen_tests);
	free(p->input_validator);
	for (size_t i = 0; i < p->nharness; i++) {
		free(p->harness[i].lang);
		free(p->harness[i].driver);
		judge_strv_free(p->harness[i].forbidden_symbols);
	}
	free(p->harness);
	free(p->score_group);
	free(p->score_label);
	for (size_t i = 0; i < p->nexpectations; i++)
		free(p->expectations[i].submission);
	free(p->expectations);
	for (size_t i = 0; i < p->ntests; i++) {
		free(p->tests[i].name);
		free(p->tests[i].group);
		free(p->tests[i].in_path);
		free(p->tests[i].ans_path);
	}
	free(p->tests);
	free(p);
}

/* The fields of problem.json, in document order of the format's table. */
static int parse_manifest(struct loader *L, const cJSON *root, struct tlist *tl)
{
	struct judge_problem *p = L->p;
	const char *folder;
	const cJSON *it;

	if (jv_object(&L->v, root, "", top_keys) < 0)
		return -1;

	if (get_required(L, root, "id", "id", &it) < 0 ||
	    jv_string(&L->v, it, "id", JV_NONEMPTY, &p->id) < 0)
		return -1;
	if (!valid_problem_id(p->id))
		return jv_fail(&L->v, "id", it,
		               "expected lowercase letters, digits and '-' (at most 64)");
	folder = strrchr(L->disp, '/');
	folder = folder != NULL ? folder + 1 : L->disp;
	if (folder[0] == '\0' || strcmp(folder, ".") == 0 || strcmp(folder, "..") == 0) {
		folder = strrchr(p->dir, '/');
		folder = folder != NULL ? folder + 1 : p->dir;
	}
	if (strcmp(p->id, folder) != 0)
		return jv_fail(&L->v, "id", it, "must equal the folder name \"%s\"", folder);

	if (get_required(L, root, "title", "title", &it) < 0 ||
	    jv_string(&L->v, it, "title", JV_NONEMPTY | JV_ONELINE, &p->title) < 0)
		return -1;
	if (get_required(L, root, "source", "source", &it) < 0 ||
	    jv_string(&L->v, it, "source", JV_NONEMPTY | JV_ONELINE, &p->source) < 0)
		return -1;
	if (get_required(L, root, "difficulty", "difficulty", &it) < 0)
		return -1;
	if (!cJSON_IsString(it) ||
	    (strcmp(it->valuestring, "easy") != 0 && strcmp(it->valuestring, "medium") != 0 &&
	     strcmp(it->valuestring, "hard") != 0))
		return jv_fail(&L->v, "difficulty", it,
		               "expected \"easy\", \"medium\" or \"hard\"");
	p->difficulty = jutil_strdup(it->valuestring);
	if (p->difficulty == NULL)
		return oom(L);

	it = cJSON_GetObjectItemCaseSensitive(root, "tags");
	if (it != NULL) {
		if (jv_strv(&L->v, it, "tags", 0, JV_NONEMPTY | JV_ONELINE, &p->tags) < 0)
			return -1;
	} else if ((p->tags = calloc(1, sizeof *p->tags)) == NULL) {
		return oom(L);
	}

	if (get_required(L, root, "style", "style", &it) < 0)
		return -1;
	if (cJSON_IsString(it) && strcmp(it->valuestring, "stdio") == 0)
		p->style = JUDGE_STYLE_STDIO;
	else if (cJSON_IsString(it) && strcmp(it->valuestring, "harness") == 0)
		p->style = JUDGE_STYLE_HARNESS;
	else
		return jv_fail(&L->v, "style", it, "expected \"stdio\" or \"harness\"");

	if (get_required(L, root, "limits", "limits", &it) < 0 || parse_limits(L, it) < 0)
		return -1;
	if (get_required(L, root, "checker", "checker", &it) < 0 || parse_checker(L, it) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "groups");
	if (it != NULL && parse_groups(L, it) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "generators");
	if (it != NULL && parse_generators(L, it, tl) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "input_validator");
	if (it != NULL && (pkg_file(L, it, "input_validator", NULL, &p->input_validator) < 0 ||
	                   known_program_lang(L, it, "input_validator", p->input_validator) < 0))
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "harness");
	if (p->style == JUDGE_STYLE_HARNESS && it == NULL)
		return jv_fail(&L->v, "harness", NULL,
		               "required with style \"harness\" but missing");
	if (p->style != JUDGE_STYLE_HARNESS && it != NULL)
		return jv_fail(&L->v, "harness", it, "only allowed with style \"harness\"");
	if (it != NULL && parse_harness(L, it) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "scoring");
	if (it != NULL && parse_scoring(L, it) < 0)
		return -1;

	it = cJSON_GetObjectItemCaseSensitive(root, "expectations");
	if (it != NULL && parse_expectations(L, it) < 0)
		return -1;
	return 0;
}

int judge_problem_load(const char *dir, const struct judge_langs *langs, const char *cache_dir,
                       struct judge_problem **out, char *err, size_t errlen)
{
	struct loader L = {.langs = langs, .err = err, .errlen = errlen};
	struct tlist tl = {0};
	struct stat st;
	char ebuf[128], *json_path = NULL, *buf = NULL, *path = NULL, *gdir = NULL;
	cJSON *root = NULL;
	size_t len, n;
	int rc = -1;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	L.disp = jutil_strndup(dir, n);
	L.p = calloc(1, sizeof *L.p);
	if (L.disp == NULL || L.p == NULL) {
		jutil_errf(err, errlen, "%s: out of memory", dir);
		goto out;
	}
	L.p->dir = realpath(L.disp, NULL);
	if (L.p->dir == NULL || stat(L.p->dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		jutil_errf(err, errlen, "%s: %s", L.disp,
		           L.p->dir == NULL ? jutil_strerror(errno, ebuf, sizeof ebuf)
		                            : "not a directory");
		goto out;
	}
	json_path = jutil_path_join(L.disp, "problem.json");
	if (json_path == NULL) {
		oom(&L);
		goto out;
	}
	L.v = (struct jv){.file = json_path, .scope = "", .err = err, .errlen = errlen};
	if (judge_read_file(json_path, PROBLEM_JSON_MAX, &buf, &len, err, errlen) < 0)
		goto out;
	root = jv_parse(&L.v, buf, len);
	if (root == NULL || parse_manifest(&L, root, &tl) < 0)
		goto out;

	path = jutil_path_join(L.p->dir, "statement.md");
	if (path == NULL) {
		oom(&L);
		goto out;
	}
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		jutil_errf(err, errlen, "%s/statement.md: required file is missing", L.disp);
		goto out;
	}
	if (list_data(&L, &tl) < 0)
		goto out;

	if (cache_dir != NULL && L.p->ngen_tests > 0) {
		gdir = judge_problem_generated_dir(L.p, cache_dir, err, errlen);
		if (gdir == NULL)
			goto out;
		for (size_t i = 0; i < tl.n; i++) {
			struct judge_test *t = &tl.v[i].t;

			if (!t->generated)
				continue;
			t->in_path = jutil_asprintf("%s/%s.in", gdir, t->name);
			t->ans_path = jutil_asprintf("%s/%s.ans", gdir, t->name);
			if (t->in_path == NULL || t->ans_path == NULL) {
				oom(&L);
				goto out;
			}
		}
	}
	L.p->tests = calloc(tl.n + 1, sizeof *L.p->tests);
	if (L.p->tests == NULL) {
		oom(&L);
		goto out;
	}
	for (size_t i = 0; i < tl.n; i++)
		L.p->tests[i] = tl.v[i].t;
	L.p->ntests = tl.n;
	tl.n = 0;
	*out = L.p;
	L.p = NULL;
	rc = 0;
out:
	tlist_free(&tl);
	judge_problem_free(L.p);
	cJSON_Delete(root);
	free(buf);
	free(json_path);
	free(path);
	free(gdir);
	free(L.disp);
	return rc;
}

int judge_problems_scan(const char *root, char ***ids, char *err, size_t errlen)
{
	char **names = NULL, **v = NULL;
	size_t n = 0;
	int exists, rc = -1;

	*ids = NULL;
	if (read_dir_sorted(root, root, &exists, &names, err, errlen) < 0)
		goto out;
	if (!exists) {
		jutil_errf(err, errlen, "%s: no such directory", root);
		goto out;
	}
	for (n = 0; names[n] != NULL; n++)
		;
	v = calloc(n + 1, sizeof *v);
	if (v == NULL) {
		jutil_errf(err, errlen, "%s: out of memory", root);
		goto out;
	}
	n = 0;
	for (size_t i = 0; names[i] != NULL; i++) {
		struct stat st;
		char *pj = jutil_asprintf("%s/%s/problem.json", root, names[i]);

		if (pj == NULL) {
			jutil_errf(err, errlen, "%s: out of memory", root);
			goto out;
		}
		if (stat(pj, &st) == 0 && S_ISREG(st.st_mode)) {
			v[n] = jutil_strdup(names[i]);
			if (v[n++] == NULL) {
				free(pj);
				jutil_errf(err, errlen, "%s: out of memory", root);
				goto out;
			}
		}
		free(pj);
	}
	*ids = v;
	v = NULL;
	rc = 0;
out:
	judge_strv_free(v);
	judge_strv_free(names);
	return rc;
}

/*** Questions about a loaded problem ***/

const struct judge_group *judge_problem_group(const struct judge_problem *p, const char *name)
{
	const char *s = name, *slash;

	if (p == NULL || name == NULL)
		return NULL;
	if (strcmp(s, "sample") == 0 || strncmp(s, "sample/", 7) == 0)
		return NULL;
	if (strncmp(s, "secret/", 7) == 0) {
		s += 7;
		slash = strchr(s, '/');
		return find_group((struct judge_problem *)p, s,
		                  slash != NULL ? (size_t)(slash - s) : strlen(s));
	}
	return find_group((struct judge_problem *)p, s, strlen(s));
}

long judge_problem_time_limit(const struct judge_problem *p, const char *lang,
                              const struct judge_test *t)
{
	const struct judge_group *g = t != NULL ? judge_problem_group(p, t->group) : NULL;
	long base = g != NULL && g->time_ms > 0 ? g->time_ms : p->time_ms;
	double factor = 1;

	for (size_t i = 0; lang != NULL && i < p->nmultipliers; i++) {
		if (strcmp(p->multipliers[i].lang, lang) == 0) {
			factor = p->multipliers[i].factor;
			break;
		}
	}
	return (long)ceil((double)base * factor - 1e-9);
}

const struct judge_harness *judge_problem_harness(const struct judge_problem *p, const char *lang)
{
	if (p == NULL || lang == NULL)
		return NULL;
	for (size_t i = 0; i < p->nharness; i++)
		if (strcmp(p->harness[i].lang, lang) == 0)
			return &p->harness[i];
	return NULL;
}

int judge_problem_accepts(const struct judge_problem *p, const char *lang)
{
	if (p == NULL || lang == NULL)
		return 0;
	if (p->style == JUDGE_STYLE_HARNESS)
		return judge_problem_harness(p, lang) != NULL;
	return 1;
}

int judge_problem_test_applies(const struct judge_problem *p, const struct judge_test *t,
                               const char *lang)
{
	const struct judge_group *g = judge_problem_group(p, t->group);

	if (g == NULL || g->languages == NULL)
		return 1;
	for (char **l = g->languages; *l != NULL; l++)
		if (lang != NULL && strcmp(*l, lang) == 0)
			return 1;
	return 0;
}

/*** Generated tests' cache key ***/

static void hash_bytes(struct judge_sha256 *s, const void *data, size_t n)
{
	unsigned char len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)n >> (8 * i));
	judge_sha256_update(s, len, sizeof len);
	judge_sha256_update(s, data, n);
}

static void hash_str(struct judge_sha256 *s, const char *str)
{
	hash_bytes(s, str, strlen(str));
}

static int hash_file(struct judge_sha256 *s, const char *path, char *err, size_t errlen)
{
	char hex[65];

	if (judge_sha256_file(path, hex, err, errlen) < 0)
		return -1;
	hash_bytes(s, hex, 64);
	return 0;
}

/* The generator's helpers: the other regular files beside it (a generator
 * may import them), unless it sits at the package root. */
static int hash_siblings(struct judge_sha256 *s, const struct judge_problem *p, char *err,
                         size_t errlen)
{
	const char *slash = strrchr(p->gen_program, '/');
	char **names = NULL, *dir = NULL, *f = NULL;
	int exists, rc = -1;

	dir = jutil_strndup(p->gen_program, (size_t)(slash - p->gen_program));
	if (dir == NULL) {
		jutil_errf(err, errlen, "%s: out of memory", p->gen_program);
		goto out;
	}
	if (strcmp(dir, p->dir) == 0) {
		rc = 0;
		goto out;
	}
	if (read_dir_sorted(dir, dir, &exists, &names, err, errlen) < 0)
		goto out;
	for (size_t i = 0; exists && names[i] != NULL; i++) {
		struct stat st;

		free(f);
		f = jutil_path_join(dir, names[i]);
		if (f == NULL) {
			jutil_errf(err, errlen, "%s: out of memory", dir);
			goto out;
		}
		if (strcmp(f, p->gen_program) == 0 || stat(f, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		hash_str(s, names[i]);
		if (hash_file(s, f, err, errlen) < 0)
			goto out;
	}
	rc = 0;
out:
	judge_strv_free(names);
	free(dir);
	free(f);
	return rc;
}

char *judge_problem_generated_dir(const struct judge_problem *p, const char *cache_root, char *err,
                                  size_t errlen)
{
	struct judge_sha256 s;
	char hex[65], count[32];

	if (p->gen_program == NULL || p->gen_reference == NULL) {
		jutil_errf(err, errlen, "%s: problem '%s' has no generators", p->dir, p->id);
		return NULL;
	}
	judge_sha256_init(&s);
	hash_str(&s, "judge-generated/1");
	hash_str(&s, "program");
	if (hash_file(&s, p->gen_program, err, errlen) < 0)
		return NULL;
	if (hash_siblings(&s, p, err, errlen) < 0)
		return NULL;
	hash_str(&s, "reference");
	if (hash_file(&s, p->gen_reference, err, errlen) < 0)
		return NULL;
	snprintf(count, sizeof count, "%zu", p->ngen_tests);
	hash_str(&s, count);
	for (size_t i = 0; i < p->ngen_tests; i++) {
		size_t argc = 0;

		hash_str(&s, p->gen_tests[i].name);
		while (p->gen_tests[i].args[argc] != NULL)
			argc++;
		snprintf(count, sizeof count, "%zu", argc);
		hash_str(&s, count);
		for (size_t j = 0; j < argc; j++)
			hash_str(&s, p->gen_tests[i].args[j]);
	}
	judge_sha256_final(&s, hex);
	hex[GEN_HASH_HEX] = '\0';
	{
		char *r = jutil_asprintf("%s/%s-%s", cache_root, p->id, hex);

		if (r == NULL)
			jutil_errf(err, errlen, "%s: out of memory", cache_root);
		return r;
	}
}

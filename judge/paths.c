/* paths.c -- where the judge finds problems and languages and keeps its
 * cache, history and token: command line, environment, XDG directories,
 * then the source tree (a build-tree binary) or the install prefix. */
#include "judge/judge.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/util.h"

#ifndef JUDGE_SOURCE_ROOT
#define JUDGE_SOURCE_ROOT ""
#endif
#ifndef JUDGE_DATA_INSTALL_DIR
#define JUDGE_DATA_INSTALL_DIR "/usr/local/share/judge"
#endif
#ifndef JUDGE_VERSION
#define JUDGE_VERSION "0.1.0"
#endif

const char *judge_version(void)
{
	return JUDGE_VERSION;
}

/* $XDG_<kind>_HOME/judge, else ~/<fallback>/judge. */
static char *xdg(const char *var, const char *fallback)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v && v[0] == '/')
		return jutil_asprintf("%s/judge", v);
	if (!home || home[0] != '/')
		home = "/root";
	return jutil_asprintf("%s/%s/judge", home, fallback);
}

static int is_file(const char *path)
{
	return access(path, R_OK) == 0;
}

/* languages.json: $JUDGE_LANGUAGES, the source tree this binary was built
 * from (when it still exists), then the installed data directory. */
static char *find_languages(void)
{
	const char *env = getenv("JUDGE_LANGUAGES");
	char *p;

	if (env && *env)
		return jutil_strdup(env);
	if (JUDGE_SOURCE_ROOT[0]) {
		p = jutil_asprintf("%s/judge/languages.json", JUDGE_SOURCE_ROOT);
		if (p && is_file(p))
			return p;
		free(p);
	}
	return jutil_asprintf("%s/languages.json", JUDGE_DATA_INSTALL_DIR);
}

int judge_paths_init(struct judge_paths *p, const char *problems_override, char *err, size_t errlen)
{
	const char *env = getenv("JUDGE_PROBLEMS"), *cache = getenv("JUDGE_CACHE");

	memset(p, 0, sizeof *p);
	if (problems_override && *problems_override)
		p->problems = jutil_strdup(problems_override);
	else if (env && *env)
		p->problems = jutil_strdup(env);
	else
		p->problems = jutil_strdup("problems");
	p->languages = find_languages();
	p->cache = cache && *cache ? jutil_strdup(cache) : xdg("XDG_CACHE_HOME", ".cache");
	p->data = xdg("XDG_DATA_HOME", ".local/share");
	p->config = xdg("XDG_CONFIG_HOME", ".config");
	if (!p->problems || !p->languages || !p->cache || !p->data || !p->config) {
		judge_paths_free(p);
		return jutil_errf(err, errlen, "out of memory");
	}
	return 0;
}

void judge_paths_free(struct judge_paths *p)
{
	free(p->problems);
	free(p->languages);
	free(p->cache);
	free(p->data);
	free(p->config);
	memset(p, 0, sizeof *p);
}

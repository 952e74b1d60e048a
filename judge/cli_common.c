/* cli_common.c -- what the commands share: the lazily loaded context
 * (paths, languages), one-line errors, strict option parsing, loading a
 * problem and a source the way every command reports them. */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_paths(struct cli *c)
{
	char err[512];

	if (c->have_paths)
		return 0;
	if (judge_paths_init(&c->paths, c->problems_override, err, sizeof err) < 0) {
		cli_fail(CLI_INTERNAL, "%s", err);
		return -1;
	}
	c->have_paths = 1;
	return 0;
}

int cli_langs(struct cli *c)
{
	char err[512];

	if (c->langs)
		return 0;
	if (cli_paths(c) < 0)
		return -1;
	if (judge_langs_load(c->paths.languages, &c->langs, err, sizeof err) < 0) {
		cli_fail(CLI_INTERNAL, "%s", err);
		return -1;
	}
	return 0;
}

void cli_free(struct cli *c)
{
	judge_langs_free(c->langs);
	c->langs = NULL;
	if (c->have_paths)
		judge_paths_free(&c->paths);
	c->have_paths = 0;
}

/* Prints "judge: " + message on one line: newlines inside become spaces. */
static void vline(const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof buf, fmt, ap);
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "%s%s\n", prefix, buf);
}

int cli_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("judge: ", fmt, ap);
	va_end(ap);
	return code;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("judge: warning: ", fmt, ap);
	va_end(ap);
}

void cli_warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	cli_warn("%s", msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "judge %s: %s (see 'judge %s --help')\n", cmd, buf, cmd);
	return CLI_USAGE;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_seconds(const char *s, double max_s, long *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > max_s)
		return -1;
	*ms = (long)ceil(v * 1000.0);
	if (*ms < 1)
		*ms = 1;
	return 0;
}

int cli_valid_id(const char *id)
{
	if (!*id || strlen(id) > 100)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

int cli_load_problem(struct cli *c, const char *id, int bad_code, struct judge_problem **out)
{
	char err[1024], *dir = NULL, *manifest = NULL;
	struct stat st;
	int rc = CLI_USAGE;

	*out = NULL;
	if (cli_langs(c) < 0)
		return CLI_INTERNAL;
	if (strchr(id, '/')) {
		dir = strdup(id); /* a package directory given as a path */
	} else if (!cli_valid_id(id)) {
		return cli_fail(CLI_USAGE,
		                "unknown problem '%s' (ids are lowercase letters, digits "
		                "and '-'; see 'judge list')",
		                id);
	} else {
		size_t n = strlen(c->paths.problems) + strlen(id) + 2;
		dir = malloc(n);
		if (dir)
			snprintf(dir, n, "%s/%s", c->paths.problems, id);
	}
	if (!dir)
		return cli_fail(CLI_INTERNAL, "out of memory");
	size_t n = strlen(dir) + sizeof "/problem.json";
	manifest = malloc(n);
	if (!manifest) {
		rc = cli_fail(CLI_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(manifest, n, "%s/problem.json", dir);
	if (stat(manifest, &st) < 0) {
		if (strchr(id, '/'))
			cli_fail(CLI_USAGE, "%s: not a problem package (no problem.json)", id);
		else if (stat(c->paths.problems, &st) < 0)
			cli_fail(
			    CLI_USAGE,
			    "unknown problem '%s': no problems directory '%s' (give --problems "
			    "DIR or set JUDGE_PROBLEMS)",
			    id, c->paths.problems);
		else
			cli_fail(CLI_USAGE, "unknown problem '%s' in %s (see 'judge list')", id,
			         c->paths.problems);
		goto out;
	}
	/* No cache dir: generated tests get their paths from judge_generate(). */
	if (judge_problem_load(dir, c->langs, NULL, out, err, sizeof err) < 0) {
		rc = cli_fail(bad_code, "%s", err);
		goto out;
	}
	rc = CLI_OK;
out:
	free(manifest);
	free(dir);
	return rc;
}

int cli_generate_tests(struct cli *c, struct judge_problem *p, struct term *t, int fail_code)
{
	struct judge_options o;
	char err[2048];

	if (p->ngen_tests == 0)
		return CLI_OK;
	judge_options_init(&o);
	o.cache = c->paths.cache;
	o.langs = c->langs;
	o.warn = cli_warn_cb;
	if (t) {
		o.progress = term_judge_progress;
		o.ctx = t;
	}
	if (judge_generate(p, c->langs, &o, err, sizeof err) < 0) {
		if (t)
			term_clear(t);
		return cli_fail(fail_code, "%s: generating the tests: %s", p->id, err);
	}
	if (t)
		term_clear(t);
	return CLI_OK;
}

/* "c, cpp, python" into buf. */
static void lang_list(const struct judge_langs *langs, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < langs->n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", langs->v[i].id);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

const struct judge_lang *cli_pick_lang(struct cli *c, const char *file, const char *lang_id)
{
	const struct judge_lang *l;
	char known[256];

	if (cli_langs(c) < 0)
		return NULL;
	lang_list(c->langs, known, sizeof known);
	if (lang_id) {
		l = judge_langs_find(c->langs, lang_id);
		if (!l)
			cli_fail(CLI_USAGE, "unknown language '%s' (known: %s)", lang_id, known);
		return l;
	}
	l = judge_langs_by_file(c->langs, file);
	if (!l) {
		const char *dot = strrchr(cli_basename(file), '.');
		if (dot)
			cli_fail(CLI_USAGE,
			         "%s: unknown language for extension '%s' (known: %s; or give "
			         "--lang)",
			         file, dot, known);
		else
			cli_fail(CLI_USAGE,
			         "%s: no extension to tell the language (give --lang; known: %s)",
			         file, known);
	}
	return l;
}

int cli_read_source(const char *path, char **buf, size_t *len)
{
	char err[1024];

	if (judge_read_file(path, JUDGE_SOURCE_MAX, buf, len, err, sizeof err) < 0)
		return cli_fail(CLI_USAGE, "%s", err);
	if (judge_source_check(*buf, *len, err, sizeof err) < 0) {
		free(*buf);
		*buf = NULL;
		return cli_fail(CLI_USAGE, "%s: %s", path, err);
	}
	return CLI_OK;
}

int cli_path(char *buf, size_t len, const char *a, const char *b)
{
	int n = snprintf(buf, len, "%s/%s", a, b);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

const char *cli_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int cli_mkdirs(const char *path, char *err, size_t errlen)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf) {
		snprintf(err, errlen, "%s: bad directory name", path);
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", buf, strerror(errno));
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

int cli_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int cli_write_file(const char *path, const void *data, size_t len, int exclusive, char *err,
                   size_t errlen)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC);
	int fd = open(path, flags, 0644), rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (cli_write_all(fd, data, len) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (close(fd) < 0 && rc == 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned long cp;

	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

char *cli_utf8_clean(const char *s, size_t n, size_t max, int *cut)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, lim = n < max ? n : max;
	char *out = malloc(lim * 3 + 1); /* each bad byte may become 3 */

	if (!out)
		return NULL;
	while (i < lim) {
		size_t k = utf8_len(u + i, n - i);
		if (k == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else if (i + k > lim) {
			break; /* a character across the cut: left out */
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	*cut = i < n;
	return out;
}

int cli_print_json(const cJSON *doc)
{
	char *text = doc ? cJSON_Print(doc) : NULL;
	int rc;

	if (!text)
		return -1;
	rc = printf("%s\n", text) < 0 ? -1 : 0;
	cJSON_free(text);
	if (fflush(stdout) != 0)
		rc = -1;
	return rc;
}

int cli_verdict_status(enum judge_verdict v)
{
	if (v == JUDGE_AC)
		return CLI_OK;
	return v == JUDGE_IE ? CLI_INTERNAL : CLI_REJECTED;
}

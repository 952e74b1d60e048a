/* util.c -- small utilities: whole-file reads, string vectors, message
 * escaping, and the strict JSON readers behind languages.json and problem.json.
 *
 * The JSON readers sit on cJSON but refuse what cJSON lets through: NUL bytes,
 * invalid UTF-8, "\u0000" escapes (cJSON would cut the string there), trailing
 * garbage and duplicate keys (cJSON keeps both and returns the first). Every
 * error names the file, the field and the value, so that a package author can
 * fix a problem.json from the message alone.
 */
#include "judge/util.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge/judge.h"

int jutil_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

char *jutil_strdup(const char *s)
{
	return jutil_strndup(s, strlen(s));
}

char *jutil_strndup(const char *s, size_t n)
{
	char *r = malloc(n + 1);

	if (r == NULL)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *jutil_path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int slash = la > 0 && a[la - 1] != '/';
	char *r = malloc(la + (size_t)slash + lb + 1);

	if (r == NULL)
		return NULL;
	memcpy(r, a, la);
	if (slash)
		r[la] = '/';
	memcpy(r + la + (size_t)slash, b, lb + 1);
	return r;
}

char *jutil_asprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *r;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	r = malloc((size_t)n + 1);
	if (r == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}

void jutil_format_double(char *buf, size_t len, double d, int shortest)
{
	/* glibc hands out its static "C" locale here: no allocation. */
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;

	if (!shortest) {
		snprintf(buf, len, "%g", d);
	} else {
		snprintf(buf, len, "%.15g", d);
		if (strtod(buf, NULL) != d)
			snprintf(buf, len, "%.17g", d);
	}
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
}

const char *jutil_strerror(int errnum, char *buf, size_t len)
{
	/* GNU strerror_r: returns a string that may or may not be buf. */
	return strerror_r(errnum, buf, len);
}

void judge_strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

void jutil_strvv_free(char ***v)
{
	if (v == NULL)
		return;
	for (char ***p = v; *p != NULL; p++)
		judge_strv_free(*p);
	free(v);
}

int judge_read_file(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen)
{
	char ebuf[128];
	struct stat st;
	char *data = NULL, *grown;
	size_t cap, n = 0;
	ssize_t r;
	int fd = -1, rc = -1, flags;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK so that opening a FIFO cannot hang; cleared right after. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		jutil_errf(err, errlen, "%s: %s", path, jutil_strerror(errno, ebuf, sizeof ebuf));
		goto out;
	}
	flags = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) < 0 || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		jutil_errf(err, errlen, "%s: %s", path, jutil_strerror(errno, ebuf, sizeof ebuf));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		jutil_errf(err, errlen, "%s: is a directory, expected a file", path);
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max) {
		jutil_errf(err, errlen, "%s: file is larger than the limit of %zu bytes", path,
		           max);
		goto out;
	}
	/* Start at the file's size; grow for files whose size lies (procfs, pipes). */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	if (cap < 64)
		cap = 64;
	data = malloc(cap + 1);
	if (data == NULL) {
		jutil_errf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				jutil_errf(err, errlen,
				           "%s: file is larger than the limit of %zu bytes", path,
				           max);
				goto out;
			}
			cap = cap > max / 2 ? max + 1 : cap * 2;
			grown = realloc(data, cap + 1);
			if (grown == NULL) {
				jutil_errf(err, errlen, "%s: out of memory", path);
				goto out;
			}
			data = grown;
		}
		r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			jutil_errf(err, errlen, "%s: %s", path,
			           jutil_strerror(errno, ebuf, sizeof ebuf));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		jutil_errf(err, errlen, "%s: file is larger than the limit of %zu bytes", path,
		           max);
		goto out;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	data = NULL;
	rc = 0;
out:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}

/*** UTF-8 and escaping ***/

size_t jutil_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	/* The second byte's range excludes overlongs, surrogates and > U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

size_t jutil_utf8_check(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0, l;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		l = jutil_utf8_len(s + i, n - i);
		if (l == 0)
			return i;
		i += l;
	}
	return n;
}

/* 1 for a valid multi-byte sequence that is safe to show on one line: not a
 * C1 control, a line or paragraph separator, or a bidirectional override. */
static int utf8_printable(const unsigned char *s, size_t l)
{
	if (l == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0;
	if (l == 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0xa8 && s[2] <= 0xae)
		return 0;
	if (l == 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 0;
	return 1;
}

/* The escaped form of the unit (byte or UTF-8 sequence) at s[i]: sets *unit
 * and *tl, returns the number of input bytes it covers. */
static size_t escape_unit(const unsigned char *s, size_t i, size_t n, char tmp[4],
                          const char **unit, size_t *tl)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = s[i];
	size_t l;

	*unit = tmp;
	if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
		tmp[0] = (char)c;
		*tl = 1;
		return 1;
	}
	if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r') {
		tmp[0] = '\\';
		tmp[1] = c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : (char)c;
		*tl = 2;
		return 1;
	}
	if (c >= 0x80 && (l = jutil_utf8_len(s + i, n - i)) > 0 && utf8_printable(s + i, l)) {
		*unit = (const char *)s + i;
		*tl = l;
		return l;
	}
	tmp[0] = '\\';
	tmp[1] = 'x';
	tmp[2] = hex[c >> 4];
	tmp[3] = hex[c & 15];
	*tl = 4;
	return 1;
}

size_t jutil_escape(char *dst, size_t dstlen, const void *src, size_t n)
{
	const unsigned char *s = src;
	size_t i = 0, o = 0, room, tl, total = 0, reserve;
	const char *unit;
	char tmp[4];

	if (dstlen == 0)
		return 0;
	room = dstlen - 1;
	/* Does it all fit? Look no further than room bytes of output. */
	while (i < n && total <= room) {
		i += escape_unit(s, i, n, tmp, &unit, &tl);
		total += tl;
	}
	reserve = i == n && total <= room ? 0 : 3;
	i = 0;
	while (i < n) {
		size_t adv = escape_unit(s, i, n, tmp, &unit, &tl);

		if (o + tl + reserve > room) {
			if (o + 3 <= room) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(dst + o, unit, tl);
		o += tl;
		i += adv;
	}
	dst[o] = '\0';
	return i;
}

/*** Strict JSON ***/

cJSON *jv_parse(const struct jv *v, const char *buf, size_t len)
{
	const char *end = NULL, *nul;
	size_t bad, line = 1, col = 1;
	cJSON *root;

	nul = memchr(buf, '\0', len);
	if (nul != NULL) {
		jutil_errf(v->err, v->errlen, "%s: not a JSON text: NUL byte at offset %zu",
		           v->file, (size_t)(nul - buf));
		return NULL;
	}
	bad = jutil_utf8_check(buf, len);
	if (bad < len) {
		jutil_errf(v->err, v->errlen, "%s: not valid UTF-8 at offset %zu", v->file, bad);
		return NULL;
	}
	/* cJSON would end the string at an escaped NUL; refuse it. Skipping the
	 * byte after every backslash keeps "\\u0000" (an escaped backslash) legal. */
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] == 'u' && i + 5 < len && memcmp(buf + i + 2, "0000", 4) == 0) {
			jutil_errf(v->err, v->errlen,
			           "%s: \\u0000 (a NUL character) in a string at offset %zu",
			           v->file, i);
			return NULL;
		}
		i++;
	}
	root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
	if (root == NULL) {
		if (end == NULL || end < buf || end > buf + len)
			end = buf + len;
		for (const char *p = buf; p < end; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)*p & 0xc0) != 0x80) {
				col++;
			}
		}
		jutil_errf(v->err, v->errlen, "%s: invalid JSON at line %zu, column %zu", v->file,
		           line, col);
	}
	return root;
}

void jv_describe(char *buf, size_t len, const cJSON *item)
{
	char tmp[56];

	if (cJSON_IsString(item)) {
		jutil_escape(tmp, sizeof tmp, item->valuestring, strlen(item->valuestring));
		snprintf(buf, len, "\"%s\"", tmp);
	} else if (cJSON_IsNumber(item)) {
		jutil_format_double(buf, len, item->valuedouble, 1);
	} else if (cJSON_IsTrue(item)) {
		snprintf(buf, len, "true");
	} else if (cJSON_IsFalse(item)) {
		snprintf(buf, len, "false");
	} else if (cJSON_IsNull(item)) {
		snprintf(buf, len, "null");
	} else if (cJSON_IsArray(item)) {
		snprintf(buf, len, "an array");
	} else if (cJSON_IsObject(item)) {
		snprintf(buf, len, "an object");
	} else {
		snprintf(buf, len, "an invalid value");
	}
}

int jv_fail(const struct jv *v, const char *field, const cJSON *got, const char *fmt, ...)
{
	char msg[512], desc[80] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (got != NULL)
		jv_describe(desc, sizeof desc, got);
	if (field[0] != '\0')
		return jutil_errf(v->err, v->errlen, "%s: %sfield '%s': %s%s%s", v->file, v->scope,
		                  field, msg, got != NULL ? ", got " : "", desc);
	return jutil_errf(v->err, v->errlen, "%s: %s%s%s%s", v->file, v->scope, msg,
	                  got != NULL ? ", got " : "", desc);
}

int jv_missing(const struct jv *v, const char *field)
{
	return jv_fail(v, field, NULL, "required but missing");
}

void jv_field(char *buf, size_t len, const char *parent, const char *key)
{
	char tmp[64];

	jutil_escape(tmp, sizeof tmp, key, strlen(key));
	if (parent[0] == '\0')
		snprintf(buf, len, "%s", tmp);
	else
		snprintf(buf, len, "%s.%s", parent, tmp);
}

void jv_index(char *buf, size_t len, const char *parent, size_t i)
{
	snprintf(buf, len, "%s[%zu]", parent, i);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int jv_object(const struct jv *v, const cJSON *obj, const char *field, const char *const *allowed)
{
	char name[256];
	const char **keys = NULL;
	const cJSON *it;
	size_t n = 0, i;
	int rc = -1;

	if (!cJSON_IsObject(obj))
		return jv_fail(v, field, obj, "expected an object");
	cJSON_ArrayForEach(it, obj)
	{
		if (allowed != NULL) {
			const char *const *a = allowed;

			while (*a != NULL && strcmp(*a, it->string) != 0)
				a++;
			if (*a == NULL) {
				jv_field(name, sizeof name, field, it->string);
				return jv_fail(v, name, NULL, "unknown key");
			}
		}
		n++;
	}
	if (n < 2)
		return 0;
	keys = malloc(n * sizeof *keys);
	if (keys == NULL) {
		jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
		goto out;
	}
	i = 0;
	cJSON_ArrayForEach(it, obj)
	{
		keys[i++] = it->string;
	}
	qsort(keys, n, sizeof *keys, cmp_strp);
	for (i = 1; i < n; i++) {
		if (strcmp(keys[i - 1], keys[i]) == 0) {
			jv_field(name, sizeof name, field, keys[i]);
			jv_fail(v, name, NULL, "duplicate key");
			goto out;
		}
	}
	rc = 0;
out:
	free(keys);
	return rc;
}

static int has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int jv_string(const struct jv *v, const cJSON *item, const char *field, int flags, char **out)
{
	if (!cJSON_IsString(item))
		return jv_fail(v, field, item, "expected a string");
	if ((flags & JV_NONEMPTY) && item->valuestring[0] == '\0')
		return jv_fail(v, field, item, "expected a non-empty string");
	if ((flags & JV_ONELINE) && has_control(item->valuestring))
		return jv_fail(v, field, item, "expected one line without control characters");
	*out = jutil_strdup(item->valuestring);
	if (*out == NULL)
		return jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
	return 0;
}

int jv_long(const struct jv *v, const cJSON *item, const char *field, long min, long max, long *out)
{
	const char *kind = min > 0    ? "a positive integer"
	                   : min == 0 ? "a non-negative integer"
	                              : "an integer";
	double d;

	if (!cJSON_IsNumber(item))
		return jv_fail(v, field, item, "expected %s", kind);
	d = item->valuedouble;
	if (!isfinite(d) || floor(d) != d)
		return jv_fail(v, field, item, "expected %s", kind);
	if (d < (double)min || d > (double)max)
		return jv_fail(v, field, item, "expected %s from %ld to %ld", kind, min, max);
	*out = (long)d;
	return 0;
}

int jv_double(const struct jv *v, const cJSON *item, const char *field, double min, int min_open,
              double max, double *out)
{
	double d;

	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return jv_fail(v, field, item, "expected a number");
	d = item->valuedouble;
	if (d < min || (min_open && d == min) || d > max) {
		char lo[32], hi[32];

		jutil_format_double(lo, sizeof lo, min, 0);
		jutil_format_double(hi, sizeof hi, max, 0);
		return jv_fail(v, field, item, "expected a number %s %s and at most %s",
		               min_open ? "above" : "from", lo, hi);
	}
	*out = d;
	return 0;
}

int jv_bool(const struct jv *v, const cJSON *item, const char *field, int *out)
{
	if (!cJSON_IsBool(item))
		return jv_fail(v, field, item, "expected true or false");
	*out = cJSON_IsTrue(item) ? 1 : 0;
	return 0;
}

int jv_strv(const struct jv *v, const cJSON *item, const char *field, int flags, int elem_flags,
            char ***out)
{
	char name[256];
	const cJSON *it;
	char **r = NULL;
	size_t n, i = 0;
	int rc = -1;

	*out = NULL;
	if (!cJSON_IsArray(item))
		return jv_fail(v, field, item, "expected an array of strings");
	n = (size_t)cJSON_GetArraySize(item);
	if ((flags & JV_NONEMPTY) && n == 0)
		return jv_fail(v, field, NULL, "expected a non-empty array of strings");
	r = calloc(n + 1, sizeof *r);
	if (r == NULL) {
		jutil_errf(v->err, v->errlen, "%s: out of memory", v->file);
		goto out;
	}
	cJSON_ArrayForEach(it, item)
	{
		jv_index(name, sizeof name, field, i);
		if (jv_string(v, it, name, elem_flags, &r[i]) < 0)
			goto out;
		i++;
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	judge_strv_free(r);
	return rc;
}

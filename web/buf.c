/* buf.c -- output buffer, JSON escaping, strict JSON checking.
 *
 * Every JSON document judge-web sends is written with wbuf_*: no tree is built
 * for responses. Strings escape '<', '>' and '&' (as \u003c ...) so a
 * submission's source can never form markup even if a page embeds a response.
 * Incoming bodies pass web_json_check() before cJSON sees them, because cJSON
 * accepts raw control characters, truncates strings at "\u0000" and does not
 * validate UTF-8.
 */
#include "web/webint.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wbuf_init(struct wbuf *b)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->oom = 0;
}

void wbuf_free(struct wbuf *b)
{
	free(b->p);
	wbuf_init(b);
}

void wbuf_reserve(struct wbuf *b, size_t extra)
{
	if (b->oom)
		return;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->oom = 1;
		return;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return;
	}
	b->p = p;
	b->cap = cap;
}

void wbuf_put(struct wbuf *b, const void *data, size_t len)
{
	wbuf_reserve(b, len);
	if (b->oom)
		return;
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void wbuf_puts(struct wbuf *b, const char *s)
{
	wbuf_put(b, s, strlen(s));
}

void wbuf_putc(struct wbuf *b, char c)
{
	wbuf_reserve(b, 1);
	if (b->oom)
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		wbuf_put(b, small, (size_t)n);
		return;
	}
	wbuf_reserve(b, (size_t)n);
	if (b->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void wbuf_int(struct wbuf *b, long long v)
{
	char tmp[24];
	char *e = tmp + sizeof tmp;
	char *q = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	wbuf_put(b, q, (size_t)(e - q));
}

void wbuf_number(struct wbuf *b, double v)
{
	char tmp[40];

	if (!isfinite(v)) {
		wbuf_puts(b, "null");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		wbuf_int(b, (long long)v);
		return;
	}
	/* The shortest of %.15g and %.17g that reads back as the same double. */
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	wbuf_puts(b, tmp);
}

/* 1 for bytes that cannot be copied verbatim into a JSON string. 0xE2 starts
 * U+2028/U+2029 and is checked further. */
static inline int json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0xe2;
}

void wbuf_str(struct wbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	/* Worst case six bytes per input byte; reserve the common case once. */
	wbuf_reserve(b, len + 2);
	wbuf_putc(b, '"');
	while (i < len) {
		unsigned char c = u[i];
		if (!json_special(c)) {
			i++;
			continue;
		}
		if (c == 0xe2 && !(i + 2 < len && u[i + 1] == 0x80 && (u[i + 2] & 0xfe) == 0xa8)) {
			i++;
			continue;
		}
		wbuf_put(b, s + run, i - run);
		char e[8];
		size_t n = 2;
		e[0] = '\\';
		switch (c) {
		case '"':
			e[1] = '"';
			break;
		case '\\':
			e[1] = '\\';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\t':
			e[1] = 't';
			break;
		case '\r':
			e[1] = 'r';
			break;
		case 0xe2: /* U+2028 or U+2029 */
			memcpy(e + 1, u[i + 2] == 0xa8 ? "u2028" : "u2029", 5);
			n = 6;
			i += 2;
			break;
		default:
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			n = 6;
			break;
		}
		wbuf_put(b, e, n);
		i++;
		run = i;
	}
	wbuf_put(b, s + run, len - run);
	wbuf_putc(b, '"');
}

void wbuf_cstr(struct wbuf *b, const char *s)
{
	wbuf_str(b, s, strlen(s));
}

void wbuf_cstr_or_null(struct wbuf *b, const char *s)
{
	if (s)
		wbuf_cstr(b, s);
	else
		wbuf_puts(b, "null");
}

char *wbuf_take(struct wbuf *b, size_t *len)
{
	char *p = NULL;

	if (b->oom) {
		wbuf_free(b);
		*len = 0;
		return NULL;
	}
	if (!b->p) {
		wbuf_reserve(b, 1); /* an empty body is still a NUL-terminated buffer */
		if (b->oom) {
			wbuf_free(b);
			*len = 0;
			return NULL;
		}
		b->p[0] = '\0';
	}
	p = b->p;
	*len = b->len;
	wbuf_init(b);
	return p;
}

/*** Strict JSON checking ***/

struct jcheck {
	const unsigned char *s;
	size_t n, i;
	int max_depth;
	char *err;
	size_t errlen;
};

static int jfail(struct jcheck *j, const char *what)
{
	snprintf(j->err, j->errlen, "invalid JSON at byte %zu: %s", j->i, what);
	return -1;
}

static void jws(struct jcheck *j)
{
	while (j->i < j->n) {
		unsigned char c = j->s[j->i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		j->i++;
	}
}

/* Length of the UTF-8 sequence at s[i] (1..4), or 0 when ill-formed
 * (overlong forms, surrogates and values above U+10FFFF are ill-formed). */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return i + 1 < n && (s[i + 1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (i + 2 >= n || (s[i + 1] & 0xc0) != 0x80 || (s[i + 2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[i + 1] < 0xa0)
			return 0;
		if (c == 0xed && s[i + 1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (i + 3 >= n || (s[i + 1] & 0xc0) != 0x80 || (s[i + 2] & 0xc0) != 0x80 ||
		    (s[i + 3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[i + 1] < 0x90)
			return 0;
		if (c == 0xf4 && s[i + 1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

void web_utf8_scrub(char *s)
{
	unsigned char *u = (unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u, n, i);
		if (!k) {
			u[i++] = '?';
			continue;
		}
		i += k;
	}
}

static int hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		unsigned char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int jstring(struct jcheck *j)
{
	j->i++; /* opening quote */
	while (j->i < j->n) {
		unsigned char c = j->s[j->i];
		if (c == '"') {
			j->i++;
			return 0;
		}
		if (c < 0x20)
			return jfail(j, "control character in string");
		if (c == '\\') {
			if (j->i + 1 >= j->n)
				return jfail(j, "unterminated escape");
			unsigned char e = j->s[j->i + 1];
			if (strchr("\"\\/bfnrt", e) && e) {
				j->i += 2;
				continue;
			}
			if (e != 'u')
				return jfail(j, "bad escape");
			unsigned cp;
			if (j->i + 6 > j->n || hex4(j->s + j->i + 2, &cp))
				return jfail(j, "bad \\u escape");
			if (cp == 0)
				return jfail(j, "\\u0000 is not allowed");
			j->i += 6;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return jfail(j, "lone low surrogate");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				unsigned lo;
				if (j->i + 6 > j->n || j->s[j->i] != '\\' ||
				    j->s[j->i + 1] != 'u' || hex4(j->s + j->i + 2, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return jfail(j, "lone high surrogate");
				j->i += 6;
			}
			continue;
		}
		size_t k = utf8_seq(j->s, j->n, j->i);
		if (!k)
			return jfail(j, "invalid UTF-8");
		j->i += k;
	}
	return jfail(j, "unterminated string");
}

static int jnumber(struct jcheck *j)
{
	size_t st = j->i;
	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	if (j->i >= j->n)
		return jfail(j, "bad number");
	if (j->s[j->i] == '0') {
		j->i++;
	} else if (j->s[j->i] >= '1' && j->s[j->i] <= '9') {
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
	} else {
		return jfail(j, "bad number");
	}
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		size_t d = j->i;
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
		if (d == j->i)
			return jfail(j, "bad number");
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		size_t d = j->i;
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
		if (d == j->i)
			return jfail(j, "bad number");
	}
	if (j->i - st > 64)
		return jfail(j, "number too long");
	return 0;
}

static int jvalue(struct jcheck *j, int depth)
{
	jws(j);
	if (j->i >= j->n)
		return jfail(j, "value expected");
	unsigned char c = j->s[j->i];
	if (c == '{' || c == '[') {
		unsigned char close = c == '{' ? '}' : ']';
		if (depth >= j->max_depth)
			return jfail(j, "nested too deeply");
		j->i++;
		jws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			return 0;
		}
		for (;;) {
			if (c == '{') {
				jws(j);
				if (j->i >= j->n || j->s[j->i] != '"')
					return jfail(j, "object key expected");
				if (jstring(j))
					return -1;
				jws(j);
				if (j->i >= j->n || j->s[j->i] != ':')
					return jfail(j, "':' expected");
				j->i++;
			}
			if (jvalue(j, depth + 1))
				return -1;
			jws(j);
			if (j->i < j->n && j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			if (j->i < j->n && j->s[j->i] == close) {
				j->i++;
				return 0;
			}
			return jfail(j, c == '{' ? "',' or '}' expected" : "',' or ']' expected");
		}
	}
	if (c == '"')
		return jstring(j);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jnumber(j);
	static const char *const words[] = {"true", "false", "null"};
	for (size_t k = 0; k < 3; k++) {
		size_t l = strlen(words[k]);
		if (j->n - j->i >= l && !memcmp(j->s + j->i, words[k], l)) {
			j->i += l;
			return 0;
		}
	}
	return jfail(j, "value expected");
}

int web_json_check(const char *data, size_t len, int max_depth, char *err, size_t errlen)
{
	struct jcheck j = {(const unsigned char *)data, len, 0, max_depth, err, errlen};

	if (jvalue(&j, 0))
		return -1;
	jws(&j);
	if (j.i != j.n)
		return jfail(&j, "trailing data after the document");
	return 0;
}

void web_json_write(struct wbuf *b, const cJSON *item)
{
	const cJSON *c;

	switch (item->type & 0xff) {
	case cJSON_False:
		wbuf_puts(b, "false");
		break;
	case cJSON_True:
		wbuf_puts(b, "true");
		break;
	case cJSON_NULL:
		wbuf_puts(b, "null");
		break;
	case cJSON_Number:
		wbuf_number(b, item->valuedouble);
		break;
	case cJSON_String:
		wbuf_cstr(b, item->valuestring ? item->valuestring : "");
		break;
	case cJSON_Array:
		wbuf_putc(b, '[');
		for (c = item->child; c; c = c->next) {
			if (c != item->child)
				wbuf_putc(b, ',');
			web_json_write(b, c);
		}
		wbuf_putc(b, ']');
		break;
	case cJSON_Object:
		wbuf_putc(b, '{');
		for (c = item->child; c; c = c->next) {
			if (c != item->child)
				wbuf_putc(b, ',');
			wbuf_cstr(b, c->string ? c->string : "");
			wbuf_putc(b, ':');
			web_json_write(b, c);
		}
		wbuf_putc(b, '}');
		break;
	default:
		wbuf_puts(b, "null");
		break;
	}
}

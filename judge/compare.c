/* compare.c -- the built-in checkers: exact-lines, tokens, float.
 *
 * Each checker is one forward pass over both buffers (no allocation, no
 * backtracking), so a 100 MB output costs a few hundred milliseconds at most.
 * Buffers are byte strings: NUL bytes and invalid UTF-8 are ordinary bytes.
 * The rejection message is one short printable line; long lines and tokens
 * are shown as a window around the first difference, and bytes that are not
 * printable are escaped (see jutil_escape()).
 *
 * Numbers are read with strtod_l() in the "C" locale, so a host locale with a
 * decimal comma cannot change a verdict.
 */
#include "judge/judge.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/util.h"

/* Lines or tokens up to this many bytes are shown whole. */
#define SHOW_WHOLE 40
/* Bytes shown before the first difference in a long line or token. */
#define SHOW_BEFORE 16
/* Longer tokens are never read as numbers (they are compared as text). */
#define NUMBER_MAX 1024

static const unsigned char is_space[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
};

struct text {
	const unsigned char *p;
	size_t n;
};

/* Escaped views of an expected and a candidate text for a message: whole when
 * both are short, else a window from just before the first difference. Sets
 * *col to the 1-based byte of that difference, or 0 when shown whole. */
static void show_pair(struct text e, struct text g, char *es, char *gs, size_t len, size_t *col)
{
	size_t d = 0, start, min = e.n < g.n ? e.n : g.n, o;

	while (d < min && e.p[d] == g.p[d])
		d++;
	if (e.n <= SHOW_WHOLE && g.n <= SHOW_WHOLE) {
		jutil_escape(es, len, e.p, e.n);
		jutil_escape(gs, len, g.p, g.n);
		*col = 0;
		return;
	}
	*col = d + 1;
	start = d > SHOW_BEFORE ? d - SHOW_BEFORE : 0;
	/* The texts agree before d, so one boundary suits both. */
	while (start > 0 && (e.p[start] & 0xc0) == 0x80)
		start--;
	o = start > 0 ? 3 : 0;
	memcpy(es, "...", o);
	memcpy(gs, "...", o);
	jutil_escape(es + o, len - o, e.p + start, e.n - start);
	jutil_escape(gs + o, len - o, g.p + start, g.n - start);
}

/* Length of the text once trailing whitespace and newlines are dropped: the
 * trailing empty lines of exact-lines (a line of spaces is empty there). */
static size_t content_len(const unsigned char *p, size_t n)
{
	while (n > 0 &&
	       (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	return n;
}

static size_t count_lines(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n, *q;
	size_t lines = n > 0;

	while (p < end && (q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p = q + 1;
	}
	return lines;
}

/* Takes the next line (without '\n' and trailing spaces, tabs and CRs). */
static struct text next_line(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *nl = memchr(*p, '\n', (size_t)(end - *p));
	struct text t = {*p, (size_t)((nl != NULL ? nl : end) - *p)};

	*p = nl != NULL ? nl + 1 : end;
	while (t.n > 0 && (t.p[t.n - 1] == ' ' || t.p[t.n - 1] == '\t' || t.p[t.n - 1] == '\r'))
		t.n--;
	return t;
}

static int check_lines(struct text out, struct text ans, int *accepted, char *msg, size_t msglen)
{
	const unsigned char *op, *oe, *ap, *ae;
	char es[64], gs[64];
	size_t line = 0, col, on, an;

	out.n = content_len(out.p, out.n);
	ans.n = content_len(ans.p, ans.n);
	op = out.p;
	oe = out.p + out.n;
	ap = ans.p;
	ae = ans.p + ans.n;
	while (op < oe && ap < ae) {
		struct text o = next_line(&op, oe), a = next_line(&ap, ae);

		line++;
		if (o.n == a.n && memcmp(o.p, a.p, o.n) == 0)
			continue;
		show_pair(a, o, es, gs, sizeof es, &col);
		if (col > 0)
			snprintf(msg, msglen, "line %zu, column %zu: expected \"%s\", got \"%s\"",
			         line, col, es, gs);
		else
			snprintf(msg, msglen, "line %zu: expected \"%s\", got \"%s\"", line, es,
			         gs);
		*accepted = 0;
		return 0;
	}
	if (op >= oe && ap >= ae) {
		*accepted = 1;
		return 0;
	}
	/* One side has lines left: count both sides in full for the message. */
	on = line + count_lines(op, (size_t)(oe - op));
	an = line + count_lines(ap, (size_t)(ae - ap));
	if (op >= oe) {
		snprintf(msg, msglen, "output ends early: expected %zu line%s, got %zu", an,
		         an == 1 ? "" : "s", on);
	} else {
		struct text extra = next_line(&op, oe);

		jutil_escape(es, sizeof es, extra.p, extra.n);
		snprintf(msg, msglen,
		         "extra output: expected %zu line%s, got %zu (line %zu: \"%s\")", an,
		         an == 1 ? "" : "s", on, line + 1, es);
	}
	*accepted = 0;
	return 0;
}

static int next_token(const unsigned char **p, const unsigned char *end, struct text *t)
{
	const unsigned char *q = *p;

	while (q < end && is_space[*q])
		q++;
	if (q == end) {
		*p = q;
		return 0;
	}
	t->p = q;
	while (q < end && !is_space[*q])
		q++;
	t->n = (size_t)(q - t->p);
	*p = q;
	return 1;
}

static size_t count_tokens(const unsigned char *p, const unsigned char *end)
{
	struct text t;
	size_t n = 0;

	while (next_token(&p, end, &t))
		n++;
	return n;
}

/* 1 and *v when the whole token is a number strtod accepts (in "C"). */
static int token_number(struct text t, locale_t c_locale, double *v)
{
	char buf[NUMBER_MAX + 1], *end;

	if (t.n == 0 || t.n > NUMBER_MAX)
		return 0;
	memcpy(buf, t.p, t.n);
	buf[t.n] = '\0';
	*v = strtod_l(buf, &end, c_locale);
	return end == buf + t.n;
}

/* 1 if the candidate's token passes the float rule against the answer's. */
static int float_match(struct text o, struct text a, double abs_tol, double rel_tol,
                       locale_t c_locale, double *diff, double *tol)
{
	double x, y;
	int xnum;

	*diff = *tol = NAN;
	if (!token_number(a, c_locale, &y))
		return o.n == a.n && memcmp(o.p, a.p, o.n) == 0;
	xnum = token_number(o, c_locale, &x);
	if (isnan(y))
		return xnum && isnan(x);
	if (isinf(y))
		return xnum && x == y;
	if (!xnum || !isfinite(x))
		return 0;
	*diff = fabs(x - y);
	*tol = fmax(abs_tol, rel_tol * fabs(y));
	return *diff <= *tol;
}

static int check_tokens(const struct judge_checker *c, struct text out, struct text ans,
                        int *accepted, char *msg, size_t msglen)
{
	const unsigned char *op = out.p, *oe = out.p + out.n, *ap = ans.p, *ae = ans.p + ans.n;
	locale_t c_locale = (locale_t)0;
	char es[64], gs[64], where[48];
	struct text o, a;
	size_t k = 0, col;
	int ho, ha, rc = -1;

	if (c->type == JUDGE_CHECK_FLOAT) {
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		if (c_locale == (locale_t)0) {
			snprintf(msg, msglen, "internal error: no \"C\" locale for numbers");
			goto out;
		}
	}
	*accepted = 0;
	for (;;) {
		double diff = NAN, tol = NAN;
		int ok;

		ho = next_token(&op, oe, &o);
		ha = next_token(&ap, ae, &a);
		if (!ho || !ha)
			break;
		k++;
		if (c->type == JUDGE_CHECK_FLOAT)
			ok = float_match(o, a, c->abs_tol, c->rel_tol, c_locale, &diff, &tol);
		else
			ok = o.n == a.n && memcmp(o.p, a.p, o.n) == 0;
		if (ok)
			continue;
		show_pair(a, o, es, gs, sizeof es, &col);
		if (col > 0)
			snprintf(where, sizeof where, "token %zu, byte %zu", k, col);
		else
			snprintf(where, sizeof where, "token %zu", k);
		if (!isnan(diff)) {
			char ds[32], ts[32];

			jutil_format_double(ds, sizeof ds, diff, 0);
			jutil_format_double(ts, sizeof ts, tol, 0);
			snprintf(msg, msglen,
			         "%s: expected %s, got %s (difference %s > tolerance %s)", where,
			         es, gs, ds, ts);
		} else {
			snprintf(msg, msglen, "%s: expected %s, got %s", where, es, gs);
		}
		rc = 0;
		goto out;
	}
	if (!ho && !ha) {
		*accepted = 1;
	} else if (!ho) {
		size_t total = k + 1 + count_tokens(ap, ae);

		snprintf(msg, msglen, "output ends early: expected %zu token%s, got %zu", total,
		         total == 1 ? "" : "s", k);
	} else {
		jutil_escape(gs, sizeof gs, o.p, o.n);
		snprintf(msg, msglen, "extra output: expected %zu token%s, got %zu (token %zu: %s)",
		         k, k == 1 ? "" : "s", k + 1 + count_tokens(op, oe), k + 1, gs);
	}
	rc = 0;
out:
	if (c_locale != (locale_t)0)
		freelocale(c_locale);
	return rc;
}

/* snprintf may have cut the message inside a UTF-8 sequence: drop the rest. */
static void trim_utf8(char *msg)
{
	size_t n = strlen(msg), start = n, need;

	while (start > 0 && n - start < 4 && ((unsigned char)msg[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0 || ((unsigned char)msg[start - 1] & 0x80) == 0)
		return;
	start--;
	need = jutil_utf8_len((const unsigned char *)msg + start, n - start);
	if (need == 0)
		msg[start] = '\0';
}

int judge_compare(const struct judge_checker *c, const char *out, size_t outlen, const char *ans,
                  size_t anslen, int *accepted, char *msg, size_t msglen)
{
	static const unsigned char empty[1];
	char dummy[1];
	int rc;
	struct text o = {out != NULL ? (const unsigned char *)out : empty,
	                 out != NULL ? outlen : 0};
	struct text a = {ans != NULL ? (const unsigned char *)ans : empty,
	                 ans != NULL ? anslen : 0};

	if (msg == NULL || msglen == 0) {
		msg = dummy;
		msglen = sizeof dummy;
	}
	msg[0] = '\0';
	*accepted = 0;
	switch (c->type) {
	case JUDGE_CHECK_EXACT_LINES:
		rc = check_lines(o, a, accepted, msg, msglen);
		trim_utf8(msg);
		return rc;
	case JUDGE_CHECK_TOKENS:
	case JUDGE_CHECK_FLOAT:
		rc = check_tokens(c, o, a, accepted, msg, msglen);
		trim_utf8(msg);
		return rc;
	case JUDGE_CHECK_CUSTOM:
		snprintf(msg, msglen, "a custom checker is a program, not built in");
		return -1;
	}
	snprintf(msg, msglen, "unknown checker type %d", (int)c->type);
	return -1;
}

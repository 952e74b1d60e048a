/*
 * Output checker for kmeans-lloyd (Kattis output-validator convention):
 *
 *     checker <input> <answer> <feedback_dir> < candidate_output
 *
 * Exit 42 when the output is accepted, 43 when it is wrong (the reason goes to
 * <feedback_dir>/judgemessage.txt), 1 when the input or answer file is unusable.
 *
 * The output is: the number of updates `it`; k lines of d centroid coordinates;
 * n labels; the inertia. `it` and the labels must be equal to the answer's; every
 * coordinate and the inertia must be within 1e-6 * max(1, |expected|). Numbers are
 * read with strtod, so any format it accepts is fine, but not nan or inf (unless
 * the answer has the same). Indices in messages are 0-based.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AC        42
#define WA        43
#define TOKEN_MAX 4096

static const char *feedback_dir;

struct token {
	char text[TOKEN_MAX + 1];
	size_t len;   /* bytes stored in text */
	int too_long; /* the token had more than TOKEN_MAX bytes */
};

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Reads the next whitespace-separated token; returns 0 at the end of the stream. */
static int next_token(FILE *f, struct token *tok)
{
	int c;

	while ((c = getc(f)) != EOF && is_space(c))
		;
	if (c == EOF)
		return 0;
	tok->len = 0;
	tok->too_long = 0;
	do {
		if (tok->len < TOKEN_MAX)
			tok->text[tok->len++] = (char)c;
		else
			tok->too_long = 1;
	} while ((c = getc(f)) != EOF && !is_space(c));
	tok->text[tok->len] = '\0';
	return 1;
}

/* The token as it may be shown: at most 40 bytes, non-printable bytes as '?'. */
static const char *shown(const struct token *tok)
{
	static char out[64];
	size_t n = tok->len < 40 ? tok->len : 40;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tok->text[i];
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	strcpy(out + n, n < tok->len || tok->too_long ? "..." : "");
	return out;
}

static int parse_double(const struct token *tok, double *v)
{
	char *end;

	if (tok->too_long || tok->len == 0)
		return 0;
	errno = 0;
	*v = strtod(tok->text, &end);
	return end == tok->text + tok->len; /* an embedded NUL byte also fails here */
}

static int parse_long(const struct token *tok, long long *v)
{
	const char *p = tok->text;
	size_t digits = tok->len;

	if (*p == '-' || *p == '+') {
		p++;
		digits--;
	}
	if (tok->too_long || digits == 0 || digits > 18)
		return 0;
	for (size_t i = 0; i < digits; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	*v = strtoll(tok->text, NULL, 10);
	return 1;
}

static void finish_msg(int code, const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f = NULL;

	if (snprintf(path, sizeof path, "%s/judgemessage.txt", feedback_dir) < (int)sizeof path)
		f = fopen(path, "w");
	va_start(ap, fmt);
	vfprintf(f ? f : stderr, fmt, ap);
	va_end(ap);
	fputc('\n', f ? f : stderr);
	if (f)
		fclose(f);
	exit(code);
}

#define wrong(...) finish_msg(WA, __VA_ARGS__)

static void fail(const char *fmt, const char *what)
{
	fprintf(stderr, "checker: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	exit(1);
}

/* Trusted files (input and answer): a number or an internal error. */
static double trusted_number(FILE *f, const char *name)
{
	static struct token tok;
	double v;

	if (!next_token(f, &tok) || !parse_double(&tok, &v))
		fail("%s is malformed", name);
	return v;
}

/* The candidate's next token, or a wrong answer naming what was expected. */
static const struct token *candidate_token(const char *what)
{
	static struct token tok;

	if (!next_token(stdin, &tok))
		wrong("output ended early: expected %s", what);
	return &tok;
}

static void check_integer(const char *what, long long expected)
{
	const struct token *tok = candidate_token(what);
	long long got;

	if (!parse_long(tok, &got))
		wrong("%s: expected the integer %lld, got '%s'", what, expected, shown(tok));
	if (got != expected)
		wrong("%s: expected %lld, got %lld", what, expected, got);
}

static void check_real(const char *what, double expected)
{
	const struct token *tok = candidate_token(what);
	double got;

	if (!parse_double(tok, &got))
		wrong("%s: expected a number, got '%s'", what, shown(tok));
	if (!isfinite(expected)) {
		if (isnan(expected) ? isnan(got) : got == expected)
			return;
		wrong("%s: expected %f, got '%s'", what, expected, shown(tok));
	}
	if (!isfinite(got))
		wrong("%s: expected %.9f, got '%s' (not a finite number)", what, expected,
		      shown(tok));
	if (!(fabs(got - expected) <= 1e-6 * fmax(1.0, fabs(expected))))
		wrong("%s: expected %.9f, got %s", what, expected, shown(tok));
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s input answer feedback_dir < output\n", argv[0]);
		return 1;
	}
	feedback_dir = argv[3];
	FILE *in = fopen(argv[1], "r"), *ans = fopen(argv[2], "r");
	if (!in || !ans)
		fail("cannot open %s", !in ? argv[1] : argv[2]);

	double nd = trusted_number(in, "input"), dd = trusted_number(in, "input");
	double kd = trusted_number(in, "input");
	if (!(nd >= 1 && nd <= 1e7 && dd >= 1 && dd <= 64 && kd >= 1 && kd <= nd))
		fail("%s: n, d or k out of range", "input");
	long n = (long)nd, d = (long)dd, k = (long)kd;
	fclose(in);

	double *cent = malloc(sizeof(double) * (size_t)(k * d));
	long *lab = malloc(sizeof(long) * (size_t)n);
	if (!cent || !lab)
		fail("%s", "out of memory");
	double it = trusted_number(ans, "answer");
	for (long i = 0; i < k * d; i++)
		cent[i] = trusted_number(ans, "answer");
	for (long i = 0; i < n; i++)
		lab[i] = (long)trusted_number(ans, "answer");
	double inertia = trusted_number(ans, "answer");
	fclose(ans);

	char what[128];
	check_integer("the number of updates (first number)", (long long)it);
	for (long j = 0; j < k; j++)
		for (long t = 0; t < d; t++) {
			snprintf(what, sizeof what, "centroid %ld coordinate %ld", j, t);
			check_real(what, cent[j * d + t]);
		}
	for (long i = 0; i < n; i++) {
		snprintf(what, sizeof what, "label of point %ld", i);
		check_integer(what, lab[i]);
	}
	check_real("inertia", inertia);

	static struct token extra;
	if (next_token(stdin, &extra))
		wrong("extra output after the inertia: '%s'", shown(&extra));
	free(cent);
	free(lab);
	finish_msg(AC, "accepted");
}

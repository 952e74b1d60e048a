/* WRONG: no unary operators: -3 and 2*-3 are reported as errors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p;   /* cursor in the current line */
static const char *end; /* end of the current line (CR/LF excluded) */
static int failed;      /* syntax error or division by zero */

static void skip_ws(void)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
}

static int64_t parse_expr(void);

/* factor := ("+" | "-") factor | number | "(" expr ")" */
static int64_t parse_factor(void)
{
	int negate = 0;
	int64_t v = 0;

	skip_ws();
	if (p < end && *p >= '0' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
	} else if (p < end && *p == '(') {
		p++;
		v = parse_expr();
		if (failed)
			return 0;
		skip_ws();
		if (p == end || *p != ')') {
			failed = 1;
			return 0;
		}
		p++;
	} else {
		failed = 1;
		return 0;
	}
	return negate ? -v : v;
}

/* term := factor (("*" | "/") factor)* */
static int64_t parse_term(void)
{
	int64_t v = parse_factor();

	while (!failed) {
		skip_ws();
		if (p == end || (*p != '*' && *p != '/'))
			break;
		char op = *p++;
		int64_t r = parse_factor();
		if (failed)
			break;
		if (op == '*') {
			v *= r;
		} else if (r == 0) {
			failed = 1;
		} else {
			v /= r; /* C truncates toward zero */
		}
	}
	return v;
}

/* expr := term (("+" | "-") term)* */
static int64_t parse_expr(void)
{
	int64_t v = parse_term();

	while (!failed) {
		skip_ws();
		if (p == end || (*p != '+' && *p != '-'))
			break;
		char op = *p++;
		int64_t r = parse_term();
		if (op == '+')
			v += r;
		else
			v -= r;
	}
	return v;
}

static char *read_all(size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);

	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n, stdin);
		if (got == 0)
			break;
		n += got;
	}
	buf[n] = '\0'; /* the loop leaves n < cap */
	*len = n;
	return buf;
}

int main(void)
{
	size_t len;
	char *buf = read_all(&len);
	const char *cur = buf, *stop = buf + len;
	long t = strtol(buf, NULL, 10);

	const char *nl = memchr(cur, '\n', (size_t)(stop - cur));
	cur = nl ? nl + 1 : stop;
	for (long i = 0; i < t; i++) {
		const char *line = cur;
		nl = memchr(cur, '\n', (size_t)(stop - cur));
		end = nl ? nl : stop;
		cur = nl ? nl + 1 : stop;
		if (end > line && end[-1] == '\r')
			end--;

		p = line;
		failed = 0;
		int64_t v = parse_expr();
		skip_ws();
		if (failed || p != end)
			puts("error");
		else
			printf("%lld\n", (long long)v);
	}
	free(buf);
	return 0;
}

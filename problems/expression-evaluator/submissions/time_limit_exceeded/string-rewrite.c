/* TOO SLOW: evaluates by rewriting. Each step rescans the token string from the
 * start, finds the innermost parentheses (or the whole line), performs one
 * reduction there (a unary sign, else the leftmost * or /, else the leftmost + or -),
 * splices the result back in and starts over. Correct, but O(n^2) per line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tok {
	char kind; /* 'n' for a number, else the operator or parenthesis */
	int64_t val;
};

static struct tok *t;
static size_t n;

static int is_op(size_t i)
{
	return t[i].kind == '+' || t[i].kind == '-' || t[i].kind == '*' || t[i].kind == '/';
}

/* Replaces tokens [i, j) by one number. */
static void splice(size_t i, size_t j, int64_t v)
{
	t[i].kind = 'n';
	t[i].val = v;
	memmove(t + i + 1, t + j, (n - j) * sizeof *t);
	n -= j - i - 1;
}

static void erase(size_t i)
{
	memmove(t + i, t + i + 1, (n - i - 1) * sizeof *t);
	n--;
}

/* One reduction inside tokens [lo, hi); returns 0 when none applies, -1 on division by zero. */
static int reduce(size_t lo, size_t hi)
{
	for (size_t i = lo; i + 1 < hi; i++) /* a unary sign directly before a number */
		if ((t[i].kind == '+' || t[i].kind == '-') && (i == lo || is_op(i - 1)) &&
		    t[i + 1].kind == 'n') {
			if (t[i].kind == '-')
				t[i + 1].val = -t[i + 1].val;
			erase(i);
			return 1;
		}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = lo; i < hi; i++) {
			char k = t[i].kind;
			if (pass == 0 ? (k != '*' && k != '/') : (k != '+' && k != '-'))
				continue;
			if (i == lo || i + 1 >= hi || t[i - 1].kind != 'n' || t[i + 1].kind != 'n')
				return 0;
			int64_t a = t[i - 1].val, b = t[i + 1].val, v;
			if (k == '*')
				v = a * b;
			else if (k == '/') {
				if (b == 0)
					return -1;
				v = a / b;
			} else
				v = k == '+' ? a + b : a - b;
			splice(i - 1, i + 2, v);
			return 1;
		}
	}
	return 0;
}

/* Returns 1 and sets *out when the tokens form a valid expression. */
static int evaluate(int64_t *out)
{
	for (;;) {
		size_t close = n, open = n, lo = 0, hi = n;
		for (size_t i = 0; i < n; i++)
			if (t[i].kind == ')') {
				close = i;
				break;
			}
		if (close < n) {
			for (size_t i = close; i-- > 0;)
				if (t[i].kind == '(') {
					open = i;
					break;
				}
			if (open == n)
				return 0;
			lo = open + 1;
			hi = close;
		} else {
			for (size_t i = 0; i < n; i++)
				if (t[i].kind == '(')
					return 0;
		}
		if (hi - lo == 1 && t[lo].kind == 'n') {
			if (close == n) {
				*out = t[lo].val;
				return 1;
			}
			erase(close);
			erase(open);
			continue;
		}
		if (reduce(lo, hi) <= 0)
			return 0;
	}
}

static int tokenize(const char *p, const char *end)
{
	n = 0;
	while (p < end) {
		if (*p == ' ' || *p == '\t') {
			p++;
		} else if (*p >= '0' && *p <= '9') {
			int64_t v = 0;
			while (p < end && *p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			t[n].kind = 'n';
			t[n++].val = v;
		} else if (strchr("+-*/()", *p) && *p) {
			t[n++].kind = *p++;
		} else {
			return 0;
		}
	}
	return 1;
}

int main(void)
{
	size_t cap = 1 << 16, len = 0, got;
	char *buf = malloc(cap);

	while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	t = malloc((len + 1) * sizeof *t);
	const char *cur = buf, *stop = buf + len;
	long lines = strtol(buf, NULL, 10);
	const char *nl = memchr(cur, '\n', len);
	cur = nl ? nl + 1 : stop;
	for (long k = 0; k < lines; k++) {
		const char *line = cur, *end;
		nl = memchr(cur, '\n', (size_t)(stop - cur));
		end = nl ? nl : stop;
		cur = nl ? nl + 1 : stop;
		if (end > line && end[-1] == '\r')
			end--;
		int64_t v;
		if (tokenize(line, end) && evaluate(&v))
			printf("%lld\n", (long long)v);
		else
			puts("error");
	}
	return 0;
}

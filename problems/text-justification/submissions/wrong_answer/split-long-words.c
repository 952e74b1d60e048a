/* WRONG: cuts a word longer than W into pieces of W characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *out;
static size_t out_len, out_cap;

static void emit(const char *s, size_t n)
{
	if (out_len + n > out_cap) {
		while (out_len + n > out_cap)
			out_cap = out_cap ? 2 * out_cap : 1 << 20;
		out = realloc(out, out_cap);
	}
	memcpy(out + out_len, s, n);
	out_len += n;
}

static void spaces(size_t n)
{
	static const char blank[64] =
	    "                                                               ";
	while (n > 0) {
		size_t k = n < 63 ? n : 63;
		emit(blank, k);
		n -= k;
	}
}

int main(void)
{
	size_t cap = 1 << 20, len = 0, got;
	char *buf = malloc(cap);

	while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0'; /* the loop leaves len < cap */
	char *text;
	long w = strtol(buf, &text, 10);

	/* word i is buf[start[i] .. start[i] + size[i]) */
	size_t n = 0, wcap = 1 << 16;
	size_t *start = malloc(wcap * sizeof *start), *size = malloc(wcap * sizeof *size);
	for (size_t i = (size_t)(text - buf); i < len;) {
		if (is_sep(buf[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && !is_sep(buf[j]))
			j++;
		for (size_t s = i; s < j; s += (size_t)w) {
			if (n == wcap) {
				wcap *= 2;
				start = realloc(start, wcap * sizeof *start);
				size = realloc(size, wcap * sizeof *size);
			}
			start[n] = s;
			size[n++] = j - s < (size_t)w ? j - s : (size_t)w;
		}
		i = j;
	}

	for (size_t i = 0; i < n;) {
		size_t j = i + 1, used = size[i]; /* letters plus one space per gap */
		while (j < n && used + 1 + size[j] <= (size_t)w)
			used += 1 + size[j++];
		size_t gaps = j - i - 1;
		if (j == n || gaps == 0) { /* last line or a single word: left-aligned */
			for (size_t k = i; k < j; k++) {
				if (k > i)
					emit(" ", 1);
				emit(buf + start[k], size[k]);
			}
		} else {
			size_t spare = (size_t)w - used; /* spaces beyond one per gap */
			for (size_t k = i; k < j; k++) {
				if (k > i)
					spaces(1 + spare / gaps + (k - i - 1 < spare % gaps));
				emit(buf + start[k], size[k]);
			}
		}
		emit("\n", 1);
		i = j;
	}
	if (out_len)
		fwrite(out, 1, out_len, stdout);
	return 0;
}

/* TOO SLOW: correct, but remembers only how many words were placed and, for every
 * output line, scans the text again from its beginning to find the next word:
 * about (number of lines) x (text length) steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text, *text_end;

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Finds the word after *p; returns its length, 0 at the end of the text. */
static size_t next_word(const char **p)
{
	const char *s = *p;
	while (s < text_end && is_sep(*s))
		s++;
	const char *e = s;
	while (e < text_end && !is_sep(*e))
		e++;
	*p = s;
	return (size_t)(e - s);
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
	char *rest;
	size_t w = (size_t)strtol(buf, &rest, 10);
	text = rest;
	text_end = buf + len;

	const char *line_words[1 << 17]; /* a line of width <= 10^5 holds at most 50001 words */
	size_t line_sizes[1 << 17];
	for (size_t placed = 0;;) {
		const char *p = text; /* skip the words already placed, from the start */
		size_t sz = next_word(&p);
		for (size_t k = 0; k < placed && sz; k++) {
			p += sz;
			sz = next_word(&p);
		}
		if (!sz)
			break;
		size_t cnt = 0, used = 0;
		while (sz && (cnt == 0 || used + 1 + sz <= w)) {
			used += (cnt ? 1 : 0) + sz;
			line_words[cnt] = p;
			line_sizes[cnt++] = sz;
			p += sz;
			sz = next_word(&p);
		}
		placed += cnt;
		int last = sz == 0;
		for (size_t k = 0; k < cnt; k++) {
			if (k > 0) {
				size_t gap = 1;
				if (!last)
					gap += (w - used) / (cnt - 1) +
					       (k - 1 < (w - used) % (cnt - 1));
				for (size_t s = 0; s < gap; s++)
					putchar(' ');
			}
			fwrite(line_words[k], 1, line_sizes[k], stdout);
		}
		putchar('\n');
	}
	return 0;
}

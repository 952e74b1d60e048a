#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	/* The whole input: W on the first line, then the text (at most 5 * 10^6 bytes). */
	size_t cap = 1 << 20, len = 0, got;
	char *buf = malloc(cap + 1);

	while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	buf[len] = '\0';
	char *text;
	long w = strtol(buf, &text, 10);

	/* TODO: split text into words (separated by spaces, tabs, CR and LF),
	 * fill lines of width w greedily and print them justified. */
	(void)w;
	free(buf);
	return 0;
}

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char line[100000 + 3]; /* up to 10^5 characters, then CR, LF and NUL */

int main(void)
{
	int t;

	if (!fgets(line, sizeof line, stdin))
		return 0;
	t = atoi(line);
	for (int i = 0; i < t; i++) {
		if (!fgets(line, sizeof line, stdin))
			line[0] = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		/* TODO: evaluate the expression in line; print its value or "error". */
		puts("error");
	}
	return 0;
}

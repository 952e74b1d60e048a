/* Allocates and touches memory a MiB at a time, up to 1 GiB, as a program
 * that grows a table would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t total = 0;

	while (total < (size_t)1 << 30) {
		char *p = malloc(1 << 20);

		if (!p) {
			fprintf(stderr, "out of memory after %zu MiB\n", total >> 20);
			abort();
		}
		memset(p, 1, 1 << 20);
		total += 1 << 20;
	}
	printf("%zu\n", total);
	return 0;
}

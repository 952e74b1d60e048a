/* Allocates and touches argv[1] MB, 16 MB at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long mb = argc > 1 ? atol(argv[1]) : 1024;

	for (long i = 0; i < mb; i += 16) {
		char *p = malloc(16 << 20);

		if (!p)
			return 3;
		memset(p, 1, 16 << 20);
	}
	printf("survived\n");
	return 0;
}

/* Prints a line, echoes stdin when asked, exits with argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char buf[4096];
	size_t n;

	if (argc > 2 && strcmp(argv[2], "echo") == 0)
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			fwrite(buf, 1, n, stdout);
	else
		printf("hello from the box\n");
	return argc > 1 ? atoi(argv[1]) : 0;
}

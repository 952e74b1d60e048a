/* Unbounded recursion: a stack overflow. */
#include <stdio.h>

static int deep(volatile char *p, int n)
{
	volatile char pad[4096];

	pad[0] = (char)n;
	return deep(pad, n + 1) + p[0];
}

int main(void)
{
	char c = 0;

	printf("%d\n", deep(&c, 0));
	return 0;
}

#include <stdio.h>
#include <stdlib.h>

/* Open addressing from value to first index. */
#define CAP (1 << 19)
static long long key[CAP];
static int idx[CAP], used[CAP];

static unsigned slot(long long v)
{
	return (unsigned)((unsigned long long)v * 11400714819323198485ull >> 45);
}

int main(void)
{
	int n;
	long long t;

	if (scanf("%d %lld", &n, &t) != 2)
		return 1;
	for (int j = 0; j < n; j++) {
		long long v;
		unsigned s;

		if (scanf("%lld", &v) != 1)
			return 1;
		for (s = slot(t - v); used[s]; s = (s + 1) & (CAP - 1))
			if (key[s] == t - v) {
				printf("%d %d\n", idx[s], j);
				return 0;
			}
		for (s = slot(v); used[s] && key[s] != v; s = (s + 1) & (CAP - 1))
			;
		if (!used[s]) {
			used[s] = 1;
			key[s] = v;
			idx[s] = j;
		}
	}
	puts("-1");
	return 0;
}

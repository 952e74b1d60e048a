/* Accepts any pair i < j with a[i] + a[j] = t, or -1 when the answer says none. */
#include <stdio.h>
#include <stdlib.h>

static FILE *feedback;

static int verdict(int code, const char *msg)
{
	if (msg)
		fprintf(feedback, "%s\n", msg);
	return code;
}

int main(int argc, char **argv)
{
	char path[4096];
	FILE *in = fopen(argv[1], "r"), *ans = fopen(argv[2], "r");
	long n, t, i, j, first;
	long *a;

	snprintf(path, sizeof path, "%s/judgemessage.txt", argv[3]);
	feedback = fopen(path, "w");
	if (!in || !ans || !feedback || fscanf(in, "%ld %ld", &n, &t) != 2)
		return 1; /* not the candidate's fault: IE */
	a = calloc((size_t)n, sizeof *a);
	for (i = 0; i < n; i++)
		if (fscanf(in, "%ld", &a[i]) != 1)
			return 1;
	if (fscanf(ans, "%ld", &first) != 1)
		return 1;
	if (scanf("%ld", &i) != 1)
		return verdict(43, "expected an index or -1");
	if (first == -1 || i == -1)
		return i == first
		           ? verdict(42, NULL)
		           : verdict(43, first == -1 ? "there is no such pair" : "a pair exists");
	if (scanf("%ld", &j) != 1 || i < 0 || j <= i || j >= n)
		return verdict(43, "expected two indices 0 <= i < j < n");
	return a[i] + a[j] == t ? verdict(42, NULL) : verdict(43, "a[i] + a[j] is not the target");
}

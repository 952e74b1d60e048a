/*
 * Wrong on purpose (kmeans-lloyd mutant): never stops early: always performs T
 * updates, even after the labels stop changing (wrong `it`; 10^4 updates on the
 * large tests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *buf, *pos;

static char *read_all(FILE *f)
{
	size_t cap = 1 << 20, len = 0, got;
	char *b = malloc(cap + 1);

	while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *nb = realloc(b, 2 * cap + 1);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b)
		b[len] = '\0';
	return b;
}

static double next_num(void)
{
	char *end;
	double v = strtod(pos, &end);

	pos = end;
	return v;
}

/* Squared Euclidean distance, computed as a sum of (x - c)^2. */
static double dist2(const double *x, const double *c, int d)
{
	double s = 0.0;

	for (int t = 0; t < d; t++) {
		double diff = x[t] - c[t];
		s += diff * diff;
	}
	return s;
}

/* Nearest centroid of every point; ties go to the lowest index. */
static void assign(const double *x, const double *c, int *lab, int n, int d, int k)
{
	for (int i = 0; i < n; i++) {
		const double *xi = x + (size_t)i * d;
		double best = dist2(xi, c, d);
		int arg = 0;

		for (int j = 1; j < k; j++) {
			double dd = dist2(xi, c + (size_t)j * d, d);
			if (dd < best) {
				best = dd;
				arg = j;
			}
		}
		lab[i] = arg;
	}
}

/* Centroid = mean of its points; an empty cluster keeps its centroid. */
static void update(const double *x, double *c, const int *lab, double *sum, int *cnt, int n, int d,
                   int k)
{
	memset(sum, 0, sizeof(double) * (size_t)k * d);
	memset(cnt, 0, sizeof(int) * (size_t)k);
	for (int i = 0; i < n; i++) {
		double *s = sum + (size_t)lab[i] * d;
		const double *xi = x + (size_t)i * d;

		for (int t = 0; t < d; t++)
			s[t] += xi[t];
		cnt[lab[i]]++;
	}
	for (int j = 0; j < k; j++)
		if (cnt[j] > 0)
			for (int t = 0; t < d; t++)
				c[(size_t)j * d + t] = sum[(size_t)j * d + t] / cnt[j];
}

int main(void)
{
	buf = pos = read_all(stdin);
	if (!buf)
		return 1;
	int n = (int)next_num(), d = (int)next_num(), k = (int)next_num(), T = (int)next_num();
	double *c = malloc(sizeof(double) * (size_t)k * d);
	double *x = malloc(sizeof(double) * (size_t)n * d);
	double *sum = malloc(sizeof(double) * (size_t)k * d);
	int *cnt = malloc(sizeof(int) * (size_t)k);
	int *cur = malloc(sizeof(int) * (size_t)n);
	int *prev = malloc(sizeof(int) * (size_t)n);

	if (!c || !x || !sum || !cnt || !cur || !prev)
		return 1;
	for (size_t i = 0; i < (size_t)k * d; i++)
		c[i] = next_num();
	for (size_t i = 0; i < (size_t)n * d; i++)
		x[i] = next_num();

	int it = 0;
	while (it < T) {
		assign(x, c, cur, n, d, k);
		update(x, c, cur, sum, cnt, n, d, k);
		it++;
		int *tmp = prev;
		prev = cur;
		cur = tmp;
	}
	assign(x, c, cur, n, d, k);

	double inertia = 0.0;
	for (int i = 0; i < n; i++)
		inertia += dist2(x + (size_t)i * d, c + (size_t)cur[i] * d, d);

	printf("%d\n", it);
	for (int j = 0; j < k; j++)
		for (int t = 0; t < d; t++)
			printf("%.9f%c", c[(size_t)j * d + t], t + 1 < d ? ' ' : '\n');
	for (int i = 0; i < n; i++)
		printf("%d%c", cur[i], i + 1 < n ? ' ' : '\n');
	printf("%.9f\n", inertia);
	free(buf);
	free(c);
	free(x);
	free(sum);
	free(cnt);
	free(cur);
	free(prev);
	return 0;
}

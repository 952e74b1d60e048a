#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	int n, d, k, T;
	if (scanf("%d %d %d %d", &n, &d, &k, &T) != 4)
		return 1;
	double *c = malloc(sizeof(double) * k * d); /* centroid j, coordinate t: c[j * d + t] */
	double *x = malloc(sizeof(double) * n * d); /* point i, coordinate t: x[i * d + t] */
	for (int i = 0; i < k * d; i++)
		scanf("%lf", &c[i]);
	for (int i = 0; i < n * d; i++)
		scanf("%lf", &x[i]);

	/* Run Lloyd's iterations, then print it, the k centroids, the n labels and
	 * the inertia. */

	free(c);
	free(x);
	return 0;
}

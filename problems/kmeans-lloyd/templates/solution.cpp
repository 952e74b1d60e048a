#include <iostream>
#include <vector>

int main()
{
	std::ios::sync_with_stdio(false);
	int n, d, k, T;
	std::cin >> n >> d >> k >> T;
	std::vector<double> c((size_t)k * d); // centroid j, coordinate t: c[j * d + t]
	std::vector<double> x((size_t)n * d); // point i, coordinate t: x[i * d + t]
	for (double &v : c)
		std::cin >> v;
	for (double &v : x)
		std::cin >> v;

	// Run Lloyd's iterations, then print it, the k centroids, the n labels and
	// the inertia.

	return 0;
}

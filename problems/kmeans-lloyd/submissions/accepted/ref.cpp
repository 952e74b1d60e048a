// Deterministic batch Lloyd iterations (kmeans-lloyd), C++.
#include <cstdio>
#include <iostream>
#include <vector>

int main()
{
	std::ios::sync_with_stdio(false);
	std::cin.tie(nullptr);
	int n, d, k, T;
	std::cin >> n >> d >> k >> T;
	std::vector<double> c((size_t)k * d), x((size_t)n * d);
	for (double &v : c)
		std::cin >> v;
	for (double &v : x)
		std::cin >> v;

	// Squared distance as a sum of (x - c)^2, never the expanded form.
	auto dist2 = [&](size_t i, size_t j) {
		double s = 0.0;
		for (int t = 0; t < d; t++) {
			double diff = x[i * d + t] - c[j * d + t];
			s += diff * diff;
		}
		return s;
	};
	auto assign = [&](std::vector<int> &lab) {
		for (int i = 0; i < n; i++) {
			double best = dist2(i, 0);
			int arg = 0;
			for (int j = 1; j < k; j++) {
				double dd = dist2(i, j);
				if (dd < best) { // ties keep the lowest index
					best = dd;
					arg = j;
				}
			}
			lab[i] = arg;
		}
	};

	std::vector<int> cur(n), prev;
	std::vector<double> sum((size_t)k * d);
	std::vector<int> cnt(k);
	int it = 0;
	while (it < T) {
		assign(cur);
		if (cur == prev)
			break;
		std::fill(sum.begin(), sum.end(), 0.0);
		std::fill(cnt.begin(), cnt.end(), 0);
		for (int i = 0; i < n; i++) {
			for (int t = 0; t < d; t++)
				sum[(size_t)cur[i] * d + t] += x[(size_t)i * d + t];
			cnt[cur[i]]++;
		}
		for (int j = 0; j < k; j++)
			if (cnt[j] > 0) // an empty cluster keeps its centroid
				for (int t = 0; t < d; t++)
					c[(size_t)j * d + t] = sum[(size_t)j * d + t] / cnt[j];
		it++;
		prev.swap(cur);
		cur.resize(n);
	}
	assign(cur);

	double inertia = 0.0;
	for (int i = 0; i < n; i++)
		inertia += dist2(i, cur[i]);

	printf("%d\n", it);
	for (int j = 0; j < k; j++)
		for (int t = 0; t < d; t++)
			printf("%.9f%c", c[(size_t)j * d + t], t + 1 < d ? ' ' : '\n');
	for (int i = 0; i < n; i++)
		printf("%d%c", cur[i], i + 1 < n ? ' ' : '\n');
	printf("%.9f\n", inertia);
	return 0;
}

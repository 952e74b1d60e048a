// Accepted: reads the whole input at once, keeps words as string_views into it,
// fills each line greedily and appends it to one output string.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

int main()
{
	std::string in;
	char chunk[1 << 16];
	size_t got;
	while ((got = std::fread(chunk, 1, sizeof chunk, stdin)) > 0)
		in.append(chunk, got);

	auto is_sep = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
	size_t pos = 0;
	long long width = 0;
	while (pos < in.size() && in[pos] >= '0' && in[pos] <= '9')
		width = width * 10 + (in[pos++] - '0');
	std::vector<std::string_view> words;
	while (pos < in.size()) {
		if (is_sep(in[pos])) {
			pos++;
			continue;
		}
		size_t end = pos;
		while (end < in.size() && !is_sep(in[end]))
			end++;
		words.emplace_back(in.data() + pos, end - pos);
		pos = end;
	}

	std::string out;
	size_t n = words.size(), i = 0;
	while (i < n) {
		size_t j = i + 1;
		long long letters = (long long)words[i].size();
		while (j < n && letters + (long long)words[j].size() + (long long)(j - i) <= width)
			letters += (long long)words[j++].size();
		size_t gaps = j - i - 1;
		bool last = j == n;
		for (size_t k = i; k < j; k++) {
			if (k > i) {
				long long s = 1;
				if (!last) {
					long long spare = width - letters;
					s = spare / (long long)gaps +
					    ((long long)(k - i - 1) < spare % (long long)gaps);
				}
				out.append((size_t)s, ' ');
			}
			out += words[k];
		}
		out += '\n';
		i = j;
	}
	std::fwrite(out.data(), 1, out.size(), stdout);
	return 0;
}

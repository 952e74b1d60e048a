#include <iostream>
#include <string>
#include <vector>

int main()
{
	std::ios::sync_with_stdio(false);
	long long width;
	std::cin >> width;
	std::vector<std::string> words;
	std::string w;
	while (std::cin >> w) // words are separated by spaces, tabs, CR and LF
		words.push_back(w);

	// TODO: fill lines of the given width greedily and print them justified.
	return 0;
}

#include <iostream>
#include <string>

int main()
{
	std::ios::sync_with_stdio(false);
	std::string line;
	std::getline(std::cin, line);
	int t = std::stoi(line);
	for (int i = 0; i < t; i++) {
		if (!std::getline(std::cin, line))
			line.clear();
		if (!line.empty() && line.back() == '\r')
			line.pop_back();
		// TODO: evaluate the expression in line; print its value or "error".
		std::cout << "error\n";
	}
	return 0;
}

// Accepted: operator-precedence parsing with two explicit stacks (no recursion).
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace
{

int prec(char op)
{
	return op == 'u' ? 3 : (op == '*' || op == '/') ? 2 : 1;
}

// Applies op to the value stack; returns false on a division by zero.
bool apply(char op, std::vector<int64_t> &vals)
{
	if (op == 'u') {
		vals.back() = -vals.back();
		return true;
	}
	int64_t b = vals.back();
	vals.pop_back();
	int64_t &a = vals.back();
	switch (op) {
	case '+':
		a += b;
		break;
	case '-':
		a -= b;
		break;
	case '*':
		a *= b;
		break;
	default:
		if (b == 0)
			return false;
		a /= b;
	}
	return true;
}

// Returns false when the line is not a valid expression or divides by zero.
bool evaluate(const std::string &s, int64_t &out)
{
	std::vector<int64_t> vals;
	std::vector<char> ops; // '(' , 'u' (negation) or a binary operator
	bool want_operand = true;
	size_t i = 0, n = s.size();
	while (i < n) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		if (want_operand) {
			if (c == '-') {
				ops.push_back('u');
			} else if (c == '(') {
				ops.push_back('(');
			} else if (c >= '0' && c <= '9') {
				int64_t v = 0;
				while (i < n && s[i] >= '0' && s[i] <= '9')
					v = v * 10 + (s[i++] - '0');
				vals.push_back(v);
				want_operand = false;
				continue;
			} else if (c != '+') {
				return false;
			}
		} else if (c == '+' || c == '-' || c == '*' || c == '/') {
			while (!ops.empty() && ops.back() != '(' && prec(ops.back()) >= prec(c)) {
				if (!apply(ops.back(), vals))
					return false;
				ops.pop_back();
			}
			ops.push_back(c);
			want_operand = true;
		} else if (c == ')') {
			while (!ops.empty() && ops.back() != '(') {
				if (!apply(ops.back(), vals))
					return false;
				ops.pop_back();
			}
			if (ops.empty())
				return false;
			ops.pop_back();
		} else {
			return false;
		}
		i++;
	}
	if (want_operand)
		return false;
	while (!ops.empty()) {
		if (ops.back() == '(' || !apply(ops.back(), vals))
			return false;
		ops.pop_back();
	}
	out = vals.back();
	return true;
}

} // namespace

int main()
{
	std::ios::sync_with_stdio(false);
	std::string line;
	std::getline(std::cin, line);
	long t = std::stol(line);
	std::string out;
	for (long k = 0; k < t; k++) {
		if (!std::getline(std::cin, line))
			line.clear();
		if (!line.empty() && line.back() == '\r')
			line.pop_back();
		int64_t v;
		if (evaluate(line, v))
			out += std::to_string(v) + '\n';
		else
			out += "error\n";
	}
	std::fwrite(out.data(), 1, out.size(), stdout);
	return 0;
}

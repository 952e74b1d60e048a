/* fuzz_compare.c -- libFuzzer target for the built-in checkers.
 *
 * Input: byte 0 picks the checker and tolerances, bytes 1-2 the split point,
 * the rest is the candidate's output then the answer. Properties checked:
 * *accepted is 0 or 1; a rejection has a message and an acceptance none (when
 * the buffer has room for one); the message is one printable line of valid
 * UTF-8; any text is accepted against itself; exact-lines acceptance implies
 * tokens acceptance.
 */
#include "judge/judge.h"
#include "judge/util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_msg(const char *msg, size_t msglen, int accepted)
{
	size_t n = strlen(msg);

	/* A 1-byte buffer only holds the NUL. */
	if (n >= msglen || (msglen > 1 && accepted != (n == 0)))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			abort();
	if (jutil_utf8_check(msg, n) != n)
		abort();
}

static int run(const struct judge_checker *c, const char *out, size_t on, const char *ans,
               size_t an, size_t msglen)
{
	char msg[512];
	int accepted = -1;

	if (judge_compare(c, out, on, ans, an, &accepted, msg, msglen) != 0)
		abort();
	if (accepted != 0 && accepted != 1)
		abort();
	check_msg(msg, msglen, accepted);
	return accepted;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double tols[] = {0, 1e-9, 1e-6, 0.5};
	struct judge_checker c = {0};
	const char *out, *ans;
	size_t split, on, an, msglen;

	if (size < 3)
		return 0;
	c.type = (enum judge_checker_type)(data[0] % 3);
	c.abs_tol = tols[(data[0] >> 2) & 3];
	c.rel_tol = tols[(data[0] >> 4) & 3];
	msglen = data[0] & 0x40 ? 512 : 1 + data[0] % 64;
	split = (size_t)data[1] | (size_t)data[2] << 8;
	data += 3;
	size -= 3;
	if (split > size)
		split = size;
	out = (const char *)data;
	on = split;
	ans = (const char *)data + split;
	an = size - split;

	/* Exact copies, so that the sanitizers see reads past the end. */
	{
		char *o = malloc(on ? on : 1), *a = malloc(an ? an : 1);
		struct judge_checker lines = {.type = JUDGE_CHECK_EXACT_LINES};
		struct judge_checker tokens = {.type = JUDGE_CHECK_TOKENS};

		if (o == NULL || a == NULL)
			abort();
		memcpy(o, out, on);
		memcpy(a, ans, an);
		run(&c, o, on, a, an, msglen);
		if (!run(&c, o, on, o, on, msglen) || !run(&c, a, an, a, an, msglen))
			abort();
		if (run(&lines, o, on, a, an, 512) && !run(&tokens, o, on, a, an, 512))
			abort();
		free(o);
		free(a);
	}
	return 0;
}

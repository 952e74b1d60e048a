/* verdict.c -- the verdict names: one table, one parser. */
#include "judge/judge.h"

#include <string.h>

static const char *const verdict_names[JUDGE_VERDICT_COUNT] = {
    [JUDGE_AC] = "AC",   [JUDGE_WA] = "WA",   [JUDGE_TLE] = "TLE",
    [JUDGE_MLE] = "MLE", [JUDGE_OLE] = "OLE", [JUDGE_RE] = "RE",
    [JUDGE_CE] = "CE",   [JUDGE_SV] = "SV",   [JUDGE_IE] = "IE",
};

const char *judge_verdict_name(enum judge_verdict v)
{
	if ((unsigned)v >= JUDGE_VERDICT_COUNT)
		return verdict_names[JUDGE_IE];
	return verdict_names[v];
}

int judge_verdict_parse(const char *s, enum judge_verdict *out)
{
	if (s == NULL)
		return -1;
	for (unsigned i = 0; i < JUDGE_VERDICT_COUNT; i++) {
		if (strcmp(s, verdict_names[i]) == 0) {
			*out = (enum judge_verdict)i;
			return 0;
		}
	}
	return -1;
}

/*
 * checker.c - Kattis-style output validator for memory-allocator.
 *
 *   checker <input> <answer> <feedback_dir> < driver_report
 *
 * The driver (harness/c/driver.c or harness/python/driver.py) checks every
 * operation itself and prints one report line; this program turns it into a
 * verdict:
 *   OK ops=<k> ... util=<U> thr=<T> ...  -> exit 42, score.txt = P,
 *                                           P = 60 U + 40 min(1, T)
 *   FAIL ... / CRASH ...                 -> exit 43, the line in judgemessage.txt
 *   BADTRACE ... / INTERNAL ...          -> exit 1 (internal error: the test or
 *                                           the driver is broken, not the candidate)
 * Anything else (nothing, binary data, an OK line that does not cover the
 * trace) is exit 43 with a message.  The answer file is not read: every .ans
 * holds just "OK".
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_MAX 4096

static const char *feedback_dir;

static void write_feedback(const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", feedback_dir, name);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static int verdict(int code, const char *msg)
{
	char buf[1200];

	snprintf(buf, sizeof(buf), "%s\n", msg);
	write_feedback("judgemessage.txt", buf);
	return code;
}

/* Reads "<arena_size> <op_count>" from the test's input; -1 when unreadable. */
static long long input_ops(const char *path)
{
	unsigned long long size, ops;
	FILE *f = fopen(path, "r");
	int got;

	if (!f)
		return -1;
	got = fscanf(f, "%llu %llu", &size, &ops);
	fclose(f);
	return got == 2 ? (long long)ops : -1;
}

/* Value of "key=" among the report's tokens, as a double; 0 when missing or bad. */
static int field(const char *line, const char *key, double *out)
{
	size_t klen = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			char *end;
			errno = 0;
			*out = strtod(p + klen + 1, &end);
			if (errno || end == p + klen + 1 || (*end && *end != ' ') ||
			    !isfinite(*out))
				return 0;
			return 1;
		}
		p += klen;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char report[REPORT_MAX + 1];
	char msg[1100], score[64];
	size_t len, i;
	double ops, util, thr, p;
	long long want_ops;

	if (argc < 4) {
		fprintf(stderr, "usage: %s input answer feedback_dir < report\n", argv[0]);
		return 1;
	}
	feedback_dir = argv[3];

	len = fread(report, 1, REPORT_MAX, stdin);
	report[len] = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)report[i];
		if (c == '\n' || c == '\r') {
			report[i] = 0;
			break;
		}
		if (c < 32 || c > 126)
			return verdict(43, "the driver's report is not text (did the program write "
			                   "binary data to its report?)");
	}
	len = strlen(report);
	if (len == 0)
		return verdict(43, "no report from the driver: the program ended before the "
		                   "trace was replayed (exit() or abort() in the allocator?)");

	if (strncmp(report, "FAIL ", 5) == 0 || strncmp(report, "CRASH", 5) == 0)
		return verdict(43, report);
	if (strncmp(report, "BADTRACE ", 9) == 0 || strncmp(report, "INTERNAL ", 9) == 0) {
		snprintf(msg, sizeof(msg), "judge error, not the submission's fault: %.1000s",
		         report);
		verdict(1, msg);
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	if (strncmp(report, "OK ", 3) != 0) {
		snprintf(msg, sizeof(msg), "unrecognised driver report: %.200s", report);
		return verdict(43, msg);
	}
	want_ops = input_ops(argv[1]);
	if (want_ops < 0) {
		fprintf(stderr, "cannot read the header of %s\n", argv[1]);
		return 1;
	}
	if (!field(report, "ops", &ops) || !field(report, "util", &util) ||
	    !field(report, "thr", &thr) || util < 0 || util > 1 || thr < 0) {
		snprintf(msg, sizeof(msg), "malformed OK report: %.200s", report);
		return verdict(43, msg);
	}
	if (ops != (double)want_ops) {
		snprintf(msg, sizeof(msg), "the report covers %.0f operations, the trace has %lld",
		         ops, want_ops);
		return verdict(43, msg);
	}

	p = 60.0 * util + 40.0 * (thr < 1.0 ? thr : 1.0);
	snprintf(score, sizeof(score), "%.4f\n", p);
	write_feedback("score.txt", score);
	snprintf(msg, sizeof(msg),
	         "all %.0f operations passed; utilization U = %.4f, throughput T/T_ref = %.3f, "
	         "P = 60 U + 40 min(1, T/T_ref) = %.2f",
	         ops, util, thr, p);
	return verdict(42, msg);
}

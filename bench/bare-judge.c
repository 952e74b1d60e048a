/* bare-judge: the baseline for bench/judge-throughput. For each test
 * DIR/NNN.in, runs PROGRAM with fork + execve + wait4 (stdin from the .in,
 * stdout into a file), then compares the output with DIR/NNN.ans byte for
 * byte: what judging costs without any isolation. Prints the total wall time
 * in milliseconds and the number of mismatches.
 *
 * usage: bare-judge PROGRAM DIR COUNT
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

int main(int argc, char **argv)
{
	char in[4096], ans[4096], out[4096], a[65536], b[65536];
	int count = argc > 3 ? atoi(argv[3]) : 0, bad = 0;
	double t0;

	if (count <= 0) {
		fprintf(stderr, "usage: bare-judge PROGRAM DIR COUNT\n");
		return 2;
	}
	snprintf(out, sizeof out, "%s/bare.out", argv[2]);
	t0 = now_ms();
	for (int i = 1; i <= count; i++) {
		pid_t p;
		int st;
		long na, nb;

		snprintf(in, sizeof in, "%s/%03d.in", argv[2], i);
		snprintf(ans, sizeof ans, "%s/%03d.ans", argv[2], i);
		p = fork();
		if (p == 0) {
			int fi = open(in, O_RDONLY),
			    fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fi < 0 || fo < 0)
				_exit(126);
			dup2(fi, 0);
			dup2(fo, 1);
			execl(argv[1], argv[1], (char *)NULL);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) < 0)
			return 2;
		na = slurp(out, a, sizeof a);
		nb = slurp(ans, b, sizeof b);
		if (!WIFEXITED(st) || WEXITSTATUS(st) || na != nb || na < 0 ||
		    memcmp(a, b, (size_t)na))
			bad++;
	}
	printf("%.3f %d\n", now_ms() - t0, bad);
	return 0;
}

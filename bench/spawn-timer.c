/* spawn-timer: the baseline for the sandbox benchmark. Runs a command N
 * times with fork + execve + wait4 and prints the median and 95th
 * percentile of the wall time per run in milliseconds, timed like
 * `judge box --repeat` times its runs (just before the spawn to just after
 * the reap). stdin, stdout and stderr of the command go to /dev/null.
 *
 * usage: spawn-timer N CMD [ARGS...]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, bad = 0, null = open("/dev/null", O_RDWR);
	double *t;

	if (n <= 0 || null < 0) {
		fprintf(stderr, "usage: spawn-timer N CMD [ARGS...]\n");
		return 2;
	}
	t = calloc((size_t)n, sizeof *t);
	if (!t)
		return 2;
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		pid_t p = fork();
		int st;

		if (p == 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) < 0)
			return 2;
		t[i] = now_ms() - t0;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("%.3f %.3f %d\n", t[n / 2], t[(int)(n * 0.95)], bad);
	return 0;
}

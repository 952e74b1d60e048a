/* harness.c -- see harness.h. */
#include "harness.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *h_prog(const char *name)
{
	static char path[4096]; /* one test at a time; tests run in forked processes */

	snprintf(path, sizeof path, "%s/%s", SBX_TEST_PROGS, name);
	return path;
}

struct sbx_box *h_open(int no_namespaces, int no_cgroup)
{
	struct sbx_box_config bc;
	struct sbx_box *b = NULL;
	char err[512];

	sbx_box_config_init(&bc);
	bc.keeper_path = getenv("JUDGE_SANDBOX_KEEPER") ? NULL : SBX_TEST_KEEPER;
	bc.no_namespaces = no_namespaces;
	bc.no_cgroup = no_cgroup;
	ck_assert_msg(sbx_box_open(&bc, &b, err, sizeof err) == 0, "sbx_box_open: %s", err);
	return b;
}

void h_config(struct sbx_run_config *rc, enum sbx_profile p)
{
	sbx_run_config_init(rc);
	rc->profile = p;
	rc->cpu_ms = 2000;
	rc->memory_kb = 256 * 1024;
}

static void copy(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY), out;
	ssize_t n;

	ck_assert_msg(in >= 0, "open %s: %s", src, strerror(errno));
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ck_assert_msg(out >= 0, "create %s: %s", dst, strerror(errno));
	while ((n = read(in, buf, sizeof buf)) > 0)
		ck_assert(write(out, buf, (size_t)n) == n);
	close(in);
	close(out);
	chmod(dst, 0755);
}

void h_run(struct sbx_box *b, const char *name, const char *const *args, struct sbx_run_config *rc,
           struct sbx_result *res)
{
	char dst[4096], exe[300];
	const char *argv[32];
	int n = 0;

	snprintf(dst, sizeof dst, "%s/%s", sbx_box_dir(b), name);
	copy(h_prog(name), dst);
	snprintf(exe, sizeof exe, "./%s", name);
	argv[n++] = exe;
	while (args && args[n - 1] && n < 31) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	rc->argv = argv;
	ck_assert_int_eq(sbx_box_run(b, rc, res), 0);
	rc->argv = NULL;
}

int h_procs_of(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], line[256];
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof line, f)) {
			unsigned r, eff;

			if (sscanf(line, "Uid: %u %u", &r, &eff) == 2) {
				if (r == uid || eff == uid)
					n++;
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

int h_wait_gone(uid_t uid, int ms)
{
	int n = h_procs_of(uid);

	for (int i = 0; n > 0 && i < ms / 10; i++) {
		usleep(10000);
		n = h_procs_of(uid);
	}
	return n;
}

int h_can_namespace(void)
{
	pid_t p;
	int st;

	if (geteuid() != 0)
		return 0;
	p = fork();
	if (p == 0)
		_exit(unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) == 0 ? 0 : 1);
	return p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

const char *h_public_copy(void)
{
	static char dir[] = "/tmp/sbx-test-pub-XXXXXX";
	static const char *const progs[] = {"ok_exit", "connect",  "fileops", "proclist",
	                                    "memhog",  "forkbomb", NULL};
	char dst[4096];

	ck_assert(mkdtemp(dir) != NULL);
	chmod(dir, 0755);
	snprintf(dst, sizeof dst, "%s/judge-sandbox-keeper", dir);
	copy(getenv("JUDGE_SANDBOX_KEEPER") ? getenv("JUDGE_SANDBOX_KEEPER") : SBX_TEST_KEEPER,
	     dst);
	for (int i = 0; progs[i]; i++) {
		snprintf(dst, sizeof dst, "%s/%s", dir, progs[i]);
		copy(h_prog(progs[i]), dst);
	}
	return dir;
}

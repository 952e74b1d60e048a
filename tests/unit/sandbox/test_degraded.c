/* test_degraded.c -- the sandbox where a feature is missing: no namespaces
 * (a default container), no cgroups, and a user without root (user
 * namespace). Each level must still contain the same threats and say what
 * it lacks. Needs root (to play the other roles); exits 77 without. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/*** No namespaces: uid, Landlock, strict seccomp, cgroup ***/

START_TEST(nons_reports_its_level)
{
	struct sbx_box *b = h_open(1, 0);
	const struct sbx_isolation *iso = sbx_box_isolation(b);

	ck_assert_int_eq(iso->level, SBX_LEVEL_NONS);
	ck_assert_uint_eq(iso->namespaces, 0);
	ck_assert_ptr_nonnull(strstr(iso->notes, "namespaces"));
	sbx_box_close(b);
}
END_TEST

START_TEST(nons_runs_and_limits)
{
	struct sbx_box *b = h_open(1, 0);
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(b, "ok_exit", ARGS("0"), &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_str_eq(r.out, "hello from the box\n");
	sbx_result_free(&r);

	rc.cpu_ms = 400;
	h_run(b, "spin", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_TLE);
	sbx_result_free(&r);

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.memory_kb = 64 * 1024;
	h_run(b, "memhog", ARGS("512"), &rc, &r);
	ck_assert_int_eq(r.status, SBX_MLE);
	sbx_result_free(&r);

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.stdout_max = 1 << 20;
	h_run(b, "flood", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OLE);
	sbx_result_free(&r);
	sbx_box_close(b);
}
END_TEST

START_TEST(nons_blocks_network_and_files)
{
	struct sbx_box *b = h_open(1, 0);
	const struct sbx_isolation *iso = sbx_box_isolation(b);
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	struct sbx_run_config rc;
	struct sbx_result r;
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	char port[16], secret_dir[] = "/tmp/sbx-test-answers-XXXXXX", secret[300], out[1024];
	FILE *f;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert(bind(ls, (struct sockaddr *)&a, sizeof a) == 0 && listen(ls, 4) == 0);
	ck_assert(getsockname(ls, (struct sockaddr *)&a, &alen) == 0);
	snprintf(port, sizeof port, "%d", ntohs(a.sin_port));
	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(b, "connect", ARGS(port), &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_int_lt(accept(ls, NULL, NULL), 0);
	close(ls);
	sbx_result_free(&r);

	/* A world-readable answer: Landlock hides it; without Landlock only
	 * the permissions would, and the isolation report says so. */
	ck_assert(mkdtemp(secret_dir) != NULL);
	chmod(secret_dir, 0755);
	snprintf(secret, sizeof secret, "%s/answer.ans", secret_dir);
	f = fopen(secret, "w");
	ck_assert(f != NULL);
	fputs("42\n", f);
	fclose(f);
	chmod(secret, 0644);
	h_run(b, "fileops", ARGS("r", "/etc/shadow", secret), &rc, &r);
	if (iso->landlock) {
		snprintf(out, sizeof out, "/etc/shadow Permission denied\n%s Permission denied\n",
		         secret);
		ck_assert_str_eq(r.out, out);
	} else {
		ck_assert_ptr_nonnull(strstr(iso->notes, "Landlock"));
		ck_assert_ptr_nonnull(strstr(r.out, "/etc/shadow Permission denied"));
	}
	sbx_result_free(&r);
	h_run(b, "fileops", ARGS("w", "/usr/pwned", "/tmp/sbx-pwned", "ok-in-work-dir"), &rc, &r);
	ck_assert_ptr_null(strstr(r.out, "/usr/pwned ok"));
	ck_assert_ptr_null(strstr(r.out, "/tmp/sbx-pwned ok"));
	ck_assert_ptr_nonnull(strstr(r.out, "ok-in-work-dir ok"));
	ck_assert_int_ne(access("/tmp/sbx-pwned", F_OK), 0);
	unlink(secret);
	rmdir(secret_dir);
	sbx_result_free(&r);
	sbx_box_close(b);
}
END_TEST

START_TEST(nons_fork_bomb_and_kill_are_contained)
{
	struct sbx_box *b = h_open(1, 0);
	uid_t uid = sbx_box_isolation(b)->uid;
	struct sbx_run_config rc;
	struct sbx_result r;
	pid_t sentinel = fork();

	ck_assert(sentinel >= 0);
	if (sentinel == 0) {
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	h_config(&rc, SBX_PROFILE_COMPILER);
	rc.cpu_ms = 800;
	rc.max_procs = 32;
	h_run(b, "forkbomb", NULL, &rc, &r);
	ck_assert(r.status == SBX_TLE || r.status == SBX_RE);
	sbx_result_free(&r);
	ck_assert_int_eq(h_wait_gone(uid, 1000), 0);
	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(b, "killall", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_int_eq(kill(sentinel, 0), 0);
	kill(sentinel, SIGKILL);
	waitpid(sentinel, NULL, 0);
	sbx_result_free(&r);
	sbx_box_close(b);
	ck_assert_int_eq(h_wait_gone(uid, 1000), 0);
}
END_TEST

/*** No cgroup: RLIMIT_AS and ru_maxrss ***/

START_TEST(nocg_memory_by_rlimits)
{
	struct sbx_box *b = h_open(0, 1);
	const struct sbx_isolation *iso = sbx_box_isolation(b);
	struct sbx_run_config rc;
	struct sbx_result r;

	ck_assert_int_eq(iso->cgroup, 0);
	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(b, "ok_exit", ARGS("0"), &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	/* ru_maxrss of a tiny program: not the launcher's size. */
	ck_assert_int_lt(r.memory_kb, 4096);
	sbx_result_free(&r);

	h_run(b, "memhog", ARGS("96"), &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_int_ge(r.memory_kb, 96 * 1024);
	sbx_result_free(&r);

	rc.memory_kb = 64 * 1024;
	h_run(b, "memhog", ARGS("512"), &rc, &r);
	ck_assert_msg(r.status == SBX_MLE, "got %s (%s) exit %d, %ld KB", sbx_status_name(r.status),
	              r.message, r.exit_code, r.memory_kb);
	sbx_result_free(&r);

	h_config(&rc, SBX_PROFILE_COMPILER);
	rc.cpu_ms = 800;
	rc.max_procs = 32;
	h_run(b, "forkbomb", NULL, &rc, &r);
	ck_assert(r.status == SBX_TLE || r.status == SBX_RE);
	sbx_result_free(&r);
	sbx_box_close(b);
}
END_TEST

/*** Not root: a user namespace with the caller's own uid ***/

START_TEST(userns_for_an_ordinary_user)
{
	const char *pub = h_public_copy();
	pid_t p = fork();
	int st;

	ck_assert(p >= 0);
	if (p == 0) {
		struct sbx_box_config bc;
		struct sbx_box *b;
		struct sbx_run_config rc;
		struct sbx_result r;
		char keeper[4200], err[512], prog[4200];
		const char *argv[] = {"./ok_exit", NULL};

		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(10);
		snprintf(keeper, sizeof keeper, "%s/judge-sandbox-keeper", pub);
		sbx_box_config_init(&bc);
		bc.keeper_path = keeper;
		if (sbx_box_open(&bc, &b, err, sizeof err) < 0) {
			fprintf(stderr, "open: %s\n", err);
			_exit(11);
		}
		/* Debian allows unprivileged user namespaces; elsewhere minimal. */
		if (sbx_box_isolation(b)->level != SBX_LEVEL_USERNS) {
			fprintf(stderr, "level %s: %s\n",
			        sbx_level_name(sbx_box_isolation(b)->level),
			        sbx_box_isolation(b)->notes);
			_exit(12);
		}
		snprintf(prog, sizeof prog, "cp %s/ok_exit %s/", pub, sbx_box_dir(b));
		if (system(prog) != 0)
			_exit(13);
		h_config(&rc, SBX_PROFILE_NATIVE);
		rc.argv = argv;
		sbx_box_run(b, &rc, &r);
		if (r.status != SBX_OK || strcmp(r.out, "hello from the box\n") != 0) {
			fprintf(stderr, "run: %s %s\n", sbx_status_name(r.status), r.message);
			_exit(14);
		}
		sbx_result_free(&r);
		/* Still no network. */
		snprintf(prog, sizeof prog, "cp %s/connect %s/", pub, sbx_box_dir(b));
		if (system(prog) != 0)
			_exit(15);
		argv[0] = "./connect";
		sbx_box_run(b, &rc, &r);
		if (r.status != SBX_SV)
			_exit(16);
		sbx_result_free(&r);
		sbx_box_close(b);
		_exit(0);
	}
	ck_assert(waitpid(p, &st, 0) == p);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sandbox-degraded");
	TCase *nons = tcase_create("no-namespaces"), *nocg = tcase_create("no-cgroup"),
	      *user = tcase_create("userns");

	tcase_set_timeout(nons, 60);
	tcase_set_timeout(nocg, 60);
	tcase_set_timeout(user, 60);
	tcase_add_test(nons, nons_reports_its_level);
	tcase_add_test(nons, nons_runs_and_limits);
	tcase_add_test(nons, nons_blocks_network_and_files);
	tcase_add_test(nons, nons_fork_bomb_and_kill_are_contained);
	tcase_add_test(nocg, nocg_memory_by_rlimits);
	tcase_add_test(user, userns_for_an_ordinary_user);
	suite_add_tcase(s, nons);
	suite_add_tcase(s, nocg);
	suite_add_tcase(s, user);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (!h_can_namespace()) {
		printf("SKIP: these tests play root, a container and a user: they need root\n");
		return 77;
	}
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

/* test_threats.c -- full isolation (root, namespaces): one misbehaving
 * program per verdict and per threat, each asserting the verdict and that
 * the host is untouched. Exits 77 (skipped) where namespaces are missing. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
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

static struct sbx_box *box;
static const struct sbx_isolation *iso;

static void setup(void)
{
	box = h_open(0, 0);
	iso = sbx_box_isolation(box);
}

static void teardown(void)
{
	uid_t uid = iso->uid;

	sbx_box_close(box);
	/* Whatever a test did, nothing of the box may outlive it. */
	ck_assert_int_eq(h_wait_gone(uid, 1000), 0);
}

START_TEST(isolation_is_full)
{
	ck_assert_int_eq(iso->level, SBX_LEVEL_FULL);
	ck_assert_uint_eq(iso->namespaces &
	                      (SBX_NS_PID | SBX_NS_NET | SBX_NS_MNT | SBX_NS_IPC | SBX_NS_UTS),
	                  SBX_NS_PID | SBX_NS_NET | SBX_NS_MNT | SBX_NS_IPC | SBX_NS_UTS);
	ck_assert_int_ne(iso->cgroup, 0);
	ck_assert_int_eq(iso->seccomp, 1);
	ck_assert_int_eq(iso->seccomp_notify, 1);
	ck_assert_uint_ge(iso->uid, 60000);
}
END_TEST

START_TEST(ok_and_exit_code)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "ok_exit", ARGS("3"), &rc, &r);
	ck_assert_str_eq(sbx_status_name(r.status), "OK");
	ck_assert_int_eq(r.exit_code, 3);
	ck_assert_int_eq(r.signal, 0);
	ck_assert_str_eq(r.out, "hello from the box\n");
	ck_assert_int_lt(r.memory_kb, 16 * 1024);
	ck_assert_int_lt(r.cpu_ms, 500);
	sbx_result_free(&r);
}
END_TEST

START_TEST(stdin_is_passed)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	char path[] = "/tmp/sbx-test-in-XXXXXX";
	int fd = mkstemp(path);

	ck_assert(fd >= 0);
	ck_assert(write(fd, "42 43\n", 6) == 6);
	lseek(fd, 0, SEEK_SET);
	unlink(path);
	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.stdin_fd = fd;
	h_run(box, "ok_exit", ARGS("0", "echo"), &rc, &r);
	ck_assert_str_eq(r.out, "42 43\n");
	close(fd);
	sbx_result_free(&r);
}
END_TEST

START_TEST(box_is_reused)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	for (int i = 0; i < 20; i++) {
		h_run(box, "ok_exit", ARGS("0"), &rc, &r);
		ck_assert_msg(r.status == SBX_OK && r.exit_code == 0, "run %d: %s %s", i,
		              sbx_status_name(r.status), r.message);
		sbx_result_free(&r);
	}
}
END_TEST

START_TEST(abort_is_sigabrt)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "abort", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_RE);
	ck_assert_int_eq(r.signal, SIGABRT);
	ck_assert_ptr_nonnull(strstr(r.message, "SIGABRT"));
	sbx_result_free(&r);
}
END_TEST

START_TEST(stack_overflow_is_segv)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.stack_kb = 8 * 1024;
	h_run(box, "stack", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_RE);
	ck_assert_int_eq(r.signal, SIGSEGV);
	sbx_result_free(&r);
}
END_TEST

START_TEST(endless_loop_is_tle)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.cpu_ms = 500;
	h_run(box, "spin", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_TLE);
	ck_assert_int_ge(r.cpu_ms, 500);
	/* The timer converges on the limit: killed soon after it, not at the 1 s backstop. */
	ck_assert_int_lt(r.cpu_ms, 800);
	ck_assert_ptr_nonnull(strstr(r.message, "CPU"));
	sbx_result_free(&r);
}
END_TEST

START_TEST(sleep_forever_is_wall_tle)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.cpu_ms = 300;
	rc.wall_ms = 700;
	h_run(box, "sleeper", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_TLE);
	ck_assert_ptr_nonnull(strstr(r.message, "wall"));
	ck_assert_int_ge(r.wall_ms, 700);
	ck_assert_int_lt(r.wall_ms, 1500);
	ck_assert_int_lt(r.cpu_ms, 100);
	sbx_result_free(&r);
}
END_TEST

START_TEST(output_flood_is_ole)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.stdout_max = 1 << 20;
	h_run(box, "flood", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OLE);
	ck_assert_uint_le(r.out_len, 1 << 20);
	sbx_result_free(&r);
}
END_TEST

START_TEST(memory_hog_is_mle)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.memory_kb = 64 * 1024;
	h_run(box, "memhog", ARGS("512"), &rc, &r);
	ck_assert_msg(r.status == SBX_MLE, "got %s (%s)", sbx_status_name(r.status), r.message);
	ck_assert_int_ge(r.memory_kb, 56 * 1024);
	ck_assert_int_le(r.memory_kb, 64 * 1024 + 1024);
	sbx_result_free(&r);
}
END_TEST

START_TEST(peak_memory_is_measured)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "memhog", ARGS("96"), &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_str_eq(r.out, "survived\n");
	ck_assert_int_ge(r.memory_kb, 96 * 1024);
	ck_assert_int_lt(r.memory_kb, 120 * 1024);
	sbx_result_free(&r);
}
END_TEST

START_TEST(fork_bomb_native_is_sv)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "forkbomb", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_msg(strstr(r.message, "clone") || strstr(r.message, "fork"), "%s", r.message);
	sbx_result_free(&r);
}
END_TEST

START_TEST(fork_bomb_compiler_hits_pids_limit)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	uid_t uid = iso->uid;

	h_config(&rc, SBX_PROFILE_COMPILER);
	rc.cpu_ms = 1000;
	rc.max_procs = 32;
	h_run(box, "forkbomb", NULL, &rc, &r);
	ck_assert_msg(r.status == SBX_TLE || r.status == SBX_RE, "got %s",
	              sbx_status_name(r.status));
	ck_assert_int_eq(h_wait_gone(uid, 1000), 0);
	sbx_result_free(&r);
}
END_TEST

START_TEST(thread_bomb_is_capped)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.max_procs = 16;
	h_run(box, "threadbomb", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_int_le(atoi(r.out), 16);
	ck_assert_int_ge(atoi(r.out), 1);
	sbx_result_free(&r);
}
END_TEST

START_TEST(network_is_sv_and_listener_untouched)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	struct sbx_run_config rc;
	struct sbx_result r;
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	char port[16];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert(ls >= 0);
	ck_assert(bind(ls, (struct sockaddr *)&a, sizeof a) == 0);
	ck_assert(listen(ls, 4) == 0);
	ck_assert(getsockname(ls, (struct sockaddr *)&a, &alen) == 0);
	snprintf(port, sizeof port, "%d", ntohs(a.sin_port));
	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "connect", ARGS(port), &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_str_eq(r.message, "forbidden system call: socket(AF_INET)");
	ck_assert_int_lt(accept(ls, NULL, NULL), 0);
	ck_assert_int_eq(errno, EAGAIN);
	close(ls);
	sbx_result_free(&r);
}
END_TEST

START_TEST(only_loopback_is_visible)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "netdev", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	ck_assert_str_eq(r.out, "lo\n");
	sbx_result_free(&r);
}
END_TEST

START_TEST(exec_of_shell_is_sv)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	char path[4200];

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "execsh", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_str_eq(r.message, "forbidden system call: execve");
	snprintf(path, sizeof path, "%s/pwned", sbx_box_dir(box));
	ck_assert_int_ne(access(path, F_OK), 0);
	sbx_result_free(&r);
}
END_TEST

START_TEST(ptrace_is_sv)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "ptrace_parent", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_str_eq(r.message, "forbidden system call: ptrace");
	sbx_result_free(&r);
}
END_TEST

START_TEST(io_uring_is_sv)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "iouring", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_SV);
	ck_assert_str_eq(r.message, "forbidden system call: io_uring_setup");
	sbx_result_free(&r);
}
END_TEST

START_TEST(dangerous_calls_are_sv_and_named)
{
	static const char *const names[] = {
	    "bpf",     "userfaultfd", "keyctl",           "perf_event_open",   "mount",
	    "unshare", "setns",       "process_vm_readv", "open_by_handle_at", "kexec_load",
	    "chroot"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct sbx_run_config rc;
		struct sbx_result r;
		char want[128];

		h_config(&rc, i % 2 ? SBX_PROFILE_PYTHON : SBX_PROFILE_COMPILER);
		h_run(box, "syscalls", ARGS(names[i]), &rc, &r);
		snprintf(want, sizeof want, "forbidden system call: %s", names[i]);
		ck_assert_msg(r.status == SBX_SV, "%s: got %s (%s)", names[i],
		              sbx_status_name(r.status), r.out);
		ck_assert_str_eq(r.message, want);
		sbx_result_free(&r);
	}
}
END_TEST

START_TEST(kill_minus_one_spares_the_host)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	pid_t sentinel = fork();

	ck_assert(sentinel >= 0);
	if (sentinel == 0) {
		/* Same uid as the box: only the PID namespace protects it. */
		if (setresgid(iso->gid, iso->gid, iso->gid) < 0 ||
		    setresuid(iso->uid, iso->uid, iso->uid) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "killall", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	/* Inside the PID namespace there is nobody else to signal. */
	ck_assert_ptr_nonnull(strstr(r.out, "kill(-1) = "));
	ck_assert_int_eq(kill(sentinel, 0), 0);
	ck_assert_int_eq(waitpid(sentinel, NULL, WNOHANG), 0);
	kill(sentinel, SIGKILL);
	waitpid(sentinel, NULL, 0);
	sbx_result_free(&r);
}
END_TEST

START_TEST(daemon_does_not_outlive_the_run)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	char mark[4200], late[4200];

	h_config(&rc, SBX_PROFILE_COMPILER);
	h_run(box, "daemon", ARGS("daemon.mark", "daemon.late"), &rc, &r);
	ck_assert_msg(r.status == SBX_OK, "%s: %s (cpu %ld ms, wall %ld ms)",
	              sbx_status_name(r.status), r.message, r.cpu_ms, r.wall_ms);
	snprintf(mark, sizeof mark, "%s/daemon.mark", sbx_box_dir(box));
	snprintf(late, sizeof late, "%s/daemon.late", sbx_box_dir(box));
	ck_assert_msg(access(mark, F_OK) == 0, "the daemon never ran");
	ck_assert_int_eq(h_procs_of(iso->uid), 0);
	sleep(2);
	ck_assert_msg(access(late, F_OK) != 0, "the daemon was still alive after the run");
	sbx_result_free(&r);
}
END_TEST

START_TEST(files_outside_are_invisible_or_read_only)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	char secret_dir[] = "/tmp/sbx-test-answers-XXXXXX", secret[300], expect[4096];

	/* A world-readable "answer" on the host: still not visible in the box. */
	ck_assert(mkdtemp(secret_dir) != NULL);
	chmod(secret_dir, 0755);
	snprintf(secret, sizeof secret, "%s/answer.ans", secret_dir);
	FILE *f = fopen(secret, "w");
	ck_assert(f != NULL);
	fputs("42\n", f);
	fclose(f);
	chmod(secret, 0644);

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "fileops", ARGS("r", "/etc/shadow", secret), &rc, &r);
	snprintf(expect, sizeof expect,
	         "/etc/shadow No such file or directory\n%s No such file or directory\n", secret);
	ck_assert_str_eq(r.out, expect);
	sbx_result_free(&r);

	h_run(box, "fileops", ARGS("w", "/usr/pwned", "/etc/pwned", "/pwned", "/box/ok", "/tmp/ok"),
	      &rc, &r);
	ck_assert_str_eq(r.out, "/usr/pwned Read-only file system\n"
	                        "/etc/pwned Read-only file system\n"
	                        "/pwned Read-only file system\n"
	                        "/box/ok ok\n"
	                        "/tmp/ok ok\n");
	sbx_result_free(&r);
	/* The kernel's controls under /proc and /sys are out of reach. */
	h_run(box, "fileops",
	      ARGS("w", "/proc/sysrq-trigger", "/proc/sys/kernel/hostname",
	           "/sys/kernel/uevent_helper"),
	      &rc, &r);
	ck_assert_ptr_null(strstr(r.out, " ok\n"));
	ck_assert_int_ne(access("/usr/pwned", F_OK), 0);
	ck_assert_int_ne(access("/pwned", F_OK), 0);
	snprintf(expect, sizeof expect, "%s/ok", sbx_box_dir(box));
	ck_assert_int_eq(access(expect, F_OK), 0);
	unlink(secret);
	rmdir(secret_dir);
	sbx_result_free(&r);
}
END_TEST

START_TEST(own_proc_and_hostname)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "proclist", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	/* init (1) and the program (2) */
	ck_assert_str_eq(r.out, "2 box\n");
	sbx_result_free(&r);
}
END_TEST

START_TEST(only_stdio_is_inherited)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "fdlist", NULL, &rc, &r);
	ck_assert_int_eq(r.status, SBX_OK);
	/* sort order of /proc/self/fd is numeric */
	ck_assert_str_eq(r.out, "0 1 2 \n");
	sbx_result_free(&r);
}
END_TEST

START_TEST(tmp_is_private_per_run)
{
	struct sbx_run_config rc;
	struct sbx_result r;

	h_config(&rc, SBX_PROFILE_NATIVE);
	h_run(box, "fileops", ARGS("w", "/tmp/left-behind"), &rc, &r);
	ck_assert_str_eq(r.out, "/tmp/left-behind ok\n");
	sbx_result_free(&r);
	h_run(box, "fileops", ARGS("r", "/tmp/left-behind"), &rc, &r);
	ck_assert_str_eq(r.out, "/tmp/left-behind No such file or directory\n");
	sbx_result_free(&r);
}
END_TEST

START_TEST(missing_program_is_re_127)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	const char *argv[] = {"./does-not-exist", NULL};

	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.argv = argv;
	ck_assert_int_eq(sbx_box_run(box, &rc, &r), 0);
	ck_assert_int_eq(r.status, SBX_RE);
	ck_assert_int_eq(r.exit_code, 127);
	ck_assert_ptr_nonnull(strstr(r.message, "cannot execute"));
	sbx_result_free(&r);
}
END_TEST

START_TEST(python_with_numpy_runs)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	const char *argv[] = {"/usr/bin/python3", "-c",
	                      "import numpy as np; print(int(np.arange(10).sum()))", NULL};
	const char *env[] = {"PATH=/usr/bin:/bin", "OPENBLAS_NUM_THREADS=1", "HOME=/tmp", NULL};

	h_config(&rc, SBX_PROFILE_PYTHON);
	rc.cpu_ms = 10000;
	rc.argv = argv;
	rc.env = env;
	ck_assert_int_eq(sbx_box_run(box, &rc, &r), 0);
	ck_assert_msg(r.status == SBX_OK && r.exit_code == 0, "%s %s: %s",
	              sbx_status_name(r.status), r.message, r.err);
	ck_assert_str_eq(r.out, "45\n");
	sbx_result_free(&r);
}
END_TEST

START_TEST(gcc_compiles_in_the_box)
{
	struct sbx_run_config rc;
	struct sbx_result r;
	char src[4200];
	const char *cc[] = {"/usr/bin/gcc", "-O2", "-o", "hello", "hello.c", NULL};
	const char *run[] = {"./hello", NULL};
	FILE *f;

	snprintf(src, sizeof src, "%s/hello.c", sbx_box_dir(box));
	f = fopen(src, "w");
	ck_assert(f != NULL);
	fputs("#include <stdio.h>\nint main(void){puts(\"compiled\");return 0;}\n", f);
	fclose(f);
	h_config(&rc, SBX_PROFILE_COMPILER);
	rc.cpu_ms = 20000;
	rc.memory_kb = 1024 * 1024;
	rc.argv = cc;
	ck_assert_int_eq(sbx_box_run(box, &rc, &r), 0);
	ck_assert_msg(r.status == SBX_OK && r.exit_code == 0, "%s %s: %s",
	              sbx_status_name(r.status), r.message, r.err);
	sbx_result_free(&r);
	h_config(&rc, SBX_PROFILE_NATIVE);
	rc.argv = run;
	ck_assert_int_eq(sbx_box_run(box, &rc, &r), 0);
	ck_assert_str_eq(r.out, "compiled\n");
	sbx_result_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sandbox-threats");
	TCase *tc = tcase_create("full");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, isolation_is_full);
	tcase_add_test(tc, ok_and_exit_code);
	tcase_add_test(tc, stdin_is_passed);
	tcase_add_test(tc, box_is_reused);
	tcase_add_test(tc, abort_is_sigabrt);
	tcase_add_test(tc, stack_overflow_is_segv);
	tcase_add_test(tc, endless_loop_is_tle);
	tcase_add_test(tc, sleep_forever_is_wall_tle);
	tcase_add_test(tc, output_flood_is_ole);
	tcase_add_test(tc, memory_hog_is_mle);
	tcase_add_test(tc, peak_memory_is_measured);
	tcase_add_test(tc, fork_bomb_native_is_sv);
	tcase_add_test(tc, fork_bomb_compiler_hits_pids_limit);
	tcase_add_test(tc, thread_bomb_is_capped);
	tcase_add_test(tc, network_is_sv_and_listener_untouched);
	tcase_add_test(tc, only_loopback_is_visible);
	tcase_add_test(tc, exec_of_shell_is_sv);
	tcase_add_test(tc, ptrace_is_sv);
	tcase_add_test(tc, io_uring_is_sv);
	tcase_add_test(tc, dangerous_calls_are_sv_and_named);
	tcase_add_test(tc, kill_minus_one_spares_the_host);
	tcase_add_test(tc, daemon_does_not_outlive_the_run);
	tcase_add_test(tc, files_outside_are_invisible_or_read_only);
	tcase_add_test(tc, own_proc_and_hostname);
	tcase_add_test(tc, only_stdio_is_inherited);
	tcase_add_test(tc, tmp_is_private_per_run);
	tcase_add_test(tc, missing_program_is_re_127);
	tcase_add_test(tc, python_with_numpy_runs);
	tcase_add_test(tc, gcc_compiles_in_the_box);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (!h_can_namespace()) {
		printf("SKIP: full isolation needs root and namespaces (uid %d)\n", (int)geteuid());
		return 77;
	}
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

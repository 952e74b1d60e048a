/* policy.c -- the seccomp policies, as data, and their compilation to BPF.
 *
 * One table lists every system call a sandboxed program may make, with the
 * profiles and isolation modes it applies to and a reason. Anything not in
 * the table is denied with the verdict SV, which names the call: the filter's
 * default action is SECCOMP_RET_USER_NOTIF, answered by the box's init (see
 * keeper.c), or SECCOMP_RET_KILL_PROCESS where notification is unavailable.
 * Entries with action DENY are documentation and tests: they state why the
 * dangerous calls are refused (the default refuses them anyway).
 *
 * Each profile is compiled once per box into raw BPF, for what the keeper
 * found on this machine: user notification or not, namespaces or "strict"
 * (no network/IPC namespace: sockets and System V IPC are refused too), and
 * whether execveat() takes a NULL path. The keeper loads the raw BPF in each
 * program child: no libseccomp there.
 */
#include "sandbox/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define P_NATIVE   (1u << SBX_PROFILE_NATIVE)
#define P_PYTHON   (1u << SBX_PROFILE_PYTHON)
#define P_COMPILER (1u << SBX_PROFILE_COMPILER)
#define P_RUN      (P_NATIVE | P_PYTHON)
#define P_ALL      (P_NATIVE | P_PYTHON | P_COMPILER)

#define M_NS     1u /* boxes with namespaces */
#define M_STRICT 2u /* boxes without: no network or IPC namespace to contain sockets/IPC */
#define M_ALL    (M_NS | M_STRICT)

enum action { ALLOW, ERRNO, DENY };

/* At most one argument condition per rule; a call with several conditional
 * rules is allowed when any of them matches. */
struct rule {
	const char *name;
	unsigned profiles, modes;
	enum action action;
	int err; /* ERRNO */
	int arg; /* -1: no condition */
	enum scmp_compare op;
	uint64_t a, b; /* datum (and mask for SCMP_CMP_MASKED_EQ: a = mask, b = value) */
	const char *reason;
};

#define NS_FLAGS                                                                                   \
	(CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | \
	 CLONE_NEWCGROUP)

#define ALL(n, why)                                                                                \
	{                                                                                          \
		n, P_ALL, M_ALL, ALLOW, 0, -1, 0, 0, 0, why                                        \
	}
#define RUN(n, why)                                                                                \
	{                                                                                          \
		n, P_RUN, M_ALL, ALLOW, 0, -1, 0, 0, 0, why                                        \
	}
#define COMP(n, why)                                                                               \
	{                                                                                          \
		n, P_COMPILER, M_ALL, ALLOW, 0, -1, 0, 0, 0, why                                   \
	}
#define NSONLY(n, why)                                                                             \
	{                                                                                          \
		n, P_ALL, M_NS, ALLOW, 0, -1, 0, 0, 0, why                                         \
	}
#define FAKE(n, e, why)                                                                            \
	{                                                                                          \
		n, P_ALL, M_ALL, ERRNO, e, -1, 0, 0, 0, why                                        \
	}
#define NO(n, why)                                                                                 \
	{                                                                                          \
		n, P_ALL, M_ALL, DENY, 0, -1, 0, 0, 0, why                                         \
	}

static const struct rule rules[] = {
    /* Files and descriptors: the mount namespace (or Landlock) decides what
     * is reachable, so the calls themselves are safe. */
    ALL("read", "I/O on open descriptors"),
    ALL("write", "I/O on open descriptors"),
    ALL("readv", "I/O on open descriptors"),
    ALL("writev", "I/O on open descriptors"),
    ALL("pread64", "I/O on open descriptors"),
    ALL("pwrite64", "I/O on open descriptors"),
    ALL("preadv", "I/O on open descriptors"),
    ALL("pwritev", "I/O on open descriptors"),
    ALL("preadv2", "I/O on open descriptors"),
    ALL("pwritev2", "I/O on open descriptors"),
    ALL("lseek", "I/O on open descriptors"),
    ALL("sendfile", "I/O on open descriptors"),
    ALL("splice", "I/O on open descriptors"),
    ALL("tee", "I/O on open descriptors"),
    ALL("vmsplice", "I/O on open descriptors"),
    ALL("copy_file_range", "I/O on open descriptors"),
    ALL("readahead", "I/O hint"),
    ALL("fadvise64", "I/O hint"),
    ALL("open", "the visible tree is the box's"),
    ALL("openat", "the visible tree is the box's"),
    ALL("openat2", "the visible tree is the box's"),
    ALL("creat", "the visible tree is the box's"),
    ALL("close", "descriptors"),
    ALL("close_range", "descriptors"),
    ALL("dup", "descriptors"),
    ALL("dup2", "descriptors"),
    ALL("dup3", "descriptors"),
    ALL("fcntl", "descriptor flags and record locks on the box's own files"),
    ALL("ioctl", "terminal and file ioctls; the box has no terminal and no devices but null, zero, "
                 "full, random"),
    ALL("stat", "metadata"),
    ALL("fstat", "metadata"),
    ALL("lstat", "metadata"),
    ALL("newfstatat", "metadata"),
    ALL("statx", "metadata"),
    ALL("statfs", "metadata"),
    ALL("fstatfs", "metadata"),
    ALL("access", "metadata"),
    ALL("faccessat", "metadata"),
    ALL("faccessat2", "metadata"),
    ALL("readlink", "metadata"),
    ALL("readlinkat", "metadata"),
    ALL("getdents", "directories"),
    ALL("getdents64", "directories"),
    ALL("getcwd", "directories"),
    ALL("chdir", "directories"),
    ALL("fchdir", "directories"),
    ALL("mkdir", "writes land in /box or /tmp only"),
    ALL("mkdirat", "writes land in /box or /tmp only"),
    ALL("rmdir", "writes land in /box or /tmp only"),
    ALL("unlink", "writes land in /box or /tmp only"),
    ALL("unlinkat", "writes land in /box or /tmp only"),
    ALL("rename", "writes land in /box or /tmp only"),
    ALL("renameat", "writes land in /box or /tmp only"),
    ALL("renameat2", "writes land in /box or /tmp only"),
    ALL("link", "writes land in /box or /tmp only"),
    ALL("linkat", "writes land in /box or /tmp only"),
    ALL("symlink", "writes land in /box or /tmp only"),
    ALL("symlinkat", "writes land in /box or /tmp only"),
    ALL("chmod", "own files only"),
    ALL("fchmod", "own files only"),
    ALL("fchmodat", "own files only"),
    ALL("chown", "own files only; an unprivileged uid cannot give them away"),
    ALL("fchown", "own files only; an unprivileged uid cannot give them away"),
    ALL("lchown", "own files only; an unprivileged uid cannot give them away"),
    ALL("fchownat", "own files only; an unprivileged uid cannot give them away"),
    ALL("truncate", "own files; RLIMIT_FSIZE caps them"),
    ALL("ftruncate", "own files; RLIMIT_FSIZE caps them"),
    ALL("fallocate", "own files; RLIMIT_FSIZE caps them"),
    ALL("fsync", "own files"),
    ALL("fdatasync", "own files"),
    ALL("sync_file_range", "own files"),
    ALL("umask", "own process"),
    ALL("utime", "own files"),
    ALL("utimes", "own files"),
    ALL("utimensat", "own files"),
    ALL("futimesat", "own files"),
    ALL("pipe", "descriptors"),
    ALL("pipe2", "descriptors"),
    ALL("select", "waiting"),
    ALL("pselect6", "waiting"),
    ALL("poll", "waiting"),
    ALL("ppoll", "waiting"),
    ALL("epoll_create", "waiting"),
    ALL("epoll_create1", "waiting"),
    ALL("epoll_ctl", "waiting"),
    ALL("epoll_wait", "waiting"),
    ALL("epoll_pwait", "waiting"),
    ALL("epoll_pwait2", "waiting"),
    ALL("eventfd", "descriptors"),
    ALL("eventfd2", "descriptors"),
    ALL("signalfd", "descriptors"),
    ALL("signalfd4", "descriptors"),
    ALL("timerfd_create", "descriptors"),
    ALL("timerfd_settime", "descriptors"),
    ALL("timerfd_gettime", "descriptors"),
    ALL("inotify_init", "watches the box's own files"),
    ALL("inotify_init1", "watches the box's own files"),
    ALL("inotify_add_watch", "watches the box's own files"),
    ALL("inotify_rm_watch", "watches the box's own files"),
    ALL("memfd_create", "anonymous memory, charged to the box"),
    FAKE("flock", ENOSYS,
         "a lock on a shared read-only file is a channel between boxes (as isolate)"),
    FAKE("mknod", EPERM, "no device nodes"),
    FAKE("mknodat", EPERM, "no device nodes"),
    FAKE("sync", EPERM, "flushing every disk of the host is not the program's business"),
    FAKE("syncfs", EPERM, "flushing a whole filesystem is not the program's business"),

    /* Memory: charged to the box's cgroup (or capped by RLIMIT_AS). */
    ALL("brk", "memory"),
    ALL("mmap", "memory"),
    ALL("munmap", "memory"),
    ALL("mprotect", "memory"),
    ALL("mremap", "memory"),
    ALL("madvise", "memory"),
    ALL("msync", "memory"),
    ALL("mincore", "memory"),
    ALL("membarrier", "memory ordering between threads"),
    ALL("pkey_mprotect", "memory protection keys of its own pages"),
    ALL("pkey_alloc", "memory protection keys of its own pages"),
    ALL("pkey_free", "memory protection keys of its own pages"),
    ALL("map_shadow_stack", "glibc's shadow stacks"),
    ALL("get_mempolicy", "NUMA query"),
    FAKE("mlock", EPERM, "pinning memory could starve the host"),
    FAKE("mlock2", EPERM, "pinning memory could starve the host"),
    FAKE("mlockall", EPERM, "pinning memory could starve the host"),
    ALL("munlock", "harmless"),
    ALL("munlockall", "harmless"),
    FAKE("mbind", EPERM, "NUMA placement is the host's"),
    FAKE("set_mempolicy", EPERM, "NUMA placement is the host's"),
    FAKE("migrate_pages", EPERM, "NUMA placement is the host's"),
    FAKE("move_pages", EPERM, "NUMA placement is the host's"),

    /* The process itself and its threads. */
    ALL("getpid", "identity"),
    ALL("getppid", "identity"),
    ALL("gettid", "identity"),
    ALL("getuid", "identity"),
    ALL("geteuid", "identity"),
    ALL("getgid", "identity"),
    ALL("getegid", "identity"),
    ALL("getresuid", "identity"),
    ALL("getresgid", "identity"),
    ALL("getgroups", "identity"),
    ALL("getpgid", "identity"),
    ALL("getpgrp", "identity"),
    ALL("getsid", "identity"),
    ALL("setpgid", "own process group"),
    ALL("setsid", "own session"),
    ALL("getpriority", "scheduling"),
    ALL("setpriority", "an unprivileged process can only lower its priority"),
    ALL("sched_yield", "scheduling"),
    ALL("sched_getaffinity", "scheduling"),
    ALL("sched_setaffinity", "within the CPUs the box may use"),
    ALL("sched_getparam", "scheduling"),
    ALL("sched_getscheduler", "scheduling"),
    ALL("sched_getattr", "scheduling"),
    ALL("sched_get_priority_max", "scheduling"),
    ALL("sched_get_priority_min", "scheduling"),
    ALL("sched_rr_get_interval", "scheduling"),
    FAKE("sched_setscheduler", EPERM, "real-time scheduling could starve the host"),
    FAKE("sched_setparam", EPERM, "real-time scheduling could starve the host"),
    FAKE("sched_setattr", EPERM, "real-time scheduling could starve the host"),
    ALL("getrlimit", "limits"),
    ALL("setrlimit", "can only lower them: the hard limits are the box's"),
    ALL("prlimit64", "can only lower them: the hard limits are the box's"),
    ALL("getrusage", "accounting"),
    ALL("times", "accounting"),
    ALL("sysinfo", "machine size, read by runtimes"),
    ALL("uname", "identity"),
    ALL("getcpu", "scheduling"),
    ALL("prctl", "process attributes; no_new_privs is already set"),
    ALL("arch_prctl", "thread-local storage"),
    ALL("set_tid_address", "threads"),
    ALL("set_robust_list", "threads"),
    ALL("get_robust_list", "threads"),
    ALL("rseq", "restartable sequences (glibc)"),
    ALL("futex", "threads"),
    ALL("futex_waitv", "threads"),
    ALL("capget", "identity"),
    FAKE("capset", EPERM, "no capabilities to gain"),
    FAKE("setuid", EPERM, "no identity to change to"),
    FAKE("setgid", EPERM, "no identity to change to"),
    FAKE("setreuid", EPERM, "no identity to change to"),
    FAKE("setregid", EPERM, "no identity to change to"),
    FAKE("setresuid", EPERM, "no identity to change to"),
    FAKE("setresgid", EPERM, "no identity to change to"),
    FAKE("setgroups", EPERM, "no identity to change to"),
    FAKE("setfsuid", EPERM, "no identity to change to"),
    FAKE("setfsgid", EPERM, "no identity to change to"),
    FAKE("personality", EPERM, "execution domains are not the program's to change"),
    FAKE("ioprio_set", EPERM, "I/O priority is the host's"),
    ALL("ioprio_get", "I/O priority query"),
    FAKE("seccomp", ENOSYS, "the box's filter is final"),
    FAKE("landlock_create_ruleset", ENOSYS, "the box's restrictions are final"),
    FAKE("landlock_add_rule", ENOSYS, "the box's restrictions are final"),
    FAKE("landlock_restrict_self", ENOSYS, "the box's restrictions are final"),

    /* Time. */
    ALL("clock_gettime", "time"),
    ALL("clock_getres", "time"),
    ALL("clock_nanosleep", "time; the wall-time limit ends sleepers"),
    ALL("nanosleep", "time; the wall-time limit ends sleepers"),
    ALL("gettimeofday", "time"),
    ALL("time", "time"),
    ALL("alarm", "timers"),
    ALL("getitimer", "timers"),
    ALL("setitimer", "timers"),
    ALL("timer_create", "timers"),
    ALL("timer_settime", "timers"),
    ALL("timer_gettime", "timers"),
    ALL("timer_getoverrun", "timers"),
    ALL("timer_delete", "timers"),

    /* Signals: the PID namespace (or the uid) bounds who can be reached. */
    ALL("rt_sigaction", "signals"),
    ALL("rt_sigprocmask", "signals"),
    ALL("rt_sigreturn", "signals"),
    ALL("rt_sigpending", "signals"),
    ALL("rt_sigtimedwait", "signals"),
    ALL("rt_sigsuspend", "signals"),
    ALL("rt_sigqueueinfo", "signals"),
    ALL("rt_tgsigqueueinfo", "signals"),
    ALL("sigaltstack", "signals"),
    ALL("kill", "only processes of the box can be reached"),
    ALL("tgkill", "only processes of the box can be reached"),
    ALL("tkill", "only processes of the box can be reached"),
    ALL("pause", "waiting"),
    ALL("restart_syscall", "signals"),
    ALL("exit", "ending"),
    ALL("exit_group", "ending"),
    ALL("wait4", "children"),
    ALL("waitid", "children"),
    ALL("getrandom", "randomness"),

    /* Threads and processes. clone3 hides its flags from seccomp: answering
     * ENOSYS makes glibc fall back to clone, whose flags we can check. */
    FAKE("clone3", ENOSYS, "flags are not visible to seccomp; glibc falls back to clone"),
    {"clone", P_RUN, M_ALL, ALLOW, 0, 0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD,
     "threads only: a submission has no reason to start processes"},
    {"clone", P_COMPILER, M_ALL, ALLOW, 0, 0, SCMP_CMP_MASKED_EQ, NS_FLAGS, 0,
     "processes, but no new namespaces"},
    COMP("fork", "compilers start their passes as processes"),
    COMP("vfork", "compilers start their passes as processes"),
    COMP("execve", "compilers start their passes as programs"),
    COMP("execveat", "compilers start their passes as programs"),
    /* For a submission, execve is not in the table: the filter sends it to the
     * box's init, which lets the program's own start through (once) and
     * answers any later exec with SV. Without user notification the exec
     * cannot be counted, so it is allowed (see build()). */

    /* Sockets: only local ones, and only where the box has its own network
     * namespace (no one to talk to but the program itself). */
    {"socket", P_ALL, M_NS, ALLOW, 0, 0, SCMP_CMP_EQ, AF_UNIX, 0,
     "AF_UNIX only: every other family is refused, whatever the namespace"},
    {"socket", P_ALL, M_STRICT, ERRNO, EACCES, 0, SCMP_CMP_EQ, AF_UNIX, 0,
     "no network namespace: a local socket could reach the host's; glibc's NSS probes one, so "
     "refuse quietly"},
    ALL("socketpair", "a connected pair cannot reach anyone else"),
    NSONLY("bind", "AF_UNIX in the box's own namespaces"),
    NSONLY("listen", "AF_UNIX in the box's own namespaces"),
    NSONLY("accept", "AF_UNIX in the box's own namespaces"),
    NSONLY("accept4", "AF_UNIX in the box's own namespaces"),
    NSONLY("connect", "AF_UNIX in the box's own namespaces"),
    ALL("getsockname", "sockets already open"),
    ALL("getpeername", "sockets already open"),
    ALL("sendto", "sockets already open"),
    ALL("recvfrom", "sockets already open"),
    ALL("sendmsg", "sockets already open"),
    ALL("recvmsg", "sockets already open"),
    ALL("sendmmsg", "sockets already open"),
    ALL("recvmmsg", "sockets already open"),
    ALL("shutdown", "sockets already open"),
    ALL("setsockopt", "sockets already open"),
    ALL("getsockopt", "sockets already open"),

    /* System V and POSIX IPC live in the run's own IPC namespace. */
    NSONLY("shmget", "own IPC namespace"),
    NSONLY("shmat", "own IPC namespace"),
    NSONLY("shmdt", "own IPC namespace"),
    NSONLY("shmctl", "own IPC namespace"),
    NSONLY("semget", "own IPC namespace"),
    NSONLY("semop", "own IPC namespace"),
    NSONLY("semtimedop", "own IPC namespace"),
    NSONLY("semctl", "own IPC namespace"),
    NSONLY("msgget", "own IPC namespace"),
    NSONLY("msgsnd", "own IPC namespace"),
    NSONLY("msgrcv", "own IPC namespace"),
    NSONLY("msgctl", "own IPC namespace"),
    NSONLY("mq_open", "own IPC namespace"),
    NSONLY("mq_unlink", "own IPC namespace"),
    NSONLY("mq_timedsend", "own IPC namespace"),
    NSONLY("mq_timedreceive", "own IPC namespace"),
    NSONLY("mq_notify", "own IPC namespace"),
    NSONLY("mq_getsetattr", "own IPC namespace"),

    /* Always denied (SV), whatever the profile. */
    NO("io_uring_setup", "a second system-call interface that seccomp cannot see into"),
    NO("io_uring_enter", "a second system-call interface that seccomp cannot see into"),
    NO("io_uring_register", "a second system-call interface that seccomp cannot see into"),
    NO("bpf", "kernel programs: a large attack surface"),
    NO("userfaultfd", "a classic tool for kernel exploits (stalls faults at will)"),
    NO("keyctl", "kernel keyrings are not namespaced: a channel out of the box"),
    NO("add_key", "kernel keyrings are not namespaced: a channel out of the box"),
    NO("request_key", "kernel keyrings are not namespaced: a channel out of the box"),
    NO("perf_event_open", "host-wide performance counters and a large attack surface"),
    NO("ptrace", "no debugging of other processes"),
    NO("process_vm_readv", "no reading other processes' memory"),
    NO("process_vm_writev", "no writing other processes' memory"),
    NO("process_madvise", "no acting on other processes' memory"),
    NO("process_mrelease", "no acting on other processes' memory"),
    NO("pidfd_getfd", "no stealing other processes' descriptors"),
    NO("kcmp", "no inspecting other processes' resources"),
    NO("mount", "the box's file tree is fixed"),
    NO("umount2", "the box's file tree is fixed"),
    NO("pivot_root", "the box's file tree is fixed"),
    NO("chroot", "the box's file tree is fixed"),
    NO("fsopen", "the box's file tree is fixed"),
    NO("fsconfig", "the box's file tree is fixed"),
    NO("fsmount", "the box's file tree is fixed"),
    NO("fspick", "the box's file tree is fixed"),
    NO("move_mount", "the box's file tree is fixed"),
    NO("open_tree", "the box's file tree is fixed"),
    NO("mount_setattr", "the box's file tree is fixed"),
    NO("unshare", "no new namespaces"),
    NO("setns", "no joining other namespaces"),
    NO("name_to_handle_at", "file handles bypass the mount tree (a known container escape)"),
    NO("open_by_handle_at", "file handles bypass the mount tree (a known container escape)"),
    NO("kexec_load", "host administration"),
    NO("kexec_file_load", "host administration"),
    NO("init_module", "host administration"),
    NO("finit_module", "host administration"),
    NO("delete_module", "host administration"),
    NO("reboot", "host administration"),
    NO("swapon", "host administration"),
    NO("swapoff", "host administration"),
    NO("acct", "host administration"),
    NO("quotactl", "host administration"),
    NO("settimeofday", "host administration"),
    NO("clock_settime", "host administration"),
    NO("clock_adjtime", "host administration"),
    NO("adjtimex", "host administration"),
    NO("sethostname", "host administration"),
    NO("setdomainname", "host administration"),
    NO("syslog", "the kernel log is the host's"),
    NO("vhangup", "terminals are the host's"),
    NO("iopl", "raw hardware access"),
    NO("ioperm", "raw hardware access"),
    NO("modify_ldt", "segment tricks used by exploits"),
    NO("fanotify_init", "host-wide file monitoring"),
    NO("fanotify_mark", "host-wide file monitoring"),
    NO("lookup_dcookie", "profiling interface"),
    NO("uselib", "obsolete loader interface"),
};

static const char *const action_names[] = {"allow", "errno", "deny"};

static int add_rule(scmp_filter_ctx ctx, const struct rule *r, uint32_t deny_action, char *err,
                    size_t errlen)
{
	int nr = seccomp_syscall_resolve_name(r->name);
	uint32_t act;
	int rc;

	if (nr == __NR_SCMP_ERROR) {
		snprintf(err, errlen, "seccomp policy: system call \"%s\" is unknown to libseccomp",
		         r->name);
		return -1;
	}
	if (nr < 0)
		return 0; /* not a system call on this architecture */
	switch (r->action) {
	case ALLOW:
		act = SCMP_ACT_ALLOW;
		break;
	case ERRNO:
		act = SCMP_ACT_ERRNO((uint32_t)r->err);
		break;
	default:
		act = deny_action;
		break;
	}
	if (act == deny_action)
		return 0; /* the default action already does it */
	if (r->arg < 0) {
		rc = seccomp_rule_add_exact(ctx, act, nr, 0);
	} else {
		struct scmp_arg_cmp c = {
		    .arg = (unsigned)r->arg, .op = r->op, .datum_a = r->a, .datum_b = r->b};

		rc = seccomp_rule_add_exact_array(ctx, act, nr, 1, &c);
	}
	if (rc < 0) {
		snprintf(err, errlen, "seccomp policy: rule for %s (%s): %s", r->name,
		         action_names[r->action], strerror(-rc));
		return -1;
	}
	return 0;
}

/* Builds the libseccomp context of one profile. */
static scmp_filter_ctx build(enum sbx_profile p, unsigned opts, char *err, size_t errlen)
{
	uint32_t deny = (opts & SBX_POLICY_NOTIFY) ? SCMP_ACT_NOTIFY : SCMP_ACT_KILL_PROCESS;
	unsigned pbit = 1u << p, mbit = (opts & SBX_POLICY_STRICT) ? M_STRICT : M_NS;
	scmp_filter_ctx ctx = seccomp_init(deny);

	if (!ctx) {
		snprintf(err, errlen, "seccomp policy: seccomp_init failed");
		return NULL;
	}
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) < 0) {
		snprintf(err, errlen, "seccomp policy: cannot set filter attributes");
		goto fail;
	}
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *r = &rules[i];

		if (!(r->profiles & pbit) || !(r->modes & mbit))
			continue;
		if (add_rule(ctx, r, deny, err, errlen) < 0)
			goto fail;
	}
	if (!(opts & SBX_POLICY_NOTIFY) && p != SBX_PROFILE_COMPILER &&
	    seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve), 0) < 0) {
		snprintf(err, errlen, "seccomp policy: execve rule failed");
		goto fail;
	}
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

static int export_bpf(scmp_filter_ctx ctx, struct sbx_bpf *out, char *err, size_t errlen)
{
	int fd = memfd_create("sbx-bpf", MFD_CLOEXEC);
	off_t size;
	int rc = -1;

	out->insns = NULL;
	out->len = 0;
	if (fd < 0) {
		snprintf(err, errlen, "seccomp policy: memfd_create: %s", strerror(errno));
		return -1;
	}
	if (seccomp_export_bpf(ctx, fd) < 0) {
		snprintf(err, errlen, "seccomp policy: seccomp_export_bpf failed");
		goto out;
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size > 64 * 1024) {
		snprintf(err, errlen, "seccomp policy: exported filter has %lld bytes",
		         (long long)size);
		goto out;
	}
	out->insns = malloc((size_t)size);
	if (!out->insns || pread(fd, out->insns, (size_t)size, 0) != size) {
		snprintf(err, errlen, "seccomp policy: cannot read the exported filter");
		free(out->insns);
		out->insns = NULL;
		goto out;
	}
	out->len = (size_t)size;
	rc = 0;
out:
	close(fd);
	return rc;
}

int sbx_policy_compile(enum sbx_profile p, unsigned opts, struct sbx_bpf *out, char *err,
                       size_t errlen)
{
	scmp_filter_ctx ctx;
	int rc;

	if ((unsigned)p >= SBX_PROFILE_COUNT) {
		snprintf(err, errlen, "unknown profile %d", (int)p);
		return -1;
	}
	ctx = build(p, opts, err, errlen);
	if (!ctx)
		return -1;
	rc = export_bpf(ctx, out, err, errlen);
	seccomp_release(ctx);
	return rc;
}

int sbx_policy_dump(enum sbx_profile p, int strict, int fd, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	int rc;

	if ((unsigned)p >= SBX_PROFILE_COUNT) {
		snprintf(err, errlen, "unknown profile %d", (int)p);
		return -1;
	}
	ctx = build(p, SBX_POLICY_NOTIFY | (strict ? SBX_POLICY_STRICT : 0), err, errlen);
	if (!ctx)
		return -1;
	rc = seccomp_export_pfc(ctx, fd);
	seccomp_release(ctx);
	if (rc < 0) {
		snprintf(err, errlen, "seccomp_export_pfc: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

int sbx_syscall_name(int nr, char *buf, size_t len)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

	if (!name) {
		snprintf(buf, len, "#%d", nr);
		return -1;
	}
	snprintf(buf, len, "%s", name);
	free(name);
	return 0;
}

/* For the tests and the docs: walk the table. */
int sbx_policy_rule(size_t i, struct sbx_rule_info *info)
{
	const struct rule *r;

	if (i >= sizeof rules / sizeof rules[0])
		return -1;
	r = &rules[i];
	memset(info, 0, sizeof *info);
	info->name = r->name;
	info->profiles = r->profiles;
	info->with_ns = (r->modes & M_NS) != 0;
	info->without_ns = (r->modes & M_STRICT) != 0;
	info->denied = r->action == DENY;
	info->reason = r->reason;
	if (r->action == ERRNO)
		snprintf(info->action, sizeof info->action, "%s", strerrorname_np(r->err));
	else
		snprintf(info->action, sizeof info->action, "%s",
		         r->action == DENY ? "SV" : "allow");
	if (r->arg >= 0 && r->op == SCMP_CMP_MASKED_EQ)
		snprintf(info->condition, sizeof info->condition, "(arg%d & %#llx) == %#llx",
		         r->arg, (unsigned long long)r->a, (unsigned long long)r->b);
	else if (r->arg >= 0)
		snprintf(info->condition, sizeof info->condition, "arg%d == %llu", r->arg,
		         (unsigned long long)r->a);
	return 0;
}

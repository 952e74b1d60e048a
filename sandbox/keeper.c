/* keeper.c -- judge-sandbox-keeper: holds one box and runs commands in it.
 *
 * Theory of operation
 * -------------------
 * The library (box.c) starts one keeper per box with a SOCK_SEQPACKET socket
 * on fd 3. The keeper is a small static binary, so forking it is cheap and a
 * child's ru_maxrss starts near zero instead of at the judge's size.
 *
 * On SETUP the keeper enters a new mount and network namespace (and, when not
 * root, a user namespace) and builds the box's root: a read-only tmpfs with
 * read-only binds of /usr (and the /bin, /lib* links), a minimal /etc, a /dev
 * with null, zero, full, random and urandom, the work directory at /box, and
 * empty mount points for /proc and /tmp. It pivots into it and detaches the
 * host tree. The network namespace has only a loopback that is down.
 *
 * On RUN the keeper clones an init with fresh PID, mount, IPC and UTS
 * namespaces. The init is PID 1: it joins
 * the v1 cgroups, mounts its own /proc and a fresh /tmp, then starts the
 * program as PID 2 with clone(CLONE_VM | CLONE_VFORK | CLONE_FILES): the child
 * sets rlimits, a new session, the unprivileged uid, no_new_privs, Landlock
 * (without namespaces) and the seccomp filter, then execs. Sharing the file
 * table hands the seccomp listener fd to the init, which waits on it and on
 * SIGCHLD: a notification names a denied system call (verdict SV) and the
 * init kills everything; when the program ends the init kills what is left
 * (double-forked daemons included) and reaps it all, then reports how the
 * program ended through a pipe and exits. The keeper reaps the init with
 * wait4(), whose rusage covers the whole tree, and sends RESULT.
 *
 * The library enforces the time limits (it kills the init through a pidfd);
 * the keeper only reports. Without namespaces the same code runs without the
 * mounts, and "kill everything" means every process of the box's uid.
 */
#include "sandbox/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BINDS 32

/* The whole state of the keeper. One instance, on main()'s stack: the keeper
 * is a process of its own, and the init and program children inherit copies. */
struct keeper {
	int sock;
	unsigned flags;
	int ns;     /* namespaces in use */
	int userns; /* ... including a user namespace (not root) */
	enum sbx_level level;
	uid_t uid;
	gid_t gid;
	uid_t outer_uid;
	char work_dir[PATH_MAX];
	int cg_fds[SBX_MAX_FDS];
	size_t ncg;
	int landlock_abi;
	int notify; /* 1 user notification works */
	int filters_ok;
	struct sock_fprog filters[SBX_PROFILE_COUNT];
	char notes[512];
};

/* One run's parameters, as received. */
struct run {
	enum sbx_profile profile;
	uint64_t cpu_s, as_bytes, fsize, nofile, nproc, stack;
	uint64_t tmp_bytes;
	char cwd[PATH_MAX];
	char *argv[SBX_MAX_ARGS + 1];
	char *envp[SBX_MAX_ARGS + 1];
	char path[PATH_MAX];       /* argv[0] resolved */
	char strings[SBX_MSG_MAX]; /* argv and envp point here */
	int stdio[3];
	int cgroup_procs; /* v2: the run's cgroup.procs, or -1 */
};

/* What the init reports to the keeper through its pipe. */
struct report {
	int kind; /* enum sbx_end */
	int code;
	unsigned arch;
	char message[200];
};

/* What the program child tells the init before it becomes the program. */
struct child_msg {
	int ready; /* 1: the filter is loaded (fd: its listener, or -1); 0: failed */
	int fd;
	int err;
	int exec; /* the failure was the exec itself */
	char stage[48];
};

static void note(struct keeper *k, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int send_error(int sock, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int setup_fail(struct keeper *k, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* vsnprintf, then ": strerror(err)" when err is set. */
static void vformat(char *buf, size_t cap, int err, const char *fmt, va_list ap)
{
	size_t len;

	vsnprintf(buf, cap, fmt, ap);
	len = strlen(buf);
	if (err)
		snprintf(buf + len, cap - len, ": %s", strerror(err));
}

static void note(struct keeper *k, int err, const char *fmt, ...)
{
	size_t len = strlen(k->notes);
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vformat(tmp, sizeof tmp, err, fmt, ap);
	va_end(ap);
	snprintf(k->notes + len, sizeof k->notes - len, "%s%s", len ? "; " : "", tmp);
}

static int vsend_error(int sock, int err, const char *fmt, va_list ap)
{
	unsigned char buf[600];
	char msg[512];
	struct sbx_wbuf w;

	vformat(msg, sizeof msg, err, fmt, ap);
	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_u32(&w, SBX_MSG_ERROR);
	sbx_w_str(&w, msg);
	return sbx_send(sock, buf, w.len, NULL, 0);
}

static int send_error(int sock, int err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsend_error(sock, err, fmt, ap);
	va_end(ap);
	return rc;
}

/* Reports a setup failure; the keeper then exits. */
static int setup_fail(struct keeper *k, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsend_error(k->sock, err, fmt, ap);
	va_end(ap);
	return -1;
}

static int write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	size_t len = strlen(data);

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/*** Building the box's root ***/

static int mkdirs(const char *path, mode_t mode)
{
	char tmp[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof tmp)
		return -1;
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Bind src onto dst (created as a file or directory like src), read-only
 * unless writable. Recursive for directories. */
static int bind_path(const char *src, const char *dst, int writable)
{
	struct stat st;
	unsigned long fl = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV;

	if (stat(src, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		if (mkdirs(dst, 0755) < 0)
			return -1;
	} else {
		int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			return -1;
		close(fd);
	}
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	if (!writable)
		fl |= MS_RDONLY;
	/* Device nodes keep working: nodev only matters for /dev's own binds, done apart. */
	return mount(NULL, dst, NULL, fl, NULL);
}

/* /bin, /lib, ... are symlinks into /usr on merged-/usr systems; copy the
 * links, or bind the directories where they are real. */
static int link_or_bind(const char *name)
{
	char src[64], dst[64], target[PATH_MAX];
	struct stat st;
	ssize_t n;

	snprintf(src, sizeof src, "/oldroot/%s", name);
	snprintf(dst, sizeof dst, "/newroot/%s", name);
	if (lstat(src, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISLNK(st.st_mode)) {
		n = readlink(src, target, sizeof target - 1);
		if (n < 0)
			return -1;
		target[n] = 0;
		return symlink(target, dst);
	}
	if (S_ISDIR(st.st_mode))
		return bind_path(src, dst, 0);
	return 0;
}

static int write_new_file(const char *path, const char *data, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(data);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* A minimal /etc: the dynamic linker's cache and Debian's alternatives (numpy
 * finds BLAS through them), Python's site config, and users that exist only
 * in the box. Host secrets (shadow, ssh keys, ...) are simply not there. */
static int build_etc(struct keeper *k)
{
	static const char *const ro[] = {"ld.so.cache",  "ld.so.conf", "ld.so.conf.d",
	                                 "alternatives", "localtime",  "python3",
	                                 "python3.11",   "python3.12", "python3.13"};
	char src[PATH_MAX], dst[PATH_MAX], buf[256];

	if (mkdir("/newroot/etc", 0755) < 0)
		return -1;
	for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
		snprintf(src, sizeof src, "/oldroot/etc/%s", ro[i]);
		snprintf(dst, sizeof dst, "/newroot/etc/%s", ro[i]);
		if (access(src, F_OK) < 0)
			continue;
		if (bind_path(src, dst, 0) < 0) {
			note(k, errno, "cannot bind /etc/%s", ro[i]);
			continue;
		}
	}
	snprintf(buf, sizeof buf,
	         "root:x:0:0:root:/:/usr/sbin/nologin\n"
	         "box:x:%u:%u:sandbox:/box:/usr/sbin/nologin\n"
	         "nobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n",
	         (unsigned)k->uid, (unsigned)k->gid);
	if (write_new_file("/newroot/etc/passwd", buf, 0644) < 0)
		return -1;
	snprintf(buf, sizeof buf, "root:x:0:\nbox:x:%u:\nnogroup:x:65534:\n", (unsigned)k->gid);
	if (write_new_file("/newroot/etc/group", buf, 0644) < 0)
		return -1;
	return write_new_file("/newroot/etc/hostname", "box\n", 0644);
}

static int build_dev(void)
{
	static const char *const nodes[] = {"null", "zero", "full", "random", "urandom"};
	static const char *const links[][2] = {{"fd", "/proc/self/fd"},
	                                       {"stdin", "/proc/self/fd/0"},
	                                       {"stdout", "/proc/self/fd/1"},
	                                       {"stderr", "/proc/self/fd/2"}};
	char src[64], dst[64];

	if (mkdir("/newroot/dev", 0755) < 0)
		return -1;
	if (mount("tmpfs", "/newroot/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") <
	    0)
		return -1;
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
		int fd;

		snprintf(src, sizeof src, "/oldroot/dev/%s", nodes[i]);
		snprintf(dst, sizeof dst, "/newroot/dev/%s", nodes[i]);
		fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			return -1;
		close(fd);
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
			return -1;
		if (mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NOEXEC, NULL) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		snprintf(dst, sizeof dst, "/newroot/dev/%s", links[i][0]);
		if (symlink(links[i][1], dst) < 0)
			return -1;
	}
	return mkdir("/newroot/dev/shm", 01777) < 0 ? -1 : 0;
}

static int map_user(uid_t uid, gid_t gid)
{
	char buf[64];

	if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		return -1;
	snprintf(buf, sizeof buf, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (write_file("/proc/self/uid_map", buf) < 0)
		return -1;
	snprintf(buf, sizeof buf, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	return write_file("/proc/self/gid_map", buf);
}

/* Enters the namespaces and builds the root. On failure the keeper reports
 * the stage; the library then opens a box without namespaces. */
static int build_root(struct keeper *k, struct sbx_bind *binds, size_t nbinds, const char **stage)
{
	static const char *const top[] = {"bin", "sbin", "lib", "lib32", "lib64", "libx32"};
	char dst[PATH_MAX], src[PATH_MAX];
	int flags = CLONE_NEWNS | CLONE_NEWNET;

	*stage = "unshare";
	if (k->userns)
		flags |= CLONE_NEWUSER;
	if (unshare(flags) < 0)
		return -1;
	if (k->userns) {
		*stage = "user namespace mapping";
		if (map_user(k->outer_uid, k->gid) < 0)
			return -1;
	}
	*stage = "private mounts";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	/* As bubblewrap does: a scratch tmpfs becomes the root, the host tree
	 * moves to /oldroot, and the box is assembled in /newroot. */
	*stage = "scratch root";
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k") < 0)
		return -1;
	if (chdir("/tmp") < 0 || mkdir("newroot", 0755) < 0 || mkdir("oldroot", 0755) < 0)
		return -1;
	if (syscall(SYS_pivot_root, "/tmp", "/tmp/oldroot") < 0)
		return -1;
	if (chdir("/") < 0)
		return -1;
	*stage = "box root";
	if (mount("tmpfs", "/newroot", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") < 0)
		return -1;
	*stage = "bind /usr";
	if (bind_path("/oldroot/usr", "/newroot/usr", 0) < 0)
		return -1;
	*stage = "links to /usr";
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		if (link_or_bind(top[i]) < 0)
			return -1;
	*stage = "/etc";
	if (build_etc(k) < 0)
		return -1;
	*stage = "/dev";
	if (build_dev() < 0)
		return -1;
	*stage = "mount points";
	if (mkdir("/newroot/proc", 0555) < 0 || mkdir("/newroot/tmp", 01777) < 0 ||
	    mkdir("/newroot/box", 0755) < 0)
		return -1;
	if (k->userns) {
		/* In a user namespace the kernel lets the runs mount their own /proc
		 * only if a /proc is already fully visible here. Provide one: a
		 * child in a fresh PID namespace mounts it and exits, leaving a
		 * /proc of an empty namespace that each run covers with its own. */
		pid_t h;
		int hst;

		*stage = "user namespace /proc";
		h = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
		if (h == 0)
			_exit(mount("proc", "/newroot/proc", "proc",
			            MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0
			          ? 1
			          : 0);
		if (h < 0 || waitpid(h, &hst, 0) < 0 || !WIFEXITED(hst) || WEXITSTATUS(hst) != 0) {
			errno = EPERM;
			return -1;
		}
	}
	*stage = "bind work dir";
	if (sbx_pathf(src, sizeof src, "/oldroot%s", k->work_dir) < 0 ||
	    bind_path(src, "/newroot/box", 1) < 0)
		return -1;
	*stage = "extra binds";
	for (size_t i = 0; i < nbinds; i++) {
		if (sbx_pathf(src, sizeof src, "/oldroot%s", binds[i].host_path) < 0 ||
		    sbx_pathf(dst, sizeof dst, "/newroot%s", binds[i].box_path) < 0 ||
		    bind_path(src, dst, binds[i].writable) < 0)
			return -1;
	}
	*stage = "read-only root";
	if (mount(NULL, "/newroot", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
	          NULL) < 0)
		return -1;
	*stage = "pivot_root";
	if (chdir("/newroot") < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		return -1;
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return -1;
	return 0;
}

/*** Seccomp and Landlock helpers (raw system calls: the keeper is static) ***/

static int seccomp_load(const struct sock_fprog *prog, unsigned flags)
{
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
}

#define PROBE_SECCOMP 1
#define PROBE_NOTIFY  2
#define PROBE_OK      42

/* Tries one kernel feature in a child, so the keeper itself stays as it is. */
static int probe(int what)
{
	static struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {.len = 1, .filter = &allow};
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return 0;
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(2);
		if (what == PROBE_SECCOMP)
			_exit(seccomp_load(&prog, 0) < 0 ? 1 : PROBE_OK);
		_exit(seccomp_load(&prog, SECCOMP_FILTER_FLAG_NEW_LISTENER) < 0 ? 1 : PROBE_OK);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == PROBE_OK;
}

/* Landlock's UAPI, written out here: Debian 12's headers stop at ABI 2 and
 * the kernels judges run on go further (TCP rules in ABI 4, scopes in 6). */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

#define LL_CREATE_RULESET_VERSION 1u
#define LL_RULE_PATH_BENEATH      1
#define LL_FS_EXECUTE             (1ULL << 0)
#define LL_FS_WRITE_FILE          (1ULL << 1)
#define LL_FS_READ_FILE           (1ULL << 2)
#define LL_FS_READ_DIR            (1ULL << 3)
#define LL_FS_TRUNCATE            (1ULL << 14)
#define LL_FS_IOCTL_DEV           (1ULL << 15)
#define LL_NET_BIND_TCP           (1ULL << 0)
#define LL_NET_CONNECT_TCP        (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX    (1ULL << 0)
#define LL_SCOPE_SIGNAL           (1ULL << 1)
#define LL_FS_READ                (LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR)
#define LL_FS_FILE_RIGHTS                                                                          \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

static int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

	return v < 0 ? 0 : (int)v;
}

/* Every filesystem right the kernel's ABI knows. */
static uint64_t ll_fs_all(int abi)
{
	uint64_t all = (1ULL << 13) - 1; /* ABI 1: bits 0-12 */

	if (abi >= 2)
		all |= 1ULL << 13; /* refer */
	if (abi >= 3)
		all |= LL_FS_TRUNCATE;
	if (abi >= 5)
		all |= LL_FS_IOCTL_DEV;
	return all;
}

static void ll_allow(int ruleset, const char *path, uint64_t access)
{
	struct ll_path_beneath_attr pb = {.allowed_access = access};
	struct stat st;

	pb.parent_fd = open(path, O_PATH | O_CLOEXEC);
	if (pb.parent_fd < 0)
		return;
	/* Directory-only rights do not apply to files. */
	if (fstat(pb.parent_fd, &st) == 0 && !S_ISDIR(st.st_mode))
		pb.allowed_access &= LL_FS_FILE_RIGHTS;
	syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0);
	close(pb.parent_fd);
}

/* Without a mount namespace: the program may read the system directories,
 * write its work directory, and nothing else; no TCP (ABI 4); no signals or
 * abstract sockets outside its own domain (ABI 6). Returns a ruleset fd or -1. */
static int landlock_ruleset(const struct keeper *k)
{
	static const char *const ro[] = {"/usr",   "/bin",   "/sbin",   "/lib",
	                                 "/lib32", "/lib64", "/libx32", "/etc"};
	static const char *const dev[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
	                                  "/dev/urandom"};
	struct ll_ruleset_attr ra = {0};
	uint64_t all = ll_fs_all(k->landlock_abi);
	size_t size = sizeof ra.handled_access_fs;
	int fd;

	ra.handled_access_fs = all;
	if (k->landlock_abi >= 4) {
		ra.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (k->landlock_abi >= 6) {
		ra.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
		size = sizeof ra;
	}
	fd = (int)syscall(SYS_landlock_create_ruleset, &ra, size, 0);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
		ll_allow(fd, ro[i], LL_FS_READ);
	for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
		ll_allow(fd, dev[i], LL_FS_READ_FILE | LL_FS_WRITE_FILE);
	ll_allow(fd, "/proc/self", LL_FS_READ);
	ll_allow(fd, k->work_dir, all);
	return fd;
}

/*** One run ***/

/* argv[0] as the box sees it: a path, or a name looked up in PATH. */
static int resolve(struct run *r)
{
	const char *name = r->argv[0], *path = "/usr/local/bin:/usr/bin:/bin";

	if (strchr(name, '/')) {
		if (sbx_pathf(r->path, sizeof r->path, "%s%s%s", name[0] == '/' ? "" : r->cwd,
		              name[0] == '/' ? "" : "/", name) < 0)
			return -1;
		return access(r->path, F_OK) == 0 ? 0 : -1;
	}
	for (char **e = r->envp; *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	while (*path) {
		size_t n = strcspn(path, ":");

		if (sbx_pathf(r->path, sizeof r->path, "%.*s/%s", (int)n, path, name) == 0 &&
		    access(r->path, X_OK) == 0)
			return 0;
		path += n;
		if (*path == ':')
			path++;
	}
	errno = ENOENT;
	return -1;
}

/* The program child reports a failure to the init and ends. */
static void child_fail(int sync, const char *stage, int exec)
{
	struct child_msg m = {.ready = 0, .fd = -1, .err = errno, .exec = exec};
	ssize_t n;

	snprintf(m.stage, sizeof m.stage, "%s", stage);
	n = write(sync, &m, sizeof m);
	(void)n;
	_exit(127);
}

/* The program, PID 2, between fork and exec. It shares the init's file
 * table (CLONE_FILES), so the seccomp listener it creates is the init's too. */
static void program_main(const struct keeper *k, const struct run *r, int sync, int landlock_fd)
{
	struct child_msg m = {.ready = 1, .fd = -1};
	struct rlimit rl;
	int lfd;
#define RLIM(res, v)                                                                               \
	do {                                                                                       \
		rl.rlim_cur = rl.rlim_max = (v) ? (rlim_t)(v) : RLIM_INFINITY;                     \
		if (setrlimit(res, &rl) < 0)                                                       \
			child_fail(sync, "setrlimit " #res, 0);                                    \
	} while (0)

	RLIM(RLIMIT_CPU, r->cpu_s);
	RLIM(RLIMIT_AS, r->as_bytes);
	RLIM(RLIMIT_FSIZE, r->fsize);
	RLIM(RLIMIT_STACK, r->stack);
	RLIM(RLIMIT_NPROC, r->nproc);
	RLIM(RLIMIT_NOFILE, r->nofile);
#undef RLIM
	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		child_fail(sync, "setrlimit RLIMIT_CORE", 0);
	if (setsid() < 0)
		child_fail(sync, "setsid", 0);
	if (!k->userns && geteuid() == 0) {
		if (setgroups(0, NULL) < 0)
			child_fail(sync, "setgroups", 0);
		if (setresgid(k->gid, k->gid, k->gid) < 0)
			child_fail(sync, "setresgid", 0);
		if (setresuid(k->uid, k->uid, k->uid) < 0)
			child_fail(sync, "setresuid", 0);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(sync, "no_new_privs", 0);
	if (landlock_fd >= 0 && syscall(SYS_landlock_restrict_self, landlock_fd, 0) < 0)
		child_fail(sync, "landlock", 0);
	lfd =
	    seccomp_load(&k->filters[r->profile], k->notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
	if (lfd < 0)
		child_fail(sync, "seccomp", 0);
	m.fd = k->notify ? lfd : -1;
	if (write(sync, &m, sizeof m) != sizeof m)
		child_fail(sync, "sync", 0);
	/* Under the filter: for a submission this execve waits for the init's
	 * approval through the listener. */
	execve(r->path, r->argv, r->envp);
	child_fail(sync, "exec", 1);
}

/* Stacks of the init and of the program child, which share the keeper's
 * memory (CLONE_VM) until the program execs. One run at a time uses them. */
static char init_stack[256 * 1024] __attribute__((aligned(64)));
static char program_stack[64 * 1024] __attribute__((aligned(64)));

struct program_args {
	const struct keeper *k;
	const struct run *r;
	int sync, landlock_fd;
};

static int program_entry(void *arg)
{
	const struct program_args *a = arg;

	program_main(a->k, a->r, a->sync, a->landlock_fd);
	return 127;
}

/* Kill every process of the box but the init itself. */
static void kill_all(const struct keeper *k)
{
	pid_t pid;

	if (k->ns) {
		kill(-1, SIGKILL); /* inside our PID namespace: all but us */
		return;
	}
	/* No PID namespace: a helper with the box's uid kills what that uid owns,
	 * again and again until nothing is left (a fork bomb keeps forking while
	 * one kill(-1) walks the process list). */
	pid = fork();
	if (pid == 0) {
		if (setresgid(k->gid, k->gid, k->gid) < 0 || setresuid(k->uid, k->uid, k->uid) < 0)
			_exit(1);
		for (int i = 0; i < 1000 && kill(-1, SIGKILL) == 0; i++)
			;
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* After a run without a PID namespace: kill what is left of the box's uid
 * and reap it (the keeper is the subreaper), for up to a second. */
static void sweep(const struct keeper *k)
{
	for (int i = 0; i < 100; i++) {
		pid_t p;

		kill_all(k);
		while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (p < 0 && errno == ECHILD)
			return;
		usleep(10000);
	}
}

static void init_report(int fd, struct report *rep)
{
	ssize_t n = write(fd, rep, sizeof *rep);

	(void)n; /* nothing to do if the keeper is gone */
}

/* Answers one seccomp notification. The program's own exec (the first, from
 * PID 2, before anything of the program ran) is let through; anything else
 * is a violation. Returns 1 for a violation. */
static int handle_notification(int listener, pid_t prog, int *exec_done, struct report *rep)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof req);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return 0; /* the caller died meanwhile */
	if (!*exec_done && req.pid == (uint32_t)prog &&
	    (req.data.nr == SYS_execve || req.data.nr == SYS_execveat)) {
		memset(&resp, 0, sizeof resp);
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		*exec_done = 1;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		return 0;
	}
	rep->kind = SBX_END_SECCOMP;
	rep->code = req.data.nr;
	rep->arch = req.data.arch;
	/* The argument that decided it, for socket() and clone(). */
	snprintf(rep->message, sizeof rep->message, "%llu", (unsigned long long)req.data.args[0]);
	return 1;
}

/* PID 1 of the run. Never returns. */
static void init_main(const struct keeper *k, struct run *r, int report_fd)
{
	static struct program_args pa;
	struct report rep = {0};
	struct child_msg m;
	sigset_t mask;
	pid_t prog;
	int sfd, sync[2], landlock_fd = -1, listener = -1, exec_done = 0, violation = 0;
	int prog_done = 0, prog_status = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
#define INIT_FAIL(what)                                                                            \
	do {                                                                                       \
		rep.kind = SBX_END_SETUP;                                                          \
		rep.code = errno;                                                                  \
		snprintf(rep.message, sizeof rep.message, "%s: %s", what, strerror(errno));        \
		init_report(report_fd, &rep);                                                      \
		_exit(1);                                                                          \
	} while (0)

	for (size_t i = 0; i < k->ncg; i++)
		if (write(k->cg_fds[i], "0", 1) != 1)
			INIT_FAIL("join cgroup");
	if (r->cgroup_procs >= 0 && write(r->cgroup_procs, "0", 1) != 1)
		INIT_FAIL("join cgroup");
	if (k->ns) {
		char opt[64];

		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY,
		          NULL) < 0)
			INIT_FAIL("mount /proc");
		snprintf(opt, sizeof opt, "mode=1777,size=%llu", (unsigned long long)r->tmp_bytes);
		if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opt) < 0)
			INIT_FAIL("mount /tmp");
		if (sethostname("box", 3) < 0)
			INIT_FAIL("sethostname");
	} else {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		if (k->landlock_abi > 0) {
			landlock_fd = landlock_ruleset(k);
			if (landlock_fd < 0)
				INIT_FAIL("landlock ruleset");
		}
	}
	if (chdir(r->cwd) < 0)
		INIT_FAIL("chdir to the working directory");
	if (resolve(r) < 0) {
		rep.kind = SBX_END_EXEC;
		rep.code = errno;
		snprintf(rep.message, sizeof rep.message, "cannot execute %s: %s", r->argv[0],
		         strerror(errno));
		init_report(report_fd, &rep);
		_exit(1);
	}
	if (pipe2(sync, O_CLOEXEC) < 0)
		INIT_FAIL("pipe");
	/* The program's stdio on 0-2; everything else but what the init needs is
	 * closed, so the program inherits nothing. */
	for (int i = 0; i < 3; i++)
		if (dup2(r->stdio[i], i) < 0)
			INIT_FAIL("stdio");
	{
		int keep[] = {report_fd, sync[0], sync[1], landlock_fd};
		int top = 1000;

		for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
			if (keep[i] < 0)
				continue;
			if (dup3(keep[i], top, O_CLOEXEC) < 0)
				INIT_FAIL("descriptors");
			keep[i] = top++;
		}
		close_range(3, 999, 0);
		close_range((unsigned)top, ~0U, 0);
		report_fd = keep[0];
		sync[0] = keep[1];
		sync[1] = keep[2];
		landlock_fd = keep[3];
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		INIT_FAIL("signalfd");
	/* The program shares our memory (no page tables to copy: a fork costs
	 * milliseconds on some virtual machines) and our descriptors until it
	 * execs; it only makes system calls, on its own stack. */
	pa.k = k;
	pa.r = r;
	pa.sync = sync[1];
	pa.landlock_fd = landlock_fd;
	prog = clone(program_entry, program_stack + sizeof program_stack,
	             CLONE_VM | CLONE_FILES | SIGCHLD, &pa);
	if (prog < 0)
		INIT_FAIL("start the program");
	/* Until it execs, the child shares our descriptors: leave 0-2 to it. */
	if (read(sync[0], &m, sizeof m) != sizeof m || !m.ready) {
		waitpid(prog, NULL, 0);
		errno = m.err;
		if (m.exec)
			goto exec_failed;
		INIT_FAIL(m.stage);
	}
	listener = m.fd;
	if (landlock_fd >= 0)
		close(landlock_fd);

	for (;;) {
		struct pollfd pfd[3] = {{.fd = sfd, .events = POLLIN},
		                        {.fd = listener, .events = POLLIN},
		                        {.fd = sync[0], .events = POLLIN}};
		struct signalfd_siginfo si;
		pid_t p;
		int st;

		while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
			if (p == prog && !prog_done) {
				prog_done = 1;
				prog_status = st;
				kill_all(k);
			}
		}
		if (p < 0 && errno == ECHILD) {
			if (!k->ns)
				kill_all(k); /* orphans we could not adopt */
			break;
		}
		if (poll(pfd, 3, -1) < 0 && errno != EINTR)
			INIT_FAIL("poll");
		if (pfd[0].revents & POLLIN)
			while (read(sfd, &si, sizeof si) == sizeof si)
				;
		if (listener >= 0 && (pfd[1].revents & POLLIN) && !violation) {
			if (handle_notification(listener, prog, &exec_done, &rep)) {
				violation = 1;
				kill_all(k);
			}
		} else if (listener >= 0 && (pfd[1].revents & (POLLHUP | POLLERR))) {
			close(listener);
			listener = -1;
		}
		if (pfd[2].revents & POLLIN) {
			/* The exec itself failed (the child is ending). */
			if (read(sync[0], &m, sizeof m) == sizeof m && !m.ready && m.exec &&
			    !violation) {
				waitpid(prog, NULL, 0);
				errno = m.err;
				goto exec_failed;
			}
		}
	}
	if (!violation) {
		if (WIFSIGNALED(prog_status)) {
			rep.kind = SBX_END_SIGNALED;
			rep.code = WTERMSIG(prog_status);
		} else {
			rep.kind = SBX_END_EXITED;
			rep.code = WEXITSTATUS(prog_status);
		}
	}
	init_report(report_fd, &rep);
	_exit(0);
exec_failed:
	kill_all(k);
	rep.kind = SBX_END_EXEC;
	rep.code = errno;
	snprintf(rep.message, sizeof rep.message, "cannot execute %s: %s", r->argv[0],
	         strerror(errno));
	init_report(report_fd, &rep);
	_exit(1);
#undef INIT_FAIL
}

struct init_args {
	const struct keeper *k;
	struct run *r;
	int report, unused;
};

static int init_entry(void *arg)
{
	const struct init_args *a = arg;

	/* Our own descriptor table: close what is the keeper's. */
	close(a->unused);
	close(a->k->sock);
	init_main(a->k, a->r, a->report);
	return 1;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Reads a count and that many strings into out[] (NULL-terminated), copied
 * with their NULs into r->strings after *used bytes. */
static int read_strv(struct sbx_rbuf *rb, struct run *r, size_t *used, char **out, int need_one)
{
	uint32_t count = sbx_r_u32(rb);

	if (rb->failed || count > SBX_MAX_ARGS || (need_one && count == 0))
		return -1;
	for (uint32_t i = 0; i < count; i++) {
		size_t n;
		const char *s = sbx_r_bytes(rb, &n);

		if (rb->failed || memchr(s, 0, n) || sizeof r->strings - *used < n + 1)
			return -1;
		out[i] = memcpy(r->strings + *used, s, n);
		r->strings[*used + n] = 0;
		*used += n + 1;
	}
	out[count] = NULL;
	return 0;
}

/* Reads a RUN record into r. */
static int read_run(struct run *r, const unsigned char *buf, size_t len)
{
	struct sbx_rbuf rb;
	size_t used = 0;

	sbx_r_init(&rb, buf, len);
	(void)sbx_r_u32(&rb);
	r->profile = (enum sbx_profile)sbx_r_u32(&rb);
	r->cpu_s = sbx_r_u64(&rb);
	r->as_bytes = sbx_r_u64(&rb);
	r->fsize = sbx_r_u64(&rb);
	r->nofile = sbx_r_u64(&rb);
	r->nproc = sbx_r_u64(&rb);
	r->stack = sbx_r_u64(&rb);
	r->tmp_bytes = sbx_r_u64(&rb);
	sbx_r_str(&rb, r->cwd, sizeof r->cwd);
	if (rb.failed || r->profile >= SBX_PROFILE_COUNT || r->nofile == 0 ||
	    r->nofile > SBX_NOFILE_MAX || r->cwd[0] != '/')
		return -1;
	if (read_strv(&rb, r, &used, r->argv, 1) < 0 || read_strv(&rb, r, &used, r->envp, 0) < 0)
		return -1;
	return rb.failed ? -1 : 0;
}

/* Without a mount namespace /box is not there: paths under it are the host
 * work directory. */
static void translate_box_paths(const struct keeper *k, struct run *r, char *store, size_t cap)
{
	size_t used = 0;

	if (strcmp(r->cwd, "/box") == 0 || strncmp(r->cwd, "/box/", 5) == 0) {
		char tmp[PATH_MAX];

		if (sbx_pathf(tmp, sizeof tmp, "%s%s", k->work_dir, r->cwd + 4) == 0)
			memcpy(r->cwd, tmp, sizeof tmp);
	}
	for (char **a = r->argv; *a; a++) {
		size_t need;

		if (strncmp(*a, "/box/", 5) != 0)
			continue;
		need = strlen(k->work_dir) + strlen(*a + 4) + 1;
		if (cap - used < need)
			return;
		snprintf(store + used, need, "%s%s", k->work_dir, *a + 4);
		*a = store + used;
		used += need;
	}
	/* ... and environment values: TMPDIR=/box, HOME=/box. */
	for (char **e = r->envp; *e; e++) {
		char *eq = strchr(*e, '=');
		size_t need;

		if (!eq || (strcmp(eq + 1, "/box") != 0 && strncmp(eq + 1, "/box/", 5) != 0))
			continue;
		need = (size_t)(eq + 1 - *e) + strlen(k->work_dir) + strlen(eq + 5) + 1;
		if (cap - used < need)
			return;
		snprintf(store + used, need, "%.*s%s%s", (int)(eq + 1 - *e), *e, k->work_dir,
		         eq + 5);
		*e = store + used;
		used += need;
	}
}

static void send_result(int sock, const struct report *rep, const struct rusage *ru,
                        uint64_t wall_us)
{
	unsigned char buf[512];
	struct sbx_wbuf w;

	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_u32(&w, SBX_MSG_RESULT);
	sbx_w_u32(&w, (uint32_t)rep->kind);
	sbx_w_u32(&w, (uint32_t)rep->code);
	sbx_w_u32(&w, rep->arch);
	sbx_w_u64(&w, (uint64_t)ru->ru_utime.tv_sec * 1000000u + (uint64_t)ru->ru_utime.tv_usec);
	sbx_w_u64(&w, (uint64_t)ru->ru_stime.tv_sec * 1000000u + (uint64_t)ru->ru_stime.tv_usec);
	sbx_w_u64(&w, (uint64_t)ru->ru_maxrss);
	sbx_w_u64(&w, wall_us);
	sbx_w_str(&w, rep->message);
	sbx_send(sock, buf, w.len, NULL, 0);
}

static void do_run(struct keeper *k, struct run *r, const unsigned char *msg, size_t len,
                   const int *fds, size_t nfds)
{
	static char translated[8192];
	static struct init_args ia;
	int flags;
	struct report rep = {0};
	struct rusage ru = {0};
	unsigned char buf[64];
	struct sbx_wbuf w;
	int pidfd = -1, pipefd[2] = {-1, -1}, st;
	uint64_t t0;
	long pid;
	ssize_t n;

	if (nfds < 3 || read_run(r, msg, len) < 0) {
		rep.kind = SBX_END_SETUP;
		rep.code = EINVAL;
		snprintf(rep.message, sizeof rep.message, "malformed run request");
		send_result(k->sock, &rep, &ru, 0);
		return;
	}
	for (int i = 0; i < 3; i++)
		r->stdio[i] = fds[i];
	r->cgroup_procs = nfds > 3 ? fds[3] : -1;
	if (!k->ns)
		translate_box_paths(k, r, translated, sizeof translated);
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		rep.kind = SBX_END_SETUP;
		rep.code = errno;
		snprintf(rep.message, sizeof rep.message, "pipe: %s", strerror(errno));
		send_result(k->sock, &rep, &ru, 0);
		return;
	}
	flags = CLONE_VM | CLONE_PIDFD | SIGCHLD;
	if (k->ns)
		flags |= CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;
	ia.k = k;
	ia.r = r;
	ia.report = pipefd[1];
	ia.unused = pipefd[0];
	t0 = now_us();
	/* The init shares the keeper's memory too (CLONE_VM): the keeper only
	 * sends STARTED and waits while it runs. */
	pid = clone(init_entry, init_stack + sizeof init_stack, flags, &ia, &pidfd);
	close(pipefd[1]);
	if (pid < 0) {
		rep.kind = SBX_END_SETUP;
		rep.code = errno;
		snprintf(rep.message, sizeof rep.message, "clone: %s", strerror(errno));
		close(pipefd[0]);
		send_result(k->sock, &rep, &ru, 0);
		return;
	}
	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_u32(&w, SBX_MSG_STARTED);
	sbx_w_u32(&w, (uint32_t)pid);
	sbx_send(k->sock, buf, w.len, &pidfd, 1);
	close(pidfd);

	while (wait4((pid_t)pid, &st, 0, &ru) < 0 && errno == EINTR)
		;
	n = read(pipefd[0], &rep, sizeof rep);
	close(pipefd[0]);
	if (n != (ssize_t)sizeof rep) {
		/* The init died without a word: the library killed it (a limit), or
		 * it crashed. The library knows which. */
		memset(&rep, 0, sizeof rep);
		rep.kind = SBX_END_SIGNALED;
		rep.code = WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
		snprintf(rep.message, sizeof rep.message, "init ended with status %#x", st);
	}
	rep.message[sizeof rep.message - 1] = 0;
	if (!k->ns)
		sweep(k);
	send_result(k->sock, &rep, &ru, now_us() - t0);
}

/*** Setup ***/

static int do_setup(struct keeper *k, const unsigned char *msg, size_t len, const int *fds,
                    size_t nfds)
{
	static char bind_strings[MAX_BINDS][2][PATH_MAX];
	struct sbx_bind binds[MAX_BINDS];
	struct sbx_rbuf rb;
	unsigned char out[1024];
	struct sbx_wbuf w;
	const char *stage = "";
	uint32_t nbinds, ncg;

	sbx_r_init(&rb, msg, len);
	(void)sbx_r_u32(&rb);
	k->flags = sbx_r_u32(&rb);
	k->uid = sbx_r_u32(&rb);
	k->gid = sbx_r_u32(&rb);
	sbx_r_str(&rb, k->work_dir, sizeof k->work_dir);
	nbinds = sbx_r_u32(&rb);
	if (rb.failed || nbinds > MAX_BINDS || k->work_dir[0] != '/')
		return setup_fail(k, 0, "malformed setup request");
	for (uint32_t i = 0; i < nbinds; i++) {
		binds[i].host_path = sbx_r_str(&rb, bind_strings[i][0], PATH_MAX);
		binds[i].box_path = sbx_r_str(&rb, bind_strings[i][1], PATH_MAX);
		binds[i].writable = (int)sbx_r_u32(&rb);
		if (binds[i].host_path[0] != '/' || binds[i].box_path[0] != '/' ||
		    strstr(binds[i].box_path, ".."))
			rb.failed = 1;
	}
	ncg = sbx_r_u32(&rb);
	if (rb.failed || ncg > nfds)
		return setup_fail(k, 0, "malformed setup request");
	k->ncg = ncg;
	for (size_t i = 0; i < ncg; i++)
		k->cg_fds[i] = fds[i];

	k->outer_uid = geteuid();
	/* Probed before the root is built: /proc/self/exe is still reachable. */
	if (!probe(PROBE_SECCOMP))
		return setup_fail(k, 0, "seccomp filters cannot be loaded here");
	k->notify = probe(PROBE_NOTIFY);
	if (!k->notify)
		note(k, 0, "seccomp user notification unavailable: denied calls are not named");
	else
		k->notify = probe(PROBE_NOTIFY); /* again: a fluke would cost the names */
	if (!k->notify)
		note(k, 0,
		     "without notification a submission's exec cannot be counted: exec allowed");
	if (k->outer_uid != 0) {
		/* Not root: the programs run as ourselves, in a user namespace if we may. */
		k->uid = k->outer_uid;
		k->gid = getegid();
	}
	k->landlock_abi = (k->flags & SBX_SETUP_TRY_LANDLOCK) ? landlock_abi() : 0;
	k->ns = 0;
	if (k->flags & SBX_SETUP_TRY_NS) {
		k->userns = k->outer_uid != 0;
		if (build_root(k, binds, nbinds, &stage) == 0) {
			k->ns = 1;
			k->landlock_abi = 0; /* the mount namespace does its job */
		} else {
			/* A half-built namespace cannot be left: tell the library,
			 * which starts a new keeper without namespaces. */
			return setup_fail(k, errno, "namespaces unavailable (%s)", stage);
		}
	}
	if (!k->ns) {
		k->userns = 0;
		if (chdir(k->work_dir) < 0)
			return setup_fail(k, errno, "work directory %s", k->work_dir);
	}
	/* Without a PID namespace, orphans of a killed init come to us (not to
	 * the host's init), so that sweep() can reap them. */
	if (!k->ns)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	k->level = k->ns ? (k->userns ? SBX_LEVEL_USERNS : SBX_LEVEL_FULL)
	                 : (k->outer_uid == 0 ? SBX_LEVEL_NONS : SBX_LEVEL_MINIMAL);

	if (!k->ns && k->landlock_abi == 0 && (k->flags & SBX_SETUP_TRY_LANDLOCK))
		note(k, 0, "Landlock unavailable: file access relies on permissions");

	sbx_w_init(&w, out, sizeof out);
	sbx_w_u32(&w, SBX_MSG_READY);
	sbx_w_u32(&w, (uint32_t)k->level);
	sbx_w_u32(&w, k->ns ? 1u : 0u);
	sbx_w_u32(&w, (uint32_t)k->landlock_abi);
	sbx_w_u32(&w, (uint32_t)k->notify);
	sbx_w_u32(&w, (uint32_t)k->uid);
	sbx_w_u32(&w, (uint32_t)k->gid);
	sbx_w_str(&w, k->notes);
	return sbx_send(k->sock, out, w.len, NULL, 0);
}

/* FILTERS: one raw BPF program per profile, compiled by the library for
 * what READY said. */
static int do_filters(struct keeper *k, const unsigned char *msg, size_t len)
{
	static struct sock_filter insns[SBX_PROFILE_COUNT][4096];
	struct sbx_rbuf rb;

	sbx_r_init(&rb, msg, len);
	(void)sbx_r_u32(&rb);
	for (int p = 0; p < SBX_PROFILE_COUNT; p++) {
		size_t n;
		const void *b = sbx_r_bytes(&rb, &n);

		if (rb.failed || n == 0 || n % sizeof(struct sock_filter) || n > sizeof insns[p])
			return setup_fail(k, 0, "malformed filters");
		memcpy(insns[p], b, n);
		k->filters[p].filter = insns[p];
		k->filters[p].len = (unsigned short)(n / sizeof(struct sock_filter));
	}
	k->filters_ok = 1;
	return 0;
}

int main(void)
{
	static unsigned char msg[SBX_MSG_MAX];
	static struct keeper k;
	static struct run r;
	int setup_done = 0;

	k.sock = SBX_KEEPER_FD;
	/* The judge that started us is our reason to live. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int fds[SBX_MAX_FDS];
		size_t nfds = SBX_MAX_FDS, len = 0;
		uint32_t type;
		int rc = sbx_recv(k.sock, msg, sizeof msg, &len, fds, &nfds);

		if (rc == -ECONNRESET)
			return 0;
		if (rc < 0)
			return 1;
		memcpy(&type, msg, len >= sizeof type ? sizeof type : 0);
		if (len < sizeof type)
			type = 0;
		if (type == SBX_MSG_SETUP && !setup_done) {
			setup_done = 1;
			if (do_setup(&k, msg, len, fds, nfds) < 0)
				return 1;
			continue; /* the cgroup fds stay open: every init joins them */
		}
		if (type == SBX_MSG_FILTERS && setup_done && !k.filters_ok) {
			if (do_filters(&k, msg, len) < 0)
				return 1;
		} else if (type == SBX_MSG_RUN && k.filters_ok) {
			do_run(&k, &r, msg, len, fds, nfds);
		} else {
			send_error(k.sock, 0, "unexpected message");
		}
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
	}
}

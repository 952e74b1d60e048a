/* box.c -- the sandbox library: opening a box, running commands in it,
 * enforcing the time and output limits, and turning what the keeper reports
 * into a result.
 *
 * A run is one RUN request to the box's keeper (keeper.c). While it runs,
 * this side blocks in poll() on the keeper's socket, the program's stdout
 * and stderr pipes, and a timerfd. The timer is armed for the earlier of the
 * wall-clock deadline and the earliest moment the CPU limit could be reached:
 * (limit - used) / (CPUs the box may use). When it fires, the CPU time of
 * the whole tree is read (cgroup cpuacct/cpu.stat, else /proc) and the timer
 * re-armed, so a short run is never woken and a long one is checked a
 * handful of times, converging on the limit. No fixed tick. RLIMIT_CPU is set
 * only as a backstop one second past the limit.
 */
#include "sandbox/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SBX_KEEPER_INSTALL_PATH
#define SBX_KEEPER_INSTALL_PATH "/usr/local/libexec/judge/judge-sandbox-keeper"
#endif
#define KEEPER_NAME "judge-sandbox-keeper"

struct sbx_box {
	int sock;
	pid_t keeper;
	int devnull;
	int dead; /* the keeper is gone: every run is IE */
	char *work_dir;
	int own_work_dir;
	struct sbx_cgroup *cg;
	int ncpu;
	uint64_t tmp_bytes; /* size of each run's /tmp */
	unsigned char *msg; /* SBX_MSG_MAX bytes for RUN and its replies, reused by every run */
	struct sbx_isolation iso;
};

static const char *const status_names[SBX_STATUS_COUNT] = {"OK", "TLE", "MLE", "OLE",
                                                           "RE", "SV",  "IE"};
static const char *const profile_names[SBX_PROFILE_COUNT] = {"native", "python", "compiler"};
static const char *const level_names[] = {"full", "userns", "no-namespaces", "minimal"};

const char *sbx_status_name(enum sbx_status s)
{
	return (unsigned)s < SBX_STATUS_COUNT ? status_names[s] : "IE";
}

const char *sbx_profile_name(enum sbx_profile p)
{
	return (unsigned)p < SBX_PROFILE_COUNT ? profile_names[p] : "?";
}

int sbx_profile_parse(const char *name, enum sbx_profile *out)
{
	for (int i = 0; i < SBX_PROFILE_COUNT; i++) {
		if (strcmp(name, profile_names[i]) == 0) {
			*out = (enum sbx_profile)i;
			return 0;
		}
	}
	return -1;
}

const char *sbx_level_name(enum sbx_level l)
{
	return (unsigned)l <= SBX_LEVEL_MINIMAL ? level_names[l] : "?";
}

void sbx_box_config_init(struct sbx_box_config *c)
{
	memset(c, 0, sizeof *c);
	c->tmp_bytes = 64u << 20;
}

void sbx_run_config_init(struct sbx_run_config *c)
{
	memset(c, 0, sizeof *c);
	c->profile = SBX_PROFILE_NATIVE;
	c->stdin_fd = -1;
	c->stdout_fd = -1;
}

void sbx_result_free(struct sbx_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
	r->out_len = r->err_len = 0;
}

static void errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void add_note(struct sbx_isolation *iso, const char *msg)
{
	size_t len = strlen(iso->notes);

	if (!msg || !*msg)
		return;
	snprintf(iso->notes + len, sizeof iso->notes - len, "%s%s", len ? "; " : "", msg);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*** Opening ***/

static char *find_keeper(const char *configured)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof KEEPER_NAME];
	const char *env = getenv("JUDGE_SANDBOX_KEEPER");
	ssize_t n;

	if (configured)
		return strdup(configured);
	if (env && *env)
		return strdup(env);
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		char *slash;

		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(path, sizeof path, "%s/%s", self, KEEPER_NAME);
			if (access(path, X_OK) == 0)
				return strdup(path);
		}
	}
	return strdup(SBX_KEEPER_INSTALL_PATH);
}

static pid_t spawn_keeper(const char *path, int *sock, char *err, size_t errlen)
{
	int sv[2];
	pid_t pid;

	if (access(path, X_OK) < 0) {
		errf(err, errlen, "sandbox keeper %s: %s (build it, or set JUDGE_SANDBOX_KEEPER)",
		     path, strerror(errno));
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		errf(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		errf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls: the caller may have threads. */
		char *argv[] = {KEEPER_NAME, NULL}, *envp[] = {NULL};
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(sv[1], SBX_KEEPER_FD) < 0)
			_exit(126);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		syscall(SYS_close_range, SBX_KEEPER_FD + 1, ~0U, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execve(path, argv, envp);
		_exit(127);
	}
	close(sv[1]);
	*sock = sv[0];
	return pid;
}

static void reap_keeper(struct sbx_box *b)
{
	if (b->sock >= 0)
		close(b->sock);
	b->sock = -1;
	if (b->keeper > 0) {
		/* It exits when its socket closes; give it a moment, then insist. */
		for (int i = 0; i < 200; i++) {
			if (waitpid(b->keeper, NULL, WNOHANG) != 0)
				goto done;
			usleep(1000);
		}
		kill(b->keeper, SIGKILL);
		waitpid(b->keeper, NULL, 0);
	}
done:
	b->keeper = -1;
}

static int recv_msg(int sock, unsigned char *buf, size_t cap, size_t *len, int *fds, size_t *nfds,
                    uint32_t *type)
{
	int rc = sbx_recv(sock, buf, cap, len, fds, nfds);

	if (rc < 0)
		return rc;
	if (*len < sizeof *type)
		return -EPROTO;
	memcpy(type, buf, sizeof *type);
	return 0;
}

/* One SETUP/READY exchange with a fresh keeper. Returns 0, -1 for a hard
 * error, or 1 when the keeper refused namespaces (retry without). */
static int setup_keeper(struct sbx_box *b, const struct sbx_box_config *cfg, const char *keeper,
                        int try_ns, char *err, size_t errlen)
{
	static const size_t bufsize = 8192;
	unsigned char *buf = malloc(bufsize);
	struct sbx_wbuf w;
	struct sbx_rbuf r;
	int fds[SBX_MAX_FDS];
	size_t nfds = 0, len = 0, nbinds = 0;
	uint32_t type, flags = SBX_SETUP_TRY_LANDLOCK;
	char text[512];
	int rc = -1;

	if (!buf) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	b->keeper = spawn_keeper(keeper, &b->sock, err, errlen);
	if (b->keeper < 0)
		goto out;
	if (try_ns)
		flags |= SBX_SETUP_TRY_NS;
	if (cfg->no_landlock)
		flags &= ~SBX_SETUP_TRY_LANDLOCK;
	if (cfg->binds)
		while (nbinds < cfg->nbinds && cfg->binds[nbinds].host_path)
			nbinds++;
	sbx_w_init(&w, buf, bufsize);
	sbx_w_u32(&w, SBX_MSG_SETUP);
	sbx_w_u32(&w, flags);
	sbx_w_u32(&w, (uint32_t)b->iso.uid);
	sbx_w_u32(&w, (uint32_t)b->iso.gid);
	sbx_w_str(&w, b->work_dir);
	sbx_w_u32(&w, (uint32_t)nbinds);
	for (size_t i = 0; i < nbinds; i++) {
		sbx_w_str(&w, cfg->binds[i].host_path);
		sbx_w_str(&w, cfg->binds[i].box_path);
		sbx_w_u32(&w, cfg->binds[i].writable ? 1 : 0);
	}
	sbx_cgroup_fds(b->cg, fds, &nfds);
	sbx_w_u32(&w, (uint32_t)nfds);
	if (w.failed) {
		errf(err, errlen, "sandbox setup request too large");
		goto out;
	}
	rc = sbx_send(b->sock, buf, w.len, fds, nfds);
	if (rc < 0) {
		errf(err, errlen, "sandbox keeper: send: %s", strerror(-rc));
		rc = -1;
		goto out;
	}
	nfds = 0;
	rc = recv_msg(b->sock, buf, bufsize, &len, NULL, &nfds, &type);
	if (rc < 0) {
		errf(err, errlen, "sandbox keeper %s did not answer: %s", keeper, strerror(-rc));
		rc = -1;
		goto out;
	}
	sbx_r_init(&r, buf, len);
	(void)sbx_r_u32(&r);
	if (type == SBX_MSG_ERROR) {
		sbx_r_str(&r, text, sizeof text);
		if (try_ns && strncmp(text, "namespaces unavailable", 22) == 0) {
			add_note(&b->iso, text);
			rc = 1;
		} else {
			errf(err, errlen, "sandbox: %s", text);
			rc = -1;
		}
		goto out;
	}
	if (type != SBX_MSG_READY) {
		errf(err, errlen, "sandbox keeper: unexpected reply %u", type);
		rc = -1;
		goto out;
	}
	b->iso.level = (enum sbx_level)sbx_r_u32(&r);
	b->iso.namespaces =
	    sbx_r_u32(&r) ? SBX_NS_PID | SBX_NS_NET | SBX_NS_MNT | SBX_NS_IPC | SBX_NS_UTS : 0;
	if (b->iso.level == SBX_LEVEL_USERNS)
		b->iso.namespaces |= SBX_NS_USER;
	b->iso.landlock = (int)sbx_r_u32(&r);
	b->iso.seccomp_notify = (int)sbx_r_u32(&r);
	b->iso.seccomp = 1;
	b->iso.uid = sbx_r_u32(&r);
	b->iso.gid = sbx_r_u32(&r);
	sbx_r_str(&r, text, sizeof text);
	if (r.failed) {
		errf(err, errlen, "sandbox keeper: malformed READY");
		rc = -1;
		goto out;
	}
	add_note(&b->iso, text);
	rc = 0;
out:
	free(buf);
	return rc;
}

/* Compiles the three profiles for what the keeper found and sends them. */
static int send_filters(struct sbx_box *b, char *err, size_t errlen)
{
	struct sbx_bpf bpf[SBX_PROFILE_COUNT] = {0};
	unsigned opts = 0;
	unsigned char *buf = NULL;
	struct sbx_wbuf w;
	size_t total = 64;
	int rc = -1;

	if (b->iso.seccomp_notify)
		opts |= SBX_POLICY_NOTIFY;
	if (!(b->iso.namespaces & SBX_NS_NET))
		opts |= SBX_POLICY_STRICT;
	for (int p = 0; p < SBX_PROFILE_COUNT; p++) {
		if (sbx_policy_compile((enum sbx_profile)p, opts, &bpf[p], err, errlen) < 0)
			goto out;
		total += bpf[p].len + 8;
	}
	buf = malloc(total);
	if (!buf) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	sbx_w_init(&w, buf, total);
	sbx_w_u32(&w, SBX_MSG_FILTERS);
	for (int p = 0; p < SBX_PROFILE_COUNT; p++)
		sbx_w_bytes(&w, bpf[p].insns, bpf[p].len);
	rc = w.failed ? -EMSGSIZE : sbx_send(b->sock, buf, w.len, NULL, 0);
	if (rc < 0)
		errf(err, errlen, "sandbox keeper: sending filters: %s", strerror(-rc));
out:
	for (int p = 0; p < SBX_PROFILE_COUNT; p++)
		free(bpf[p].insns);
	free(buf);
	return rc < 0 ? -1 : 0;
}

static int make_work_dir(struct sbx_box *b, const struct sbx_box_config *cfg, char *err,
                         size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];

	if (cfg->work_dir) {
		char *real = realpath(cfg->work_dir, NULL);
		struct stat st;

		if (!real || stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
			errf(err, errlen, "work directory %s: %s", cfg->work_dir,
			     real ? "not a directory" : strerror(errno));
			free(real);
			return -1;
		}
		b->work_dir = real;
		return 0;
	}
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	if (snprintf(path, sizeof path, "%s/judge-box-XXXXXX", tmp) >= (int)sizeof path ||
	    !mkdtemp(path)) {
		errf(err, errlen, "cannot create a box directory in %s: %s", tmp, strerror(errno));
		return -1;
	}
	b->work_dir = realpath(path, NULL);
	if (!b->work_dir) {
		errf(err, errlen, "box directory %s: %s", path, strerror(errno));
		rmdir(path);
		return -1;
	}
	b->own_work_dir = 1;
	return 0;
}

static uid_t pick_uid(void)
{
	uint32_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint32_t)getpid() * 2654435761u;
	/* A uid of its own makes RLIMIT_NPROC and "kill every process of the
	 * box's uid" mean the box alone. */
	return (uid_t)(60000 + r % 30000);
}

int sbx_box_open(const struct sbx_box_config *cfg, struct sbx_box **out, char *err, size_t errlen)
{
	struct sbx_box *b = calloc(1, sizeof *b);
	char why[512] = "";
	char *keeper = NULL;
	cpu_set_t set;
	int rc;

	*out = NULL;
	if (!b) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	b->sock = -1;
	b->keeper = -1;
	b->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (b->devnull < 0) {
		errf(err, errlen, "/dev/null: %s", strerror(errno));
		goto fail;
	}
	if (make_work_dir(b, cfg, err, errlen) < 0)
		goto fail;
	b->tmp_bytes = cfg->tmp_bytes ? cfg->tmp_bytes : 64u << 20;
	b->msg = malloc(SBX_MSG_MAX);
	if (!b->msg) {
		errf(err, errlen, "out of memory");
		goto fail;
	}
	b->iso.uid = cfg->uid ? cfg->uid : pick_uid();
	b->iso.gid = cfg->gid ? cfg->gid : (gid_t)b->iso.uid;
	if (geteuid() == 0 && chown(b->work_dir, b->iso.uid, b->iso.gid) < 0) {
		errf(err, errlen, "chown %s: %s", b->work_dir, strerror(errno));
		goto fail;
	}
	chmod(b->work_dir, 0700);
	if (!cfg->no_cgroup && geteuid() == 0) {
		b->cg = sbx_cgroup_create(why, sizeof why);
		if (!b->cg)
			add_note(&b->iso, why);
	} else if (!cfg->no_cgroup) {
		add_note(&b->iso, "cgroups need root: memory by RLIMIT_AS and ru_maxrss");
	} else {
		add_note(&b->iso, "cgroups disabled by configuration");
	}
	b->iso.cgroup = sbx_cgroup_version(b->cg);
	keeper = find_keeper(cfg->keeper_path);
	if (!keeper) {
		errf(err, errlen, "out of memory");
		goto fail;
	}
	rc = setup_keeper(b, cfg, keeper, !cfg->no_namespaces, err, errlen);
	if (rc == 1) {
		/* Namespaces refused (a default container): a new keeper without. */
		reap_keeper(b);
		rc = setup_keeper(b, cfg, keeper, 0, err, errlen);
	}
	if (cfg->no_namespaces)
		add_note(&b->iso, "namespaces disabled by configuration");
	if (rc < 0 || rc == 1)
		goto fail;
	if (send_filters(b, err, errlen) < 0)
		goto fail;
	if (b->iso.level == SBX_LEVEL_MINIMAL && !b->cg)
		add_note(&b->iso,
		         "no uid of its own: process count limited by threads-only seccomp");
	b->ncpu = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
	if (b->ncpu < 1)
		b->ncpu = 1;
	if (cfg->warn && (b->iso.level != SBX_LEVEL_FULL || !b->cg || !b->iso.seccomp_notify)) {
		char msg[sizeof b->iso.notes + 96];

		snprintf(msg, sizeof msg, "sandbox: reduced isolation (%s, cgroup %s): %s",
		         sbx_level_name(b->iso.level),
		         b->cg ? (b->iso.cgroup == 2 ? "v2" : "v1") : "none", b->iso.notes);
		cfg->warn(cfg->warn_ctx, msg);
	}
	free(keeper);
	*out = b;
	return 0;
fail:
	free(keeper);
	sbx_box_close(b);
	return -1;
}

const char *sbx_box_dir(const struct sbx_box *box)
{
	return box->work_dir;
}

const struct sbx_isolation *sbx_box_isolation(const struct sbx_box *box)
{
	return &box->iso;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* Best effort: what cannot be removed stays, the walk goes on. */
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void sbx_box_close(struct sbx_box *box)
{
	if (!box)
		return;
	reap_keeper(box);
	sbx_cgroup_destroy(box->cg);
	if (box->own_work_dir && box->work_dir)
		nftw(box->work_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (box->devnull >= 0)
		close(box->devnull);
	free(box->work_dir);
	free(box->msg);
	free(box);
}

/*** Running ***/

struct sink {
	int fd;    /* pipe, or -1 once at EOF */
	int to_fd; /* -1: keep in memory */
	char *buf;
	size_t len, cap, keep; /* keep: bytes kept in memory at most */
	size_t total;
	int write_failed;
	char *tail; /* optional: the last tail_cap - 1 bytes, as a ring */
	size_t tail_cap, tail_pos;
};

/* Keeps the last bytes in a ring buffer. */
static void keep_tail(struct sink *s, const char *p, size_t n)
{
	size_t cap = s->tail_cap - 1;

	if (!s->tail || cap == 0)
		return;
	if (n > cap) {
		p += n - cap;
		n = cap;
	}
	for (size_t i = 0; i < n; i++)
		s->tail[(s->tail_pos + i) % cap] = p[i];
	s->tail_pos = (s->tail_pos + n) % cap;
}

/* Copies the ring out in order. */
static void tail_out(const struct sink *s, char *dst)
{
	size_t cap = s->tail_cap - 1, have = s->total < cap ? s->total : cap;
	size_t start = (s->tail_pos + cap - have) % cap;

	for (size_t i = 0; i < have; i++)
		dst[i] = s->tail[(start + i) % cap];
	dst[have] = 0;
}

/* Reads what is there. Returns the bytes read, 0 at EOF, -1 on error. */
static ssize_t drain(struct sink *s)
{
	char chunk[65536];
	ssize_t n = read(s->fd, chunk, sizeof chunk);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 1 : -1;
	if (n == 0)
		return 0;
	keep_tail(s, chunk, (size_t)n);
	s->total += (size_t)n;
	if (s->to_fd >= 0) {
		for (ssize_t off = 0; off < n && !s->write_failed;) {
			ssize_t w = write(s->to_fd, chunk + off, (size_t)(n - off));

			if (w < 0 && errno != EINTR)
				s->write_failed = 1;
			else if (w > 0)
				off += w;
		}
		return n;
	}
	if (s->len < s->keep) {
		size_t take = (size_t)n < s->keep - s->len ? (size_t)n : s->keep - s->len;

		if (s->len + take + 1 > s->cap) {
			size_t cap = s->cap ? s->cap : 4096;
			char *nb;

			while (cap < s->len + take + 1)
				cap *= 2;
			nb = realloc(s->buf, cap);
			if (!nb)
				return -1;
			s->buf = nb;
			s->cap = cap;
		}
		memcpy(s->buf + s->len, chunk, take);
		s->len += take;
		s->buf[s->len] = 0;
	}
	return n;
}

/* CPU time of a process and its descendants from /proc (no cgroup): its own
 * time, what it reaped, and recursively its live children. */
static uint64_t proc_tree_us(pid_t pid, int depth)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	long long cut = 0, cst = 0;
	uint64_t total = 0;
	static long tick; /* sysconf() is constant; caching it is harmless */
	DIR *d;
	int fd;
	ssize_t n;

	if (depth > 64)
		return 0;
	if (!tick)
		tick = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld",
	                 &ut, &st, &cut, &cst) != 4)
		return 0;
	total = (uint64_t)(ut + st + (unsigned long long)cut + (unsigned long long)cst) *
	        (1000000u / (uint64_t)tick);
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return total;
	for (struct dirent *e; (e = readdir(d));) {
		char cpath[96], list[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof cpath, "/proc/%d/task/%.16s/children", (int)pid, e->d_name);
		fd = open(cpath, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, list, sizeof list - 1);
		close(fd);
		if (n <= 0)
			continue;
		list[n] = 0;
		/* strtok_r: the recursion has lists of its own to walk. */
		for (char *save = NULL, *tok = strtok_r(list, " \n", &save); tok;
		     tok = strtok_r(NULL, " \n", &save))
			total += proc_tree_us((pid_t)atoi(tok), depth + 1);
	}
	closedir(d);
	return total;
}

static void set_timer(int tfd, uint64_t at_us)
{
	struct itimerspec its = {0};

	its.it_value.tv_sec = (time_t)(at_us / 1000000u);
	its.it_value.tv_nsec = (long)(at_us % 1000000u) * 1000;
	if (at_us == 0)
		its.it_value.tv_nsec = 1;
	timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void fail_run(struct sbx_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail_run(struct sbx_result *res, const char *fmt, ...)
{
	va_list ap;

	res->status = SBX_IE;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof res->message, fmt, ap);
	va_end(ap);
}

static const char *signame(int sig)
{
	static const char *const names[] = {
	    [SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT",
	    [SIGILL] = "SIGILL",   [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	    [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",   [SIGKILL] = "SIGKILL",
	    [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	    [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ", [SIGSYS] = "SIGSYS"};

	if (sig > 0 && (size_t)sig < sizeof names / sizeof names[0] && names[sig])
		return names[sig];
	return "signal";
}

static const char *family_name(unsigned long long f)
{
	switch (f) {
	case 1:
		return "AF_UNIX";
	case 2:
		return "AF_INET";
	case 10:
		return "AF_INET6";
	case 16:
		return "AF_NETLINK";
	case 17:
		return "AF_PACKET";
	case 40:
		return "AF_VSOCK";
	default:
		return NULL;
	}
}

/* Builds the RUN request. */
static int build_run(const struct sbx_box *b, const struct sbx_run_config *rc, unsigned char *buf,
                     size_t cap, size_t *len)
{
	static const char *const default_env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp",
	                                          "LANG=C.UTF-8", "TMPDIR=/tmp", NULL};
	const char *const *env = rc->env ? rc->env : default_env;
	struct sbx_wbuf w;
	uint32_t argc = 0, envc = 0;
	int no_cg = b->cg == NULL;
	long nofile = rc->nofile ? rc->nofile : 64;

	while (rc->argv[argc])
		argc++;
	while (env[envc])
		envc++;
	if (nofile > SBX_NOFILE_MAX)
		nofile = SBX_NOFILE_MAX;
	sbx_w_init(&w, buf, cap);
	sbx_w_u32(&w, SBX_MSG_RUN);
	sbx_w_u32(&w, (uint32_t)rc->profile);
	/* RLIMIT_CPU: a backstop one second past the limit; the timer rules. */
	sbx_w_u64(&w, rc->cpu_ms > 0 ? (uint64_t)(rc->cpu_ms + 999) / 1000 + 1 : 0);
	/* Without a memory cgroup the address space is the only hard limit: twice
	 * the memory limit (runtimes reserve more than they touch); the peak
	 * resident size decides MLE after the run. */
	sbx_w_u64(&w, no_cg && rc->memory_kb > 0 ? (uint64_t)rc->memory_kb * 2048 : 0);
	sbx_w_u64(&w, (uint64_t)(rc->fsize_kb > 0 ? rc->fsize_kb : 64 * 1024) * 1024);
	sbx_w_u64(&w, (uint64_t)nofile);
	/* RLIMIT_NPROC counts every process of the uid: only with a uid of our own. */
	sbx_w_u64(&w, b->iso.level == SBX_LEVEL_MINIMAL
	                  ? 0
	                  : (uint64_t)(rc->max_procs > 0 ? rc->max_procs : 64));
	sbx_w_u64(&w, (uint64_t)(rc->stack_kb > 0 ? rc->stack_kb : 64 * 1024) * 1024);
	sbx_w_u64(&w, b->tmp_bytes);
	sbx_w_str(&w, rc->cwd ? rc->cwd : "/box");
	sbx_w_u32(&w, argc);
	for (uint32_t i = 0; i < argc; i++)
		sbx_w_str(&w, rc->argv[i]);
	sbx_w_u32(&w, envc);
	for (uint32_t i = 0; i < envc; i++) {
		/* No private /tmp without a mount namespace (and Landlock refuses the
		 * host's): temporary files and HOME go to the work directory. */
		if (b->iso.level >= SBX_LEVEL_NONS && strcmp(env[i], "TMPDIR=/tmp") == 0)
			sbx_w_str(&w, "TMPDIR=/box");
		else if (b->iso.level >= SBX_LEVEL_NONS && strcmp(env[i], "HOME=/tmp") == 0)
			sbx_w_str(&w, "HOME=/box");
		else
			sbx_w_str(&w, env[i]);
	}
	*len = w.len;
	return w.failed ? -1 : 0;
}

struct run_state {
	uint64_t cpu_at_kill;   /* the tree's CPU time when we killed it */
	int killed;             /* we sent SIGKILL */
	enum sbx_status reason; /* why (TLE, OLE) */
	const char *reason_text;
	int got_result;
	uint32_t kind, arch;
	int32_t code;
	uint64_t utime, stime, maxrss_kb, keeper_wall;
	char text[256];
};

/* CPU time of the run's tree so far: the cgroup's counter, else /proc. */
static uint64_t tree_cpu_us(struct sbx_box *b, pid_t init_pid)
{
	int64_t used = b->cg ? sbx_cgroup_cpu_us(b->cg) : -1;

	if (used < 0 && init_pid > 0)
		used = (int64_t)proc_tree_us(init_pid, 0);
	return used > 0 ? (uint64_t)used : 0;
}

/* Kills the run's init, and with it the whole PID namespace. Before the
 * keeper has sent the init's pidfd, the kill happens when it arrives. The
 * CPU time is read first: a tree killed this way is not reaped by its init,
 * so wait4() will not carry it. */
static void kill_run(struct sbx_box *b, int pidfd, pid_t init_pid, struct run_state *st,
                     enum sbx_status why, const char *text)
{
	if (st->killed)
		return;
	st->cpu_at_kill = tree_cpu_us(b, init_pid);
	if (pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	st->killed = 1;
	st->reason = why;
	st->reason_text = text;
}

static int parse_result(struct run_state *st, const unsigned char *buf, size_t len)
{
	struct sbx_rbuf r;

	sbx_r_init(&r, buf, len);
	(void)sbx_r_u32(&r);
	st->kind = sbx_r_u32(&r);
	st->code = (int32_t)sbx_r_u32(&r);
	st->arch = sbx_r_u32(&r);
	st->utime = sbx_r_u64(&r);
	st->stime = sbx_r_u64(&r);
	st->maxrss_kb = sbx_r_u64(&r);
	st->keeper_wall = sbx_r_u64(&r);
	sbx_r_str(&r, st->text, sizeof st->text);
	return r.failed ? -1 : 0;
}

/* Turns what happened into a status and a message. */
static void classify(const struct sbx_box *b, const struct sbx_run_config *rc,
                     const struct run_state *st, int oom, struct sbx_result *res)
{
	uint64_t cpu_limit_us = rc->cpu_ms > 0 ? (uint64_t)rc->cpu_ms * 1000 : 0;
	int sig = st->kind == SBX_END_SIGNALED ? st->code : 0;
	char name[64];

	res->status = SBX_OK;
	if (st->kind == SBX_END_SETUP) {
		fail_run(res, "sandbox: %.200s", st->text);
		return;
	}
	if (st->killed) {
		res->status = st->reason;
		snprintf(res->message, sizeof res->message, "%s", st->reason_text);
		if (st->kind == SBX_END_SIGNALED)
			res->signal = sig;
		return;
	}
	if (st->kind == SBX_END_EXEC) {
		res->status = SBX_RE;
		res->exit_code = st->code == ENOENT ? 127 : 126;
		snprintf(res->message, sizeof res->message, "%.200s", st->text);
		return;
	}
	if (st->kind == SBX_END_SECCOMP) {
		unsigned long long arg0 = strtoull(st->text, NULL, 10);
		const char *fam;

		res->status = SBX_SV;
		res->sv_syscall = st->code;
		sbx_syscall_name(st->code, name, sizeof name);
		fam = strcmp(name, "socket") == 0 ? family_name(arg0) : NULL;
		if (fam)
			snprintf(res->message, sizeof res->message,
			         "forbidden system call: socket(%s)", fam);
		else
			snprintf(res->message, sizeof res->message, "forbidden system call: %s",
			         name);
		return;
	}
	if (st->kind == SBX_END_SIGNALED)
		res->signal = sig;
	else
		res->exit_code = st->code;
	if (oom) {
		res->status = SBX_MLE;
		snprintf(res->message, sizeof res->message, "memory limit exceeded (%ld MB)",
		         rc->memory_kb / 1024);
		return;
	}
	if (sig == SIGXCPU || (cpu_limit_us && res->cpu_us > cpu_limit_us)) {
		res->status = SBX_TLE;
		snprintf(res->message, sizeof res->message, "CPU time limit exceeded (%.2f s)",
		         rc->cpu_ms / 1000.0);
		return;
	}
	if (sig == SIGXFSZ) {
		res->status = SBX_OLE;
		snprintf(res->message, sizeof res->message, "file size limit exceeded (%ld KB)",
		         rc->fsize_kb > 0 ? rc->fsize_kb : 64 * 1024);
		return;
	}
	if (sig == SIGSYS) {
		res->status = SBX_SV;
		snprintf(res->message, sizeof res->message,
		         b->iso.seccomp_notify
		             ? "forbidden system call (non-native system call ABI)"
		             : "forbidden system call (killed by seccomp)");
		return;
	}
	if (!b->cg && rc->memory_kb > 0 &&
	    (res->memory_kb > rc->memory_kb ||
	     ((sig || res->exit_code) && res->memory_kb * 10 >= rc->memory_kb * 9))) {
		/* Without a cgroup nothing stops the program at the limit: past it,
		 * or a crash close to it (an allocation refused by RLIMIT_AS), is MLE. */
		res->status = SBX_MLE;
		snprintf(res->message, sizeof res->message, "memory limit exceeded (%ld MB)",
		         rc->memory_kb / 1024);
		return;
	}
	if (sig) {
		res->status = SBX_RE;
		snprintf(res->message, sizeof res->message, "killed by %s (%s)", signame(sig),
		         strsignal(sig));
	}
}

int sbx_box_run(struct sbx_box *b, const struct sbx_run_config *rc, struct sbx_result *res)
{
	unsigned char *buf = NULL;
	struct sink out = {.fd = -1, .to_fd = -1}, err = {.fd = -1, .to_fd = -1};
	struct run_state st = {0};
	char err_ring[sizeof res->err_tail];
	int outp[2] = {-1, -1}, errp[2] = {-1, -1}, tfd = -1, pidfd = -1, run_cg = -1;
	int fds[4], oom = 0;
	size_t len = 0, stdout_max = rc->stdout_max ? rc->stdout_max : (64u << 20);
	uint64_t t0, wall_limit_us, cpu_limit_us, next_cpu = 0, peak = 0;
	pid_t init_pid = 0;

	memset(res, 0, sizeof *res);
	res->sv_syscall = -1;
	if (!rc->argv || !rc->argv[0] || !rc->argv[0][0] ||
	    (unsigned)rc->profile >= SBX_PROFILE_COUNT) {
		snprintf(res->message, sizeof res->message,
		         "invalid run: empty command or bad profile");
		res->status = SBX_IE;
		return -1;
	}
	if (b->dead) {
		fail_run(res, "%s", "sandbox keeper is gone");
		return 0;
	}
	cpu_limit_us = rc->cpu_ms > 0 ? (uint64_t)rc->cpu_ms * 1000 : 0;
	wall_limit_us = rc->wall_ms > 0 ? (uint64_t)rc->wall_ms * 1000
	                                : (cpu_limit_us ? 2 * cpu_limit_us + 1000000 : 0);
	buf = b->msg;
	if (build_run(b, rc, buf, SBX_MSG_MAX, &len) < 0) {
		snprintf(res->message, sizeof res->message, "invalid run: command line too long");
		res->status = SBX_IE;
		return -1;
	}
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		fail_run(res, "pipe: %s", strerror(errno));
		goto out;
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0) {
		fail_run(res, "timerfd: %s", strerror(errno));
		goto out;
	}
	if (b->cg &&
	    sbx_cgroup_prepare(b->cg, (uint64_t)(rc->memory_kb > 0 ? rc->memory_kb : 0) * 1024,
	                       rc->max_procs > 0 ? rc->max_procs : 64, &run_cg) < 0) {
		fail_run(res, "cgroup: %s", strerror(errno));
		goto out;
	}
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	out.fd = outp[0];
	outp[0] = -1;
	out.to_fd = rc->stdout_fd;
	out.keep = stdout_max;
	err.fd = errp[0];
	errp[0] = -1;
	err.tail = err_ring;
	err.tail_cap = sizeof err_ring;
	err.keep = rc->stderr_max ? rc->stderr_max : 64 * 1024;
	fds[0] = rc->stdin_fd >= 0 ? rc->stdin_fd : b->devnull;
	fds[1] = outp[1];
	fds[2] = errp[1];
	fds[3] = run_cg;

	t0 = now_us();
	{
		int rc2 = sbx_send(b->sock, buf, len, fds, run_cg >= 0 ? 4 : 3);

		close(outp[1]);
		close(errp[1]);
		outp[1] = errp[1] = -1;
		if (rc2 < 0) {
			b->dead = 1;
			fail_run(res, "sandbox keeper: %s", strerror(-rc2));
			goto out;
		}
	}
	if (wall_limit_us || cpu_limit_us) {
		uint64_t first = wall_limit_us ? t0 + wall_limit_us : UINT64_MAX;

		if (cpu_limit_us) {
			next_cpu = t0 + cpu_limit_us / (uint64_t)b->ncpu;
			if (next_cpu < first)
				first = next_cpu;
		}
		set_timer(tfd, first);
	}

	while (!st.got_result || out.fd >= 0 || err.fd >= 0) {
		struct pollfd pfd[4] = {{.fd = st.got_result ? -1 : b->sock, .events = POLLIN},
		                        {.fd = out.fd, .events = POLLIN},
		                        {.fd = err.fd, .events = POLLIN},
		                        {.fd = tfd, .events = POLLIN}};

		if (poll(pfd, 4, st.got_result ? 2000 : -1) < 0) {
			if (errno == EINTR)
				continue;
			fail_run(res, "poll: %s", strerror(errno));
			kill_run(b, pidfd, init_pid, &st, SBX_IE, "internal error");
			break;
		}
		if (st.got_result && !(pfd[1].revents | pfd[2].revents)) {
			/* Everything is dead but someone still holds a pipe: stop waiting. */
			break;
		}
		if (pfd[1].revents) {
			ssize_t n = drain(&out);

			if (n <= 0) {
				close(out.fd);
				out.fd = -1;
			} else if (out.total > stdout_max) {
				kill_run(b, pidfd, init_pid, &st, SBX_OLE, "output limit exceeded");
			}
		}
		if (pfd[2].revents) {
			ssize_t n = drain(&err);

			if (n <= 0) {
				close(err.fd);
				err.fd = -1;
			} else if (err.total > stdout_max) {
				kill_run(b, pidfd, init_pid, &st, SBX_OLE,
				         "output limit exceeded (standard error)");
			}
		}
		if (pfd[0].revents) {
			int got[1];
			size_t ngot = 1;
			uint32_t type;
			int r = recv_msg(b->sock, buf, SBX_MSG_MAX, &len, got, &ngot, &type);

			if (r < 0) {
				b->dead = 1;
				kill_run(b, pidfd, init_pid, &st, SBX_IE, "sandbox keeper died");
				st.got_result = 1;
				st.kind = SBX_END_SETUP;
				snprintf(st.text, sizeof st.text, "keeper died (%s)", strerror(-r));
				continue;
			}
			if (type == SBX_MSG_STARTED && ngot == 1) {
				struct sbx_rbuf rb;

				pidfd = got[0];
				if (st.killed)
					syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
				sbx_r_init(&rb, buf, len);
				(void)sbx_r_u32(&rb);
				init_pid = (pid_t)sbx_r_u32(&rb);
			} else if (type == SBX_MSG_RESULT) {
				for (size_t i = 0; i < ngot; i++)
					close(got[i]);
				st.got_result = 1;
				if (parse_result(&st, buf, len) < 0) {
					st.kind = SBX_END_SETUP;
					snprintf(st.text, sizeof st.text, "malformed result");
				}
			} else {
				for (size_t i = 0; i < ngot; i++)
					close(got[i]);
			}
		}
		if (pfd[3].revents) {
			uint64_t ticks, now = now_us(), next = UINT64_MAX;

			if (read(tfd, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
				ticks = 0;
			if (wall_limit_us && now >= t0 + wall_limit_us) {
				kill_run(b, pidfd, init_pid, &st, SBX_TLE,
				         "wall time limit exceeded");
			} else if (cpu_limit_us && now >= next_cpu && !st.got_result) {
				int64_t used = b->cg ? sbx_cgroup_cpu_us(b->cg) : -1;

				if (used < 0 && init_pid > 0)
					used = (int64_t)proc_tree_us(init_pid, 0);
				if (used >= 0 && (uint64_t)used >= cpu_limit_us) {
					kill_run(b, pidfd, init_pid, &st, SBX_TLE,
					         "CPU time limit exceeded");
				} else {
					uint64_t left =
					    cpu_limit_us - (uint64_t)(used > 0 ? used : 0);
					uint64_t step = left / (uint64_t)b->ncpu;

					next_cpu = now + (step < 1000 ? 1000 : step);
				}
			}
			if (!st.killed) {
				if (wall_limit_us)
					next = t0 + wall_limit_us;
				if (cpu_limit_us && next_cpu < next)
					next = next_cpu;
				if (next != UINT64_MAX)
					set_timer(tfd, next);
			}
		}
	}
	res->wall_us = now_us() - t0;
	res->cpu_us = st.utime + st.stime;
	if (st.cpu_at_kill > res->cpu_us)
		res->cpu_us = st.cpu_at_kill;
	if (b->cg) {
		uint64_t cg = tree_cpu_us(b, 0);

		if (cg > res->cpu_us)
			res->cpu_us = cg;
		sbx_cgroup_finish(b->cg, &peak, &oom);
		run_cg = -1;
		/* Net of what earlier runs left charged, the cgroup's peak can
		 * undershoot when that was reclaimed meanwhile: the largest
		 * process's resident peak is a floor. */
		res->memory_kb = (long)(peak / 1024);
		if ((long)st.maxrss_kb > res->memory_kb)
			res->memory_kb = (long)st.maxrss_kb;
	} else {
		res->memory_kb = (long)st.maxrss_kb;
	}
	res->cpu_ms = (long)(res->cpu_us / 1000);
	res->wall_ms = (long)(res->wall_us / 1000);
	classify(b, rc, &st, oom, res);
	if (st.killed && st.reason == SBX_TLE && strncmp(st.reason_text, "CPU", 3) == 0 &&
	    res->cpu_us < cpu_limit_us) {
		/* Killed at the limit by our clock; report at least the limit. */
		res->cpu_us = cpu_limit_us;
		res->cpu_ms = rc->cpu_ms;
	}
	if (out.write_failed && res->status == SBX_OK)
		fail_run(res, "writing the program's output: %s", strerror(EIO));
	res->out = out.buf;
	res->out_len = out.len;
	res->err = err.buf;
	res->err_len = err.len;
	res->err_total = err.total;
	tail_out(&err, res->err_tail);
	out.buf = err.buf = NULL;
	if (rc->stdout_fd >= 0)
		res->out_len = 0;
	if (!res->out) {
		res->out = calloc(1, 1);
	}
	if (!res->err)
		res->err = calloc(1, 1);
out:
	if (b->cg && run_cg >= 0) {
		uint64_t ignored;

		sbx_cgroup_finish(b->cg, &ignored, &oom);
	}
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (out.fd >= 0)
		close(out.fd);
	if (err.fd >= 0)
		close(err.fd);
	if (tfd >= 0)
		close(tfd);
	if (pidfd >= 0)
		close(pidfd);
	free(out.buf);
	free(err.buf);
	return 0;
}

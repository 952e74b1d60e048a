/* cgroup.c -- memory, process count and CPU accounting of a box's runs
 * through control groups, v2 or v1.
 *
 * v2: each run gets a fresh group under a parent we may write (the judge's
 * own group, or $JUDGE_CGROUP_ROOT), created before the run and removed
 * after; the run's init joins it first thing. Limits:
 * memory.max, memory.swap.max = 0, pids.max. Measures: memory.peak,
 * memory.events (oom_kill), cpu.stat (usage_usec).
 *
 * v1 (this project's build machine): one group per box in each of the
 * memory, pids and cpuacct hierarchies, below the judge's own groups; each
 * init joins it by writing "0" to cgroup.procs files the keeper holds.
 * Counters are reset before every run; peak memory is reported net of what
 * was already charged (page cache left by earlier runs).
 */
#include "sandbox/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { V1_MEMORY, V1_PIDS, V1_CPUACCT, V1_COUNT };
static const char *const v1_names[V1_COUNT] = {"memory", "pids", "cpuacct"};

struct sbx_cgroup {
	int version;
	/* v1: the box's group in each hierarchy. v2: the parent of the runs. */
	char dir[V1_COUNT][PATH_MAX];
	char run_dir[PATH_MAX]; /* v2: the current run's group */
	int run_fd;             /* v2: its cgroup.procs, which the run's init joins */
	int procs_fd[V1_COUNT]; /* v1 */
	unsigned serial;
	char tag[40];
	uint64_t base_usage; /* v1: charged before the run */
	uint64_t oom_before;
	int memsw; /* v1: memory.memsw.* exists (swap accounting) */
	/* v1: the limits last written (0: none yet), so an unchanged limit
	 * costs nothing, and the counters read or reset on every run, kept open. */
	uint64_t cur_mem;
	long cur_procs;
	int fd_max_usage, fd_usage, fd_oom, fd_cpu;
};

/* Messages may be cut short; vsnprintf keeps the compiler from worrying. */
static void whyf(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void whyf(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static int open_in(const char *dir, const char *file, int flags)
{
	char path[PATH_MAX];

	if (sbx_pathf(path, sizeof path, "%s/%s", dir, file) < 0)
		return -1;
	return open(path, flags | O_CLOEXEC);
}

static int write_str(const char *dir, const char *file, const char *val)
{
	int fd = open_in(dir, file, O_WRONLY), rc = -1;
	size_t len = strlen(val);

	if (fd < 0)
		return -1;
	if (write(fd, val, len) == (ssize_t)len)
		rc = 0;
	close(fd);
	return rc;
}

static int write_u64(const char *dir, const char *file, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return write_str(dir, file, buf);
}

static int fd_put(int fd, const char *val)
{
	size_t len = strlen(val);

	return pwrite(fd, val, len, 0) == (ssize_t)len ? 0 : -1;
}

static int fd_text(int fd, char *buf, size_t cap)
{
	ssize_t n = pread(fd, buf, cap - 1, 0);

	if (n < 0)
		return -1;
	buf[n] = 0;
	return 0;
}

static int fd_u64(int fd, uint64_t *v)
{
	char buf[64], *end;

	if (fd_text(fd, buf, sizeof buf) < 0)
		return -1;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return errno || end == buf ? -1 : 0;
}

/* "key value" lines (memory.events, cpu.stat, memory.oom_control). */
static int fd_key(int fd, const char *key, uint64_t *v)
{
	char buf[2048];
	size_t klen = strlen(key);

	if (fd_text(fd, buf, sizeof buf) < 0)
		return -1;
	for (char *line = buf; line && *line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			*v = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
	}
	return -1;
}

/* The same, on a file opened for the one read. */
static int read_text(const char *dir, const char *file, char *buf, size_t cap)
{
	int fd = open_in(dir, file, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fd_text(fd, buf, cap);
	close(fd);
	return rc;
}

static int read_u64(const char *dir, const char *file, uint64_t *v)
{
	int fd = open_in(dir, file, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fd_u64(fd, v);
	close(fd);
	return rc;
}

static int read_key(const char *dir, const char *file, const char *key, uint64_t *v)
{
	int fd = open_in(dir, file, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fd_key(fd, key, v);
	close(fd);
	return rc;
}

/* Finds where a hierarchy is mounted: fstype "cgroup2", or a v1 "cgroup"
 * mount whose super options name the controller. */
static int find_mount(const char *controller, char *mnt, size_t cap)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		char *sep = strstr(line, " - "), *mp, *fstype, *opts;
		char *save = NULL;

		if (!sep)
			continue;
		/* fields: id parent maj:min root mountpoint ... - fstype source superopts */
		strtok_r(line, " ", &save);
		strtok_r(NULL, " ", &save);
		strtok_r(NULL, " ", &save);
		strtok_r(NULL, " ", &save);
		mp = strtok_r(NULL, " ", &save);
		save = NULL;
		fstype = strtok_r(sep + 3, " ", &save);
		strtok_r(NULL, " ", &save);
		opts = strtok_r(NULL, " \n", &save);
		if (!mp || !fstype)
			continue;
		if (!controller && strcmp(fstype, "cgroup2") == 0) {
			found = sbx_pathf(mnt, cap, "%s", mp);
		} else if (controller && strcmp(fstype, "cgroup") == 0 && opts) {
			char *o, *s2 = NULL;

			for (o = strtok_r(opts, ",", &s2); o; o = strtok_r(NULL, ",", &s2))
				if (strcmp(o, controller) == 0)
					found = sbx_pathf(mnt, cap, "%s", mp);
		}
	}
	fclose(f);
	return found;
}

/* Our own group in a hierarchy, from /proc/self/cgroup ("0::/x" for v2). */
static int own_group(const char *controller, char *path, size_t cap)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[4096];
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2)
			continue;
		*c2 = 0;
		line[strcspn(line, "\n")] = 0;
		c2[1 + strcspn(c2 + 1, "\n")] = 0;
		if (!controller) {
			if (c1 == line + 1 && line[0] == '0' && c1[1] == 0)
				found = sbx_pathf(path, cap, "%s", c2 + 1);
			continue;
		}
		char *s = NULL;
		for (char *o = strtok_r(c1 + 1, ",", &s); o; o = strtok_r(NULL, ",", &s))
			if (strcmp(o, controller) == 0)
				found = sbx_pathf(path, cap, "%s", c2 + 1);
	}
	fclose(f);
	return found;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ' || p[n] == '\n'))
			return 1;
	return 0;
}

static void make_tag(struct sbx_cgroup *cg)
{
	uint32_t r = 0;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint32_t)time(NULL);
	snprintf(cg->tag, sizeof cg->tag, "judge-box-%ld-%08x", (long)getpid(), r);
}

static struct sbx_cgroup *try_v2(char *why, size_t whylen)
{
	struct sbx_cgroup *cg;
	char mnt[PATH_MAX], own[PATH_MAX], parent[PATH_MAX], ctl[256];
	const char *root = getenv("JUDGE_CGROUP_ROOT");

	if (root && *root) {
		if (sbx_pathf(parent, sizeof parent, "%s", root) < 0)
			return NULL;
	} else {
		if (find_mount(NULL, mnt, sizeof mnt) < 0 || own_group(NULL, own, sizeof own) < 0) {
			whyf(why, whylen, "no cgroup v2 hierarchy");
			return NULL;
		}
		if (sbx_pathf(parent, sizeof parent, "%s%s", mnt, strcmp(own, "/") ? own : "") < 0)
			return NULL;
	}
	if (read_text(parent, "cgroup.controllers", ctl, sizeof ctl) < 0 ||
	    !has_word(ctl, "memory") || !has_word(ctl, "pids")) {
		whyf(why, whylen, "cgroup v2 at %s lacks the memory and pids controllers", parent);
		return NULL;
	}
	if (read_text(parent, "cgroup.subtree_control", ctl, sizeof ctl) < 0 ||
	    !has_word(ctl, "memory") || !has_word(ctl, "pids")) {
		if (write_str(parent, "cgroup.subtree_control", "+memory +pids") < 0) {
			whyf(why, whylen,
			     "cannot enable memory and pids below %s (%s); set JUDGE_CGROUP_ROOT "
			     "to a delegated cgroup",
			     parent, strerror(errno));
			return NULL;
		}
	}
	cg = calloc(1, sizeof *cg);
	if (!cg)
		return NULL;
	cg->version = 2;
	cg->run_fd = -1;
	cg->fd_max_usage = cg->fd_usage = cg->fd_oom = cg->fd_cpu = -1;
	for (int i = 0; i < V1_COUNT; i++)
		cg->procs_fd[i] = -1;
	memcpy(cg->dir[0], parent, sizeof parent);
	make_tag(cg);
	/* A test group proves we may create and remove groups here. */
	if (sbx_pathf(cg->run_dir, sizeof cg->run_dir, "%s/%s-probe", parent, cg->tag) < 0 ||
	    mkdir(cg->run_dir, 0755) < 0) {
		whyf(why, whylen, "cannot create a cgroup below %s: %s", parent, strerror(errno));
		free(cg);
		return NULL;
	}
	rmdir(cg->run_dir);
	cg->run_dir[0] = 0;
	return cg;
}

static struct sbx_cgroup *try_v1(char *why, size_t whylen)
{
	struct sbx_cgroup *cg = calloc(1, sizeof *cg);
	char mnt[PATH_MAX], own[PATH_MAX], path[PATH_MAX];

	if (!cg)
		return NULL;
	cg->version = 1;
	cg->run_fd = -1;
	cg->fd_max_usage = cg->fd_usage = cg->fd_oom = cg->fd_cpu = -1;
	for (int i = 0; i < V1_COUNT; i++)
		cg->procs_fd[i] = -1;
	make_tag(cg);
	for (int i = 0; i < V1_COUNT; i++) {
		if (find_mount(v1_names[i], mnt, sizeof mnt) < 0 ||
		    own_group(v1_names[i], own, sizeof own) < 0) {
			whyf(why, whylen, "no cgroup v1 %s hierarchy", v1_names[i]);
			goto fail;
		}
		if (sbx_pathf(cg->dir[i], sizeof cg->dir[i], "%s%s/%s", mnt,
		              strcmp(own, "/") ? own : "", cg->tag) < 0)
			goto fail;
		if (mkdir(cg->dir[i], 0755) < 0) {
			whyf(why, whylen, "cannot create %s: %s", cg->dir[i], strerror(errno));
			cg->dir[i][0] = 0;
			goto fail;
		}
		if (sbx_pathf(path, sizeof path, "%s/cgroup.procs", cg->dir[i]) < 0)
			goto fail;
		cg->procs_fd[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (cg->procs_fd[i] < 0) {
			whyf(why, whylen, "cannot open %s: %s", path, strerror(errno));
			goto fail;
		}
	}
	if (sbx_pathf(path, sizeof path, "%s/memory.memsw.limit_in_bytes", cg->dir[V1_MEMORY]) == 0)
		cg->memsw = access(path, F_OK) == 0;
	/* Do not let the OOM killer's victim linger: kill, do not pause. */
	write_str(cg->dir[V1_MEMORY], "memory.oom_control", "0");
	cg->fd_max_usage = open_in(cg->dir[V1_MEMORY], "memory.max_usage_in_bytes", O_RDWR);
	cg->fd_usage = open_in(cg->dir[V1_MEMORY], "memory.usage_in_bytes", O_RDONLY);
	cg->fd_oom = open_in(cg->dir[V1_MEMORY], "memory.oom_control", O_RDONLY);
	cg->fd_cpu = open_in(cg->dir[V1_CPUACCT], "cpuacct.usage", O_RDWR);
	if (cg->fd_max_usage < 0 || cg->fd_usage < 0 || cg->fd_oom < 0 || cg->fd_cpu < 0) {
		whyf(why, whylen, "cannot open the counters of %s: %s", cg->dir[V1_MEMORY],
		     strerror(errno));
		goto fail;
	}
	return cg;
fail:
	sbx_cgroup_destroy(cg);
	return NULL;
}

struct sbx_cgroup *sbx_cgroup_create(char *why, size_t whylen)
{
	char why2[256] = "";
	struct sbx_cgroup *cg = try_v2(why, whylen);

	if (cg)
		return cg;
	cg = try_v1(why2, sizeof why2);
	if (cg)
		return cg;
	/* Report both reasons: the host has one or the other. */
	size_t len = strlen(why);
	snprintf(why + len, whylen - len, "%s%s", len ? "; " : "", why2);
	return NULL;
}

int sbx_cgroup_version(const struct sbx_cgroup *cg)
{
	return cg ? cg->version : 0;
}

int sbx_cgroup_fds(struct sbx_cgroup *cg, int *fds, size_t *nfds)
{
	size_t n = 0;

	if (cg && cg->version == 1)
		for (int i = 0; i < V1_COUNT; i++)
			fds[n++] = cg->procs_fd[i];
	*nfds = n;
	return 0;
}

static int set_memory_v1(struct sbx_cgroup *cg, uint64_t bytes)
{
	const char *d = cg->dir[V1_MEMORY];

	if (!cg->memsw)
		return write_u64(d, "memory.limit_in_bytes", bytes);
	/* memsw must stay >= the memory limit: order the two writes. */
	if (write_u64(d, "memory.limit_in_bytes", bytes) == 0)
		return write_u64(d, "memory.memsw.limit_in_bytes", bytes);
	if (write_u64(d, "memory.memsw.limit_in_bytes", bytes) < 0)
		return -1;
	return write_u64(d, "memory.limit_in_bytes", bytes);
}

int sbx_cgroup_prepare(struct sbx_cgroup *cg, uint64_t memory_bytes, long max_procs, int *run_fd)
{
	/* "no limit" in the files' own words */
	uint64_t mem = memory_bytes ? memory_bytes : (uint64_t)INT64_MAX;

	*run_fd = -1;
	if (cg->version == 2) {
		char name[64];

		snprintf(name, sizeof name, "%s-%u", cg->tag, ++cg->serial);
		if (sbx_pathf(cg->run_dir, sizeof cg->run_dir, "%s/%s", cg->dir[0], name) < 0 ||
		    mkdir(cg->run_dir, 0755) < 0)
			return -1;
		if ((memory_bytes && write_u64(cg->run_dir, "memory.max", memory_bytes) < 0) ||
		    (max_procs > 0 && write_u64(cg->run_dir, "pids.max", (uint64_t)max_procs) < 0))
			return -1;
		write_str(cg->run_dir, "memory.swap.max", "0"); /* absent without swap accounting */
		cg->run_fd = open_in(cg->run_dir, "cgroup.procs", O_WRONLY);
		if (cg->run_fd < 0)
			return -1;
		*run_fd = cg->run_fd;
		return 0;
	}
	if (mem != cg->cur_mem) {
		if (set_memory_v1(cg, mem) < 0) {
			/* Lowering below what earlier runs left charged: reclaim, retry. */
			write_str(cg->dir[V1_MEMORY], "memory.force_empty", "0");
			if (set_memory_v1(cg, mem) < 0)
				return -1;
		}
		cg->cur_mem = mem;
	}
	if (max_procs != cg->cur_procs) {
		if (max_procs > 0) {
			if (write_u64(cg->dir[V1_PIDS], "pids.max", (uint64_t)max_procs) < 0)
				return -1;
		} else if (write_str(cg->dir[V1_PIDS], "pids.max", "max") < 0) {
			return -1;
		}
		cg->cur_procs = max_procs;
	}
	if (fd_put(cg->fd_max_usage, "0") < 0 || fd_put(cg->fd_cpu, "0") < 0)
		return -1;
	if (fd_u64(cg->fd_usage, &cg->base_usage) < 0)
		cg->base_usage = 0;
	if (fd_key(cg->fd_oom, "oom_kill", &cg->oom_before) < 0)
		cg->oom_before = 0;
	return 0;
}

int64_t sbx_cgroup_cpu_us(struct sbx_cgroup *cg)
{
	uint64_t v;

	if (cg->version == 2) {
		if (!cg->run_dir[0] || read_key(cg->run_dir, "cpu.stat", "usage_usec", &v) < 0)
			return -1;
		return (int64_t)v;
	}
	if (fd_u64(cg->fd_cpu, &v) < 0)
		return -1;
	return (int64_t)(v / 1000);
}

int sbx_cgroup_finish(struct sbx_cgroup *cg, uint64_t *peak_bytes, int *oom_killed)
{
	uint64_t peak = 0, oom = 0;
	int rc = 0;

	*peak_bytes = 0;
	*oom_killed = 0;
	if (cg->version == 2) {
		if (!cg->run_dir[0])
			return -1;
		if (read_u64(cg->run_dir, "memory.peak", &peak) < 0)
			rc = -1;
		if (read_key(cg->run_dir, "memory.events", "oom_kill", &oom) == 0 && oom > 0)
			*oom_killed = 1;
		*peak_bytes = peak;
		if (cg->run_fd >= 0)
			close(cg->run_fd);
		cg->run_fd = -1;
		/* The init is reaped, so the group is empty; retry briefly in case
		 * the kernel is still letting go of it. */
		for (int i = 0; i < 50 && rmdir(cg->run_dir) < 0 && errno == EBUSY; i++)
			usleep(1000);
		cg->run_dir[0] = 0;
		return rc;
	}
	if (fd_u64(cg->fd_max_usage, &peak) < 0)
		rc = -1;
	if (fd_key(cg->fd_oom, "oom_kill", &oom) == 0 && oom > cg->oom_before)
		*oom_killed = 1;
	*peak_bytes = peak > cg->base_usage ? peak - cg->base_usage : 0;
	return rc;
}

void sbx_cgroup_destroy(struct sbx_cgroup *cg)
{
	if (!cg)
		return;
	if (cg->run_fd >= 0)
		close(cg->run_fd);
	if (cg->run_dir[0])
		rmdir(cg->run_dir);
	{
		int fds[] = {cg->fd_max_usage, cg->fd_usage, cg->fd_oom, cg->fd_cpu};

		for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
			if (fds[i] >= 0)
				close(fds[i]);
	}
	for (int i = 0; i < V1_COUNT; i++) {
		if (cg->procs_fd[i] >= 0)
			close(cg->procs_fd[i]);
		if (cg->version == 1 && cg->dir[i][0])
			for (int t = 0; t < 100 && rmdir(cg->dir[i]) < 0 && errno == EBUSY; t++)
				usleep(1000);
	}
	free(cg);
}

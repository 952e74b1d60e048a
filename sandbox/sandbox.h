/* sandbox.h -- run commands under limits and isolation, and measure them.
 *
 * The one public header of the sandbox/ module. Usage:
 *
 *	struct sbx_box_config bc;
 *	sbx_box_config_init(&bc);                 // defaults; then set fields
 *	struct sbx_box *box;
 *	if (sbx_box_open(&bc, &box, err, sizeof err) < 0) ...
 *	struct sbx_run_config rc;
 *	sbx_run_config_init(&rc);
 *	rc.argv = argv; rc.cpu_ms = 1000; ...
 *	struct sbx_result res;
 *	sbx_box_run(box, &rc, &res);              // many times, cheaply
 *	sbx_result_free(&res);
 *	sbx_box_close(box);
 *
 * A box is set up once (network namespace, mount tree, compiled seccomp
 * filters, cgroup) and runs many commands, one at a time, each in fresh PID,
 * IPC, UTS and mount namespaces under a tiny init. See docs/sandbox.md for the
 * theory of operation, the threat model and the degradation levels.
 *
 * The library never exits and never prints. It keeps no global state: boxes
 * are independent, and different threads may use different boxes.
 */
#ifndef SANDBOX_SANDBOX_H
#define SANDBOX_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* How a run ended. */
enum sbx_status {
	SBX_OK = 0, /* ran to completion (any exit code) */
	SBX_TLE,    /* CPU or wall time limit */
	SBX_MLE,    /* memory limit */
	SBX_OLE,    /* output limit (stdout, stderr or file size) */
	SBX_RE,     /* killed by a signal, or could not be executed */
	SBX_SV,     /* a forbidden system call */
	SBX_IE,     /* the sandbox itself failed; never the program's fault */
	SBX_STATUS_COUNT
};

/* "OK", "TLE", ...; never NULL. */
const char *sbx_status_name(enum sbx_status s);

/* Seccomp profiles: which system calls a run may make (docs/sandbox.md). */
enum sbx_profile {
	SBX_PROFILE_NATIVE = 0, /* a compiled program: threads, no processes, no exec */
	SBX_PROFILE_PYTHON,     /* CPython + numpy: as native, a few more calls */
	SBX_PROFILE_COMPILER,   /* compilers and tools: processes and exec allowed */
	SBX_PROFILE_COUNT
};

/* Parses "native", "python", "compiler". Returns 0, or -1 if unknown. */
int sbx_profile_parse(const char *name, enum sbx_profile *out);
const char *sbx_profile_name(enum sbx_profile p);

/* Isolation levels, strongest first. */
enum sbx_level {
	SBX_LEVEL_FULL = 0, /* root: namespaces, unprivileged uid, cgroup or rlimits */
	SBX_LEVEL_USERNS,   /* not root: a user namespace with the caller's uid */
	SBX_LEVEL_NONS,     /* no namespaces (a default container): uid, landlock, rlimits */
	SBX_LEVEL_MINIMAL   /* neither root nor namespaces: rlimits, seccomp, landlock */
};

const char *sbx_level_name(enum sbx_level l);

/* Namespace bits for sbx_isolation.namespaces. */
#define SBX_NS_PID  0x01u
#define SBX_NS_NET  0x02u
#define SBX_NS_MNT  0x04u
#define SBX_NS_IPC  0x08u
#define SBX_NS_UTS  0x10u
#define SBX_NS_USER 0x20u

/* What a box could apply on this machine. */
struct sbx_isolation {
	enum sbx_level level;
	unsigned namespaces; /* SBX_NS_* bits */
	int cgroup;          /* 0 none, 1 v1, 2 v2 */
	int seccomp;         /* 1 filters load */
	int seccomp_notify;  /* 1 denied calls are named (user notification) */
	int landlock;        /* Landlock ABI version in use, 0 none */
	uid_t uid;           /* uid the programs run as (host view) */
	gid_t gid;
	char notes[768]; /* what was not available and why, "; "-separated */
};

/* A host path made visible inside the box. */
struct sbx_bind {
	const char *host_path; /* absolute */
	const char *box_path;  /* absolute path inside the box */
	int writable;
};

struct sbx_box_config {
	/* Host directory mounted read-write at /box; the box's working directory.
	 * NULL: the library creates a fresh private one and removes it on close. */
	const char *work_dir;
	/* Extra read-only (or writable) binds; NULL-terminated by a NULL host_path,
	 * or NULL for none. Borrowed until sbx_box_open() returns. */
	const struct sbx_bind *binds;
	size_t nbinds;
	/* The helper that keeps the box (judge-sandbox-keeper). NULL: look next to
	 * the running executable, then in the install prefix. */
	const char *keeper_path;
	uid_t uid; /* 0: pick one from the unprivileged range (60000-89999) */
	gid_t gid;
	/* Size of the private /tmp of each run, bytes (default 64 MiB). */
	uint64_t tmp_bytes;
	/* Testing and restricted hosts: pretend a feature is missing. */
	int no_namespaces;
	int no_cgroup;
	int no_landlock;
	/* Called once with a one-line warning when the box is weaker than full
	 * isolation (NULL: none). The CLI prints it on stderr. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

/* Fills defaults. */
void sbx_box_config_init(struct sbx_box_config *c);

struct sbx_run_config {
	const char *const *argv; /* argv[0] is looked up in PATH inside the box */
	const char *const *env;  /* NULL-terminated "K=V"; NULL: PATH, HOME, LANG */
	const char *cwd;         /* inside the box; NULL: "/box" */
	enum sbx_profile profile;
	long cpu_ms;       /* CPU time of the whole tree; 0: unlimited */
	long wall_ms;      /* 0: 2 * cpu_ms + 1000 (or unlimited with cpu_ms 0) */
	long memory_kb;    /* peak memory of the tree; 0: unlimited */
	long stack_kb;     /* RLIMIT_STACK; 0: 64 MiB */
	long max_procs;    /* processes + threads; 0: 64 */
	long fsize_kb;     /* largest file the run may write; 0: 64 MiB */
	long nofile;       /* RLIMIT_NOFILE; 0: 64 */
	size_t stdout_max; /* bytes; more is OLE; 0: 64 MiB */
	size_t
	    stderr_max; /* bytes kept of stderr (the rest is counted, then OLE past stdout_max) */
	int stdin_fd;   /* -1: /dev/null; borrowed */
	/* Where stdout goes: -1 captures it into sbx_result.out; otherwise the
	 * bytes are written to this fd (a file) as they arrive. Borrowed. */
	int stdout_fd;
};

void sbx_run_config_init(struct sbx_run_config *c);

struct sbx_result {
	enum sbx_status status;
	int exit_code; /* when the program exited */
	int signal;    /* when killed by a signal (0 otherwise) */
	long cpu_ms;   /* user + system of the whole tree */
	long wall_ms;
	long memory_kb;  /* peak memory of the tree */
	uint64_t cpu_us; /* the same, in microseconds */
	uint64_t wall_us;
	int sv_syscall;    /* SBX_SV: the denied system call number, else -1 */
	char message[256]; /* why: "forbidden system call socket(AF_INET)", ... */
	char *out;         /* captured stdout (NUL-terminated) when stdout_fd was -1 */
	size_t out_len;
	char *err; /* first stderr_max bytes of stderr (NUL-terminated) */
	size_t err_len;
	size_t err_total; /* bytes written to stderr in all */
	/* The last bytes of stderr (NUL-terminated): where a crash usually says why. */
	char err_tail[1024];
};

/* Frees out/err and resets them; safe on a zeroed or already-freed result. */
void sbx_result_free(struct sbx_result *r);

struct sbx_box;

/* Sets up a box. Probes the machine and degrades (never silently: see
 * sbx_box_isolation() and the warn callback) instead of failing where a
 * feature is missing; fails only when no safe level is possible.
 * Borrows cfg. Caller frees *out with sbx_box_close(). */
int sbx_box_open(const struct sbx_box_config *cfg, struct sbx_box **out, char *err, size_t errlen);

/* Runs one command and fills *res (caller frees with sbx_result_free()).
 * Returns 0 when *res describes the run (whatever its status, IE included),
 * -1 when the arguments are invalid (message in res->message). Borrows rc. */
int sbx_box_run(struct sbx_box *box, const struct sbx_run_config *rc, struct sbx_result *res);

/* Host path of the box's working directory (/box inside). Borrowed. */
const char *sbx_box_dir(const struct sbx_box *box);

/* What this box applies. Borrowed; valid until sbx_box_close(). */
const struct sbx_isolation *sbx_box_isolation(const struct sbx_box *box);

/* Ends the keeper, removes the cgroup and (when the library made it) the
 * work directory. NULL is fine. */
void sbx_box_close(struct sbx_box *box);

/* Writes the compiled seccomp filter of a profile in libseccomp's
 * pseudo-filter-code text to fd (for `judge box --dump-filter`). */
int sbx_policy_dump(enum sbx_profile p, int strict, int fd, char *err, size_t errlen);

/* Writes the name of a system call number on this architecture to buf
 * ("#N" if unknown, then returns -1). */
int sbx_syscall_name(int nr, char *buf, size_t len);

#endif /* SANDBOX_SANDBOX_H */

/* internal.h -- what the sandbox library and its keeper share: the wire
 * protocol over their socket, and the cgroup and policy helpers of the library.
 * Not a public header: only the sandbox module's own sources include it.
 *
 * Protocol (SOCK_SEQPACKET, one message per record, little-endian host order
 * since both ends are the same build):
 *
 *	library                         keeper
 *	SETUP + [cgroup fds] ->
 *	                                 <- READY (isolation achieved, notes)
 *	FILTERS (raw BPF per profile) ->
 *	RUN + [stdin, stdout, stderr, cgroup dir fd?] ->
 *	                                 <- STARTED (init pid) + [pidfd]
 *	                                 <- RESULT (how the program ended, rusage)
 *	... more RUNs ...
 *	(socket closed)                  keeper exits
 *
 * Each message starts with a u32 type; the rest is a sequence of u32, u64,
 * byte strings (u32 length + bytes) read back in the same order.
 */
#ifndef SANDBOX_INTERNAL_H
#define SANDBOX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"

#define SBX_MSG_MAX    (256 * 1024)
#define SBX_MAX_FDS    8
#define SBX_MAX_ARGS   4096
#define SBX_KEEPER_FD  3    /* the socket's number in the keeper */
#define SBX_NOFILE_MAX 4096 /* RLIMIT_NOFILE a run may ask for */

enum sbx_msg_type {
	SBX_MSG_SETUP = 1,
	SBX_MSG_READY,
	SBX_MSG_FILTERS,
	SBX_MSG_RUN,
	SBX_MSG_STARTED,
	SBX_MSG_RESULT,
	SBX_MSG_ERROR
};

/* SETUP flags */
#define SBX_SETUP_TRY_NS       0x01u /* try namespaces (else run without) */
#define SBX_SETUP_TRY_LANDLOCK 0x02u

/* How the keeper saw a run end (RESULT.kind). */
enum sbx_end {
	SBX_END_EXITED = 1, /* code = exit status */
	SBX_END_SIGNALED,   /* code = signal */
	SBX_END_SECCOMP,    /* a notification named a denied call: code = syscall nr */
	SBX_END_EXEC,       /* execve failed: code = errno (program's fault: not found...) */
	SBX_END_SETUP       /* the box failed before exec: code = errno, detail = stage */
};

/*** Message building and parsing (proto.c; used by both ends) ***/

struct sbx_wbuf {
	unsigned char *p;
	size_t len, cap;
	int failed; /* set when an append did not fit */
};

struct sbx_rbuf {
	const unsigned char *p;
	size_t len, off;
	int failed; /* set when a read ran past the end */
};

void sbx_w_init(struct sbx_wbuf *w, void *buf, size_t cap);
void sbx_w_u32(struct sbx_wbuf *w, uint32_t v);
void sbx_w_u64(struct sbx_wbuf *w, uint64_t v);
void sbx_w_bytes(struct sbx_wbuf *w, const void *p, size_t n);
void sbx_w_str(struct sbx_wbuf *w, const char *s); /* NULL is written as empty */

void sbx_r_init(struct sbx_rbuf *r, const void *buf, size_t len);
uint32_t sbx_r_u32(struct sbx_rbuf *r);
uint64_t sbx_r_u64(struct sbx_rbuf *r);
/* Returns a pointer into the buffer and its length (not NUL-terminated). */
const void *sbx_r_bytes(struct sbx_rbuf *r, size_t *n);
/* Copies a string into dst (NUL-terminated, truncated to cap); returns dst. */
char *sbx_r_str(struct sbx_rbuf *r, char *dst, size_t cap);

/* snprintf for paths: -1 with errno ENAMETOOLONG instead of a silently cut path. */
int sbx_pathf(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* sendmsg/recvmsg of one record with up to SBX_MAX_FDS descriptors.
 * Return 0, or -errno; recv returns -ECONNRESET on a closed socket. */
int sbx_send(int sock, const void *buf, size_t len, const int *fds, size_t nfds);
int sbx_recv(int sock, void *buf, size_t cap, size_t *len, int *fds, size_t *nfds);

/*** Seccomp policies (policy.c; library only) ***/

#define SBX_POLICY_NOTIFY 0x1u /* default action: user notification (else kill) */
#define SBX_POLICY_STRICT 0x2u /* no namespaces: no sockets, no System V IPC */

struct sbx_bpf {
	unsigned char *insns; /* struct sock_filter array; caller frees */
	size_t len;           /* bytes */
};

/* Compiles one profile to raw BPF. */
int sbx_policy_compile(enum sbx_profile p, unsigned opts, struct sbx_bpf *out, char *err,
                       size_t errlen);
/* One rule of the policy table, described for tests and docs. */
struct sbx_rule_info {
	const char *name;
	unsigned profiles;  /* bit set of 1u << enum sbx_profile */
	int with_ns;        /* applies to boxes with namespaces */
	int without_ns;     /* ... and to boxes without */
	int denied;         /* SV */
	char action[32];    /* "allow", "SV", "EPERM", ... */
	char condition[64]; /* "arg0 == AF_UNIX", "" */
	const char *reason;
};

/* Walks the rule table. Returns -1 past the end. */
int sbx_policy_rule(size_t i, struct sbx_rule_info *info);

/*** cgroups (cgroup.c; library only) ***/

struct sbx_cgroup;

/* Creates a cgroup for one box under the first usable hierarchy (v2, else
 * v1 with memory, pids and cpuacct). Returns NULL with a reason in why when
 * cgroups cannot be used here. */
struct sbx_cgroup *sbx_cgroup_create(char *why, size_t whylen);
int sbx_cgroup_version(const struct sbx_cgroup *cg);
/* Descriptors the keeper holds for the box's life: the v1 cgroup.procs files
 * (none for v2). Borrowed: they stay owned by cg. */
int sbx_cgroup_fds(struct sbx_cgroup *cg, int *fds, size_t *nfds);
/* Sets the limits and resets the counters before a run (memory_bytes 0 and
 * max_procs 0 mean no limit). On v2, *run_fd is the cgroup.procs file of the
 * run's own group, for its init to join (owned by cg), else -1. */
int sbx_cgroup_prepare(struct sbx_cgroup *cg, uint64_t memory_bytes, long max_procs, int *run_fd);
/* CPU time used by the group since prepare, in microseconds; -1 if unknown. */
int64_t sbx_cgroup_cpu_us(struct sbx_cgroup *cg);
/* After a run: peak memory in bytes since prepare (net of what was charged
 * before), and whether the OOM killer acted. */
int sbx_cgroup_finish(struct sbx_cgroup *cg, uint64_t *peak_bytes, int *oom_killed);
void sbx_cgroup_destroy(struct sbx_cgroup *cg);

#endif /* SANDBOX_INTERNAL_H */

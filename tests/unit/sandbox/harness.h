/* harness.h -- what the sandbox test programs share: opening boxes, putting
 * a test program into one, running it, and looking at the host afterwards. */
#ifndef SBX_TEST_HARNESS_H
#define SBX_TEST_HARNESS_H

#include <sys/types.h>

#include "sandbox/sandbox.h"

/* Opens a box (aborts the test on failure). */
struct sbx_box *h_open(int no_namespaces, int no_cgroup);
/* Copies progs/<name> into the box as ./<name> and runs it with args
 * (NULL-terminated, may be NULL). */
void h_run(struct sbx_box *b, const char *name, const char *const *args, struct sbx_run_config *rc,
           struct sbx_result *res);
/* A run config with small limits: 2 s CPU, 256 MB, given profile. */
void h_config(struct sbx_run_config *rc, enum sbx_profile p);
/* Number of live processes owned by uid (scans /proc). */
int h_procs_of(uid_t uid);
/* Waits up to ms for uid to own no process; returns how many are left. */
int h_wait_gone(uid_t uid, int ms);
/* 1 if root and namespaces can be created here. */
int h_can_namespace(void);
/* Path of a test program. */
const char *h_prog(const char *name);
/* Makes the programs and the keeper reachable by any user (userns tests). */
const char *h_public_copy(void);

#endif

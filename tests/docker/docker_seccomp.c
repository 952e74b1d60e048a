/* docker_seccomp.c -- runs a command under the namespace rules of Docker's
 * default seccomp profile, to reproduce a default container on the host.
 *
 * usage: docker-seccomp CMD [ARGS...]
 *
 * Docker's profile (moby profiles/seccomp/default.json) allows these calls
 * only to containers that were given CAP_SYS_ADMIN; a default container gets:
 *   unshare, setns, mount, umount2, pivot_root and the new mount API  EPERM
 *   clone with any CLONE_NEW* flag                                    EPERM
 *   clone3                                   ENOSYS (its flags are out of
 *                                  seccomp's reach; glibc falls back to clone)
 * Everything else is allowed here: the rest of Docker's profile does not
 * bear on the sandbox's degradation. As runc does, the filter is loaded
 * while CAP_SYS_ADMIN is still held, so no_new_privs is left unset; run this
 * before dropping the capabilities (capsh). Exit 125 if the filter cannot be
 * installed, 127 if CMD cannot be executed.
 */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

static const char *const eperm_calls[] = {
    "unshare",  "setns",   "mount",  "umount2",    "pivot_root", "fsopen",
    "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",  "mount_setattr",
};

/* The CLONE_NEW* flags Docker's profile masks out of clone's first
 * argument (0x7e020000). CLONE_NEWTIME only exists for clone3 and unshare. */
static const uint64_t ns_flags[] = {
    CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,    CLONE_NEWUSER,
    CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned nargs,
                const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);
	int rc;

	if (nr == __NR_SCMP_ERROR)
		return 0; /* unknown to this libseccomp: nothing to deny */
	rc = seccomp_rule_add_array(ctx, action, nr, nargs, cmp);
	if (rc < 0)
		fprintf(stderr, "docker-seccomp: rule for %s: %s\n", name, strerror(-rc));
	return rc;
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc = 0;

	if (argc < 2) {
		fputs("usage: docker-seccomp CMD [ARGS...]\n", stderr);
		return 125;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		fputs("docker-seccomp: seccomp_init failed\n", stderr);
		return 125;
	}
	/* As runc: loaded with CAP_SYS_ADMIN, without no_new_privs. Without the
	 * capability the kernel insists on no_new_privs: set it then. */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t i = 0; rc == 0 && i < sizeof eperm_calls / sizeof eperm_calls[0]; i++)
		rc = rule(ctx, SCMP_ACT_ERRNO(EPERM), eperm_calls[i], 0, NULL);
	for (size_t i = 0; rc == 0 && i < sizeof ns_flags / sizeof ns_flags[0]; i++) {
		struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]);
		rc = rule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, &cmp);
	}
	if (rc == 0)
		rc = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);
	if (rc == 0) {
		rc = seccomp_load(ctx);
		if (rc == -EACCES || rc == -EPERM) {
			seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
			rc = seccomp_load(ctx);
		}
		if (rc < 0)
			fprintf(stderr, "docker-seccomp: seccomp_load: %s\n", strerror(-rc));
	}
	seccomp_release(ctx);
	if (rc < 0)
		return 125;
	execvp(argv[1], argv + 1);
	fprintf(stderr, "docker-seccomp: %s: %s\n", argv[1], strerror(errno));
	return 127;
}

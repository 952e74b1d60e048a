/* syscalls NAME: makes one dangerous system call with harmless arguments. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *n = argc > 1 ? argv[1] : "";
	long r = -2;

	if (!strcmp(n, "bpf"))
		r = syscall(SYS_bpf, 0, NULL, 0);
	else if (!strcmp(n, "userfaultfd"))
		r = syscall(SYS_userfaultfd, 0);
	else if (!strcmp(n, "keyctl"))
		r = syscall(SYS_keyctl, 0, 0, 0, 0, 0);
	else if (!strcmp(n, "perf_event_open"))
		r = syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
	else if (!strcmp(n, "mount"))
		r = syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL);
	else if (!strcmp(n, "unshare"))
		r = syscall(SYS_unshare, CLONE_NEWUSER);
	else if (!strcmp(n, "setns"))
		r = syscall(SYS_setns, 0, 0);
	else if (!strcmp(n, "process_vm_readv"))
		r = syscall(SYS_process_vm_readv, 1, NULL, 0, NULL, 0, 0);
	else if (!strcmp(n, "open_by_handle_at"))
		r = syscall(SYS_open_by_handle_at, 0, NULL, 0);
	else if (!strcmp(n, "kexec_load"))
		r = syscall(SYS_kexec_load, 0, 0, NULL, 0);
	else if (!strcmp(n, "chroot"))
		r = syscall(SYS_chroot, "/tmp");
	printf("%s returned %ld\n", n, r);
	return 0;
}

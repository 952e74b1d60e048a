/* Tries to attach to its parent. */
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(void)
{
	if (ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) < 0) {
		perror("ptrace");
		return 1;
	}
	printf("attached\n");
	return 0;
}

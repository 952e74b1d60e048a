/* io_uring_setup: a second system-call interface. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char params[256];

	memset(params, 0, sizeof params);
	printf("%ld\n", syscall(SYS_io_uring_setup, 4, params));
	return 0;
}

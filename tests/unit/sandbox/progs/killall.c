/* Signals every process it may, then waits a little. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int rc = kill(-1, SIGKILL);

	printf("kill(-1) = %d\n", rc);
	fflush(stdout);
	usleep(100000);
	return 0;
}

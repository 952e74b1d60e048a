/* kill(-1, SIGKILL): every process it may signal. */
#include <signal.h>
#include <stdio.h>

int main(void)
{
	int rc = kill(-1, SIGKILL);

	printf("kill returned %d\n", rc);
	return 0;
}

/* Starts threads until it cannot, prints how many, exits. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

int main(void)
{
	int n = 0;
	pthread_t t;

	while (n < 100000 && pthread_create(&t, NULL, idle, NULL) == 0)
		n++;
	printf("%d\n", n);
	fflush(stdout);
	_exit(0);
}

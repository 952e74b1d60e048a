/* Sleeps forever: only the wall-clock limit ends it. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}

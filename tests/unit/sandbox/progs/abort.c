/* abort(): must read as SIGABRT, which needs the program not to be PID 1. */
#include <stdlib.h>

int main(void)
{
	abort();
}

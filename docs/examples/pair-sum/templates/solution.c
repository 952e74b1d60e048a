#include <stdio.h>

int main(void)
{
	/* read n, t and the numbers; print i j or -1 */
	return 0;
}

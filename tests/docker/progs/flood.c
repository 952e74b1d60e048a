/* Writes to standard output forever. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char line[65536];

	memset(line, 'y', sizeof line);
	for (;;)
		fwrite(line, 1, sizeof line, stdout);
}

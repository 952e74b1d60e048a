/* Tries to start a shell that writes a file. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	execl("/bin/sh", "sh", "-c", "echo pwned > pwned", (char *)NULL);
	perror("execl");
	return 1;
}

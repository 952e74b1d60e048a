/* Asks for an Internet socket: a forbidden system call in the box. */
#include <stdio.h>
#include <sys/socket.h>

int main(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);

	printf("socket returned %d\n", s);
	return 0;
}

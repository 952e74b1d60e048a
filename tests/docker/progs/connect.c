/* Connects to 127.0.0.1:PORT, PORT from the first argument or else from
 * standard input. Prints "connected" and exits 0 only when it connected. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in a = {0};
	int port, s;

	if (argc > 1)
		port = atoi(argv[1]);
	else if (scanf("%d", &port) != 1)
		return 2;
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		perror("socket");
		return 3;
	}
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("connect");
		return 4;
	}
	puts("connected");
	close(s);
	return 0;
}

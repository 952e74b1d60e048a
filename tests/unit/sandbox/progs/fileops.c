/* fileops r|w PATH...: tries each open; prints "PATH ok" or "PATH errno-name". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int wr = argc > 1 && argv[1][0] == 'w';

	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], wr ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644);

		if (fd >= 0) {
			if (wr && write(fd, "x\n", 2) != 2)
				printf("%s write-failed\n", argv[i]);
			else
				printf("%s ok\n", argv[i]);
			close(fd);
		} else {
			printf("%s %s\n", argv[i], strerror(errno));
		}
	}
	return 0;
}

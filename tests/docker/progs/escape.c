/* Reads two paths from standard input: a file to create and a file to read.
 * Prints one line per attempt: "wrote PATH" or "cannot write PATH: ...",
 * "read PATH" or "cannot read PATH: ...". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char wpath[4096], rpath[4096], buf[64];
	int fd;

	if (scanf("%4095s %4095s", wpath, rpath) != 2)
		return 2;
	fd = open(wpath, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd >= 0 && write(fd, "escaped\n", 8) == 8)
		printf("wrote %s\n", wpath);
	else
		printf("cannot write %s: %s\n", wpath, strerror(errno));
	if (fd >= 0)
		close(fd);
	fd = open(rpath, O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof buf) >= 0)
		printf("read %s\n", rpath);
	else
		printf("cannot read %s: %s\n", rpath, strerror(errno));
	return 0;
}

/* Prints the descriptors it inherited (those open besides its own listing). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int self;

	if (!d) {
		perror("/proc/self/fd");
		return 1;
	}
	self = dirfd(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != self)
			printf("%s ", e->d_name);
	printf("\n");
	closedir(d);
	return 0;
}

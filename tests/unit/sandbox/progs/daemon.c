/* Double-forks a daemon that records its pid (argv[1]) and outlives its parent. */
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t p = fork();

	if (p == 0) {
		setsid();
		if (fork() == 0) {
			FILE *f = fopen(argc > 1 ? argv[1] : "daemon.pid", "w");

			if (f) {
				/* Our pid as the host sees it is not ours to know: mark life
				 * instead. */
				fprintf(f, "alive\n");
				fclose(f);
			}
			for (int i = 0; i < 600; i++) {
				sleep(1);
				f = fopen(argc > 2 ? argv[2] : "daemon.late", "w");
				if (f)
					fclose(f);
			}
			_exit(0);
		}
		_exit(0);
	}
	usleep(200000); /* let the daemon write its mark */
	return 0;
}

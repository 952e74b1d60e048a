/* token.c -- the bearer token that guards verdict writes.
 *
 * Created once (32 bytes from getrandom, as 64 hex digits), kept in a 0600
 * file where `judge submit --post` and `judge worker` find it.
 */
#include "web/webint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKEN_MAX 256

int web_token_match(const char *given, size_t given_len, const char *secret, size_t secret_len)
{
	/* Every byte of the secret is visited whatever the input, so the time
	 * tells nothing about how much of a guess was right. */
	volatile unsigned char diff = (unsigned char)(given_len != secret_len);
	for (size_t i = 0; i < secret_len; i++) {
		unsigned char g = i < given_len ? (unsigned char)given[i] : 0;
		diff |= (unsigned char)(g ^ (unsigned char)secret[i]);
	}
	return diff == 0;
}

/* mkdir -p for the parent directories of path, mode 0700. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char buf[4096];

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		snprintf(err, errlen, "token path too long");
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "mkdir %s: %s", buf, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int read_token(const char *path, char **token, char *err, size_t errlen)
{
	char buf[TOKEN_MAX + 2];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n = -1;
	struct stat st;
	int ret = -1;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%s: readable by others (mode %03o); chmod 600 it", path,
		         (unsigned)(st.st_mode & 0777));
		goto out;
	}
	do
		n = read(fd, buf, sizeof buf - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0 || n > TOKEN_MAX) {
		snprintf(err, errlen, "%s: the token must be 1 to %d characters", path, TOKEN_MAX);
		goto out;
	}
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] <= ' ' || buf[i] > '~') {
			snprintf(err, errlen, "%s: the token has a non-printable character", path);
			goto out;
		}
	if (!(*token = strdup(buf))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

int web_token_load_or_create(const char *path, char **token, int *created, char *err, size_t errlen)
{
	char hex[65];
	int fd = -1, ret = -1;

	*token = NULL;
	*created = 0;
	if (access(path, F_OK) == 0)
		return read_token(path, token, err, errlen);
	if (make_parents(path, err, errlen))
		return -1;
	if (web_random_hex(hex, 32)) {
		snprintf(err, errlen, "getrandom: %s", strerror(errno));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST) /* another process created it just now */
			return read_token(path, token, err, errlen);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[66];
	memcpy(line, hex, 64);
	line[64] = '\n';
	if (write(fd, line, 65) != 65 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	if (!(*token = strdup(hex))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	*created = 1;
	ret = 0;
out:
	close(fd);
	return ret;
}

/* helpers.h -- small file-system helpers for the judge unit tests.
 *
 * Everything is static inline so that each test program takes what it uses.
 * Failures abort the test through Check's ck_assert, never silently.
 */
#ifndef JUDGE_TEST_HELPERS_H
#define JUDGE_TEST_HELPERS_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under $TMPDIR (or /tmp). Caller frees, and removes it
 * with rm_rf(). */
static inline char *tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	ck_assert_int_ge(asprintf(&path, "%s/judge-unit-XXXXXX", base), 0);
	ck_assert_ptr_nonnull(mkdtemp(path));
	return path;
}

static inline int rm_rf_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static inline void rm_rf(const char *path)
{
	nftw(path, rm_rf_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p for the directories leading to path (not path itself). */
static inline void mkdirs_for(const char *path)
{
	char buf[4096];

	ck_assert_uint_lt(strlen(path), sizeof buf);
	strcpy(buf, path);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert_msg(mkdir(buf, 0755) == 0 || errno == EEXIST, "mkdir %s", buf);
		*p = '/';
	}
}

static inline void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f;

	mkdirs_for(path);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

static inline void write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

/* "<a>/<b>" in a new string. Caller frees. */
static inline char *path2(const char *a, const char *b)
{
	char *r;

	ck_assert_int_ge(asprintf(&r, "%s/%s", a, b), 0);
	return r;
}

/* Copies a tree with cp -a (paths come from the build, never from input). */
static inline void copy_tree(const char *src, const char *dst)
{
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "cp -a '%s' '%s'", src, dst), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

#endif /* JUDGE_TEST_HELPERS_H */

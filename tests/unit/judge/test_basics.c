/* test_basics.c -- verdict names, whole-file reads, escaping, SHA-256. */
#include "judge/judge.h"
#include "judge/util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "helpers.h"

/*** Verdicts ***/

START_TEST(verdict_names_round_trip)
{
	static const char *const names[] = {"AC", "WA", "TLE", "MLE", "OLE",
	                                    "RE", "CE", "SV",  "IE"};
	enum judge_verdict v;

	ck_assert_int_eq(JUDGE_VERDICT_COUNT, 9);
	for (int i = 0; i < JUDGE_VERDICT_COUNT; i++) {
		ck_assert_str_eq(judge_verdict_name((enum judge_verdict)i), names[i]);
		ck_assert_int_eq(judge_verdict_parse(names[i], &v), 0);
		ck_assert_int_eq(v, i);
	}
}
END_TEST

START_TEST(verdict_out_of_range_is_ie)
{
	ck_assert_str_eq(judge_verdict_name(JUDGE_VERDICT_COUNT), "IE");
	ck_assert_str_eq(judge_verdict_name((enum judge_verdict) - 1), "IE");
	ck_assert_str_eq(judge_verdict_name((enum judge_verdict)1000), "IE");
}
END_TEST

START_TEST(verdict_parse_rejects)
{
	enum judge_verdict v = JUDGE_WA;

	ck_assert_int_eq(judge_verdict_parse("ac", &v), -1);
	ck_assert_int_eq(judge_verdict_parse("", &v), -1);
	ck_assert_int_eq(judge_verdict_parse("ACX", &v), -1);
	ck_assert_int_eq(judge_verdict_parse(" AC", &v), -1);
	ck_assert_int_eq(judge_verdict_parse("OK", &v), -1);
	ck_assert_int_eq(judge_verdict_parse(NULL, &v), -1);
	ck_assert_int_eq(v, JUDGE_WA);
}
END_TEST

/*** judge_read_file ***/

START_TEST(read_file_exact_bytes)
{
	static const char data[] = "a\0b\xff\n";
	char *dir = tmpdir_make(), *f = path2(dir, "x"), *buf, err[256];
	size_t len;

	write_bytes(f, data, sizeof data - 1);
	ck_assert_int_eq(judge_read_file(f, 5, &buf, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(buf, data, 5), 0);
	ck_assert_int_eq(buf[5], '\0');
	free(buf);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

START_TEST(read_file_over_limit)
{
	char *dir = tmpdir_make(), *f = path2(dir, "big"), *buf = (char *)1, err[256];
	size_t len = 7;

	write_text(f, "123456");
	ck_assert_int_eq(judge_read_file(f, 5, &buf, &len, err, sizeof err), -1);
	ck_assert_ptr_null(buf);
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_eq(strstr(err, f), err);
	ck_assert_ptr_nonnull(strstr(err, "larger than the limit of 5 bytes"));
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

START_TEST(read_file_empty)
{
	char *dir = tmpdir_make(), *f = path2(dir, "empty"), *buf, err[256];
	size_t len = 7;

	write_text(f, "");
	ck_assert_int_eq(judge_read_file(f, 0, &buf, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(buf[0], '\0');
	free(buf);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

START_TEST(read_file_errors_name_the_file)
{
	char *dir = tmpdir_make(), *f = path2(dir, "missing"), *buf, err[256];
	size_t len;

	ck_assert_int_eq(judge_read_file(f, 100, &buf, &len, err, sizeof err), -1);
	ck_assert_ptr_eq(strstr(err, f), err);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	ck_assert_int_eq(judge_read_file(dir, 100, &buf, &len, err, sizeof err), -1);
	ck_assert_ptr_eq(strstr(err, dir), err);
	ck_assert_ptr_nonnull(strstr(err, "is a directory"));
	/* A NULL err buffer is allowed. */
	ck_assert_int_eq(judge_read_file(f, 100, &buf, &len, NULL, 0), -1);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

/* Starts a child that writes n bytes of "0123456789..." into a pipe and
 * returns the path of the pipe's read end ("/dev/fd/N"; caller frees). */
static char *pipe_writer(size_t n, pid_t *pid, int *rfd)
{
	int fds[2];
	char *path;

	ck_assert_int_eq(pipe(fds), 0);
	*pid = fork();
	ck_assert_int_ge(*pid, 0);
	if (*pid == 0) {
		close(fds[0]);
		for (size_t i = 0; i < n; i += 10)
			if (write(fds[1], "0123456789", n - i < 10 ? n - i : 10) < 0)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	*rfd = fds[0];
	ck_assert_int_ge(asprintf(&path, "/dev/fd/%d", fds[0]), 0);
	return path;
}

/* A pipe has no size: the reader grows its buffer and still stops at max. */
START_TEST(read_file_pipe_stops_at_limit)
{
	char *f, *buf, err[256];
	size_t len;
	pid_t pid;
	int rfd;

	f = pipe_writer(100000, &pid, &rfd);
	ck_assert_int_eq(judge_read_file(f, 50000, &buf, &len, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger than the limit of 50000 bytes"));
	close(rfd);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	free(f);
}
END_TEST

START_TEST(read_file_pipe_small)
{
	char *f, *buf, err[256];
	size_t len;
	pid_t pid;
	int rfd;

	f = pipe_writer(100000, &pid, &rfd);
	ck_assert_int_eq(judge_read_file(f, 1 << 20, &buf, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 100000);
	ck_assert_int_eq(memcmp(buf + 99990, "0123456789", 10), 0);
	close(rfd);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	free(buf);
	free(f);
}
END_TEST

START_TEST(strv_free_accepts_null)
{
	char **v = calloc(3, sizeof *v);

	judge_strv_free(NULL);
	v[0] = strdup("a");
	v[1] = strdup("b");
	judge_strv_free(v); /* ASan reports a leak if this frees too little */
}
END_TEST

/*** Escaping ***/

START_TEST(escape_controls_and_quotes)
{
	char out[64];

	ck_assert_uint_eq(jutil_escape(out, sizeof out, "a\"b\\c\n\t\r\x01\x7f", 10), 10);
	ck_assert_str_eq(out, "a\\\"b\\\\c\\n\\t\\r\\x01\\x7f");
}
END_TEST

START_TEST(escape_utf8_passes_invalid_escaped)
{
	char out[64];

	/* é passes; a lone continuation byte, an overlong NUL, a surrogate,
	 * a C1 control and a bidi override are escaped. */
	jutil_escape(out, sizeof out, "\xc3\xa9\x80\xc0\x80\xed\xa0\x80", 8);
	ck_assert_str_eq(out, "\xc3\xa9\\x80\\xc0\\x80\\xed\\xa0\\x80");
	jutil_escape(out, sizeof out, "\xc2\x85\xe2\x80\xae", 5);
	ck_assert_str_eq(out, "\\xc2\\x85\\xe2\\x80\\xae");
	jutil_escape(out, sizeof out, "a\0b", 3);
	ck_assert_str_eq(out, "a\\x00b");
}
END_TEST

START_TEST(escape_truncates_on_unit_boundaries)
{
	char out[10];
	size_t shown;

	shown = jutil_escape(out, sizeof out, "abcdefghijklmnop", 16);
	ck_assert_str_eq(out, "abcdef...");
	ck_assert_uint_eq(shown, 6);
	/* Exactly fits: no dots. */
	ck_assert_uint_eq(jutil_escape(out, sizeof out, "abcdefghi", 9), 9);
	ck_assert_str_eq(out, "abcdefghi");
	/* Never half an escape: "\x01" needs 4 bytes. */
	jutil_escape(out, sizeof out, "abcde\x01zzzz", 10);
	ck_assert_str_eq(out, "abcde...");
	/* Never half a UTF-8 sequence. */
	jutil_escape(out, sizeof out, "abcde\xe2\x82\xac\xe2\x82\xac", 11);
	ck_assert_str_eq(out, "abcde...");
	jutil_escape(out, 1, "abc", 3);
	ck_assert_str_eq(out, "");
}
END_TEST

/*** SHA-256 ***/

static void sha_hex(const void *data, size_t n, char hex[65])
{
	struct judge_sha256 s;

	judge_sha256_init(&s);
	judge_sha256_update(&s, data, n);
	judge_sha256_final(&s, hex);
}

START_TEST(sha256_fips_vectors)
{
	char hex[65];
	struct judge_sha256 s;
	char block[1000];

	/* FIPS 180-2, appendix B.1, B.2, B.3. */
	sha_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(block, 'a', sizeof block);
	judge_sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		judge_sha256_update(&s, block, sizeof block);
	judge_sha256_final(&s, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	sha_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

/* Padding edges (55, 56, 63, 64 ... bytes); digests from Python's hashlib. */
START_TEST(sha256_padding_boundaries)
{
	static const struct {
		size_t n;
		const char *hex;
	} cases[] = {
	    {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},
	    {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},
	    {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
	    {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},
	    {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
	    {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
	    {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
	};
	unsigned char data[128];
	char hex[65];

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i % 251);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sha_hex(data, cases[i].n, hex);
		ck_assert_str_eq(hex, cases[i].hex);
	}
}
END_TEST

START_TEST(sha256_incremental_equals_one_shot)
{
	unsigned char data[300];
	char one[65], inc[65];

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + 3);
	for (size_t n = 0; n <= sizeof data; n += 13) {
		for (size_t step = 1; step <= 70; step += 23) {
			struct judge_sha256 s;

			sha_hex(data, n, one);
			judge_sha256_init(&s);
			for (size_t off = 0; off < n; off += step)
				judge_sha256_update(&s, data + off,
				                    n - off < step ? n - off : step);
			judge_sha256_final(&s, inc);
			ck_assert_str_eq(one, inc);
		}
	}
}
END_TEST

START_TEST(sha256_file)
{
	char *dir = tmpdir_make(), *f = path2(dir, "abc"), hex[65], err[256];

	write_text(f, "abc");
	ck_assert_int_eq(judge_sha256_file(f, hex, err, sizeof err), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(f);
	ck_assert_int_eq(judge_sha256_file(f, hex, err, sizeof err), -1);
	ck_assert_ptr_eq(strstr(err, f), err);
	rm_rf(dir);
	free(f);
	free(dir);
}
END_TEST

static Suite *basics_suite(void)
{
	Suite *s = suite_create("judge-basics");
	TCase *tc;

	tc = tcase_create("verdict");
	tcase_add_test(tc, verdict_names_round_trip);
	tcase_add_test(tc, verdict_out_of_range_is_ie);
	tcase_add_test(tc, verdict_parse_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("read_file");
	tcase_add_test(tc, read_file_exact_bytes);
	tcase_add_test(tc, read_file_over_limit);
	tcase_add_test(tc, read_file_empty);
	tcase_add_test(tc, read_file_errors_name_the_file);
	tcase_add_test(tc, read_file_pipe_stops_at_limit);
	tcase_add_test(tc, read_file_pipe_small);
	tcase_add_test(tc, strv_free_accepts_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("escape");
	tcase_add_test(tc, escape_controls_and_quotes);
	tcase_add_test(tc, escape_utf8_passes_invalid_escaped);
	tcase_add_test(tc, escape_truncates_on_unit_boundaries);
	suite_add_tcase(s, tc);

	tc = tcase_create("sha256");
	tcase_add_test(tc, sha256_fips_vectors);
	tcase_add_test(tc, sha256_padding_boundaries);
	tcase_add_test(tc, sha256_incremental_equals_one_shot);
	tcase_add_test(tc, sha256_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(basics_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

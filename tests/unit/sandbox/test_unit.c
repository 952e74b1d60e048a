/* test_unit.c -- sandbox pieces that need no privileges: the keeper
 * protocol's records, the policy table, names. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox/internal.h"

START_TEST(records_round_trip)
{
	unsigned char buf[256];
	struct sbx_wbuf w;
	struct sbx_rbuf r;
	char s[32];
	size_t n;
	const void *p;

	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_u32(&w, 7);
	sbx_w_u64(&w, 1ull << 40);
	sbx_w_str(&w, "box");
	sbx_w_bytes(&w, "\0\1\2", 3);
	sbx_w_str(&w, NULL);
	ck_assert_int_eq(w.failed, 0);
	sbx_r_init(&r, buf, w.len);
	ck_assert_uint_eq(sbx_r_u32(&r), 7);
	ck_assert(sbx_r_u64(&r) == 1ull << 40);
	ck_assert_str_eq(sbx_r_str(&r, s, sizeof s), "box");
	p = sbx_r_bytes(&r, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert(memcmp(p, "\0\1\2", 3) == 0);
	ck_assert_str_eq(sbx_r_str(&r, s, sizeof s), "");
	ck_assert_int_eq(r.failed, 0);
	ck_assert_uint_eq(r.off, w.len);
}
END_TEST

START_TEST(records_refuse_overflow_and_truncation)
{
	unsigned char buf[8];
	struct sbx_wbuf w;
	struct sbx_rbuf r;
	char s[4];

	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_str(&w, "too long for eight bytes");
	ck_assert_int_eq(w.failed, 1);

	/* A length field larger than the record. */
	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_u32(&w, 1000);
	sbx_r_init(&r, buf, w.len);
	sbx_r_str(&r, s, sizeof s);
	ck_assert_int_eq(r.failed, 1);
	/* Reading past the end sticks. */
	ck_assert_uint_eq(sbx_r_u32(&r), 0);
	ck_assert_int_eq(r.failed, 1);

	/* An embedded NUL or a string longer than the destination. */
	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_bytes(&w, "a\0b", 3);
	sbx_r_init(&r, buf, w.len);
	sbx_r_str(&r, s, sizeof s);
	ck_assert_int_eq(r.failed, 1);
	sbx_w_init(&w, buf, sizeof buf);
	sbx_w_str(&w, "abcd");
	sbx_r_init(&r, buf, w.len);
	sbx_r_str(&r, s, sizeof s);
	ck_assert_int_eq(r.failed, 1);
}
END_TEST

START_TEST(records_carry_descriptors)
{
	int sv[2], fds[4], got[4], p[2];
	size_t n = 4, len = 0;
	char buf[64], c;

	ck_assert(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	ck_assert(pipe(p) == 0);
	fds[0] = p[1];
	ck_assert_int_eq(sbx_send(sv[0], "hi", 2, fds, 1), 0);
	ck_assert_int_eq(sbx_recv(sv[1], buf, sizeof buf, &len, got, &n), 0);
	ck_assert_uint_eq(len, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert(write(got[0], "x", 1) == 1);
	ck_assert(read(p[0], &c, 1) == 1 && c == 'x');
	close(sv[0]);
	n = 4;
	ck_assert_int_eq(sbx_recv(sv[1], buf, sizeof buf, &len, got, &n), -ECONNRESET);
	close(sv[1]);
}
END_TEST

START_TEST(every_rule_compiles)
{
	char err[256];

	for (int p = 0; p < SBX_PROFILE_COUNT; p++) {
		for (unsigned opts = 0; opts < 4; opts++) {
			struct sbx_bpf bpf;

			ck_assert_msg(sbx_policy_compile((enum sbx_profile)p, opts, &bpf, err,
			                                 sizeof err) == 0,
			              "profile %d opts %u: %s", p, opts, err);
			ck_assert_uint_gt(bpf.len, 0);
			ck_assert_uint_eq(bpf.len % 8, 0);
			free(bpf.insns);
		}
	}
}
END_TEST

START_TEST(always_denied_calls_are_listed_with_reasons)
{
	static const char *const required[] = {
	    "io_uring_setup",  "bpf",           "userfaultfd",      "keyctl",
	    "perf_event_open", "ptrace",        "process_vm_readv", "process_vm_writev",
	    "mount",           "umount2",       "pivot_root",       "chroot",
	    "unshare",         "setns",         "kexec_load",       "init_module",
	    "finit_module",    "delete_module", "reboot",           NULL};

	for (int i = 0; required[i]; i++) {
		struct sbx_rule_info r;
		int found = 0;

		for (size_t k = 0; sbx_policy_rule(k, &r) == 0; k++) {
			if (strcmp(r.name, required[i]) != 0)
				continue;
			found = 1;
			ck_assert_msg(r.denied, "%s is not denied", r.name);
			ck_assert_str_eq(r.action, "SV");
			ck_assert_uint_eq(r.profiles, (1u << SBX_PROFILE_COUNT) - 1);
			ck_assert_msg(r.with_ns && r.without_ns, "%s: not in every mode", r.name);
			ck_assert_msg(r.reason && strlen(r.reason) > 10, "%s has no reason",
			              r.name);
		}
		ck_assert_msg(found, "%s is not in the policy table", required[i]);
	}
}
END_TEST

START_TEST(every_rule_has_a_reason_and_is_documented)
{
	struct sbx_rule_info r;
	char *doc = NULL;
	size_t k = 0, cap = 0, len = 0;
	FILE *f = fopen(SBX_TEST_DOC, "r");

	ck_assert_msg(f != NULL, "%s missing", SBX_TEST_DOC);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			doc = realloc(doc, cap);
			ck_assert(doc != NULL);
		}
		size_t n = fread(doc + len, 1, 4096, f);
		if (n == 0)
			break;
		len += n;
	}
	doc[len] = 0;
	fclose(f);
	for (; sbx_policy_rule(k, &r) == 0; k++) {
		char quoted[80];

		ck_assert_msg(r.reason && *r.reason, "rule %zu (%s) has no reason", k, r.name);
		/* docs/sandbox.md carries the table: it must not fall behind. */
		snprintf(quoted, sizeof quoted, "`%s`", r.name);
		ck_assert_msg(strstr(doc, quoted), "docs/sandbox.md does not list %s", r.name);
	}
	ck_assert_uint_gt(k, 150);
	free(doc);
}
END_TEST

START_TEST(names)
{
	enum sbx_profile p;
	char buf[32];

	ck_assert_str_eq(sbx_status_name(SBX_SV), "SV");
	ck_assert_str_eq(sbx_status_name((enum sbx_status)99), "IE");
	ck_assert_int_eq(sbx_profile_parse("python", &p), 0);
	ck_assert_int_eq(p, SBX_PROFILE_PYTHON);
	ck_assert_int_eq(sbx_profile_parse("java", &p), -1);
	ck_assert_int_eq(sbx_syscall_name(0, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "read");
	ck_assert_int_eq(sbx_syscall_name(-5, buf, sizeof buf), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sandbox-unit");
	TCase *tc = tcase_create("unit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, records_round_trip);
	tcase_add_test(tc, records_refuse_overflow_and_truncation);
	tcase_add_test(tc, records_carry_descriptors);
	tcase_add_test(tc, every_rule_compiles);
	tcase_add_test(tc, always_denied_calls_are_listed_with_reasons);
	tcase_add_test(tc, every_rule_has_a_reason_and_is_documented);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

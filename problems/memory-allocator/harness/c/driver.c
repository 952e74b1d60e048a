/*
 * driver.c - judge driver for the memory-allocator harness problem (C and C++).
 *
 * Theory of operation.  The whole trace is read from standard input and
 * validated before the candidate runs.  The arena is an anonymous mapping
 * between two PROT_NONE guard pages (right-aligned against the upper guard, so
 * an overrun past the end faults at once).  The trace is replayed against the
 * candidate's mm_init/mm_malloc/mm_free; every operation is checked:
 *   - a returned block lies in the arena, is 16-byte aligned and [p, p+n) fits;
 *   - it overlaps no live block (a 64-ary bitmap tree over the 16-byte granules
 *     gives predecessor/successor of block starts in O(log64 G));
 *   - its payload is filled with bytes derived from the request id right after
 *     mm_malloc and verified before the matching mm_free (and at the end);
 *   - a NULL is legal only when no gap of round_up_16(n) + 128 bytes outside
 *     every live payload exists past the first 4096 + size/64 bytes;
 *   - misuse operations must return -1 (mm_free(NULL) must return 0).
 * The same trace runs in lockstep (each operation on the candidate, then on
 * the reference) and with the same checks, so both see the same machine load
 * and comparable cache traffic, on an embedded reference allocator in its own
 * arena: an explicit free list, first fit, boundary tags.  Only the allocator
 * calls of `a` and `f` operations are timed (minus the clock's own cost);
 * throughput = reference time / candidate time.
 *
 * All of the driver's own memory comes from mmap, never from the arena or from
 * malloc (a submission may define its own malloc).  Whatever the candidate
 * prints to stdout goes to stderr: the report is written to a private copy of
 * the original stdout, one line:
 *   OK ops=<k> ... util=<U> thr=<T> ...
 *   FAIL op <k> (<op>): <reason>
 *   CRASH op <k> (<op>): <signal and note>       (then the process dies)
 *   BADTRACE line <k>: <reason>                  (the test itself is broken)
 *   INTERNAL <reason>                            (the driver itself failed)
 * The driver exits 0 after printing a report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

#define ARENA_MIN     (64u << 10)
#define ARENA_MAX     (64u << 20)
#define MAX_OPS       20000000u
#define NULL_SLACK    128u
#define RESERVED_BASE 4096u

enum op_kind { OP_A, OP_F, OP_XDOUBLE, OP_XINTERIOR, OP_XMISALIGNED, OP_XOUTSIDE, OP_XNULL };

static const char *const op_names[] = {
    "a", "f", "x double", "x interior", "x misaligned", "x outside", "x null"};

struct op {
	uint64_t n; /* OP_A only */
	uint32_t id;
	uint8_t kind;
};

struct trace {
	size_t arena_size;
	uint32_t nops;
	struct op *ops;
};

/* The allocator under test: the candidate's or the reference. */
struct api {
	int (*init)(void *, size_t);
	void *(*alloc)(size_t);
	int (*release)(void *);
	int misuse; /* run the misuse operations (the reference skips them) */
};

/* 64-ary bitmap tree: level 0 has one bit per granule. */
#define BT_LEVELS 6
struct bitree {
	uint64_t *lv[BT_LEVELS];
	uint64_t words[BT_LEVELS];
	int nlv;
};

enum id_state { ID_UNSEEN, ID_LIVE, ID_FREED, ID_NULL };

struct run {
	const struct api *api;
	unsigned char *map; /* guard + body + guard */
	size_t maplen;
	unsigned char *base; /* arena */
	size_t size;
	size_t slack;     /* writable bytes between the lower guard and the arena */
	uint64_t *id_off; /* arena offset of each id's block */
	uint64_t *id_n;   /* requested bytes of each id */
	uint8_t *id_state;
	uint32_t *owner; /* granule of a live block start -> id */
	struct bitree bt;
	uint64_t granules;
	/* statistics */
	uint64_t live_bytes, peak_live, high_end;
	uint32_t allocs, frees, misuse, skipped, nulls, outside_seen;
	uint64_t ns, timed_calls;
	/* cache of the largest gap; valid until the live set changes */
	int gap_valid;
	uint64_t gap_len, gap_off;
	/* failure */
	int failed;
	char msg[768];
};

static int report_fd = 1;
static long page_size = 4096;

/* ---- small helpers ------------------------------------------------------ */

static void *xmap(size_t len)
{
	void *p =
	    mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

/* Async-signal-safe formatting helpers (used by the crash handler too). */
static char *put_str(char *p, char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

static char *put_u64(char *p, char *end, uint64_t v)
{
	char tmp[24];
	int k = 0;
	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k > 0 && p < end)
		*p++ = tmp[--k];
	return p;
}

static char *put_op(char *p, char *end, const struct op *o)
{
	p = put_str(p, end, op_names[o->kind]);
	if (o->kind == OP_XOUTSIDE || o->kind == OP_XNULL)
		return p;
	p = put_str(p, end, " ");
	p = put_u64(p, end, o->id);
	if (o->kind == OP_A) {
		p = put_str(p, end, " ");
		p = put_u64(p, end, o->n);
	}
	return p;
}

static void report(const char *line)
{
	write_all(report_fd, line, strlen(line));
	write_all(report_fd, "\n", 1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- crash notes -------------------------------------------------------- */

static const struct op *volatile g_ops;
static volatile uint32_t g_cur_op;         /* index of the operation being replayed */
static volatile sig_atomic_t g_where;      /* 0 driver, 1 mm_init, 2 mm_malloc, 3 mm_free */
static volatile sig_atomic_t g_is_ref;     /* the reference allocator is running */
static unsigned char *volatile g_guard_lo; /* lower guard page */
static unsigned char *volatile g_guard_hi; /* upper guard page */
static unsigned char *volatile g_arena_lo, *volatile g_arena_hi;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	static const char *const where[] = {"in the driver", "in mm_init", "in mm_malloc",
	                                    "in mm_free"};
	char buf[512], *p = buf, *end = buf + sizeof(buf) - 2;
	uintptr_t a = (uintptr_t)si->si_addr;
	uintptr_t glo = (uintptr_t)g_guard_lo, ghi = (uintptr_t)g_guard_hi;
	const char *access = "access";

	(void)ucv;
#if defined(__x86_64__) && defined(REG_ERR)
	access = (((ucontext_t *)ucv)->uc_mcontext.gregs[REG_ERR] & 2) ? "write" : "read";
#endif
	p = put_str(p, end, "CRASH");
	if (g_ops) {
		p = put_str(p, end, " op ");
		p = put_u64(p, end, (uint64_t)g_cur_op + 1);
		p = put_str(p, end, " (");
		p = put_op(p, end, &g_ops[g_cur_op]);
		p = put_str(p, end, ")");
	}
	p = put_str(p, end, sig == SIGBUS ? ": SIGBUS " : ": SIGSEGV ");
	p = put_str(p, end, g_is_ref ? "in the reference allocator (judge bug)" : where[g_where]);
	if ((glo && a >= glo && a < glo + (uintptr_t)page_size) ||
	    (ghi && a >= ghi && a < ghi + (uintptr_t)page_size)) {
		uintptr_t lo = (uintptr_t)g_arena_lo, hi = (uintptr_t)g_arena_hi;
		p = put_str(p, end, ": ");
		p = put_str(p, end, access);
		p = put_str(p, end, " outside arena (arena offset ");
		if (a < lo) {
			p = put_str(p, end, "-");
			p = put_u64(p, end, (uint64_t)(lo - a));
		} else {
			p = put_u64(p, end, (uint64_t)(a - lo));
		}
		p = put_str(p, end, "; the arena is [0, ");
		p = put_u64(p, end, (uint64_t)(hi - lo));
		p = put_str(p, end, "))");
	} else if (a < 65536 || a > UINTPTR_MAX - 65536) {
		p = put_str(p, end, ": NULL-pointer ");
		p = put_str(p, end, access);
		p = put_str(p, end, a < 65536 ? " (address NULL + " : " (address NULL - ");
		p = put_u64(p, end, a < 65536 ? a : UINTPTR_MAX - a + 1);
		p = put_str(p, end, ")");
	} else {
		p = put_str(p, end, ": invalid ");
		p = put_str(p, end, access);
		p = put_str(p, end, " outside arena and guard pages");
	}
	*p++ = '\n';
	write_all(2, buf, (size_t)(p - buf));
	write_all(report_fd, buf, (size_t)(p - buf));
	/* SA_RESETHAND restored the default action: returning re-executes the
	 * faulting instruction and the process dies by the same signal (RE). */
}

static void install_fault_handler(void)
{
	static unsigned char altstack[64 * 1024];
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0};
	struct sigaction sa;

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* ---- trace reading and validation --------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct reader {
	const char *p, *end;
	uint32_t line;
	char err[200];
};

static int rd_eol(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r'))
		r->p++;
	if (r->p < r->end && *r->p != '\n')
		return -1;
	if (r->p < r->end)
		r->p++;
	r->line++;
	return 0;
}

static int rd_word(struct reader *r, const char **w, size_t *len)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
	*w = r->p;
	while (r->p < r->end && !is_blank(*r->p))
		r->p++;
	*len = (size_t)(r->p - *w);
	return *len ? 0 : -1;
}

static int rd_u64(struct reader *r, uint64_t *v)
{
	const char *w;
	size_t len, i;
	uint64_t x = 0;

	if (rd_word(r, &w, &len) || len > 20)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned d = (unsigned)(w[i] - '0');
		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(w, s, len) == 0;
}

/* Parses and validates the whole trace; returns 0 or -1 with r->err set. */
static int parse_trace(struct reader *r, struct trace *t)
{
	uint64_t size, nops, v;
	uint8_t *st = NULL; /* per id: 0 unseen, 1 live, 2 freed */
	uint64_t *n_of = NULL;
	uint32_t i;

	r->line = 1;
	if (rd_u64(r, &size) || rd_u64(r, &nops) || rd_eol(r)) {
		snprintf(r->err, sizeof(r->err), "header must be '<arena_size> <op_count>'");
		return -1;
	}
	if (size < ARENA_MIN || size > ARENA_MAX || size % 16) {
		snprintf(r->err, sizeof(r->err),
		         "arena size %llu not in [64 KiB, 64 MiB] or not a multiple of 16",
		         (unsigned long long)size);
		return -1;
	}
	if (nops > MAX_OPS) {
		snprintf(r->err, sizeof(r->err), "too many operations");
		return -1;
	}
	t->arena_size = (size_t)size;
	t->nops = (uint32_t)nops;
	t->ops = xmap(sizeof(struct op) * (size_t)nops);
	st = xmap((size_t)nops);
	n_of = xmap(sizeof(uint64_t) * (size_t)nops);
	if (!t->ops || !st || !n_of) {
		snprintf(r->err, sizeof(r->err), "out of memory for the trace");
		return -1;
	}
	for (i = 0; i < nops; i++) {
		struct op *o = &t->ops[i];
		const char *w;
		size_t len;

		if (rd_word(r, &w, &len))
			goto bad;
		if (word_is(w, len, "a") || word_is(w, len, "f")) {
			o->kind = *w == 'a' ? OP_A : OP_F;
		} else if (word_is(w, len, "x")) {
			if (rd_word(r, &w, &len))
				goto bad;
			if (word_is(w, len, "double"))
				o->kind = OP_XDOUBLE;
			else if (word_is(w, len, "interior"))
				o->kind = OP_XINTERIOR;
			else if (word_is(w, len, "misaligned"))
				o->kind = OP_XMISALIGNED;
			else if (word_is(w, len, "outside"))
				o->kind = OP_XOUTSIDE;
			else if (word_is(w, len, "null"))
				o->kind = OP_XNULL;
			else
				goto bad;
		} else {
			goto bad;
		}
		if (o->kind != OP_XOUTSIDE && o->kind != OP_XNULL) {
			if (rd_u64(r, &v) || v >= nops) {
				snprintf(r->err, sizeof(r->err),
				         "id missing or not below op_count");
				return -1;
			}
			o->id = (uint32_t)v;
		}
		if (o->kind == OP_A && rd_u64(r, &o->n))
			goto bad;
		if (rd_eol(r))
			goto bad;
		switch (o->kind) {
		case OP_A:
			if (st[o->id]) {
				snprintf(r->err, sizeof(r->err), "id %u allocated twice", o->id);
				return -1;
			}
			st[o->id] = 1;
			n_of[o->id] = o->n;
			break;
		case OP_F:
			if (st[o->id] != 1) {
				snprintf(r->err, sizeof(r->err), "f of id %u, which is not live",
				         o->id);
				return -1;
			}
			st[o->id] = 2;
			break;
		case OP_XDOUBLE:
			if (st[o->id] != 2) {
				snprintf(r->err, sizeof(r->err),
				         "x double of id %u, which was not freed", o->id);
				return -1;
			}
			break;
		case OP_XINTERIOR:
			if (st[o->id] != 1 || n_of[o->id] < 32) {
				snprintf(
				    r->err, sizeof(r->err),
				    "x interior needs a live block of at least 32 bytes (id %u)",
				    o->id);
				return -1;
			}
			break;
		case OP_XMISALIGNED:
			if (!st[o->id]) {
				snprintf(r->err, sizeof(r->err), "x misaligned of unknown id %u",
				         o->id);
				return -1;
			}
			break;
		default:
			break;
		}
	}
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n'))
		r->p++;
	if (r->p != r->end) {
		snprintf(r->err, sizeof(r->err), "more lines than op_count");
		return -1;
	}
	munmap(st, nops ? (size_t)nops : 1);
	munmap(n_of, sizeof(uint64_t) * (nops ? (size_t)nops : 1));
	return 0;
bad:
	snprintf(r->err, sizeof(r->err), "malformed operation (or fewer lines than op_count)");
	return -1;
}

static int read_stdin(char **buf, size_t *len)
{
	size_t cap = 1 << 20, used = 0;
	char *b = xmap(cap);

	if (!b)
		return -1;
	for (;;) {
		ssize_t got;
		if (used == cap) {
			char *nb = xmap(cap * 2);
			if (!nb)
				return -1;
			memcpy(nb, b, used);
			munmap(b, cap);
			b = nb;
			cap *= 2;
		}
		got = read(0, b + used, cap - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		used += (size_t)got;
	}
	*buf = b;
	*len = used;
	return 0;
}

/* ---- bitmap tree over granules ------------------------------------------ */

static int bt_init(struct bitree *bt, uint64_t nbits)
{
	int k = 0;

	memset(bt, 0, sizeof(*bt));
	do {
		uint64_t w = (nbits + 63) / 64;
		if (k == BT_LEVELS)
			return -1;
		bt->words[k] = w;
		bt->lv[k] = xmap(w * 8);
		if (!bt->lv[k])
			return -1;
		nbits = w;
		k++;
	} while (nbits > 1);
	bt->nlv = k;
	return 0;
}

static void bt_set(struct bitree *bt, uint64_t i)
{
	for (int k = 0; k < bt->nlv; k++) {
		uint64_t *w = &bt->lv[k][i >> 6];
		int was_empty = *w == 0;
		*w |= 1ull << (i & 63);
		if (!was_empty)
			return;
		i >>= 6;
	}
}

static void bt_clear(struct bitree *bt, uint64_t i)
{
	for (int k = 0; k < bt->nlv; k++) {
		uint64_t *w = &bt->lv[k][i >> 6];
		*w &= ~(1ull << (i & 63));
		if (*w)
			return;
		i >>= 6;
	}
}

static int bt_test(const struct bitree *bt, uint64_t i)
{
	return (bt->lv[0][i >> 6] >> (i & 63)) & 1;
}

/* Largest set index <= i at level k, or -1. */
static int64_t bt_pred_at(const struct bitree *bt, int k, int64_t i)
{
	uint64_t w;
	int64_t j;

	if (i < 0)
		return -1;
	w = bt->lv[k][i >> 6] & (~0ull >> (63 - (i & 63)));
	if (w)
		return (i & ~(int64_t)63) | (63 - __builtin_clzll(w));
	if (k + 1 == bt->nlv)
		return -1;
	j = bt_pred_at(bt, k + 1, (i >> 6) - 1);
	if (j < 0)
		return -1;
	return (j << 6) | (63 - __builtin_clzll(bt->lv[k][j]));
}

/* Smallest set index >= i at level k, or -1. */
static int64_t bt_succ_at(const struct bitree *bt, int k, int64_t i)
{
	uint64_t w;
	int64_t j;

	if ((uint64_t)i >= bt->words[k] * 64)
		return -1;
	w = bt->lv[k][i >> 6] & (~0ull << (i & 63));
	if (w)
		return (i & ~(int64_t)63) | __builtin_ctzll(w);
	if (k + 1 == bt->nlv)
		return -1;
	j = bt_succ_at(bt, k + 1, (i >> 6) + 1);
	if (j < 0)
		return -1;
	return (j << 6) | __builtin_ctzll(bt->lv[k][j]);
}

/* ---- payload pattern ---------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fill_payload(unsigned char *p, uint64_t n, uint32_t id)
{
	uint64_t s = mix64(2 * (uint64_t)id), d = mix64(2 * (uint64_t)id + 1) | 1;
	uint64_t nw = n / 8, k, v;

	for (k = 0; k < nw; k++) {
		v = s + k * d;
		memcpy(p + 8 * k, &v, 8);
	}
	v = s + nw * d;
	memcpy(p + 8 * nw, &v, (size_t)(n % 8));
}

/* Returns the first modified byte's index, or n when the payload is intact. */
static uint64_t check_payload(const unsigned char *p, uint64_t n, uint32_t id)
{
	uint64_t s = mix64(2 * (uint64_t)id), d = mix64(2 * (uint64_t)id + 1) | 1;
	uint64_t nw = n / 8, k, v, got;
	unsigned char want[8];

	for (k = 0; k < nw; k++) {
		v = s + k * d;
		memcpy(&got, p + 8 * k, 8);
		if (got != v)
			break;
	}
	v = s + k * d;
	memcpy(want, &v, 8);
	for (uint64_t b = 8 * k; b < n; b++) {
		if (b % 8 == 0) {
			v = s + (b / 8) * d;
			memcpy(want, &v, 8);
		}
		if (p[b] != want[b % 8])
			return b;
	}
	return n;
}

/* ---- the replay --------------------------------------------------------- */

static void fail(struct run *r, uint32_t k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* k is the operation's index, or UINT32_MAX for the checks after the last one. */
static void fail(struct run *r, uint32_t k, const char *fmt, ...)
{
	char opbuf[96], *e;
	va_list ap;
	size_t used;

	if (k == UINT32_MAX) {
		used = (size_t)snprintf(r->msg, sizeof(r->msg), "FAIL end of trace: ");
	} else {
		e = put_op(opbuf, opbuf + sizeof(opbuf) - 1, &g_ops[k]);
		*e = 0;
		used = (size_t)snprintf(r->msg, sizeof(r->msg), "FAIL op %u (%s): ", k + 1, opbuf);
	}
	va_start(ap, fmt);
	vsnprintf(r->msg + used, sizeof(r->msg) - used, fmt, ap);
	va_end(ap);
	r->failed = 1;
}

static int map_arena(struct run *r, size_t size)
{
	size_t ps = (size_t)page_size, body = (size + ps - 1) / ps * ps;
	unsigned char *m;

	r->maplen = body + 2 * ps;
	m = mmap(NULL, r->maplen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	/* Populated up front so that no page fault lands inside a timed call. */
	if (mmap(m + ps, body, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED) {
		munmap(m, r->maplen);
		return -1;
	}
	r->map = m;
	r->size = size;
	r->slack = body - size;
	r->base = m + ps + r->slack;
	memset(m + ps, 0xa5, r->slack); /* canary below an arena that is not page-sized */
	g_guard_lo = m;
	g_guard_hi = m + ps + body;
	g_arena_lo = r->base;
	g_arena_hi = r->base + size;
	return 0;
}

static int run_setup(struct run *r, const struct trace *t, const struct api *api)
{
	memset(r, 0, sizeof(*r));
	r->api = api;
	r->granules = t->arena_size / 16;
	if (map_arena(r, t->arena_size))
		return -1;
	r->id_off = xmap(sizeof(uint64_t) * t->nops);
	r->id_n = xmap(sizeof(uint64_t) * t->nops);
	r->id_state = xmap(t->nops);
	r->owner = xmap(sizeof(uint32_t) * r->granules);
	if (!r->id_off || !r->id_n || !r->id_state || !r->owner || bt_init(&r->bt, r->granules))
		return -1;
	return 0;
}

/* Largest run of bytes in [4096 + size/64, size) covered by no live payload. */
static void largest_gap(struct run *r)
{
	uint64_t reserved = RESERVED_BASE + r->size / 64, cursor = reserved;
	uint64_t best = 0, best_off = reserved;
	int64_t g;

	if (reserved < r->size) {
		/* Only the last block starting below the reserved area can reach past it. */
		g = bt_pred_at(&r->bt, 0, (int64_t)((reserved - 1) / 16));
		if (g < 0)
			g = bt_succ_at(&r->bt, 0, (int64_t)((reserved + 15) / 16));
		for (; g >= 0; g = bt_succ_at(&r->bt, 0, g + 1)) {
			uint32_t id = r->owner[g];
			uint64_t s = r->id_off[id], e = s + r->id_n[id];
			if (s > cursor && s - cursor > best) {
				best = s - cursor;
				best_off = cursor;
			}
			if (e > cursor)
				cursor = e;
		}
		if (r->size > cursor && r->size - cursor > best) {
			best = r->size - cursor;
			best_off = cursor;
		}
	}
	r->gap_len = best;
	r->gap_off = best_off;
	r->gap_valid = 1;
}

static void *call_malloc(struct run *r, size_t n)
{
	uint64_t t0;
	void *p;

	g_where = 2;
	t0 = now_ns();
	p = r->api->alloc(n);
	r->ns += now_ns() - t0;
	g_where = 0;
	r->timed_calls++;
	return p;
}

static int call_free(struct run *r, void *p, int timed)
{
	uint64_t t0;
	int rv;

	g_where = 3;
	t0 = now_ns();
	rv = r->api->release(p);
	if (timed) {
		r->ns += now_ns() - t0;
		r->timed_calls++;
	}
	g_where = 0;
	return rv;
}

typedef unsigned long long ull;

static void do_alloc(struct run *r, const struct op *o, uint32_t k)
{
	void *p = call_malloc(r, (size_t)o->n);
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)r->base;
	uint64_t off, n = o->n;
	int64_t g, q;

	r->allocs++;
	if (!p) {
		r->id_state[o->id] = ID_NULL;
		if (n == 0)
			return;
		r->nulls++;
		if (n <= r->size) {
			uint64_t need = ((n + 15) & ~(uint64_t)15) + NULL_SLACK;
			if (!r->gap_valid)
				largest_gap(r);
			if (r->gap_len >= need)
				fail(r, k,
				     "spurious out-of-memory: mm_malloc returned NULL, but the "
				     "%llu bytes at "
				     "arena offsets [%llu, %llu) hold no live block (NULL is "
				     "allowed only "
				     "when no such gap of round_up_16(n) + 128 = %llu bytes is "
				     "left past "
				     "the first %llu bytes)",
				     (ull)r->gap_len, (ull)r->gap_off,
				     (ull)(r->gap_off + r->gap_len), (ull)need,
				     (ull)(RESERVED_BASE + r->size / 64));
		}
		return;
	}
	if (n == 0) {
		fail(r, k, "mm_malloc(0) returned %p; it must return NULL", p);
		return;
	}
	if (a < b || a - b >= r->size) {
		fail(r, k, "returned pointer %p is outside the arena [%p, %p)", p, (void *)r->base,
		     (void *)(r->base + r->size));
		return;
	}
	off = a - b;
	if (off % 16) {
		fail(r, k,
		     "returned pointer is not 16-byte aligned (arena offset %llu, %llu mod 16)",
		     (ull)off, (ull)(a % 16));
		return;
	}
	if (n > r->size - off) {
		fail(r, k,
		     "block at arena offset %llu with %llu bytes runs past the end of the "
		     "%llu-byte arena",
		     (ull)off, (ull)n, (ull)r->size);
		return;
	}
	g = (int64_t)(off / 16);
	q = bt_pred_at(&r->bt, 0, g);
	if (q < 0 || r->id_off[r->owner[q]] + r->id_n[r->owner[q]] <= off)
		q = bt_succ_at(&r->bt, 0, g + 1);
	if (q >= 0 && r->id_off[r->owner[q]] < off + n) {
		uint32_t other = r->owner[q];
		fail(r, k,
		     "block [%llu, %llu) overlaps the live block of id %u at [%llu, %llu) (arena "
		     "offsets)",
		     (ull)off, (ull)(off + n), other, (ull)r->id_off[other],
		     (ull)(r->id_off[other] + r->id_n[other]));
		return;
	}
	bt_set(&r->bt, (uint64_t)g);
	r->owner[g] = o->id;
	r->id_off[o->id] = off;
	r->id_n[o->id] = n;
	r->id_state[o->id] = ID_LIVE;
	fill_payload(r->base + off, n, o->id);
	r->live_bytes += n;
	if (r->live_bytes > r->peak_live)
		r->peak_live = r->live_bytes;
	if (off + n > r->high_end)
		r->high_end = off + n;
	r->gap_valid = 0;
}

static void do_free(struct run *r, const struct op *o, uint32_t k)
{
	uint64_t off, n, bad;
	int rv;

	if (r->id_state[o->id] == ID_NULL) {
		r->skipped++;
		return;
	}
	off = r->id_off[o->id];
	n = r->id_n[o->id];
	bad = check_payload(r->base + off, n, o->id);
	if (bad < n) {
		fail(r, k,
		     "payload of block id %u ([%llu, %llu), %llu bytes) was modified at byte %llu "
		     "while it was live (allocator metadata written into a live block?)",
		     o->id, (ull)off, (ull)(off + n), (ull)n, (ull)bad);
		return;
	}
	rv = call_free(r, r->base + off, 1);
	if (rv != 0) {
		fail(r, k, "mm_free of the live block of id %u returned %d, expected 0", o->id, rv);
		return;
	}
	bt_clear(&r->bt, off / 16);
	r->id_state[o->id] = ID_FREED;
	r->live_bytes -= n;
	r->frees++;
	r->gap_valid = 0;
}

static void do_misuse(struct run *r, const struct op *o, uint32_t k)
{
	uintptr_t b = (uintptr_t)r->base;
	char what[160];
	void *p = NULL;
	int want = -1, rv;

	if (!r->api->misuse)
		return;
	if (o->kind != OP_XNULL && o->kind != OP_XOUTSIDE && r->id_state[o->id] == ID_NULL) {
		r->skipped++;
		return;
	}
	switch (o->kind) {
	case OP_XNULL:
		want = 0;
		snprintf(what, sizeof(what), "mm_free(NULL)");
		break;
	case OP_XOUTSIDE:
		if (r->outside_seen++ % 2 == 0) {
			p = (void *)(b - 64);
			snprintf(what, sizeof(what),
			         "mm_free of a pointer 64 bytes before the arena");
		} else {
			p = (void *)(b + r->size + 64);
			snprintf(what, sizeof(what),
			         "mm_free of a pointer 64 bytes past the arena's end");
		}
		break;
	case OP_XDOUBLE:
		/* A stale pointer that starts a live block again is a valid free. */
		if (bt_test(&r->bt, r->id_off[o->id] / 16)) {
			r->skipped++;
			return;
		}
		p = (void *)(b + r->id_off[o->id]);
		snprintf(what, sizeof(what), "mm_free of the already freed pointer of id %u",
		         o->id);
		break;
	case OP_XINTERIOR:
		p = (void *)(b + r->id_off[o->id] + 16);
		snprintf(what, sizeof(what), "mm_free(pointer of live id %u + 16)", o->id);
		break;
	case OP_XMISALIGNED:
		p = (void *)(b + r->id_off[o->id] + 1);
		snprintf(what, sizeof(what), "mm_free(pointer of id %u + 1)", o->id);
		break;
	default:
		return;
	}
	r->misuse++;
	rv = call_free(r, p, 0);
	if (rv != want)
		fail(r, k, "%s returned %d, expected %d%s", what, rv, want,
		     want ? " (misuse must be detected and change nothing)" : "");
}

static int replay_begin(struct run *r)
{
	int rv;

	g_where = 1;
	rv = r->api->init(r->base, r->size);
	g_where = 0;
	if (rv != 0) {
		snprintf(r->msg, sizeof(r->msg), "FAIL mm_init: returned %d, expected 0", rv);
		r->failed = 1;
	}
	return r->failed;
}

static int replay_op(struct run *r, const struct trace *t, uint32_t k)
{
	const struct op *o = &t->ops[k];

	if (o->kind == OP_A)
		do_alloc(r, o, k);
	else if (o->kind == OP_F)
		do_free(r, o, k);
	else
		do_misuse(r, o, k);
	return r->failed;
}

/* After the last operation: live payloads intact, nothing written below the arena. */
static int replay_end(struct run *r, const struct trace *t)
{
	uint32_t k;

	for (k = 0; k < t->nops; k++) {
		if (r->id_state[k] == ID_LIVE) {
			uint64_t bad = check_payload(r->base + r->id_off[k], r->id_n[k], k);
			if (bad < r->id_n[k]) {
				fail(
				    r, UINT32_MAX,
				    "payload of block id %u, still live, was modified at byte %llu",
				    k, (ull)bad);
				return 1;
			}
		}
	}
	for (size_t i = 0; i < r->slack; i++) {
		if (r->map[page_size + i] != 0xa5) {
			fail(r, UINT32_MAX,
			     "the allocator wrote %llu bytes before the arena's start",
			     (ull)(r->slack - i));
			return 1;
		}
	}
	return 0;
}

/* ---- reference allocator ------------------------------------------------ */
/*
 * Explicit free list, first fit in LIFO order, 8-byte header and footer on every
 * block (size | allocated bit), splitting, immediate coalescing.  Free blocks hold
 * the next/previous links after the header.  Misuse is never passed to it.
 */

static unsigned char *ref_lo;
static size_t ref_size;
static uintptr_t ref_head;

static uint64_t ld(uintptr_t p)
{
	uint64_t v;
	memcpy(&v, (const void *)p, 8);
	return v;
}

static void st(uintptr_t p, uint64_t v)
{
	memcpy((void *)p, &v, 8);
}

static void ref_tags(uintptr_t b, uint64_t size, uint64_t alloc)
{
	st(b, size | alloc);
	st(b + size - 8, size | alloc);
}

static void ref_push(uintptr_t b)
{
	st(b + 8, ref_head);
	st(b + 16, 0);
	if (ref_head)
		st(ref_head + 16, b);
	ref_head = b;
}

static void ref_unlink(uintptr_t b)
{
	uintptr_t next = (uintptr_t)ld(b + 8), prev = (uintptr_t)ld(b + 16);

	if (prev)
		st(prev + 8, next);
	else
		ref_head = next;
	if (next)
		st(next + 16, prev);
}

static int ref_init(void *arena, size_t size)
{
	uintptr_t lo = (uintptr_t)arena;

	ref_lo = arena;
	ref_size = size;
	ref_head = 0;
	st(lo, 1);                      /* prologue footer: allocated */
	st(lo + size - 8, 1);           /* epilogue header: allocated, size 0 */
	ref_tags(lo + 8, size - 16, 0); /* payloads start 16-aligned at lo + 16 */
	ref_push(lo + 8);
	return 0;
}

static void *ref_malloc(size_t n)
{
	uint64_t asize, bsize;
	uintptr_t b;

	if (n == 0 || n > ref_size)
		return NULL;
	asize = (n + 16 + 15) & ~(uint64_t)15;
	if (asize < 32)
		asize = 32;
	for (b = ref_head; b; b = (uintptr_t)ld(b + 8)) {
		bsize = ld(b) & ~(uint64_t)15;
		if (bsize < asize)
			continue;
		ref_unlink(b);
		if (bsize - asize >= 32) {
			ref_tags(b, asize, 1);
			ref_tags(b + asize, bsize - asize, 0);
			ref_push(b + asize);
		} else {
			ref_tags(b, bsize, 1);
		}
		return (void *)(b + 8);
	}
	return NULL;
}

static int ref_free(void *p)
{
	uintptr_t b = (uintptr_t)p - 8, next;
	uint64_t size = ld(b) & ~(uint64_t)15;

	next = b + size;
	if (!(ld(b - 8) & 1)) {
		uint64_t psize = ld(b - 8) & ~(uint64_t)15;
		b -= psize;
		size += psize;
		ref_unlink(b);
	}
	if (!(ld(next) & 1)) {
		size += ld(next) & ~(uint64_t)15;
		ref_unlink(next);
	}
	ref_tags(b, size, 0);
	ref_push(b);
	return 0;
}

/* ---- main --------------------------------------------------------------- */

/* Cost of one clock_gettime pair, subtracted from every timed call. */
static double timer_overhead(void)
{
	uint64_t best = UINT64_MAX;

	for (int rep = 0; rep < 5; rep++) {
		uint64_t sum = 0;
		for (int i = 0; i < 4000; i++) {
			uint64_t t0 = now_ns();
			sum += now_ns() - t0;
		}
		if (sum < best)
			best = sum;
	}
	return (double)best / 4000.0;
}

static double net_ns(const struct run *r, double overhead)
{
	double t = (double)r->ns - overhead * (double)r->timed_calls;
	double floor_ns = (double)(r->timed_calls ? r->timed_calls : 1);
	return t > floor_ns ? t : floor_ns;
}

static void report_internal(const struct run *ref)
{
	char line[1024];

	snprintf(line, sizeof(line), "INTERNAL the reference allocator failed: %.900s", ref->msg);
	report(line);
}

int main(void)
{
	static const struct api cand_api = {mm_init, mm_malloc, mm_free, 1};
	static const struct api ref_api = {ref_init, ref_malloc, ref_free, 0};
	static struct run cand, ref;
	struct reader rd;
	struct trace t;
	char line[1024], *in;
	size_t inlen;
	double overhead, util, thr;
	uint32_t k;

	page_size = sysconf(_SC_PAGESIZE);
	/* The report goes to a private copy of stdout; the candidate's prints go to stderr. */
	report_fd = dup(1);
	if (report_fd < 0)
		report_fd = 1;
	else
		dup2(2, 1);
	install_fault_handler();

	if (read_stdin(&in, &inlen)) {
		report("INTERNAL cannot read the trace from standard input");
		return 0;
	}
	memset(&rd, 0, sizeof(rd));
	rd.p = in;
	rd.end = in + inlen;
	if (parse_trace(&rd, &t)) {
		snprintf(line, sizeof(line), "BADTRACE line %u: %s", rd.line, rd.err);
		report(line);
		return 0;
	}
	g_ops = t.ops;
	overhead = timer_overhead();

	/* The reference's arena is mapped first so the guard pages noted for crash
	 * reports are the candidate's. */
	if (run_setup(&ref, &t, &ref_api) || run_setup(&cand, &t, &cand_api)) {
		report("INTERNAL cannot map the arenas and the driver's tables");
		return 0;
	}
	/* Lockstep: every operation runs on the candidate, then on the reference, so
	 * both are timed under the same machine load. */
	if (replay_begin(&cand)) {
		report(cand.msg);
		return 0;
	}
	g_is_ref = 1;
	replay_begin(&ref);
	g_is_ref = 0;
	for (k = 0; k < t.nops; k++) {
		g_cur_op = k;
		if (replay_op(&cand, &t, k)) {
			report(cand.msg);
			return 0;
		}
		g_is_ref = 1;
		replay_op(&ref, &t, k);
		g_is_ref = 0;
		if (ref.failed) {
			report_internal(&ref);
			return 0;
		}
	}
	if (replay_end(&cand, &t)) {
		report(cand.msg);
		return 0;
	}
	if (replay_end(&ref, &t)) {
		report_internal(&ref);
		return 0;
	}

	util = cand.high_end ? (double)cand.peak_live / (double)cand.high_end : 0.0;
	thr = net_ns(&ref, overhead) / net_ns(&cand, overhead);
	snprintf(line, sizeof(line),
	         "OK ops=%u allocs=%u frees=%u misuse=%u skipped=%u nulls=%u peak=%llu high=%llu "
	         "util=%.6f thr=%.4f cand_ns=%.0f ref_ns=%.0f",
	         t.nops, cand.allocs, cand.frees, cand.misuse, cand.skipped, cand.nulls,
	         (ull)cand.peak_live, (ull)cand.high_end, util, thr, net_ns(&cand, overhead),
	         net_ns(&ref, overhead));
	report(line);
	return 0;
}

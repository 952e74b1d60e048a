/* term.c -- what the judge shows on a terminal: colour (only on a terminal,
 * never with NO_COLOR), progress lines rewritten in place with \r, the
 * summary table of a judging, and line diffs of expected vs actual output.
 * Off a terminal the same text comes out plain, one line per event. */
#include "judge/cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void term_init(struct term *t, FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	memset(t, 0, sizeof *t);
	t->f = f;
	t->tty = isatty(fileno(f));
	/* no-color.org: present and not empty disables colour. */
	t->color = t->tty && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
	t->name_width = 24;
}

void term_fit_names(struct term *t, const struct judge_problem *p)
{
	for (size_t i = 0; i < p->ntests; i++) {
		size_t n = strlen(p->tests[i].name);
		if (n > (size_t)t->name_width)
			t->name_width = n > 60 ? 60 : (int)n;
	}
}

const char *term_sgr(const struct term *t, enum term_style s)
{
	static const char *const codes[] = {
	    [TS_RESET] = "\033[0m", [TS_BOLD] = "\033[1m",     [TS_DIM] = "\033[2m",
	    [TS_RED] = "\033[31m",  [TS_GREEN] = "\033[32m",   [TS_YELLOW] = "\033[33m",
	    [TS_BLUE] = "\033[34m", [TS_MAGENTA] = "\033[35m", [TS_CYAN] = "\033[36m",
	};

	if (!t->color || (unsigned)s >= sizeof codes / sizeof codes[0])
		return "";
	return codes[s];
}

enum term_style term_verdict_style(const char *v)
{
	if (!strcmp(v, "AC") || !strcmp(v, "OK"))
		return TS_GREEN;
	if (!strcmp(v, "WA") || !strcmp(v, "RE"))
		return TS_RED;
	if (!strcmp(v, "TLE") || !strcmp(v, "MLE") || !strcmp(v, "OLE"))
		return TS_YELLOW;
	if (!strcmp(v, "CE"))
		return TS_CYAN;
	return TS_MAGENTA; /* SV, IE */
}

static void vprogress(struct term *t, const char *fmt, va_list ap)
{
	if (t->quiet)
		return;
	if (t->tty)
		fputs("\r\033[K", t->f);
	vfprintf(t->f, fmt, ap);
	if (t->tty)
		t->live = 1;
	else
		fputc('\n', t->f);
	fflush(t->f);
}

void term_progress(struct term *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprogress(t, fmt, ap);
	va_end(ap);
}

void term_keep(struct term *t)
{
	if (t->live) {
		fputc('\n', t->f);
		fflush(t->f);
	}
	t->live = 0;
}

void term_clear(struct term *t)
{
	if (t->live) {
		fputs("\r\033[K", t->f);
		fflush(t->f);
	}
	t->live = 0;
}

void term_fmt_time(char *buf, size_t len, long ms)
{
	snprintf(buf, len, "%ld.%02ld s", ms / 1000, (ms % 1000) / 10);
}

void term_fmt_mem(char *buf, size_t len, long kb)
{
	if (kb < 1024)
		snprintf(buf, len, "%ld KB", kb);
	else
		snprintf(buf, len, "%.1f MB", (double)kb / 1024.0);
}

/*** Progress of a judging ***/

static int digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static void test_line(struct term *t, const struct judge_progress *ev)
{
	const struct judge_test_result *r = ev->test;
	const char *v = judge_verdict_name(r->verdict);
	char tm[32], mem[32];

	term_fmt_time(tm, sizeof tm, r->time_ms);
	term_fmt_mem(mem, sizeof mem, r->memory_kb);
	term_progress(t, "[%*zu/%zu] %-*s %s%-3s%s %8s %9s%s%s", digits(ev->count), ev->index + 1,
	              ev->count, t->name_width, r->name, term_sgr(t, term_verdict_style(v)), v,
	              term_sgr(t, TS_RESET), tm, mem, r->message && *r->message ? "  " : "",
	              r->message ? r->message : "");
	/* A failure stays on screen; a pass is overwritten by the next test. */
	if (r->verdict != JUDGE_AC)
		term_keep(t);
}

void term_judge_progress(void *ctx, const struct judge_progress *ev)
{
	struct term *t = ctx;

	switch (ev->ev) {
	case JUDGE_EV_GENERATE:
		term_progress(t, "generating %s tests...", ev->name ? ev->name : "the");
		break;
	case JUDGE_EV_COMPILE:
		term_progress(t, "compiling %s...", ev->name ? ev->name : "");
		break;
	case JUDGE_EV_COMPILED:
		if (t->tty)
			term_clear(t);
		break;
	case JUDGE_EV_TEST_START:
		if (t->tty && ev->name)
			term_progress(t, "[%*zu/%zu] %-*s %s...%s", digits(ev->count),
			              ev->index + 1, ev->count, t->name_width, ev->name,
			              term_sgr(t, TS_DIM), term_sgr(t, TS_RESET));
		break;
	case JUDGE_EV_TEST_DONE:
		if (ev->test)
			test_line(t, ev);
		break;
	}
}

/*** Summary ***/

static const char *verdict_long(enum judge_verdict v)
{
	static const char *const names[] = {
	    [JUDGE_AC] = "Accepted",
	    [JUDGE_WA] = "Wrong Answer",
	    [JUDGE_TLE] = "Time Limit Exceeded",
	    [JUDGE_MLE] = "Memory Limit Exceeded",
	    [JUDGE_OLE] = "Output Limit Exceeded",
	    [JUDGE_RE] = "Runtime Error",
	    [JUDGE_CE] = "Compile Error",
	    [JUDGE_SV] = "Security Violation",
	    [JUDGE_IE] = "Internal Error",
	};

	return (unsigned)v < JUDGE_VERDICT_COUNT ? names[v] : "Internal Error";
}

void term_summary(struct term *t, const struct judge_result *r)
{
	FILE *f = t->f;
	const char *v = judge_verdict_name(r->verdict);
	const char *bold = term_sgr(t, TS_BOLD), *reset = term_sgr(t, TS_RESET);
	const struct judge_test_result *first = NULL;
	char tm[32], mem[32];

	term_clear(t);
	if (r->ntests > 0) {
		fprintf(f, "\n%s%-16s %7s %9s %11s%s\n", bold, "group", "passed", "max time",
		        "max memory", reset);
		/* Groups in test order; each one's tests are contiguous. */
		for (size_t i = 0; i < r->ntests;) {
			const char *g = r->tests[i].group;
			int passed = 0, total = 0, gating = r->tests[i].gating;
			long maxt = 0, maxm = 0;
			size_t j = i;
			char pt[32];

			for (; j < r->ntests && !strcmp(r->tests[j].group, g); j++) {
				const struct judge_test_result *x = &r->tests[j];
				total++;
				passed += x->verdict == JUDGE_AC;
				maxt = x->time_ms > maxt ? x->time_ms : maxt;
				maxm = x->memory_kb > maxm ? x->memory_kb : maxm;
				if (!first && x->verdict != JUDGE_AC && x->gating)
					first = x;
			}
			term_fmt_time(tm, sizeof tm, maxt);
			term_fmt_mem(mem, sizeof mem, maxm);
			snprintf(pt, sizeof pt, "%d/%d", passed, total);
			fprintf(f, "%-16s %s%7s%s %9s %11s%s\n", g,
			        term_sgr(t, passed == total ? TS_GREEN : TS_RED), pt, reset, tm,
			        mem, gating ? "" : "  (scored, not gating)");
			i = j;
		}
	}
	term_fmt_time(tm, sizeof tm, r->time_ms);
	term_fmt_mem(mem, sizeof mem, r->memory_kb);
	fprintf(f, "\n%sVerdict:%s %s%s%s %s%s  (%d/%d tests, max %s, %s)\n", bold, reset, bold,
	        term_sgr(t, term_verdict_style(v)), v, verdict_long(r->verdict), reset, r->passed,
	        r->total, tm, mem);
	if (r->has_score)
		fprintf(f, "%sScore:%s %g / %g%s%s\n", bold, reset, r->score, r->score_max,
		        r->score_label ? " " : "", r->score_label ? r->score_label : "");
	if (first) {
		fprintf(f, "%sFirst failure:%s %s (%s)%s%s\n", bold, reset, first->name,
		        judge_verdict_name(first->verdict), *first->message ? ": " : "",
		        first->message);
		/* A failing sample's stderr is shown with its diff already. */
		if (first->stderr_text && *first->stderr_text && strcmp(first->group, "sample")) {
			fprintf(f, "%sstderr:%s\n", term_sgr(t, TS_DIM), reset);
			term_block(t, first->stderr_text, strlen(first->stderr_text), 10);
		}
	} else if (r->verdict != JUDGE_AC && r->message && *r->message) {
		fprintf(f, "%sMessage:%s %s\n", bold, reset, r->message);
	}
	if (!r->compile_ok && r->compile_log && *r->compile_log) {
		fprintf(f, "%sCompile log:%s\n", bold, reset);
		term_block(t, r->compile_log, strlen(r->compile_log), 60);
	}
	fflush(f);
}

/*** Text blocks and diffs ***/

struct line {
	const char *s;
	size_t n;
};

/* Splits text into lines (a final newline ends the last line, it does not
 * start an empty one). Caller frees. */
static struct line *split_lines(const char *s, size_t len, size_t *count)
{
	size_t n = 0, k = 0;
	struct line *v;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	if (len > 0 && s[len - 1] != '\n')
		n++;
	v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0, start = 0; i < len; i++) {
		if (s[i] == '\n' || i == len - 1) {
			size_t end = s[i] == '\n' ? i : i + 1;
			v[k].s = s + start;
			v[k].n = end - start;
			if (v[k].n > 0 && v[k].s[v[k].n - 1] == '\r')
				v[k].n--;
			k++;
			start = i + 1;
		}
	}
	*count = k;
	return v;
}

/* Prints one line with control bytes shown as '?', at most 200 columns. */
static void put_line(FILE *f, const char *s, size_t n)
{
	size_t shown = n > 200 ? 200 : n;

	for (size_t i = 0; i < shown; i++) {
		unsigned char ch = (unsigned char)s[i];
		fputc(ch < 0x20 && ch != '\t' ? '?' : ch, f);
	}
	if (shown < n)
		fputs("...", f);
}

void term_block(struct term *t, const char *text, size_t len, size_t max_lines)
{
	size_t n = 0;
	struct line *v = split_lines(text, len, &n);

	if (!v)
		return;
	for (size_t i = 0; i < n && i < max_lines; i++) {
		fputs("  ", t->f);
		put_line(t->f, v[i].s, v[i].n);
		fputc('\n', t->f);
	}
	if (n > max_lines)
		fprintf(t->f, "  %s... %zu more lines%s\n", term_sgr(t, TS_DIM), n - max_lines,
		        term_sgr(t, TS_RESET));
	free(v);
}

static int line_eq(const struct line *a, const struct line *b)
{
	return a->n == b->n && !memcmp(a->s, b->s, a->n);
}

enum { OP_SAME, OP_DEL, OP_ADD };

struct op {
	int kind;
	size_t a, b; /* line indexes in expected and got */
};

/* The edit script from expected (a) to got (b): a longest common
 * subsequence when the table is small, else a line-by-line pairing. */
static struct op *diff_ops(const struct line *a, size_t na, const struct line *b, size_t nb,
                           size_t *nops)
{
	struct op *ops = malloc((na + nb + 1) * sizeof *ops);
	uint32_t *L = NULL;
	size_t k = 0, i = 0, j = 0;

	if (!ops)
		return NULL;
	if (na * nb <= 1000000 && na < 100000 && nb < 100000)
		L = calloc((na + 1) * (nb + 1), sizeof *L);
	if (L) {
		/* L[i][j]: LCS length of a[i..] and b[j..]. */
		for (size_t x = na; x-- > 0;)
			for (size_t y = nb; y-- > 0;)
				L[x * (nb + 1) + y] =
				    line_eq(&a[x], &b[y])
				        ? L[(x + 1) * (nb + 1) + y + 1] + 1
				        : (L[(x + 1) * (nb + 1) + y] > L[x * (nb + 1) + y + 1]
				               ? L[(x + 1) * (nb + 1) + y]
				               : L[x * (nb + 1) + y + 1]);
		while (i < na && j < nb) {
			if (line_eq(&a[i], &b[j])) {
				ops[k++] = (struct op){OP_SAME, i++, j++};
			} else if (L[(i + 1) * (nb + 1) + j] >= L[i * (nb + 1) + j + 1]) {
				ops[k++] = (struct op){OP_DEL, i++, j};
			} else {
				ops[k++] = (struct op){OP_ADD, i, j++};
			}
		}
	} else {
		for (; i < na && j < nb; i++, j++) {
			if (line_eq(&a[i], &b[j])) {
				ops[k++] = (struct op){OP_SAME, i, j};
			} else {
				ops[k++] = (struct op){OP_DEL, i, j};
				ops[k++] = (struct op){OP_ADD, i, j};
			}
		}
	}
	while (i < na)
		ops[k++] = (struct op){OP_DEL, i++, j};
	while (j < nb)
		ops[k++] = (struct op){OP_ADD, i, j++};
	free(L);
	*nops = k;
	return ops;
}

void term_diff(struct term *t, const char *expected, size_t elen, const char *got, size_t glen,
               size_t max_lines)
{
	const size_t context = 2;
	size_t na = 0, nb = 0, nops = 0, printed = 0, last = 0;
	struct line *a = split_lines(expected, elen, &na);
	struct line *b = split_lines(got, glen, &nb);
	struct op *ops = a && b ? diff_ops(a, na, b, nb, &nops) : NULL;
	const char *reset = term_sgr(t, TS_RESET);
	int any = 0;

	if (!ops)
		goto out;
	fprintf(t->f, "  %s- expected%s   %s+ your output%s\n", term_sgr(t, TS_RED), reset,
	        term_sgr(t, TS_GREEN), reset);
	for (size_t k = 0; k < nops; k++) {
		int near = 0;
		for (size_t d = k >= context ? k - context : 0; d < nops && d <= k + context; d++)
			near |= ops[d].kind != OP_SAME;
		if (!near)
			continue;
		if (printed >= max_lines) {
			fprintf(t->f, "  %s... (diff cut after %zu lines)%s\n", term_sgr(t, TS_DIM),
			        max_lines, reset);
			break;
		}
		if (any && k > last + 1)
			fprintf(t->f, "  %s...%s\n", term_sgr(t, TS_DIM), reset);
		const struct op *o = &ops[k];
		const struct line *l = o->kind == OP_ADD ? &b[o->b] : &a[o->a];
		fprintf(t->f, "  %s%c ",
		        term_sgr(t, o->kind == OP_SAME  ? TS_DIM
		                    : o->kind == OP_DEL ? TS_RED
		                                        : TS_GREEN),
		        o->kind == OP_SAME  ? ' '
		        : o->kind == OP_DEL ? '-'
		                            : '+');
		put_line(t->f, l->s, l->n);
		fprintf(t->f, "%s\n", reset);
		printed++;
		last = k;
		any = 1;
	}
	if (!any)
		fprintf(t->f,
		        "  (the lines are equal; the difference is in whitespace or the final "
		        "newline)\n");
out:
	free(ops);
	free(a);
	free(b);
}

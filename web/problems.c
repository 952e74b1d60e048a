/* problems.c -- the problem cache: every package loaded once at start.
 *
 * Packages are read through the judge core (judge_problem_load), so the web
 * server and the CLI agree on what a valid package is. Each problem's
 * document for GET /api/problems/{id} is rendered to JSON once and served
 * from memory; the list entry is rendered up to its dynamic best_verdict.
 */
#include "web/webint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements, samples and templates are small; a bigger file is an error. */
#define MAX_TEXT_FILE (4u << 20)

static void put_tags(struct wbuf *b, char **tags)
{
	wbuf_putc(b, '[');
	for (size_t i = 0; tags && tags[i]; i++) {
		if (i)
			wbuf_putc(b, ',');
		wbuf_cstr(b, tags[i]);
	}
	wbuf_putc(b, ']');
}

static const char *style_name(enum judge_style s)
{
	return s == JUDGE_STYLE_HARNESS ? "harness" : "stdio";
}

/* Appends the file's contents as a JSON string. */
static int put_file(struct wbuf *b, const char *path, char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;

	if (judge_read_file(path, MAX_TEXT_FILE, &data, &len, err, errlen))
		return -1;
	wbuf_str(b, data, len);
	free(data);
	return 0;
}

static double multiplier(const struct judge_problem *p, const struct judge_lang *l)
{
	for (size_t i = 0; i < p->nmultipliers; i++)
		if (!strcmp(p->multipliers[i].lang, l->id))
			return p->multipliers[i].factor;
	return l->time_multiplier > 0 ? l->time_multiplier : 1;
}

static int render(struct web_problem *wp, const struct judge_langs *langs, char *err, size_t errlen)
{
	const struct judge_problem *p = wp->p;
	struct wbuf b;
	char path[4096];
	int ret = -1;

	/* The list entry, open at best_verdict. */
	wbuf_init(&b);
	wbuf_puts(&b, "{\"id\":");
	wbuf_cstr(&b, p->id);
	wbuf_puts(&b, ",\"title\":");
	wbuf_cstr_or_null(&b, p->title);
	wbuf_puts(&b, ",\"difficulty\":");
	wbuf_cstr_or_null(&b, p->difficulty);
	wbuf_puts(&b, ",\"tags\":");
	put_tags(&b, p->tags);
	wbuf_puts(&b, ",\"style\":");
	wbuf_cstr(&b, style_name(p->style));
	wbuf_puts(&b, ",\"best_verdict\":");
	wp->summary = wbuf_take(&b, &wp->summary_len);
	if (!wp->summary)
		goto oom;

	/* The full document. */
	wbuf_puts(&b, "{\"id\":");
	wbuf_cstr(&b, p->id);
	wbuf_puts(&b, ",\"title\":");
	wbuf_cstr_or_null(&b, p->title);
	wbuf_puts(&b, ",\"source\":");
	wbuf_cstr_or_null(&b, p->source);
	wbuf_puts(&b, ",\"difficulty\":");
	wbuf_cstr_or_null(&b, p->difficulty);
	wbuf_puts(&b, ",\"tags\":");
	put_tags(&b, p->tags);
	wbuf_puts(&b, ",\"style\":");
	wbuf_cstr(&b, style_name(p->style));
	wbuf_puts(&b, ",\"statement\":");
	snprintf(path, sizeof path, "%s/statement.md", p->dir);
	if (put_file(&b, path, err, errlen))
		goto out;
	wbuf_puts(&b, ",\"samples\":[");
	size_t ns = 0;
	for (size_t i = 0; i < p->ntests; i++) {
		const struct judge_test *t = &p->tests[i];
		if (strcmp(t->group, "sample") != 0 || !t->in_path || !t->ans_path)
			continue;
		if (ns++)
			wbuf_putc(&b, ',');
		wbuf_puts(&b, "{\"name\":");
		wbuf_cstr(&b, t->name);
		wbuf_puts(&b, ",\"input\":");
		if (put_file(&b, t->in_path, err, errlen))
			goto out;
		wbuf_puts(&b, ",\"answer\":");
		if (put_file(&b, t->ans_path, err, errlen))
			goto out;
		wbuf_putc(&b, '}');
	}
	wbuf_puts(&b, "],\"limits\":{\"time_ms\":");
	wbuf_int(&b, p->time_ms);
	wbuf_puts(&b, ",\"memory_mb\":");
	wbuf_int(&b, p->memory_mb);
	wbuf_puts(&b, ",\"output_kb\":");
	wbuf_int(&b, p->output_kb);
	wbuf_puts(&b, ",\"time_multipliers\":{");
	size_t nl = 0;
	for (size_t i = 0; i < langs->n; i++) {
		const struct judge_lang *l = &langs->v[i];
		if (!judge_problem_accepts(p, l->id))
			continue;
		if (nl++)
			wbuf_putc(&b, ',');
		wbuf_cstr(&b, l->id);
		wbuf_putc(&b, ':');
		wbuf_number(&b, multiplier(p, l));
	}
	wbuf_puts(&b, "}},\"languages\":[");
	nl = 0;
	for (size_t i = 0; i < langs->n; i++) {
		const struct judge_lang *l = &langs->v[i];
		if (!judge_problem_accepts(p, l->id))
			continue;
		if (nl++)
			wbuf_putc(&b, ',');
		wbuf_puts(&b, "{\"id\":");
		wbuf_cstr(&b, l->id);
		wbuf_puts(&b, ",\"name\":");
		wbuf_cstr_or_null(&b, l->name);
		wbuf_putc(&b, '}');
	}
	wbuf_puts(&b, "],\"templates\":{");
	nl = 0;
	for (size_t i = 0; i < langs->n; i++) {
		const struct judge_lang *l = &langs->v[i];
		if (!judge_problem_accepts(p, l->id))
			continue;
		/* templates/solution<ext>, the first extension that has one. */
		for (size_t e = 0; l->extensions && l->extensions[e]; e++) {
			snprintf(path, sizeof path, "%s/templates/solution%s", p->dir,
			         l->extensions[e]);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			fclose(f);
			if (nl++)
				wbuf_putc(&b, ',');
			wbuf_cstr(&b, l->id);
			wbuf_putc(&b, ':');
			if (put_file(&b, path, err, errlen))
				goto out;
			break;
		}
	}
	wbuf_puts(&b, "}}");
	wp->doc = wbuf_take(&b, &wp->doc_len);
	if (!wp->doc)
		goto oom;
	ret = 0;
	goto out;
oom:
	snprintf(err, errlen, "problem %s: out of memory", p->id);
out:
	wbuf_free(&b);
	return ret;
}

static void problem_clear(struct web_problem *wp)
{
	free(wp->id);
	judge_problem_free(wp->p);
	free(wp->summary);
	free(wp->doc);
}

void web_problems_free(struct web_problems *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		problem_clear(&ps->v[i]);
	free(ps->v);
	free(ps);
}

static int cmp_problem(const void *a, const void *b)
{
	return strcmp(((const struct web_problem *)a)->id, ((const struct web_problem *)b)->id);
}

int web_problems_load(const char *root, const struct judge_langs *langs, web_log_fn log,
                      void *log_ctx, struct web_problems **out, char *err, size_t errlen)
{
	char **ids = NULL;
	struct web_problems *ps = calloc(1, sizeof *ps);
	char msg[1024], dir[4096];
	size_t n = 0;
	int ret = -1;

	*out = NULL;
	if (!ps) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (judge_problems_scan(root, &ids, err, errlen))
		goto out;
	while (ids && ids[n])
		n++;
	ps->v = calloc(n ? n : 1, sizeof *ps->v);
	if (!ps->v) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct web_problem wp = {0};
		snprintf(msg, sizeof msg, "out of memory");
		snprintf(dir, sizeof dir, "%s/%s", root, ids[i]);
		if (judge_problem_load(dir, langs, NULL, &wp.p, msg, sizeof msg) ||
		    !(wp.id = strdup(wp.p->id)) || render(&wp, langs, msg, sizeof msg)) {
			if (log) {
				char line[1200];
				snprintf(line, sizeof line, "skipping problem %s: %s", ids[i], msg);
				log(log_ctx, line);
			}
			problem_clear(&wp);
			continue;
		}
		ps->v[ps->n++] = wp;
	}
	qsort(ps->v, ps->n, sizeof *ps->v, cmp_problem);
	*out = ps;
	ps = NULL;
	ret = 0;
out:
	judge_strv_free(ids);
	web_problems_free(ps);
	return ret;
}

const struct web_problem *web_problems_find(const struct web_problems *ps, const char *id)
{
	struct web_problem key = {.id = (char *)id};
	return bsearch(&key, ps->v, ps->n, sizeof *ps->v, cmp_problem);
}

/* worker.c -- `judge worker`: take queued submissions from judge-web and
 * post their results back (docs/api.md, "Jobs").
 *
 * Loop: POST /api/jobs/claim; on 204 sleep with a backoff growing to ~2 s;
 * on a job, judge it while a second thread sends POST /api/jobs/{id}/heartbeat
 * every lease/3 seconds, then POST /api/jobs/{id}/result with the lease and
 * the result JSON (source included), or with an "error" when the job cannot
 * be judged here. SIGTERM or SIGINT: a job under way is finished and posted,
 * then the worker exits 0; while idle it exits at once.
 */
#include "judge/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IDLE_MIN_MS   100
#define IDLE_MAX_MS   2000
#define DEFAULT_LEASE 60

/* Set by the SIGTERM/SIGINT handler: the only state a handler may touch.
 * Process-wide by nature (signals are), hence a global. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static const char worker_help[] =
    "usage: judge worker --server URL [--token T | --token-file F] [--problems DIR]\n"
    "                    [--lease S] [--once]\n"
    "\n"
    "Takes queued submissions from judge-web at URL, judges them here (in the\n"
    "sandbox, with the problems of the problems directory) and posts the results\n"
    "back. While judging it renews the job's lease every lease/3 seconds, so a\n"
    "dead worker's job goes back to the queue. SIGTERM: the job under way is\n"
    "finished and posted, then it exits 0.\n"
    "\n"
    "Options:\n"
    "  --server URL      judge-web's address, e.g. http://127.0.0.1:8080/\n"
    "  --token T         bearer token (default: --token-file, else\n"
    "                    $XDG_CONFIG_HOME/judge/token, else ~/.config/judge/token)\n"
    "  --token-file F    read the token from file F\n"
    "  --lease S         lease to ask for, seconds (default 60, at most 600)\n"
    "  --once            judge at most one job and exit (0 also when none is queued)\n"
    "  --help            this text\n"
    "\n"
    "Exit status: 0 stopped normally, 2 bad usage or a refused token, 3 the server\n"
    "could not be reached with --once, or an internal error.\n";

struct worker {
	struct cli *c;
	const char *server, *token;
	char name[128];
	long lease_s;
	int once;
};

/*** HTTP helpers ***/

/* POSTs doc to server + path. Returns the HTTP status, or -1 (message in err). */
static long api_post(const struct worker *w, const char *path, const cJSON *doc, int tries,
                     struct http_reply *reply, char *err, size_t errlen)
{
	char *url = http_join(w->server, path), *body = cJSON_PrintUnformatted(doc);
	struct http_request rq = {0};
	long status = -1;

	memset(reply, 0, sizeof *reply);
	if (!url || !body) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rq.url = url;
	rq.token = w->token;
	rq.body = body;
	rq.tries = tries;
	if (http_post_json(&rq, reply, err, errlen) == 0)
		status = reply->status;
out:
	cJSON_free(body);
	free(url);
	return status;
}

/*** Heartbeats ***/

struct beat {
	const struct worker *w;
	char path[128];
	const char *lease;
	long period_ms;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done; /* under mu: the job is over, the thread should end */
	int lost; /* under mu: the server said the lease is gone */
};

static void deadline_after(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *beat_main(void *arg)
{
	struct beat *b = arg;
	cJSON *doc = cJSON_CreateObject();
	struct timespec at;

	if (!doc || !cJSON_AddStringToObject(doc, "lease", b->lease))
		goto out;
	pthread_mutex_lock(&b->mu);
	while (!b->done) {
		deadline_after(&at, b->period_ms);
		while (!b->done && pthread_cond_timedwait(&b->cv, &b->mu, &at) != ETIMEDOUT)
			;
		if (b->done)
			break;
		pthread_mutex_unlock(&b->mu);
		struct http_reply reply;
		char err[512];
		long st = api_post(b->w, b->path, doc, 1, &reply, err, sizeof err);
		if (st < 0)
			fprintf(stderr, "judge worker: heartbeat: %s\n", err);
		else if (st == 409)
			fprintf(stderr, "judge worker: heartbeat: the lease was lost; the result "
			                "will be dropped\n");
		else if (st != 200)
			fprintf(stderr, "judge worker: heartbeat: HTTP %ld\n", st);
		free(reply.body);
		pthread_mutex_lock(&b->mu);
		b->lost |= st == 409;
	}
	pthread_mutex_unlock(&b->mu);
out:
	cJSON_Delete(doc);
	return NULL;
}

/* Starts the heartbeat thread, with SIGTERM/SIGINT blocked in it so they
 * reach the main thread. */
static int beat_start(struct beat *b, pthread_t *th)
{
	sigset_t block, old;
	pthread_condattr_t ca;
	int rc;

	pthread_mutex_init(&b->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&b->cv, &ca);
	pthread_condattr_destroy(&ca);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(th, NULL, beat_main, b);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
	}
	return rc == 0 ? 0 : -1;
}

static void beat_stop(struct beat *b, pthread_t th)
{
	pthread_mutex_lock(&b->mu);
	b->done = 1;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(th, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
}

/*** One job ***/

struct job {
	long long id;
	const char *lease, *problem, *language, *mode, *source;
};

static int parse_job(const cJSON *doc, struct job *j)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(doc, "job");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
	const char **strs[] = {&j->lease, &j->problem, &j->language, &j->mode, &j->source};
	const char *names[] = {"lease", "problem", "language", "mode", "source"};

	if (!cJSON_IsNumber(id) || id->valuedouble < 1)
		return -1;
	j->id = (long long)id->valuedouble;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, names[i]);
		if (!cJSON_IsString(s))
			return -1;
		*strs[i] = s->valuestring;
	}
	return 0;
}

/* Judges a job. Returns the result document, or NULL with why in err. */
static cJSON *judge_job(struct worker *w, const struct job *j, char *err, size_t errlen)
{
	struct cli *c = w->c;
	struct judge_problem *p = NULL;
	struct judge_result *r = NULL;
	struct judge_options o;
	const struct judge_lang *lang;
	char dir[4096];
	cJSON *doc = NULL;

	if (!cli_valid_id(j->problem)) {
		snprintf(err, errlen, "unknown problem '%s'", j->problem);
		return NULL;
	}
	snprintf(dir, sizeof dir, "%s/%s", c->paths.problems, j->problem);
	if (judge_problem_load(dir, c->langs, NULL, &p, err, errlen) < 0)
		return NULL;
	lang = judge_langs_find(c->langs, j->language);
	if (!lang) {
		snprintf(err, errlen, "unknown language '%s'", j->language);
		goto out;
	}
	judge_options_init(&o);
	o.mode = strcmp(j->mode, "test") == 0 ? JUDGE_MODE_TEST : JUDGE_MODE_SUBMIT;
	o.cache = c->paths.cache;
	o.langs = c->langs;
	o.keep_source = 1;
	o.warn = cli_warn_cb;
	if (judge_generate(p, c->langs, &o, err, errlen) < 0 ||
	    judge_submission(p, lang, lang->source, j->source, strlen(j->source), &o, &r, err,
	                     errlen) < 0)
		goto out;
	doc = judge_result_to_json(r);
	if (!doc)
		snprintf(err, errlen, "out of memory");
out:
	judge_result_free(r);
	judge_problem_free(p);
	return doc;
}

/* Judges one claimed job and posts its result (or why there is none). */
static void run_job(struct worker *w, const struct job *j)
{
	struct beat b;
	pthread_t th;
	int beating;
	char err[2048], path[128];
	cJSON *result, *doc = cJSON_CreateObject();
	struct http_reply reply = {0};

	memset(&b, 0, sizeof b);
	b.w = w;
	b.lease = j->lease;
	b.period_ms = w->lease_s * 1000 / 3;
	snprintf(b.path, sizeof b.path, "/api/jobs/%lld/heartbeat", j->id);
	beating = beat_start(&b, &th) == 0;
	if (!beating)
		fprintf(stderr, "judge worker: job %lld: no heartbeat thread; judging anyway\n",
		        j->id);
	fprintf(stderr, "judge worker: job %lld: %s/%s %s\n", j->id, j->problem, j->language,
	        j->mode);
	result = judge_job(w, j, err, sizeof err);
	if (beating)
		beat_stop(&b, th);
	if (!doc) {
		cJSON_Delete(result);
		fprintf(stderr, "judge worker: job %lld: out of memory\n", j->id);
		return;
	}
	cJSON_AddStringToObject(doc, "lease", j->lease);
	const char *verdict = "error";
	if (result) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(result, "verdict");
		cJSON_AddItemToObject(doc, "result", result);
		verdict = cJSON_IsString(v) ? v->valuestring : "?";
	} else {
		cJSON_AddStringToObject(doc, "error", err);
		fprintf(stderr, "judge worker: job %lld: cannot judge: %s\n", j->id, err);
	}
	snprintf(path, sizeof path, "/api/jobs/%lld/result", j->id);
	/* Retried like a CLI post: the lease makes a repeat harmless. */
	long st = api_post(w, path, doc, 4, &reply, err, sizeof err);
	if (st == 200) {
		fprintf(stderr, "judge worker: job %lld: %s, posted\n", j->id, verdict);
	} else if (st == 409) {
		fprintf(stderr, "judge worker: job %lld: %s, but the lease was lost: dropped\n",
		        j->id, verdict);
	} else if (st > 0) {
		http_error_text(&reply, err, sizeof err);
		fprintf(stderr, "judge worker: job %lld: posting the result: HTTP %ld: %s\n", j->id,
		        st, err);
	} else {
		fprintf(stderr, "judge worker: job %lld: posting the result: %s\n", j->id, err);
	}
	free(reply.body);
	cJSON_Delete(doc);
}

/*** The loop ***/

static void idle_sleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (!stop_requested)
		nanosleep(&ts, NULL); /* a signal ends it early: see on_stop */
}

static int loop(struct worker *w)
{
	long idle_ms = IDLE_MIN_MS;
	int warned = 0;
	cJSON *claim = cJSON_CreateObject();

	if (!claim || !cJSON_AddStringToObject(claim, "worker", w->name) ||
	    !cJSON_AddNumberToObject(claim, "lease_s", (double)w->lease_s)) {
		cJSON_Delete(claim);
		return cli_fail(CLI_INTERNAL, "out of memory");
	}
	fprintf(stderr, "judge worker: %s taking jobs from %s\n", w->name, w->server);
	int rc = CLI_OK;
	while (!stop_requested) {
		struct http_reply reply;
		char err[1024];
		long st = api_post(w, "/api/jobs/claim", claim, 1, &reply, err, sizeof err);

		if (st == 200) {
			cJSON *doc = cJSON_Parse(reply.body);
			struct job j;
			if (doc && parse_job(doc, &j) == 0)
				run_job(w, &j);
			else
				fprintf(stderr,
				        "judge worker: the server sent a job I cannot read\n");
			cJSON_Delete(doc);
			free(reply.body);
			idle_ms = IDLE_MIN_MS;
			warned = 0;
			if (w->once)
				break;
			continue;
		}
		if (st == 401 || st == 403) {
			http_error_text(&reply, err, sizeof err);
			free(reply.body);
			rc = cli_fail(CLI_USAGE, "worker: the server refused the token: %s", err);
			break;
		}
		if (st == 204) {
			if (w->once)
				fprintf(stderr, "judge worker: no job queued\n");
		} else if (st > 0) {
			http_error_text(&reply, err, sizeof err);
			fprintf(stderr, "judge worker: claim: HTTP %ld: %s\n", st, err);
		} else if (!warned || w->once) {
			fprintf(stderr, "judge worker: claim: %s (retrying)\n", err);
			warned = 1;
		}
		free(reply.body);
		if (w->once) {
			rc = st == 204 ? CLI_OK : CLI_INTERNAL;
			break;
		}
		idle_sleep(idle_ms);
		idle_ms = idle_ms * 2 > IDLE_MAX_MS ? IDLE_MAX_MS : idle_ms * 2;
	}
	if (stop_requested)
		fprintf(stderr, "judge worker: stopped\n");
	cJSON_Delete(claim);
	return rc;
}

int cli_worker(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"server", required_argument, NULL, OPT_SERVER},
	    {"token", required_argument, NULL, OPT_TOKEN},
	    {"token-file", required_argument, NULL, OPT_TOKEN_FILE},
	    {"lease", required_argument, NULL, OPT_LEASE},
	    {"once", no_argument, NULL, OPT_ONCE},
	    {"problems", required_argument, NULL, OPT_PROBLEMS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct worker w;
	const char *token_file = NULL;
	char *owned = NULL, host[64], tpath[4096];
	struct sigaction sa;
	int ch, rc;

	memset(&w, 0, sizeof w);
	w.c = c;
	w.lease_s = DEFAULT_LEASE;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_SERVER:
			w.server = optarg;
			break;
		case OPT_TOKEN:
			w.token = optarg;
			break;
		case OPT_TOKEN_FILE:
			token_file = optarg;
			break;
		case OPT_LEASE:
			if (cli_parse_long(optarg, 3, 600, &w.lease_s) < 0)
				return cli_usage_error("worker", "bad --lease '%s' (3 to 600 s)",
				                       optarg);
			break;
		case OPT_ONCE:
			w.once = 1;
			break;
		case OPT_PROBLEMS:
			c->problems_override = optarg;
			break;
		case OPT_HELP:
			fputs(worker_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("worker", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("worker", "unexpected argument '%s'", argv[optind]);
	if (!w.server)
		return cli_usage_error("worker", "missing --server URL");
	if (w.token && token_file)
		return cli_usage_error("worker", "give --token or --token-file, not both");
	if (cli_langs(c) < 0)
		return CLI_INTERNAL;
	if (!w.token) {
		if (!token_file) {
			snprintf(tpath, sizeof tpath, "%s/token", c->paths.config);
			token_file = tpath;
		}
		char err[1024];

		if (token_read(token_file, &owned, err, sizeof err) < 0)
			return cli_fail(CLI_USAGE,
			                "worker: no token: %s (give --token or --token-file)", err);
		w.token = owned;
	}
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "worker");
	host[sizeof host - 1] = '\0';
	snprintf(w.name, sizeof w.name, "%s-%ld", host, (long)getpid());

	/* No SA_RESTART: a signal must cut an idle sleep short. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	rc = loop(&w);
	free(owned);
	return rc;
}

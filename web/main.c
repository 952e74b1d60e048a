/* main.c -- the judge-web command: options, signals, local workers.
 *
 * judge-web [--listen 127.0.0.1:8080] [--db FILE] [--problems DIR] [--workers N]
 *           [--ui DIR] [--languages FILE] [--token-file F] [--judge PATH]
 *           [--lease S] [--threads N] [--help] [--version]
 *
 * The main thread blocks SIGINT, SIGTERM and SIGCHLD before any other thread
 * exists (so the HTTP threads inherit the mask) and then waits for them with
 * sigtimedwait(): no signal handler and no global flag. Every half second it
 * reaps and restarts local workers (exponential backoff, 1 s to 60 s, reset
 * after a minute of good health) and lets the server return expired leases to
 * the queue. Exit status: 0 after SIGINT/SIGTERM, 2 bad usage, 3 cannot start.
 */
#include "web/web.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef WEB_BUILD_DIR
#define WEB_BUILD_DIR ""
#endif
#ifndef WEB_SOURCE_ROOT
#define WEB_SOURCE_ROOT ""
#endif
#ifndef WEB_DATA_DIR
#define WEB_DATA_DIR "/usr/local/share/judge"
#endif

#define MAX_WORKERS 64

struct worker {
	pid_t pid;            /* 0: not running */
	long long started_ms; /* when the current process started */
	long long due_ms;     /* when to (re)start it */
	long long backoff_ms;
};

struct opts {
	const char *listen;
	const char *db;
	const char *problems;
	const char *ui;
	const char *languages;
	const char *token_file;
	const char *judge;
	long workers;
	long lease_s;
	long threads;
};

static void usage(FILE *f)
{
	fputs("usage: judge-web [--listen HOST:PORT] [--db FILE] [--problems DIR] [--workers N]\n"
	      "                 [--ui DIR] [--languages FILE] [--token-file FILE] [--judge PATH]\n"
	      "                 [--threads N]\n"
	      "\n"
	      "  --listen HOST:PORT  address to bind (default 127.0.0.1:8080; port 0: any free\n"
	      "                      port; IPv6 as [::1]:8080)\n"
	      "  --db FILE           SQLite database (default $XDG_DATA_HOME/judge/web.db,\n"
	      "                      else ~/.local/share/judge/web.db)\n"
	      "  --problems DIR      problem packages (default $JUDGE_PROBLEMS, else ./problems)\n"
	      "  --workers N         local `judge worker` processes to run (default 1; 0: none)\n"
	      "  --ui DIR            static files of the browser UI (default: the build tree's\n"
	      "                      web/ui/dist, else the installed one)\n"
	      "  --languages FILE    languages.json (default $JUDGE_LANGUAGES, else the build\n"
	      "                      tree's, else the installed one)\n"
	      "  --token-file FILE   bearer token, created if missing (default\n"
	      "                      $XDG_CONFIG_HOME/judge/token, else ~/.config/judge/token)\n"
	      "  --judge PATH        judge binary for local workers (default: next to judge-web)\n"
	      "  --lease S           lease length in seconds for claims that name none\n"
	      "                      (default 60, at most 600)\n"
	      "  --threads N         HTTP threads (default: one per CPU)\n"
	      "  --help, --version\n",
	      f);
}

static void log_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "judge-web: %s\n", msg);
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "HOST:PORT" or "[V6]:PORT" into host (caller's buffer) and port. */
static int parse_listen(const char *s, char *host, size_t hostlen, unsigned short *port)
{
	const char *colon;
	long p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= hostlen)
			return -1;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= hostlen || colon == s)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (parse_long(colon + 1, 0, 65535, &p))
		return -1;
	*port = (unsigned short)p;
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p of the directory part of path, mode 0700. */
static int make_parents(const char *path)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* $VAR/sub, else $HOME/fallback/sub. */
static int xdg_path(char *out, size_t len, const char *var, const char *fallback, const char *sub)
{
	const char *base = getenv(var);
	if (base && base[0] == '/')
		return snprintf(out, len, "%s/%s", base, sub) < (int)len ? 0 : -1;
	const char *home = getenv("HOME");
	if (!home || !*home)
		return -1;
	return snprintf(out, len, "%s/%s/%s", home, fallback, sub) < (int)len ? 0 : -1;
}

/* Directory of /proc/self/exe, and whether it is this build tree. */
static int exe_dir(char *out, size_t len, int *in_build_tree)
{
	char exe[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	*in_build_tree = 0;
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(out, len, "%s", exe);
	if (WEB_BUILD_DIR[0] && realpath(WEB_BUILD_DIR, build) && !strcmp(build, exe))
		*in_build_tree = 1;
	return 0;
}

/* argv and environment of the local workers, built before any fork. */
struct worker_cmd {
	char *argv[10];
	char **envp; /* environ with JUDGE_LANGUAGES set; array owned, strings not */
	char *lang_env;
};

extern char **environ;

/* `judge worker --server URL --token-file F --problems DIR`, with
 * JUDGE_LANGUAGES in the environment, so that the workers judge the problems
 * this server serves with the same languages file. Borrows the strings. */
static int worker_cmd_init(struct worker_cmd *wc, const char *judge, const char *url,
                           const char *token_file, const char *problems, const char *langs)
{
	size_t n = 0, k = 0;
	int i = 0;

	memset(wc, 0, sizeof *wc);
	wc->argv[i++] = (char *)judge;
	wc->argv[i++] = "worker";
	wc->argv[i++] = "--server";
	wc->argv[i++] = (char *)url;
	wc->argv[i++] = "--token-file";
	wc->argv[i++] = (char *)token_file;
	wc->argv[i++] = "--problems";
	wc->argv[i++] = (char *)problems;
	wc->argv[i] = NULL;
	while (environ && environ[n])
		n++;
	wc->envp = calloc(n + 2, sizeof *wc->envp);
	if (!wc->envp || asprintf(&wc->lang_env, "JUDGE_LANGUAGES=%s", langs) < 0) {
		free(wc->envp);
		wc->envp = NULL;
		return -1;
	}
	for (size_t j = 0; j < n; j++)
		if (strncmp(environ[j], "JUDGE_LANGUAGES=", 16) != 0)
			wc->envp[k++] = environ[j];
	wc->envp[k++] = wc->lang_env;
	wc->envp[k] = NULL;
	return 0;
}

static void worker_cmd_free(struct worker_cmd *wc)
{
	free(wc->envp);
	free(wc->lang_env);
}

static void spawn_worker(struct worker *w, const struct worker_cmd *wc)
{
	const char *judge = wc->argv[0];
	int pfd[2];
	int child_errno = 0;

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		fprintf(stderr, "judge-web: pipe: %s\n", strerror(errno));
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "judge-web: fork: %s\n", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		/* Child: only async-signal-safe calls until exec. */
		sigset_t none;
		sigemptyset(&none);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execve(judge, wc->argv, wc->envp);
		int e = errno;
		ssize_t ignored = write(pfd[1], &e, sizeof e);
		(void)ignored;
		_exit(127);
	}
	close(pfd[1]);
	ssize_t n;
	do
		n = read(pfd[0], &child_errno, sizeof child_errno);
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	w->pid = pid;
	w->started_ms = now_ms();
	if (n == (ssize_t)sizeof child_errno)
		fprintf(stderr, "judge-web: cannot run worker %s: %s\n", judge,
		        strerror(child_errno));
}

static void reap_workers(struct worker *ws, long n)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (long i = 0; i < n; i++) {
			struct worker *w = &ws[i];
			if (w->pid != pid)
				continue;
			long long now = now_ms();
			if (now - w->started_ms > 60000)
				w->backoff_ms = 1000; /* it was healthy for a while */
			w->due_ms = now + w->backoff_ms;
			if (WIFEXITED(status) && WEXITSTATUS(status) != 127)
				fprintf(stderr,
				        "judge-web: worker %d exited with status %d; restarting in "
				        "%lld s\n",
				        (int)pid, WEXITSTATUS(status), w->backoff_ms / 1000);
			else if (WIFSIGNALED(status))
				fprintf(stderr,
				        "judge-web: worker %d killed by signal %d; restarting in "
				        "%lld s\n",
				        (int)pid, WTERMSIG(status), w->backoff_ms / 1000);
			w->backoff_ms = w->backoff_ms * 2 > 60000 ? 60000 : w->backoff_ms * 2;
			w->pid = 0;
		}
	}
}

static void stop_workers(struct worker *ws, long n)
{
	int alive = 0;

	for (long i = 0; i < n; i++)
		if (ws[i].pid > 0) {
			kill(ws[i].pid, SIGTERM);
			alive++;
		}
	long long deadline = now_ms() + 5000;
	while (alive > 0 && now_ms() < deadline) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
		for (long i = 0; i < n; i++)
			if (ws[i].pid > 0 && waitpid(ws[i].pid, NULL, WNOHANG) == ws[i].pid) {
				ws[i].pid = 0;
				alive--;
			}
	}
	for (long i = 0; i < n; i++)
		if (ws[i].pid > 0) {
			kill(ws[i].pid, SIGKILL);
			waitpid(ws[i].pid, NULL, 0);
			ws[i].pid = 0;
		}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"db", required_argument, NULL, 'd'},
	    {"problems", required_argument, NULL, 'p'},
	    {"workers", required_argument, NULL, 'w'},
	    {"ui", required_argument, NULL, 'u'},
	    {"languages", required_argument, NULL, 'L'},
	    {"token-file", required_argument, NULL, 't'},
	    {"judge", required_argument, NULL, 'j'},
	    {"lease", required_argument, NULL, 'e'},
	    {"threads", required_argument, NULL, 'T'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {.listen = "127.0.0.1:8080", .workers = 1, .lease_s = 60};
	char host[256], db[PATH_MAX], token_path[PATH_MAX], ui[PATH_MAX], langs[PATH_MAX];
	char judge[PATH_MAX + 16], exedir[PATH_MAX], url[400], err[1024];
	unsigned short port;
	struct web_server *srv = NULL;
	struct worker workers[MAX_WORKERS];
	struct worker_cmd wcmd = {0};
	char abs_problems[PATH_MAX], abs_langs[PATH_MAX], abs_token[PATH_MAX];
	char *token = NULL;
	int created = 0, in_build = 0, opt, ret = 3;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			o.listen = optarg;
			break;
		case 'd':
			o.db = optarg;
			break;
		case 'p':
			o.problems = optarg;
			break;
		case 'w':
			if (parse_long(optarg, 0, MAX_WORKERS, &o.workers)) {
				fprintf(stderr, "judge-web: --workers: 0 to %d\n", MAX_WORKERS);
				return 2;
			}
			break;
		case 'u':
			o.ui = optarg;
			break;
		case 'L':
			o.languages = optarg;
			break;
		case 't':
			o.token_file = optarg;
			break;
		case 'j':
			o.judge = optarg;
			break;
		case 'e':
			if (parse_long(optarg, 1, 600, &o.lease_s)) {
				fprintf(stderr, "judge-web: --lease: 1 to 600 seconds\n");
				return 2;
			}
			break;
		case 'T':
			if (parse_long(optarg, 1, 64, &o.threads)) {
				fprintf(stderr, "judge-web: --threads: 1 to 64\n");
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("judge-web %s\n", WEB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "judge-web: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (parse_listen(o.listen, host, sizeof host, &port)) {
		fprintf(stderr, "judge-web: --listen: expected HOST:PORT, got '%s'\n", o.listen);
		return 2;
	}

	/* Paths. */
	if (exe_dir(exedir, sizeof exedir, &in_build))
		snprintf(exedir, sizeof exedir, ".");
	if (!o.problems)
		o.problems = getenv("JUDGE_PROBLEMS") && *getenv("JUDGE_PROBLEMS")
		                 ? getenv("JUDGE_PROBLEMS")
		                 : "./problems";
	if (!is_dir(o.problems)) {
		fprintf(stderr, "judge-web: problems directory %s: not found\n", o.problems);
		return 2;
	}
	if (o.db) {
		snprintf(db, sizeof db, "%s", o.db);
	} else if (xdg_path(db, sizeof db, "XDG_DATA_HOME", ".local/share", "judge/web.db") ||
	           make_parents(db)) {
		fprintf(stderr, "judge-web: no place for the database; give --db FILE\n");
		return 2;
	}
	if (o.token_file)
		snprintf(token_path, sizeof token_path, "%s", o.token_file);
	else if (xdg_path(token_path, sizeof token_path, "XDG_CONFIG_HOME", ".config",
	                  "judge/token")) {
		fprintf(stderr, "judge-web: no place for the token; give --token-file FILE\n");
		return 2;
	}
	if (!o.languages && getenv("JUDGE_LANGUAGES") && *getenv("JUDGE_LANGUAGES"))
		o.languages = getenv("JUDGE_LANGUAGES"); /* as the judge CLI does */
	if (o.languages) {
		snprintf(langs, sizeof langs, "%s", o.languages);
	} else {
		snprintf(langs, sizeof langs, "%s/judge/languages.json", WEB_SOURCE_ROOT);
		if (!in_build || !is_file(langs))
			snprintf(langs, sizeof langs, "%s/languages.json", WEB_DATA_DIR);
	}
	ui[0] = '\0';
	if (o.ui) {
		snprintf(ui, sizeof ui, "%s", o.ui);
	} else {
		const char *cands[3] = {NULL, NULL, NULL};
		char c0[PATH_MAX], c1[PATH_MAX], c2[PATH_MAX];
		snprintf(c0, sizeof c0, "%s/web/ui/dist", WEB_BUILD_DIR);
		snprintf(c1, sizeof c1, "%s/web/ui/dist", WEB_SOURCE_ROOT);
		snprintf(c2, sizeof c2, "%s/ui", WEB_DATA_DIR);
		if (in_build) {
			cands[0] = c0;
			cands[1] = c1;
		}
		cands[2] = c2;
		for (int i = 0; i < 3; i++) {
			char idx[PATH_MAX + 16];
			if (!cands[i])
				continue;
			snprintf(idx, sizeof idx, "%s/index.html", cands[i]);
			if (is_file(idx)) {
				snprintf(ui, sizeof ui, "%s", cands[i]);
				break;
			}
		}
	}
	if (o.judge)
		snprintf(judge, sizeof judge, "%s", o.judge);
	else
		snprintf(judge, sizeof judge, "%s/judge", exedir);

	if (web_token_load_or_create(token_path, &token, &created, err, sizeof err)) {
		fprintf(stderr, "judge-web: token: %s\n", err);
		return 2;
	}
	if (created)
		fprintf(stderr, "judge-web: created a new token in %s\n", token_path);

	/* Block the signals before any thread starts; see the top. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct web_config cfg;
	web_config_init(&cfg);
	cfg.listen_host = host;
	cfg.port = port;
	cfg.db_path = db;
	cfg.problems_dir = o.problems;
	cfg.languages = langs;
	cfg.ui_dir = ui[0] ? ui : NULL;
	cfg.token = token;
	cfg.threads = (unsigned)o.threads;
	cfg.default_lease_s = (unsigned)o.lease_s;
	cfg.log = log_stderr;
	if (web_server_start(&cfg, &srv, err, sizeof err)) {
		fprintf(stderr, "judge-web: %s\n", err);
		goto out;
	}
	port = web_server_port(srv);
	int v6 = strchr(host, ':') != NULL;
	printf("judge-web: listening on http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "",
	       (unsigned)port);
	fflush(stdout);
	if (!web_server_ui_root(srv))
		fprintf(stderr, "judge-web: no UI found%s%s; / shows a 'not built' page\n",
		        ui[0] ? " in " : "", ui);

	/* Local workers talk to the server over loopback when it listens on a
	 * wildcard or loopback address, else to the address given. */
	const char *whost = host;
	if (!strcmp(host, "0.0.0.0") || !strncmp(host, "127.", 4))
		whost = "127.0.0.1";
	else if (!strcmp(host, "::") || !strcmp(host, "::1"))
		whost = "::1";
	v6 = strchr(whost, ':') != NULL;
	snprintf(url, sizeof url, "http://%s%s%s:%u/", v6 ? "[" : "", whost, v6 ? "]" : "",
	         (unsigned)port);
	memset(workers, 0, sizeof workers);
	for (long i = 0; i < o.workers; i++)
		workers[i].backoff_ms = 1000;
	if (!realpath(o.problems, abs_problems))
		snprintf(abs_problems, sizeof abs_problems, "%s", o.problems);
	if (!realpath(langs, abs_langs))
		snprintf(abs_langs, sizeof abs_langs, "%s", langs);
	if (!realpath(token_path, abs_token))
		snprintf(abs_token, sizeof abs_token, "%s", token_path);
	if (o.workers > 0 &&
	    worker_cmd_init(&wcmd, judge, url, abs_token, abs_problems, abs_langs)) {
		fprintf(stderr, "judge-web: out of memory\n");
		goto out;
	}

	long long last_tick = 0;
	for (;;) {
		long long now = now_ms();
		for (long i = 0; i < o.workers; i++)
			if (!workers[i].pid && now >= workers[i].due_ms)
				spawn_worker(&workers[i], &wcmd);
		if (now - last_tick >= 1000) {
			if (web_server_tick(srv, err, sizeof err))
				fprintf(stderr, "judge-web: %s\n", err);
			last_tick = now;
		}
		struct timespec ts = {0, 500 * 1000 * 1000};
		int sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		reap_workers(workers, o.workers);
	}
	stop_workers(workers, o.workers);
	ret = 0;
out:
	web_server_stop(srv);
	worker_cmd_free(&wcmd);
	free(token);
	return ret;
}

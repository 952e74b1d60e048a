/* session.c -- one program in one box: saving the source, compiling it in
 * the sandbox (with a content-addressed cache), the harness's static rules,
 * and running the result.
 *
 * The compile cache key hashes the language, the exact compile commands,
 * the identity of each compiler binary (size, mtime, inode: an upgrade
 * changes it), the source and the harness driver with its rules. A hit
 * copies the stored program into the box and skips the compiler; a cached
 * compile error is replayed with its log.
 */
#include "judge/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "judge/util.h"

#define ARTIFACT_MAX (512L << 20)

int64_t engine_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t engine_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The last non-empty line of a text, for a message ("ZeroDivisionError:
 * ..."): control characters become spaces, at most len - 1 bytes. */
void engine_last_line(const char *s, size_t n, char *buf, size_t len)
{
	size_t end = n, start, o = 0;

	buf[0] = 0;
	while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == ' '))
		end--;
	if (end == 0)
		return;
	start = end;
	while (start > 0 && s[start - 1] != '\n')
		start--;
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	for (size_t i = start; i < end && o + 1 < len; i++)
		buf[o++] = (unsigned char)s[i] < 32 || s[i] == 127 ? ' ' : s[i];
	buf[o] = 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_file_at(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	int rc;

	if (fd < 0)
		return -1;
	rc = write_all(fd, data, len);
	if (close(fd) < 0)
		rc = -1;
	if (rc == 0)
		chmod(path, mode);
	return rc;
}

/* Copies src to dst; never follows a symlink at src (it may come out of a
 * box), and refuses anything but a regular file of at most max bytes. */
static int copy_file(const char *src, const char *dst, mode_t mode, off_t max)
{
	char buf[65536];
	struct stat st;
	int in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in < 0)
		return -1;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > max) {
		errno = EINVAL;
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (out < 0)
		goto out;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write_all(out, buf, (size_t)n) < 0)
			goto out;
	if (n < 0)
		goto out;
	fchmod(out, mode);
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0)
		rc = -1;
	return rc;
}

int engine_put_bytes(struct judge_session *s, const char *name, const void *data, size_t len,
                     char *err, size_t errlen)
{
	char *path = jutil_path_join(sbx_box_dir(s->box), name);
	int rc;

	if (!path)
		return jutil_errf(err, errlen, "out of memory");
	unlink(path);
	rc = write_file_at(path, data, len, 0644);
	if (rc < 0)
		jutil_errf(err, errlen, "cannot write %s into the box: %s", name, strerror(errno));
	free(path);
	return rc;
}

int engine_put_file(struct judge_session *s, const char *host_path, const char *name, char *err,
                    size_t errlen)
{
	char *path = jutil_path_join(sbx_box_dir(s->box), name);
	int rc;

	if (!path)
		return jutil_errf(err, errlen, "out of memory");
	unlink(path);
	rc = copy_file(host_path, path, 0644, ARTIFACT_MAX);
	if (rc < 0)
		jutil_errf(err, errlen, "%s: cannot copy into the box: %s", host_path,
		           strerror(errno));
	free(path);
	return rc;
}

/*** Environment ***/

static char **make_env(const struct judge_lang *lang)
{
	static const char *const base[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp",
	                                   "LANG=C.UTF-8", "TMPDIR=/tmp"};
	size_t nb = sizeof base / sizeof base[0], nl = 0;
	char **env;

	while (lang->env && lang->env[nl])
		nl++;
	env = calloc(nb + nl + 1, sizeof *env);
	if (!env)
		return NULL;
	for (size_t i = 0; i < nb; i++)
		env[i] = jutil_strdup(base[i]);
	for (size_t i = 0; i < nl; i++)
		env[nb + i] = jutil_strdup(lang->env[i]);
	for (size_t i = 0; i < nb + nl; i++) {
		if (!env[i]) {
			judge_strv_free(env);
			return NULL;
		}
	}
	return env;
}

/*** Running ***/

int engine_run(struct judge_session *s, char *const *extra_args, int stdin_fd, int out_fd,
               size_t out_max, long time_ms, long memory_mb, struct sbx_result *res)
{
	struct sbx_run_config rc;
	const char **argv;
	size_t n = 0, m = 0;
	int r;

	while (s->run_argv[n])
		n++;
	while (extra_args && extra_args[m])
		m++;
	argv = calloc(n + m + 1, sizeof *argv);
	if (!argv) {
		memset(res, 0, sizeof *res);
		res->status = SBX_IE;
		snprintf(res->message, sizeof res->message, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		argv[i] = s->run_argv[i];
	for (size_t i = 0; i < m; i++)
		argv[n + i] = extra_args[i];
	sbx_run_config_init(&rc);
	rc.argv = argv;
	rc.env = (const char *const *)s->env;
	rc.profile = s->profile;
	rc.cpu_ms = time_ms;
	rc.memory_kb = memory_mb > 0 ? (memory_mb + s->lang->memory_extra_mb) * 1024 : 0;
	rc.max_procs = 64;
	rc.fsize_kb = 64 * 1024;
	rc.nofile = 256;
	rc.stdin_fd = stdin_fd;
	rc.stdout_fd = out_fd;
	rc.stdout_max = out_max;
	rc.stderr_max = 4096;
	r = sbx_box_run(s->box, &rc, res);
	free(argv);
	return r;
}

int judge_session_run(struct judge_session *s, int stdin_fd, long time_ms, long memory_mb,
                      struct sbx_result *res)
{
	return engine_run(s, NULL, stdin_fd, -1, 0, time_ms > 0 ? time_ms : 10000,
	                  memory_mb > 0 ? memory_mb : 256, res);
}

const struct sbx_isolation *judge_session_isolation(const struct judge_session *s)
{
	return sbx_box_isolation(s->box);
}

/*** Compiling ***/

struct log {
	char *buf;
	size_t len;
};

static void log_add(struct log *l, const char *text, size_t len)
{
	char *nb;

	if (!len || l->len >= ENGINE_LOG_MAX)
		return;
	if (len > ENGINE_LOG_MAX - l->len)
		len = ENGINE_LOG_MAX - l->len;
	nb = realloc(l->buf, l->len + len + 1);
	if (!nb)
		return;
	memcpy(nb + l->len, text, len);
	l->buf = nb;
	l->len += len;
	l->buf[l->len] = 0;
}

static void log_addf(struct log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_addf(struct log *l, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		log_add(l, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Runs one compile-step command; appends its output to the log. Returns 0
 * when it succeeded, 1 for a compile error (message in the log), -1 for an
 * internal error (message in err). */
static int compile_step(struct judge_session *s, char *const *argv, struct log *l, char **out_text,
                        char *err, size_t errlen)
{
	struct sbx_run_config rc;
	struct sbx_result res;
	int rcode = 0;

	sbx_run_config_init(&rc);
	rc.argv = (const char *const *)argv;
	rc.env = (const char *const *)s->env;
	rc.profile = SBX_PROFILE_COMPILER;
	rc.cpu_ms = ENGINE_COMPILE_CPU_MS;
	rc.wall_ms = ENGINE_COMPILE_WALL_MS;
	rc.memory_kb = ENGINE_COMPILE_MEM_KB;
	rc.fsize_kb = ENGINE_COMPILE_FSIZE_KB;
	rc.max_procs = 64;
	rc.nofile = 256;
	rc.stdout_max = 4u << 20;
	rc.stderr_max = ENGINE_LOG_MAX;
	sbx_box_run(s->box, &rc, &res);
	if (out_text) {
		*out_text = res.out;
		res.out = NULL;
	} else {
		log_add(l, res.out, res.out_len);
	}
	log_add(l, res.err, res.err_len);
	switch (res.status) {
	case SBX_OK:
		if (res.exit_code != 0) {
			rcode = 1;
			if (l->len == 0)
				log_addf(l, "%s exited with code %d\n", argv[0], res.exit_code);
		}
		break;
	case SBX_TLE:
		log_addf(l, "compilation stopped: it ran past %d s\n",
		         ENGINE_COMPILE_CPU_MS / 1000);
		rcode = 1;
		break;
	case SBX_MLE:
		log_addf(l, "compilation stopped: it needed more than %ld MB of memory\n",
		         ENGINE_COMPILE_MEM_KB / 1024);
		rcode = 1;
		break;
	case SBX_OLE:
		log_addf(l, "compilation stopped: its output or an output file grew past %ld MB\n",
		         ENGINE_COMPILE_FSIZE_KB / 1024);
		rcode = 1;
		break;
	case SBX_RE:
		log_addf(l, "the compiler crashed: %s\n", res.message);
		rcode = 1;
		break;
	case SBX_SV:
	case SBX_IE:
	default:
		jutil_errf(err, errlen, "compiler %s: %s: %s", argv[0], sbx_status_name(res.status),
		           res.message);
		rcode = -1;
		break;
	}
	sbx_result_free(&res);
	return rcode;
}

/* The harness's static rules on the candidate's object: no forbidden
 * undefined symbol (nm -u), at most max_static_data bytes of writable static
 * data (size -A). Both tools run in the box. */
static int static_rules(struct judge_session *s, struct log *l, char *err, size_t errlen)
{
	const struct judge_harness *h = s->harness;
	char *obj = s->lang->harness_object, *text = NULL;
	char *nm[] = {"/usr/bin/nm", "-u", "-j", obj, NULL};
	char *size[] = {"/usr/bin/size", "-A", "-d", obj, NULL};
	struct log scratch = {0};
	long total = 0;
	int rc;

	if (h->forbidden_symbols && h->forbidden_symbols[0]) {
		rc = compile_step(s, nm, &scratch, &text, err, errlen);
		if (rc != 0) {
			log_add(l, scratch.buf, scratch.len);
			goto out;
		}
		for (char *save = NULL, *sym = strtok_r(text, "\n", &save); sym;
		     sym = strtok_r(NULL, "\n", &save)) {
			for (char **pat = h->forbidden_symbols; *pat; pat++) {
				if (fnmatch(*pat, sym, 0) == 0) {
					log_addf(l,
					         "static rule broken: the program uses the "
					         "forbidden symbol "
					         "'%.100s' (rule '%.60s'): all memory must come "
					         "from the "
					         "arena\n",
					         sym, *pat);
					rc = 1;
					goto out;
				}
			}
		}
		free(text);
		text = NULL;
	}
	if (h->max_static_data >= 0) {
		rc = compile_step(s, size, &scratch, &text, err, errlen);
		if (rc != 0) {
			log_add(l, scratch.buf, scratch.len);
			goto out;
		}
		for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char name[128];
			long bytes;

			if (sscanf(line, "%127s %ld", name, &bytes) != 2)
				continue;
			if (strncmp(name, ".data.rel.ro", 12) == 0)
				continue; /* read-only after relocation */
			if (strncmp(name, ".data", 5) == 0 || strncmp(name, ".bss", 4) == 0 ||
			    strncmp(name, ".tdata", 6) == 0 || strncmp(name, ".tbss", 5) == 0)
				total += bytes;
		}
		if (total > h->max_static_data) {
			log_addf(
			    l,
			    "static rule broken: %ld bytes of writable static data (.data + .bss); "
			    "the limit is %ld: keep the bookkeeping inside the arena\n",
			    total, h->max_static_data);
			rc = 1;
			goto out;
		}
	}
	rc = 0;
out:
	free(text);
	free(scratch.buf);
	return rc;
}

/* The file the run command executes from the box, if it is the compiler's
 * output ("./solution" -> "solution"); NULL for interpreted languages. */
static const char *artifact(const struct judge_session *s)
{
	const char *a0 = s->run_argv[0];

	return strncmp(a0, "./", 2) == 0 ? a0 + 2 : NULL;
}

static void hash_argvv(struct judge_sha256 *h, char ***cmds)
{
	for (size_t i = 0; cmds && cmds[i]; i++) {
		struct stat st;

		for (size_t j = 0; cmds[i][j]; j++)
			judge_sha256_update(h, cmds[i][j], strlen(cmds[i][j]) + 1);
		/* The compiler's identity: an upgrade changes the key. */
		if (stat(cmds[i][0], &st) == 0) {
			long long id[3] = {(long long)st.st_size, (long long)st.st_mtime,
			                   (long long)st.st_ino};

			judge_sha256_update(h, id, sizeof id);
		}
	}
}

static int cache_key(const struct judge_session *s, char ***cmds, const char *source, size_t len,
                     const char *driver, char hex[65])
{
	struct judge_sha256 h;
	char *dbuf = NULL;
	size_t dlen = 0;
	char err[256];

	judge_sha256_init(&h);
	judge_sha256_update(&h, "judge-compile-v1", 17);
	/* The judge's version and the sandbox's level: a compile error that came
	 * from the environment (a sandbox bug, a missing feature) is not replayed
	 * by a judge or a machine where it would not happen. */
	judge_sha256_update(&h, judge_version(), strlen(judge_version()) + 1);
	{
		const struct sbx_isolation *iso = sbx_box_isolation(s->box);
		int lvl[3] = {(int)iso->level, (int)iso->namespaces, iso->landlock};

		judge_sha256_update(&h, lvl, sizeof lvl);
	}
	judge_sha256_update(&h, s->lang->id, strlen(s->lang->id) + 1);
	hash_argvv(&h, cmds);
	judge_sha256_update(&h, &len, sizeof len);
	judge_sha256_update(&h, source, len);
	if (driver) {
		if (judge_read_file(driver, 16 << 20, &dbuf, &dlen, err, sizeof err) < 0)
			return -1;
		judge_sha256_update(&h, dbuf, dlen);
		free(dbuf);
		for (char **p = s->harness->forbidden_symbols; p && *p; p++)
			judge_sha256_update(&h, *p, strlen(*p) + 1);
		judge_sha256_update(&h, &s->harness->max_static_data,
		                    sizeof s->harness->max_static_data);
	}
	judge_sha256_final(&h, hex);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void engine_rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int engine_mkdirs(const char *path, int whole)
{
	char tmp[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return whole && mkdir(tmp, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* Looks the key up. Returns 1 on a hit (ci filled, program copied in). */
static int cache_get(struct judge_session *s, const char *dir)
{
	char *status = jutil_path_join(dir, "status"), *logp = jutil_path_join(dir, "log");
	char *sbuf = NULL, *lbuf = NULL, err[256];
	size_t slen = 0, llen = 0;
	int hit = 0;

	if (!status || !logp || judge_read_file(status, 16, &sbuf, &slen, err, sizeof err) < 0 ||
	    judge_read_file(logp, ENGINE_LOG_MAX + 1, &lbuf, &llen, err, sizeof err) < 0)
		goto out;
	if (strcmp(sbuf, "ok") == 0) {
		const char *a = artifact(s);

		if (a) {
			char *src = jutil_path_join(dir, a);
			char *dst = jutil_path_join(sbx_box_dir(s->box), a);
			int rc = src && dst ? copy_file(src, dst, 0755, ARTIFACT_MAX) : -1;

			free(src);
			free(dst);
			if (rc < 0)
				goto out;
		}
		s->ci.ok = 1;
	} else if (strcmp(sbuf, "ce") == 0) {
		s->ci.ok = 0;
	} else {
		goto out;
	}
	s->ci.log = lbuf;
	lbuf = NULL;
	s->ci.cached = 1;
	hit = 1;
out:
	free(status);
	free(logp);
	free(sbuf);
	free(lbuf);
	return hit;
}

/* Stores a compilation: written to a temporary directory, then renamed, so
 * a reader never sees half an entry. Failures only cost the cache. */
static void cache_put(struct judge_session *s, const char *dir)
{
	char *tmp = jutil_asprintf("%s.tmp%ld", dir, (long)getpid());
	char *p = NULL;
	const char *a = artifact(s);

	if (!tmp || engine_mkdirs(tmp, 1) < 0)
		goto out;
	p = jutil_path_join(tmp, "log");
	if (!p || write_file_at(p, s->ci.log ? s->ci.log : "", s->ci.log ? strlen(s->ci.log) : 0,
	                        0644) < 0)
		goto fail;
	if (s->ci.ok && a) {
		char *src = jutil_path_join(sbx_box_dir(s->box), a);
		char *dst = jutil_path_join(tmp, a);
		int rc = src && dst ? copy_file(src, dst, 0755, ARTIFACT_MAX) : -1;

		free(src);
		free(dst);
		if (rc < 0)
			goto fail;
	}
	free(p);
	p = jutil_path_join(tmp, "status");
	if (!p || write_file_at(p, s->ci.ok ? "ok" : "ce", 2, 0644) < 0)
		goto fail;
	if (rename(tmp, dir) == 0)
		goto out;
fail:
	/* Leave nothing half-written behind. */
	if (tmp)
		engine_rm_tree(tmp);
out:
	free(p);
	free(tmp);
}

static int compile(struct judge_session *s, const char *source, size_t len, const char *driver,
                   const struct judge_options *o, char *err, size_t errlen)
{
	char ***cmds =
	    s->harness && s->lang->harness_compile ? s->lang->harness_compile : s->lang->compile;
	char hex[65], *cdir = NULL;
	struct log l = {0};
	uint64_t t0 = engine_mono_us();
	int checked = 0, rc = 0;

	if (o && o->cache && cache_key(s, cmds, source, len, driver, hex) == 0) {
		cdir = jutil_asprintf("%s/compile/%.2s/%s", o->cache, hex, hex + 2);
		if (cdir && cache_get(s, cdir)) {
			s->ci.time_ms = (long)((engine_mono_us() - t0) / 1000);
			free(cdir);
			return 0;
		}
	}
	for (size_t i = 0; cmds && cmds[i] && rc == 0; i++) {
		rc = compile_step(s, cmds[i], &l, NULL, err, errlen);
		if (rc == 0 && s->harness && s->lang->harness_object && !checked) {
			char *obj = jutil_path_join(sbx_box_dir(s->box), s->lang->harness_object);

			if (obj && access(obj, F_OK) == 0) {
				checked = 1;
				rc = static_rules(s, &l, err, errlen);
			}
			free(obj);
		}
	}
	s->ci.time_ms = (long)((engine_mono_us() - t0) / 1000);
	s->ci.log = l.buf ? l.buf : jutil_strdup("");
	if (rc < 0) {
		free(cdir);
		return -1;
	}
	s->ci.ok = rc == 0;
	if (cdir) {
		char *parent = jutil_strdup(cdir);
		char *slash = parent ? strrchr(parent, '/') : NULL;

		if (slash) {
			*slash = 0;
			engine_mkdirs(parent, 1);
		}
		free(parent);
		cache_put(s, cdir);
	}
	free(cdir);
	return 0;
}

static void warn_adapter(void *ctx, const char *msg)
{
	const struct judge_options *o = ctx;

	if (o->warn)
		o->warn(o->ctx, msg);
}

static char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return jutil_strdup(slash ? slash + 1 : path);
}

int judge_session_open(const struct judge_problem *p, const struct judge_lang *lang,
                       const char *source, size_t len, const struct judge_options *o,
                       struct judge_session **out, struct judge_compile_info *ci, char *err,
                       size_t errlen)
{
	struct judge_session *s = calloc(1, sizeof *s);
	struct sbx_box_config bc;
	char *driver_name = NULL;
	const char *driver = NULL;

	*out = NULL;
	memset(ci, 0, sizeof *ci);
	if (!s)
		return jutil_errf(err, errlen, "out of memory");
	s->lang = lang;
	if (sbx_profile_parse(lang->profile, &s->profile) < 0) {
		jutil_errf(err, errlen, "language %s: unknown profile \"%s\"", lang->id,
		           lang->profile);
		goto fail;
	}
	if (p && p->style == JUDGE_STYLE_HARNESS) {
		s->harness = judge_problem_harness(p, lang->id);
		if (!s->harness) {
			jutil_errf(err, errlen, "problem %s has no harness for %s", p->id,
			           lang->id);
			goto fail;
		}
		driver = s->harness->driver;
	}
	s->run_argv = s->harness && lang->harness_run ? lang->harness_run : lang->run;
	s->env = make_env(lang);
	if (!s->env) {
		jutil_errf(err, errlen, "out of memory");
		goto fail;
	}
	sbx_box_config_init(&bc);
	if (o) {
		bc.no_namespaces = o->no_namespaces;
		bc.no_cgroup = o->no_cgroup;
		bc.warn = o->warn ? warn_adapter : NULL;
		bc.warn_ctx = (void *)o;
	}
	if (sbx_box_open(&bc, &s->box, err, errlen) < 0)
		goto fail;
	if (engine_put_bytes(s, lang->source, source, len, err, errlen) < 0)
		goto fail;
	if (driver) {
		driver_name = base_name(driver);
		if (!driver_name || engine_put_file(s, driver, driver_name, err, errlen) < 0)
			goto fail;
	}
	if (compile(s, source, len, driver, o, err, errlen) < 0)
		goto fail;
	free(driver_name);
	*ci = s->ci;
	*out = s;
	return 0;
fail:
	free(driver_name);
	judge_session_close(s);
	return -1;
}

void judge_session_close(struct judge_session *s)
{
	if (!s)
		return;
	sbx_box_close(s->box);
	judge_strv_free(s->env);
	free(s->ci.log);
	free(s);
}

const struct judge_lang *engine_helper_lang(const struct judge_langs *langs, const char *path,
                                            char *err, size_t errlen)
{
	const struct judge_lang *l = judge_langs_by_file(langs, path);

	if (!l)
		jutil_errf(err, errlen, "%s: no language for this file name", path);
	return l;
}

int engine_helper_open(const struct judge_langs *langs, const char *path,
                       const struct judge_problem *p, const struct judge_options *o,
                       struct judge_session **out, char *err, size_t errlen)
{
	const struct judge_lang *lang = engine_helper_lang(langs, path, err, errlen);
	struct judge_compile_info ci;
	char *src = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (!lang || judge_read_file(path, JUDGE_SOURCE_MAX, &src, &len, err, errlen) < 0)
		return -1;
	rc = judge_session_open(p, lang, src, len, o, out, &ci, err, errlen);
	free(src);
	if (rc < 0)
		return -1;
	if (!ci.ok) {
		char first[300];

		jutil_escape(first, sizeof first, ci.log ? ci.log : "",
		             ci.log ? strlen(ci.log) : 0);
		jutil_errf(err, errlen, "%s does not compile: %s", path, first);
		judge_session_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

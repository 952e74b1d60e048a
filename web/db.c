/* db.c -- the SQLite store of judge-web.
 *
 * One table, `submissions`, holds both the browser's submissions (origin web,
 * judged by workers through the job queue) and results posted by the CLI
 * (origin cli, stored already judged). Summary columns (verdict, time_ms,
 * memory_kb, passed, total) are filled when a result arrives so that listing
 * never parses stored JSON; the full result is kept as canonical JSON text.
 *
 * Concurrency: WAL mode, synchronous=NORMAL (a commit is durable against a
 * crash of the process; a power cut may drop the last commits). Every thread
 * gets its own connection for reads (a pthread key; the destructor closes it
 * when the thread exits) with its prepared statements cached. Readers never
 * lock. Every write takes the one process-wide `write_lock` and runs on the
 * one writer connection: SQLite's busy handler sleeps in growing steps and
 * makes tail latency poor when threads compete for the database's write lock
 * (shared research B.3), and a single writer keeps its page cache warm,
 * whereas a connection that sees another's commit drops its whole cache.
 * busy_timeout stays as a safety net against other processes (the sqlite3
 * shell, a backup). Checkpoints run in a thread of their own (PASSIVE), not
 * inside a request holding the write lock.
 *
 * Schema versions: PRAGMA user_version counts the migrations applied; each
 * migration runs in its own IMMEDIATE transaction together with the bump.
 *
 * Leases: a claimed job holds a random lease token and an expiry time (ms).
 * Expired leases are returned to the queue by web_db_requeue_expired() (from
 * the server's tick and before every claim). A heartbeat or a result must
 * name the current lease; after a requeue the old lease no longer matches,
 * so a late result is refused and each job is finished exactly once. A job
 * whose lease expired WEB_MAX_ATTEMPTS times is marked failed instead of
 * being queued again, so one poisonous submission cannot kill workers forever.
 */
#include "web/webint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <sqlite3.h>

#define WEB_MAX_ATTEMPTS 5

enum stmt_id {
	ST_INSERT_SUB,
	ST_INSERT_RESULT,
	ST_ID_BY_KEY,
	ST_GET,
	ST_REQUEUE,
	ST_PICK,
	ST_TAKE,
	ST_HEARTBEAT,
	ST_FINISH,
	ST_JOB_STATE,
	ST_COUNTS,
	ST_BEST_AC,
	ST_BEST_LAST,
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_COUNT
};

/* Columns shared by the list and the single document, in this order. */
#define SUMMARY_COLS                                                                               \
	"id, problem, language, mode, status, verdict, time_ms, memory_kb, passed, total, "        \
	"origin, created_at"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_INSERT_SUB] = "INSERT INTO submissions (problem, language, mode, status, source, origin,"
                      " created_at, updated_at) VALUES (?1, ?2, ?3, 'queued', ?4, 'web', ?5, ?5)",
    [ST_INSERT_RESULT] =
        "INSERT INTO submissions (problem, language, mode, status, verdict, time_ms,"
        " memory_kb, passed, total, source, result, origin, result_key, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, 'done', ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'cli', ?11,"
        " ?12, ?12) ON CONFLICT (result_key) DO NOTHING",
    [ST_ID_BY_KEY] = "SELECT id FROM submissions WHERE result_key = ?1",
    [ST_GET] = "SELECT " SUMMARY_COLS ", updated_at, message, source, result, attempts"
               " FROM submissions WHERE id = ?1",
    [ST_REQUEUE] = "UPDATE submissions SET status = CASE WHEN attempts >= ?3 THEN 'failed'"
                   " ELSE 'queued' END, message = CASE WHEN attempts >= ?3 THEN"
                   " 'the lease expired ' || attempts || ' times; giving up' ELSE message END,"
                   " lease = NULL, lease_expires = NULL, worker = NULL, updated_at = ?2"
                   " WHERE status = 'running' AND lease_expires < ?1",
    [ST_PICK] = "SELECT id, problem, language, mode, source FROM submissions"
                " WHERE status = 'queued' ORDER BY id LIMIT 1",
    [ST_TAKE] = "UPDATE submissions SET status = 'running', lease = ?2, lease_ms = ?3,"
                " lease_expires = ?4, worker = ?5, attempts = attempts + 1, updated_at = ?6"
                " WHERE id = ?1 AND status = 'queued'",
    [ST_HEARTBEAT] = "UPDATE submissions SET lease_expires = ?3 + lease_ms, updated_at = ?4"
                     " WHERE id = ?1 AND status = 'running' AND lease = ?2"
                     " RETURNING lease_expires",
    [ST_FINISH] = "UPDATE submissions SET status = ?3, verdict = ?4, time_ms = ?5,"
                  " memory_kb = ?6, passed = ?7, total = ?8, result = ?9, result_key = ?10,"
                  " message = ?11, lease_expires = NULL, updated_at = ?12,"
                  " source = coalesce(source, ?13)"
                  " WHERE id = ?1 AND status = 'running' AND lease = ?2",
    [ST_JOB_STATE] = "SELECT status, lease, problem, language, mode FROM submissions"
                     " WHERE id = ?1",
    /* Each count matches a partial index's WHERE verbatim, so it is used. */
    [ST_COUNTS] = "SELECT (SELECT count(*) FROM submissions WHERE status = 'queued'),"
                  " (SELECT count(*) FROM submissions WHERE status = 'running')",
    [ST_BEST_AC] = "SELECT 1 FROM submissions WHERE problem = ?1 AND verdict = 'AC'"
                   " AND mode = 'submit' LIMIT 1",
    [ST_BEST_LAST] = "SELECT verdict FROM submissions WHERE problem = ?1 AND mode = 'submit'"
                     " AND verdict IS NOT NULL ORDER BY id DESC LIMIT 1",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

/* Migrations, applied in order; never edit one that has shipped. */
static const char *const migrations[] = {
    /* 1: the submissions table and the indexes of the list filters.
     * No AUTOINCREMENT: rows are never deleted, so ids are never reused,
     * and it would cost one more page write (sqlite_sequence) per commit.
     * `summary` is the row's list entry, rendered by SQLite when the row is
     * written, so listing copies one column per row. Its values are ids
     * checked on the way in, enums and numbers: nothing needs the '<'
     * escaping of wbuf_str(). */
    "CREATE TABLE submissions ("
    " id INTEGER PRIMARY KEY,"
    " problem TEXT NOT NULL,"
    " language TEXT NOT NULL,"
    " mode TEXT NOT NULL CHECK (mode IN ('submit', 'test')),"
    " status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),"
    " verdict TEXT CHECK (verdict IS NULL OR verdict IN"
    "  ('AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE', 'SV', 'IE')),"
    " time_ms INTEGER, memory_kb INTEGER, passed INTEGER, total INTEGER,"
    " source TEXT,"
    " result TEXT,"
    " message TEXT,"
    " origin TEXT NOT NULL CHECK (origin IN ('web', 'cli')),"
    " result_key TEXT UNIQUE,"
    " created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " lease TEXT, lease_ms INTEGER, lease_expires INTEGER, worker TEXT,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " summary TEXT GENERATED ALWAYS AS (json_object('id', id, 'problem', problem,"
    "  'language', language, 'mode', mode, 'status', status, 'verdict', verdict,"
    "  'time_ms', time_ms, 'memory_kb', memory_kb, 'passed', passed, 'total', total,"
    "  'origin', origin, 'created_at', created_at)) STORED);"
    "CREATE INDEX submissions_problem ON submissions (problem, id);"
    "CREATE INDEX submissions_language ON submissions (language, id);"
    "CREATE INDEX submissions_verdict ON submissions (verdict, id);"
    "CREATE INDEX submissions_status ON submissions (status, id);"
    "CREATE INDEX submissions_lease ON submissions (lease_expires) WHERE status = 'running';",
    /* 2: the status index becomes partial indexes of the rare statuses.
     * Most rows are 'done' (every CLI result), and an index entry costs one
     * more WAL frame (two writes) per commit; 'done' rows are found by the
     * newest-first scan of the primary key, since they are the common case.
     * Queries name the status as a literal, so the planner can use these. */
    "DROP INDEX submissions_status;"
    "CREATE INDEX submissions_queued ON submissions (id) WHERE status = 'queued';"
    "CREATE INDEX submissions_running ON submissions (id) WHERE status = 'running';"
    "CREATE INDEX submissions_failed ON submissions (id) WHERE status = 'failed';",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

struct web_conn {
	struct web_store *store;
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	/* One per combination of list filters: problem, language and verdict
	 * (bits 0-2) times the status (none or one of four, as a literal). */
	sqlite3_stmt *list[8 * 5];
	struct web_conn *prev, *next;
};

struct web_store {
	/* The one connection that writes, used only under write_lock: its page
	 * cache stays valid (in WAL mode a commit by another connection makes
	 * every other connection drop its cache at its next transaction). */
	struct web_conn *writer;
	char *path;
	/* Serialises every write transaction of the process (see the top). */
	pthread_mutex_t write_lock;
	/* The checkpointer thread (see checkpointer()): woken by the writer's
	 * WAL hook when the WAL has grown by CHECKPOINT_PAGES pages. */
	pthread_t ckpt_thread;
	int ckpt_running;
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_cond;
	int ckpt_wanted, ckpt_stop;
	int ckpt_mark; /* WAL size at the last wake-up; under write_lock */
	/* Guards `conns`: threads open and close connections concurrently. */
	pthread_mutex_t conns_lock;
	pthread_key_t key;
	struct web_conn *conns;
};

long long web_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void web_iso_time(long long ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int web_random_hex(char *out, size_t nbytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[64];
	size_t got = 0;

	if (nbytes > sizeof raw) {
		errno = EINVAL;
		return -1;
	}
	while (got < nbytes) {
		ssize_t n = getrandom(raw + got, nbytes - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < nbytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * nbytes] = '\0';
	return 0;
}

static int db_fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "database: %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

static void conn_close(struct web_conn *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	for (size_t i = 0; i < sizeof c->list / sizeof c->list[0]; i++)
		sqlite3_finalize(c->list[i]);
	sqlite3_close(c->db);
	free(c);
}

/* Unlinks and closes; used by the thread-exit destructor and at close. */
static void conn_release(struct web_conn *c)
{
	struct web_store *s = c->store;

	pthread_mutex_lock(&s->conns_lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&s->conns_lock);
	conn_close(c);
}

static void conn_destructor(void *p)
{
	conn_release(p);
}

static struct web_conn *conn_open(struct web_store *s, char *err, size_t errlen)
{
	struct web_conn *c = calloc(1, sizeof *c);
	char *msg = NULL;

	if (!c) {
		snprintf(err, errlen, "database: out of memory");
		return NULL;
	}
	c->store = s;
	int rc =
	    sqlite3_open_v2(s->path, &c->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "database %s: %s", s->path,
		         c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 5000);
	if (sqlite3_exec(c->db,
	                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                 " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
	                 " PRAGMA journal_size_limit = 67108864;"
	                 " PRAGMA cache_size = -32768;",
	                 NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "database %s: %s", s->path, msg ? msg : "setup failed");
		sqlite3_free(msg);
		goto fail;
	}
	return c;
fail:
	conn_close(c);
	return NULL;
}

struct web_conn *web_store_conn(struct web_store *s, char *err, size_t errlen)
{
	struct web_conn *c = pthread_getspecific(s->key);

	if (c)
		return c;
	c = conn_open(s, err, errlen);
	if (!c)
		return NULL;
	pthread_mutex_lock(&s->conns_lock);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	pthread_mutex_unlock(&s->conns_lock);
	if (pthread_setspecific(s->key, c) != 0) {
		conn_release(c);
		snprintf(err, errlen, "database: cannot attach a connection to the thread");
		return NULL;
	}
	return c;
}

static sqlite3_stmt *stmt(struct web_conn *c, enum stmt_id id, char *err, size_t errlen)
{
	if (!c->st[id] && sqlite3_prepare_v3(c->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
	                                     &c->st[id], NULL) != SQLITE_OK) {
		db_fail(c->db, "prepare", err, errlen);
		return NULL;
	}
	return c->st[id];
}

static int exec_simple(struct web_conn *c, enum stmt_id id, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(c, id, err, errlen);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, stmt_sql[id], err, errlen);
	return 0;
}

static int migrate(struct web_conn *c, char *err, size_t errlen)
{
	sqlite3_stmt *v = NULL;
	int version = 0, ret = -1;
	char *msg = NULL;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &v, NULL) != SQLITE_OK ||
	    sqlite3_step(v) != SQLITE_ROW) {
		db_fail(c->db, "reading the schema version", err, errlen);
		goto out;
	}
	version = sqlite3_column_int(v, 0);
	/* A statement still open on the connection would lock DROP INDEX. */
	sqlite3_finalize(v);
	v = NULL;
	if (version < 0 || (size_t)version > NMIGRATIONS) {
		snprintf(err, errlen,
		         "database schema version %d is newer than this judge-web knows (%zu)",
		         version, NMIGRATIONS);
		goto out;
	}
	for (size_t i = (size_t)version; i < NMIGRATIONS; i++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %zu", i + 1);
		if (exec_simple(c, ST_BEGIN, err, errlen))
			goto out;
		if (sqlite3_exec(c->db, migrations[i], NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(c->db, bump, NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errlen, "database migration %zu: %s", i + 1,
			         msg ? msg : "failed");
			exec_simple(c, ST_ROLLBACK, err + strlen(err), 0);
			goto out;
		}
		if (exec_simple(c, ST_COMMIT, err, errlen))
			goto out;
	}
	ret = 0;
out:
	sqlite3_free(msg);
	sqlite3_finalize(v);
	return ret;
}

/* Pages in the WAL that make the writer wake the checkpointer (4 MiB). */
#define CHECKPOINT_PAGES 1000
/* Frames left in the WAL after a checkpoint that make the checkpointer
 * catch up under the write lock (64 MiB), see checkpointer(). */
#define CHECKPOINT_CATCH_UP 16384

/* WAL hook of the writer connection, called after each commit with the
 * number of frames in the WAL; wakes the checkpointer each time the WAL has
 * grown by CHECKPOINT_PAGES. Replaces SQLite's auto-checkpoint, which
 * would run (and fsync) inside the committing request under the write lock.
 * Only signals; runs under write_lock. */
static int wal_hook(void *cls, sqlite3 *db, const char *name, int pages)
{
	struct web_store *s = cls;
	(void)db;
	(void)name;

	if (pages < s->ckpt_mark)
		s->ckpt_mark = 0; /* the WAL restarted */
	if (pages >= s->ckpt_mark + CHECKPOINT_PAGES) {
		s->ckpt_mark = pages;
		pthread_mutex_lock(&s->ckpt_lock);
		s->ckpt_wanted = 1;
		pthread_cond_signal(&s->ckpt_cond);
		pthread_mutex_unlock(&s->ckpt_lock);
	}
	return SQLITE_OK;
}

/* The checkpointer: copies committed WAL frames into the database file with
 * PASSIVE checkpoints on its own connection, which never wait for readers or
 * the writer; the fsync of the database file happens here, not in a
 * request. A PASSIVE checkpoint only copies the frames committed when it
 * started, and the WAL restarts from its beginning only once every frame is
 * copied; under a steady stream of writes that never happens and the WAL
 * grows without bound, making every page lookup slower (readers search the
 * WAL index first). So when the WAL still holds more than CHECKPOINT_CATCH_UP
 * frames after a checkpoint, a second one runs under the write lock: it
 * has only the frames that arrived during the first to copy, plus one fsync,
 * and afterwards the next write restarts the WAL. */
static void *checkpointer(void *arg)
{
	struct web_store *s = arg;
	char err[256];
	struct web_conn *c = conn_open(s, err, sizeof err);

	pthread_mutex_lock(&s->ckpt_lock);
	for (;;) {
		while (!s->ckpt_wanted && !s->ckpt_stop)
			pthread_cond_wait(&s->ckpt_cond, &s->ckpt_lock);
		if (s->ckpt_stop)
			break;
		s->ckpt_wanted = 0;
		pthread_mutex_unlock(&s->ckpt_lock);
		int log = 0, done = 0;
		if (c &&
		    sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log,
		                              &done) == SQLITE_OK &&
		    log > CHECKPOINT_CATCH_UP) {
			pthread_mutex_lock(&s->write_lock);
			sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
			                          NULL);
			pthread_mutex_unlock(&s->write_lock);
		}
		pthread_mutex_lock(&s->ckpt_lock);
	}
	pthread_mutex_unlock(&s->ckpt_lock);
	conn_close(c);
	return NULL;
}

int web_store_open(const char *path, struct web_store **out, char *err, size_t errlen)
{
	struct web_store *s = calloc(1, sizeof *s);
	int have_key = 0, have_mutex = 0;

	*out = NULL;
	if (!s || !(s->path = strdup(path))) {
		snprintf(err, errlen, "database: out of memory");
		goto fail;
	}
	if (pthread_key_create(&s->key, conn_destructor) != 0) {
		snprintf(err, errlen, "database: no thread key");
		goto fail;
	}
	have_key = 1;
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_mutex_init(&s->conns_lock, NULL);
	pthread_mutex_init(&s->ckpt_lock, NULL);
	pthread_cond_init(&s->ckpt_cond, NULL);
	have_mutex = 1;
	s->writer = conn_open(s, err, errlen);
	if (!s->writer || migrate(s->writer, err, errlen))
		goto fail;
	if (pthread_create(&s->ckpt_thread, NULL, checkpointer, s) != 0) {
		snprintf(err, errlen, "database: cannot start the checkpointer thread");
		goto fail;
	}
	s->ckpt_running = 1;
	sqlite3_wal_hook(s->writer->db, wal_hook, s);
	*out = s;
	return 0;
fail:
	if (have_mutex) {
		web_store_close(s);
		return -1;
	}
	if (have_key)
		pthread_key_delete(s->key);
	if (s)
		free(s->path);
	free(s);
	return -1;
}

void web_store_close(struct web_store *s)
{
	if (!s)
		return;
	if (s->ckpt_running) {
		pthread_mutex_lock(&s->ckpt_lock);
		s->ckpt_stop = 1;
		pthread_cond_signal(&s->ckpt_cond);
		pthread_mutex_unlock(&s->ckpt_lock);
		pthread_join(s->ckpt_thread, NULL);
	}
	pthread_setspecific(s->key, NULL);
	pthread_mutex_lock(&s->conns_lock);
	struct web_conn *list = s->conns;
	s->conns = NULL;
	pthread_mutex_unlock(&s->conns_lock);
	/* Threads that owned these have exited or will never touch them again
	 * (the HTTP daemon is stopped before the store is closed). */
	for (struct web_conn *c = list; c;) {
		struct web_conn *next = c->next;
		conn_close(c);
		c = next;
	}
	/* The last connection: copy the whole WAL back and truncate it. */
	if (s->writer && s->writer->db)
		sqlite3_exec(s->writer->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	conn_close(s->writer);
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->write_lock);
	pthread_mutex_destroy(&s->conns_lock);
	pthread_mutex_destroy(&s->ckpt_lock);
	pthread_cond_destroy(&s->ckpt_cond);
	free(s->path);
	free(s);
}

/*** Writing rows as JSON ***/

static void put_text(struct wbuf *b, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	if (!t) {
		wbuf_puts(b, "null");
		return;
	}
	wbuf_str(b, (const char *)t, (size_t)sqlite3_column_bytes(s, col));
}

static void put_int(struct wbuf *b, sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		wbuf_puts(b, "null");
	else
		wbuf_int(b, sqlite3_column_int64(s, col));
}

/* Writes the summary fields (SUMMARY_COLS), without the closing brace. */
static void put_summary(struct wbuf *b, sqlite3_stmt *s)
{
	wbuf_puts(b, "{\"id\":");
	put_int(b, s, 0);
	wbuf_puts(b, ",\"problem\":");
	put_text(b, s, 1);
	wbuf_puts(b, ",\"language\":");
	put_text(b, s, 2);
	wbuf_puts(b, ",\"mode\":");
	put_text(b, s, 3);
	wbuf_puts(b, ",\"status\":");
	put_text(b, s, 4);
	wbuf_puts(b, ",\"verdict\":");
	put_text(b, s, 5);
	wbuf_puts(b, ",\"time_ms\":");
	put_int(b, s, 6);
	wbuf_puts(b, ",\"memory_kb\":");
	put_int(b, s, 7);
	wbuf_puts(b, ",\"passed\":");
	put_int(b, s, 8);
	wbuf_puts(b, ",\"total\":");
	put_int(b, s, 9);
	wbuf_puts(b, ",\"origin\":");
	put_text(b, s, 10);
	wbuf_puts(b, ",\"created_at\":");
	put_text(b, s, 11);
}

/*** Operations ***/

static int insert_submission_locked(struct web_conn *c, const char *problem, const char *language,
                                    const char *mode, const char *source, size_t source_len,
                                    long long *id, char *err, size_t errlen)
{
	char now[32];
	int ret = -1;
	sqlite3_stmt *s = stmt(c, ST_INSERT_SUB, err, errlen);

	if (!s)
		return -1;
	web_iso_time(web_now_ms(), now);
	sqlite3_bind_text(s, 1, problem, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, language, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, source, (int)source_len, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_DONE) {
		*id = sqlite3_last_insert_rowid(c->db);
		ret = 0;
	} else {
		db_fail(c->db, "inserting a submission", err, errlen);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

static int id_by_key(struct web_conn *c, const char *key, long long *id, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(c, ST_ID_BY_KEY, err, errlen);
	int ret = -1;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		ret = 0;
	} else if (rc == SQLITE_DONE) {
		ret = WEB_DB_NOT_FOUND;
	} else {
		db_fail(c->db, "looking up a result key", err, errlen);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

static int insert_result_locked(struct web_conn *c, const struct web_result_row *r, long long *id,
                                int *dup, char *err, size_t errlen)
{
	char now[32];
	int ret = -1;
	sqlite3_stmt *s = stmt(c, ST_INSERT_RESULT, err, errlen);

	*dup = 0;
	if (!s)
		return -1;
	web_iso_time(web_now_ms(), now);
	sqlite3_bind_text(s, 1, r->problem, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->language, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->verdict, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, r->time_ms);
	sqlite3_bind_int64(s, 6, r->memory_kb);
	sqlite3_bind_int64(s, 7, r->passed);
	sqlite3_bind_int64(s, 8, r->total);
	if (r->source)
		sqlite3_bind_text(s, 9, r->source, (int)r->source_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 9);
	sqlite3_bind_text(s, 10, r->json, (int)r->json_len, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE && sqlite3_changes(c->db) == 1) {
		*id = sqlite3_last_insert_rowid(c->db);
		ret = 0;
	} else if (rc == SQLITE_DONE) {
		/* The key is stored already: report that row. */
		*dup = 1;
		ret = id_by_key(c, r->key, id, err, errlen) == 0 ? 0 : -1;
		if (ret)
			snprintf(err, errlen, "database: duplicate key vanished");
	} else {
		db_fail(c->db, "inserting a result", err, errlen);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

int web_db_list(struct web_conn *c, const struct web_list_filter *f, struct wbuf *out, char *err,
                size_t errlen)
{
	static const char *const statuses[] = {NULL, "queued", "running", "done", "failed"};
	unsigned mask = (f->problem ? 1u : 0) | (f->language ? 2u : 0) | (f->verdict ? 4u : 0);
	unsigned st = 0;
	if (f->status) /* validated by the caller; anything else matches nothing */
		for (st = 4; st > 0 && strcmp(statuses[st], f->status); st--)
			;
	if (f->status && st == 0) {
		wbuf_puts(out, "{\"submissions\":[],\"next_before\":null}");
		return 0;
	}
	unsigned slot = mask * 5 + st;
	sqlite3_stmt *s = c->list[slot];
	long long last = 0;
	int n = 0, ret = -1;

	if (!s) {
		char sql[512], stc[40] = "";
		if (st)
			snprintf(stc, sizeof stc, " AND status = '%s'", statuses[st]);
		snprintf(sql, sizeof sql,
		         "SELECT id, summary FROM submissions WHERE id < ?1%s%s%s%s"
		         " ORDER BY id DESC LIMIT ?6",
		         mask & 1 ? " AND problem = ?2" : "", mask & 2 ? " AND language = ?3" : "",
		         mask & 4 ? " AND verdict = ?4" : "", stc);
		if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->list[slot],
		                       NULL) != SQLITE_OK)
			return db_fail(c->db, "prepare list", err, errlen);
		s = c->list[slot];
	}
	sqlite3_bind_int64(s, 1, f->before);
	if (f->problem)
		sqlite3_bind_text(s, 2, f->problem, -1, SQLITE_STATIC);
	if (f->language)
		sqlite3_bind_text(s, 3, f->language, -1, SQLITE_STATIC);
	if (f->verdict)
		sqlite3_bind_text(s, 4, f->verdict, -1, SQLITE_STATIC);
	/* One row more than asked tells whether another page exists. */
	sqlite3_bind_int(s, 6, f->limit + 1);
	wbuf_reserve(out, (size_t)f->limit * 240 + 64);
	wbuf_puts(out, "{\"submissions\":[");
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == f->limit) {
			n++;
			break;
		}
		if (n)
			wbuf_putc(out, ',');
		const void *sum = sqlite3_column_text(s, 1);
		wbuf_put(out, sum, (size_t)sqlite3_column_bytes(s, 1));
		last = sqlite3_column_int64(s, 0);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(c->db, "listing", err, errlen);
		goto out;
	}
	wbuf_puts(out, "],\"next_before\":");
	if (n > f->limit)
		wbuf_int(out, last);
	else
		wbuf_puts(out, "null");
	wbuf_putc(out, '}');
	ret = 0;
out:
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

int web_db_get(struct web_conn *c, long long id, struct wbuf *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(c, ST_GET, err, errlen);
	int ret = -1;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		ret = WEB_DB_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_fail(c->db, "reading a submission", err, errlen);
		goto out;
	}
	put_summary(out, s);
	wbuf_puts(out, ",\"updated_at\":");
	put_text(out, s, 12);
	wbuf_puts(out, ",\"message\":");
	put_text(out, s, 13);
	wbuf_puts(out, ",\"attempts\":");
	put_int(out, s, 16);
	wbuf_puts(out, ",\"source\":");
	put_text(out, s, 14);
	wbuf_puts(out, ",\"result\":");
	/* Stored canonical (escaped) by web_json_write(): embed as is. */
	const unsigned char *res = sqlite3_column_text(s, 15);
	if (res)
		wbuf_put(out, res, (size_t)sqlite3_column_bytes(s, 15));
	else
		wbuf_puts(out, "null");
	wbuf_putc(out, '}');
	ret = 0;
out:
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

/* Runs under write_lock. */
static int requeue_locked(struct web_conn *c, long long now, int *requeued, char *err,
                          size_t errlen)
{
	char iso[32];
	sqlite3_stmt *s = stmt(c, ST_REQUEUE, err, errlen);

	if (!s)
		return -1;
	web_iso_time(now, iso);
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_text(s, 2, iso, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, WEB_MAX_ATTEMPTS);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, "requeueing expired leases", err, errlen);
	if (requeued)
		*requeued = sqlite3_changes(c->db);
	return 0;
}

static int claim_locked(struct web_conn *c, const char *worker, long long lease_ms,
                        struct wbuf *out, char *err, size_t errlen)
{
	char lease[33], iso[32];
	long long now = web_now_ms(), id = 0;
	int ret = -1, in_tx = 0;
	sqlite3_stmt *pick = stmt(c, ST_PICK, err, errlen);
	sqlite3_stmt *take = stmt(c, ST_TAKE, err, errlen);

	if (!pick || !take)
		return -1;
	if (web_random_hex(lease, 16)) {
		snprintf(err, errlen, "getrandom: %s", strerror(errno));
		return -1;
	}
	web_iso_time(now, iso);
	if (exec_simple(c, ST_BEGIN, err, errlen))
		goto out;
	in_tx = 1;
	if (requeue_locked(c, now, NULL, err, errlen))
		goto out;
	int rc = sqlite3_step(pick);
	if (rc == SQLITE_DONE) {
		ret = WEB_DB_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_fail(c->db, "picking a job", err, errlen);
		goto out;
	}
	id = sqlite3_column_int64(pick, 0);
	sqlite3_bind_int64(take, 1, id);
	sqlite3_bind_text(take, 2, lease, -1, SQLITE_STATIC);
	sqlite3_bind_int64(take, 3, lease_ms);
	sqlite3_bind_int64(take, 4, now + lease_ms);
	sqlite3_bind_text(take, 5, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(take, 6, iso, -1, SQLITE_STATIC);
	rc = sqlite3_step(take);
	sqlite3_reset(take);
	sqlite3_clear_bindings(take);
	if (rc != SQLITE_DONE || sqlite3_changes(c->db) != 1) {
		db_fail(c->db, "taking a job", err, errlen);
		goto out;
	}
	if (exec_simple(c, ST_COMMIT, err, errlen))
		goto out;
	in_tx = 0;
	char exp[32];
	web_iso_time(now + lease_ms, exp);
	wbuf_puts(out, "{\"job\":{\"id\":");
	wbuf_int(out, id);
	wbuf_puts(out, ",\"lease\":\"");
	wbuf_puts(out, lease);
	wbuf_puts(out, "\",\"lease_s\":");
	wbuf_int(out, lease_ms / 1000);
	wbuf_puts(out, ",\"lease_expires_at\":\"");
	wbuf_puts(out, exp);
	wbuf_puts(out, "\",\"problem\":");
	put_text(out, pick, 1);
	wbuf_puts(out, ",\"language\":");
	put_text(out, pick, 2);
	wbuf_puts(out, ",\"mode\":");
	put_text(out, pick, 3);
	wbuf_puts(out, ",\"source\":");
	put_text(out, pick, 4);
	wbuf_puts(out, "}}");
	ret = 0;
out:
	sqlite3_reset(pick);
	if (in_tx)
		exec_simple(c, ST_ROLLBACK, err + strlen(err), 0);
	return ret;
}

/* Status and lease of a job: WEB_DB_OK, WEB_DB_NOT_FOUND or -1. */
static int job_state(struct web_conn *c, long long id, char status[16], char lease[40], char *err,
                     size_t errlen)
{
	sqlite3_stmt *s = stmt(c, ST_JOB_STATE, err, errlen);
	int ret = -1;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *st = sqlite3_column_text(s, 0);
		const unsigned char *ls = sqlite3_column_text(s, 1);
		snprintf(status, 16, "%s", st ? (const char *)st : "");
		snprintf(lease, 40, "%s", ls ? (const char *)ls : "");
		ret = WEB_DB_OK;
	} else if (rc == SQLITE_DONE) {
		ret = WEB_DB_NOT_FOUND;
	} else {
		db_fail(c->db, "reading a job", err, errlen);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

int web_db_job_info(struct web_conn *c, long long id, char problem[128], char language[64],
                    char mode[16], char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(c, ST_JOB_STATE, err, errlen);
	int ret = -1;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_text(s, 2);
		const unsigned char *l = sqlite3_column_text(s, 3);
		const unsigned char *m = sqlite3_column_text(s, 4);
		snprintf(problem, 128, "%s", p ? (const char *)p : "");
		snprintf(language, 64, "%s", l ? (const char *)l : "");
		snprintf(mode, 16, "%s", m ? (const char *)m : "");
		ret = WEB_DB_OK;
	} else if (rc == SQLITE_DONE) {
		ret = WEB_DB_NOT_FOUND;
	} else {
		db_fail(c->db, "reading a job", err, errlen);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

static int heartbeat_locked(struct web_conn *c, long long id, const char *lease,
                            long long *expires_ms, char *err, size_t errlen)
{
	char iso[32], status[16], held[40];
	long long now = web_now_ms();
	int ret = -1;
	sqlite3_stmt *s = stmt(c, ST_HEARTBEAT, err, errlen);

	if (!s)
		return -1;
	web_iso_time(now, iso);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, lease, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_text(s, 4, iso, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*expires_ms = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	} else if (rc == SQLITE_DONE) {
		rc = -2; /* no row changed */
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_DONE)
		ret = WEB_DB_OK;
	else if (rc == -2)
		ret = job_state(c, id, status, held, err, errlen) == WEB_DB_NOT_FOUND
		          ? WEB_DB_NOT_FOUND
		          : WEB_DB_CONFLICT;
	else
		db_fail(c->db, "heartbeat", err, errlen);
	return ret;
}

static int finish_job_locked(struct web_conn *c, long long id, const char *lease,
                             const struct web_result_row *r, const char *failure, char *err,
                             size_t errlen)
{
	char iso[32], status[16], held[40];
	int ret = -1;
	sqlite3_stmt *s = stmt(c, ST_FINISH, err, errlen);

	if (!s)
		return -1;
	web_iso_time(web_now_ms(), iso);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, lease, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r ? "done" : "failed", -1, SQLITE_STATIC);
	if (r) {
		sqlite3_bind_text(s, 4, r->verdict, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, r->time_ms);
		sqlite3_bind_int64(s, 6, r->memory_kb);
		sqlite3_bind_int64(s, 7, r->passed);
		sqlite3_bind_int64(s, 8, r->total);
		sqlite3_bind_text(s, 9, r->json, (int)r->json_len, SQLITE_STATIC);
		sqlite3_bind_text(s, 10, r->key, -1, SQLITE_STATIC);
		if (r->source)
			sqlite3_bind_text(s, 13, r->source, (int)r->source_len, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(s, 11, failure, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(s, 12, iso, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	int changed = sqlite3_changes(c->db);
	int ext = sqlite3_extended_errcode(c->db);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_DONE && changed == 1) {
		ret = WEB_DB_OK;
	} else if (rc == SQLITE_DONE) {
		/* Not running under this lease: finished before with it (a
		 * retried post), never claimed, or handed to someone else. */
		int st = job_state(c, id, status, held, err, errlen);
		if (st == WEB_DB_NOT_FOUND)
			ret = WEB_DB_NOT_FOUND;
		else if (st == WEB_DB_OK)
			ret = (!strcmp(status, "done") || !strcmp(status, "failed")) &&
			              !strcmp(held, lease)
			          ? WEB_DB_DUPLICATE
			          : WEB_DB_CONFLICT;
	} else if (ext == SQLITE_CONSTRAINT_UNIQUE) {
		snprintf(err, errlen, "result key %s is already stored", r ? r->key : "");
		ret = WEB_DB_CONFLICT;
	} else {
		db_fail(c->db, "finishing a job", err, errlen);
	}
	return ret;
}

/*** Writes: under write_lock, on the writer connection ***/

/* Takes the write lock; returns the writer connection to use under it. */
static struct web_conn *writer_lock(struct web_conn *reader)
{
	pthread_mutex_lock(&reader->store->write_lock);
	return reader->store->writer;
}

static void writer_unlock(struct web_conn *w)
{
	pthread_mutex_unlock(&w->store->write_lock);
}

int web_db_insert_submission(struct web_conn *c, const char *problem, const char *language,
                             const char *mode, const char *source, size_t source_len, long long *id,
                             char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = insert_submission_locked(w, problem, language, mode, source, source_len, id, err,
	                                   errlen);
	writer_unlock(w);
	return ret;
}

int web_db_insert_result(struct web_conn *c, const struct web_result_row *r, long long *id,
                         int *dup, char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = insert_result_locked(w, r, id, dup, err, errlen);
	writer_unlock(w);
	return ret;
}

int web_db_claim(struct web_conn *c, const char *worker, long long lease_ms, struct wbuf *out,
                 char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = claim_locked(w, worker, lease_ms, out, err, errlen);
	writer_unlock(w);
	return ret;
}

int web_db_heartbeat(struct web_conn *c, long long id, const char *lease, long long *expires_ms,
                     char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = heartbeat_locked(w, id, lease, expires_ms, err, errlen);
	writer_unlock(w);
	return ret;
}

int web_db_finish_job(struct web_conn *c, long long id, const char *lease,
                      const struct web_result_row *r, const char *failure, char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = finish_job_locked(w, id, lease, r, failure, err, errlen);
	writer_unlock(w);
	return ret;
}

int web_db_requeue_expired(struct web_conn *c, int *requeued, char *err, size_t errlen)
{
	struct web_conn *w = writer_lock(c);
	int ret = requeue_locked(w, web_now_ms(), requeued, err, errlen);
	writer_unlock(w);
	return ret;
}

int web_db_counts(struct web_conn *c, long long *queued, long long *running, char *err,
                  size_t errlen)
{
	sqlite3_stmt *s = stmt(c, ST_COUNTS, err, errlen);
	int rc;

	*queued = *running = 0;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*queued = sqlite3_column_int64(s, 0);
		*running = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_fail(c->db, "counting jobs", err, errlen);
	return 0;
}

int web_db_best_verdict(struct web_conn *c, const char *problem, char out[8], char *err,
                        size_t errlen)
{
	sqlite3_stmt *ac = stmt(c, ST_BEST_AC, err, errlen);
	sqlite3_stmt *last = stmt(c, ST_BEST_LAST, err, errlen);
	int ret = -1;

	out[0] = '\0';
	if (!ac || !last)
		return -1;
	sqlite3_bind_text(ac, 1, problem, -1, SQLITE_STATIC);
	int rc = sqlite3_step(ac);
	if (rc == SQLITE_ROW) {
		snprintf(out, 8, "AC");
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_DONE) {
		db_fail(c->db, "best verdict", err, errlen);
		goto out;
	}
	sqlite3_bind_text(last, 1, problem, -1, SQLITE_STATIC);
	rc = sqlite3_step(last);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(last, 0);
		snprintf(out, 8, "%s", v ? (const char *)v : "");
	} else if (rc != SQLITE_DONE) {
		db_fail(c->db, "best verdict", err, errlen);
		goto out;
	}
	ret = 0;
out:
	sqlite3_reset(ac);
	sqlite3_clear_bindings(ac);
	sqlite3_reset(last);
	sqlite3_clear_bindings(last);
	return ret;
}

/* static.c -- the browser UI's static files.
 *
 * Only regular files below the UI root are served: every path segment must
 * be a plain name (letters, digits, '-', '_', '.', '~', '+', '@', not starting
 * with a dot), the resolved path must still lie under the root (a symlink
 * cannot lead out), and directories are never listed. Files are sent with
 * sendfile by libmicrohttpd. index.html and other HTML revalidate on every
 * load (no-cache + ETag); other assets may be cached for a day.
 */
#include "web/webint.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

struct mime {
	const char *ext;
	const char *type;
};

static const struct mime mimes[] = {
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".txt", "text/plain; charset=utf-8"},
    {".md", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".webmanifest", "application/manifest+json"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof mimes / sizeof mimes[0]; i++)
			if (!strcasecmp(dot, mimes[i].ext))
				return mimes[i].type;
	return "application/octet-stream";
}

/* 1 when every segment of url (which starts with '/') is a plain name. */
static int url_safe(const char *url)
{
	const char *p = url;

	if (*p != '/' || strlen(url) > 1024)
		return 0;
	while (*p == '/') {
		p++;
		if (!*p)
			return 1; /* trailing slash: handled by the caller */
		if (*p == '.')
			return 0; /* ".", "..", hidden files */
		while (*p && *p != '/') {
			char c = *p++;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || strchr("-_.~+@", c)))
				return 0;
		}
	}
	return *p == '\0';
}

static const char not_built[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>judge-web</title></head><body><h1>judge-web</h1>"
    "<p>The browser UI was not built (no web/ui/dist here, and none installed). "
    "Build it with <code>cmake --build build</code> (needs node and npm), or pass "
    "<code>--ui DIR</code>. The JSON API is available under <code>/api/</code>, e.g. "
    "<a href=\"/api/problems\">/api/problems</a>.</p></body></html>\n";

void web_static_handle(struct web_server *s, struct MHD_Connection *conn, const char *url,
                       struct web_resp *r)
{
	char rel[1100], full[PATH_MAX], real[PATH_MAX];
	struct stat st;
	int fd = -1;

	if (!s->ui_root) {
		if (strcmp(url, "/") != 0 && strcmp(url, "/index.html") != 0) {
			web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such page");
			return;
		}
		r->status = MHD_HTTP_OK;
		r->content_type = "text/html; charset=utf-8";
		r->body = (char *)not_built;
		r->len = sizeof not_built - 1;
		r->persistent = 1;
		r->cache_control = "no-cache";
		return;
	}
	if (!url_safe(url)) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such file");
		return;
	}
	size_t ul = strlen(url);
	snprintf(rel, sizeof rel, "%s%s", url, url[ul - 1] == '/' ? "index.html" : "");
	if (snprintf(full, sizeof full, "%s%s", s->ui_root, rel) >= (int)sizeof full ||
	    !realpath(full, real)) {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such file");
		return;
	}
	size_t rl = strlen(s->ui_root);
	if (strncmp(real, s->ui_root, rl) != 0 || real[rl] != '/') {
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such file");
		return;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		web_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such file");
		return;
	}
	snprintf(r->etag, sizeof r->etag, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
	         (unsigned long long)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
	const char *type = mime_of(real);
	r->cache_control = !strncmp(type, "text/html", 9) ? "no-cache" : "public, max-age=86400";
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	if (inm && strstr(inm, r->etag)) {
		close(fd);
		r->status = MHD_HTTP_NOT_MODIFIED;
		r->content_type = NULL;
		r->body = NULL;
		r->len = 0;
		return;
	}
	r->status = MHD_HTTP_OK;
	r->content_type = type;
	r->fd = fd;
	r->len = (size_t)st.st_size;
}

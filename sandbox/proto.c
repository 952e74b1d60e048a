/* proto.c -- the keeper protocol's records: building, parsing, and passing
 * them with file descriptors over a SOCK_SEQPACKET socket. Shared by the
 * library and the keeper, so it uses nothing but libc. */
#include "sandbox/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

void sbx_w_init(struct sbx_wbuf *w, void *buf, size_t cap)
{
	w->p = buf;
	w->len = 0;
	w->cap = cap;
	w->failed = 0;
}

void sbx_w_bytes(struct sbx_wbuf *w, const void *p, size_t n)
{
	uint32_t n32 = (uint32_t)n;

	if (w->failed || n > UINT32_MAX || w->cap - w->len < sizeof n32 + n) {
		w->failed = 1;
		return;
	}
	memcpy(w->p + w->len, &n32, sizeof n32);
	if (n)
		memcpy(w->p + w->len + sizeof n32, p, n);
	w->len += sizeof n32 + n;
}

void sbx_w_u32(struct sbx_wbuf *w, uint32_t v)
{
	if (w->failed || w->cap - w->len < sizeof v) {
		w->failed = 1;
		return;
	}
	memcpy(w->p + w->len, &v, sizeof v);
	w->len += sizeof v;
}

void sbx_w_u64(struct sbx_wbuf *w, uint64_t v)
{
	if (w->failed || w->cap - w->len < sizeof v) {
		w->failed = 1;
		return;
	}
	memcpy(w->p + w->len, &v, sizeof v);
	w->len += sizeof v;
}

void sbx_w_str(struct sbx_wbuf *w, const char *s)
{
	sbx_w_bytes(w, s ? s : "", s ? strlen(s) : 0);
}

void sbx_r_init(struct sbx_rbuf *r, const void *buf, size_t len)
{
	r->p = buf;
	r->len = len;
	r->off = 0;
	r->failed = 0;
}

uint32_t sbx_r_u32(struct sbx_rbuf *r)
{
	uint32_t v = 0;

	if (r->failed || r->len - r->off < sizeof v) {
		r->failed = 1;
		return 0;
	}
	memcpy(&v, r->p + r->off, sizeof v);
	r->off += sizeof v;
	return v;
}

uint64_t sbx_r_u64(struct sbx_rbuf *r)
{
	uint64_t v = 0;

	if (r->failed || r->len - r->off < sizeof v) {
		r->failed = 1;
		return 0;
	}
	memcpy(&v, r->p + r->off, sizeof v);
	r->off += sizeof v;
	return v;
}

const void *sbx_r_bytes(struct sbx_rbuf *r, size_t *n)
{
	uint32_t len = sbx_r_u32(r);
	const void *p;

	*n = 0;
	if (r->failed || r->len - r->off < len) {
		r->failed = 1;
		return "";
	}
	p = r->p + r->off;
	r->off += len;
	*n = len;
	return p;
}

char *sbx_r_str(struct sbx_rbuf *r, char *dst, size_t cap)
{
	size_t n;
	const char *s = sbx_r_bytes(r, &n);

	if (cap == 0)
		return dst;
	if (n >= cap || memchr(s, 0, n)) {
		/* Too long, or an embedded NUL: a malformed record. */
		r->failed = 1;
		n = 0;
	}
	memcpy(dst, s, n);
	dst[n] = 0;
	return dst;
}

int sbx_send(int sock, const void *buf, size_t len, const int *fds, size_t nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SBX_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	if (nfds > SBX_MAX_FDS)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

int sbx_recv(int sock, void *buf, size_t cap, size_t *len, int *fds, size_t *nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SBX_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = buf, .iov_len = cap};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	size_t got = 0;
	ssize_t n;

	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int *in = (int *)(void *)CMSG_DATA(c);

		for (size_t i = 0; i < k; i++) {
			if (fds && nfds && got < *nfds)
				fds[got++] = in[i];
			else
				close(in[i]);
		}
	}
	if (nfds)
		*nfds = got;
	if (n == 0)
		return -ECONNRESET;
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		if (nfds)
			*nfds = 0;
		return -EMSGSIZE;
	}
	*len = (size_t)n;
	return 0;
}

int sbx_pathf(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

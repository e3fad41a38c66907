/* util.c - errors, allocation, buffers and arenas. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "tally.h"

#ifndef TALLY_DATADIR
#define TALLY_DATADIR "/usr/local/share/tally"
#endif

static const char *prog = "tally";

void tly_set_prog(const char *name) { prog = name; }
const char *tly_prog(void) { return prog; }

void tly_one_line(char *dst, size_t cap, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t m = 1;

		esc[0] = (char)c;
		if (c == '\n' || c == '\r' || c == '\t') {
			esc[0] = '\\';
			esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			m = 2;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			m = 4;
		}
		if (k + m + 4 > cap) {
			memcpy(dst + k, "...", 4);
			return;
		}
		memcpy(dst + k, esc, m);
		k += m;
	}
	dst[k] = '\0';
}

int tly_err_set(tly_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof err->msg];

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	tly_one_line(err->msg, sizeof err->msg, raw, strlen(raw));
	return -1;
}

static void vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	char raw[1024], msg[1024];

	vsnprintf(raw, sizeof raw, fmt, ap);
	tly_one_line(msg, sizeof msg, raw, strlen(raw));
	fprintf(stderr, "%s: %s", prog, msg);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void tly_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void tly_warn_replaced(uint64_t n)
{
	n = tly_partial_replaced(n);
	if (n)
		tly_warn("replaced %llu invalid UTF-8 or NUL byte%s with U+FFFD (without --lenient, "
		         "the first is reported with its position)", (unsigned long long)n,
		         n == 1 ? "" : "s");
}

static _Noreturn void die_exit(int code)
{
	tly_out *o = tly_out_current();

	tly_progress_done();
	if (o)
		tly_out_close(o, 0, NULL);
	exit(code);
}

void tly_die(int code, const char *fmt, ...)
{
	va_list ap;

	tly_progress_done();
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	die_exit(code);
}

void tly_die_err(const tly_err *err)
{
	tly_progress_done();
	fprintf(stderr, "%s: %s\n", prog, err->msg);
	die_exit(err->code ? err->code : TLY_EXIT_DATA);
}

/* Fault injection for tests (the sanitizer build defines
 * TALLY_FAULT_INJECTION): TALLY_FAIL_ALLOC=N makes the Nth x*alloc fail and
 * TALLY_FAIL_READ=N the Nth tly_read, so that error paths run under ASan. */
#ifdef TALLY_FAULT_INJECTION
static int fault(const char *var, long *at, long *n)
{
	if (*at < 0) {
		const char *e = getenv(var);
		*at = e ? atol(e) : 0;
	}
	return *at > 0 && ++*n == *at;
}
static long alloc_at = -1, alloc_n, read_at = -1, read_n;
#define ALLOC_FAULT() fault("TALLY_FAIL_ALLOC", &alloc_at, &alloc_n)
#define READ_FAULT() fault("TALLY_FAIL_READ", &read_at, &read_n)
#else
#define ALLOC_FAULT() 0
#define READ_FAULT() 0
#endif

ssize_t tly_read(int fd, void *buf, size_t n)
{
	ssize_t r;

	if (READ_FAULT()) {
		errno = EIO;
		return -1;
	}
	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static _Noreturn void oom(void)
{
	/* No allocation from here on: write the message directly. */
	fputs(prog, stderr);
	fputs(": out of memory\n", stderr);
	exit(TLY_EXIT_DATA);
}

void *xmalloc(size_t n)
{
	void *p = ALLOC_FAULT() ? NULL : malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = ALLOC_FAULT() ? NULL : calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = ALLOC_FAULT() ? NULL : realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

ssize_t xgetline(char **line, size_t *cap, FILE *f)
{
	ssize_t n;

	errno = 0;
	n = getline(line, cap, f);
	if (n < 0 && (errno == ENOMEM || (!feof(f) && !ferror(f))))
		oom();
	return n;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void xgrow(void **p, size_t *cap, size_t need, size_t sz)
{
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			oom();
		c *= 2;
	}
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

void tly_buf_add(tly_buf *b, const void *p, size_t n)
{
	xgrow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void tly_buf_addc(tly_buf *b, int c)
{
	char ch = (char)c;

	tly_buf_add(b, &ch, 1);
}

void tly_buf_adds(tly_buf *b, const char *s) { tly_buf_add(b, s, strlen(s)); }

size_t tly_utf8_valid_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const uint64_t hi = 0x8080808080808080ull, ones = 0x0101010101010101ull;
	size_t i = 0;

	while (i < n) {
		/* eight ASCII bytes at a time while none is NUL or above 0x7f */
		uint64_t x;
		while (n - i >= 8 && (memcpy(&x, u + i, 8), !((x | ((x - ones) & ~x)) & hi)))
			i += 8;
		if (i == n || u[i] == 0)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 0)
			break;
		i += (size_t)k;
	}
	return i;
}

void tly_buf_add_valid(tly_buf *b, const char *s, size_t n)
{
	while (n) {
		size_t k = tly_utf8_valid_len(s, n);
		tly_buf_add(b, s, k);
		if (k == n)
			break;
		tly_buf_add(b, "\xEF\xBF\xBD", 3);
		s += k + 1;
		n -= k + 1;
	}
}

void tly_buf_clear(tly_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void tly_buf_free(tly_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int tly_buf_read_file(tly_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t k;

	if (!f)
		return -1;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		tly_buf_add(b, chunk, k);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

/* ---- arena -------------------------------------------------------------- */

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct tly_arena {
	struct chunk *head;
	size_t total;
};

tly_arena *tly_arena_new(void) { return xcalloc(1, sizeof(tly_arena)); }

void *tly_arena_alloc(tly_arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += size;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

char *tly_arena_strndup(tly_arena *a, const char *s, size_t n)
{
	char *p = tly_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t tly_arena_bytes(const tly_arena *a) { return a->total; }

void tly_arena_free(tly_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

static char *data_path(const char *name)
{
	char exe[4096], cand[4096 + 256];
	const char *env = getenv("TALLY_DATA");
	ssize_t n;

	if (env && *env) {
		snprintf(cand, sizeof cand, "%s/%s", env, name);
		if (access(cand, R_OK) == 0)
			return xstrdup(cand);
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(cand, sizeof cand, "%s/../data/%s", exe, name);
			if (access(cand, R_OK) == 0)
				return xstrdup(cand);
			snprintf(cand, sizeof cand, "%s/../share/tally/%s", exe, name);
			if (access(cand, R_OK) == 0)
				return xstrdup(cand);
			/* build/asan/tally sits two levels below the tree */
			snprintf(cand, sizeof cand, "%s/../../data/%s", exe, name);
			if (access(cand, R_OK) == 0)
				return xstrdup(cand);
		}
	}
	snprintf(cand, sizeof cand, "%s/%s", TALLY_DATADIR, name);
	if (access(cand, R_OK) == 0)
		return xstrdup(cand);
	return NULL;
}

char *tly_data_path(const char *name)
{
	char *path = data_path(name);

	if (path)
		tly_partial_data_used(name, path);
	return path;
}

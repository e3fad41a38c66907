/* csvout.c - checked, buffered RFC 4180 output.
 *
 * Fields that need quoting go through libcsv's csv_write(); the rest are
 * copied as they are.  Every write is checked: a failed write (a full disk)
 * is reported when the output is closed, and a failed run never leaves a
 * half-written file behind: -o writes to a temporary file renamed on success,
 * and a regular file on stdout is truncated back to where it began. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally.h"

#define OUTBUF (256 * 1024)

struct tly_out {
	int fd;
	char *path;      /* final path, or NULL for stdout */
	char *tmppath;   /* temporary file renamed to path on success */
	off_t start;     /* stdout: offset where we began, or -1 if not a file */
	char *buf;
	size_t len;
	int col;         /* fields written in the current record */
	int failed;      /* errno of the first failed write, 0 if none */
	int excel_safe;
	/* capture: records go to cap_fn instead of a file */
	void (*cap_fn)(void *ctx, const char *rec, size_t len);
	void *cap_ctx;
	tly_buf cap;
};

static tly_out *current;

tly_out *tly_out_current(void) { return current; }

tly_out *tly_out_open(const char *path, tly_err *err)
{
	tly_out *o = xcalloc(1, sizeof *o);
	struct stat st;

	o->start = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		if (fstat(o->fd, &st) == 0 && S_ISREG(st.st_mode)) {
			/* where our output begins: the end for >>, else the offset */
			int fl = fcntl(o->fd, F_GETFL);
			o->start = (fl >= 0 && (fl & O_APPEND)) ? st.st_size
			                                        : lseek(o->fd, 0, SEEK_CUR);
		}
	} else {
		size_t n = strlen(path);

		o->path = xstrdup(path);
		o->tmppath = xmalloc(n + 16);
		snprintf(o->tmppath, n + 16, "%s.tmp.XXXXXX", path);
		o->fd = mkstemp(o->tmppath);
		if (o->fd < 0) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot create output: %s",
			            path, strerror(errno));
			free(o->path);
			free(o->tmppath);
			free(o);
			return NULL;
		}
		fchmod(o->fd, 0644);
	}
	o->buf = xmalloc(OUTBUF);
	current = o;
	return o;
}

tly_out *tly_out_capture(void (*fn)(void *ctx, const char *rec, size_t len), void *ctx)
{
	tly_out *o = xcalloc(1, sizeof *o);

	o->fd = -1;
	o->start = -1;
	o->buf = xmalloc(OUTBUF);
	o->cap_fn = fn;
	o->cap_ctx = ctx;
	return o;
}

void tly_out_excel_safe(tly_out *o, int on) { o->excel_safe = on; }

static void flush(tly_out *o)
{
	size_t off = 0;

	if (o->cap_fn) {
		tly_buf_add(&o->cap, o->buf, o->len);
		o->len = 0;
		return;
	}

	while (off < o->len && !o->failed) {
		ssize_t w = write(o->fd, o->buf + off, o->len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->failed = errno;
			break;
		}
		off += (size_t)w;
	}
	o->len = 0;
}

void tly_out_write(tly_out *o, const void *p, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n > OUTBUF) {
		flush(o);
		if (n > OUTBUF) {
			/* too big to buffer: write it straight through */
			const char *s = p;
			while (n && !o->failed) {
				size_t k = n > OUTBUF ? OUTBUF : n;
				memcpy(o->buf, s, k);
				o->len = k;
				flush(o);
				s += k;
				n -= k;
			}
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void sep(tly_out *o)
{
	if (o->col++) {
		if (o->len >= OUTBUF)
			flush(o);
		o->buf[o->len++] = ',';
	}
}

static int needs_quote(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

void tly_csv_field(tly_out *o, const char *s, size_t len)
{
	static const char risky[] = "=+-@\t\r";
	int excel = o->excel_safe && len && strchr(risky, s[0]) && s[0];

	sep(o);
	if (!excel && !needs_quote(s, len)) {
		tly_out_write(o, s, len);
		return;
	}
	/* Quote with libcsv; a spreadsheet-risky field is prefixed with ' so
	 * that it is read as text, never as a formula. */
	char *tmp = NULL;
	const char *src = s;
	size_t srclen = len;

	if (excel) {
		tmp = xmalloc(len + 1);
		tmp[0] = '\'';
		memcpy(tmp + 1, s, len);
		src = tmp;
		srclen = len + 1;
	}
	size_t need = csv_write(NULL, 0, src, srclen);
	if (need <= OUTBUF - o->len || (flush(o), need <= OUTBUF)) {
		o->len += csv_write(o->buf + o->len, OUTBUF - o->len, src, srclen);
	} else {
		char *q = xmalloc(need);
		csv_write(q, need, src, srclen);
		tly_out_write(o, q, need);
		free(q);
	}
	free(tmp);
}

void tly_csv_str(tly_out *o, const char *s) { tly_csv_field(o, s, strlen(s)); }

static void put_uint(tly_out *o, uint64_t v, int neg)
{
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	    "8081828384858687888990919293949596979899";
	char tmp[24];
	char *p = tmp + sizeof tmp;

	sep(o);
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		memcpy(p, pairs + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	if (neg)
		*--p = '-';
	size_t n = (size_t)(tmp + sizeof tmp - p);
	if (o->len + n <= OUTBUF) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	} else {
		tly_out_write(o, p, n);
	}
}

void tly_csv_uint(tly_out *o, uint64_t v) { put_uint(o, v, 0); }

void tly_csv_int(tly_out *o, int64_t v)
{
	if (v >= 0)
		put_uint(o, (uint64_t)v, 0);
	else
		put_uint(o, (uint64_t)0 - (uint64_t)v, 1);
}

static int special(tly_out *o, double v)
{
	if (isnan(v)) {
		sep(o);
		tly_out_write(o, "NA", 2);
		return 1;
	}
	if (isinf(v)) {
		sep(o);
		if (v > 0)
			tly_out_write(o, "Inf", 3);
		else
			tly_out_write(o, "-Inf", 4);
		return 1;
	}
	return 0;
}

void tly_csv_real(tly_out *o, double v)
{
	char tmp[64];

	if (special(o, v))
		return;
	if (v == 0)
		v = 0;  /* no "-0" */
	int n = snprintf(tmp, sizeof tmp, "%.10g", v);
	sep(o);
	tly_out_write(o, tmp, (size_t)n);
}

void tly_csv_fixed(tly_out *o, double v, int decimals)
{
	char tmp[512];

	if (special(o, v))
		return;
	int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	/* a value that rounds to zero prints without its sign */
	if (tmp[0] == '-' && strspn(tmp + 1, "0.") == (size_t)n - 1)
		memmove(tmp, tmp + 1, (size_t)n--);
	sep(o);
	tly_out_write(o, tmp, (size_t)n);
}

void tly_csv_end(tly_out *o)
{
	if (o->cap_fn) {
		flush(o);
		o->cap_fn(o->cap_ctx, o->cap.data ? o->cap.data : "", o->cap.len);
		tly_buf_clear(&o->cap);
		o->col = 0;
		return;
	}
	if (o->len >= OUTBUF)
		flush(o);
	o->buf[o->len++] = '\n';
	o->col = 0;
}

void tly_csv_header(tly_out *o, const char *names)
{
	const char *p = names;

	for (;;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		tly_csv_field(o, p, n);
		if (!c)
			break;
		p = c + 1;
	}
	tly_csv_end(o);
}

int tly_out_close(tly_out *o, int ok, tly_err *err)
{
	int rc = 0;

	if (!o)
		return 0;
	if (o->cap_fn) {
		tly_buf_free(&o->cap);
		free(o->buf);
		free(o);
		return 0;
	}
	if (current == o)
		current = NULL;
	if (ok)
		flush(o);
	if (ok && o->failed) {
		tly_err_set(err, TLY_EXIT_DATA, "write error: %s", strerror(o->failed));
		ok = 0;
		rc = -1;
	}
	if (o->path) {
		if (ok && fsync(o->fd) != 0 && errno != EINVAL) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: write error: %s", o->path,
			            strerror(errno));
			ok = 0;
			rc = -1;
		}
		if (close(o->fd) != 0 && ok) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: write error: %s", o->path,
			            strerror(errno));
			ok = 0;
			rc = -1;
		}
		if (ok && rename(o->tmppath, o->path) != 0) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot rename output: %s",
			            o->path, strerror(errno));
			ok = 0;
			rc = -1;
		}
		if (!ok)
			unlink(o->tmppath);
	} else {
		if (!ok && o->start >= 0 && ftruncate(o->fd, o->start) == 0)
			lseek(o->fd, o->start, SEEK_SET);
		if (ok && close(o->fd) != 0 && errno != EINTR) {
			tly_err_set(err, TLY_EXIT_DATA, "write error: %s", strerror(errno));
			rc = -1;
		}
	}
	free(o->buf);
	free(o->path);
	free(o->tmppath);
	free(o);
	return rc;
}

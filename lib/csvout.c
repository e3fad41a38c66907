/* csvout.c - checked, buffered RFC 4180 output.
 *
 * Fields that need quoting go through libcsv's csv_write(); the rest are
 * copied as they are.  Every write is checked: a failed write (a full disk)
 * is reported when the output is closed, and a failed run never leaves a
 * half-written file behind: -o writes to a temporary file renamed on success
 * (removed if a signal ends the run), and a regular file on stdout is
 * truncated back to where it began.  -o naming a symbolic link replaces the
 * file it points to; naming a device or FIFO writes to it in place. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally.h"

#define OUTBUF (256 * 1024)

struct tly_out {
	int fd;
	char *path;      /* -o's path (for messages), or NULL for stdout */
	char *dest;      /* the file tmppath is renamed to: path, or where the
	                    symbolic link path points */
	char *tmppath;   /* temporary file renamed to dest on success; NULL when
	                    path is written in place (a device, a FIFO) */
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
	int mem;         /* records, with their line ends, go to cap (tly_out_rows) */
	/* the last two numbers tly_csv_real formatted (rows in count order
	 * repeat them: every term seen once has the same frequency) */
	struct {
		uint64_t bits;
		unsigned char len;  /* 0: empty */
		char text[31];
	} memo[2];
	int memo_next;
};

static tly_out *current;

tly_out *tly_out_current(void) { return current; }

/* Temporary files of -o not renamed yet, removed if SIGINT, SIGTERM or
 * SIGHUP ends the run (the signal then ends it as it would have). */
#define MAX_TMP 8
static char *volatile pending[MAX_TMP];

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track_tmp(char *p, int on)
{
	static int installed;

	if (!installed) {
		static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
		installed = 1;
		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
			struct sigaction old, sa;
			/* a signal ignored (nohup) stays ignored */
			if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
				continue;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_signal;
			sigemptyset(&sa.sa_mask);
			sigaction(sigs[i], &sa, NULL);
		}
	}
	for (int i = 0; i < MAX_TMP; i++)
		if (pending[i] == (on ? NULL : p)) {
			pending[i] = on ? p : NULL;
			return;
		}
}

static tly_out *open_failed(tly_out *o, const char *path, tly_err *err)
{
	tly_err_set(err, TLY_EXIT_DATA, "%s: cannot create output: %s", path, strerror(errno));
	free(o->path);
	free(o->dest);
	free(o->tmppath);
	free(o);
	return NULL;
}

tly_out *tly_out_open(const char *path, tly_err *err)
{
	tly_out *o = xcalloc(1, sizeof *o);
	struct stat st, lst;

	o->start = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		if (isatty(STDOUT_FILENO))
			tly_progress_output_tty();
		if (fstat(o->fd, &st) == 0 && S_ISREG(st.st_mode)) {
			/* where our output begins: the end for >>, else the offset */
			int fl = fcntl(o->fd, F_GETFL);
			o->start = (fl >= 0 && (fl & O_APPEND)) ? st.st_size
			                                        : lseek(o->fd, 0, SEEK_CUR);
		}
	} else {
		int exists = stat(path, &st) == 0;
		int link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);

		o->path = xstrdup(path);
		if (exists && S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return open_failed(o, path, err);
		}
		if ((exists && !S_ISREG(st.st_mode)) || (link && !exists)) {
			/* a device, a FIFO or a socket (nothing to rename over), or a
			 * link to nothing yet: written in place, as the shell's > would */
			o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			if (o->fd < 0)
				return open_failed(o, path, err);
		} else {
			char *real = link ? realpath(path, NULL) : NULL;
			size_t n;

			o->dest = real ? real : xstrdup(path);
			n = strlen(o->dest);
			o->tmppath = xmalloc(n + 16);
			snprintf(o->tmppath, n + 16, "%s.tmp.XXXXXX", o->dest);
			o->fd = mkstemp(o->tmppath);
			if (o->fd < 0)
				return open_failed(o, path, err);
			track_tmp(o->tmppath, 1);
			if (exists) {
				/* the file replaced keeps its mode and, where allowed, owner */
				if (fchown(o->fd, st.st_uid, st.st_gid) != 0) {
					/* not ours to give away: the new file is the writer's */
				}
				fchmod(o->fd, st.st_mode & 07777);
			} else {
				mode_t um = umask(0);
				umask(um);
				fchmod(o->fd, 0666 & ~um);
			}
		}
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

	if (o->cap_fn || o->mem) {
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

/* Bytes that make a field need quotes. */
static const unsigned char quote_byte[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

static int needs_quote(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (quote_byte[(unsigned char)s[i]])
			return 1;
	return 0;
}

/* Copy n bytes without a call when n is small (fields are mostly words). */
static inline void copy_small(char *d, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t x, y;
		memcpy(&x, s, 8);
		memcpy(&y, s + n - 8, 8);
		memcpy(d, &x, 8);
		memcpy(d + n - 8, &y, 8);
	} else if (n >= 4 && n < 8) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n < 4) {
		if (n) {
			d[0] = s[0];
			d[n / 2] = s[n / 2];
			d[n - 1] = s[n - 1];
		}
	} else {
		memcpy(d, s, n);
	}
}

void tly_csv_field(tly_out *o, const char *s, size_t len)
{
	static const char risky[] = "=+-@\t\r";
	int excel = o->excel_safe && len && strchr(risky, s[0]) && s[0];

	sep(o);
	if (!excel && !needs_quote(s, len)) {
		if (o->len + len <= OUTBUF) {
			copy_small(o->buf + o->len, s, len);
			o->len += len;
		} else {
			tly_out_write(o, s, len);
		}
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

static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static const uint64_t pow10u[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
	10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

/* Decimal digits of v (1 for 0): log10 from the bit length (1233 / 4096 is
 * log10 2 closely enough), corrected by one comparison. */
static inline unsigned ndigits(uint64_t v)
{
	unsigned t = (unsigned)((64 - __builtin_clzll(v | 1)) * 1233) >> 12;

	return t - (v < pow10u[t]) + 1 + (v == 0);
}

/* The digits of v into b, two at a time, in 32 bits when they fit. */
size_t tly_fmt_uint(char *b, uint64_t v)
{
	unsigned n = ndigits(v);
	char *p = b + n;

	while (v >> 32) {
		uint64_t q = v / 100;
		unsigned r = (unsigned)(v - q * 100);
		v = q;
		p -= 2;
		memcpy(p, pairs + 2 * r, 2);
	}
	uint32_t w = (uint32_t)v;
	while (w >= 100) {
		uint32_t q = w / 100;
		unsigned r = w - q * 100;
		w = q;
		p -= 2;
		memcpy(p, pairs + 2 * r, 2);
	}
	if (w >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * w, 2);
	} else {
		*--p = (char)('0' + w);
	}
	return n;
}

/* Integers straight into the buffer. */
static void put_uint(tly_out *o, uint64_t v, int neg)
{
	sep(o);
	if (OUTBUF - o->len < 24)
		flush(o);
	char *b = o->buf + o->len;
	if (neg)
		*b++ = '-';
	o->len = (size_t)(b + tly_fmt_uint(b, v) - o->buf);
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

/* ---- %.10g without snprintf ------------------------------------------------
 *
 * A finite v != 0 is m * 2^e exactly (m < 2^53).  Its ten significant digits
 * are D = v * 10^(9 - X) rounded to an integer, X the decimal exponent: with
 * k = 9 - X that is m * 5^k * 2^(e+k), a quotient of two integers, which for
 * |k| <= 27 and the powers of two that fit is computed exactly in 128 bits
 * and rounded half to even, as glibc's printf rounds the exact value.  Other
 * values (below about 1e-18 or above 1e38 in magnitude, subnormals) return -1
 * and go to snprintf.  The digits are then laid out as %g lays them out:
 * fixed notation when -4 <= X < 10, else d.ddde+XX, trailing zeros dropped.
 * tests/unit/test_csvout.c compares the bytes with snprintf's. */

typedef __uint128_t u128;

static const uint64_t pow5[28] = {
	1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull, 390625ull,
	1953125ull, 9765625ull, 48828125ull, 244140625ull, 1220703125ull, 6103515625ull,
	30517578125ull, 152587890625ull, 762939453125ull, 3814697265625ull,
	19073486328125ull, 95367431640625ull, 476837158203125ull, 2384185791015625ull,
	11920928955078125ull, 59604644775390625ull, 298023223876953125ull,
	1490116119384765625ull, 7450580596923828125ull,
};

/* The bits of x (0 for 0). */
static int bits128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;

	return hi ? 128 - __builtin_clzll(hi) : lo ? 64 - __builtin_clzll(lo) : 0;
}

/* round_half_even(m * 2^e * 10^k) into *d; -1 if it does not fit. */
static int scaled(uint64_t m, int e, int k, uint64_t *d)
{
	if (k > 27 || k < -27)
		return -1;
	u128 num = m, q, r, den;
	int p2 = e + k;
	if (k >= 0) {
		num *= pow5[k];  /* < 2^53 * 2^63 */
		if (p2 >= 0) {
			if (bits128(num) + p2 > 64)
				return -1;  /* more than ten digits anyway */
			*d = (uint64_t)(num << p2);
			return 0;
		}
		if (p2 < -127)
			return -1;
		/* a power of two below: a shift, no division */
		int sh = -p2;
		q = sh == 128 ? 0 : num >> sh;
		r = num - (q << sh);
		den = (u128)1 << sh;
	} else {
		den = pow5[-k];
		if (p2 >= 0) {
			if (bits128(num) + p2 > 127)
				return -1;
			num <<= p2;
		} else {
			if (bits128(den) - p2 > 127)
				return -1;
			den <<= -p2;
		}
		q = num / den;
		r = num - q * den;
	}
	if (q >> 64)
		return -1;
	/* half to even: 2r against den, without overflow (den < 2^127) */
	if (r > den - r || (r == den - r && (q & 1)))
		q++;
	*d = (uint64_t)q;
	return 0;
}

/* Write %.10g of v (finite, not 0) into out; returns its length, or -1 if
 * only snprintf can do it. */
static int fmt_g10(char *out, double v)
{
	char *p = out;
	int ex;

	if (v < 0) {
		*p++ = '-';
		v = -v;
	}
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	int be = (int)(bits >> 52 & 0x7FF);
	if (be == 0)
		return -1;  /* subnormal */
	uint64_t m = (bits & ((1ull << 52) - 1)) | 1ull << 52;  /* v = m * 2^e */
	int e = be - 1075;
	ex = be - 1022;  /* v is in [2^(ex-1), 2^ex) */
	/* X = floor(log10 v) is floor((ex - 1) log10 2) or one more; 78913 / 2^18
	 * is log10 2 close enough for every exponent of a double */
	int X = ((ex - 1) * 78913) >> 18;
	uint64_t d;
	for (;;) {
		if (scaled(m, e, 9 - X, &d) < 0)
			return -1;
		if (d < 10000000000ull)
			break;
		X++;  /* ten digits were eleven: the estimate was one short */
	}
	if (d < 1000000000ull)
		return -1;  /* cannot happen: X was not too big */
	char dig[10];
	uint32_t hi = (uint32_t)(d / 100000), lo = (uint32_t)(d % 100000);
	dig[4] = (char)('0' + hi % 10);
	memcpy(dig + 2, pairs + 2 * (hi / 10 % 100), 2);
	memcpy(dig, pairs + 2 * (hi / 1000), 2);
	dig[9] = (char)('0' + lo % 10);
	memcpy(dig + 7, pairs + 2 * (lo / 10 % 100), 2);
	memcpy(dig + 5, pairs + 2 * (lo / 1000), 2);
	int nd = 10;
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;  /* significant digits left after dropping trailing zeros */
	if (X >= -4 && X < 10) {
		if (X >= 0) {
			int ip = X + 1;  /* integer digits */
			memcpy(p, dig, (size_t)ip);
			p += ip;
			if (nd > ip) {
				*p++ = '.';
				memcpy(p, dig + ip, (size_t)(nd - ip));
				p += nd - ip;
			}
		} else {
			*p++ = '0';
			*p++ = '.';
			for (int i = 0; i < -X - 1; i++)
				*p++ = '0';
			memcpy(p, dig, (size_t)nd);
			p += nd;
		}
	} else {
		*p++ = dig[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, (size_t)(nd - 1));
			p += nd - 1;
		}
		*p++ = 'e';
		*p++ = X < 0 ? '-' : '+';
		int a = X < 0 ? -X : X;
		if (a >= 100)
			*p++ = (char)('0' + a / 100);
		*p++ = (char)('0' + a / 10 % 10);
		*p++ = (char)('0' + a % 10);
	}
	return (int)(p - out);
}

void tly_csv_real(tly_out *o, double v)
{
	char tmp[64];

	if (special(o, v))
		return;
	if (v == 0)
		v = 0;  /* no "-0" */
	int n;
	if (v == 0) {
		tmp[0] = '0';
		n = 1;
	} else {
		uint64_t bits;
		memcpy(&bits, &v, sizeof bits);
		for (int i = 0; i < 2; i++)
			if (o->memo[i].len && o->memo[i].bits == bits) {
				sep(o);
				tly_out_write(o, o->memo[i].text, o->memo[i].len);
				return;
			}
		n = fmt_g10(tmp, v);
		if (n < 0)
			n = snprintf(tmp, sizeof tmp, "%.10g", v);
		if (n > 0 && (size_t)n <= sizeof o->memo[0].text) {
			int i = o->memo_next;
			o->memo_next = !i;
			o->memo[i].bits = bits;
			o->memo[i].len = (unsigned char)n;
			memcpy(o->memo[i].text, tmp, (size_t)n);
		}
	}
	sep(o);
	if (o->len + (size_t)n <= OUTBUF) {
		memcpy(o->buf + o->len, tmp, (size_t)n);
		o->len += (size_t)n;
	} else {
		tly_out_write(o, tmp, (size_t)n);
	}
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
		if (o->tmppath) {
			if (ok && rename(o->tmppath, o->dest) != 0) {
				tly_err_set(err, TLY_EXIT_DATA, "%s: cannot rename output: %s",
				            o->path, strerror(errno));
				ok = 0;
				rc = -1;
			}
			if (!ok)
				unlink(o->tmppath);
			track_tmp(o->tmppath, 0);
		}
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
	free(o->dest);
	free(o->tmppath);
	free(o);
	return rc;
}

/* ---- work split over threads ---------------------------------------------------- */

size_t tly_parallel_parts(size_t n, int threads, size_t min)
{
	size_t parts = threads > 1 ? (size_t)threads : 1;

	if (n == 0)
		return 0;
	if (min == 0)
		min = 1;
	if (parts > n / min)
		parts = n / min;
	return parts ? parts : 1;
}

struct pjob {
	pthread_t th;
	size_t k, a, b;
	void (*fn)(void *ctx, size_t k, size_t a, size_t b);
	void *ctx;
};

static void *pjob_run(void *arg)
{
	struct pjob *j = arg;

	j->fn(j->ctx, j->k, j->a, j->b);
	return NULL;
}

void tly_parallel(size_t n, size_t parts, void (*fn)(void *ctx, size_t k, size_t a, size_t b),
                  void *ctx)
{
	if (parts <= 1) {
		if (n)
			fn(ctx, 0, 0, n);
		return;
	}
	struct pjob *j = xcalloc(parts, sizeof *j);
	for (size_t k = 0; k < parts; k++) {
		j[k] = (struct pjob){.k = k, .a = n * k / parts, .b = n * (k + 1) / parts,
		                     .fn = fn, .ctx = ctx};
		if (k && pthread_create(&j[k].th, NULL, pjob_run, &j[k]) != 0)
			tly_die(TLY_EXIT_DATA, "cannot start a thread:");
	}
	pjob_run(&j[0]);
	for (size_t k = 1; k < parts; k++)
		pthread_join(j[k].th, NULL);
	free(j);
}

/* ---- rows formatted over threads ------------------------------------------------ */

/* Below this many rows a thread is not worth starting. */
#define ROWS_PER_THREAD 50000

struct rowjob {
	tly_out *main;
	tly_out **outs;   /* by part: part 0 writes to main, the others to memory */
	tly_rowfmt fn;
	void *ctx;
};

static void row_part(void *arg, size_t k, size_t a, size_t b)
{
	struct rowjob *j = arg;
	tly_out *o = k ? j->outs[k] : j->main;

	/* on this thread's stack: in one array, the parts' buffers shared cache
	 * lines, and each row's writes to them made the lines bounce between
	 * the cores (two parts took as long as one) */
	tly_buf scratch = {0};

	for (size_t i = a; i < b; i++)
		j->fn(o, i, j->ctx, &scratch);
	tly_buf_free(&scratch);
}

void tly_out_rows(tly_out *o, size_t n, int threads, tly_rowfmt fn, void *ctx)
{
	size_t parts = tly_parallel_parts(n, threads, ROWS_PER_THREAD);
	struct rowjob j = {.main = o, .fn = fn, .ctx = ctx};

	if (parts == 0)
		return;
	j.outs = xcalloc(parts, sizeof *j.outs);
	/* the first part straight into o, the others into memory, then
	 * written after it in order */
	for (size_t k = 1; k < parts; k++) {
		j.outs[k] = xcalloc(1, sizeof *j.outs[k]);
		j.outs[k]->fd = -1;
		j.outs[k]->start = -1;
		j.outs[k]->buf = xmalloc(OUTBUF);
		j.outs[k]->mem = 1;
		j.outs[k]->excel_safe = o->excel_safe;
	}
	tly_parallel(n, parts, row_part, &j);
	for (size_t k = 1; k < parts; k++) {
		flush(j.outs[k]);
		if (j.outs[k]->cap.len)
			tly_out_write(o, j.outs[k]->cap.data, j.outs[k]->cap.len);
		tly_buf_free(&j.outs[k]->cap);
		free(j.outs[k]->buf);
		free(j.outs[k]);
	}
	free(j.outs);
}

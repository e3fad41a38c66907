/* csvin.c - streaming CSV input over libcsv.
 *
 * libcsv pushes fields through callbacks; tally's tools want to pull one
 * record at a time.  The reader feeds libcsv one physical line at a time (so
 * every record knows the line it began on), collects the fields of the
 * record being parsed, and hands out completed records in order.  A field is
 * bounded by TLY_MAX_FIELD through libcsv's realloc hook, a record by
 * TLY_MAX_COLUMNS. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "tally.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define INBUF (256 * 1024)

struct rec {
	tly_buf data;     /* fields, each NUL-terminated */
	size_t *off, *len;
	size_t n, cap;
	uint64_t line;
};

struct tly_csv {
	int fd;           /* -1: reads the memory buf holds (tly_csv_open_part) */
	char *path;       /* for messages */
	struct csv_parser p;
	char *buf;
	size_t pos, len;
	int eof, fini;
	uint64_t line;    /* line being fed */
	uint64_t bytes;
	struct rec recs[2];  /* [0] being parsed, [1] handed out */
	int ready;           /* recs[1] holds a record not yet handed out */
	struct rec *pending;  /* records parsed, not yet handed out: [phead,
	                         npending); a line can end many (CR ends a record) */
	size_t npending, phead, pcap;
	uint64_t nrec;
	int too_many;     /* a record exceeded TLY_MAX_COLUMNS */
	uint64_t cand;    /* line where the record being parsed began */
};

/* libcsv's realloc hook, capped so one huge field is an error. */
static _Thread_local int field_too_big;
static void *capped_realloc(void *p, size_t n)
{
	if (n > (size_t)TLY_MAX_FIELD + 64) {
		field_too_big = 1;
		return NULL;
	}
	return realloc(p, n);
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;  /* RFC 4180: spaces are part of the field */
}

static void rec_clear(struct rec *r)
{
	tly_buf_clear(&r->data);
	r->n = 0;
}

static void rec_free(struct rec *r)
{
	tly_buf_free(&r->data);
	free(r->off);
	free(r->len);
}

static void on_field(void *s, size_t len, void *data)
{
	tly_csv *c = data;
	struct rec *r = &c->recs[0];

	if (r->n >= TLY_MAX_COLUMNS) {
		c->too_many = 1;
		return;
	}
	if (r->n == 0)
		r->line = c->cand;
	size_t cap = r->cap;
	xgrow((void **)&r->off, &r->cap, r->n + 1, sizeof *r->off);
	if (r->cap != cap)
		r->len = xrealloc(r->len, r->cap * sizeof *r->len);
	r->off[r->n] = r->data.len;
	r->len[r->n] = len;
	tly_buf_add(&r->data, s ? s : "", s ? len : 0);
	tly_buf_addc(&r->data, 0);
	r->n++;
}

static void on_record(int term, void *data)
{
	tly_csv *c = data;
	struct rec tmp;

	(void)term;
	if (c->npending == c->pcap) {
		size_t old = c->pcap;
		xgrow((void **)&c->pending, &c->pcap, c->npending + 1, sizeof *c->pending);
		memset(c->pending + old, 0, (c->pcap - old) * sizeof *c->pending);
	}
	/* move the finished record to the pending queue, reusing storage */
	tmp = c->pending[c->npending];
	c->pending[c->npending++] = c->recs[0];
	c->recs[0] = tmp;
	rec_clear(&c->recs[0]);
}

tly_csv *tly_csv_open(const char *path, tly_err *err)
{
	tly_csv *c = xcalloc(1, sizeof *c);

	if (!path || strcmp(path, "-") == 0) {
		tly_stdin_take();
		c->fd = STDIN_FILENO;
		c->path = xstrdup("<stdin>");
	} else {
		c->fd = open(path, O_RDONLY);
		if (c->fd < 0) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path,
			            strerror(errno));
			free(c);
			return NULL;
		}
		c->path = xstrdup(path);
	}
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_realloc_func(&c->p, capped_realloc);
	c->buf = xmalloc(INBUF);
	c->line = 1;
	return c;
}

static int fill(tly_csv *c, tly_err *err)
{
	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	while (c->len < INBUF && !c->eof) {
		ssize_t r = tly_read(c->fd, c->buf + c->len, INBUF - c->len);

		if (r < 0) {
			return tly_err_set(err, TLY_EXIT_DATA, "%s: read error: %s",
			                   c->path, strerror(errno));
		}
		if (r == 0) {
			c->eof = 1;
			break;
		}
		if (c->bytes == 0 && c->len == 0 && r >= 3 &&
		    memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0) {
			/* a UTF-8 byte-order mark is not part of the first field */
			memmove(c->buf, c->buf + 3, (size_t)r - 3);
			r -= 3;
			c->bytes += 3;
		}
		c->len += (size_t)r;
		c->bytes += (size_t)r;
		tly_progress(c->nrec, c->bytes);
		break;
	}
	return 0;
}

static int parse_error(tly_csv *c, tly_err *err)
{
	if (field_too_big) {
		field_too_big = 0;
		return tly_err_set(err, TLY_EXIT_DATA,
		                   "%s:%llu: CSV field longer than %d bytes", c->path,
		                   (unsigned long long)c->line, TLY_MAX_FIELD);
	}
	if (csv_error(&c->p) == CSV_ENOMEM)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: out of memory in CSV field",
		                   c->path, (unsigned long long)c->line);
	return tly_err_set(err, TLY_EXIT_DATA,
	                   "%s:%llu: malformed CSV: a quote inside an unquoted field, "
	                   "text after a closing quote, or an unterminated quote",
	                   c->path, (unsigned long long)c->line);
}

/* Feed libcsv until at least one record is pending or input ends. */
static int feed(tly_csv *c, tly_err *err)
{
	while (c->npending == 0 && !c->fini) {
		char *nl = c->pos < c->len ? memchr(c->buf + c->pos, '\n', c->len - c->pos) : NULL;

		if (!nl && !c->eof) {
			if (fill(c, err) < 0)
				return -1;
			nl = c->pos < c->len ? memchr(c->buf + c->pos, '\n', c->len - c->pos) : NULL;
		}
		if (c->pos == c->len) {
			if (!c->eof)
				continue;
			c->fini = 1;
			if (csv_fini(&c->p, on_field, on_record, c) != 0) {
				if (csv_error(&c->p) != CSV_EPARSE || field_too_big)
					return parse_error(c, err);
				/* at the end, only a quote left open: name the line of
				 * the record it is in, not the file's last line */
				return tly_err_set(err, TLY_EXIT_DATA,
				                   "%s:%llu: unterminated quote: a quoted field of the "
				                   "record beginning on this line runs to the end of the "
				                   "file", c->path, (unsigned long long)c->cand);
			}
			break;
		}
		char *start = c->buf + c->pos;
		size_t n = nl ? (size_t)(nl - start) + 1 : c->len - c->pos;
		/* a CR that is not a CR LF ends a record too (outside quotes): feed
		 * up to it, so that a record begins where a piece fed does and is
		 * given the line it begins on */
		char *cr = memchr(start, '\r', n);
		if (cr && cr + 1 < start + n && cr[1] != '\n')
			n = (size_t)(cr - start) + 1;

		if (c->p.pstate == 0 && c->recs[0].n == 0)
			c->cand = c->line;  /* a record may begin on this line */
		if (csv_parse(&c->p, start, n, on_field, on_record, c) != n)
			return parse_error(c, err);
		c->pos += n;
		if (c->too_many)
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s:%llu: record has more than %d fields", c->path,
			                   (unsigned long long)c->line, TLY_MAX_COLUMNS);
		if (start[n - 1] == '\n')
			c->line++;
	}
	return 0;
}

int tly_csv_next(tly_csv *c, tly_err *err)
{
	struct rec tmp;

	if (feed(c, err) < 0)
		return -1;
	if (c->npending == 0)
		return 0;
	tmp = c->recs[1];
	c->recs[1] = c->pending[c->phead];
	c->pending[c->phead] = tmp;
	rec_clear(&c->pending[c->phead]);
	if (++c->phead == c->npending)
		c->phead = c->npending = 0;
	c->nrec++;
	return 1;
}

size_t tly_csv_nfields(const tly_csv *c) { return c->recs[1].n; }

const char *tly_csv_get(const tly_csv *c, size_t i, size_t *len)
{
	const struct rec *r = &c->recs[1];

	if (i >= r->n) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = r->len[i];
	return r->data.data + r->off[i];
}

uint64_t tly_csv_line(const tly_csv *c) { return c->recs[1].line; }
uint64_t tly_csv_record(const tly_csv *c) { return c->nrec; }
const char *tly_csv_path(const tly_csv *c) { return c->path; }
uint64_t tly_csv_bytes(const tly_csv *c) { return c->bytes; }

void tly_csv_close(tly_csv *c)
{
	if (!c)
		return;
	if (c->fd > STDIN_FILENO)
		close(c->fd);
	csv_free(&c->p);
	rec_free(&c->recs[0]);
	rec_free(&c->recs[1]);
	for (size_t i = 0; i < c->pcap; i++)
		rec_free(&c->pending[i]);
	free(c->pending);
	if (c->fd >= 0)
		free(c->buf);
	free(c->path);
	free(c);
}

tly_csv *tly_csv_open_part(const char *path, const char *data, size_t len, uint64_t line,
                           uint64_t nrec)
{
	tly_csv *c = xcalloc(1, sizeof *c);

	c->fd = -1;
	c->path = xstrdup(path);
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_realloc_func(&c->p, capped_realloc);
	c->buf = (char *)data;  /* only read: fill() is never called, eof is set */
	c->len = len;
	c->bytes = len;
	c->eof = 1;
	c->line = line;
	c->nrec = nrec;
	return c;
}

int tly_csv_data_offset(const tly_csv *c, uint64_t *off, uint64_t *line)
{
	/* at the end of the file (a header without a line end) nothing is
	 * left, and the offset is the file's size */
	if (c->fd < 0 || c->npending || c->recs[0].n || (c->p.pstate != 0 && !c->fini))
		return -1;
	*off = c->bytes - (c->len - c->pos);
	*line = c->line;
	return 0;
}

/* ---- record boundaries ------------------------------------------------ */

/* The masks of one block of up to 64 bytes (n of them valid): quotes, LF
 * and CR. */
static inline void scan_masks(const unsigned char *b, size_t n, uint64_t *q, uint64_t *lf,
                              uint64_t *cr)
{
	uint64_t mq = 0, ml = 0, mc = 0;
#ifdef __SSE2__
	if (n == 64) {
		const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n'), vc = _mm_set1_epi8('\r');
		for (int k = 0; k < 4; k++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));
			mq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq)) << (16 * k);
			ml |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vl)) << (16 * k);
			mc |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vc)) << (16 * k);
		}
		*q = mq;
		*lf = ml;
		*cr = mc;
		return;
	}
#endif
	for (size_t i = 0; i < n; i++) {
		mq |= (uint64_t)(b[i] == '"') << i;
		ml |= (uint64_t)(b[i] == '\n') << i;
		mc |= (uint64_t)(b[i] == '\r') << i;
	}
	*q = mq;
	*lf = ml;
	*cr = mc;
}

/* Bit i set when an odd number of bits 0..i of x are. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

static inline unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

size_t tly_csv_scan(tly_csvscan *s, const char *buf, size_t n, size_t want)
{
	const unsigned char *b = (const unsigned char *)buf;

	for (size_t i = 0; i < n; i += 64) {
		size_t m = n - i < 64 ? n - i : 64;
		uint64_t q, lf, cr;
		uint64_t valid = m == 64 ? ~0ull : (1ull << m) - 1;

		scan_masks(b + i, m, &q, &lf, &cr);
		/* bytes after an odd number of quotes are inside a quoted field
		 * (an opening quote counts as inside, a closing one as outside) */
		uint64_t inside = prefix_xor(q) ^ (s->inq ? ~0ull : 0);
		uint64_t term = (lf | cr) & ~inside & valid;  /* record terminators */
		/* a record begins at any other byte after a terminator (libcsv
		 * skips empty lines) */
		uint64_t begins = ~term & valid & (term << 1 | (uint64_t)s->term);
		if (want < i + m) {
			/* the first record end at or after want ends the part */
			uint64_t from = want > i ? ~0ull << (want - i) : ~0ull;
			uint64_t cut = term & from;
			if (cut) {
				unsigned k = (unsigned)__builtin_ctzll(cut);
				uint64_t upto = k == 63 ? ~0ull : (2ull << k) - 1;
				s->lines += popcount64(lf & upto);
				s->recs += popcount64(begins & upto);
				s->inq = 0;
				s->term = 1;
				return i + k + 1;
			}
		}
		s->lines += popcount64(lf & valid);
		s->recs += popcount64(begins);
		s->inq = (int)((inside >> (m - 1)) & 1);
		s->term = (int)((term >> (m - 1)) & 1);
	}
	return n;
}

/* ---- tables: CSV with a header ---------------------------------------- */

struct tly_table {
	tly_csv *csv;
	char **names;
	size_t ncols;
	long text_col;    /* a corpus's text column, or -1 */
	int lenient;      /* let its invalid bytes through to the tokenizer */
};

/* Check that a field is valid UTF-8 without NUL bytes (a lenient corpus's
 * text is left to the tokenizer). */
static int check_field(const tly_table *t, size_t col, tly_err *err)
{
	size_t len;
	const unsigned char *s = (const unsigned char *)tly_csv_get(t->csv, col, &len);
	const int text = t->text_col == (long)col;
	char where[128];

	if (text && t->lenient)
		return 0;
	size_t i = tly_utf8_valid_len((const char *)s, len);
	if (i == len)
		return 0;
	if (t->names && t->names[col])
		snprintf(where, sizeof where, "field %zu (%s)", col + 1, t->names[col]);
	else
		snprintf(where, sizeof where, "field %zu of the header", col + 1);
	/* the line of the bad byte: a quoted field before it, or this one, may
	 * hold line breaks */
	unsigned long long line = tly_csv_line(t->csv);
	for (size_t c = 0; c <= col; c++) {
		size_t fl;
		const char *f = tly_csv_get(t->csv, c, &fl);
		if (c == col)
			fl = i;
		for (const char *nl = f; (nl = memchr(nl, '\n', fl - (size_t)(nl - f))); nl++)
			line++;
	}
	const char *hint = text ? " (--lenient replaces it with U+FFFD)"
	                   : t->lenient ? " (--lenient repairs the text column only; "
	                                  "iconv -c -f UTF-8 -t UTF-8 drops invalid bytes)"
	                                : "";
	if (line == 1 && col == 0 && i == 0 && len >= 2 &&
	    ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)))
		return tly_err_set(err, TLY_EXIT_DATA, "%s:1: a UTF-16 byte-order mark (0x%02x 0x%02x): "
		                   "iconv -f UTF-16 -t UTF-8 converts the file",
		                   tly_csv_path(t->csv), s[0], s[1]);
	if (s[i] == 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: NUL byte in %s%s",
		                   tly_csv_path(t->csv), line, where,
		                   *hint ? hint : " (UTF-16? iconv -f UTF-16 -t UTF-8 converts it)");
	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: invalid UTF-8 byte 0x%02x in %s%s",
	                   tly_csv_path(t->csv), line, s[i], where, hint);
}

tly_table *tly_table_open(const char *path, tly_err *err)
{
	tly_csv *c = tly_csv_open(path, err);

	if (!c)
		return NULL;
	tly_table *t = xcalloc(1, sizeof *t);
	t->csv = c;
	t->text_col = -1;
	int r = tly_csv_next(c, err);
	if (r <= 0) {
		if (r == 0)
			tly_err_set(err, TLY_EXIT_DATA, "%s: empty file, expected a CSV header",
			            tly_csv_path(c));
		tly_table_close(t);
		return NULL;
	}
	t->ncols = tly_csv_nfields(c);
	t->names = xcalloc(t->ncols, sizeof *t->names);
	for (size_t i = 0; i < t->ncols; i++) {
		if (check_field(t, i, err) < 0) {
			tly_table_close(t);
			return NULL;
		}
		t->names[i] = xstrdup(tly_csv_get(c, i, NULL));
	}
	return t;
}

tly_table *tly_table_open_part(const tly_table *like, const char *data, size_t len,
                               uint64_t line, uint64_t nrec)
{
	tly_table *t = xcalloc(1, sizeof *t);

	t->csv = tly_csv_open_part(tly_csv_path(like->csv), data, len, line, nrec);
	t->ncols = like->ncols;
	t->names = xcalloc(t->ncols, sizeof *t->names);
	for (size_t i = 0; i < t->ncols; i++)
		t->names[i] = xstrdup(like->names[i]);
	t->text_col = like->text_col;
	t->lenient = like->lenient;
	return t;
}

int tly_table_col(const tly_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}

int tly_table_need(tly_table *t, const char *name, const char *opt, tly_err *err)
{
	int i = tly_table_col(t, name);
	tly_buf cols = {0};

	if (i >= 0)
		return i;
	for (size_t j = 0; j < t->ncols; j++) {
		if (j)
			tly_buf_adds(&cols, ", ");
		tly_buf_adds(&cols, t->names[j]);
	}
	if (opt)
		tly_err_set(err, TLY_EXIT_DATA,
		            "%s: no column \"%s\" in the header (columns: %s); choose one with %s",
		            tly_csv_path(t->csv), name, cols.data ? cols.data : "", opt);
	else
		tly_err_set(err, TLY_EXIT_DATA, "%s: no column \"%s\" in the header (columns: %s)",
		            tly_csv_path(t->csv), name, cols.data ? cols.data : "");
	tly_buf_free(&cols);
	return -1;
}

void tly_table_text_col(tly_table *t, size_t col, int lenient)
{
	t->text_col = (long)col;
	t->lenient = lenient;
}

size_t tly_table_ncols(const tly_table *t) { return t->ncols; }
const char *tly_table_colname(const tly_table *t, size_t i) { return t->names[i]; }
tly_csv *tly_table_csv(tly_table *t) { return t->csv; }

int tly_table_next(tly_table *t, tly_err *err)
{
	int r = tly_csv_next(t->csv, err);

	if (r <= 0)
		return r;
	size_t n = tly_csv_nfields(t->csv);
	if (n != t->ncols)
		return tly_err_set(err, TLY_EXIT_DATA,
		                   "%s:%llu: record has %zu field%s, the header has %zu",
		                   tly_csv_path(t->csv), (unsigned long long)tly_csv_line(t->csv),
		                   n, n == 1 ? "" : "s", t->ncols);
	for (size_t i = 0; i < n; i++)
		if (check_field(t, i, err) < 0)
			return -1;
	return 1;
}

const char *tly_table_get(const tly_table *t, size_t col, size_t *len)
{
	return tly_csv_get(t->csv, col, len);
}

void tly_table_close(tly_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	tly_csv_close(t->csv);
	free(t);
}

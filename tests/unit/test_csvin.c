/* test_csvin.c - CSV record boundaries (tly_csv_scan) against a byte-by-byte
 * reference, and parts of a CSV text parsed apart against the whole. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "../common_docdump.h"

/* The reference: one byte at a time, as the header describes it. */
struct ref {
	int inq, term;
	uint64_t lines, recs;
};

static size_t ref_scan(struct ref *s, const char *b, size_t n, size_t want)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];
		int t = 0;

		if (c == '"')
			s->inq = !s->inq;
		else if (!s->inq && (c == '\n' || c == '\r'))
			t = 1;
		if (c == '\n')
			s->lines++;
		if (!t && s->term)
			s->recs++;
		s->term = t;
		if (t && i >= want)
			return i + 1;
	}
	return n;
}

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

TEST(csv_scan_reference)
{
	static const char alpha[] = "a,\"\n\r x";
	char buf[400];
	int bad = 0;

	for (int iter = 0; iter < 20000 && !bad; iter++) {
		size_t n = rnd(sizeof buf);
		/* runs of one byte too, so that whole blocks are quotes or ends */
		for (size_t i = 0; i < n; i++)
			buf[i] = rnd(4) ? alpha[rnd(sizeof alpha - 1)] : (i ? buf[i - 1] : 'a');
		tly_csvscan s = {0, 1, 0, 0};
		struct ref r = {0, 1, 0, 0};
		size_t at = 0;
		while (at < n && !bad) {
			size_t len = 1 + rnd((unsigned)(n - at));  /* what was read so far */
			size_t want = rnd(len + 8);
			size_t k = tly_csv_scan(&s, buf + at, len, want);
			size_t kr = ref_scan(&r, buf + at, len, want);
			if (k != kr || s.lines != r.lines || s.recs != r.recs || s.term != r.term ||
			    s.inq != r.inq) {
				fprintf(stderr, "  iteration %d: at %zu len %zu want %zu: cut %zu/%zu "
				        "lines %llu/%llu recs %llu/%llu\n", iter, at, len, want, k, kr,
				        (unsigned long long)s.lines, (unsigned long long)r.lines,
				        (unsigned long long)s.recs, (unsigned long long)r.recs);
				bad = 1;
			}
			at += k;
		}
	}
	CHECK(!bad);
}

/* A random valid CSV of ncols columns: fields plain or quoted (with commas,
 * quotes, LF and CR inside), records ended by LF, CR LF or CR, blank lines
 * between some, the last record ended or not. */
static size_t random_csv(char *out, size_t cap, int ncols, int nrecs)
{
	size_t n = 0;

	for (int r = 0; r < nrecs && n + 400 < cap; r++) {
		for (int c = 0; c < ncols; c++) {
			if (c)
				out[n++] = ',';
			int len = (int)rnd(12);
			if (rnd(2)) {
				static const char in[] = "ab ,\n\r\"";
				out[n++] = '"';
				for (int i = 0; i < len; i++) {
					char ch = in[rnd(sizeof in - 1)];
					out[n++] = ch;
					if (ch == '"')
						out[n++] = '"';
				}
				out[n++] = '"';
			} else {
				for (int i = 0; i < len; i++)
					out[n++] = "xy z"[rnd(4)];
			}
		}
		if (r == nrecs - 1 && rnd(2))
			break;  /* no end after the last record */
		static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
		const char *e = ends[rnd(5)];
		memcpy(out + n, e, strlen(e));
		n += strlen(e);
	}
	return n;
}

/* The records of a reader, each as "line:record:field|field|...\n". */
static void records(tly_csv *c, tly_buf *out, uint64_t *last, int *failed)
{
	tly_err err = {0};
	int r;

	while ((r = tly_csv_next(c, &err)) > 0) {
		*last = tly_csv_record(c);
		char head[64];
		snprintf(head, sizeof head, "%llu:%llu:", (unsigned long long)tly_csv_line(c),
		         (unsigned long long)tly_csv_record(c));
		tly_buf_adds(out, head);
		for (size_t i = 0; i < tly_csv_nfields(c); i++) {
			size_t len;
			const char *f = tly_csv_get(c, i, &len);
			if (i)
				tly_buf_addc(out, '|');
			tly_buf_add(out, f, len);
		}
		tly_buf_addc(out, '\n');
	}
	if (r < 0) {
		fprintf(stderr, "  %s\n", err.msg);
		*failed = 1;
	}
}

TEST(csv_parts_parse_as_whole)
{
	static char text[40000];
	int bad = 0;

	for (int iter = 0; iter < 300 && !bad; iter++) {
		size_t n = random_csv(text, sizeof text, 1 + (int)rnd(4), 1 + (int)rnd(60));
		tly_buf whole = {0}, parts = {0};
		tly_csv *c = tly_csv_open_part("x.csv", text, n, 1, 0);
		uint64_t last = 0, plast = 0;
		records(c, &whole, &last, &bad);
		tly_csv_close(c);

		/* cut where tly_csv_scan cuts, at random sizes */
		tly_csvscan s = {0, 1, 0, 0};
		size_t at = 0;
		while (at < n) {
			uint64_t line = s.lines + 1, rec = s.recs;
			size_t k = tly_csv_scan(&s, text + at, n - at, rnd(200));
			c = tly_csv_open_part("x.csv", text + at, k, line, rec);
			records(c, &parts, &plast, &bad);
			tly_csv_close(c);
			at += k;
		}
		/* and the file read through tly_csv_open as the tools read it */
		char path[] = "/tmp/tally-unit-csv-XXXXXX";
		int fd = mkstemp(path);
		tly_buf file = {0};
		uint64_t flast = 0;
		if (fd < 0 || write(fd, text, n) != (ssize_t)n)
			bad = 1;
		close(fd);
		tly_err err = {0};
		c = tly_csv_open(path, &err);
		records(c, &file, &flast, &bad);
		tly_csv_close(c);
		unlink(path);
		if (file.len != whole.len || (whole.len && memcmp(file.data, whole.data, whole.len) != 0) ||
		    plast != last || flast != last) {
			fprintf(stderr, "  iteration %d: the file read differs\n", iter);
			bad = 1;
		}
		tly_buf_free(&file);
		if (whole.len != parts.len || (whole.len && memcmp(whole.data, parts.data, whole.len) != 0)) {
			fprintf(stderr, "  iteration %d: parts differ from the whole\n", iter);
			bad = 1;
		}
		/* the last record's number is the scanner's count */
		if (last != s.recs) {
			fprintf(stderr, "  iteration %d: %llu records, the scanner counted %llu\n",
			        iter, (unsigned long long)last, (unsigned long long)s.recs);
			bad = 1;
		}
		tly_buf_free(&whole);
		tly_buf_free(&parts);
	}
	CHECK(!bad);
}

/* Each document into out, as common_docdump.h writes it. */
static void dump_or_fail(tly_input *in, tly_buf *out, int *failed)
{
	tly_err err = {0};

	if (dump_docs(in, out, &err) < 0) {
		fprintf(stderr, "  %s\n", err.msg);
		*failed = 1;
	}
}

/* A CSV corpus file of at least min bytes of random records at path (a
 * mkstemps template). */
static size_t corpus_file(char *path, size_t min, const char *head)
{
	static char text[40000];
	int fd = mkstemps(path, 4);
	size_t total = 0;

	CHECK(fd >= 0 && write(fd, head, strlen(head)) == (ssize_t)strlen(head));
	while (total < min) {
		size_t n = random_csv(text, sizeof text, 3, 200);
		text[n++] = '\n';  /* the next batch begins a record */
		CHECK(write(fd, text, n) == (ssize_t)n);
		total += n;
	}
	close(fd);
	return total;
}

/* Three files (3 MB, a header only, 1.5 MB) read in parts give the documents
 * one reader gives, in the same order. */
TEST(csv_parts_docs)
{
	char path[] = "/tmp/tally-unit-parts-XXXXXX.csv", empty[] = "/tmp/tally-unit-parts-XXXXXX.csv",
	     path2[] = "/tmp/tally-unit-parts-XXXXXX.csv";
	int bad = 0;
	size_t total = corpus_file(path, 3000000, "k,date,text\r\n");
	corpus_file(empty, 0, "k,date,text");  /* a header without a line end */
	total += corpus_file(path2, 1500000, "\xEF\xBB\xBFk,date,text\r");

	tly_inopts o = {0};
	o.progress = -1;
	char *paths[] = {path, empty, path2};
	tly_buf seq = {0}, par = {0};
	tly_input *in = tly_input_new(paths, 3, &o);
	dump_or_fail(in, &seq, &bad);
	tly_input_free(in);

	tly_parts *p = tly_parts_open(paths, 3, &o);
	tly_part part;
	int r = -1, nparts = 0;
	CHECK(p != NULL);
	while (p && (r = tly_parts_next(p, &part)) > 0) {
		in = tly_input_part(&part);
		dump_or_fail(in, &par, &bad);
		tly_input_free(in);
		free(part.data);
		nparts++;
	}
	CHECK(r == 0);
	tly_parts_close(p);
	CHECK(nparts >= 4);
	CHECK(!bad);
	CHECK(seq.len > total / 2 && seq.len == par.len && memcmp(seq.data, par.data, seq.len) == 0);
	tly_buf_free(&seq);
	tly_buf_free(&par);
	unlink(path);
	unlink(empty);
	unlink(path2);
}

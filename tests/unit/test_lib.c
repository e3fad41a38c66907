/* test_lib.c - hash table, CSV writer and reader, arena. */
#include <stdlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

TEST(hash_insert_find)
{
	tly_hash *h = tly_hash_new(sizeof(long));
	char key[32];
	int bad = 0;

	for (long i = 0; i < 100000; i++) {
		size_t id;
		int n = snprintf(key, sizeof key, "k%ld", i);
		long *v = tly_hash_get(h, key, (size_t)n, 1, &id);
		bad += *v != 0 || id != (size_t)i;
		*v = i * 3;
	}
	CHECK(tly_hash_count(h) == 100000);
	for (long i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof key, "k%ld", i);
		long *v = tly_hash_get(h, key, (size_t)n, 0, NULL);
		bad += !v || *v != i * 3;
	}
	CHECK(bad == 0);
	CHECK(tly_hash_get(h, "absent", 6, 0, NULL) == NULL);
	size_t len;
	CHECK_STR(tly_hash_key(h, 42, &len), "k42");
	CHECK(len == 3);
	/* keys with NUL bytes and the empty key are distinct keys */
	tly_hash_get(h, "a\0b", 3, 1, NULL);
	CHECK(tly_hash_get(h, "a", 1, 0, NULL) == NULL);
	CHECK(tly_hash_get(h, "", 0, 1, NULL) != NULL);
	tly_hash_free(h);
}

/* tly_hash_append: keys added without a probe are found by the next lookup,
 * in runs of every length between lookups (the table grows several times
 * over inside one run), with values and ids as tly_hash_get gives them. */
TEST(hash_append_then_find)
{
	tly_hash *h = tly_hash_new(sizeof(long));
	char key[32];
	long next = 0;
	int bad = 0;

	for (long run = 1; run <= 70000; run = run * 3 + 1) {
		for (long i = 0; i < run; i++, next++) {
			size_t id;
			int n = snprintf(key, sizeof key, "a%ld", next);
			long *v = tly_hash_append(h, key, (size_t)n, &id);
			bad += *v != 0 || id != (size_t)next;
			*v = next * 7;
		}
		/* one lookup between runs: a get that inserts */
		size_t id;
		int n = snprintf(key, sizeof key, "g%ld", next);
		long *v = tly_hash_get(h, key, (size_t)n, 1, &id);
		bad += *v != 0 || id != (size_t)next;
		*v = next * 7;
		next++;
	}
	CHECK(bad == 0);
	CHECK(tly_hash_count(h) == (size_t)next);
	for (long i = 0; i < next; i++) {
		size_t id = 0;
		char alt[32];
		int n = snprintf(key, sizeof key, "a%ld", i);
		int m = snprintf(alt, sizeof alt, "g%ld", i);
		long *v = tly_hash_get(h, key, (size_t)n, 0, &id);
		long *w = tly_hash_get(h, alt, (size_t)m, 0, NULL);
		/* each i is exactly one of the two */
		bad += (v != NULL) == (w != NULL);
		if (!v)
			v = w, id = (size_t)i;
		bad += !v || *v != i * 7 || id != (size_t)i;
	}
	CHECK(bad == 0);
	CHECK(tly_hash_get(h, "a-1", 3, 0, NULL) == NULL);
	tly_hash_free(h);
}

/* The whole file, NUL-terminated. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : 0;
	char *s = malloc(size > 0 ? (size_t)size + 1 : 1);

	if (f)
		rewind(f);
	*n = f && size > 0 ? fread(s, 1, (size_t)size, f) : 0;
	s[*n] = '\0';
	if (f)
		fclose(f);
	return s;
}

TEST(csv_write_read_roundtrip)
{
	char path[] = "/tmp/tally-unit-XXXXXX";
	int fd = mkstemp(path);
	tly_err err = {0};
	static const char *fields[] = {
		"plain", "with,comma", "with \"quote\"", "line\nbreak", "cr\rhere",
		"", " spaced ", "=SUM(A1)", "Việt Nam",
	};
	size_t nf = sizeof fields / sizeof *fields;

	close(fd);
	tly_out *o = tly_out_open(path, &err);
	CHECK(o != NULL);
	for (size_t i = 0; i < nf; i++)
		tly_csv_str(o, fields[i]);
	tly_csv_end(o);
	tly_csv_int(o, -42);
	tly_csv_uint(o, 18446744073709551615ull);
	tly_csv_real(o, 0.1);
	tly_csv_real(o, -0.0);
	tly_csv_real(o, 1.0 / 0.0);
	tly_csv_real(o, 0.0 / 0.0);
	tly_csv_fixed(o, -0.0001, 2);
	tly_csv_fixed(o, 2.5, 3);
	tly_csv_real(o, 1.5e-300);
	tly_csv_end(o);
	CHECK(tly_out_close(o, 1, &err) == 0);

	size_t n;
	char *s = slurp(path, &n);
	CHECK_STR(s, "plain,\"with,comma\",\"with \"\"quote\"\"\",\"line\nbreak\",\"cr\rhere\","
	             ", spaced ,=SUM(A1),Việt Nam\n"
	             "-42,18446744073709551615,0.1,0,Inf,NA,0.00,2.500,1.5e-300\n");
	free(s);

	tly_csv *c = tly_csv_open(path, &err);
	CHECK(c != NULL);
	CHECK(tly_csv_next(c, &err) == 1);
	CHECK(tly_csv_nfields(c) == nf);
	for (size_t i = 0; i < nf && i < tly_csv_nfields(c); i++)
		CHECK_STR(tly_csv_get(c, i, NULL), fields[i]);
	CHECK(tly_csv_line(c) == 1);
	CHECK(tly_csv_next(c, &err) == 1);
	CHECK(tly_csv_line(c) == 3);  /* the first record spans two lines */
	CHECK(tly_csv_next(c, &err) == 0);
	tly_csv_close(c);
	unlink(path);
}

/* tly_out_rows: the same bytes for one and three threads, and with three
 * the rows really are formatted by more than one thread. */
#define OUT_ROWS 120000
static pthread_t row_thread[OUT_ROWS];

static void fmt_row(tly_out *o, size_t i, void *ctx, tly_buf *scratch)
{
	(void)ctx;
	row_thread[i] = pthread_self();
	tly_buf_clear(scratch);
	tly_buf_adds(scratch, "r,");  /* needs quoting */
	tly_csv_field(o, scratch->data, scratch->len);
	tly_csv_uint(o, i);
	tly_csv_real(o, (double)i / 7);
	tly_csv_end(o);
}

TEST(out_rows_threads)
{
	char *got[2];
	size_t n[2];
	int threads_seen = 0;

	for (int k = 0; k < 2; k++) {
		char path[] = "/tmp/tally-unit-XXXXXX";
		int fd = mkstemp(path);
		tly_err err = {0};

		close(fd);
		tly_out *o = tly_out_open(path, &err);
		CHECK(o != NULL);
		tly_csv_header(o, "a,b,c");
		tly_out_rows(o, OUT_ROWS, k ? 3 : 1, fmt_row, NULL);
		CHECK(tly_out_close(o, 1, &err) == 0);
		got[k] = slurp(path, &n[k]);
		unlink(path);
		if (k)
			threads_seen = !pthread_equal(row_thread[0], row_thread[OUT_ROWS - 1]);
	}
	CHECK(n[0] == n[1] && memcmp(got[0], got[1], n[0]) == 0);
	CHECK(strncmp(got[1], "a,b,c\n\"r,\",0,0\n\"r,\",1,0.1428571429\n", 34) == 0);
	CHECK(strstr(got[1], "\n\"r,\",100000,14285.71429\n\"r,\",100001,14285.85714\n") != NULL);
	CHECK(n[1] > 2000000 && got[1][n[1] - 1] == '\n');
	CHECK(threads_seen);
	free(got[0]);
	free(got[1]);
}

/* tly_parallel: the parts cover 0..n-1 once each, in order, part 0 in the
 * calling thread and the others elsewhere; too little work stays whole. */
#define PAR_N 100003
static pthread_t par_thread[8];
static unsigned char par_hits[PAR_N];
static size_t par_lo[8], par_hi[8];

static void par_part(void *ctx, size_t k, size_t a, size_t b)
{
	(void)ctx;
	par_thread[k] = pthread_self();
	par_lo[k] = a;
	par_hi[k] = b;
	for (size_t i = a; i < b; i++)
		par_hits[i]++;
}

TEST(parallel_parts)
{
	CHECK(tly_parallel_parts(0, 4, 100) == 0);
	CHECK(tly_parallel_parts(50, 4, 100) == 1);
	CHECK(tly_parallel_parts(250, 4, 100) == 2);
	CHECK(tly_parallel_parts(PAR_N, 3, 100) == 3);
	CHECK(tly_parallel_parts(PAR_N, 1, 100) == 1);
	tly_parallel(PAR_N, 3, par_part, NULL);
	int once = 1;
	for (size_t i = 0; i < PAR_N; i++)
		once &= par_hits[i] == 1;
	CHECK(once);
	CHECK(par_lo[0] == 0 && par_hi[0] == par_lo[1] && par_hi[1] == par_lo[2] &&
	      par_hi[2] == PAR_N);
	CHECK(pthread_equal(par_thread[0], pthread_self()));
	CHECK(!pthread_equal(par_thread[1], pthread_self()) &&
	      !pthread_equal(par_thread[2], pthread_self()) &&
	      !pthread_equal(par_thread[1], par_thread[2]));
	tly_parallel(0, 0, par_part, NULL);  /* nothing to do: not called */
	CHECK(par_hits[0] == 1);
}

/* The lenient reading of bytes: each NUL and each byte of an invalid
 * sequence becomes U+FFFD; valid text (ASCII runs past 8 bytes, 2-4 byte
 * sequences) is kept. */
TEST(utf8_valid_and_replaced)
{
	const char ok[] = "Vi\xe1\xbb\x87t Nam, T\xc3\xbcrkiye \xf0\x9f\x98\x80 long ascii run here";
	tly_buf b = {0};

	CHECK(tly_utf8_valid_len(ok, sizeof ok - 1) == sizeof ok - 1);
	CHECK(tly_utf8_valid_len("abcdefghij\xffk", 12) == 10);
	CHECK(tly_utf8_valid_len("abcdefghijklmnop\0q", 18) == 16);
	CHECK(tly_utf8_valid_len("\xc3", 1) == 0);            /* cut short */
	CHECK(tly_utf8_valid_len("a\xed\xa0\x80", 4) == 1);  /* a surrogate */
	tly_buf_add_valid(&b, "a\xff" "b\xe2\x82", 5);
	CHECK_STR(b.data, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
	tly_buf_clear(&b);
	tly_buf_add_valid(&b, "x\0y", 3);
	CHECK_STR(b.data, "x\xEF\xBF\xBDy");
	tly_buf_clear(&b);
	tly_buf_add_valid(&b, ok, sizeof ok - 1);
	CHECK_STR(b.data, ok);
	tly_buf_free(&b);
}

/* Typo suggestions: the nearest name within the edit distance allowed,
 * nothing for names, far words or (with abbrev) starts of names. */
TEST(suggest_names)
{
	const char *opts[] = {"text-col", "id-col", "top", "threads", "stopwords", "min-count"};
	const char *tools[] = {"colloc", "terms", "tokens", "tone", "tsv"};
	const size_t no = sizeof opts / sizeof *opts, nt = sizeof tools / sizeof *tools;

	CHECK_STR(tly_suggest("text-column", 11, opts, no, 1), "text-col");
	CHECK_STR(tly_suggest("min_count", 9, opts, no, 1), "min-count");
	CHECK_STR(tly_suggest("topp", 4, opts, no, 1), "top");
	CHECK_STR(tly_suggest("stopwrods", 9, opts, no, 1), "stopwords");
	CHECK(tly_suggest("top", 3, opts, no, 1) == NULL);       /* a name */
	CHECK(tly_suggest("thr", 3, opts, no, 1) == NULL);       /* an abbreviation */
	CHECK(tly_suggest("frobnicate", 10, opts, no, 1) == NULL);
	CHECK(tly_suggest("xyz", 3, opts, no, 1) == NULL);       /* too far for 3 letters */
	CHECK_STR(tly_suggest("term", 4, tools, nt, 0), "terms");  /* no abbreviations */
	CHECK_STR(tly_suggest("colocs", 6, tools, nt, 0), "colloc");
	/* two letters swapped is one typo, in short words too */
	CHECK_STR(tly_suggest("trems", 5, tools, nt, 0), "terms");
	CHECK_STR(tly_suggest("tnoe", 4, tools, nt, 0), "tone");
	CHECK_STR(tly_suggest("tpo", 3, opts, no, 1), "top");
	CHECK_STR(tly_suggest("tsvv=1", 4, tools, nt, 0), "tsv");  /* n bytes only */
	CHECK(tly_suggest("to", 2, tools, nt, 0) == NULL);       /* too short to guess */
	CHECK(tly_suggest("tokens", 6, tools, nt, 0) == NULL);
}

TEST(csv_excel_safe)
{
	char path[] = "/tmp/tally-unit-XXXXXX";
	int fd = mkstemp(path);
	tly_err err = {0};

	close(fd);
	tly_out *o = tly_out_open(path, &err);
	tly_out_excel_safe(o, 1);
	tly_csv_str(o, "=1+1");
	tly_csv_str(o, "+x");
	tly_csv_str(o, "-x");
	tly_csv_str(o, "@x");
	tly_csv_str(o, "ok");
	tly_csv_int(o, -5);  /* numbers stay numbers */
	tly_csv_end(o);
	CHECK(tly_out_close(o, 1, &err) == 0);
	size_t n;
	char *s = slurp(path, &n);
	CHECK_STR(s, "\"'=1+1\",\"'+x\",\"'-x\",\"'@x\",ok,-5\n");
	free(s);
	unlink(path);
}

TEST(csv_reader_errors)
{
	char path[] = "/tmp/tally-unit-XXXXXX";
	int fd = mkstemp(path);
	tly_err err = {0};
	const char *bad = "a,b\n1,\"x\"y\n";

	CHECK(write(fd, bad, strlen(bad)) == (ssize_t)strlen(bad));
	close(fd);
	tly_table *t = tly_table_open(path, &err);
	CHECK(t != NULL);
	CHECK(tly_table_next(t, &err) == -1);
	CHECK(strstr(err.msg, ":2: malformed CSV") != NULL);
	tly_table_close(t);

	fd = open(path, O_WRONLY | O_TRUNC);
	const char *ragged = "a,b\n1,2\n3\n";
	CHECK(write(fd, ragged, strlen(ragged)) == (ssize_t)strlen(ragged));
	close(fd);
	t = tly_table_open(path, &err);
	CHECK(tly_table_next(t, &err) == 1);
	CHECK(tly_table_next(t, &err) == -1);
	CHECK(strstr(err.msg, ":3: record has 1 field, the header has 2") != NULL);
	CHECK(tly_table_need(t, "zz", "--text-col", &err) == -1);
	CHECK(strstr(err.msg, "no column \"zz\" in the header (columns: a, b); choose one with --text-col") != NULL);
	tly_table_close(t);
	unlink(path);
}

TEST(arena_alignment)
{
	tly_arena *a = tly_arena_new();
	int bad = 0;

	for (int i = 1; i < 5000; i++) {
		char *p = tly_arena_alloc(a, (size_t)(i % 97) + 1);
		bad += ((uintptr_t)p & 7) != 0;
	}
	char *big = tly_arena_alloc(a, 1 << 20);
	big[(1 << 20) - 1] = 1;
	CHECK(bad == 0);
	tly_arena_free(a);
}

TEST(error_messages_are_one_line)
{
	tly_err err = {0};
	char big[3000];

	CHECK(tly_err_set(&err, TLY_EXIT_DATA, "name \"%s\" is bad", "a\nb\tc\r\x01\x7f") == -1);
	CHECK_STR(err.msg, "name \"a\\nb\\tc\\r\\x01\\x7f\" is bad");
	CHECK(err.code == TLY_EXIT_DATA);
	/* a long message is cut with "...", still one line */
	memset(big, '\n', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	tly_err_set(&err, TLY_EXIT_DATA, "%s", big);
	CHECK(strchr(err.msg, '\n') == NULL);
	CHECK(strlen(err.msg) < sizeof err.msg);
	CHECK(strcmp(err.msg + strlen(err.msg) - 3, "...") == 0);
}

TEST(iso_dates)
{
	/* the calendar from Python's datetime.date, checked by hand:
	 * 2024 and 2000 are leap years, 2100 and 2026 are not */
	static const struct {
		const char *s;
		int r;
		size_t len;
	} cases[] = {
		{"2026", 1, 4}, {"2026-02", 1, 7}, {"2026-02-21", 1, 10},
		{"2026-02-21T08:00", 1, 10}, {"2026-02-21 08:00", 1, 10},
		{"2024-02-29", 1, 10}, {"2000-02-29", 1, 10}, {"2026-12-31", 1, 10},
		{"2026-01-31", 1, 10}, {"2026-04-30", 1, 10},
		{"2026-13", -1, 7}, {"2026-00", -1, 7}, {"2026-02-30", -1, 10},
		{"2026-02-29", -1, 10}, {"2100-02-29", -1, 10}, {"2026-04-31", -1, 10},
		{"2026-01-00", -1, 10}, {"2026-01-32", -1, 10},
		{"", 0, 0}, {"202", 0, 0}, {"20260", 0, 0}, {"2026-2-1", 0, 0},
		{"2026-02T08", 0, 0}, {"2026/02/21", 0, 0}, {"2026-02-21Z", 0, 0},
		{"abcd", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = 0;
		int r = tly_iso_date(cases[i].s, &len);
		if (r != cases[i].r || (r && len != cases[i].len))
			fprintf(stderr, "  tly_iso_date(\"%s\") = %d, len %zu\n", cases[i].s, r, len);
		CHECK(r == cases[i].r);
		CHECK(!r || len == cases[i].len);
	}
	CHECK(tly_iso_date_prefix("2026-02-21", 7));
	CHECK(tly_iso_date_prefix("2026", 4));
	CHECK(!tly_iso_date_prefix("2026", 7));
	CHECK(!tly_iso_date_prefix("2026-13-01", 4));
}

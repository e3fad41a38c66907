/* test_terms.c - stopword lists, document selection and term counting
 * (terms, n-grams, pairs, groups, merging), with hand-counted answers. */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

static char *temp_file(const char *content, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/tally-unit-terms-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len)
		return NULL;
	close(fd);
	return path;
}

TEST(stopwords_file_normalized)
{
	const char text[] = "\xEF\xBB\xBFThe\n# a comment\n  Don\xE2\x80\x99t  \nof # trailing\n\n";
	char *path = temp_file(text, sizeof text - 1);
	tly_err err = {0};
	tly_stopwords *s = tly_stopwords_load(path, 1, 0, &err);

	CHECK(s != NULL);
	if (s) {
		CHECK(tly_stopwords_count(s) == 3);
		CHECK(tly_stopwords_has(s, "the", 3));
		CHECK(tly_stopwords_has(s, "don't", 5));  /* apostrophe unified, folded */
		CHECK(tly_stopwords_has(s, "of", 2));
		CHECK(!tly_stopwords_has(s, "The", 3));
		CHECK(!tly_stopwords_has(s, "a", 1));
	}
	tly_stopwords_free(s);
	/* --case keep: tokens keep their case, stopwords still match whatever
	 * the case (The, the and THE are the stopword "the") */
	s = tly_stopwords_load(path, 0, 0, &err);
	CHECK(s && tly_stopwords_has(s, "The", 3) && tly_stopwords_has(s, "the", 3) &&
	      tly_stopwords_has(s, "THE", 3) && tly_stopwords_has(s, "DON'T", 5) &&
	      !tly_stopwords_has(s, "a", 1));
	tly_stopwords_free(s);
	unlink(path);
}

TEST(stopwords_errors)
{
	tly_err err = {0};
	char *path;

	path = temp_file("ok\nbad\xFF\n", 8);
	CHECK(tly_stopwords_load(path, 1, 0, &err) == NULL);
	CHECK(strstr(err.msg, ":2: invalid UTF-8") != NULL);
	CHECK(err.code == TLY_EXIT_DATA);
	unlink(path);
	path = temp_file("new york\n", 9);
	CHECK(tly_stopwords_load(path, 1, 0, &err) == NULL);
	CHECK(strstr(err.msg, ":1: a stopword cannot contain spaces") != NULL);
	unlink(path);
	path = temp_file("# nothing\n\n", 11);
	CHECK(tly_stopwords_load(path, 1, 0, &err) == NULL);
	CHECK(strstr(err.msg, "no stopwords") != NULL);
	unlink(path);
	CHECK(tly_stopwords_load("/nonexistent/xx", 1, 0, &err) == NULL);
	CHECK(strstr(err.msg, "no such stopword file or language") != NULL);
}

TEST(stopwords_english)
{
	tly_err err = {0};
	tly_stopwords *s = tly_stopwords_load("en", 1, 0, &err);

	CHECK(s != NULL);
	if (s) {
		CHECK(tly_stopwords_count(s) == 174);
		CHECK(tly_stopwords_has(s, "the", 3));
		CHECK(tly_stopwords_has(s, "don't", 5));
		CHECK(!tly_stopwords_has(s, "us", 2));  /* left out: U.S. */
	}
	tly_stopwords_free(s);
}

/* How many documents of the bundled corpus (its manifest) spec selects;
 * -1 on a selection error. */
static int selected(const char *spec)
{
	char *paths[] = {"corpus/manifest.csv"};
	tly_inopts io = {0};
	tly_err err = {0};
	tly_docsel *s = tly_docsel_new(spec, &err);
	tly_input *in;
	tly_doc *d;
	int n = 0, r;

	if (!s)
		return -2;
	io.progress = -1;
	in = tly_input_new(paths, 1, &io);
	while (tly_input_next(in, &d, &err) > 0) {
		if ((r = tly_docsel_match(s, d, &err)) < 0) {
			n = -1;
			break;
		}
		n += r;
	}
	tly_input_free(in);
	tly_docsel_free(s);
	return n;
}

TEST(docsel_corpus)
{
	/* the manifest's dates: 2026-02-21, 2026-01-22, 2026-02-13 x3, four
	 * empty, 2026-02-13, 2026-02-12 x2 */
	CHECK(selected("date>=2026-02-01") == 7);
	CHECK(selected("date<2026-02-01") == 1);   /* empty dates are not "less" */
	CHECK(selected("date=") == 4);
	CHECK(selected("date!=") == 8);
	CHECK(selected("month=2026-02") == 7);     /* derived from date */
	CHECK(selected("kind=teaser") == 10);
	CHECK(selected("kind!=teaser") == 2);
	CHECK(selected("003_*-t0?") == 9);          /* glob on ids */
	CHECK(selected("003_b3b9f51542850bb4") == 1);
	CHECK(selected("title~*Gaza*") == 2);
	CHECK(selected("start<600") == 2);          /* numbers compare as numbers */
	CHECK(selected("start>5086") == 8);
	CHECK(selected("nope=1") == -1);            /* a missing column */
	CHECK(selected("=x") == -2);
	CHECK(selected("") == -2);
}

TEST(docsel_missing_column_message)
{
	char *paths[] = {"tests/data/dir/a.txt"};
	tly_inopts io = {0};
	tly_err err = {0};
	tly_docsel *s = tly_docsel_new("date>=2026", &err);
	tly_input *in;
	tly_doc *d;

	io.progress = -1;
	in = tly_input_new(paths, 1, &io);
	CHECK(tly_input_next(in, &d, &err) == 1);
	CHECK(tly_docsel_match(s, d, &err) == -1);
	CHECK_STR(err.msg, "tests/data/dir/a.txt: no column \"date\" (columns: doc, path)");
	tly_input_free(in);
	tly_docsel_free(s);
}

/* Count a text with options o; return the rows as "key=count/docs" joined
 * by spaces (groups prefixed "group:"). */
static const char *count_text(const char *text, const tly_termopts *o)
{
	static tly_buf out;
	char *path = temp_file(text, strlen(text));
	char *paths[] = {path};
	tly_inopts io = {0};
	tly_tokopts to = {0};
	tly_err err = {0};
	tly_terms *t = tly_terms_new(o);
	tly_buf key = {0};
	const tly_trow *rows;
	size_t n;

	io.progress = -1;
	to.fold_case = 1;
	tly_buf_clear(&out);
	if (tly_terms_count(t, paths, 1, &io, &to, 1, NULL, NULL, &err) < 0) {
		tly_buf_adds(&out, err.msg);
	} else {
		rows = tly_terms_rows(t, &n);
		for (size_t i = 0; i < n; i++) {
			char tmp[64];
			tly_buf_clear(&key);
			tly_terms_key_text(t, rows[i].key, &key);
			if (out.len)
				tly_buf_addc(&out, ' ');
			tly_buf_adds(&out, key.data);
			snprintf(tmp, sizeof tmp, "=%llu/%llu", (unsigned long long)rows[i].count,
			         (unsigned long long)rows[i].docs);
			tly_buf_adds(&out, tmp);
		}
		uint64_t docs, terms, units;
		tly_terms_group_stats(t, 0, &docs, &terms, &units);
		char tmp[96];
		snprintf(tmp, sizeof tmp, " | %llu %llu %llu", (unsigned long long)docs,
		         (unsigned long long)terms, (unsigned long long)units);
		tly_buf_adds(&out, tmp);
	}
	tly_buf_free(&key);
	tly_terms_free(t);
	unlink(path);
	return out.data;
}

static const char sample[] = "The cat sat. The cat, the dog!\n\nA dog's bone.\n";

TEST(terms_count_unigrams)
{
	tly_termopts o = {0};

	o.n = 1;
	CHECK_STR(count_text(sample, &o), "the=3/1 cat=2/1 dog=2/1 a=1/1 bone=1/1 sat=1/1 | 1 10 10");
	o.clitics = 1;
	CHECK_STR(count_text(sample, &o),
	          "the=3/1 cat=2/1 dog=2/1 's=1/1 a=1/1 bone=1/1 sat=1/1 | 1 11 11");
	o.clitics = 0;
	o.no_numbers = 1;
	CHECK_STR(count_text("3 cats, 3.5% and 2026 cats\n", &o), "cats=2/1 and=1/1 | 1 3 3");
}

TEST(terms_count_ngrams)
{
	tly_termopts o = {0};

	/* n-grams stop at sentence ends and punctuation; 's is skipped */
	o.n = 2;
	CHECK_STR(count_text(sample, &o),
	          "the cat=2/1 a dog=1/1 cat sat=1/1 dog bone=1/1 the dog=1/1 | 1 10 6");
	o.cross_punct = 1;
	CHECK_STR(count_text(sample, &o),
	          "the cat=2/1 a dog=1/1 cat sat=1/1 cat the=1/1 dog bone=1/1 the dog=1/1 "
	          "| 1 10 7");
	o.cross_punct = 0;
	o.n = 3;
	CHECK_STR(count_text(sample, &o), "a dog bone=1/1 the cat sat=1/1 | 1 10 2");
}

TEST(terms_count_pairs_with_gaps)
{
	tly_err err = {0};
	char *path = temp_file("the\na\n", 6);
	tly_stopwords *s = tly_stopwords_load(path, 1, 0, &err);
	tly_termopts o = {0};

	unlink(path);
	o.stop = s;
	o.window = 2;
	/* stopwords hold a position but never pair: "dog bone" is 1 apart, "the
	 * cat sat" gives only (cat, sat) */
	CHECK_STR(count_text(sample, &o), "cat sat=1/1 dog bone=1/1 | 1 6 2");
	o.window = 1;
	o.stop = NULL;
	CHECK_STR(count_text("a b c. a b\n", &o), "a b=2/1 b c=1/1 | 1 5 3");
	o.window = 2;
	CHECK_STR(count_text("a b c. a b\n", &o), "a b=2/1 a c=1/1 b c=1/1 | 1 5 4");
	o.stop = s;
	o.n = 2;
	o.window = 0;
	/* a stopword breaks an n-gram */
	CHECK_STR(count_text("big cat the dog a big dog\n", &o), "big cat=1/1 big dog=1/1 | 1 5 2");
	tly_stopwords_free(s);
}

TEST(terms_count_forms_of_every_length)
{
	/* forms that share their first 8 or 16 bytes, of every length around
	 * those, and enough of them for the form table to grow several times */
	enum { NL = 40, NP = 6000 };
	static char words[2 * NL + NP][48];
	size_t nw = 0, cnt[2 * NL + NP];
	tly_buf text = {0};

	for (int l = 1; l <= NL; l++) {
		memset(words[nw], 'x', (size_t)l);
		words[nw++][l] = '\0';
		memset(words[nw], 'x', (size_t)l);
		words[nw][l - 1] = 'y';
		words[nw++][l] = '\0';
	}
	for (int i = 0; i < NP; i++)
		snprintf(words[nw++], sizeof *words, i % 2 ? "abcdefghijklmno%d" : "abcdefgh%d", i);
	for (size_t i = 0; i < nw; i++)
		cnt[i] = i % 3 + 1;
	for (size_t r = 0; r < 3; r++)
		for (size_t k = 0; k < nw; k++) {
			size_t i = k * 7919 % nw;
			if (cnt[i] > r) {
				tly_buf_adds(&text, words[i]);
				tly_buf_addc(&text, r == 1 ? '\n' : ' ');
			}
		}
	char *path = temp_file(text.data, text.len);
	char *paths[] = {path};
	tly_inopts io = {0};
	tly_tokopts to = {.fold_case = 1};
	tly_termopts o = {.n = 1};
	tly_err err = {0};
	tly_terms *t = tly_terms_new(&o);
	size_t n, bad = 0;

	io.progress = -1;
	CHECK(tly_terms_count(t, paths, 1, &io, &to, 1, NULL, NULL, &err) == 0);
	const tly_trow *rows = tly_terms_rows(t, &n);
	CHECK(n == nw);
	for (size_t i = 0; i < n; i++) {
		size_t len, k = 0;
		const char *w = tly_terms_term(t, rows[i].key, &len);
		while (k < nw && (strlen(words[k]) != len || memcmp(words[k], w, len) != 0))
			k++;
		bad += k == nw || rows[i].count != cnt[k] || rows[i].docs != 1;
	}
	CHECK(bad == 0);
	tly_terms_free(t);
	unlink(path);
	tly_buf_free(&text);
}

TEST(terms_count_stems)
{
	tly_termopts o = {0};

	o.n = 1;
	o.stem = 1;
	/* Porter2: economy, economies -> economi; economic -> econom */
	CHECK_STR(count_text("Economy economies economic talks talking\n", &o),
	          "economi=2/1 talk=2/1 econom=1/1 | 1 5 5");
}

static int group_of(void *ctx, tly_doc *d, const char **group, tly_err *err)
{
	(void)ctx;
	(void)err;
	*group = strstr(tly_doc_id(d), "a.txt") ? "A" : "B";
	return strstr(tly_doc_id(d), "empty") ? 0 : 1;
}

TEST(terms_groups_and_merge)
{
	char *paths[] = {"tests/data/dir"};
	tly_inopts io = {0};
	tly_tokopts to = {0};
	tly_termopts o = {0};
	tly_err err = {0};
	tly_terms *all = tly_terms_new(&o), *a = tly_terms_new(&o), *b = tly_terms_new(&o);
	const tly_trow *ra, *rb;
	size_t na, nb;
	uint64_t docs;

	io.progress = -1;
	to.fold_case = 1;
	CHECK(tly_terms_count(all, paths, 1, &io, &to, 1, group_of, NULL, &err) == 0);
	/* the same input counted in two halves and merged */
	char *pa[] = {"tests/data/dir/a.txt"}, *pb[] = {"tests/data/dir/b.txt",
	                                               "tests/data/dir/sub"};
	CHECK(tly_terms_count(a, pa, 1, &io, &to, 1, group_of, NULL, &err) == 0);
	CHECK(tly_terms_count(b, pb, 2, &io, &to, 1, group_of, NULL, &err) == 0);
	tly_terms_merge(a, b, 0);
	ra = tly_terms_rows(all, &na);
	rb = tly_terms_rows(a, &nb);
	CHECK(na == nb && na > 0);
	for (size_t i = 0; i < na && i < nb; i++) {
		tly_buf x = {0}, y = {0};
		tly_terms_key_text(all, ra[i].key, &x);
		tly_terms_key_text(a, rb[i].key, &y);
		CHECK_STR(x.data, y.data);
		CHECK_STR(tly_terms_group(all, ra[i].group), tly_terms_group(a, rb[i].group));
		CHECK(ra[i].count == rb[i].count && ra[i].docs == rb[i].docs);
		tly_buf_free(&x);
		tly_buf_free(&y);
	}
	/* group A holds a.txt; B the others except the skipped empty.txt */
	CHECK(tly_terms_ngroups(all) == 2);
	tly_terms_group_stats(all, tly_terms_group_id(all, "B"), &docs, NULL, NULL);
	CHECK(docs == 2);
	/* parts of one document merge their document counts by maximum */
	tly_terms *c = tly_terms_new(&o);
	tly_terms_merge(c, all, 1);
	tly_terms_merge(c, all, 1);
	rb = tly_terms_rows(c, &nb);
	CHECK(nb == na);
	for (size_t i = 0; i < nb && i < na; i++)
		CHECK(rb[i].count == 2 * ra[i].count && rb[i].docs == ra[i].docs);
	tly_terms_free(all);
	tly_terms_free(a);
	tly_terms_free(b);
	tly_terms_free(c);
}

TEST(doc_size)
{
	char *paths[] = {"corpus/manifest.csv", "tests/data/dir/a.txt"};
	tly_inopts io = {0};
	tly_err err = {0};
	tly_input *in;
	tly_doc *d;
	char buf[100];

	io.progress = -1;
	in = tly_input_new(paths, 2, &io);
	CHECK(tly_input_next(in, &d, &err) == 1);
	CHECK(tly_doc_size(d) == 10566 - 17);  /* the manifest's byte range */
	CHECK(tly_doc_read(d, buf, sizeof buf, &err) == (ssize_t)sizeof buf);
	CHECK(tly_doc_size(d) == 10566 - 17 - 100);
	for (int i = 0; i < 11; i++)
		CHECK(tly_input_next(in, &d, &err) == 1);
	CHECK(tly_input_next(in, &d, &err) == 1);  /* the plain file */
	CHECK_STR(tly_doc_id(d), "tests/data/dir/a.txt");
	ssize_t n = tly_doc_size(d);
	CHECK(n > 0 && n < (ssize_t)sizeof buf);
	CHECK(tly_doc_read(d, buf, sizeof buf, &err) == n);
	CHECK(tly_doc_size(d) == 0);
	tly_input_free(in);
	tly_doc *m = tly_doc_mem("m", "abc", 3);
	CHECK(tly_doc_size(m) == 3);
	tly_doc_free(m);
}

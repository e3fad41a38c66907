/* terms.c - the term counting that terms, ngrams, colloc and keyness share.
 *
 * A token becomes a term, a gap or nothing (tly_termopts): stopwords and
 * (with no_numbers) numbers are gaps, which hold a position but are never
 * counted and never join an n-gram or pair; the clitic 's is skipped as if
 * absent (unless clitics); punctuation and sentence ends break sequences.
 * Terms are counted as keys: the term itself, an n-gram of n terms, or an
 * ordered pair (a, b) with b at most window positions after a.
 *
 * Counting is exact integers kept apart from derived statistics: per group
 * (a --by value, a keyness side) and key, the number of occurrences and the
 * number of documents holding it, plus each group's documents, terms and
 * keys.  The path per token is one hash lookup of the surface form (which
 * caches its stopword status and Snowball stem), one more for an n-gram or
 * pair, and an array increment; a document's counts go into the per-group
 * cells when the document ends, one lookup per distinct key.  A counter's
 * ids are its own; tly_terms_merge() maps another counter's by their text,
 * which is how threads (and later partial outputs) combine.
 *
 * Threads: one large plain-text file is cut into jobs at blank
 * lines (paragraph breaks, which also end sentences, so no n-gram or pair is
 * lost) or, for single terms only, at any newline or space; each thread
 * reads jobs with pread and tokenizes them with its own tokenizer and
 * counter, and the counters are
 * merged.  Many documents are read by the main thread and handed out in
 * batches; one too big to batch is counted by the main thread as it reads.  Standard input is read in one thread.  Whenever anything
 * fails, the input is counted again in one thread, so that the error
 * reported is exactly the first one. */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <libstemmer.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "tally.h"
#include "tuples.h"

/* ---- stopwords ------------------------------------------------------------- */

struct tly_stopwords {
	tly_hash *h;
	int fold_lookup;  /* tokens keep their case: fold a word to look it up */
};

static const char *stop_language(const char *spec)
{
	if (strcasecmp(spec, "en") == 0 || strcasecmp(spec, "english") == 0)
		return "stopwords-en.txt";
	return NULL;
}

static int is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Whether the UTF-8 character at s (n bytes left) is a space other than
 * ASCII's: a no-break, thin or ideographic space (Zs), a line or paragraph
 * separator; *len gets its length (1 for an invalid byte). */
static int is_uspace_at(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);

	*len = r > 0 ? (size_t)r : 1;
	if (r <= 1)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	       c == UTF8PROC_CATEGORY_ZP || cp == 0x85;
}

int tly_stopwords_add(tly_stopwords **sp, const char *spec, int fold_case, int fold_dia,
                      tly_err *err)
{
	const char *lang = stop_language(spec);
	char *path = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long ln = 0, words = 0;
	tly_buf norm = {0};
	tly_stopwords *s = *sp;
	FILE *f;

	if (access(spec, F_OK) == 0 || !lang) {
		path = xstrdup(spec);
	} else if (!(path = tly_data_path(lang))) {
		tly_err_set(err, TLY_EXIT_DATA, "stopword list \"%s\" not found: %s is missing "
		            "from tally's data directory (set TALLY_DATA)", spec, lang);
		return -1;
	}
	if (!(f = fopen(path, "rb"))) {
		if (errno == ENOENT)
			tly_err_set(err, TLY_EXIT_DATA, "%s: no such stopword file or language "
			            "(languages: en)", spec);
		else
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (!s) {
		s = *sp = xcalloc(1, sizeof *s);
		s->h = tly_hash_new(0);
		/* a stopword matches whatever the case, as in quanteda and
		 * AntConc: with --case keep, "The" and "I" are still "the" and "i" */
		s->fold_lookup = !fold_case;
	}
	while ((n = xgetline(&line, &cap, f)) >= 0) {
		char *p = line, *e;

		ln++;
		if (memchr(line, '\0', (size_t)n)) {
			tly_err_set(err, TLY_EXIT_DATA, "%s:%lu: NUL byte in stopword list", path, ln);
			goto fail;
		}
		if (ln == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		if ((e = strchr(p, '#')))
			*e = '\0';
		e = p + strlen(p);
		while (e > p && is_blank((unsigned char)e[-1]))
			*--e = '\0';
		while (is_blank((unsigned char)*p))
			p++;
		if (!*p)
			continue;
		/* spaces beyond ASCII's (a list copied from a web page) too:
		 * trimmed at the ends, an error inside */
		for (size_t l = 1; *p && (is_blank((unsigned char)*p) ||
		                      is_uspace_at(p, (size_t)(e - p), &l));)
			p += is_blank((unsigned char)*p) ? 1 : l;
		char *last = p;
		for (char *q = p; q < e;) {
			size_t l = 1;
			if (!is_blank((unsigned char)*q) && !is_uspace_at(q, (size_t)(e - q), &l))
				last = q + l;
			q += l;
		}
		*(e = last) = '\0';
		if (!*p)
			continue;
		for (char *q = p; q < e;) {
			size_t l = 1;
			if (is_blank((unsigned char)*q) || is_uspace_at(q, (size_t)(e - q), &l)) {
				tly_err_set(err, TLY_EXIT_DATA, "%s:%lu: a stopword cannot contain "
				            "spaces: \"%s\"", path, ln, p);
				goto fail;
			}
			q += l;
		}
		tly_buf_clear(&norm);
		if (tly_normalize(p, (size_t)(e - p), 1, fold_dia, &norm) < 0) {
			tly_err_set(err, TLY_EXIT_DATA, "%s:%lu: invalid UTF-8 in stopword list",
			            path, ln);
			goto fail;
		}
		tly_hash_get(s->h, norm.data, norm.len, 1, NULL);
		words++;
	}
	if (ferror(f)) {
		tly_err_set(err, TLY_EXIT_DATA, "%s: read error: %s", path, strerror(errno));
		goto fail;
	}
	if (words == 0) {
		tly_err_set(err, TLY_EXIT_DATA, "%s: no stopwords in the file", path);
		goto fail;
	}
	fclose(f);
	free(line);
	free(path);
	tly_buf_free(&norm);
	return 0;
fail:
	fclose(f);
	free(line);
	free(path);
	tly_buf_free(&norm);
	return -1;
}

tly_stopwords *tly_stopwords_load(const char *spec, int fold_case, int fold_dia, tly_err *err)
{
	tly_stopwords *s = NULL;

	if (tly_stopwords_add(&s, spec, fold_case, fold_dia, err) < 0) {
		tly_stopwords_free(s);
		return NULL;
	}
	return s;
}

int tly_stopwords_has(const tly_stopwords *s, const char *w, size_t len)
{
	if (s->fold_lookup) {
		tly_buf f = {0};
		int r;

		if (tly_normalize(w, len, 1, 0, &f) < 0)
			r = 0;
		else
			r = tly_hash_get(s->h, f.data, f.len, 0, NULL) != NULL;
		tly_buf_free(&f);
		return r;
	}
	return tly_hash_get(s->h, w, len, 0, NULL) != NULL;
}

size_t tly_stopwords_count(const tly_stopwords *s) { return tly_hash_count(s->h); }

void tly_stopwords_free(tly_stopwords *s)
{
	if (!s)
		return;
	tly_hash_free(s->h);
	free(s);
}

/* ---- the counter ------------------------------------------------------------ */

struct grp {
	uint64_t docs, terms, units;
	uint32_t *cell;  /* key id -> its cell id + 1 in this group (0: none yet) */
	size_t ncell;
};

/* Entries of the groups' cell indexes, at most: beyond, cells are found by
 * hash alone (as with --by doc over many documents). */
#define DENSE_CELLS ((size_t)1 << 24)

struct cell {
	uint64_t count, docs;
};

#define MAX_N 5
#define MAX_WINDOW 100

/* The surface forms seen, each with its term: an open-addressing table
 * made for the one lookup every token costs.  A slot is 32 bytes (half a
 * cache line): the first 16 bytes of the form as two words, zero-padded (a
 * token holds no NUL, so they identify a form of up to 16 bytes), 32 bits
 * of its hash, its term and its length.  A word of up to 16 bytes is found
 * by one comparison of the slot, without touching other memory; the bytes
 * of the few forms over 16 bytes are in an arena. */
struct tslot {
	uint64_t prefix;  /* bytes 0 to 7, zero-padded */
	uint64_t mid;     /* bytes 8 to 15, zero-padded */
	uint32_t tag;     /* 0: empty; else form_tag */
	int32_t term;     /* term id, or -1: a gap (stopword) */
	uint32_t len;
	uint32_t key;     /* forms over 16 bytes: their index in keys */
};

struct ttable {
	struct tslot *slots;
	size_t mask, n;
	const char **keys;  /* all the bytes of the forms over 16 bytes */
	size_t nkeys, keycap;
	tly_arena *arena;
};

/* zeroed memory for a table, aligned to a cache line, on huge pages where
 * the kernel gives them when it is big */
static void *table_alloc(size_t n, size_t size)
{
	size_t bytes = n * size;
	const size_t huge = (size_t)2 << 20;

	if (bytes < huge) {
		void *p = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
		if (!p)
			tly_die(TLY_EXIT_DATA, "out of memory");
		return memset(p, 0, bytes);
	}
	void *p = aligned_alloc(huge, (bytes + huge - 1) & ~(huge - 1));
	if (!p)
		tly_die(TLY_EXIT_DATA, "out of memory");
	madvise(p, bytes, MADV_HUGEPAGE);
	memset(p, 0, bytes);
	return p;
}

static void ttable_init(struct ttable *tt)
{
	memset(tt, 0, sizeof *tt);
	tt->mask = 4095;
	tt->slots = table_alloc(tt->mask + 1, sizeof *tt->slots);
	tt->arena = tly_arena_new();
}

static void ttable_free(struct ttable *tt)
{
	free(tt->slots);
	free(tt->keys);
	tly_arena_free(tt->arena);
}

/* A hash of a form whose first 8 bytes (zero-padded) are pre and next 8
 * bytes mid (the same): one multiply per 8 bytes (two for a form of up to
 * 16, with no branch on its length) and a finalizer, cheaper than
 * tly_hash_bytes for short words.  s is read past 16 bytes only.  Bit 33
 * (the tag's bit 1, form_tag) is set for forms over 16 bytes only. */
#define FORM_LONG (2ull << 32)
static inline uint64_t form_final(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	return h ^ h >> 32;
}

static inline uint64_t form_hash(const char *s, size_t len, uint64_t pre, uint64_t mid)
{
	uint64_t h = (pre ^ (len * 0x9E3779B97F4A7C15ull)) * 0xD6E8FEB86659FD93ull;

	h = ((h << 31 | h >> 33) ^ mid) * 0x9FB21C651E98DF25ull;  /* mid is 0 if len <= 8 */
	if (len > 16) {
		for (size_t i = 16; i < len; i += 8) {
			uint64_t w = 0;
			memcpy(&w, s + i, len - i < 8 ? len - i : 8);
			h = ((h << 31 | h >> 33) ^ w) * 0x9FB21C651E98DF25ull;
		}
		return form_final(h) | FORM_LONG;
	}
	return form_final(h) & ~FORM_LONG;
}

/* A slot's tag: 32 bits of the hash with bit 0 set (0 marks an empty slot);
 * its bit 1 is set for a form over 16 bytes only (form_hash), so that a form
 * of exactly 16 bytes never matches a longer one that begins with it (the
 * bytes past 16 are compared for long forms only). */
static inline uint32_t form_tag(uint64_t h)
{
	return (uint32_t)(h >> 32) | 1u;
}

static void ttable_grow(struct ttable *tt)
{
	size_t nmask = tt->mask * 2 + 1;
	struct tslot *ns = table_alloc(nmask + 1, sizeof *ns);

	for (size_t i = 0; i <= tt->mask; i++) {
		const struct tslot *sl = &tt->slots[i];

		if (!sl->tag)
			continue;
		const char *key = sl->len > 16 ? tt->keys[sl->key] : NULL;
		size_t j = form_hash(key, sl->len, sl->prefix, sl->mid) & nmask;
		while (ns[j].tag)
			j = (j + 1) & nmask;
		ns[j] = *sl;
	}
	free(tt->slots);
	tt->slots = ns;
	tt->mask = nmask;
}

/* The cells: (group, key) -> struct cell, ids dense in insertion order.
 * Slots hold 32 hash bits and the id, the keys and cells are arrays by id,
 * so that adding a cell is one probe and two appends. */
struct ctable {
	struct cslot {
		uint32_t tag;  /* 0: empty; else hash bits | 1 */
		uint32_t id;
	} *slots;
	size_t mask;
	uint64_t *keys;  /* group << 32 | key */
	struct cell *cells;
	size_t n, cap;
	size_t indexed;  /* cells [0, indexed) have their slots (see ctable_append) */
};

static inline uint64_t cell_hash(uint64_t key)
{
	key ^= key >> 29;
	key *= 0xBF58476D1CE4E5B9ull;
	key ^= key >> 32;
	key *= 0x94D049BB133111EBull;
	return key ^ (key >> 31);
}

static void ctable_init(struct ctable *c)
{
	memset(c, 0, sizeof *c);
	c->mask = 1023;
	c->slots = xcalloc(c->mask + 1, sizeof *c->slots);
}

static void ctable_free(struct ctable *c)
{
	free(c->slots);
	free(c->keys);
	free(c->cells);
}

static void ctable_grow(struct ctable *c, size_t nmask)
{
	struct cslot *ns = table_alloc(nmask + 1, sizeof *ns);

	for (size_t i = 0; i <= c->mask; i++) {
		if (!c->slots[i].tag)
			continue;
		size_t j = cell_hash(c->keys[c->slots[i].id]) & nmask;
		while (ns[j].tag)
			j = (j + 1) & nmask;
		ns[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = ns;
	c->mask = nmask;
}

/* Room for n cells in all. */
static void ctable_reserve(struct ctable *c, size_t n)
{
	if (n > c->cap) {
		c->cap = n;
		c->keys = xrealloc(c->keys, c->cap * sizeof *c->keys);
		c->cells = xrealloc(c->cells, c->cap * sizeof *c->cells);
	}
}

/* A new cell (zero) for (g, k), which the caller knows is not in c (from a
 * group's dense index): no probe, its slot is made by the next lookup.
 * Returns its id. */
static size_t ctable_append(struct ctable *c, uint32_t g, uint32_t k)
{
	size_t n = c->n;

	if (n >= UINT32_MAX)
		tly_die(TLY_EXIT_DATA, "more than 4294967294 distinct cells");
	if (n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->keys = xrealloc(c->keys, c->cap * sizeof *c->keys);
		c->cells = xrealloc(c->cells, c->cap * sizeof *c->cells);
	}
	c->keys[n] = (uint64_t)g << 32 | k;
	memset(&c->cells[n], 0, sizeof c->cells[n]);
	c->n++;
	return n;
}

/* Slots for the cells appended since the last lookup. */
static void ctable_index(struct ctable *c)
{
	size_t mask = c->mask;

	while (c->n * 4 > (mask + 1) * 3)
		mask = mask * 2 + 1;
	if (mask != c->mask)
		ctable_grow(c, mask);
	for (size_t id = c->indexed; id < c->n; id++) {
		uint64_t h = cell_hash(c->keys[id]);
		size_t i = h & c->mask;

		while (c->slots[i].tag)
			i = (i + 1) & c->mask;
		c->slots[i].tag = (uint32_t)(h >> 32) | 1u;
		c->slots[i].id = (uint32_t)id;
	}
	c->indexed = c->n;
}

/* The cell of (g, k), made (zero) if new; its id in *id. */
static struct cell *ctable_get(struct ctable *c, uint32_t g, uint32_t k, size_t *id)
{
	if (c->indexed < c->n)
		ctable_index(c);

	uint64_t key = (uint64_t)g << 32 | k, h = cell_hash(key);
	uint32_t tag = (uint32_t)(h >> 32) | 1u;
	size_t i = h & c->mask;

	for (;; i = (i + 1) & c->mask) {
		const struct cslot *sl = &c->slots[i];
		if (!sl->tag)
			break;
		if (sl->tag == tag && c->keys[sl->id] == key) {
			if (id)
				*id = sl->id;
			return &c->cells[sl->id];
		}
	}
	size_t n = ctable_append(c, g, k);
	c->slots[i].tag = tag;
	c->slots[i].id = (uint32_t)n;
	c->indexed = c->n;
	if (id)
		*id = n;
	if (c->n * 4 > (c->mask + 1) * 3)
		ctable_grow(c, c->mask * 2 + 1);
	return &c->cells[n];
}

struct tly_terms {
	tly_termopts o;
	struct sb_stemmer *stemmer;
	struct ttable types;  /* surface form -> term */
	tly_hash *terms;    /* term text (a stem with --stem); id = term id */
	tly_tuples grams;     /* n-grams and pairs (n > 1) of term ids; id = key id */
	tly_hash *groups;   /* group key -> struct grp */
	struct ctable cells;  /* (group, key) -> struct cell */
	/* terms made by new surface forms alone, and cells by the groups' dense
	 * indexes alone: while all are, a new form is a new term and a key
	 * missing from a dense index a new cell, added without a lookup */
	size_t form_terms;
	int dense_cells;
	/* terms [0, sorted_terms) are in byte order (ids are their ranks) while
	 * no other term is added (tly_terms_term_ranks) */
	size_t sorted_terms;
	/* the document being counted */
	uint64_t *dc;       /* its counts by key id */
	size_t dccap;
	uint32_t *touched;  /* key ids with dc > 0 */
	size_t dense;       /* entries in the groups' cell indexes */
	size_t ntouched, touchcap;
	int have_doc;
	uint64_t cur_doc, next_doc;
	uint32_t cur_group;
	struct grp *cur_grp;
	uint64_t replaced;
	/* sorted rows, built on demand */
	tly_trow *rows;
	size_t nrows;
	int sorted;
};

tly_terms *tly_terms_new(const tly_termopts *o)
{
	tly_terms *t = xcalloc(1, sizeof *t);

	t->o = *o;
	if (t->o.n < 1)
		t->o.n = 1;
	if (t->o.n > MAX_N)
		t->o.n = MAX_N;
	if (t->o.window > MAX_WINDOW)
		t->o.window = MAX_WINDOW;
	if (t->o.window > 0)
		t->o.n = 2;
	if (t->o.stem && !(t->stemmer = sb_stemmer_new("english", "UTF_8")))
		tly_die(TLY_EXIT_DATA, "cannot start the Snowball English stemmer");
	ttable_init(&t->types);
	t->terms = tly_hash_new(0);
	tly_tuples_init(&t->grams, t->o.n);
	t->groups = tly_hash_new(sizeof(struct grp));
	ctable_init(&t->cells);
	t->dense_cells = 1;
	return t;
}

void tly_terms_free(tly_terms *t)
{
	if (!t)
		return;
	if (t->stemmer)
		sb_stemmer_delete(t->stemmer);
	ttable_free(&t->types);
	tly_hash_free(t->terms);
	tly_tuples_free(&t->grams);
	for (size_t i = 0, n = tly_hash_count(t->groups); i < n; i++)
		free(((struct grp *)tly_hash_val(t->groups, i))->cell);
	tly_hash_free(t->groups);
	ctable_free(&t->cells);
	free(t->dc);
	free(t->touched);
	free(t->rows);
	free(t);
}

const tly_termopts *tly_terms_opts(const tly_terms *t) { return &t->o; }

static uint32_t check_id(size_t id, const char *what)
{
	if (id >= UINT32_MAX)
		tly_die(TLY_EXIT_DATA, "more than 4294967294 distinct %s", what);
	return (uint32_t)id;
}

static uint32_t intern_term(tly_terms *t, const char *s, size_t len)
{
	size_t id;

	tly_hash_get(t->terms, s, len, 1, &id);
	return check_id(id, "terms");
}

/* The term of a new surface form: -1 for a stopword, else its (stem's) id. */
static int32_t resolve(tly_terms *t, const char *s, size_t len)
{
	if (t->o.stop && tly_stopwords_has(t->o.stop, s, len))
		return -1;
	if (t->stemmer) {
		const sb_symbol *st = sb_stemmer_stem(t->stemmer, (const sb_symbol *)s, (int)len);
		if (!st)
			tly_die(TLY_EXIT_DATA, "out of memory in the stemmer");
		return (int32_t)intern_term(t, (const char *)st,
		                            (size_t)sb_stemmer_length(t->stemmer));
	}
	if (tly_hash_count(t->terms) == t->form_terms) {
		size_t id;
		tly_hash_append(t->terms, s, len, &id);
		t->form_terms++;
		return (int32_t)check_id(id, "terms");
	}
	return (int32_t)intern_term(t, s, len);
}

/* A new surface form into empty slot i (see term_find): its term. */
static __attribute__((noinline)) int32_t term_new(tly_terms *t, const char *s, size_t len,
                                                  uint64_t pre, uint64_t mid, uint32_t tag,
                                                  size_t i)
{
	struct ttable *tt = &t->types;

	char head[17];

	if (len >= INT32_MAX)
		tly_die(TLY_EXIT_DATA, "token too long to count");
	if (len <= 16) {  /* its text may be only in pre and mid */
		memcpy(head, &pre, 8);
		memcpy(head + 8, &mid, 8);
		head[16] = '\0';
		s = head;
	}
	int32_t term = resolve(t, s, len);
	struct tslot *sl = &tt->slots[i];
	sl->prefix = pre;
	sl->mid = mid;
	sl->tag = tag;
	sl->term = term;
	sl->len = (uint32_t)len;
	if (len > 16) {
		xgrow((void **)&tt->keys, &tt->keycap, tt->nkeys + 1, sizeof *tt->keys);
		tt->keys[tt->nkeys] = tly_arena_strndup(tt->arena, s, len);
		sl->key = check_id(tt->nkeys++, "surface forms");
	}
	if (++tt->n * 4 > (tt->mask + 1) * 3)
		ttable_grow(tt);
	return term;
}

/* The term id of a surface form, or -1 for a stopword, from its first 8
 * and next 8 bytes (zero-padded) and its form_hash. */
static inline int32_t term_find(tly_terms *t, const char *s, size_t len, uint64_t pre,
                                uint64_t mid, uint64_t h)
{
	const struct ttable *tt = &t->types;
	uint32_t tag = form_tag(h);
	size_t i = h & tt->mask;

	for (;; i = (i + 1) & tt->mask) {
		const struct tslot *sl = &tt->slots[i];

		/* one test for the first 16 bytes and the hash bits */
		if (((sl->prefix ^ pre) | (sl->mid ^ mid) | (sl->tag ^ tag)) == 0 &&
		    (len <= 16 || (sl->len == len &&
		                   memcmp(tt->keys[sl->key] + 16, s + 16, len - 16) == 0)))
			return sl->term;
		if (!sl->tag)
			break;
	}
	return term_new(t, s, len, pre, mid, tag, i);
}

/* The term id of a surface form, or -1 for a stopword. */
static inline int32_t term_of(tly_terms *t, const char *s, size_t len)
{
	uint64_t pre = 0, mid = 0;

	memcpy(&pre, s, len < 8 ? len : 8);
	if (len > 8)
		memcpy(&mid, s + 8, len < 16 ? len - 8 : 8);
	return term_find(t, s, len, pre, mid, form_hash(s, len, pre, mid));
}

/* The id of the n-gram ids[0..n), whose tly_tuple_hash is h (made if new). */
static inline uint32_t gram_id_h(tly_terms *t, const uint32_t *ids, uint64_t h)
{
	return tly_tuples_id_h(&t->grams, ids, h, "n-grams or pairs");
}

static uint32_t gram_id(tly_terms *t, const uint32_t *ids)
{
	return gram_id_h(t, ids, tly_tuple_hash(ids, t->o.n));
}


static inline void add_key(tly_terms *t, uint32_t k)
{
	if (k >= t->dccap) {
		size_t old = t->dccap;
		xgrow((void **)&t->dc, &t->dccap, (size_t)k + 1, sizeof *t->dc);
		memset(t->dc + old, 0, (t->dccap - old) * sizeof *t->dc);
	}
	if (t->dc[k]++ == 0) {
		if (t->ntouched == t->touchcap)
			xgrow((void **)&t->touched, &t->touchcap, t->ntouched + 1, sizeof *t->touched);
		t->touched[t->ntouched++] = k;
	}
}

/* N-grams of the document being counted, gathered so that their table
 * slots are fetched together before any is looked up (the table is much
 * bigger than the caches). */
#define GRAM_BATCH 32
struct gbatch {
	uint32_t ids[GRAM_BATCH][MAX_N];
	int m;
};

/* Count the gathered n-grams into the current document. */
static void gram_drain(tly_terms *t, struct gbatch *b)
{
	const int n = t->o.n;
	uint64_t h[GRAM_BATCH];

	for (int k = 0; k < b->m; k++) {
		h[k] = tly_tuple_hash(b->ids[k], n);
		__builtin_prefetch(&t->grams.slots[h[k] & t->grams.mask]);
	}
	for (int k = 0; k < b->m; k++)
		add_key(t, gram_id_h(t, b->ids[k], h[k]));
	b->m = 0;
}

static inline void gram_push(tly_terms *t, struct gbatch *b, const uint32_t *ids)
{
	for (int j = 0; j < t->o.n; j++)
		b->ids[b->m][j] = ids[j];
	if (++b->m == GRAM_BATCH)
		gram_drain(t, b);
}

static struct cell *cell_get(tly_terms *t, uint32_t g, uint32_t k)
{
	t->dense_cells = 0;
	return ctable_get(&t->cells, g, k, NULL);
}

/* The cell of (g, k) in group gp (g's record), made if new, found by the
 * group's cell index where it covers k, else by hash. */
static struct cell *cell_find(tly_terms *t, struct grp *gp, uint32_t g, uint32_t k)
{
	if (!gp->cell || k >= gp->ncell)
		return cell_get(t, g, k);
	if (!gp->cell[k]) {
		size_t id;
		/* no cell in the index: none at all if every cell was made
		 * through the indexes, else it may be in the hash only */
		if (t->dense_cells)
			id = ctable_append(&t->cells, g, k);
		else
			ctable_get(&t->cells, g, k, &id);
		gp->cell[k] = check_id(id, "cells") + 1;
	}
	return &t->cells.cells[gp->cell[k] - 1];
}

/* Start fetching where cell_find(t, gp, g, k) looks: k's index entry (cell
 * 0), or, once that is there, the cell it names (cell 1). */
static inline void cell_prefetch(const tly_terms *t, const struct grp *gp, uint32_t k, int cell)
{
	if (!gp->cell || k >= gp->ncell)
		return;
	if (!cell)
		__builtin_prefetch(&gp->cell[k]);
	else if (gp->cell[k])
		__builtin_prefetch(&t->cells.cells[gp->cell[k] - 1], 1);
}

/* Move the current document's counts into its group's cells. */
static void flush(tly_terms *t)
{
	struct grp *g = t->cur_grp;

	/* index the group's cells by key, while the budget allows */
	if (t->ntouched && (g->cell || t->dense + t->dccap <= DENSE_CELLS) && g->ncell < t->dccap) {
		size_t old = g->ncell;
		g->cell = xrealloc(g->cell, t->dccap * sizeof *g->cell);
		memset(g->cell + old, 0, (t->dccap - old) * sizeof *g->cell);
		t->dense += t->dccap - old;
		g->ncell = t->dccap;
	}
	for (size_t i = 0; i < t->ntouched; i++) {
		uint32_t k = t->touched[i];
		struct cell *c;

		/* the keys are anywhere in the index and the cells: fetch a key's
		 * index entry 32 keys ahead, and its cell 16 ahead */
		if (i + 32 < t->ntouched)
			cell_prefetch(t, g, t->touched[i + 32], 0);
		if (i + 16 < t->ntouched)
			cell_prefetch(t, g, t->touched[i + 16], 1);
		c = cell_find(t, g, t->cur_group, k);
		c->count += t->dc[k];
		c->docs++;
		t->dc[k] = 0;
	}
	t->ntouched = 0;
	t->have_doc = 0;
	t->sorted = 0;
}

uint32_t tly_terms_group_id(tly_terms *t, const char *key)
{
	size_t id;

	tly_hash_get(t->groups, key, strlen(key), 1, &id);
	return check_id(id, "groups");
}

/* Start counting (part of) document docno, in group g.  Parts of one
 * document follow one another with the same docno. */
static void begin_doc(tly_terms *t, uint64_t docno, uint32_t g)
{
	if (t->have_doc && (docno != t->cur_doc || g != t->cur_group))
		flush(t);
	if (!t->have_doc) {
		t->have_doc = 1;
		t->cur_doc = docno;
		t->cur_group = g;
		t->cur_grp = tly_hash_val(t->groups, g);
		t->cur_grp->docs++;
	}
	t->sorted = 0;
}

/* Count the tokens of d into the current document, single terms only.  The
 * tokens come in batches, with their first 16 bytes as two words (most
 * words need nothing else), and the table slots of a batch's forms are
 * fetched ahead, all at once, before any is looked up: on a large
 * vocabulary the table is much bigger than the caches, and the misses then
 * overlap instead of each waiting for the one before. */
static int count_terms(tly_terms *t, tly_tokenizer *tk, tly_doc *d, tly_err *err)
{
	const struct ttable *tt = &t->types;
	tly_tokbatch b;
	uint64_t h[TLY_BATCH], terms = 0;
	uint32_t at[TLY_BATCH];
	int32_t id[TLY_BATCH];
	/* the kinds that are not terms (a gap breaks nothing here) */
	const unsigned skip = 1u << TLY_TK_PUNCT | 1u << TLY_TK_SYMBOL | 1u << TLY_TK_SENTENCE |
	                      (t->o.clitics ? 0 : 1u << TLY_TK_CLITIC) |
	                      (t->o.no_numbers ? 1u << TLY_TK_NUMBER : 0);
	int r;

	tly_tok_reset(tk, d);
	while ((r = tly_tok_words(tk, &b, err)) > 0) {
		size_t m = 0;

		for (size_t i = 0; i < b.n; i++) {
			size_t len = b.len[i];

			h[i] = form_hash(b.text + b.off[i], len, b.head[i][0], b.head[i][1]);
			__builtin_prefetch(&tt->slots[h[i] & tt->mask]);
			at[m] = (uint32_t)i;
			m += !((skip >> b.kind[i]) & 1) & (len != 0);
		}
		for (size_t k = 0; k < m; k++) {
			size_t i = at[k];
			id[k] = term_find(t, b.text + b.off[i], b.len[i], b.head[i][0], b.head[i][1], h[i]);
			if (id[k] >= 0 && (size_t)id[k] < t->dccap)
				__builtin_prefetch(&t->dc[id[k]], 1);
		}
		for (size_t k = 0; k < m; k++)
			if (id[k] >= 0) {
				terms++;
				add_key(t, (uint32_t)id[k]);
			}
	}
	t->cur_grp->terms += terms;
	t->cur_grp->units += terms;
	return r < 0 ? -1 : 0;
}

/* Count the tokens of d into the current document. */
static int count_tokens(tly_terms *t, tly_tokenizer *tk, tly_doc *d, tly_err *err)
{
	const int n = t->o.n, win = t->o.window;
	const int seq = n > 1;
	int32_t ring[MAX_WINDOW];
	uint32_t last[MAX_N];
	int run = 0, head = 0;
	uint64_t sent = UINT64_MAX, terms = 0, units = 0;
	tly_token tok;
	struct gbatch gb;
	int r;

	if (!seq)
		return count_terms(t, tk, d, err);
	gb.m = 0;
	tly_tok_reset(tk, d);
	while ((r = tly_tok_next(tk, &tok, err)) > 0) {
		int32_t id;

		switch (tok.kind) {
		case TLY_TK_PUNCT:
		case TLY_TK_SYMBOL:
			if (!t->o.cross_punct)
				run = 0;
			continue;
		case TLY_TK_SENTENCE:
			continue;
		case TLY_TK_CLITIC:
			if (!t->o.clitics)
				continue;  /* skipped: as if absent */
			break;
		}
		if (tok.sent != sent) {
			sent = tok.sent;
			run = 0;
		}
		if (tok.len == 0)
			continue;  /* nothing left after folding (a lone mark) */
		if (tok.kind == TLY_TK_NUMBER && t->o.no_numbers)
			id = -1;
		else
			id = term_of(t, tok.text, tok.len);
		if (id >= 0)
			terms++;
		if (!seq) {
			if (id >= 0)
				add_key(t, (uint32_t)id);
			continue;
		}
		if (win > 0) {
			/* pairs (a, id) with a up to win positions back in this run */
			if (id >= 0) {
				int back = run < win ? run : win;
				for (int k = 1; k <= back; k++) {
					int32_t a = ring[(head - k + win) % win];
					if (a >= 0) {
						uint32_t p[2] = {(uint32_t)a, (uint32_t)id};
						gram_push(t, &gb, p);
						units++;
					}
				}
			}
			ring[head] = id;
			head = (head + 1) % win;
			run++;
			continue;
		}
		if (id < 0) {
			run = 0;  /* a gap: no n-gram spans it */
			continue;
		}
		for (int k = 1; k < n; k++)  /* a loop: n is 2 to 5 */
			last[k - 1] = last[k];
		last[n - 1] = (uint32_t)id;
		if (++run >= n) {
			gram_push(t, &gb, last);
			units++;
		}
	}
	gram_drain(t, &gb);
	t->cur_grp->terms += terms;
	t->cur_grp->units += seq ? units : terms;
	return r < 0 ? -1 : 0;
}

/* ---- results ---------------------------------------------------------------- */

size_t tly_terms_ngroups(const tly_terms *t) { return tly_hash_count(t->groups); }

const char *tly_terms_group(const tly_terms *t, uint32_t g)
{
	return tly_hash_key(t->groups, g, NULL);
}

void tly_terms_group_stats(const tly_terms *t, uint32_t g, uint64_t *docs, uint64_t *terms,
                           uint64_t *units)
{
	const struct grp *p = tly_hash_val(t->groups, g);

	if (docs)
		*docs = p->docs;
	if (terms)
		*terms = p->terms;
	if (units)
		*units = p->units;
}

size_t tly_terms_nterms(const tly_terms *t) { return tly_hash_count(t->terms); }

const char *tly_terms_term(const tly_terms *t, uint32_t id, size_t *len)
{
	return tly_hash_key(t->terms, id, len);
}

int tly_terms_key_ids(const tly_terms *t, uint32_t key, uint32_t *ids)
{
	if (t->o.n == 1) {
		ids[0] = key;
		return 1;
	}
	const uint32_t *k = t->grams.keys + (size_t)key * (size_t)t->o.n;
	for (int i = 0; i < t->o.n; i++)  /* a loop: n is 2 to 5 */
		ids[i] = k[i];
	return t->o.n;
}

void tly_terms_key_text(const tly_terms *t, uint32_t key, tly_buf *out)
{
	uint32_t ids[MAX_N];
	int n = tly_terms_key_ids(t, key, ids);

	for (int i = 0; i < n; i++) {
		size_t len;
		const char *s = tly_terms_term(t, ids[i], &len);
		if (i)
			tly_buf_addc(out, ' ');
		tly_buf_add(out, s, len);
	}
}

uint64_t tly_terms_replaced(const tly_terms *t) { return t->replaced; }

static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	return c ? c : (na > nb) - (na < nb);
}

/* Sorting terms by bytes: the first 8 bytes as a big-endian number settle
 * most comparisons without following the pointer. */
struct termkey {
	uint64_t pre;
	const char *s;
	uint32_t len, id;
};

/* The first 8 bytes of a term as a big-endian number, zero-padded: in
 * the order of the bytes (a term has no NUL). */
static uint64_t term_prefix(const char *s, size_t len)
{
	uint64_t pre = 0;

	for (size_t j = 0; j < 8; j++)
		pre = pre << 8 | (j < len ? (unsigned char)s[j] : 0);
	return pre;
}

static int cmp_termkeys(const void *x, const void *y)
{
	const struct termkey *a = x, *b = y;

	if (a->pre != b->pre)
		return a->pre < b->pre ? -1 : 1;
	if (a->len <= 8 || b->len <= 8)
		return (a->len > b->len) - (a->len < b->len);
	return cmp_bytes(a->s + 8, a->len - 8, b->s + 8, b->len - 8);
}

/* A 64-bit sort key and what it belongs to. */
struct kv {
	uint64_t k;
	uint32_t v;
};

/* Sort a[0, n) by k: a least-significant-digit radix sort of 11-bit
 * digits (six passes for 64 bits; a pass's 2048 counts, 8 KiB, stay in
 * the first-level cache), no pass above the highest bit set in any key, and
 * none whose digit is the same in every key.  Stable. */
#define RADIX_BITS 11
#define RADIX_PASSES 6
static void radix_sort(struct kv *a, size_t n)
{
	const uint64_t dmask = (1u << RADIX_BITS) - 1;
	uint32_t cnt[RADIX_PASSES][1u << RADIX_BITS];
	struct kv *tmp, *from = a, *to;
	uint64_t any = 0;
	int passes = 0;

	if (n < 2)
		return;
	if (n > UINT32_MAX)
		tly_die(TLY_EXIT_DATA, "too many rows to sort");
	for (size_t i = 0; i < n; i++)
		any |= a[i].k;
	while (passes < RADIX_PASSES && any >> (RADIX_BITS * passes))
		passes++;
	memset(cnt, 0, sizeof cnt);
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < passes; d++)
			cnt[d][(a[i].k >> (RADIX_BITS * d)) & dmask]++;
	to = tmp = xmalloc(n * sizeof *tmp);
	for (int d = 0; d < passes; d++) {
		const int sh = RADIX_BITS * d;
		uint32_t sum = 0;

		if (cnt[d][(a[0].k >> sh) & dmask] == n)
			continue;
		for (size_t c = 0; c <= dmask; c++) {
			uint32_t m = cnt[d][c];
			cnt[d][c] = sum;
			sum += m;
		}
		for (size_t i = 0; i < n; i++)
			to[cnt[d][(from[i].k >> sh) & dmask]++] = from[i];
		struct kv *x = from;
		from = to;
		to = x;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(tmp);
}

uint32_t *tly_terms_term_ranks(const tly_terms *t)
{
	size_t n = tly_hash_count(t->terms);

	if (n && t->sorted_terms == n) {
		uint32_t *rank = xmalloc(n * sizeof *rank);
		for (size_t i = 0; i < n; i++)
			rank[i] = (uint32_t)i;
		return rank;
	}
	struct termkey *k = xmalloc((n ? n : 1) * sizeof *k);
	struct termkey *run = NULL;
	size_t runcap = 0;
	struct kv *o = xmalloc((n ? n : 1) * sizeof *o);
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof *rank);

	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = tly_terms_term(t, (uint32_t)i, &len);
		uint64_t pre = term_prefix(s, len);

		k[i].pre = pre;
		k[i].s = s;
		k[i].len = (uint32_t)len;
		k[i].id = (uint32_t)i;
		o[i].k = pre;
		o[i].v = (uint32_t)i;
	}
	/* by the first 8 bytes, then each run of terms that share them as
	 * cmp_termkeys orders them */
	radix_sort(o, n);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && o[j].k == o[i].k; j++)
			;
		if (j - i == 1) {
			rank[o[i].v] = (uint32_t)i;
			continue;
		}
		xgrow((void **)&run, &runcap, j - i, sizeof *run);
		for (size_t x = i; x < j; x++)
			run[x - i] = k[o[x].v];
		qsort(run, j - i, sizeof *run, cmp_termkeys);
		for (size_t x = i; x < j; x++)
			rank[run[x - i].id] = (uint32_t)x;
	}
	free(run);
	free(o);
	free(k);
	return rank;
}

static int cmp_group_ids(const void *x, const void *y, void *ctx)
{
	const tly_terms *t = ctx;
	size_t na, nb;
	const char *a = tly_hash_key(t->groups, *(const uint32_t *)x, &na);
	const char *b = tly_hash_key(t->groups, *(const uint32_t *)y, &nb);

	return cmp_bytes(a, na, b, nb);
}

/* rank[key] = position of n-gram key when the n-grams are sorted by their
 * terms' ranks trank, first term first: stable radix sorts by each term,
 * last term first. */
static uint32_t *gram_ranks(const tly_terms *t, const uint32_t *trank)
{
	size_t ng = t->grams.count, n = (size_t)t->o.n;
	struct kv *o = xmalloc((ng ? ng : 1) * sizeof *o);
	uint32_t *rank = xmalloc((ng ? ng : 1) * sizeof *rank);

	for (size_t i = 0; i < ng; i++)
		o[i].v = (uint32_t)i;
	for (size_t j = n; j-- > 0;) {
		for (size_t i = 0; i < ng; i++)
			o[i].k = trank[t->grams.keys[(size_t)o[i].v * n + j]];
		radix_sort(o, ng);
	}
	for (size_t i = 0; i < ng; i++)
		rank[o[i].v] = (uint32_t)i;
	free(o);
	return rank;
}

/* rank[id] = position of id when the ids are sorted with cmp */
static uint32_t *ranks(size_t n, int (*cmp)(const void *, const void *, void *), void *ctx)
{
	uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof *rank);

	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, n, sizeof *order, cmp, ctx);
	for (size_t i = 0; i < n; i++)
		rank[order[i]] = (uint32_t)i;
	free(order);
	return rank;
}

struct sortrow {
	uint32_t grank, krank;
	uint64_t count;
	size_t cell;
};

static int cmp_rows(const void *x, const void *y)
{
	const struct sortrow *a = x, *b = y;

	if (a->grank != b->grank)
		return a->grank < b->grank ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->krank > b->krank) - (a->krank < b->krank);
}

/* Bits to write x. */
static int bits(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

const tly_trow *tly_terms_rows(tly_terms *t, size_t *n)
{
	if (t->have_doc)
		flush(t);
	if (!t->sorted) {
		size_t nc = t->cells.n;
		uint32_t *grank = ranks(tly_hash_count(t->groups), cmp_group_ids, t);
		uint32_t *trank = tly_terms_term_ranks(t);
		uint32_t *krank = trank;
		struct sortrow *s = xmalloc((nc ? nc : 1) * sizeof *s);

		if (t->o.n > 1)
			krank = gram_ranks(t, trank);
		for (size_t i = 0; i < nc; i++) {
			uint32_t key[2] = {(uint32_t)(t->cells.keys[i] >> 32), (uint32_t)t->cells.keys[i]};
			const struct cell *c = &t->cells.cells[i];

			s[i].grank = grank[key[0]];
			s[i].krank = krank[key[1]];
			s[i].count = c->count;
			s[i].cell = i;
		}
		/* cmp_rows's order, by one number when the three fit 64 bits */
		uint64_t maxc = 0, ng = tly_hash_count(t->groups);
		uint64_t nk = t->o.n > 1 ? t->grams.count : tly_hash_count(t->terms);
		for (size_t i = 0; i < nc; i++)
			if (s[i].count > maxc)
				maxc = s[i].count;
		int gb = bits(ng), cb = bits(maxc), kb = bits(nk);
		if (nc > 1 && gb + cb + kb <= 64) {
			struct kv *o = xmalloc(nc * sizeof *o);
			struct sortrow *s2 = xmalloc(nc * sizeof *s2);
			for (size_t i = 0; i < nc; i++) {
				o[i].k = (uint64_t)s[i].krank | (maxc - s[i].count) << kb;
				if (gb)
					o[i].k |= (uint64_t)s[i].grank << (cb + kb);
				o[i].v = (uint32_t)i;
			}
			radix_sort(o, nc);
			for (size_t i = 0; i < nc; i++)
				s2[i] = s[o[i].v];
			free(o);
			free(s);
			s = s2;
		} else {
			qsort(s, nc, sizeof *s, cmp_rows);
		}
		free(t->rows);
		t->rows = xmalloc((nc ? nc : 1) * sizeof *t->rows);
		for (size_t i = 0; i < nc; i++) {
			uint64_t ck = t->cells.keys[s[i].cell];
			uint32_t key[2] = {(uint32_t)(ck >> 32), (uint32_t)ck};
			const struct cell *c = &t->cells.cells[s[i].cell];

			t->rows[i].group = key[0];
			t->rows[i].key = key[1];
			t->rows[i].count = c->count;
			t->rows[i].docs = c->docs;
		}
		t->nrows = nc;
		if (krank != trank)
			free(krank);
		free(trank);
		free(grank);
		free(s);
		t->sorted = 1;
	}
	*n = t->nrows;
	return t->rows;
}

/* The rows of rows[0..n) to show: count >= min_count, and the first top of
 * each group (top 0: all); *nsel of them, in a malloc'd array. */
static const tly_trow **rows_shown(const tly_trow *rows, size_t n, uint64_t min_count,
                                   size_t top, size_t *nsel)
{
	const tly_trow **sel = xmalloc((n ? n : 1) * sizeof *sel);
	size_t shown = 0, m = 0;
	uint32_t group = UINT32_MAX;

	for (size_t i = 0; i < n; i++) {
		if (rows[i].group != group) {
			group = rows[i].group;
			shown = 0;
		}
		if (rows[i].count < min_count || (top && shown >= top))
			continue;
		shown++;
		sel[m++] = &rows[i];
	}
	*nsel = m;
	return sel;
}

struct rowctx {
	const tly_terms *t;
	const tly_trow *const *sel;
	size_t n;
	int by, tf_idf;
};

static void write_row(tly_out *out, size_t i, void *ctx, tly_buf *key)
{
	const struct rowctx *c = ctx;
	const tly_trow *r = c->sel[i];
	uint64_t ndocs, nterms, units;

	/* the rows are in count order, their terms anywhere in memory: fetch
	 * the entries 16 rows ahead and their bytes 8 rows ahead */
	if (c->t->o.n == 1) {
		if (i + 16 < c->n)
			tly_hash_prefetch(c->t->terms, c->sel[i + 16]->key, 0);
		if (i + 8 < c->n)
			tly_hash_prefetch(c->t->terms, c->sel[i + 8]->key, 1);
	}
	tly_terms_group_stats(c->t, r->group, &ndocs, &nterms, &units);
	tly_buf_clear(key);
	tly_terms_key_text(c->t, r->key, key);
	if (c->by)
		tly_csv_str(out, tly_terms_group(c->t, r->group));
	tly_csv_field(out, key->data, key->len);
	tly_csv_uint(out, r->count);
	tly_csv_uint(out, r->docs);
	tly_csv_real(out, (double)r->count / (double)(c->tf_idf ? nterms : units) * 1e6);
	if (c->tf_idf)
		tly_csv_real(out, r->docs == ndocs ? 0.0  /* log10(1), without the call */
		                                   : (double)r->count * tly_idf(ndocs, r->docs));
	tly_csv_end(out);
}

void tly_terms_write_rows(tly_out *out, tly_terms *t, uint64_t min_count, size_t top, int by,
                          int tf_idf, int threads)
{
	size_t nrows, nsel;
	const tly_trow *rows = tly_terms_rows(t, &nrows);
	const tly_trow **sel = rows_shown(rows, nrows, min_count, top, &nsel);
	struct rowctx rc = {t, sel, nsel, by, tf_idf};

	tly_out_rows(out, nsel, threads, write_row, &rc);
	free((void *)sel);
}

void tly_terms_merge(tly_terms *into, tly_terms *from, int same_doc)
{
	size_t nt = tly_hash_count(from->terms), ng = tly_hash_count(from->groups);
	size_t nk = from->o.n > 1 ? from->grams.count : nt;
	uint32_t *tmap = xmalloc((nt ? nt : 1) * sizeof *tmap);
	uint32_t *gmap = xmalloc((ng ? ng : 1) * sizeof *gmap);
	uint32_t *kmap = tmap;

	if (into->have_doc)
		flush(into);
	if (from->have_doc)
		flush(from);
	/* from's terms in id order are anywhere in into's table: their hashes
	 * first, then each term's slot fetched 16 terms ahead and its entry 8
	 * ahead */
	uint64_t *hv = xmalloc((nt ? nt : 1) * sizeof *hv);
	for (size_t i = 0; i < nt; i++) {
		size_t len;
		const char *s = tly_hash_key(from->terms, i, &len);
		hv[i] = tly_hash_bytes(s, len);
	}
	for (size_t i = 0; i < nt; i++) {
		size_t len, id;
		const char *s = tly_hash_key(from->terms, i, &len);
		if (i + 16 < nt)
			tly_hash_prefetch_hash(into->terms, hv[i + 16], 0);
		if (i + 8 < nt)
			tly_hash_prefetch_hash(into->terms, hv[i + 8], 1);
		tly_hash_get_h(into->terms, s, len, hv[i], 1, &id);
		tmap[i] = check_id(id, "terms");
	}
	free(hv);
	if (from->o.n > 1) {
		kmap = xmalloc((nk ? nk : 1) * sizeof *kmap);
		for (size_t i = 0; i < nk; i++) {
			uint32_t ids[MAX_N];
			int n = tly_terms_key_ids(from, (uint32_t)i, ids);
			for (int j = 0; j < n; j++)
				ids[j] = tmap[ids[j]];
			kmap[i] = gram_id(into, ids);
		}
	}
	for (size_t i = 0; i < ng; i++) {
		const struct grp *a = tly_hash_val(from->groups, i);
		struct grp *b;

		gmap[i] = tly_terms_group_id(into, tly_hash_key(from->groups, i, NULL));
		b = tly_hash_val(into->groups, gmap[i]);
		b->docs = same_doc ? (a->docs > b->docs ? a->docs : b->docs) : b->docs + a->docs;
		b->terms += a->terms;
		b->units += a->units;
	}
	for (size_t i = 0, nc = from->cells.n; i < nc; i++) {
		uint32_t key[2] = {(uint32_t)(from->cells.keys[i] >> 32), (uint32_t)from->cells.keys[i]};
		const struct cell *a = &from->cells.cells[i];
		struct cell *b;

		/* the cells are anywhere in into's index: an entry fetched 16
		 * cells ahead, the cell it names 8 ahead */
		for (int ahead = 16, stage = 0; stage < 2; ahead /= 2, stage++)
			if (i + (size_t)ahead < nc) {
				uint64_t ak = from->cells.keys[i + (size_t)ahead];
				cell_prefetch(into, tly_hash_val(into->groups, gmap[ak >> 32]),
				              kmap[(uint32_t)ak], stage);
			}
		b = cell_find(into, tly_hash_val(into->groups, gmap[key[0]]), gmap[key[0]],
		              kmap[key[1]]);
		b->count += a->count;
		b->docs = same_doc ? (a->docs > b->docs ? a->docs : b->docs) : b->docs + a->docs;
	}
	into->replaced += from->replaced;
	into->sorted = 0;
	if (kmap != tmap)
		free(kmap);
	free(tmap);
	free(gmap);
}

/* ---- driving the count over an input ------------------------------------------ */

static int terms_empty(const tly_terms *t)
{
	return tly_hash_count(t->groups) == 0 && tly_hash_count(t->terms) == 0 && t->types.n == 0;
}

/* Add from's counts (of other documents) to t: when t has none yet, by
 * taking from's over whole (from is left with t's empty counter). */
static void take_over(tly_terms *t, tly_terms *from)
{
	if (terms_empty(t)) {
		tly_terms tmp = *t;
		*t = *from;
		*from = tmp;
		t->next_doc = tmp.next_doc;
	} else {
		tly_terms_merge(t, from, 0);
	}
}

static tly_tokopts tok_for(const tly_terms *t, const tly_tokopts *to)
{
	tly_tokopts o = *to;

	o.sentences = 0;
	/* punctuation breaks n-grams and pairs, so they need to see it */
	o.emit_punct = t->o.n > 1 && !t->o.cross_punct;
	return o;
}

/* The group of document d: 1 with *gid set, 0 to skip it, -1 on error. */
static int doc_group(tly_terms *t, tly_doc *d, tly_group_fn fn, void *ctx, uint32_t *gid,
                     tly_err *err)
{
	const char *key = "";
	int r = fn ? fn(ctx, d, &key, err) : 1;

	if (r == 1)
		*gid = tly_terms_group_id(t, key);
	return r;
}

static int count_sequential(tly_terms *t, char *const *paths, int npaths, const tly_inopts *io,
                            const tly_tokopts *to, tly_group_fn fn, void *ctx, tly_err *err)
{
	tly_tokopts o = tok_for(t, to);
	tly_input *in = tly_input_new(paths, npaths, io);
	tly_tokenizer *tk = tly_tok_new(&o);
	tly_doc *doc;
	int r;

	while ((r = tly_input_next(in, &doc, err)) > 0) {
		uint32_t g = 0;

		if ((r = doc_group(t, doc, fn, ctx, &g, err)) < 0)
			break;
		if (r == 0)
			continue;
		begin_doc(t, t->next_doc++, g);
		if ((r = count_tokens(t, tk, doc, err)) < 0)
			break;
	}
	if (t->have_doc)
		flush(t);
	t->replaced += tly_tok_replaced(tk);
	tly_tok_free(tk);
	tly_input_free(in);
	return r < 0 ? -1 : 0;
}

/* Where text can be cut without changing a token: just after a blank line
 * (a paragraph break, which also ends a sentence), or, when only single
 * terms are counted, just after a newline or a space.  Each returns the
 * offset of the first such cut in s[0, n), or 0. */
static size_t cut_blank(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		const char *q = p + 1;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < end && *q == '\n')
			return (size_t)(q + 1 - s);
		p = q;
	}
	return 0;
}

static size_t cut_space(const char *s, size_t n)
{
	const char *p = memchr(s, '\n', n);

	if (p)
		return (size_t)(p + 1 - s);
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return i + 1;
	return 0;
}

static int pread_full(int fd, char *buf, size_t n, size_t off)
{
	while (n) {
		ssize_t r = pread(fd, buf, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf += r;
		n -= (size_t)r;
		off += (size_t)r;
	}
	return 0;
}

#define JOB_MIN (256 * 1024)
#define JOB_MAX (1024 * 1024)
#define JOB_LIMIT (64 * 1024 * 1024)
#define WINDOW (1024 * 1024)
#define WINDOW_MIN (16 * 1024)

/* The first cut in the file's bytes [at, limit), read in windows that
 * overlap so that a blank line across two is found: a blank line anywhere
 * first, then (ws_ok) a newline or space.  0 if none.  The windows start
 * small and double: a cut is most often near at, and reading a whole
 * window for each cut was a copy of the file's size, done before the
 * threads start, when the jobs are small. */
static size_t find_cut(int fd, size_t at, size_t limit, int ws_ok, char *win)
{
	for (int pass = 0; pass < (ws_ok ? 2 : 1); pass++) {
		size_t want = WINDOW_MIN;
		for (size_t from = at; from < limit; want = want < WINDOW ? 2 * want : WINDOW) {
			size_t n = limit - from < want ? limit - from : want, c;

			if (pread_full(fd, win, n, from) < 0)
				return 0;
			if ((c = pass ? cut_space(win, n) : cut_blank(win, n)))
				return from + c;
			if (from + n >= limit)
				break;
			from += n - 256;
		}
	}
	return 0;
}

struct split {
	int fd;
	size_t size, njobs, *cuts;
	atomic_size_t next;
	atomic_size_t done;  /* bytes counted, for the progress report */
	atomic_int stop;
	tly_tokopts tok;
	const char *id, *group;
	int join;  /* the threads' single-term counts are joined (join_sorted) */
};

/* A worker's term and its counts, for join_sorted. */
struct jent {
	struct termkey k;
	uint64_t count, docs;
};

static int jent_cmp(const struct jent *a, const struct jent *b)
{
	return cmp_termkeys(&a->k, &b->k);
}

struct worker {
	pthread_t th;
	struct split *sp;
	tly_terms *t;
	tly_tokenizer *tk;
	int failed;
	tly_err err;
	struct jent *ents;  /* single terms: its terms in byte order */
	size_t nents;
	int progress;  /* the main thread's: it reports progress */
};

static void *split_worker(void *arg)
{
	struct worker *w = arg;
	struct split *sp = w->sp;
	uint32_t g = tly_terms_group_id(w->t, sp->group);
	char *buf = NULL;
	size_t cap = 0;

	while (!atomic_load(&sp->stop)) {
		size_t j = atomic_fetch_add(&sp->next, 1);
		size_t a, b;

		if (j >= sp->njobs)
			break;
		a = sp->cuts[j];
		b = sp->cuts[j + 1];
		xgrow((void **)&buf, &cap, b - a, 1);
		if (pread_full(sp->fd, buf, b - a, a) < 0) {
			tly_err_set(&w->err, TLY_EXIT_DATA, "%s: read error", sp->id);
			w->failed = 1;
			atomic_store(&sp->stop, 1);
			break;
		}
		tly_doc *d = tly_doc_mem(sp->id, buf, b - a);
		begin_doc(w->t, 0, g);
		int r = count_tokens(w->t, w->tk, d, &w->err);
		tly_doc_free(d);
		if (r < 0) {
			w->failed = 1;
			atomic_store(&sp->stop, 1);
			break;
		}
		/* progress is drawn by the main thread (w[0]) only */
		size_t done = atomic_fetch_add(&sp->done, b - a) + (b - a);
		if (w->progress)
			tly_progress(1, done);
	}
	if (w->t->have_doc)
		flush(w->t);
	w->t->replaced += tly_tok_replaced(w->tk);
	free(buf);
	if (!w->failed && sp->join) {
		/* each thread sorts its own terms with their counts, for join_sorted */
		tly_terms *t = w->t;
		size_t n = tly_hash_count(t->terms);
		uint32_t *rank = tly_terms_term_ranks(t);
		const struct grp *gp = tly_hash_val(t->groups, g);
		w->ents = xmalloc((n ? n : 1) * sizeof *w->ents);
		w->nents = n;
		for (size_t k = 0; k < n; k++) {
			struct jent *e = &w->ents[rank[k]];
			const struct cell *c = gp->cell && k < gp->ncell && gp->cell[k]
			                       ? &t->cells.cells[gp->cell[k] - 1]
			                       : ctable_get(&t->cells, g, (uint32_t)k, NULL);
			size_t len;
			e->k.s = tly_hash_key(t->terms, (uint32_t)k, &len);
			e->k.len = (uint32_t)len;
			e->k.pre = term_prefix(e->k.s, len);
			e->k.id = (uint32_t)k;
			e->count = c->count;
			e->docs = c->docs;
		}
		free(rank);
	}
	return NULL;
}

/* The single-term counts of the workers, each of one group and parts of one
 * document, combined into a new counter as tly_terms_merge would combine
 * them (counts added, documents by maximum), but by one pass over their
 * terms in byte order (each worker's ents) instead of a lookup of each: the
 * new counter's terms come out in byte order, which its rows then need not
 * sort. */
static tly_terms *join_sorted(struct worker *w, size_t nw, const char *group)
{
	tly_terms *m = tly_terms_new(&w[0].t->o);
	uint32_t g = tly_terms_group_id(m, group);
	struct grp *mg = tly_hash_val(m->groups, g);
	size_t *at = xcalloc(nw, sizeof *at), most = 0;

	for (size_t i = 0; i < nw; i++)
		most += w[i].nents;
	tly_hash_reserve(m->terms, most);
	ctable_reserve(&m->cells, most);
	for (size_t i = 0; i < nw; i++) {
		size_t id;

		tly_hash_get(w[i].t->groups, group, strlen(group), 1, &id);
		const struct grp *a = tly_hash_val(w[i].t->groups, id);
		mg->docs = a->docs > mg->docs ? a->docs : mg->docs;
		mg->terms += a->terms;
		mg->units += a->units;
		m->replaced += w[i].t->replaced;
	}
	for (;;) {
		const struct jent *min = NULL;

		/* the least term not yet taken */
		for (size_t i = 0; i < nw; i++) {
			if (at[i] == w[i].nents)
				continue;
			const struct jent *e = &w[i].ents[at[i]];
			if (at[i] + 8 < w[i].nents)
				__builtin_prefetch(w[i].ents[at[i] + 8].k.s);
			if (!min || jent_cmp(e, min) < 0)
				min = e;
		}
		if (!min)
			break;
		size_t id;
		tly_hash_append(m->terms, min->k.s, min->k.len, &id);
		size_t cid = ctable_append(&m->cells, g, check_id(id, "terms"));
		struct cell *c = &m->cells.cells[cid];
		const struct jent key = *min;
		/* its counts from every worker that has it */
		for (size_t i = 0; i < nw; i++) {
			if (at[i] == w[i].nents)
				continue;
			const struct jent *e = &w[i].ents[at[i]];
			if (jent_cmp(e, &key) != 0)
				continue;
			c->count += e->count;
			c->docs = e->docs > c->docs ? e->docs : c->docs;
			at[i]++;
		}
	}
	m->sorted_terms = tly_hash_count(m->terms);
	m->dense_cells = 0;  /* cells made without the group's dense index */
	free(at);
	return m;
}

/* Count one large plain-text file over threads, each reading its jobs with
 * pread (no shared mapping: memory is bound by the jobs, and no page-table
 * changes make the threads wait for one another).  Returns 0 when done, 1
 * when the input is not one such file (or cannot be cut into jobs of at most
 * 64 MiB), 2 when a thread failed (the caller then counts it in one thread,
 * which reports the error exactly), -1 on error. */
static int count_split(tly_terms *t, char *const *paths, int npaths, const tly_inopts *io,
                       const tly_tokopts *to, int threads, tly_group_fn fn, void *ctx,
                       tly_err *err)
{
	const char *path;
	struct stat st;
	struct split sp = {0};
	size_t n;
	int r, ok = 1;

	sp.fd = -1;
	if (npaths != 1 || !(path = paths[0]) || strcmp(path, "-") == 0)
		return 1;
	n = strlen(path);
	if (io->format != TLY_FMT_TEXT &&
	    (io->format != TLY_FMT_AUTO || (n >= 4 && strcasecmp(path + n - 4, ".csv") == 0)))
		return 1;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < 2 * JOB_MIN)
		return 1;

	/* the document's group, from its metadata */
	tly_input *in = tly_input_new(paths, npaths, io);
	tly_doc *doc;
	const char *key = "";
	if ((r = tly_input_next(in, &doc, err)) <= 0 || (fn && (r = fn(ctx, doc, &key, err)) <= 0)) {
		tly_input_free(in);
		return r < 0 ? -1 : 0;  /* an error, or a skipped document */
	}
	sp.id = xstrdup(tly_doc_id(doc));
	sp.group = xstrdup(key);
	tly_input_free(in);

	if ((sp.fd = open(path, O_RDONLY)) < 0 || fstat(sp.fd, &st) < 0) {
		tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path, strerror(errno));
		r = -1;
		goto done;
	}
	sp.size = (size_t)st.st_size;

	/* cut the file into jobs of at most 1 MiB, and towards the end each a
	 * quarter of what is left per thread, so that the threads finish
	 * together (with jobs of one size, one waited up to a job's time).  A
	 * thread reads a job into its own buffer, which stays in its cache and
	 * costs few page faults (with jobs of up to 16 MiB, reading them was
	 * a fifth of a two-thread run's page faults) */
	char *win = xmalloc(WINDOW);
	sp.cuts = xmalloc((sp.size / JOB_MIN + 2) * sizeof *sp.cuts);
	sp.cuts[0] = 0;
	for (size_t at = 0;;) {
		size_t job = (sp.size - at) / ((size_t)threads * 4);
		if (job < JOB_MIN)
			job = JOB_MIN;
		if (job > JOB_MAX)
			job = JOB_MAX;
		if ((at += job) >= sp.size)
			break;
		size_t limit = at + job < sp.size ? at + job : sp.size;
		size_t c = find_cut(sp.fd, at, limit, t->o.n == 1, win);
		if (c && c > sp.cuts[sp.njobs] && c < sp.size)
			sp.cuts[++sp.njobs] = c;
	}
	sp.cuts[++sp.njobs] = sp.size;
	free(win);
	for (size_t j = 0; j < sp.njobs; j++)
		if (sp.cuts[j + 1] - sp.cuts[j] > JOB_LIMIT) {
			r = 1;  /* too few places to cut: read it as a stream */
			goto done;
		}
	sp.tok = tok_for(t, to);
	sp.join = terms_empty(t) && t->o.n == 1;
	atomic_init(&sp.next, 0);
	atomic_init(&sp.done, 0);
	atomic_init(&sp.stop, 0);

	size_t nw = (size_t)threads < sp.njobs ? (size_t)threads : sp.njobs;
	struct worker *w = xcalloc(nw, sizeof *w);
	for (size_t i = 0; i < nw; i++) {
		w[i].sp = &sp;
		w[i].t = tly_terms_new(&t->o);
		/* made here, not in the thread: tly_tok_new() sets up shared tables
		 * on first use without a lock */
		w[i].tk = tly_tok_new(&sp.tok);
		if (i > 0 && pthread_create(&w[i].th, NULL, split_worker, &w[i]) != 0)
			tly_die(TLY_EXIT_DATA, "cannot start a thread:");
	}
	w[0].progress = 1;
	split_worker(&w[0]);
	for (size_t i = 1; i < nw; i++)
		pthread_join(w[i].th, NULL);

	/* the workers counted parts of one document: combine them by maximum
	 * document counts into the first, then add that to t (or, if t is still
	 * empty, let t take it over whole) */
	for (size_t i = 0; i < nw; i++)
		ok = ok && !w[i].failed;
	if (ok) {
		/* the threads' counts in one counter (parts of one document), which
		 * t takes */
		tly_terms *m = sp.join ? join_sorted(w, nw, sp.group) : w[0].t;
		for (size_t i = 1; !sp.join && i < nw; i++)
			tly_terms_merge(m, w[i].t, 1);
		take_over(t, m);
		t->next_doc++;
		if (sp.join)
			tly_terms_free(m);
	}
	for (size_t i = 0; i < nw; i++) {
		tly_tok_free(w[i].tk);
		tly_terms_free(w[i].t);
		free(w[i].ents);
	}
	free(w);
	r = ok ? 0 : 2;
done:
	if (sp.fd >= 0)
		close(sp.fd);
	free(sp.cuts);
	free((char *)sp.id);
	free((char *)sp.group);
	return r;
}

/* ---- many documents over threads ---------------------------------------------- */

#define BATCH_BYTES (1024 * 1024)
#define BATCH_DOCS 512
#define BIG_DOC (32 * 1024 * 1024)

/* Documents read by the main thread and handed to a worker together. */
struct bdoc {
	size_t off, len;      /* in text */
	size_t id, group;     /* offsets of NUL-terminated strings in names */
	uint64_t docno;
};

struct batch {
	tly_buf text, names;
	struct bdoc *docs;
	size_t n, cap;
	tly_part part;        /* or, from a CSV corpus read in parts, a part */
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->part.data);
	tly_buf_free(&b->text);
	tly_buf_free(&b->names);
	free(b->docs);
	free(b);
}

struct dqueue {
	pthread_mutex_t mu;
	pthread_cond_t nonempty, nonfull;
	struct batch **v;
	size_t cap, head, n;
	int done;
	atomic_int stop;
	tly_group_fn fn;         /* the documents' groups, for parts */
	void *ctx;
};

struct dworker {
	pthread_t th;
	struct dqueue *q;
	tly_terms *t;
	tly_tokenizer *tk;
	int failed;
	tly_err err;
	uint64_t docs, bytes;  /* of the parts it read */
};

/* Count the documents of a part of a CSV corpus.  Returns 0, or -1 with
 * w->err filled. */
static int count_part(struct dworker *w, const tly_part *part)
{
	struct dqueue *q = w->q;
	tly_input *in = tly_input_part(part);
	tly_doc *d;
	int r = 0;

	while (!atomic_load(&q->stop) && (r = tly_input_next(in, &d, &w->err)) > 0) {
		const char *key = "";
		if (q->fn && (r = q->fn(q->ctx, d, &key, &w->err)) <= 0) {
			if (r < 0)
				break;
			continue;
		}
		begin_doc(w->t, w->docs++, tly_terms_group_id(w->t, key));
		if ((r = count_tokens(w->t, w->tk, d, &w->err)) < 0)
			break;
	}
	w->bytes += tly_input_bytes(in);
	tly_input_free(in);
	return r < 0 ? -1 : 0;
}

static void *doc_worker(void *arg)
{
	struct dworker *w = arg;
	struct dqueue *q = w->q;

	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&q->mu);
		while (q->n == 0 && !q->done)
			pthread_cond_wait(&q->nonempty, &q->mu);
		if (q->n == 0) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		b = q->v[q->head];
		q->head = (q->head + 1) % q->cap;
		q->n--;
		pthread_cond_signal(&q->nonfull);
		pthread_mutex_unlock(&q->mu);
		if (b->part.data && !atomic_load(&q->stop) && count_part(w, &b->part) < 0) {
			w->failed = 1;
			atomic_store(&q->stop, 1);
		}
		for (size_t i = 0; i < b->n && !atomic_load(&q->stop); i++) {
			const struct bdoc *bd = &b->docs[i];
			tly_doc *d = tly_doc_mem(b->names.data + bd->id, b->text.data + bd->off, bd->len);
			begin_doc(w->t, bd->docno, tly_terms_group_id(w->t, b->names.data + bd->group));
			int r = count_tokens(w->t, w->tk, d, &w->err);
			tly_doc_free(d);
			if (r < 0) {
				w->failed = 1;
				atomic_store(&q->stop, 1);
			}
		}
		batch_free(b);
	}
	if (w->t->have_doc)
		flush(w->t);
	return NULL;
}

static void push_batch(struct dqueue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	while (q->n == q->cap)
		pthread_cond_wait(&q->nonfull, &q->mu);
	q->v[(q->head + q->n) % q->cap] = b;
	q->n++;
	pthread_cond_signal(&q->nonempty);
	pthread_mutex_unlock(&q->mu);
}

/* Count the documents of an input over threads: the main thread reads them
 * and hands them out in batches, and counts itself, streaming, any too big
 * to batch.  Returns 0 when done, 1 when the input is
 * not for this (stdin can be read once only) or anything failed: the caller
 * then counts in one thread, which reports the first error exactly. */
static int count_docs(tly_terms *t, char *const *paths, int npaths, const tly_inopts *io,
                      const tly_tokopts *to, int threads, tly_group_fn fn, void *ctx)
{
	struct dqueue q;
	struct dworker *w;
	tly_tokopts o = tok_for(t, to);
	tly_err err = {0};
	tly_terms *mine;
	tly_tokenizer *mtk;
	tly_input *in;
	tly_doc *doc;
	struct batch *b = NULL;
	uint64_t docno = t->next_doc, text = 0;
	int r = 0, failed = 0;

	if (npaths < 1)
		return 1;
	for (int i = 0; i < npaths; i++)
		if (!paths[i] || strcmp(paths[i], "-") == 0)
			return 1;
	memset(&q, 0, sizeof q);
	/* CSV corpus files are cut into parts that the threads parse; other
	 * inputs are read here and their documents handed out */
	tly_parts *ps = tly_parts_open(paths, npaths, io);
	q.fn = fn;
	q.ctx = ctx;
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.nonempty, NULL);
	pthread_cond_init(&q.nonfull, NULL);
	q.cap = (size_t)threads * 2;
	q.v = xcalloc(q.cap, sizeof *q.v);
	atomic_init(&q.stop, 0);
	w = xcalloc((size_t)threads, sizeof *w);
	for (int i = 0; i < threads; i++) {
		w[i].q = &q;
		w[i].t = tly_terms_new(&t->o);
		w[i].tk = tly_tok_new(&o);  /* here: tly_tok_new's first call is unlocked */
		if (pthread_create(&w[i].th, NULL, doc_worker, &w[i]) != 0)
			tly_die(TLY_EXIT_DATA, "cannot start a thread:");
	}
	mine = tly_terms_new(&t->o);
	mtk = tly_tok_new(&o);

	if (ps) {
		tly_part part;
		while (!atomic_load(&q.stop) && (r = tly_parts_next(ps, &part)) > 0) {
			b = xcalloc(1, sizeof *b);
			b->part = part;
			push_batch(&q, b);
			b = NULL;
		}
	}
	in = ps ? NULL : tly_input_new(paths, npaths, io);
	while (in && !atomic_load(&q.stop) && (r = tly_input_next(in, &doc, &err)) > 0) {
		const char *key = "";

		if (fn && (r = fn(ctx, doc, &key, &err)) <= 0) {
			if (r < 0)
				break;
			continue;
		}
		int64_t size = tly_doc_size(doc);
		if (size < 0 || size > BIG_DOC) {
			/* too big to batch (or of unknown size): the main thread counts
			 * it, streaming */
			begin_doc(mine, docno++, tly_terms_group_id(mine, key));
			if ((r = count_tokens(mine, mtk, doc, &err)) < 0)
				break;
			continue;
		}
		if (!b)
			b = xcalloc(1, sizeof *b);
		size_t off = b->text.len;
		xgrow((void **)&b->text.data, &b->text.cap, off + (size_t)size + 1, 1);
		for (;;) {
			xgrow((void **)&b->text.data, &b->text.cap, b->text.len + 65536 + 1, 1);
			ssize_t n = tly_doc_read(doc, b->text.data + b->text.len,
			                         b->text.cap - b->text.len - 1, &err);
			if (n <= 0) {
				r = n < 0 ? -1 : 1;
				break;
			}
			b->text.len += (size_t)n;
		}
		if (r < 0)
			break;
		if (b->n == b->cap)
			xgrow((void **)&b->docs, &b->cap, b->n + 1, sizeof *b->docs);
		struct bdoc *bd = &b->docs[b->n++];
		bd->off = off;
		bd->len = b->text.len - off;
		bd->docno = docno++;
		bd->id = b->names.len;
		tly_buf_add(&b->names, tly_doc_id(doc), strlen(tly_doc_id(doc)) + 1);
		bd->group = b->names.len;
		tly_buf_add(&b->names, key, strlen(key) + 1);
		if (b->text.len >= BATCH_BYTES || b->n >= BATCH_DOCS) {
			push_batch(&q, b);
			b = NULL;
		}
	}
	failed = r < 0;
	if (b && b->n && !failed)
		push_batch(&q, b);
	else
		batch_free(b);
	pthread_mutex_lock(&q.mu);
	q.done = 1;
	if (failed)
		atomic_store(&q.stop, 1);
	pthread_cond_broadcast(&q.nonempty);
	pthread_mutex_unlock(&q.mu);
	for (int i = 0; i < threads; i++)
		pthread_join(w[i].th, NULL);
	if (mine->have_doc)
		flush(mine);
	for (int i = 0; i < threads; i++) {
		failed |= w[i].failed;
		if (ps) {
			docno += w[i].docs;
			text += w[i].bytes;
		}
	}
	/* parts that held no text: the whole input may be empty, which the
	 * sequential reader reports (or allows) */
	if (ps && text == 0)
		failed = 1;
	if (!failed) {
		/* the counter with the most cells takes in the others (a merge
		 * looks up each cell of the counter merged) */
		tly_terms *base = mine;
		for (int i = 0; i < threads; i++)
			if (w[i].t->cells.n > base->cells.n)
				base = w[i].t;
		for (int i = 0; i < threads; i++) {
			base->replaced += tly_tok_replaced(w[i].tk);
			if (w[i].t != base)
				tly_terms_merge(base, w[i].t, 0);
		}
		base->replaced += tly_tok_replaced(mtk);
		if (mine != base)
			tly_terms_merge(base, mine, 0);
		take_over(t, base);
		t->next_doc = docno;
	}
	for (int i = 0; i < threads; i++) {
		tly_tok_free(w[i].tk);
		tly_terms_free(w[i].t);
	}
	while (q.n) {
		batch_free(q.v[q.head]);
		q.head = (q.head + 1) % q.cap;
		q.n--;
	}
	free(q.v);
	free(w);
	tly_tok_free(mtk);
	tly_terms_free(mine);
	tly_input_free(in);
	tly_parts_close(ps);
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.nonempty);
	pthread_cond_destroy(&q.nonfull);
	return failed ? 1 : 0;
}

int tly_terms_count(tly_terms *t, char *const *paths, int npaths, const tly_inopts *io,
                    const tly_tokopts *to, int threads, tly_group_fn fn, void *ctx,
                    tly_err *err)
{
	if (threads > 1) {
		int r = count_split(t, paths, npaths, io, to, threads, fn, ctx, err);
		if (r <= 0)
			return r;
		if (r == 1 && count_docs(t, paths, npaths, io, to, threads, fn, ctx) == 0)
			return 0;
	}
	return count_sequential(t, paths, npaths, io, to, fn, ctx, err);
}

int tly_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* ---- document selection ------------------------------------------------------ */

enum { SEL_ID, SEL_GLOB, SEL_EQ, SEL_NE, SEL_LT, SEL_LE, SEL_GT, SEL_GE, SEL_MATCH };

struct tly_docsel {
	int op;
	char *col, *val;
};

static int is_colchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c >= 128;
}

/* The columns whose values are dates: date, and month and year (derived
 * from it, or given): there a value shaped like a date that names no day
 * (2026-02-30) is an error, elsewhere it is a value like any other. */
static int is_date_col(const char *col, size_t n)
{
	return (n == 4 && memcmp(col, "date", 4) == 0) || (n == 5 && memcmp(col, "month", 5) == 0) ||
	       (n == 4 && memcmp(col, "year", 4) == 0);
}

tly_docsel *tly_docsel_new(const char *spec, tly_err *err)
{
	static const struct { const char *s; int op; } ops[] = {
		{"!=", SEL_NE}, {"<=", SEL_LE}, {">=", SEL_GE}, {"=", SEL_EQ}, {"<", SEL_LT},
		{">", SEL_GT}, {"~", SEL_MATCH},
	};
	tly_docsel *s;
	size_t i = 0;

	if (!*spec) {
		tly_err_set(err, TLY_EXIT_USAGE, "empty document selection");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	while (is_colchar((unsigned char)spec[i]))
		i++;
	for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
		size_t m = strlen(ops[k].s);
		if (strncmp(spec + i, ops[k].s, m) == 0) {
			if (i == 0) {
				tly_err_set(err, TLY_EXIT_USAGE, "\"%s\": no column name before %s", spec,
				            ops[k].s);
				free(s);
				return NULL;
			}
			if (spec[i + m] && strchr("=<>!~", spec[i + m])) {
				tly_err_set(err, TLY_EXIT_USAGE, "\"%s\": the value after %s begins with "
				            "'%c'; write COLUMN, one operator, then the value", spec,
				            ops[k].s, spec[i + m]);
				free(s);
				return NULL;
			}
			size_t len;
			if (ops[k].op != SEL_MATCH && is_date_col(spec, i) &&
			    tly_iso_date(spec + i + m, &len) < 0) {
				tly_err_set(err, TLY_EXIT_USAGE, "\"%s\": %s is not a valid date (no "
				            "such month or day)", spec, spec + i + m);
				free(s);
				return NULL;
			}
			s->op = ops[k].op;
			s->col = xstrndup(spec, i);
			s->val = xstrdup(spec + i + m);
			return s;
		}
	}
	/* no condition: an id or a glob, which hold no blank next to an
	 * operator ("date = 2026-02-01" is a condition mistyped) */
	for (const char *q = spec; *q; q++)
		if (strchr("=<>~", *q) && ((q > spec && (q[-1] == ' ' || q[-1] == '\t')) ||
		                           q[1] == ' ' || q[1] == '\t')) {
			tly_err_set(err, TLY_EXIT_USAGE, "\"%s\": a condition has no blanks around "
			            "its operator (as in date>=2026-02-01)", spec);
			free(s);
			return NULL;
		}
	s->op = strpbrk(spec, "*?[") ? SEL_GLOB : SEL_ID;
	if (s->op == SEL_GLOB) {
		/* fnmatch never matches a pattern whose [ is not closed */
		for (const char *q = spec; (q = strchr(q, '[')); q++) {
			const char *c = q + 1;
			if (*c == '!' || *c == '^')
				c++;
			if (*c == ']')
				c++;
			if (!strchr(c, ']')) {
				tly_err_set(err, TLY_EXIT_USAGE, "\"%s\": the [ of the glob is not closed "
				            "by ]", spec);
				free(s);
				return NULL;
			}
		}
	}
	s->val = xstrdup(spec);
	return s;
}

/* A whole string that is a finite number. */
static int as_number(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && !errno && *v == *v && *v - *v == 0;
}

static void list_columns(const tly_doc *d, tly_buf *b)
{
	tly_buf_adds(b, "doc");
	for (size_t i = 0; i < tly_doc_nmeta(d); i++) {
		tly_buf_adds(b, ", ");
		tly_buf_adds(b, tly_doc_meta_key(d, i));
	}
}

int tly_doc_need_meta(const tly_doc *d, const char *col, const char *opt, const char **val,
                      tly_err *err)
{
	tly_buf cols = {0};

	if ((*val = tly_doc_meta(d, col)))
		return 0;
	const char *date = tly_doc_meta(d, "date");
	size_t len;
	if (date && (strcmp(col, "month") == 0 || strcmp(col, "year") == 0))
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: document %s: date \"%s\" is not %s, "
		                   "so it has no %s", tly_doc_origin(d),
		                   (unsigned long long)tly_doc_first_line(d), tly_doc_id(d), date,
		                   tly_iso_date(date, &len) < 0 ? "a valid date (no such month or day)"
		                   : col[0] == 'm' ? "an ISO date (YYYY-MM or YYYY-MM-DD)"
		                                   : "an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", col);
	list_columns(d, &cols);
	if (strcmp(tly_doc_origin(d), tly_doc_id(d)) == 0)
		tly_err_set(err, TLY_EXIT_DATA, "%s: no column \"%s\" (columns: %s)%s%s",
		            tly_doc_origin(d), col, cols.data, opt ? "; check " : "",
		            opt ? opt : "");
	else
		tly_err_set(err, TLY_EXIT_DATA, "%s: document %s has no column \"%s\" "
		            "(columns: %s)%s%s", tly_doc_origin(d), tly_doc_id(d), col, cols.data,
		            opt ? "; check " : "", opt ? opt : "");
	tly_buf_free(&cols);
	return -1;
}

int tly_docsel_match(const tly_docsel *s, const tly_doc *d, tly_err *err)
{
	const char *v;
	double x, y;
	int c;

	if (s->op == SEL_ID)
		return strcmp(tly_doc_id(d), s->val) == 0;
	if (s->op == SEL_GLOB)
		return fnmatch(s->val, tly_doc_id(d), 0) == 0;
	if (tly_doc_need_meta(d, s->col, NULL, &v, err) < 0)
		return -1;
	if (s->op == SEL_MATCH)
		return fnmatch(s->val, v, 0) == 0;
	if (s->op != SEL_EQ && s->op != SEL_NE && !*v)
		return 0;  /* an empty value is neither less nor greater than anything */
	size_t lv, ls;
	int dv = tly_iso_date(v, &lv), ds = tly_iso_date(s->val, &ls);
	if (dv < 0 && ds > 0 && is_date_col(s->col, strlen(s->col)))
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: document %s: %s \"%s\" is not a "
		                   "valid date (no such month or day)", tly_doc_origin(d),
		                   (unsigned long long)tly_doc_first_line(d), tly_doc_id(d), s->col, v);
	if (dv > 0 && ds > 0) {
		/* two dates compare at the coarser precision: the document dated
		 * 2026-02 is in February, so it is neither before nor after
		 * 2026-02-01 (it equals it), and 2026-02-21T08:00 equals
		 * 2026-02-21; two times of one day compare as times (after the T
		 * or space) */
		c = strncmp(v, s->val, lv < ls ? lv : ls);
		if (c == 0 && v[lv] && s->val[ls])
			c = strcmp(v + lv + 1, s->val + ls + 1);
	} else if (as_number(v, &x) && as_number(s->val, &y))
		c = (x > y) - (x < y);
	else
		c = strcmp(v, s->val);
	switch (s->op) {
	case SEL_EQ: return c == 0;
	case SEL_NE: return c != 0;
	case SEL_LT: return c < 0;
	case SEL_LE: return c <= 0;
	case SEL_GT: return c > 0;
	default: return c >= 0;
	}
}

void tly_docsel_free(tly_docsel *s)
{
	if (!s)
		return;
	free(s->col);
	free(s->val);
	free(s);
}

/* ---- options the counting tools share ---------------------------------------- */

void tly_term_init(tly_termcli *c)
{
	memset(c, 0, sizeof *c);
	c->o.n = 1;
	c->threads = tly_default_threads();
}

int tly_term_opt(tly_termcli *c, int opt, const char *arg)
{
	switch (opt) {
	case TLY_OPT_STOPWORDS:
		if (!*arg)
			tly_usage_error("--stopwords needs a file or a language (en)");
		c->stopwords = xrealloc(c->stopwords, (c->nstopwords + 1) * sizeof *c->stopwords);
		c->stopwords[c->nstopwords++] = arg;
		return 1;
	case TLY_OPT_STEM:
		c->o.stem = 1;
		return 1;
	case TLY_OPT_NO_NUMBERS:
		c->o.no_numbers = 1;
		return 1;
	case TLY_OPT_CLITICS:
		c->o.clitics = 1;
		return 1;
	case TLY_OPT_THREADS:
		c->threads = (int)tly_opt_long("--threads", arg, 1, 256);
		return 1;
	}
	return 0;
}

void tly_term_setup(tly_termcli *c, const tly_common *cm)
{
	tly_err err = {0};

	/* a merge adds partials whose counts already leave the stopwords out:
	 * it needs no list (the partials record it by name and contents) */
	if (!c->nstopwords || tly_pm_active())
		return;
	for (size_t i = 0; i < c->nstopwords; i++)
		if (tly_stopwords_add(&c->stop, c->stopwords[i], cm->tok.fold_case,
		                      cm->tok.fold_diacritics, &err) < 0)
			tly_die_err(&err);
	c->o.stop = c->stop;
}

void tly_term_free(tly_termcli *c)
{
	tly_stopwords_free(c->stop);
	c->stop = NULL;
	free(c->stopwords);
	c->stopwords = NULL;
	c->nstopwords = 0;
	c->o.stop = NULL;
}

void tly_term_usage(FILE *fp)
{
	fputs("Terms (words, numbers, abbreviations and acronyms; the clitic 's is not one):\n"
	      "      --stopwords LIST    leave out stopwords: a file (UTF-8, one word per line,\n"
	      "                          # starts a comment) or en (the Snowball English list);\n"
	      "                          given again, the lists are combined\n"
	      "      --stem              count Snowball English stems (economic -> econom)\n"
	      "      --no-numbers        numbers are not terms (they count as stopwords)\n"
	      "      --clitics           count the clitic 's as a term\n"
	      "      --threads N         threads (default: the number of cores): a large\n"
	      "                          plain-text file is cut at blank lines, documents\n"
	      "                          are handed out, and long outputs' statistics and\n"
	      "                          rows are shared out; the output is the same for\n"
	      "                          any N\n",
	      fp);
}

/* ---- partial results (tally merge) ---------------------------------------------- */

void tly_terms_write_partial(tly_terms *t, tly_pwriter *w)
{
	size_t nrows, ng = tly_hash_count(t->groups);
	const tly_trow *rows = tly_terms_rows(t, &nrows);
	const char *k[1 + MAX_N];
	size_t kl[1 + MAX_N];

	for (size_t g = 0; g < ng; g++) {
		const struct grp *p = tly_hash_val(t->groups, g);
		uint64_t v[3] = {p->docs, p->terms, p->units};
		k[0] = tly_hash_key(t->groups, g, &kl[0]);
		tly_pw_count(w, 'G', 1, k, kl, 3, v);
	}
	for (size_t i = 0; i < nrows; i++) {
		uint32_t ids[MAX_N];
		int n = tly_terms_key_ids(t, rows[i].key, ids);
		uint64_t v[2] = {rows[i].count, rows[i].docs};
		k[0] = tly_hash_key(t->groups, rows[i].group, &kl[0]);
		for (int j = 0; j < n; j++)
			k[1 + j] = tly_terms_term(t, ids[j], &kl[1 + j]);
		tly_pw_count(w, 'K', 1 + (size_t)n, k, kl, 2, v);
	}
}

int tly_terms_read_partial(tly_terms *t, tly_pmerge *m, tly_err *err)
{
	tly_prec r;
	int rc;

	while ((rc = tly_pm_next(m, &r, err)) > 0) {
		/* counts no run writes: a group of no document with terms, a
		 * term never seen, in more documents than its count */
		if ((r.kind == 'G' && r.nval == 3 && r.num[0] == 0 && (r.num[1] || r.num[2])) ||
		    (r.kind == 'K' && r.nval == 2 && (r.num[1] == 0 || r.num[1] > r.num[0])))
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: impossible counts in a partial "
			                   "of term counts (corrupted?)", r.path, (unsigned long long)r.line);
		if (r.kind == 'G' && r.nkey == 1 && r.nval == 3) {
			struct grp *p = tly_hash_val(t->groups, tly_terms_group_id(t, r.key[0]));
			p->docs += r.num[0];
			p->terms += r.num[1];
			p->units += r.num[2];
		} else if (r.kind == 'K' && r.nkey == 1 + (size_t)t->o.n && r.nval == 2) {
			uint32_t g = tly_terms_group_id(t, r.key[0]), ids[MAX_N], key;
			for (int j = 0; j < t->o.n; j++)
				ids[j] = intern_term(t, r.key[1 + j], r.keylen[1 + j]);
			key = t->o.n > 1 ? gram_id(t, ids) : ids[0];
			struct cell *c = cell_get(t, g, key);
			c->count += r.num[0];
			c->docs += r.num[1];
		} else {
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: unexpected record in a partial "
			                   "of term counts", r.path, (unsigned long long)r.line);
		}
	}
	t->sorted = 0;
	return rc;
}

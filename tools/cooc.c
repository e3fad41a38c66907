/* cooc.c - tally cooc: which entities (or terms) occur together, and how much
 * more often than chance.
 *
 * Units (entities by canonical name, or terms) are counted per context: a
 * sentence, a paragraph, a document, or each window of K consecutive word
 * tokens.  For a pair a,b: n = contexts, n_a = contexts holding a, n_ab =
 * contexts holding both; tly_assoc_2x2() turns the margins into expected
 * count, PMI, NPMI, G2 and its p-value, Dice; tly_bh() gives q-values over all
 * pairs of a group.  tally-cooc(1) defines every count. */
#include <getopt.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/tally.h"
#include "../lib/tuples.h"
#include "tools.h"

enum ctx { CTX_SENTENCE, CTX_PARAGRAPH, CTX_DOCUMENT, CTX_WINDOW };
enum ofmt { OUT_EDGES, OUT_GEPHI, OUT_MATRIX };
enum val { V_NAB, V_PMI, V_NPMI, V_G2, V_DICE };

struct unit {
	const char *type;     /* "country", "person", "capital", "term" */
};

struct cm {               /* one mention of a unit in the current document */
	uint32_t unit;
	uint64_t para, sent, pos, start;
	uint64_t line;            /* of the mentions file (0: none) */
};

struct docstats {
	uint64_t words, sentences, paragraphs;
};

struct group {
	uint64_t n;
};

/* Counts by tuple of ids: the tuples' ids index v. */
struct tcount {
	tly_tuples t;
	uint64_t *v;
	size_t cap;
};

static void tc_init(struct tcount *c, int n)
{
	tly_tuples_init(&c->t, n);
	c->v = NULL;
	c->cap = 0;
}

static void tc_free(struct tcount *c)
{
	tly_tuples_free(&c->t);
	free(c->v);
}

static void tc_add(struct tcount *c, const uint32_t *k, uint64_t w)
{
	uint32_t id = tly_tuples_id(&c->t, k, "pairs");

	if (id >= c->cap) {
		size_t old = c->cap;
		xgrow((void **)&c->v, &c->cap, (size_t)id + 1, sizeof *c->v);
		memset(c->v + old, 0, (c->cap - old) * sizeof *c->v);
	}
	c->v[id] += w;
}

static uint64_t tc_get(const struct tcount *c, const uint32_t *k)
{
	int64_t id = tly_tuples_find(&c->t, k);

	return id < 0 ? 0 : c->v[id];
}

struct st {
	int ctx;
	long k;               /* window size */
	int mentioned;        /* --universe mentioned */
	tly_hash *units;      /* name -> struct unit */
	tly_hash *groups;     /* group value -> struct group */
	struct tcount margins;  /* (group id, unit id) -> n_a */
	struct tcount pairs;    /* (group id, unit id, unit id) -> n_ab */
	struct cm *ms;
	size_t nms, capms;
	uint32_t *set;        /* units of the current context */
	size_t nset, capset;
	const char *doc;      /* the document being counted, for messages */
	tly_buf key;
};

static void usage(FILE *fp)
{
	fputs("usage: tally cooc [options] [FILE...]\n"
	      "\n"
	      "Co-occurrence of entities (or terms) within contexts, with association\n"
	      "statistics.  One row per pair that occurs together at least once:\n"
	      "  a,b,n_ab,n_a,n_b,n,expected,pmi,npmi,g2,p,dice,q\n"
	      "n counts contexts, n_a those holding a, n_ab those holding both;\n"
	      "expected = n_a n_b / n; pmi = log2(n_ab / expected); npmi = pmi / -log2(n_ab / n);\n"
	      "g2 is the log-likelihood ratio of the 2x2 table, negative when n_ab < expected\n"
	      "(a pair seen less than chance), and p its chi-squared (1 df) upper tail;\n"
	      "dice = 2 n_ab / (n_a + n_b); q the Benjamini-Hochberg q-value over all pairs\n"
	      "of the group.  a < b by bytes; rows by n_ab descending.\n"
	      "\n"
	      "      --context C         sentence (default), paragraph, document or window\n"
	      "      --window K          contexts are the windows of K consecutive word\n"
	      "                          tokens (implies --context window)\n"
	      "      --universe U        all (default): n counts every context of the\n"
	      "                          documents; mentioned: only contexts with a unit\n"
	      "      --mentions FILE     take mentions from FILE (tally entities output,\n"
	      "                          possibly corrected by hand) instead of matching;\n"
	      "                          give the documents too to count all contexts\n"
	      "      --terms             units are words (not numbers or clitics), not entities\n"
	      "      --stopwords LIST    with --terms: leave out stopwords (en, or a file of\n"
	      "                          words, one per line; given again, combined)\n"
	      "      --min-count N, --min N\n"
	      "                          only pairs with n_ab >= N (default 1)\n"
	      "      --by COLUMN         one table per value of a document metadata column\n"
	      "                          (e.g. month), written as a first column\n"
	      "      --format F          edges (default); gephi: Source,Target,Weight edges,\n"
	      "                          with --nodes FILE for the Id,Label,Type,Count table;\n"
	      "                          matrix: a square table of --value (default n_ab)\n"
	      "                          (--format also takes the input formats below)\n"
	      "      --nodes FILE        where --format gephi writes its nodes table\n"
	      "      --value V           matrix cells: n_ab, pmi, npmi, g2 or dice\n"
	      "      --top N             matrix: only the N units in most contexts\n"
	      "      --threads N         threads for the statistics and rows (default: the\n"
	      "                          number of cores; counting takes one); the output\n"
	      "                          is the same for any N\n"
	      "      --types LIST, --capitals, --no-demonyms, --short-anywhere,\n"
	      "      --gazetteer DIR, --add FILE\n"
	      "                          choose entities as tally entities does\n"
	      "\n",
	      fp);
	tly_partial_usage(fp);
	tly_common_usage(fp);
	fputs("(--case and --fold-diacritics apply with --terms only: entity names match\n"
	      "as tally entities matches them)\n"
	      "\nExamples:\n"
	      "  tally cooc corpus/\n"
	      "  tally cooc --context document --min 2 corpus/\n"
	      "  tally entities corpus/ > m.csv; tally cooc --mentions m.csv corpus/\n"
	      "  tally cooc --format matrix --top 10 corpus/\n",
	      fp);
}

static uint32_t unit_id(struct st *s, const char *name, size_t len, const char *type)
{
	size_t id, before = tly_hash_count(s->units);
	struct unit *u = tly_hash_get(s->units, name, len, 1, &id);

	if (tly_hash_count(s->units) > before)
		u->type = type;
	return (uint32_t)id;
}

static uint32_t group_id(struct st *s, const char *g)
{
	size_t id;

	tly_hash_get(s->groups, g, strlen(g), 1, &id);
	return (uint32_t)id;
}


static void add_mention(struct st *s, uint32_t unit, uint64_t para, uint64_t sent,
                        uint64_t pos, uint64_t start)
{
	xgrow((void **)&s->ms, &s->capms, s->nms + 1, sizeof *s->ms);
	s->ms[s->nms++] = (struct cm){unit, para, sent, pos, start, 0};
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Pairs one context may contribute.  A context of n distinct units costs
 * n(n-1)/2 pair updates and up to as many distinct pairs held (some 200
 * bytes each with their rows), so a text without sentence punctuation, or a
 * long document as one context, would take memory and time with the square
 * of its vocabulary.  10^6 pairs (1,414 units) is 7 times the largest
 * context of the bundled corpus and of the 10 MB benchmark corpus (534
 * distinct words in a paragraph, 142,311 pairs), and bounds one context to
 * about 0.2 GB and half a second; the total is then at most
 * sqrt(10^6 / 2) = 707 pairs per word token of the input. */
#define MAX_CONTEXT_PAIRS 1000000

static const char *const ctx_name[] = {"sentence", "paragraph", "document", "window"};

/* Count one context holding the units in s->set (duplicates allowed),
 * weighted by w (window contexts count a run of w identical windows). */
static void count_set(struct st *s, uint32_t g, uint64_t w)
{
	size_t n = 0;

	if (s->nset > 1)
		qsort(s->set, s->nset, sizeof *s->set, cmp_u32);
	for (size_t i = 0; i < s->nset; i++)
		if (i == 0 || s->set[i] != s->set[i - 1])
			s->set[n++] = s->set[i];
	s->nset = n;
	uint64_t np = n < 2 ? 0 : (uint64_t)n * (n - 1) / 2;
	if (np > MAX_CONTEXT_PAIRS)
		tly_die(TLY_EXIT_DATA,
		        "%s: a %s holds %zu distinct units, %llu pairs to count (at most %d); %s",
		        s->doc ? s->doc : "<input>", ctx_name[s->ctx], n, (unsigned long long)np,
		        MAX_CONTEXT_PAIRS,
		        s->ctx == CTX_WINDOW ? "use a smaller --window K"
		        : s->ctx == CTX_SENTENCE ? "text without sentence punctuation needs "
		                                   "--context window --window K"
		        : "count long texts with --context window --window K");
	for (size_t i = 0; i < n; i++) {
		tc_add(&s->margins, (const uint32_t[]){g, s->set[i]}, w);
		for (size_t j = i + 1; j < n; j++)
			tc_add(&s->pairs, (const uint32_t[]){g, s->set[i], s->set[j]}, w);
	}
}

static void set_add(struct st *s, uint32_t u)
{
	xgrow((void **)&s->set, &s->capset, s->nset + 1, sizeof *s->set);
	s->set[s->nset++] = u;
}

static uint64_t ctx_of(const struct st *s, const struct cm *m)
{
	return s->ctx == CTX_SENTENCE ? m->sent : s->ctx == CTX_PARAGRAPH ? m->para : 0;
}

static int cmp_cm_ctx_sent(const void *a, const void *b)
{
	const struct cm *x = a, *y = b;

	if (x->sent != y->sent)
		return x->sent < y->sent ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

struct ival {
	uint64_t lo, hi;      /* windows lo..hi-1 */
	uint32_t unit;
};

static int cmp_ival(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

struct ev {
	uint64_t at;
	uint32_t unit;
	int delta;
};

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->delta != y->delta)
		return x->delta - y->delta;  /* leave before entering */
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* Windows: window w (1 <= w <= W, W = max(T-K+1, 1) for T > 0 word tokens)
 * covers tokens w..w+K-1 and holds a unit whose mention starts at token p
 * when w <= p <= w+K-1.  The windows holding a unit form a union of
 * intervals; a sweep over their ends splits 1..W into runs of windows that
 * hold the same units, and each run counts as that many contexts. */
static void count_windows(struct st *s, uint32_t g, const struct docstats *ds)
{
	uint64_t T = ds->words, K = (uint64_t)s->k;
	uint64_t W = T == 0 ? 0 : T >= K ? T - K + 1 : 1;
	struct ival *iv = xmalloc((s->nms + 1) * sizeof *iv);
	size_t niv = 0, nev = 0;

	for (size_t i = 0; i < s->nms; i++) {
		uint64_t p = s->ms[i].pos;
		if (p == 0 || p > T)
			continue;
		uint64_t lo = p > K ? p - K + 1 : 1, hi = p < W ? p : W;
		if (lo > hi)
			continue;
		iv[niv++] = (struct ival){lo, hi + 1, s->ms[i].unit};
	}
	if (niv > 1)
		qsort(iv, niv, sizeof *iv, cmp_ival);
	/* merge each unit's intervals */
	size_t m = 0;
	for (size_t i = 0; i < niv; i++) {
		if (m && iv[m - 1].unit == iv[i].unit && iv[i].lo <= iv[m - 1].hi) {
			if (iv[i].hi > iv[m - 1].hi)
				iv[m - 1].hi = iv[i].hi;
		} else {
			iv[m++] = iv[i];
		}
	}
	struct ev *ev = xmalloc((2 * m + 1) * sizeof *ev);
	for (size_t i = 0; i < m; i++) {
		ev[nev++] = (struct ev){iv[i].lo, iv[i].unit, +1};
		ev[nev++] = (struct ev){iv[i].hi, iv[i].unit, -1};
	}
	if (nev > 1)
		qsort(ev, nev, sizeof *ev, cmp_ev);
	s->nset = 0;
	for (size_t i = 0; i < nev;) {
		uint64_t at = ev[i].at;
		for (; i < nev && ev[i].at == at; i++) {
			if (ev[i].delta > 0) {
				set_add(s, ev[i].unit);
			} else {
				for (size_t j = 0; j < s->nset; j++)
					if (s->set[j] == ev[i].unit) {
						s->set[j] = s->set[--s->nset];
						break;
					}
			}
		}
		if (i < nev && s->nset) {
			/* the active units are distinct: count_set only sorts them */
			uint64_t w = ev[i].at - at;
			count_set(s, g, w);
			if (s->mentioned)
				((struct group *)tly_hash_val(s->groups, g))->n += w;
		}
	}
	if (!s->mentioned)
		((struct group *)tly_hash_val(s->groups, g))->n += W;
	free(ev);
	free(iv);
	s->nset = 0;
}

/* Count the contexts of one document from its mentions in s->ms. */
static void process_doc(struct st *s, uint32_t g, const struct docstats *ds)
{
	struct group *gr = tly_hash_val(s->groups, g);

	if (s->ctx == CTX_WINDOW) {
		count_windows(s, g, ds);
		s->nms = 0;
		return;
	}
	if (s->nms > 1)
		qsort(s->ms, s->nms, sizeof *s->ms, cmp_cm_ctx_sent);
	for (size_t i = 0; i < s->nms;) {
		uint64_t c = ctx_of(s, &s->ms[i]);
		s->nset = 0;
		for (; i < s->nms && ctx_of(s, &s->ms[i]) == c; i++)
			set_add(s, s->ms[i].unit);
		count_set(s, g, 1);
		if (s->mentioned)
			gr->n++;
	}
	if (!s->mentioned)
		gr->n += s->ctx == CTX_SENTENCE ? ds->sentences
		       : s->ctx == CTX_PARAGRAPH ? ds->paragraphs : 1;
	s->nms = 0;
}

/* ---- output -------------------------------------------------------------- */

struct row {
	uint32_t g, a, b;
	uint64_t nab, na, nb, n;
};

/* The rows in output order, with each row's statistics and q-value. */
struct rows {
	struct row *r;
	tly_assoc *as;
	double *q;
	size_t n;
	atomic_size_t bad;    /* the first row with inconsistent counts, or n */
};

static tly_hash *sort_units;
static const uint32_t *sort_urank, *sort_grank;

static int cmp_bytes(tly_hash *h, size_t x, size_t y)
{
	size_t lx, ly;
	const char *kx = tly_hash_key(h, x, &lx), *ky = tly_hash_key(h, y, &ly);
	int c = memcmp(kx, ky, lx < ly ? lx : ly);

	return c ? c : (lx > ly) - (lx < ly);
}

/* Groups by value, pairs by n_ab descending, then by a and b (bytes). */
static int cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;

	if (a->g != b->g)
		return sort_grank[a->g] < sort_grank[b->g] ? -1 : 1;
	if (a->nab != b->nab)
		return a->nab > b->nab ? -1 : 1;
	if (a->a != b->a)
		return sort_urank[a->a] < sort_urank[b->a] ? -1 : 1;
	return (sort_urank[a->b] > sort_urank[b->b]) - (sort_urank[a->b] < sort_urank[b->b]);
}

static uint64_t margin(struct st *s, uint32_t g, uint32_t u)
{
	return tc_get(&s->margins, (const uint32_t[]){g, u});
}

/* The statistics of rows [a, b) (a part of the rows, over the threads). */
#define ROWS_PER_PART 20000
static void row_stats(void *arg, size_t k, size_t a, size_t b)
{
	struct rows *rs = arg;

	(void)k;
	for (size_t i = a; i < b; i++) {
		const struct row *r = &rs->r[i];
		if (tly_assoc_2x2((double)r->nab, (double)r->na, (double)r->nb, (double)r->n,
		                  &rs->as[i]) < 0) {
			size_t old = atomic_load(&rs->bad);
			while (i < old && !atomic_compare_exchange_weak(&rs->bad, &old, i))
				;
			return;
		}
	}
}

/* Every pair with n_ab >= 1, in output order, with statistics and q-values
 * per group. */
static int make_rows(struct st *s, struct rows *rs, int threads, tly_err *err)
{
	size_t np = s->pairs.t.count;
	uint32_t *urank = tly_hash_key_ranks(s->units), *grank = tly_hash_key_ranks(s->groups);

	rs->n = np;
	rs->r = xcalloc(np + 1, sizeof *rs->r);
	for (size_t i = 0; i < np; i++) {
		const uint32_t *k = s->pairs.t.keys + 3 * i;
		struct row *r = &rs->r[i];
		r->g = k[0];
		r->a = k[1];
		r->b = k[2];
		if (urank[r->a] > urank[r->b]) {
			r->a = k[2];
			r->b = k[1];
		}
		r->nab = s->pairs.v[i];
		r->na = margin(s, r->g, r->a);
		r->nb = margin(s, r->g, r->b);
		r->n = ((struct group *)tly_hash_val(s->groups, r->g))->n;
	}
	sort_urank = urank;
	sort_grank = grank;
	if (np > 1)
		qsort(rs->r, np, sizeof *rs->r, cmp_row);
	free(urank);
	free(grank);
	rs->as = xmalloc((np + 1) * sizeof *rs->as);
	rs->q = xmalloc((np + 1) * sizeof *rs->q);
	atomic_init(&rs->bad, np);
	tly_parallel(np, tly_parallel_parts(np, threads, ROWS_PER_PART), row_stats, rs);
	size_t bad = atomic_load(&rs->bad);
	if (bad < np) {
		const struct row *r = &rs->r[bad];
		return tly_err_set(err, TLY_EXIT_DATA,
		                   "inconsistent counts for %s and %s (n_ab %llu, n_a %llu, n_b %llu, "
		                   "n %llu): do the mentions belong to the documents given?",
		                   tly_hash_key(s->units, r->a, NULL), tly_hash_key(s->units, r->b, NULL),
		                   (unsigned long long)r->nab, (unsigned long long)r->na,
		                   (unsigned long long)r->nb, (unsigned long long)r->n);
	}
	/* BH within each group */
	double *p = xmalloc((np + 1) * sizeof *p);
	for (size_t i = 0; i < np;) {
		size_t j = i;
		while (j < np && rs->r[j].g == rs->r[i].g)
			j++;
		for (size_t t = i; t < j; t++)
			p[t - i] = rs->as[t].g2_p;
		tly_bh(p, j - i, rs->q + i);
		i = j;
	}
	free(p);
	return 0;
}

static void rows_free(struct rows *rs)
{
	free(rs->r);
	free(rs->as);
	free(rs->q);
}

/* An edge row: the i-th of the rows shown (at) in output order. */
struct edges {
	const struct st *s;
	const struct rows *rs;
	const size_t *at;
	int by;
};

static void edge_row(tly_out *out, size_t k, void *arg, tly_buf *scratch)
{
	const struct edges *e = arg;
	size_t i = e->at[k];
	const struct row *w = &e->rs->r[i];
	const tly_assoc *as = &e->rs->as[i];

	(void)scratch;
	if (e->by)
		tly_csv_str(out, tly_hash_key(e->s->groups, w->g, NULL));
	tly_csv_str(out, tly_hash_key(e->s->units, w->a, NULL));
	tly_csv_str(out, tly_hash_key(e->s->units, w->b, NULL));
	tly_csv_uint(out, w->nab);
	tly_csv_uint(out, w->na);
	tly_csv_uint(out, w->nb);
	tly_csv_uint(out, w->n);
	tly_csv_real(out, as->expected);
	tly_csv_real(out, as->pmi);
	tly_csv_real(out, as->npmi);
	tly_csv_real(out, as->g2_signed);
	tly_csv_real(out, as->g2_p);
	tly_csv_real(out, as->dice);
	tly_csv_real(out, e->rs->q[i]);
	tly_csv_end(out);
}

struct nodeord {
	uint32_t u;
	uint64_t na;
};

static int cmp_node(const void *x, const void *y)
{
	const struct nodeord *a = x, *b = y;

	if (a->na != b->na)
		return a->na > b->na ? -1 : 1;
	return cmp_bytes(sort_units, a->u, b->u);
}

static struct nodeord *node_order(struct st *s, size_t *n)
{
	size_t nu = tly_hash_count(s->units), k = 0;
	struct nodeord *o = xmalloc((nu + 1) * sizeof *o);

	for (size_t i = 0; i < nu; i++) {
		uint64_t na = margin(s, 0, (uint32_t)i);
		if (na)
			o[k++] = (struct nodeord){(uint32_t)i, na};
	}
	sort_units = s->units;
	if (k > 1)
		qsort(o, k, sizeof *o, cmp_node);
	*n = k;
	return o;
}

static double cell_value(int v, const tly_assoc *as, uint64_t nab)
{
	switch (v) {
	case V_PMI: return as->pmi;
	case V_NPMI: return as->npmi;
	case V_G2: return as->g2_signed;
	case V_DICE: return as->dice;
	default: return (double)nab;
	}
}

/* ---- partial results ------------------------------------------------------------- */

/* 'N' group: contexts; 'M' group, unit: contexts holding it; 'P' group, a, b
 * (a < b by bytes): contexts holding both; 'u' unit: its type. */
static void write_partial(struct st *s, tly_pwriter *w)
{
	const char *k[3];
	size_t kl[3];
	uint64_t v;

	for (size_t i = 0; i < tly_hash_count(s->groups); i++) {
		k[0] = tly_hash_key(s->groups, i, &kl[0]);
		v = ((struct group *)tly_hash_val(s->groups, i))->n;
		tly_pw_count(w, 'N', 1, k, kl, 1, &v);
	}
	for (size_t i = 0; i < tly_hash_count(s->units); i++) {
		const char *type = ((struct unit *)tly_hash_val(s->units, i))->type;
		size_t tl = strlen(type);
		k[0] = tly_hash_key(s->units, i, &kl[0]);
		tly_pw_rec(w, 'u', 1, k, kl, 1, &type, &tl);
	}
	for (size_t i = 0; i < s->margins.t.count; i++) {
		const uint32_t *key = s->margins.t.keys + 2 * i;
		k[0] = tly_hash_key(s->groups, key[0], &kl[0]);
		k[1] = tly_hash_key(s->units, key[1], &kl[1]);
		v = s->margins.v[i];
		tly_pw_count(w, 'M', 2, k, kl, 1, &v);
	}
	for (size_t i = 0; i < s->pairs.t.count; i++) {
		const uint32_t *key = s->pairs.t.keys + 3 * i;
		uint32_t a = key[1], b = key[2];
		if (cmp_bytes(s->units, a, b) > 0) {
			a = key[2];
			b = key[1];
		}
		k[0] = tly_hash_key(s->groups, key[0], &kl[0]);
		k[1] = tly_hash_key(s->units, a, &kl[1]);
		k[2] = tly_hash_key(s->units, b, &kl[2]);
		v = s->pairs.v[i];
		tly_pw_count(w, 'P', 3, k, kl, 1, &v);
	}
}

static uint32_t unit_of(struct st *s, const char *name, size_t len)
{
	size_t id;

	tly_hash_get(s->units, name, len, 1, &id);
	return (uint32_t)id;
}

static int read_partial(struct st *s, tly_pmerge *m, tly_arena *types, tly_err *err)
{
	tly_prec r;
	int rc;

	while ((rc = tly_pm_next(m, &r, err)) > 0) {
		if (r.kind == 'N' && r.nkey == 1 && r.nval == 1) {
			((struct group *)tly_hash_val(s->groups, group_id(s, r.key[0])))->n += r.num[0];
		} else if (r.kind == 'M' && r.nkey == 2 && r.nval == 1) {
			uint32_t g = group_id(s, r.key[0]);
			tc_add(&s->margins, (const uint32_t[]){g, unit_of(s, r.key[1], r.keylen[1])},
			       r.num[0]);
		} else if (r.kind == 'P' && r.nkey == 3 && r.nval == 1) {
			uint32_t g = group_id(s, r.key[0]);
			uint32_t a = unit_of(s, r.key[1], r.keylen[1]);
			uint32_t b = unit_of(s, r.key[2], r.keylen[2]);
			tc_add(&s->pairs, (const uint32_t[]){g, a < b ? a : b, a < b ? b : a}, r.num[0]);
		} else if (r.kind == 'u' && r.nkey == 1 && r.nval == 1) {
			struct unit *u = tly_hash_val(s->units, unit_of(s, r.key[0], r.keylen[0]));
			u->type = tly_arena_strndup(types, r.val[0], r.vallen[0]);
		} else {
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: unexpected record in a partial "
			                   "of tally cooc", r.path, (unsigned long long)r.line);
		}
	}
	for (size_t i = 0; rc == 0 && i < tly_hash_count(s->units); i++)
		if (!((struct unit *)tly_hash_val(s->units, i))->type)
			rc = tly_err_set(err, TLY_EXIT_DATA, "a partial of tally cooc lacks the type of "
			                 "%s (truncated?)", tly_hash_key(s->units, i, NULL));
	return rc;
}

/* ---- input ----------------------------------------------------------------- */

struct mfile {            /* --mentions: every row, grouped by document */
	tly_hash *docs;       /* doc id -> struct mdoc */
	struct cm *ms;
	size_t nms, capms;
};

struct mdoc {
	size_t first, n;      /* its rows: ms[first .. first+n) */
	int used;
	char *group;
	uint64_t maxstart, maxend;    /* the largest offsets of its rows (end: the */
	uint64_t startline, endline;  /* start without the column), their lines */
};

static int load_mentions(struct st *s, struct mfile *mf, const char *path, const char *by,
                         int need_by, unsigned types, int no_dem, tly_err *err)
{
	tly_mentions *ml = tly_mentions_open(path, TLY_MENTIONS_PARA_SENT, err);
	tly_mention_row row;
	int cby = -1, r;
	char *last = NULL;

	if (!ml)
		return -1;
	tly_table *t = tly_mentions_table(ml);
	if (by)
		cby = tly_table_col(t, by);
	if (by && need_by && cby < 0) {
		tly_table_need(t, by, "--by", err);
		tly_mentions_close(ml);
		return -1;
	}
	while ((r = tly_mentions_next(ml, &row, err)) > 0) {
		unsigned long long line = (unsigned long long)row.line;
		unsigned tb = strcmp(row.type, "country") == 0 ? TLY_ENT_COUNTRY
		              : strcmp(row.type, "person") == 0 ? TLY_ENT_PERSON
		              : strcmp(row.type, "capital") == 0 ? TLY_ENT_CAPITAL : 0;
		if (tb && !(types & tb))
			continue;
		if (no_dem && strcmp(row.match, "demonym") == 0)
			continue;
		size_t before = tly_hash_count(mf->docs);
		struct mdoc *md = tly_hash_get(mf->docs, row.doc, row.doclen, 1, NULL);
		if (tly_hash_count(mf->docs) > before) {
			md->first = mf->nms;
			if (cby >= 0)
				md->group = xstrdup(tly_table_get(t, (size_t)cby, NULL));
			free(last);
			last = xstrdup(row.doc);
		} else if (strcmp(last, row.doc) != 0) {
			r = tly_err_set(err, TLY_EXIT_DATA,
			                "%s:%llu: the rows of document \"%.200s\" are not together (sort "
			                "the mentions by document)", path, line, row.doc);
			break;
		}
		if (md->n == 0 || row.start > md->maxstart) {
			md->maxstart = row.start;
			md->startline = line;
		}
		if (md->n == 0 || row.end > md->maxend) {
			md->maxend = row.end;
			md->endline = line;
		}
		md->n++;
		const char *tn = tb == TLY_ENT_COUNTRY ? "country" : tb == TLY_ENT_PERSON ? "person"
		                 : tb == TLY_ENT_CAPITAL ? "capital" : "entity";
		uint32_t u = unit_id(s, row.entity, row.entlen, tn);
		xgrow((void **)&mf->ms, &mf->capms, mf->nms + 1, sizeof *mf->ms);
		mf->ms[mf->nms++] = (struct cm){u, row.para, row.sent, 0, row.start, line};
	}
	free(last);
	tly_mentions_close(ml);
	return r;
}

static int cmp_cm_start(const void *a, const void *b)
{
	const struct cm *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* Tokenize a document to count its contexts (and, for windows, to find the
 * token where each of its mentions starts), checking that a mention that
 * starts in a token is in that token's paragraph and sentence (mentions is
 * the file's name). */
static int doc_stats(tly_tokenizer *tk, tly_doc *d, struct cm *ms, size_t n,
                     struct docstats *ds, const char *mentions, tly_err *err)
{
	tly_token tok;
	uint64_t last_sent = 0, last_para = 0;
	size_t i = 0;
	int r;

	memset(ds, 0, sizeof *ds);
	if (n > 1)
		qsort(ms, n, sizeof *ms, cmp_cm_start);
	tly_tok_reset(tk, d);
	while ((r = tly_tok_next(tk, &tok, err)) > 0) {
		if (!tok.index)
			continue;
		ds->words = tok.index;
		if (tok.sent != last_sent) {
			ds->sentences++;
			last_sent = tok.sent;
		}
		if (tok.para != last_para) {
			ds->paragraphs++;
			last_para = tok.para;
		}
		while (i < n && ms[i].start < tok.end) {
			if (ms[i].start >= tok.start && (ms[i].para != tok.para || ms[i].sent != tok.sent))
				return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: the mention at byte %llu of "
				                   "document \"%.200s\" says paragraph %llu, sentence %llu; "
				                   "the document has it in paragraph %llu, sentence %llu (a "
				                   "mention list of other text, or edited?)", mentions,
				                   (unsigned long long)ms[i].line,
				                   (unsigned long long)ms[i].start, tly_doc_id(d),
				                   (unsigned long long)ms[i].para,
				                   (unsigned long long)ms[i].sent,
				                   (unsigned long long)tok.para, (unsigned long long)tok.sent);
			ms[i].pos = tok.index;  /* the token the mention starts in */
			i++;
		}
	}
	return r;
}

/* Would --format gephi write its two tables to one file?  An output is
 * standard output when its path is NULL or "-"; paths that differ may still
 * name one existing file (a link, /dev/stdout), so they are compared by
 * device and inode too. */
static int same_output(const char *a, const char *b)
{
	int a_std = !a || strcmp(a, "-") == 0, b_std = !b || strcmp(b, "-") == 0;
	struct stat sa, sb;

	if (a_std && b_std)
		return 1;
	if (!a_std && !b_std && strcmp(a, b) == 0)
		return 1;
	if ((a_std ? fstat(STDOUT_FILENO, &sa) : stat(a, &sa)) < 0 ||
	    (b_std ? fstat(STDOUT_FILENO, &sb) : stat(b, &sb)) < 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cooc_main(int argc, char **argv)
{
	enum { O_CONTEXT = 1, O_WINDOW, O_UNIVERSE, O_MENTIONS, O_TERMS, O_MIN, O_BY, O_NODES,
	       O_VALUE, O_TOP, O_TYPES, O_CAPITALS, O_NO_DEM, O_GAZ, O_ADD, O_ANY, O_THREADS,
	       O_STOP };
	static const struct option longopts[] = {
		{"context", required_argument, 0, O_CONTEXT},
		{"window", required_argument, 0, O_WINDOW},
		{"universe", required_argument, 0, O_UNIVERSE},
		{"mentions", required_argument, 0, O_MENTIONS},
		{"terms", no_argument, 0, O_TERMS},
		{"min", required_argument, 0, O_MIN},
		{"min-count", required_argument, 0, O_MIN},  /* as in terms, colloc, keyness */
		{"stopwords", required_argument, 0, O_STOP},
		{"by", required_argument, 0, O_BY},
		{"nodes", required_argument, 0, O_NODES},
		{"value", required_argument, 0, O_VALUE},
		{"top", required_argument, 0, O_TOP},
		{"threads", required_argument, 0, O_THREADS},
		{"types", required_argument, 0, O_TYPES},
		{"capitals", no_argument, 0, O_CAPITALS},
		{"no-demonyms", no_argument, 0, O_NO_DEM},
		{"short-anywhere", no_argument, 0, O_ANY},
		{"gazetteer", required_argument, 0, O_GAZ},
		{"add", required_argument, 0, O_ADD},
		TLY_PARTIAL_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_partial P = {0};
	struct st s;
	tly_matchopts mo = {0};
	int opt, ofmt = OUT_EDGES, value = V_NAB, value_set = 0, terms = 0, capitals = 0, ctx_set = 0;
	int threads = tly_default_threads();
	long minab = 1, top = 0;
	const char *mentions = NULL, *by = NULL, *nodes = NULL, *gazdir = NULL;
	const char **stopspec = NULL;  /* --stopwords, combined */
	size_t nstopspec = 0;
	tly_stopwords *stop = NULL;
	/* kept in a static until freed, so that the usage errors below, which
	 * exit, leave nothing unreachable */
	static const char **adds;
	size_t nadds = 0;

	adds = xcalloc((size_t)argc + 1, sizeof *adds);

	memset(&s, 0, sizeof s);
	s.ctx = CTX_SENTENCE;
	tly_common_init(&c);
	while ((opt = getopt_long(argc, argv, TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == TLY_OPT_FORMAT && (strcmp(optarg, "edges") == 0 ||
		    strcmp(optarg, "gephi") == 0 || strcmp(optarg, "matrix") == 0)) {
			ofmt = optarg[0] == 'e' ? OUT_EDGES : optarg[0] == 'g' ? OUT_GEPHI : OUT_MATRIX;
			continue;
		}
		if (opt == TLY_OPT_FORMAT && strcmp(optarg, "auto") && strcmp(optarg, "text") &&
		    strcmp(optarg, "csv") && strcmp(optarg, "manifest"))
			tly_usage_error("--format must be edges, gephi or matrix (output), or auto, "
			                "text, csv or manifest (input), not \"%s\"", optarg);
		if (tly_common_opt(&c, opt, optarg) || tly_partial_opt(&P, opt))
			continue;
		switch (opt) {
		case O_CONTEXT:
			ctx_set = 1;
			if (strcmp(optarg, "sentence") == 0)
				s.ctx = CTX_SENTENCE;
			else if (strcmp(optarg, "paragraph") == 0)
				s.ctx = CTX_PARAGRAPH;
			else if (strcmp(optarg, "document") == 0)
				s.ctx = CTX_DOCUMENT;
			else if (strcmp(optarg, "window") == 0)
				s.ctx = CTX_WINDOW;
			else
				tly_usage_error("--context must be sentence, paragraph, document or "
				                "window, not \"%s\"", optarg);
			break;
		case O_WINDOW: s.k = tly_opt_long("--window", optarg, 1, 1000000); break;
		case O_UNIVERSE:
			if (strcmp(optarg, "all") == 0)
				s.mentioned = 0;
			else if (strcmp(optarg, "mentioned") == 0)
				s.mentioned = 1;
			else
				tly_usage_error("--universe must be all or mentioned, not \"%s\"", optarg);
			break;
		case O_MENTIONS: mentions = tly_opt_str("--mentions", optarg, "a file name"); break;
		case O_TERMS: terms = 1; break;
		case O_MIN: minab = tly_opt_long("--min-count", optarg, 1, __LONG_MAX__); break;
		case O_STOP:
			stopspec = xrealloc(stopspec, (nstopspec + 1) * sizeof *stopspec);
			stopspec[nstopspec++] = tly_opt_str("--stopwords", optarg, "a file or a language (en)");
			break;
		case O_BY: by = tly_opt_str("--by", optarg, "a column name"); break;
		case O_NODES: nodes = tly_opt_str("--nodes", optarg, "a file name"); break;
		case O_VALUE:
			value_set = 1;
			if (strcmp(optarg, "n_ab") == 0) value = V_NAB;
			else if (strcmp(optarg, "pmi") == 0) value = V_PMI;
			else if (strcmp(optarg, "npmi") == 0) value = V_NPMI;
			else if (strcmp(optarg, "g2") == 0) value = V_G2;
			else if (strcmp(optarg, "dice") == 0) value = V_DICE;
			else tly_usage_error("--value must be n_ab, pmi, npmi, g2 or dice, not \"%s\"",
			                     optarg);
			break;
		case O_TOP: top = tly_opt_long("--top", optarg, 1, __LONG_MAX__); break;
		case O_THREADS: threads = (int)tly_opt_long("--threads", optarg, 1, 256); break;
		case O_TYPES: mo.types |= tly_ent_types(optarg); break;
		case O_CAPITALS: capitals = 1; break;
		case O_NO_DEM: mo.no_demonyms = 1; break;
		case O_ANY: mo.short_anywhere = 1; break;
		case O_GAZ: gazdir = tly_opt_str("--gazetteer", optarg, "a directory"); break;
		case O_ADD: adds[nadds++] = tly_opt_str("--add", optarg, "a file name"); break;
		case 'h': free(adds); usage(stdout); return TLY_EXIT_OK;
		default: free(adds); tly_bad_option(argv, longopts);
		}
	}
	if (s.k && ctx_set && s.ctx != CTX_WINDOW)
		tly_usage_error("--window goes with --context window");
	if (s.k)
		s.ctx = CTX_WINDOW;
	if (s.ctx == CTX_WINDOW && !s.k)
		tly_usage_error("--context window needs --window K");
	if (terms && mentions)
		tly_usage_error("--terms and --mentions exclude each other");
	if (ofmt != OUT_EDGES && by)
		tly_usage_error("--by goes with --format edges only");
	if (ofmt == OUT_GEPHI && !nodes)
		tly_usage_error("--format gephi needs --nodes FILE for the nodes table");
	if (ofmt != OUT_GEPHI && nodes)
		tly_usage_error("--nodes goes with --format gephi");
	if (ofmt != OUT_MATRIX && (top || value_set))
		tly_usage_error("%s goes with --format matrix", top ? "--top" : "--value");
	/* a partial writes neither table (the merge does, and checks again) */
	if (nodes && !P.partial && same_output(nodes, c.output))
		tly_usage_error("--nodes %s and the edges (%s) are one file: give the nodes "
		                "table a file of its own", nodes,
		                c.output && strcmp(c.output, "-") ? c.output : "standard output");
	int ndocs_args = argc - optind;
	int merging = tly_pm_active() != NULL;
	if (mentions && ndocs_args == 0 && !s.mentioned && !merging)
		tly_usage_error("counting every %s needs the documents: give them after "
		                "--mentions FILE, or use --universe mentioned",
		                s.ctx == CTX_WINDOW ? "window" : s.ctx == CTX_SENTENCE ? "sentence"
		                : s.ctx == CTX_PARAGRAPH ? "paragraph" : "document");
	if (mentions && ndocs_args == 0 && s.ctx == CTX_WINDOW && !merging)
		tly_usage_error("--context window needs the documents to find token positions");
	int types_given = mo.types != 0;
	if (!mo.types)
		mo.types = TLY_ENT_COUNTRY | TLY_ENT_PERSON;
	if (capitals)
		mo.types |= TLY_ENT_CAPITAL;
	mo.lenient = c.tok.lenient;
	if (!terms && (!c.tok.fold_case || c.tok.fold_diacritics)) {
		free(adds);
		tly_usage_error("--case and --fold-diacritics apply to --terms only");
	}
	/* the entity options: none applies to words; a mentions file was
	 * matched already (its types can still be chosen) */
	const char *entopt = types_given ? "--types" : mo.no_demonyms ? "--no-demonyms"
	                     : capitals ? "--capitals" : NULL;
	const char *matchopt = gazdir ? "--gazetteer" : nadds ? "--add"
	                       : mo.short_anywhere ? "--short-anywhere" : NULL;
	if (terms && (entopt || matchopt)) {
		free(adds);
		tly_usage_error("%s chooses entities; with --terms the units are words",
		                entopt ? entopt : matchopt);
	}
	if (mentions && matchopt) {
		free(adds);
		tly_usage_error("%s changes how entities are found, but --mentions gives them "
		                "found (give it to tally entities)", matchopt);
	}
	if (!terms && nstopspec) {
		free(adds);
		tly_usage_error("--stopwords applies to --terms only (entities are never stopwords)");
	}

	tly_partial_begin(&P, &c, "cooc", argc, argv, optind, longopts, TLY_COMMON_SHORTOPTS);
	tly_err err = {0};
	tly_gazetteer *g = NULL;
	struct mfile mf = {0};
	int r = 0;
	tly_arena *types = tly_arena_new();

	s.units = tly_hash_new(sizeof(struct unit));
	s.groups = tly_hash_new(sizeof(struct group));
	tc_init(&s.margins, 2);
	tc_init(&s.pairs, 3);
	if (!by)
		group_id(&s, "");
	if (P.merge) {
		r = read_partial(&s, P.merge, types, &err);
	} else if (mentions) {
		mf.docs = tly_hash_new(sizeof(struct mdoc));
		r = load_mentions(&s, &mf, mentions, by, ndocs_args == 0, mo.types, mo.no_demonyms,
		                  &err);
	} else if (!terms) {
		g = tly_gaz_load(gazdir, adds, nadds, &err);
		if (!g)
			r = -1;
	}
	free(adds);

	tly_input *in = NULL;
	tly_matcher *m = NULL;
	tly_tokenizer *tk = NULL;
	tly_tokopts to = c.tok;
	if (r >= 0 && !P.merge && (!mentions || ndocs_args > 0)) {
		in = tly_input_new(argv + optind, ndocs_args, &c.in);
		if (g)
			m = tly_match_new(g, &mo);
		else
			tk = tly_tok_new(&to);
		for (size_t i = 0; r >= 0 && i < nstopspec; i++)
			r = tly_stopwords_add(&stop, stopspec[i], to.fold_case, to.fold_diacritics, &err);
	}
	tly_doc *doc;
	while (in && r >= 0 && (r = tly_input_next(in, &doc, &err)) > 0) {
		const char *id = tly_doc_id(doc);
		const char *gv = "";
		struct docstats ds = {0};

		if (by && !mentions) {
			if ((r = tly_doc_need_meta(doc, by, "--by", &gv, &err)) < 0)
				break;
		}
		if (m) {
			tly_mention mn;
			tly_matchstats mst;
			tly_match_reset(m, doc);
			while ((r = tly_match_next(m, &mn, &err)) > 0)
				add_mention(&s, unit_id(&s, mn.name, strlen(mn.name),
				                        tly_ent_type_name(mn.type)),
				            mn.para, mn.sent, mn.index, mn.start);
			tly_match_stats(m, &mst);
			ds.words = mst.words;
			ds.sentences = mst.sentences;
			ds.paragraphs = mst.paragraphs;
		} else if (terms) {
			tly_token tok;
			uint64_t ls = 0, lp = 0;
			tly_tok_reset(tk, doc);
			while ((r = tly_tok_next(tk, &tok, &err)) > 0) {
				if (!tok.index)
					continue;
				ds.words = tok.index;
				if (tok.sent != ls) {
					ds.sentences++;
					ls = tok.sent;
				}
				if (tok.para != lp) {
					ds.paragraphs++;
					lp = tok.para;
				}
				if ((tok.kind == TLY_TK_WORD || tok.kind == TLY_TK_ABBREV ||
				     tok.kind == TLY_TK_ACRONYM) &&
				    !(stop && tly_stopwords_has(stop, tok.text, tok.len)))
					add_mention(&s, unit_id(&s, tok.text, tok.len, "term"), tok.para,
					            tok.sent, tok.index, tok.start);
			}
		} else {
			struct mdoc *md = tly_hash_get(mf.docs, id, strlen(id), 0, NULL);
			size_t first = md ? md->first : 0, n = md ? md->n : 0;
			if (md) {
				if (md->used) {
					r = tly_doc_dup_error(doc, &err);
					break;
				}
				md->used = 1;
				if (by)
					gv = md->group;
			}
			if (by && !gv &&
			    (r = tly_doc_need_meta(doc, by, "--by (the mention list has none either)",
			                           &gv, &err)) < 0)
				break;
			/* offsets past the end of the document (when its size is
			 * known: not a pipe) are not of this document */
			int64_t size = tly_doc_size(doc);
			if (md && size >= 0 &&
			    (md->maxstart >= (uint64_t)size || md->maxend > (uint64_t)size)) {
				int st = md->maxstart >= (uint64_t)size;
				r = tly_err_set(&err, TLY_EXIT_DATA,
				                "%s:%llu: %s %llu is past the end of document \"%.200s\" "
				                "(%lld bytes)", mentions,
				                (unsigned long long)(st ? md->startline : md->endline),
				                st ? "start" : "end",
				                (unsigned long long)(st ? md->maxstart : md->maxend), id,
				                (long long)size);
				break;
			}
			if (!tk)
				tk = tly_tok_new(&to);
			r = doc_stats(tk, doc, mf.ms + first, n, &ds, mentions, &err);
			for (size_t i = 0; i < n; i++) {
				const struct cm *x = &mf.ms[first + i];
				add_mention(&s, x->unit, x->para, x->sent, x->pos, x->start);
			}
		}
		if (r < 0)
			break;
		s.doc = id;
		process_doc(&s, group_id(&s, gv ? gv : ""), &ds);
	}
	if (r >= 0 && P.merge) {
		/* rebuilt from the partials */
	} else if (r >= 0 && mentions && !in) {
		/* the mention list alone: only the contexts it names (a single
		 * run checks no input, so neither does the merge of partials) */
		tly_partial_input_seen(1, 1);
		for (size_t i = 0; i < tly_hash_count(mf.docs); i++) {
			struct mdoc *md = tly_hash_val(mf.docs, i);
			struct docstats ds = {0};
			for (size_t j = 0; j < md->n; j++)
				add_mention(&s, mf.ms[md->first + j].unit, mf.ms[md->first + j].para,
				            mf.ms[md->first + j].sent, 0, mf.ms[md->first + j].start);
			s.doc = tly_hash_key(mf.docs, i, NULL);
			process_doc(&s, group_id(&s, by && md->group ? md->group : ""), &ds);
		}
	} else if (r >= 0 && mentions) {
		for (size_t i = 0; i < tly_hash_count(mf.docs); i++) {
			struct mdoc *md = tly_hash_val(mf.docs, i);
			if (!md->used) {
				r = tly_mentions_unseen_error(mentions, tly_hash_key(mf.docs, i, NULL), &err);
				break;
			}
		}
	}

	struct rows rs = {0};
	if (r >= 0 && P.w)
		write_partial(&s, P.w);
	else if (r >= 0)
		r = make_rows(&s, &rs, threads, &err);
	tly_out *out = NULL, *no = NULL;  /* no: the gephi nodes table */
	if (r >= 0 && !P.w)
		out = tly_common_out(&c);
	if (r >= 0 && out && ofmt == OUT_EDGES) {
		tly_buf h = {0};
		if (by) {
			tly_buf_adds(&h, by);
			tly_buf_addc(&h, ',');
		}
		tly_buf_adds(&h, "a,b,n_ab,n_a,n_b,n,expected,pmi,npmi,g2,p,dice,q");
		tly_csv_header(out, h.data);
		tly_buf_free(&h);
		size_t *at = xmalloc((rs.n + 1) * sizeof *at), shown = 0;
		for (size_t i = 0; i < rs.n; i++)
			if (rs.r[i].nab >= (uint64_t)minab)
				at[shown++] = i;
		struct edges e = {.s = &s, .rs = &rs, .at = at, .by = by != NULL};
		tly_out_rows(out, shown, threads, edge_row, &e);
		free(at);
	} else if (r >= 0 && out && ofmt == OUT_GEPHI) {
		tly_csv_header(out, "Source,Target,Weight");
		for (size_t i = 0; i < rs.n; i++) {
			if (rs.r[i].nab < (uint64_t)minab)
				continue;
			tly_csv_str(out, tly_hash_key(s.units, rs.r[i].a, NULL));
			tly_csv_str(out, tly_hash_key(s.units, rs.r[i].b, NULL));
			tly_csv_uint(out, rs.r[i].nab);
			tly_csv_end(out);
		}
		no = tly_out_open(nodes, &err);
		if (!no) {
			r = -1;
		} else {
			size_t nn;
			struct nodeord *o = node_order(&s, &nn);
			tly_out_excel_safe(no, c.excel_safe);
			tly_csv_header(no, "Id,Label,Type,Count");
			for (size_t i = 0; i < nn; i++) {
				const char *name = tly_hash_key(s.units, o[i].u, NULL);
				tly_csv_str(no, name);
				tly_csv_str(no, name);
				tly_csv_str(no, ((struct unit *)tly_hash_val(s.units, o[i].u))->type);
				tly_csv_uint(no, o[i].na);
				tly_csv_end(no);
			}
			free(o);
		}
	} else if (r >= 0 && out && ofmt == OUT_MATRIX) {
		size_t nn;
		struct nodeord *o = node_order(&s, &nn);
		uint64_t n = ((struct group *)tly_hash_val(s.groups, 0))->n;
		if (top && (size_t)top < nn)
			nn = (size_t)top;
		tly_csv_str(out, "entity");
		for (size_t i = 0; i < nn; i++)
			tly_csv_str(out, tly_hash_key(s.units, o[i].u, NULL));
		tly_csv_end(out);
		for (size_t i = 0; i < nn; i++) {
			tly_csv_str(out, tly_hash_key(s.units, o[i].u, NULL));
			for (size_t j = 0; j < nn; j++) {
				if (i == j) {
					if (value == V_NAB)
						tly_csv_uint(out, o[i].na);
					else
						tly_csv_real(out, 0.0 / 0.0);
					continue;
				}
				uint32_t a = o[i].u < o[j].u ? o[i].u : o[j].u;
				uint32_t b = o[i].u < o[j].u ? o[j].u : o[i].u;
				uint64_t v = tc_get(&s.pairs, (const uint32_t[]){0, a, b});
				uint64_t nab = v >= (uint64_t)minab ? v : 0;
				tly_assoc as;
				if (value == V_NAB)
					tly_csv_uint(out, nab);
				else if (tly_assoc_2x2((double)nab, (double)o[i].na, (double)o[j].na,
				                       (double)n, &as) == 0)
					tly_csv_real(out, cell_value(value, &as, nab));
				else
					tly_csv_real(out, 0.0 / 0.0);
			}
			tly_csv_end(out);
		}
		free(o);
	}

	for (size_t i = 0; mf.docs && i < tly_hash_count(mf.docs); i++)
		free(((struct mdoc *)tly_hash_val(mf.docs, i))->group);
	tly_hash_free(mf.docs);
	free(mf.ms);
	rows_free(&rs);
	uint64_t replaced = (m ? tly_match_replaced(m) : 0) + (tk ? tly_tok_replaced(tk) : 0);
	tly_match_free(m);
	tly_tok_free(tk);
	tly_stopwords_free(stop);
	free(stopspec);
	if (in)
		tly_input_free(in);
	tly_gaz_free(g);
	tly_hash_free(s.units);
	tly_hash_free(s.groups);
	tc_free(&s.margins);
	tc_free(&s.pairs);
	free(s.ms);
	free(s.set);
	tly_buf_free(&s.key);
	tly_arena_free(types);
	if (r < 0)
		tly_die_err(&err);
	tly_warn_replaced(replaced);
	if (no) {
		/* the nodes table replaces its file only once the edges are out */
		tly_progress_done();
		if (tly_out_close(out, 1, &err) < 0) {
			tly_out_close(no, 0, &(tly_err){0});
			tly_die_err(&err);
		}
		if (tly_out_close(no, 1, &err) < 0)
			tly_die_err(&err);
		return TLY_EXIT_OK;
	}
	return tly_partial_end(&P, out);
}

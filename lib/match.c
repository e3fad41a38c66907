/* match.c - find gazetteer entities in a document's token stream.
 *
 * Tokens (with punctuation) flow through a small queue.  At the queue's head
 * the matcher walks the gazetteer trie as far as the tokens allow, twice when
 * a token has diacritics (once by its exact text, once folded), then takes
 * the longest span with a licensed entry; matches never nest.  The common
 * case, a token no name starts with, costs one hash probe (two for a token
 * with non-ASCII letters, whose folded form is cached), and nothing is
 * allocated per token once the queue's buffers have grown.
 *
 * Rules (tally-entities(1) is the user's reference):
 *   - case: a name token written with a capital asks for a capital in the
 *     text, an all-capitals one ("US", "UAE") for all capitals; lowercase
 *     name tokens ("of", "d'Ivoire") match any case;
 *   - an ambiguous name ("Chad", "Jordan") is no mention when a capitalised
 *     unknown word stands right before it (not first in the sentence) or
 *     right after it ("Chad Smith", "Michael Jordan", "Turkey Creek");
 *   - a person's short form ("Trump", "Lâm") counts right after a title
 *     ("President Trump") or its country's possessive ("China's Xi")
 *     but not before a capitalised unknown word ("President Hassan
 *     Rouhani"), or once the full name has appeared in
 *     the document, then not next to a capitalised unknown word ("Dong
 *     Nai", "Trump Tower"); after a title, people sharing a short form
 *     whose role holds the title's words come first ("Prime Minister
 *     Wong"); titles and stop phrases consume their tokens and report
 *     nothing;
 *   - a hyphenated word that no name starts with is matched part by part
 *     ("Vietnam-US" -> Vietnam, US; "Guinea-Bissau" stays whole). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fmap.h"
#include "gazetteer_int.h"

struct slot {
	int kind;
	unsigned flags;
	int first;            /* first word of its sentence */
	int func;             /* ... and a function word ("In", "The") */
	int ascii;            /* text is ASCII, so its folded form is itself */
	uint64_t start, end, para, sent, index;
	tly_buf text, raw;
	const char *fold;     /* folded text: text.data or a cached string */
	size_t foldlen;
	int rooted;           /* re, rf hold the root's children for text, fold */
	uint32_t re, rf;
};

/* What the fast path learnt about a token before queueing it. */
struct rootinfo {
	int ascii;
	const char *fold;     /* NULL when ascii */
	size_t foldlen;
	uint32_t re, rf;
};

/* The token before the queue's head: what the rules look back at. */
enum {
	P_VALID = 1,  /* there is one */
	P_WORD = 2,   /* a word */
	P_FUNC = 4,   /* a function word first in its sentence */
	P_USED = 8,   /* part of a match */
	P_TITLE = 16, /* the end of a title ("President") */
	P_FIRST = 32  /* first in its sentence */
};
struct prevtok {
	unsigned bits;   /* P_* */
	unsigned flags;  /* its TLY_TF_* */
	uint64_t sent;
};

struct held {
	tly_mention m;
	size_t surf;          /* offset of the surface in heldtext */
	uint32_t cand, ncand; /* a pending short form: its candidates */
	int pending;
};

struct foldval {
	const char *s;
	size_t n;
};

struct tly_matcher {
	const tly_gazetteer *g;
	tly_matchopts o;
	tly_tokenizer *tk;
	tly_doc *doc;
	char date[11];
	int have_date;
	struct slot *q;
	size_t cap, head, n;  /* ring of cap (a power of two) slots */
	int eod;
	uint64_t last_sent;   /* sentence of the last word slot queued */
	struct prevtok prev;
	tly_hash *foldcache;  /* exact text -> struct foldval */
	tly_arena *arena;
	tly_buf tmp, scratch, surface;
	tly_buf title;        /* the last title's words, each between \x1f */
	tly_buf fits;         /* short_person(): the candidates a title fits */
	const char *owner;    /* the code of a country named before a possessive */
	uint64_t owner_index; /* ... and the index of the word after it */
	uint8_t *shortonly;   /* by node: only short forms end there, none go on */
	uint32_t gen;
	uint32_t *seen_gen;   /* people: document generation when last seen */
	uint64_t *seen_pos;   /* people: mention number when last seen */
	uint64_t nmentions;
	tly_matchstats st;
	uint64_t st_sent, st_para;
	uint32_t *ne, *nf;    /* trie nodes along the walk, by depth */
	tly_fmap root;        /* the root's children: node << 1 | anycase */
	tly_fmap edges;       /* deeper edges: node (4 bytes) + token text -> node */
	uint32_t anyfirst[256]; /* by first byte: bit min(len, 31) of the keys a
	                           token in any case may match */
	uint32_t anyraw[256];   /* the same by the original first byte (A-Z as a-z) */
	tly_hash *funcwords;
	tly_fmap funcmap;
	/* --discover: the run of name-like words being collected */
	int run_n, run_names, run_first;
	int run_func;         /* its first word is a capitalised function word */
	size_t run_keep;      /* surface bytes up to the last name-like word */
	uint64_t run_start, run_end, run_keep_end, run_para, run_sent, run_index;
	tly_buf run;
	/* --short-anywhere: the document's mentions, held until its end */
	struct held *held;
	size_t nheld, capheld, heldpos;
	int heldready;
	tly_buf heldtext;
	uint32_t pcand, npcand;  /* candidates of the pending short form just found */
	int pend;             /* a finished run waits in pend_m */
	tly_buf pend_text;
	tly_mention pend_m;
};

static tly_hash *function_words(void);

static inline int is_wordkind(int k)
{
	return ((1u << k) & (1u << TLY_TK_WORD | 1u << TLY_TK_ABBREV | 1u << TLY_TK_ACRONYM)) != 0;
}

static uint32_t root_val(const void *ctx, size_t id)
{
	const struct grootval *r = tly_hash_val(ctx, id);

	return r->node << 1 | (r->anycase != 0);
}

static uint32_t edge_val(const void *ctx, size_t id)
{
	return *(const uint32_t *)tly_hash_val(ctx, id);
}

#define CHILD_MAX 60  /* the longest token text child() keys on the stack */

/* gaz_child (node > 0) through the frozen map: the key, node and text, on
 * the stack instead of in a buffer, one multiply instead of hashing it. */
static uint32_t child(tly_matcher *m, uint32_t node, const char *s, size_t n)
{
	char key[4 + CHILD_MAX];
	uint32_t v;

	if (n > CHILD_MAX)
		return gaz_child(m->g, node, s, n, &m->scratch);
	memcpy(key, &node, 4);
	memcpy(key + 4, s, n);
	return tly_fmap_get(&m->edges, key, n + 4, &v) ? v : 0;
}

tly_matcher *tly_match_new(const tly_gazetteer *g, const tly_matchopts *o)
{
	tly_matcher *m = xcalloc(1, sizeof *m);
	tly_tokopts to = {0};

	m->g = g;
	m->o = *o;
	if (!m->o.types)
		m->o.types = TLY_ENT_COUNTRY | TLY_ENT_PERSON;
	to.fold_case = 1;
	to.emit_punct = 1;
	to.lenient = o->lenient;
	m->tk = tly_tok_new(&to);
	m->cap = 64;
	while (m->cap < (size_t)g->maxdepth + 4)
		m->cap *= 2;
	m->q = xcalloc(m->cap, sizeof *m->q);
	m->foldcache = tly_hash_new(sizeof(struct foldval));
	m->arena = tly_arena_new();
	m->seen_gen = xcalloc(g->nents + 1, sizeof *m->seen_gen);
	m->seen_pos = xcalloc(g->nents + 1, sizeof *m->seen_pos);
	m->ne = xcalloc((size_t)g->maxdepth + 2, sizeof *m->ne);
	tly_fmap_build(&m->root, g->root, root_val, g->root);
	tly_fmap_build(&m->edges, g->edges, edge_val, g->edges);
	m->shortonly = xcalloc(g->nnodes ? g->nnodes : 1, 1);
	for (uint32_t i = 1; i < g->nnodes; i++) {
		const struct gnode *gn = &g->nodes[i];
		int only = gn->n > 0;
		for (uint32_t j = 0; j < gn->n && only; j++)
			only = g->entries[gn->first + j].cls == G_SHORT;
		m->shortonly[i] = (uint8_t)only;
	}
	for (size_t i = 0; i < tly_hash_count(g->edges); i++) {
		size_t len;
		uint32_t parent;
		memcpy(&parent, tly_hash_key(g->edges, i, &len), sizeof parent);
		m->shortonly[parent] = 0;
	}
	for (size_t i = 0; i < tly_hash_count(g->root); i++) {
		const struct grootval *r = tly_hash_val(g->root, i);
		size_t len;
		const char *k = tly_hash_key(g->root, i, &len);
		if (r->anycase)
			m->anyfirst[(unsigned char)k[0]] |= 1u << (len < 31 ? len : 31);
	}
	for (int c = 0; c < 256; c++)
		m->anyraw[c] = m->anyfirst[c >= 'A' && c <= 'Z' ? c + 32 : c];
	m->funcwords = function_words();
	tly_fmap_build(&m->funcmap, m->funcwords, NULL, NULL);
	m->nf = xcalloc((size_t)g->maxdepth + 2, sizeof *m->nf);
	return m;
}

void tly_match_free(tly_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		tly_buf_free(&m->q[i].text);
		tly_buf_free(&m->q[i].raw);
	}
	free(m->q);
	tly_tok_free(m->tk);
	tly_hash_free(m->foldcache);
	tly_arena_free(m->arena);
	tly_buf_free(&m->tmp);
	tly_buf_free(&m->scratch);
	tly_buf_free(&m->surface);
	tly_buf_free(&m->title);
	tly_buf_free(&m->fits);
	tly_buf_free(&m->run);
	tly_buf_free(&m->pend_text);
	tly_buf_free(&m->heldtext);
	free(m->held);
	free(m->seen_gen);
	free(m->seen_pos);
	free(m->shortonly);
	free(m->ne);
	free(m->nf);
	tly_fmap_free(&m->root);
	tly_fmap_free(&m->edges);
	tly_fmap_free(&m->funcmap);
	tly_hash_free(m->funcwords);
	free(m);
}

void tly_match_reset(tly_matcher *m, tly_doc *d)
{
	const char *date = tly_doc_meta(d, "date");

	m->doc = d;
	tly_tok_reset(m->tk, d);
	m->head = m->n = 0;
	m->eod = 0;
	m->last_sent = 0;
	memset(&m->prev, 0, sizeof m->prev);
	m->owner = NULL;
	m->gen++;
	memset(&m->st, 0, sizeof m->st);
	m->st_sent = m->st_para = 0;
	m->run_n = 0;
	m->pend = 0;
	m->nheld = m->heldpos = 0;
	m->heldready = 0;
	tly_buf_clear(&m->heldtext);
	m->have_date = 0;
	if (date) {
		size_t len = strlen(date);
		if (len > 10)
			len = 10;
		while (len && tly_gaz_date(date, len, 0, m->date) < 0)
			len = len == 10 ? 7 : len == 7 ? 4 : 0;
		m->have_date = len > 0;
	}
}

void tly_match_stats(const tly_matcher *m, tly_matchstats *st) { *st = m->st; }
uint64_t tly_match_replaced(const tly_matcher *m) { return tly_tok_replaced(m->tk); }

static struct slot *at(tly_matcher *m, size_t i)
{
	return &m->q[(m->head + i) & (m->cap - 1)];
}

/* tly_buf_clear and tly_buf_add in one, inline: a slot's buffers are
 * rewritten for every token queued. */
static inline void buf_set(tly_buf *b, const char *p, size_t n)
{
	if (n + 1 > b->cap)
		xgrow((void **)&b->data, &b->cap, n + 1, 1);
	if (n)
		memcpy(b->data, p, n);
	b->data[n] = '\0';
	b->len = n;
}

/* A new slot at the tail of the queue. */
static struct slot *push(tly_matcher *m)
{
	if (m->n == m->cap) {
		struct slot *nq = xcalloc(m->cap * 2, sizeof *nq);
		for (size_t i = 0; i < m->cap; i++)
			nq[i] = m->q[(m->head + i) & (m->cap - 1)];
		free(m->q);
		m->q = nq;
		m->head = 0;
		m->cap *= 2;
	}
	struct slot *s = at(m, m->n++);
	buf_set(&s->text, "", 0);
	buf_set(&s->raw, "", 0);
	s->rooted = 0;
	return s;
}

/* The folded form of a slot's text, from the cache. */
static void set_fold(tly_matcher *m, struct slot *s)
{
	size_t i;

	for (i = 0; i < s->text.len && (unsigned char)s->text.data[i] < 128; i++)
		;
	s->ascii = i == s->text.len;
	if (s->ascii) {
		s->fold = s->text.data;
		s->foldlen = s->text.len;
		return;
	}
	size_t before = tly_hash_count(m->foldcache);
	struct foldval *v = tly_hash_get(m->foldcache, s->text.data, s->text.len, 1, NULL);
	if (tly_hash_count(m->foldcache) > before) {
		tly_buf_clear(&m->tmp);
		tly_normalize(s->text.data, s->text.len, 1, 1, &m->tmp);
		v->s = tly_arena_strndup(m->arena, m->tmp.data ? m->tmp.data : "", m->tmp.len);
		v->n = m->tmp.len;
	}
	s->fold = v->s;
	s->foldlen = v->n;
}

/* The root's child for the token s (flags: the token's case), or 0 when no
 * name may start with it. */
static inline __attribute__((always_inline)) uint32_t
root_node(const tly_matcher *m, const char *s, size_t n, unsigned flags)
{
	uint32_t v;

	/* a token without a capital can only start names that allow any case:
	 * most are ruled out by their first byte and length */
	if (!(flags & TLY_TF_TITLE) &&
	    !(m->anyfirst[(unsigned char)s[0]] & (1u << (n < 31 ? n : 31))))
		return 0;
	if (!tly_fmap_get(&m->root, s, n, &v))
		return 0;
	return (v & 1) || (flags & TLY_TF_TITLE) ? v >> 1 : 0;
}

static void root_slot(const tly_matcher *m, struct slot *s)
{
	if (s->rooted)
		return;
	s->re = is_wordkind(s->kind) ? root_node(m, s->text.data, s->text.len, s->flags) : 0;
	s->rf = !is_wordkind(s->kind) ? 0 : s->ascii ? s->re
	        : root_node(m, s->fold, s->foldlen, s->flags);
	s->rooted = 1;
}

static int root_hit(const tly_matcher *m, struct slot *s)
{
	root_slot(m, s);
	return s->re || s->rf;
}

/* Does a name other than a person's short form begin with the slot?  Two
 * short forms side by side are one name of something else ("Lâm Đồng"
 * province, in a document that names Tô Lâm). */
static int name_hit(const tly_matcher *m, struct slot *s)
{
	root_slot(m, s);
	return (s->re && !m->shortonly[s->re]) || (s->rf && !m->shortonly[s->rf]);
}

/* The same for a word token the tokenizer lends, before it is queued. */
static int token_hit(tly_matcher *m, const tly_token *tok, struct rootinfo *ri)
{
	size_t i = 0;

	ri->re = ri->rf = root_node(m, tok->text, tok->len, tok->flags);
	ri->fold = NULL;
	ri->foldlen = 0;
	ri->ascii = 1;
	if (!(tok->flags & TLY_TF_ASCII))
		for (; i < tok->len && (unsigned char)tok->text[i] < 128; i++)
			;
	if ((tok->flags & TLY_TF_ASCII) || i == tok->len)
		return ri->re != 0;
	ri->ascii = 0;
	size_t before = tly_hash_count(m->foldcache);
	struct foldval *v = tly_hash_get(m->foldcache, tok->text, tok->len, 1, NULL);
	if (tly_hash_count(m->foldcache) > before) {
		tly_buf_clear(&m->tmp);
		tly_normalize(tok->text, tok->len, 1, 1, &m->tmp);
		v->s = tly_arena_strndup(m->arena, m->tmp.data ? m->tmp.data : "", m->tmp.len);
		v->n = m->tmp.len;
	}
	ri->fold = v->s;
	ri->foldlen = v->n;
	ri->rf = root_node(m, v->s, v->n, tok->flags);
	return ri->re || ri->rf;
}

/* Does s (n bytes) hold a '-'?  Called for every word that starts no name,
 * so without a loop or a branch on the length (lengths follow no pattern a
 * branch predictor could learn).  With SSE2 the aligned 16-byte blocks that
 * hold the first and the last byte of s are compared whole and the bytes
 * outside s masked off: as in the C library's string functions, the loads
 * read outside s but never from a block that holds none of it, so never
 * from a page it is not on.  AddressSanitizer would take that for an
 * overflow, so this function is not instrumented.
 *
 * skip_plain gives it a word's original bytes rather than its text: the
 * tokenizer has just written the text, and a 16-byte load of bytes written
 * by two stores (the text and its NUL) waits for both to retire, which cost
 * more than the rest of the word's handling. */
#ifdef __SSE2__
__attribute__((no_sanitize_address))
static inline int has_hyphen(const char *s, size_t n)
{
	if (__builtin_expect(n > 16, 0))
		return memchr(s, '-', n) != NULL;
	uintptr_t p = (uintptr_t)s, off = p & 15;
	const __m128i *b0 = (const __m128i *)(p - off);
	const __m128i *b1 = off + n > 16 ? b0 + 1 : b0;
	__m128i h = _mm_set1_epi8('-');
	uint32_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_load_si128(b0), h));
	uint32_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_load_si128(b1), h));

	return (((m1 << 16 | m0) >> off) & ((1u << n) - 1)) != 0;
}
#else
static inline int has_hyphen(const char *s, size_t n)
{
	return memchr(s, '-', n) != NULL;
}
#endif

/* Case flags of a piece of original text, as the tokenizer sets them. */
static unsigned case_flags(const char *s, size_t n)
{
	unsigned f = TLY_TF_ASCII;
	int letters = 0, upper = 0, lower = 0, first = -1;
	size_t i = 0;

	/* ASCII without utf8proc: A-Z are its only uppercase letters, a-z
	 * its only lowercase ones */
	for (; i < n && (unsigned char)s[i] < 128; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z') {
			letters++;
			upper++;
			if (first < 0)
				first = 1;
		} else if (c >= 'a' && c <= 'z') {
			letters++;
			lower++;
			if (first < 0)
				first = 0;
		}
	}
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (r <= 0)
			break;
		if (cp >= 128)
			f &= ~TLY_TF_ASCII;
		int cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
			letters++;
			upper++;
			if (first < 0)
				first = 1;
		} else if (cat >= UTF8PROC_CATEGORY_LL && cat <= UTF8PROC_CATEGORY_LO) {
			letters++;
			if (cat == UTF8PROC_CATEGORY_LL)
				lower++;
			if (first < 0)
				first = 0;
		}
		i += (size_t)r;
	}
	if (letters && upper && !lower)
		f |= TLY_TF_UPPER;
	if (first == 1)
		f |= TLY_TF_TITLE;
	return f;
}

static int hyphen_at(const char *s, size_t n, size_t i, size_t *len)
{
	if (s[i] == '-') {
		*len = 1;
		return 1;
	}
	if (i + 3 <= n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91)) {
		*len = 3;
		return 1;
	}
	return 0;
}

/* Split the hyphenated word in slot s (the queue's last) into parts and
 * hyphens, if its text and original spelling agree on the pieces. */
static void split_hyphens(tly_matcher *m, struct slot *s)
{
	size_t nt = 1, nr = 1, hl;
	struct slot whole = *s;

	for (size_t i = 0; i < s->text.len; i++)
		nt += s->text.data[i] == '-';
	for (size_t i = 0; i < s->raw.len; i++)
		if (hyphen_at(s->raw.data, s->raw.len, i, &hl))
			nr++;
	if (nt != nr)
		return;
	/* take the whole token's buffers out of the queue: the parts reuse it */
	tly_buf text = {0}, raw = {0};
	tly_buf_add(&text, whole.text.data, whole.text.len);
	tly_buf_add(&raw, whole.raw.data, whole.raw.len);
	m->n--;
	/* the parts' bounds in text (tb, te) and raw (rb, re) */
	size_t *tb = xmalloc(4 * nt * sizeof *tb), *te = tb + nt, *rb = te + nt, *re = rb + nt;
	for (size_t part = 0, tp = 0, rp = 0; part < nt; part++) {
		tb[part] = te[part] = tp;
		rb[part] = re[part] = rp;
		while (te[part] < text.len && text.data[te[part]] != '-')
			te[part]++;
		while (re[part] < raw.len && !hyphen_at(raw.data, raw.len, re[part], &hl))
			re[part]++;
		if (part + 1 < nt) {
			hyphen_at(raw.data, raw.len, re[part], &hl);
			tp = te[part] + 1;
			rp = re[part] + hl;
		}
	}
	for (size_t a = 0; a < nt;) {
		/* the longest run of parts a..b that begins a name stays one word
		 * ("Guinea-Bissau-based": guinea-bissau, -, based; never guinea) */
		size_t b = nt - 1;
		struct slot *p;
		for (;; b--) {
			p = push(m);
			tly_buf_add(&p->text, text.data + tb[a], te[b] - tb[a]);
			tly_buf_add(&p->raw, raw.data + rb[a], re[b] - rb[a]);
			p->kind = TLY_TK_WORD;
			p->flags = case_flags(raw.data + rb[a], re[b] - rb[a]);
			set_fold(m, p);
			if (b == a || root_hit(m, p))
				break;
			m->n--;  /* not a name's start: one part fewer */
		}
		p->first = a == 0 ? whole.first : 0;
		p->func = a == 0 ? whole.func : 0;
		p->start = whole.start + rb[a];
		p->end = whole.start + re[b];
		p->para = whole.para;
		p->sent = whole.sent;
		p->index = whole.index;
		if (b + 1 < nt) {
			hyphen_at(raw.data, raw.len, re[b], &hl);
			struct slot *h = push(m);
			h->kind = TLY_TK_PUNCT;
			h->flags = 0;
			h->first = 0;
			h->func = 0;
			h->start = whole.start + re[b];
			h->end = h->start + hl;
			h->para = whole.para;
			h->sent = whole.sent;
			h->index = 0;
			tly_buf_addc(&h->text, '-');
			tly_buf_add(&h->raw, raw.data + re[b], hl);
			set_fold(m, h);
		}
		a = b + 1;
	}
	free(tb);
	tly_buf_free(&text);
	tly_buf_free(&raw);
}

/* Words that open sentences without being names: a capitalised word first
 * in its sentence is taken for part of a name ("Michael Jordan") unless it
 * is one of these ("In Jordan", "The Gambia"). */
static tly_hash *function_words(void)
{
	static const char *const w[] = {
		"a", "about", "above", "across", "after", "against", "along", "also", "although",
		"amid", "among", "an", "and", "around", "as", "at", "because", "before",
		"behind", "below", "besides", "between", "beyond", "both", "but", "by", "can",
		"could", "despite", "did", "do", "does", "during", "each", "even", "every",
		"for", "from", "had", "has", "have", "he", "her", "here", "his", "how", "i",
		"if", "in", "including", "inside", "into", "is", "it", "its", "last", "like",
		"many", "may", "meanwhile", "might", "most", "much", "must", "near",
		"neighbouring", "neighboring", "neither", "no", "nor", "not", "now", "of",
		"on", "once", "only", "or", "our", "outside", "over", "per", "several", "she",
		"should", "since", "so", "some", "such", "than", "that", "the", "their",
		"then", "there", "these", "they", "this", "those", "though", "through", "thus",
		"to", "today", "toward", "towards", "under", "unlike", "until", "upon", "via",
		"visiting", "was", "we", "were", "what", "when", "where", "whether", "which",
		"while", "who", "why", "will", "with", "within", "without", "would", "yesterday",
		"yet", "you",
	};
	tly_hash *h = tly_hash_new(1);

	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		tly_hash_get(h, w[i], strlen(w[i]), 1, NULL);
	return h;
}

static __attribute__((noinline)) int function_word(const tly_matcher *m, const char *s,
                                                    size_t n)
{
	uint32_t v;

	return tly_fmap_get(&m->funcmap, s, n, &v);
}

/* Count the token into the document's statistics; returns whether it is
 * the first word or number of its sentence. */
static inline int note_stats(tly_matcher *m, const tly_token *tok)
{
	if (tok->index) {
		m->st.words = tok->index;
		if (tok->sent != m->st_sent) {
			m->st.sentences++;
			m->st_sent = tok->sent;
		}
		if (tok->para != m->st_para) {
			m->st.paragraphs++;
			m->st_para = tok->para;
		}
	}
	if (!is_wordkind(tok->kind) && tok->kind != TLY_TK_NUMBER)
		return 0;
	int first = tok->sent != m->last_sent;
	m->last_sent = tok->sent;
	return first;
}

/* Count the token into the document's statistics; returns whether it is
 * the first word of its sentence (2 if it is also a function word). */
static inline int note_token(tly_matcher *m, const tly_token *tok)
{
	int first = note_stats(m, tok);

	if (first && (tok->flags & TLY_TF_TITLE) && function_word(m, tok->text, tok->len))
		first = 2;
	return first;
}

/* Queue a token (copying what the tokenizer only lends). */
static void take(tly_matcher *m, const tly_token *tok, int first, const struct rootinfo *ri)
{
	struct slot *s = push(m);

	s->kind = tok->kind;
	s->flags = tok->flags;
	s->start = tok->start;
	s->end = tok->end;
	s->para = tok->para;
	s->sent = tok->sent;
	s->index = tok->index;
	s->first = first != 0;
	s->func = first == 2;
	buf_set(&s->text, tok->text, tok->len);
	buf_set(&s->raw, tok->raw, tok->rawlen);
	if (ri) {
		s->ascii = ri->ascii;
		s->fold = ri->ascii ? s->text.data : ri->fold;
		s->foldlen = ri->ascii ? s->text.len : ri->foldlen;
		s->re = ri->re;
		s->rf = ri->rf;
		s->rooted = 1;
	} else {
		set_fold(m, s);
	}
	if ((tok->kind == TLY_TK_WORD || tok->kind == TLY_TK_ACRONYM) &&  /* "Vietnam-U.S." */
	    memchr(tok->text, '-', tok->len) && !root_hit(m, s))
		split_hyphens(m, s);
}

/* Make sure the queue holds at least i+1 slots: 1, 0 at the end, -1. */
static int fill(tly_matcher *m, size_t i, tly_err *err)
{
	tly_token tok;

	while (m->n <= i) {
		if (m->eod)
			return 0;
		int r = tly_tok_next(m->tk, &tok, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			m->eod = 1;
			return 0;
		}
		take(m, &tok, note_token(m, &tok), NULL);
	}
	return 1;
}

/* Drop n slots from the head; the last one becomes prev. */
static void advance(tly_matcher *m, size_t n, int used, int title)
{
	struct slot *s = at(m, n - 1);

	m->prev.bits = P_VALID | (is_wordkind(s->kind) ? P_WORD : 0) | (s->func ? P_FUNC : 0) |
	               (used ? P_USED : 0) | (title ? P_TITLE : 0) | (s->first ? P_FIRST : 0);
	m->prev.flags = s->flags;
	m->prev.sent = s->sent;
	m->head = (m->head + n) & (m->cap - 1);
	m->n -= n;
}

static int multi_upper(const struct slot *s)
{
	return (s->flags & TLY_TF_UPPER) && s->text.len >= 2;
}

/* A capitalised word that could be part of a person's or place's name. */
static int namelike(const struct slot *s)
{
	if (s->kind == TLY_TK_WORD)
		return (s->flags & TLY_TF_TITLE) && !multi_upper(s);
	return s->kind == TLY_TK_ABBREV && s->raw.len == 2 && (s->flags & TLY_TF_UPPER);
}

static int case_ok(tly_matcher *m, const struct gentry *e)
{
	const uint8_t *pat = m->g->casepat + e->casepat;

	for (int i = 0; i < e->ntok; i++) {
		unsigned f = at(m, (size_t)i)->flags;
		if (pat[i] == CASE_UPPER && !(f & TLY_TF_UPPER))
			return 0;
		if (pat[i] == CASE_TITLE && !(f & TLY_TF_TITLE))
			return 0;
	}
	return 1;
}

/* Evidence that an ambiguous name is the place, not part of another name.
 * For a person's short form (short_form) a capitalised word opening the
 * sentence before it is no evidence: "Later Trump left". */
static int evidence_ok(tly_matcher *m, int k, int short_form, tly_err *err, int *rc)
{
	struct slot *s0 = at(m, 0);
	uint64_t sent = s0->sent;
	unsigned skip = P_FUNC | P_USED | (short_form ? P_FIRST : 0);

	if (multi_upper(s0))
		return 1;  /* all capitals: case says nothing */
	if ((m->prev.bits & (P_VALID | P_WORD | skip)) == (P_VALID | P_WORD) &&
	    m->prev.sent == sent && (m->prev.flags & TLY_TF_TITLE) &&
	    !(m->prev.flags & TLY_TF_UPPER))
		return 0;
	int r = fill(m, (size_t)k, err);  /* may move the queue */
	if (r < 0) {
		*rc = -1;
		return 0;
	}
	s0 = at(m, 0);
	if (r > 0) {
		struct slot *nx = at(m, (size_t)k);
		if (nx->sent == s0->sent && nx->start >= at(m, (size_t)k - 1)->end &&
		    namelike(nx) && !(short_form ? name_hit(m, nx) : root_hit(m, nx)))
			return 0;
	}
	return 1;
}

/* Is the slot's text one of the n words of w? */
static int slot_in(const struct slot *s, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s->text.len == strlen(w[i]) && memcmp(s->text.data, w[i], s->text.len) == 0)
			return 1;
	return 0;
}

/* A day or month name: no part of a person's name ("President Lâm
 * Thursday", "Prime Minister Wong March 3"). */
static int time_word(const struct slot *s)
{
	static const char *const w[] = {
		"april", "august", "december", "february", "friday", "january", "july",
		"june", "march", "may", "monday", "november", "october", "saturday",
		"september", "sunday", "thursday", "tuesday", "wednesday"};

	return slot_in(s, w, sizeof w / sizeof *w);
}

/* A short form right after a title, the k tokens at the head: no mention
 * when a capitalised word no name begins with follows it in the sentence,
 * which makes it part of another person's name ("President Hassan
 * Rouhani" is not Jafar Hassan, "Premier Li Keqiang" not Li Qiang); a day
 * or a month leaves it one ("President Lâm Thursday"). */
static int after_title_ok(tly_matcher *m, int k, tly_err *err, int *rc)
{
	if (multi_upper(at(m, 0)))
		return 1;  /* all capitals: case says nothing */
	int r = fill(m, (size_t)k, err);  /* may move the queue */
	if (r < 0) {
		*rc = -1;
		return 0;
	}
	if (r == 0)
		return 1;
	struct slot *s0 = at(m, 0), *nx = at(m, (size_t)k);
	return nx->sent != s0->sent || !namelike(nx) || time_word(nx) || name_hit(m, nx);
}

static int role_active(const tly_gazetteer *g, uint32_t p, const char *date)
{
	const struct gent *e = &g->ents[p];

	for (uint32_t i = 0; i < e->nroles; i++) {
		const struct grole *r = &g->roles[e->role0 + i];
		if ((!r->from[0] || strcmp(r->from, date) <= 0) &&
		    (!r->to[0] || strcmp(date, r->to) <= 0))
			return 1;
	}
	return 0;
}

/* Is a title right before the head token, in its sentence? */
static int title_before(tly_matcher *m)
{
	return (m->prev.bits & (P_VALID | P_TITLE)) == (P_VALID | P_TITLE) &&
	       m->prev.sent == at(m, 0)->sent;
}

/* The code of the country whose possessive stands right before the head
 * ("Indonesia's Prabowo", "the Philippines' Marcos"), or NULL. */
static const char *owner_before(tly_matcher *m)
{
	return m->owner && at(m, 0)->index == m->owner_index ? m->owner : NULL;
}

/* Is slot s a possessive right after the country name whose last token is
 * name: the 's split off ("China's") or, after a name in -s, an apostrophe
 * alone ("the Philippines' Marcos")? */
static int possessive(const struct slot *s, const struct slot *name)
{
	if (s->start != name->end || s->sent != name->sent)
		return 0;
	if (s->kind == TLY_TK_CLITIC)
		return 1;
	if (s->kind != TLY_TK_PUNCT || name->text.len == 0 ||
	    name->text.data[name->text.len - 1] != 's')
		return 0;
	return (s->raw.len == 1 && s->raw.data[0] == '\'') ||
	       (s->raw.len == 3 && memcmp(s->raw.data, "\xe2\x80\x99", 3) == 0);
}

/* Does one of person p's roles hold every word of the title before the
 * head ("Prime Minister" fits "Prime Minister of Singapore", "Foreign
 * Minister" fits "Minister for Foreign Affairs of Australia")? */
static int role_fits(tly_matcher *m, uint32_t p)
{
	const tly_gazetteer *g = m->g;
	const struct gent *e = &g->ents[p];
	const char *t = m->title.data, *end = t + m->title.len;

	if (m->title.len < 3)
		return 0;
	for (uint32_t i = 0; i < e->nroles; i++) {
		const char *w = g->roles[e->role0 + i].words;
		size_t wlen = strlen(w);
		const char *a = t;
		int all = wlen > 0;
		while (all && a + 1 < end) {
			const char *b = memchr(a + 1, '\x1f', (size_t)(end - a - 1));
			if (!memmem(w, wlen, a, (size_t)(b - a) + 1))
				all = 0;
			a = b;
		}
		if (all)
			return 1;
	}
	return 0;
}

/* The person a short form names, or -1 when it is not licensed.  After a
 * country's possessive (owner), the candidates of that country, as after a
 * title ("Singapore's Wong" is Lawrence Wong; none: -1).  After a
 * title, the candidates whose role the title fits, if some but not all do
 * ("Prime Minister Wong" is Lawrence Wong, not Penny Wong); then the one
 * whose full name the document gave last, else (after a title only) the
 * first whose role covers the document's date, else the first current
 * one, else the first. */
static long short_person(tly_matcher *m, const struct gentry *e, const char *owner)
{
	const tly_gazetteer *g = m->g;
	const uint32_t *all = g->cands + e->ent, *c = all;
	uint32_t n = e->ncands, nfit = 0;
	int title = owner || title_before(m);
	long best = -1;

	if (owner || (title && n > 1)) {
		/* the candidates of the owner's country, or those whose role
		 * the title fits */
		tly_buf_clear(&m->fits);
		for (uint32_t i = 0; i < n; i++)
			if (owner ? strcmp(g->ents[all[i]].code, owner) == 0 : role_fits(m, all[i])) {
				tly_buf_add(&m->fits, &all[i], sizeof *all);
				nfit++;
			}
		if (owner && nfit == 0)
			return -1;
		if (nfit > 0 && (owner || nfit < n)) {
			c = (const uint32_t *)(const void *)m->fits.data;
			n = nfit;
		}
	}
	for (uint32_t i = 0; i < n; i++)
		if (m->seen_gen[c[i]] == m->gen &&
		    (best < 0 || m->seen_pos[c[i]] > m->seen_pos[best]))
			best = c[i];
	if (best >= 0)
		return best;
	if (!title)
		return -1;
	if (m->have_date)
		for (uint32_t i = 0; i < n; i++)
			if (role_active(g, c[i], m->date))
				return c[i];
	for (uint32_t i = 0; i < n; i++)
		if (g->ents[c[i]].current)
			return c[i];
	return c[0];
}

static unsigned type_bit(int cls)
{
	switch (cls) {
	case G_COUNTRY: return TLY_ENT_COUNTRY;
	case G_PERSON: case G_SHORT: return TLY_ENT_PERSON;
	case G_CAPITAL: return TLY_ENT_CAPITAL;
	default: return 0;
	}
}

static void build_surface(tly_matcher *m, tly_buf *b, size_t from, size_t to)
{
	tly_buf_clear(b);
	for (size_t i = from; i < to; i++) {
		struct slot *s = at(m, i);
		if (i > from && s->start > at(m, i - 1)->end)
			tly_buf_addc(b, ' ');
		tly_buf_add(b, s->raw.data, s->raw.len);
	}
	if (!b->data)
		tly_buf_add(b, "", 0);
}

/* ---- --discover: runs of capitalised words no name covers ---------------- */

static int connector(const struct slot *s)
{
	static const char *const w[] = {"al", "bin", "da", "de", "del", "der", "di", "du",
	                                "for", "la", "le", "of", "the", "van", "von"};

	if (s->kind != TLY_TK_WORD || (s->flags & TLY_TF_TITLE))
		return 0;
	return slot_in(s, w, sizeof w / sizeof *w);
}

static void run_flush(tly_matcher *m)
{
	if (m->run_n == 0)
		return;
	/* a lone function word is no name wherever it stands: "The" before a
	 * name the gazetteer knows ("The Washington Times"), "A" after a
	 * dateline's dash, the month "May" */
	int keep = m->run_names > 1 || (!m->run_first && !m->run_func);
	m->run_n = 0;
	if (!keep)
		return;
	tly_buf_clear(&m->pend_text);
	tly_buf_add(&m->pend_text, m->run.data, m->run_keep);
	memset(&m->pend_m, 0, sizeof m->pend_m);
	m->pend_m.entity = -1;
	m->pend_m.type = TLY_ENT_UNKNOWN;
	m->pend_m.code = "";
	m->pend_m.start = m->run_start;
	m->pend_m.end = m->run_keep_end;
	m->pend_m.para = m->run_para;
	m->pend_m.sent = m->run_sent;
	m->pend_m.index = m->run_index;
	m->pend = 1;
}

/* Slot 0 was not matched: extend, start or end the run. */
static void run_consider(tly_matcher *m)
{
	struct slot *s = at(m, 0);
	int adjacent = m->run_n && s->sent == m->run_sent &&
	               (m->prev.bits & (P_VALID | P_USED)) == P_VALID;

	if ((namelike(s) || (s->kind == TLY_TK_WORD && multi_upper(s))) && !s->func) {
		if (!adjacent) {
			run_flush(m);
			tly_buf_clear(&m->run);
			m->run_start = s->start;
			m->run_para = s->para;
			m->run_sent = s->sent;
			m->run_index = s->index;
			m->run_first = s->first;
			m->run_func = (s->flags & TLY_TF_TITLE) &&
			              function_word(m, s->text.data, s->text.len);
			m->run_names = 0;
		} else {
			tly_buf_addc(&m->run, ' ');
		}
		tly_buf_add(&m->run, s->raw.data, s->raw.len);
		m->run_n++;
		m->run_names++;
		m->run_keep = m->run.len;
		m->run_keep_end = s->end;
		m->run_end = s->end;
		return;
	}
	if (adjacent && connector(s)) {
		tly_buf_addc(&m->run, ' ');
		tly_buf_add(&m->run, s->raw.data, s->raw.len);
		m->run_n++;
		m->run_end = s->end;
		return;
	}
	run_flush(m);
}

static void take_pending(tly_matcher *m, tly_mention *out)
{
	*out = m->pend_m;
	out->name = out->surface = m->pend_text.data ? m->pend_text.data : "";
	out->surface_len = m->pend_text.len;
	m->pend = 0;
}

/* Is the token's text ASCII (so that its folded form is itself)? */
static inline int text_ascii(const tly_token *tok)
{
	if (tok->flags & TLY_TF_ASCII)
		return 1;
	for (size_t i = 0; i < tok->len; i++)
		if ((unsigned char)tok->text[i] >= 128)
			return 0;
	return 1;
}

/* fmap_small's number for the text of an ASCII word of 1 to 8 bytes (n), made
 * from its original bytes (which the tokenizer has not just written, unlike
 * its text: loads of those wait for the stores) without a branch on the
 * length: the aligned 8-byte words that hold the first and last byte, the
 * bytes past the word masked off, A-Z folded to a-z eight at a time (the
 * text of an ASCII word is its bytes case-folded).  Like has_hyphen, it
 * reads outside the word only within words that hold some of it. */
__attribute__((no_sanitize_address))
static inline uint64_t raw_key(const char *raw, size_t n)
{
	uintptr_t p = (uintptr_t)raw, off = p & 7;
	const char *w0 = (const char *)(p - off), *w1 = off + n > 8 ? w0 + 8 : w0;
	uint64_t a, b, x;

	memcpy(&a, w0, 8);
	memcpy(&b, w1, 8);
	x = a >> (8 * off) | (b << 1) << (63 - 8 * off);
	x &= ~0ull >> (64 - 8 * n);
	uint64_t t = x & 0x7f7f7f7f7f7f7f7full;
	uint64_t lo = t + 0x3f3f3f3f3f3f3f3full, hi = t + 0x2525252525252525ull;
	return x | ((lo ^ hi) & ~x & 0x8080808080808080ull) >> 2;
}

#define PEEK_MAX 64  /* the longest token skip_plain copies to look past it */

/* The common case: tokens no name starts with never enter the queue; only
 * what the rules look back at (prev) and the statistics are kept.  Reads
 * tokens until one that starts a name, or a hyphenated word, and queues it:
 * 1, or 0 at the end of the document, -1 with err filled.  What note_token
 * and token_hit do, without their branches for the commonest tokens.
 *
 * Most tokens that do start a name start only longer ones ("The", "United",
 * "South"): no entry ends at their node.  For those the next token is read
 * here too, and unless it continues a name in the same sentence neither
 * enters the queue, as the walk in next_raw would find nothing to match. */
static __attribute__((noinline)) int skip_plain(tly_matcher *m, tly_err *err)
{
	const tly_gazetteer *g = m->g;
	tly_token tok, t1;
	struct rootinfo ri, ri1;
	const struct rootinfo *rip;
	int first, first1;
	char text1[PEEK_MAX + 1], raw1[PEEK_MAX];

	for (;;) {
		int r = tly_tok_next(m->tk, &tok, err);
		if (__builtin_expect(r <= 0, 0)) {
			if (r < 0)
				return -1;
			m->eod = 1;
			return 0;
		}
		first = note_stats(m, &tok);
	classify:
		rip = NULL;
		unsigned kind = tok.kind, flags = tok.flags;
		if (!is_wordkind((int)kind)) {
			/* punctuation, a symbol, a number or a clitic */
			if (first && (flags & TLY_TF_TITLE) && function_word(m, tok.text, tok.len))
				first = 2;
			m->prev.bits = P_VALID | ((unsigned)first & 2) << 1 |  /* P_FUNC */
			               (first ? P_FIRST : 0);
			m->prev.flags = flags;
			m->prev.sent = tok.sent;
			continue;
		}
		int hit = 0;
		if ((flags & (TLY_TF_TITLE | TLY_TF_ASCII)) == (TLY_TF_TITLE | TLY_TF_ASCII) &&
		    tok.len - 1 < 8) {
			/* a capitalised ASCII word of up to 8 bytes (most of them):
			 * root_node and function_word on one key */
			uint64_t k = raw_key(tok.raw, tok.len), h = fmap_hash(k, tok.len);
			uint32_t v;
			if (first && tly_fmap_get_small(&m->funcmap, k, h, tok.len, &v))
				first = 2;
			ri.ascii = 1;
			ri.fold = NULL;
			ri.foldlen = 0;
			ri.re = ri.rf = tly_fmap_get_small(&m->root, k, h, tok.len, &v) ? v >> 1 : 0;
			rip = &ri;
			hit = ri.re != 0;
		} else if ((flags & (TLY_TF_TITLE | TLY_TF_ASCII)) != TLY_TF_ASCII ||
		           ((m->anyraw[(unsigned char)tok.raw[0]] >> (tok.len < 31 ? tok.len : 31)) &
		            1)) {
			/* a capitalised word, one with non-ASCII letters, or one a
			 * name in any case may start with */
			if (first && (flags & TLY_TF_TITLE) && function_word(m, tok.text, tok.len))
				first = 2;
			rip = &ri;
			hit = token_hit(m, &tok, &ri);
		}
		if (hit) {
			if (!ri.ascii || g->nodes[ri.re].n || tok.len > PEEK_MAX ||
			    tok.rawlen > PEEK_MAX)
				break;
			/* keep the token: the tokenizer only lends it */
			t1 = tok;
			memcpy(text1, tok.text, tok.len + 1);
			memcpy(raw1, tok.raw, tok.rawlen);
			t1.text = text1;
			t1.raw = raw1;
			ri1 = ri;
			first1 = first;
			r = tly_tok_next(m->tk, &tok, err);
			if (r < 0)
				return -1;
			if (r > 0) {
				first = note_stats(m, &tok);
				if (tok.sent == t1.sent &&
				    (!text_ascii(&tok) ||
				     ((tok.kind == TLY_TK_WORD || tok.kind == TLY_TK_ACRONYM) &&
				      memchr(tok.text, '-', tok.len)) ||
				     child(m, ri1.re, tok.text, tok.len))) {
					/* it may continue a name (or, with non-ASCII text
					 * or hyphenated, needs the general path's rules) */
					take(m, &t1, first1, &ri1);
					if (first && (tok.flags & TLY_TF_TITLE) &&
					    function_word(m, tok.text, tok.len))
						first = 2;
					take(m, &tok, first, NULL);
					return 1;
				}
			}
			/* the first token is passed over as advance() would */
			m->prev.bits = P_VALID | P_WORD | ((unsigned)first1 & 2) << 1 |
			               (first1 ? P_FIRST : 0);
			m->prev.flags = t1.flags;
			m->prev.sent = t1.sent;
			if (r == 0) {
				m->eod = 1;
				return 0;
			}
			goto classify;
		}
		/* the text of a word in ASCII is its original bytes case-folded */
		if ((kind == TLY_TK_WORD || kind == TLY_TK_ACRONYM) &&  /* "Vietnam-U.S." */
		    ((flags & TLY_TF_ASCII) ? has_hyphen(tok.raw, tok.rawlen)
		                            : memchr(tok.text, '-', tok.len) != NULL))
			break;
		m->prev.bits = P_VALID | P_WORD | ((unsigned)first & 2) << 1 |  /* P_FUNC */
		               (first ? P_FIRST : 0);
		m->prev.flags = flags;
		m->prev.sent = tok.sent;
	}
	take(m, &tok, first, rip);  /* NULL: take works out the root itself */
	return 1;
}

/* The next mention; with --short-anywhere also short forms not yet
 * licensed (entity -2, candidates in pcand/npcand). */
static int next_raw(tly_matcher *m, tly_mention *out, tly_err *err)
{
	const tly_gazetteer *g = m->g;

	for (;;) {
		if (m->pend) {
			take_pending(m, out);
			return 1;
		}
		if (m->n == 0 && !m->eod && !m->o.discover) {
			int r = skip_plain(m, err);
			if (r <= 0)
				return r;
		}
		int r = fill(m, 0, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (m->o.discover) {
				run_flush(m);
				if (m->pend) {
					take_pending(m, out);
					return 1;
				}
			}
			return 0;
		}
		struct slot *s0 = at(m, 0);
		uint32_t ne = 0, nf = 0;
		root_slot(m, s0);
		ne = s0->re;
		nf = s0->rf;
		if (!ne && !nf) {
			if (m->o.discover)
				run_consider(m);
			advance(m, 1, 0, 0);
			continue;
		}

		/* walk as deep as the trie and the sentence go */
		int d = 1, diverged = !s0->ascii;
		m->ne[1] = ne;
		m->nf[1] = nf;
		while (d < g->maxdepth) {
			r = fill(m, (size_t)d, err);  /* may move the queue */
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			s0 = at(m, 0);
			struct slot *sd = at(m, (size_t)d);
			if (sd->sent != s0->sent)
				break;
			uint32_t a = m->ne[d] ? child(m, m->ne[d], sd->text.data, sd->text.len) : 0;
			uint32_t b;
			if (!diverged && sd->ascii) {
				b = a;
			} else {
				b = m->nf[d] ? child(m, m->nf[d], sd->fold, sd->foldlen) : 0;
				diverged = 1;
			}
			if (!a && !b)
				break;
			d++;
			m->ne[d] = a;
			m->nf[d] = b;
		}

		/* the longest span with a licensed entry */
		const struct gentry *best = NULL;
		int bestk = 0, folded = 0, rc = 0;
		long person = -1;
		for (int k = d; k >= 1 && !best; k--) {
			for (int w = 0; w < 2 && !best; w++) {
				uint32_t node = w == 0 ? m->ne[k] : m->nf[k];
				if (!node || (w == 1 && node == m->ne[k]))
					continue;
				const struct gnode *gn = &g->nodes[node];
				for (uint32_t i = 0; i < gn->n; i++) {
					const struct gentry *e = &g->entries[gn->first + i];
					if (!case_ok(m, e))
						continue;
					if (e->ambiguous && !evidence_ok(m, k, 0, err, &rc)) {
						if (rc < 0)
							return -1;
						continue;
					}
					if (e->cls == G_SHORT) {
						/* a country's possessive before it licenses a
						 * short form of that country's people, as a
						 * title does ("Indonesia's Prabowo") */
						const char *owner = owner_before(m);
						person = owner ? short_person(m, e, owner) : -1;
						int titled = person >= 0 || title_before(m);
						if (person < 0)
							person = short_person(m, e, NULL);
						if (person < 0 && !m->o.short_anywhere)
							continue;
						/* licensed by the full name, not by a title right
						 * before it: a capitalised word next to it makes
						 * it part of another name, as for ambiguous
						 * countries ("Dong Nai", "Son La" provinces;
						 * "met Carrie Lam"; "Trump Tower") */
						if (!titled && !evidence_ok(m, k, 1, err, &rc)) {
							if (rc < 0)
								return -1;
							person = -1;
							continue;
						}
						if (titled && !after_title_ok(m, k, err, &rc)) {
							if (rc < 0)
								return -1;
							person = -1;
							continue;
						}
						if (person < 0) {
							person = -2;  /* decided at the document's end */
							m->pcand = e->ent;
							m->npcand = e->ncands;
						}
					}
					best = e;
					bestk = k;
					folded = w == 1 || e->folded;
					break;
				}
			}
		}
		s0 = at(m, 0);
		if (!best) {
			if (m->o.discover)
				run_consider(m);
			advance(m, 1, 0, 0);
			continue;
		}
		if (m->o.discover)
			run_flush(m);
		if (best->cls == G_STOP || best->cls == G_TITLE) {
			if (best->cls == G_TITLE) {
				tly_buf_clear(&m->title);
				tly_buf_addc(&m->title, '\x1f');
				for (int i = 0; i < bestk; i++) {
					struct slot *si = at(m, (size_t)i);
					if (!is_wordkind(si->kind))
						continue;
					tly_buf_add(&m->title, si->text.data, si->text.len);
					tly_buf_addc(&m->title, '\x1f');
				}
			}
			advance(m, (size_t)bestk, 1, best->cls == G_TITLE);
			continue;
		}
		long ent = best->cls == G_SHORT ? person : (long)best->ent;
		if (ent == -2) {
			if (!(m->o.types & TLY_ENT_PERSON) || m->o.discover) {
				advance(m, (size_t)bestk, 1, 0);
				continue;
			}
			build_surface(m, &m->surface, 0, (size_t)bestk);
			memset(out, 0, sizeof *out);
			out->entity = -2;
			out->type = TLY_ENT_PERSON;
			out->match = TLY_MATCH_SHORT;
			out->surface = m->surface.data;
			out->surface_len = m->surface.len;
			out->start = s0->start;
			out->end = at(m, (size_t)bestk - 1)->end;
			out->para = s0->para;
			out->sent = s0->sent;
			out->index = s0->index;
			advance(m, (size_t)bestk, 1, 0);
			return 1;
		}
		if (best->cls == G_COUNTRY && best->kind == TLY_MATCH_NAME) {
			/* "Indonesia's": the next word may be a short form it licenses */
			r = fill(m, (size_t)bestk + 1, err);  /* may move the queue */
			if (r < 0)
				return -1;
			s0 = at(m, 0);
			if (r > 0 && possessive(at(m, (size_t)bestk), at(m, (size_t)bestk - 1)) &&
			    at(m, (size_t)bestk + 1)->index != 0) {
				m->owner = g->ents[ent].code;
				m->owner_index = at(m, (size_t)bestk + 1)->index;
			}
		}
		m->nmentions++;
		if (best->cls == G_PERSON) {
			m->seen_gen[ent] = m->gen;
			m->seen_pos[ent] = m->nmentions;
		}
		int match = best->cls == G_SHORT ? TLY_MATCH_SHORT
		            : best->kind == TLY_MATCH_DEMONYM ? TLY_MATCH_DEMONYM
		            : folded ? TLY_MATCH_FOLDED : TLY_MATCH_NAME;
		if (m->o.discover || !(m->o.types & type_bit(best->cls)) ||
		    (m->o.no_demonyms && match == TLY_MATCH_DEMONYM)) {
			advance(m, (size_t)bestk, 1, 0);
			continue;
		}
		build_surface(m, &m->surface, 0, (size_t)bestk);
		out->entity = ent;
		out->name = g->ents[ent].name;
		out->type = g->ents[ent].type;
		out->code = g->ents[ent].code;
		out->match = match;
		out->surface = m->surface.data;
		out->surface_len = m->surface.len;
		out->start = s0->start;
		out->end = at(m, (size_t)bestk - 1)->end;
		out->para = s0->para;
		out->sent = s0->sent;
		out->index = s0->index;
		advance(m, (size_t)bestk, 1, 0);
		return 1;
	}
}

/* --short-anywhere: hold the document's mentions, then give each pending
 * short form to the candidate whose full name appeared last in the document
 * (or drop it), and hand the mentions out in order. */
int tly_match_next(tly_matcher *m, tly_mention *out, tly_err *err)
{
	const tly_gazetteer *g = m->g;
	int r;

	if (!m->o.short_anywhere || m->o.discover)
		return next_raw(m, out, err);
	while (!m->heldready) {
		tly_mention mn;
		r = next_raw(m, &mn, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			for (size_t i = 0; i < m->nheld; i++) {
				struct held *h = &m->held[i];
				long best = -1;
				if (!h->pending)
					continue;
				for (uint32_t j = 0; j < h->ncand; j++) {
					uint32_t c = g->cands[h->cand + j];
					if (m->seen_gen[c] == m->gen &&
					    (best < 0 || m->seen_pos[c] > m->seen_pos[best]))
						best = c;
				}
				h->m.entity = best;
				if (best >= 0) {
					h->m.name = g->ents[best].name;
					h->m.code = g->ents[best].code;
				}
			}
			m->heldready = 1;
			break;
		}
		xgrow((void **)&m->held, &m->capheld, m->nheld + 1, sizeof *m->held);
		struct held *h = &m->held[m->nheld++];
		h->m = mn;
		h->surf = m->heldtext.len;
		tly_buf_add(&m->heldtext, mn.surface, mn.surface_len);
		tly_buf_addc(&m->heldtext, '\0');  /* each surface ends as it does unheld */
		h->pending = mn.entity == -2;
		h->cand = m->pcand;
		h->ncand = m->npcand;
	}
	while (m->heldpos < m->nheld) {
		struct held *h = &m->held[m->heldpos++];
		if (h->m.entity < 0)
			continue;  /* a short form whose full name never came */
		*out = h->m;
		out->surface = m->heldtext.data + h->surf;
		return 1;
	}
	return 0;
}

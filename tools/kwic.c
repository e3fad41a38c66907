/* kwic.c - tally kwic: keyword in context.
 *
 * Tokens stream through a ring of recent items (words and punctuation with
 * their original bytes); a match waits in a queue until the words of its
 * right context have arrived.  Memory is bound by the window and the
 * pattern, not by the document. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

enum { OPT_WINDOW = 0x2000 };
#define MAX_PATTERN 16

static void usage(FILE *fp)
{
	fputs("usage: tally kwic [options] PATTERN [FILE...]\n"
	      "\n"
	      "Keyword in context: one CSV row per match of PATTERN:\n"
	      "  doc,para,sent,start,end,left,match,right\n"
	      "PATTERN is one or more token patterns separated by spaces; it matches that\n"
	      "many consecutive word tokens (as tally tokens cuts them, clitic 's\n"
	      "included, punctuation skipped) within one sentence.  In a token pattern\n"
	      "* matches any characters and ? one character; patterns are normalized and\n"
	      "folded like the tokens (--case, --fold-diacritics), so \"viet*\" finds\n"
	      "Vietnam and \"việt nam\" finds Việt Nam; a part without * or ? is cut into\n"
	      "tokens as the text is (\"Board's\" is board 's, \"(peace)\" is peace).\n"
	      "para and sent number the match's\n"
	      "paragraph and sentence, start,end are its byte offsets in the document\n"
	      "(end exclusive); left, match and right are the original text, with each\n"
	      "run of whitespace shown as one space.\n"
	      "\n"
	      "  -w, --window N          words of context on each side, 0 to 100 (default 5)\n"
	      "\n",
	      fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally kwic peace corpus/\n"
	      "  tally kwic --window 3 'board of *' corpus/\n"
	      "  tally kwic --fold-diacritics 'viet nam' corpus/\n",
	      fp);
}

/* Glob match of pattern p on string s, both UTF-8: * any run, ? one
 * character. */
static int glob(const char *p, size_t np, const char *s, size_t ns)
{
	size_t i = 0, j = 0, star_p = (size_t)-1, star_s = 0;

	while (j < ns) {
		if (i < np && p[i] == '*') {
			star_p = i++;
			star_s = j;
			continue;
		}
		if (i < np && p[i] == '?') {
			i++;
			j++;
			while (j < ns && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
			continue;
		}
		if (i < np && p[i] == s[j]) {
			i++;
			j++;
			continue;
		}
		if (star_p == (size_t)-1)
			return 0;
		i = star_p + 1;
		j = ++star_s;
		while (j < ns && ((unsigned char)s[j] & 0xC0) == 0x80)
			j = ++star_s;
	}
	while (i < np && p[i] == '*')
		i++;
	return i == np;
}

struct item {
	int word;
	uint64_t start, end, para, sent, wordno;
	tly_buf raw, norm;
};

struct ring {
	struct item *v;
	size_t mask;     /* capacity - 1 */
	uint64_t lo, hi; /* items lo..hi-1 are kept */
};

static struct item *at(struct ring *r, uint64_t seq) { return &r->v[seq & r->mask]; }

static struct item *push(struct ring *r)
{
	if (r->hi - r->lo > r->mask) {
		/* full: every slot is live, so moving them all loses nothing */
		size_t cap = (r->mask + 1) * 2;
		struct item *nv = xcalloc(cap, sizeof *nv);
		for (uint64_t s = r->lo; s < r->hi; s++)
			nv[s & (cap - 1)] = r->v[s & r->mask];
		free(r->v);
		r->v = nv;
		r->mask = cap - 1;
	}
	struct item *it = at(r, r->hi++);
	tly_buf_clear(&it->raw);
	tly_buf_clear(&it->norm);
	return it;
}

struct match {
	uint64_t first, last;  /* item seqs of its first and last word */
	uint64_t left;         /* item seq where its left context begins */
};

struct kwic {
	struct ring r;
	struct match *q;
	size_t nq, qcap, qhead;
	uint64_t words;        /* words seen in the document */
	uint64_t doc_first;    /* seq of the document's first item */
	uint64_t *wseq;        /* item seq of the last ring words, by wordno */
	size_t wcap;           /* N + P + 1 */
	const char *pat[MAX_PATTERN];
	size_t patlen[MAX_PATTERN];
	int np, window;
	tly_buf text;
};

/* Items a..b-1 (seqs; none when b <= a) as text, with one space where the
 * original had whitespace. */
static void span(struct kwic *k, uint64_t a, uint64_t b, tly_buf *out)
{
	uint64_t prev_end = 0;

	tly_buf_clear(out);
	tly_buf_add(out, "", 0);
	for (uint64_t s = a; s < b && s < k->r.hi; s++) {
		struct item *it = at(&k->r, s);
		if (out->len && it->start > prev_end)
			tly_buf_addc(out, ' ');
		tly_buf_add(out, it->raw.data, it->raw.len);
		prev_end = it->end;
	}
}

static void emit(struct kwic *k, const struct match *m, uint64_t right_end, const char *id,
                 tly_out *out)
{
	struct item *f = at(&k->r, m->first), *l = at(&k->r, m->last);

	tly_csv_str(out, id);
	tly_csv_uint(out, f->para);
	tly_csv_uint(out, f->sent);
	tly_csv_uint(out, f->start);
	tly_csv_uint(out, l->end);
	span(k, m->left, m->first, &k->text);  /* first excluded: see span */
	tly_csv_field(out, k->text.data, k->text.len);
	span(k, m->first, m->last + 1, &k->text);
	tly_csv_field(out, k->text.data, k->text.len);
	span(k, m->last + 1, right_end + 1, &k->text);
	tly_csv_field(out, k->text.data, k->text.len);
	tly_csv_end(out);
}

/* The seq of word number w (1-based), which must still be in the ring. */
static uint64_t word_seq(const struct kwic *k, uint64_t w) { return k->wseq[w % k->wcap]; }

static void add_word(struct kwic *k, struct item *it, uint64_t seq)
{
	it->wordno = ++k->words;
	k->wseq[k->words % k->wcap] = seq;
	if (k->words < (uint64_t)k->np)
		return;
	/* do the last np words match? */
	uint64_t w0 = k->words - (uint64_t)k->np + 1;
	struct item *first = at(&k->r, word_seq(k, w0));
	if (first->sent != it->sent)
		return;
	for (int i = 0; i < k->np; i++) {
		struct item *w = at(&k->r, word_seq(k, w0 + (uint64_t)i));
		if (!glob(k->pat[i], k->patlen[i], w->norm.data, w->norm.len))
			return;
	}
	struct match m;
	m.first = word_seq(k, w0);
	m.last = seq;
	/* with fewer words before it than the window, from the document's start */
	m.left = w0 > (uint64_t)k->window ? word_seq(k, w0 - (uint64_t)k->window) : k->doc_first;
	if (k->nq == k->qcap)
		xgrow((void **)&k->q, &k->qcap, k->nq + 1, sizeof *k->q);
	k->q[k->nq++] = m;
}

int kwic_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"window", required_argument, 0, 'w'},
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	struct kwic k = {0};
	int opt;

	k.window = 5;
	tly_common_init(&c);
	while ((opt = getopt_long(argc, argv, "w:" TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case 'w':
			k.window = (int)tly_opt_long("--window", optarg, 0, 100);
			break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (optind >= argc)
		tly_usage_error("missing PATTERN");

	/* the pattern: cut at spaces; an element with * or ? is one token
	 * pattern, normalized like tokens; any other element is cut into tokens
	 * by the tokenizer, as the text is ("trump's" is trump 's, "(trump)" is
	 * trump, "U.S." the acronym u.s.) */
	tly_buf pat = {0};
	size_t patoff[MAX_PATTERN];
	const char *ps = argv[optind++];
	if (tly_utf8_valid_len(ps, strlen(ps)) < strlen(ps))
		tly_usage_error("PATTERN is not valid UTF-8");
	tly_tokopts po = c.tok;
	po.emit_punct = 0;
	po.sentences = 0;
	po.lenient = 0;
	tly_tokenizer *ptk = tly_tok_new(&po);
	for (const char *p = ps; *p;) {
		p += strspn(p, " \t\n\r");
		size_t n = strcspn(p, " \t\n\r");
		if (!n)
			break;
		size_t before = (size_t)k.np;
		tly_buf el = {0};  /* the element normalized */
		tly_normalize(p, n, 1, 0, &el);
		/* the clitic 's alone, which is a clitic only after a word; ‘s
		 * (U+2018) too, an apostrophe there as in the text ("Trump‘s"),
		 * though normalization keeps a U+2018 no letter comes before */
		int lsquo = el.len == 4 && memcmp(el.data, "\xe2\x80\x98s", 4) == 0;
		int clitic = lsquo || (el.len == 2 && el.data[0] == '\'' && el.data[1] == 's');
		tly_buf_free(&el);
		if (clitic || memchr(p, '*', n) || memchr(p, '?', n)) {
			if (k.np == MAX_PATTERN)
				tly_usage_error("PATTERN has more than %d tokens", MAX_PATTERN);
			patoff[k.np] = pat.len;
			if (lsquo) {
				tly_buf_addc(&pat, '\'');
				tly_buf_addc(&pat, c.tok.fold_case ? 's' : p[3]);
			} else {
				tly_normalize(p, n, c.tok.fold_case, c.tok.fold_diacritics, &pat);
			}
			k.patlen[k.np] = pat.len - patoff[k.np];
			tly_buf_addc(&pat, '\0');
			k.np++;
		} else {
			tly_doc *d = tly_doc_mem("PATTERN", p, n);
			tly_token tok;
			tly_err err = {0};
			int r;
			tly_tok_reset(ptk, d);
			while ((r = tly_tok_next(ptk, &tok, &err)) > 0) {
				if (k.np == MAX_PATTERN)
					tly_usage_error("PATTERN has more than %d tokens", MAX_PATTERN);
				patoff[k.np] = pat.len;
				tly_buf_add(&pat, tok.text, tok.len);
				k.patlen[k.np] = tok.len;
				tly_buf_addc(&pat, '\0');
				k.np++;
			}
			tly_doc_free(d);
			if (r < 0)
				tly_usage_error("PATTERN: %s", err.msg);
		}
		/* an element of only punctuation or symbols (beside * and ?)
		 * matches nothing: punctuation and symbols are not tokens */
		if ((size_t)k.np == before ||
		    (strspn(pat.data + patoff[before], "*?") < k.patlen[before] &&
		     !tly_has_word_char(pat.data + patoff[before], k.patlen[before])))
			tly_usage_error("PATTERN token \"%.*s\" has no letter or digit, and would never "
			                "match: punctuation and symbols are not tokens", (int)(n < 100 ? n : 100), p);
		p += n;
	}
	tly_tok_free(ptk);
	if (k.np == 0)
		tly_usage_error("PATTERN is empty");
	for (int i = 0; i < k.np; i++)
		k.pat[i] = pat.data + patoff[i];

	c.tok.emit_punct = 1;
	c.tok.sentences = 0;
	k.r.mask = 63;
	k.r.v = xcalloc(k.r.mask + 1, sizeof *k.r.v);
	k.wcap = (size_t)k.window + (size_t)k.np + 2;
	k.wseq = xcalloc(k.wcap, sizeof *k.wseq);

	tly_err err = {0};
	tly_input *in = tly_input_new(argv + optind, argc - optind, &c.in);
	tly_tokenizer *tk = tly_tok_new(&c.tok);
	tly_out *out = tly_common_out(&c);
	tly_doc *doc;
	tly_token tok;
	int r;

	tly_csv_header(out, "doc,para,sent,start,end,left,match,right");
	while ((r = tly_input_next(in, &doc, &err)) > 0) {
		const char *id = tly_doc_id(doc);

		k.r.lo = k.doc_first = k.r.hi;
		k.words = 0;
		k.nq = k.qhead = 0;
		tly_tok_reset(tk, doc);
		while ((r = tly_tok_next(tk, &tok, &err)) > 0) {
			uint64_t seq = k.r.hi;
			struct item *it = push(&k.r);

			it->word = tok.kind != TLY_TK_PUNCT && tok.kind != TLY_TK_SYMBOL;
			it->start = tok.start;
			it->end = tok.end;
			it->para = tok.para;
			it->sent = tok.sent;
			it->wordno = 0;
			tly_buf_add(&it->raw, tok.raw, tok.rawlen);
			if (!it->word)
				continue;
			tly_buf_add(&it->norm, tok.text, tok.len);
			add_word(&k, it, seq);
			/* matches whose right context is complete */
			while (k.qhead < k.nq &&
			       at(&k.r, k.q[k.qhead].last)->wordno + (uint64_t)k.window <= k.words) {
				emit(&k, &k.q[k.qhead], seq, id, out);
				k.qhead++;
			}
			if (k.qhead == k.nq)
				k.qhead = k.nq = 0;
			/* forget what no match, pending or future, can show */
			uint64_t keep = k.words > k.wcap - 1 ? word_seq(&k, k.words - (k.wcap - 2))
			                                     : k.r.lo;
			if (k.qhead < k.nq && k.q[k.qhead].left < keep)
				keep = k.q[k.qhead].left;
			if (keep > k.r.lo)
				k.r.lo = keep;
		}
		if (r < 0)
			break;
		/* the end of the document completes every pending match */
		uint64_t last_word = k.words ? word_seq(&k, k.words) : 0;
		for (; k.qhead < k.nq; k.qhead++)
			emit(&k, &k.q[k.qhead], last_word, id, out);
	}
	if (r < 0) {
		tly_tok_free(tk);
		tly_input_free(in);
		tly_die_err(&err);
	}
	tly_warn_replaced(tly_tok_replaced(tk));
	for (size_t i = 0; i <= k.r.mask; i++) {
		tly_buf_free(&k.r.v[i].raw);
		tly_buf_free(&k.r.v[i].norm);
	}
	free(k.r.v);
	free(k.q);
	free(k.wseq);
	tly_buf_free(&k.text);
	tly_buf_free(&pat);
	tly_tok_free(tk);
	tly_input_free(in);
	return tly_finish(out);
}

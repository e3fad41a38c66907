/* tone.c - tally tone: rule-based valence (VADER) of sentences, paragraphs,
 * documents, groups of documents and entities, with bootstrap intervals and
 * word-by-word explanations.  The scorer lives in lib/tone.c; this file
 * cuts the token stream into units, aggregates and writes CSV. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "../lib/tuples.h"
#include "tools.h"

enum level { L_SENTENCE, L_PARAGRAPH, L_DOCUMENT, L_GROUP, L_ENTITY };

static void usage(FILE *fp)
{
	fputs("usage: tally tone [options] [FILE...]\n"
	      "\n"
	      "Score the tone of documents with VADER's rules (negation, boosters, capitals,\n"
	      "\"but\", \"!\", idioms, emoticons, emoji) sentence by sentence, and aggregate.\n"
	      "\n"
	      "  -l, --level LEVEL       sentence, paragraph, document (default), group\n"
	      "                          (needs --by) or entity (needs --mentions)\n"
	      "  -b, --by COLS           group by these metadata columns (comma-separated;\n"
	      "                          month and year derive from date)\n"
	      "  -m, --mentions FILE     entity mentions, a CSV with doc,start,end,entity\n"
	      "                          columns (as tally entities writes; type and code\n"
	      "                          are carried when present)\n"
	      "      --context CTX       entity level: sentence (default: the sentences\n"
	      "                          that mention the entity) or window:K (K word\n"
	      "                          tokens either side of each mention)\n"
	      "  -B, --boot N            bootstrap resamples for the 95% interval of each\n"
	      "                          aggregate mean (default 1000 for group and entity,\n"
	      "                          0 for paragraph and document: no interval)\n"
	      "      --seed S            seed of the bootstrap's random numbers (default 1)\n"
	      "  -x, --explain           instead of scores, one row per contributing word:\n"
	      "                          doc,para,sent,start,end,word,lexicon,valence,rules\n"
	      "  -L, --lexicon FILE      score with this lexicon instead of VADER's\n"
	      "                          (TSV entry<TAB>valence or CSV entry,valence;\n"
	      "                          multi-word entries allowed)\n"
	      "      --duplicates RULE   a repeated lexicon entry: error (default), first\n"
	      "                          or last\n"
	      "  -u, --unit UNIT         the text scored as one, as VADER scores one text:\n"
	      "                          sentence (default), paragraph, or document (for\n"
	      "                          short texts such as tweets; saturates on long ones)\n"
	      "      --names             words capitalized inside a sentence are names, with\n"
	      "                          no valence (\"Communist Party\", \"Board of Peace\");\n"
	      "                          for edited news text\n"
	      "      --text              sentence level: add the sentence's text\n"
	      "\n"
	      "Sentence rows: doc,para,sent,start,end,words,sum,compound,pos,neu,neg\n"
	      "Aggregate rows: keys, n (sentences or windows), [docs, mentions,] words,\n"
	      "  mean (of sentence compounds), sd, ci_low, ci_high, pos, neu, neg (mean\n"
	      "  proportions), tone, positive, negative, polarity (GDELT-style % of words)\n"
	      "\n",
	      fp);
	tly_partial_usage(fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  echo 'The food was not good, but the staff were GREAT!' | tally tone --level sentence\n"
	      "  tally tone --level group --by month corpus/\n"
	      "  tally tone --explain corpus/\n"
	      "  echo 'Loving the new café :) but the wait was awful' | tally tone --unit document\n"
	      "  tally entities corpus/ > m.csv; tally tone --level entity --by month --mentions m.csv corpus/\n",
	      fp);
}

/* ---- aggregates -------------------------------------------------------------- */

/* An aggregate keeps every unit's compound and proportions, not their sums:
 * they are summed (and resampled) in ascending order when written, so the
 * figures depend only on the multiset of units, never on the order in which
 * they were scored, and a merge of partial results (which hold the
 * multisets) gives the same bytes as one run.  Most units score all
 * neutral (compound 0, neu 1: 85% of the benchmark corpus's sentences);
 * those are only counted, and their values put in their place among the
 * others' when the column is sorted. */
enum { V_COMPOUND, V_POS, V_NEU, V_NEG, NVALS };

/* The values of an all-neutral unit, by column */
static const double neutral_v[NVALS] = {0, 0, 1, 0};

struct agg {
	uint64_t n, docs, mentions, words, npos, nneg;
	double *v[NVALS];  /* per unit: compound, pos, neu, neg */
	size_t nv, capv;
	uint64_t neutral;  /* more units, all neutral, whose values are not in v */
	size_t fill[NVALS];  /* rebuilding from partials: values placed so far */
	uint64_t lastdoc;
};

/* x, kept from being loaded together with its neighbour (see agg_add) */
static inline uint64_t apart(uint64_t x)
{
	__asm__("" : "+r"(x));
	return x;
}

/* Does s hold neutral_v's values, bit for bit? */
static inline int all_neutral(const tly_tone_score *s)
{
	uint64_t c, p, u, g;

	memcpy(&c, &s->compound, 8);
	memcpy(&p, &s->pos, 8);
	memcpy(&u, &s->neu, 8);
	memcpy(&g, &s->neg, 8);
	return (c | p | g) == 0 && u == 0x3FF0000000000000ull;  /* +0 and 1.0 */
}

static void agg_add(struct agg *a, const tly_tone_score *s, uint64_t docno)
{
	if (all_neutral(s)) {
		a->neutral++;
		goto counts;
	}
	if (a->nv == a->capv) {
		size_t cap = a->capv;
		for (int k = 0; k < NVALS; k++) {
			cap = a->capv;
			xgrow((void **)&a->v[k], &cap, a->nv + 1, sizeof *a->v[k]);
		}
		a->capv = cap;
	}
	/* one field at a time: s was just written field by field, and a load
	 * of two fields at once would wait for both stores */
	a->v[V_COMPOUND][a->nv] = s->compound;
	a->v[V_POS][a->nv] = s->pos;
	a->v[V_NEU][a->nv] = s->neu;
	a->v[V_NEG][a->nv] = s->neg;
	a->nv++;
counts:
	a->n++;
	a->words += s->words;
	a->npos += apart(s->npos);
	a->nneg += s->nneg;
	if (a->lastdoc != docno) {
		a->docs++;
		a->lastdoc = docno;
	}
}

static void agg_reset(struct agg *a)
{
	double *v[NVALS];
	size_t cap = a->capv;

	memcpy(v, a->v, sizeof v);
	memset(a, 0, sizeof *a);
	memcpy(a->v, v, sizeof v);
	a->capv = cap;
}

static void agg_free(struct agg *a)
{
	for (int k = 0; k < NVALS; k++)
		free(a->v[k]);
}

/* Sort each column of values (ascending; see struct agg); the neutral
 * units' values stay out of it. */
static void agg_sort(struct agg *a)
{
	for (int k = 0; k < NVALS; k++)
		tly_sort_values(a->v[k], a->nv);
}

/* Where the neutral units' values go in sorted column k: after the values
 * not above them. */
static size_t neutral_at(const struct agg *a, int k)
{
	size_t lo = 0, hi = a->nv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->v[k][mid] > neutral_v[k])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The sorted columns with the neutral units' values in their places: the
 * arrays every unit's values would have given. */
static void agg_spread(struct agg *a)
{
	if (!a->neutral)
		return;
	size_t nv = a->nv + a->neutral, cap = a->capv;
	for (int k = 0; k < NVALS; k++) {
		size_t at = neutral_at(a, k);
		cap = a->capv;
		xgrow((void **)&a->v[k], &cap, nv, sizeof *a->v[k]);
		memmove(a->v[k] + at + a->neutral, a->v[k] + at, (a->nv - at) * sizeof *a->v[k]);
		for (size_t i = at; i < at + a->neutral; i++)
			a->v[k][i] = neutral_v[k];
	}
	a->capv = cap;
	a->nv = nv;
	a->neutral = 0;
}

/* The sum of sorted column k in ascending order, the neutral units' values
 * included. */
static double sum_of(const struct agg *a, int k)
{
	const double *x = a->v[k];
	size_t at = neutral_at(a, k);
	double s = 0;

	for (size_t i = 0; i < at; i++)
		s += x[i];
	/* adding +0 leaves s as it is (s, a sum from +0, is never -0) */
	if (neutral_v[k] != 0)
		for (uint64_t i = 0; i < a->neutral; i++)
			s += neutral_v[k];
	for (size_t i = at; i < a->nv; i++)
		s += x[i];
	return s;
}

struct run {
	tly_common c;
	int level;
	int explain, text, names;
	int unit;       /* enum unitkind: the text scored as one */
	long boot;
	unsigned long seed;
	tly_out *out;
	tly_tone *tone;
	const char *by;
	char **bycols;
	size_t nby;
	int use_window;/* entity level: windows of K words instead of sentences */
	int window;
	uint64_t docno;
	const char *docid;
	/* Group keys are tuples of ids, as cooc keys its pairs: the entity (at
	 * the entity level), then the --by values, each interned in vals.  No
	 * byte of a value is taken for a separator, so a value may hold any
	 * byte (0x1f too); partials get the fields one by one, for
	 * tly_pw_count to escape. */
	tly_hash *vals;         /* entity names and --by values -> their ids */
	tly_tuples keys;        /* group keys -> group ids */
	size_t nkey;            /* ids in a key: (entity,) --by values */
	uint32_t *kid;          /* the key being looked up; the current document's
	                           --by values from kid[nkey - nby] on */
	struct agg *groups;     /* by group id */
	size_t ngroups, capgroups;
	uint32_t gid;           /* group level: the current document's group */
	struct agg doc, para;
	uint64_t cur_para;
	/* entity mentions */
	const char *mpath;      /* their file */
	tly_hash *ments_doc;    /* doc id -> struct mrange */
	tly_hash *ents;         /* entity -> struct ent */
	struct mention *m;
	size_t nm;
	uint64_t unmatched, matched;
};

struct mention {
	uint64_t start, end;
	uint64_t line;  /* of the mentions file */
	uint32_t doc, ent;
};

struct mrange {
	size_t first, count;
	int seen;       /* the document was in the input */
};

struct ent {
	const char *type, *code;
	uint32_t val;   /* the name's id in vals */
};

/* Write the numbers shared by every aggregate row. */
static void write_agg(struct run *R, struct agg *a, int docs_col, int mentions_col)
{
	tly_out *o = R->out;
	double mean = NAN, sd = NAN, lo = NAN, hi = NAN;

	tly_csv_uint(o, a->n);
	if (docs_col)
		tly_csv_uint(o, a->docs);
	if (mentions_col)
		tly_csv_uint(o, a->mentions);
	tly_csv_uint(o, a->words);
	agg_sort(a);
	if (R->boot > 0)
		agg_spread(a);  /* the resamples draw from every unit's value */
	const double *vals = a->v[V_COMPOUND];
	size_t nv = a->nv + a->neutral, at = neutral_at(a, V_COMPOUND);
	if (a->n) {
		/* the sums in ascending order, the neutral units' 0 among them (an
		 * added +0 changes no sum from +0) */
		long double s = 0;
		for (size_t i = 0; i < a->nv; i++)
			s += vals[i];
		mean = (double)(s / nv);
		if (nv > 1) {
			long double ss = 0, d0 = (0 - (long double)mean) * (0 - (long double)mean);
			for (size_t i = 0; i < at; i++)
				ss += (vals[i] - (long double)mean) * (vals[i] - (long double)mean);
			for (uint64_t i = 0; i < a->neutral; i++)
				ss += d0;
			for (size_t i = at; i < a->nv; i++)
				ss += (vals[i] - (long double)mean) * (vals[i] - (long double)mean);
			sd = sqrt((double)(ss / (nv - 1)));
		}
		tly_bootstrap_mean(vals, nv, (unsigned long)R->boot, R->seed, 0.05, &lo, &hi);
	}
	tly_csv_real(o, mean);
	tly_csv_real(o, sd);
	tly_csv_real(o, lo);
	tly_csv_real(o, hi);
	tly_csv_real(o, a->n ? sum_of(a, V_POS) / a->n : NAN);
	tly_csv_real(o, a->n ? sum_of(a, V_NEU) / a->n : NAN);
	tly_csv_real(o, a->n ? sum_of(a, V_NEG) / a->n : NAN);
	if (a->words) {
		double w = (double)a->words;
		double pos = 100.0 * a->npos / w, neg = 100.0 * a->nneg / w;
		tly_csv_real(o, pos - neg);
		tly_csv_real(o, pos);
		tly_csv_real(o, neg);
		tly_csv_real(o, pos + neg);
	} else {
		for (int i = 0; i < 4; i++)
			tly_csv_real(o, NAN);
	}
	tly_csv_end(o);
}

static const char *agg_cols = "words,mean,sd,ci_low,ci_high,pos,neu,neg,tone,positive,negative,"
                              "polarity";

static void write_header(struct run *R)
{
	tly_buf h = {0};

	if (R->explain) {
		tly_csv_header(R->out, "doc,para,sent,start,end,word,lexicon,valence,rules");
		return;
	}
	switch (R->level) {
	case L_SENTENCE:
		tly_buf_adds(&h, "doc,para,sent,start,end,words,sum,compound,pos,neu,neg");
		if (R->text)
			tly_buf_adds(&h, ",text");
		break;
	case L_PARAGRAPH:
		tly_buf_adds(&h, "doc,para,n,");
		tly_buf_adds(&h, agg_cols);
		break;
	case L_DOCUMENT:
		tly_buf_adds(&h, "doc,n,");
		tly_buf_adds(&h, agg_cols);
		break;
	case L_GROUP:
	case L_ENTITY:
		if (R->level == L_ENTITY)
			tly_buf_adds(&h, "entity,type,code,");
		for (size_t i = 0; i < R->nby; i++) {
			tly_buf_adds(&h, R->bycols[i]);
			tly_buf_addc(&h, ',');
		}
		tly_buf_adds(&h, R->level == L_ENTITY ? "n,docs,mentions," : "n,docs,");
		tly_buf_adds(&h, agg_cols);
		break;
	}
	tly_csv_header(R->out, h.data);
	tly_buf_free(&h);
}

/* ---- units ------------------------------------------------------------------- */

struct unit {
	uint64_t para, sent, start, end;
	uint64_t key;   /* what makes a token part of the unit (see unit_key) */
	int open;
};

enum unitkind {
	U_SENTENCE = TLY_UNIT_SENTENCE,
	U_PARAGRAPH = TLY_UNIT_PARAGRAPH,
	U_DOCUMENT = TLY_UNIT_DOCUMENT
};

static uint64_t unit_key(int kind, const tly_token *tok)
{
	return kind == U_SENTENCE ? tok->sent : kind == U_PARAGRAPH ? tok->para : 1;
}

static void explain_unit(struct run *R, const struct unit *u)
{
	tly_tone *t = R->tone;
	tly_out *o = R->out;
	size_t n = tly_tone_nitems(t);
	tly_tone_item it;

	for (size_t i = 0; i < n; i++) {
		tly_tone_get_item(t, i, &it);
		if (!it.in_lexicon && it.valence == 0)
			continue;
		tly_csv_str(o, R->docid);
		tly_csv_uint(o, u->para);
		tly_csv_uint(o, u->sent);
		tly_csv_uint(o, it.start);
		tly_csv_uint(o, it.end);
		tly_csv_field(o, it.word, it.len);
		tly_csv_real(o, it.lexicon);
		tly_csv_real(o, it.valence);
		tly_csv_str(o, it.rules);
		tly_csv_end(o);
	}
	unsigned ex, q;
	double amp = tly_tone_emphasis(t, &ex, &q);
	if (amp != 0) {
		char word[16], rules[96];
		unsigned e4 = ex > 4 ? 4 : ex;
		size_t k = 0;
		for (unsigned i = 0; i < e4; i++)
			word[k++] = '!';
		for (unsigned i = 0; i < (q > 1 ? (q > 3 ? 4 : q) : 0); i++)
			word[k++] = '?';
		word[k] = '\0';
		double sign = amp > 0 ? 1 : -1;
		double qa = q > 1 ? (q <= 3 ? q * 0.18 : 0.96) : 0;
		double ea = e4 * 0.292;
		if (ea && qa)
			snprintf(rules, sizeof rules, "exclamations(%u:%+g);questions(%u:%+g)", ex,
			         sign * ea, q, sign * qa);
		else if (ea)
			snprintf(rules, sizeof rules, "exclamations(%u:%+g)", ex, sign * ea);
		else
			snprintf(rules, sizeof rules, "questions(%u:%+g)", q, sign * qa);
		tly_csv_str(o, R->docid);
		tly_csv_uint(o, u->para);
		tly_csv_uint(o, u->sent);
		tly_csv_uint(o, u->start);
		tly_csv_uint(o, u->end);
		tly_csv_str(o, word);
		tly_csv_real(o, NAN);
		tly_csv_real(o, amp);
		tly_csv_str(o, rules);
		tly_csv_end(o);
	}
}

/* The id of value s[0..n) in vals, added if new. */
static uint32_t val_id(struct run *R, const char *s, size_t n)
{
	size_t id;

	tly_hash_get(R->vals, s, n, 1, &id);
	return (uint32_t)id;
}

/* The group of key R->kid, made if new: its id (R->groups may move: index
 * it after the call). */
static uint32_t group_id(struct run *R)
{
	uint32_t id = tly_tuples_id(&R->keys, R->kid, "groups");

	if (id == R->ngroups) {
		xgrow((void **)&R->groups, &R->capgroups, R->ngroups + 1, sizeof *R->groups);
		memset(&R->groups[id], 0, sizeof *R->groups);
		R->ngroups++;
	}
	return id;
}

/* The aggregate of entity e (an id in ents) in the current document's group. */
static struct agg *entity_agg(struct run *R, uint32_t e)
{
	R->kid[0] = ((const struct ent *)tly_hash_val(R->ents, e))->val;
	uint32_t g = group_id(R);
	return &R->groups[g];
}

static void flush_para(struct run *R)
{
	if (R->level != L_PARAGRAPH || !R->para.n)
		return;
	tly_csv_str(R->out, R->docid);
	tly_csv_uint(R->out, R->cur_para);
	write_agg(R, &R->para, 0, 0);
	agg_reset(&R->para);
}

/* Mentions of the current document: [*mi, end) still to place. */
struct docments {
	size_t mi, end;
	size_t mk;      /* for in_mention() */
};

/* Is the token part of a mention?  mk advances through the document's
 * mentions (sorted by start) as tokens come in order. */
static int in_mention(const struct run *R, size_t *mk, size_t end, const tly_token *tok)
{
	while (*mk < end && R->m[*mk].end <= tok->start)
		(*mk)++;
	for (size_t i = *mk; i < end && R->m[i].start < tok->end; i++)
		if (R->m[i].end > tok->start)
			return 1;
	return 0;
}

/* A finished unit: score it and hand it to the level. */
static void finish_unit(struct run *R, struct unit *u, struct docments *dm,
                        const char *text, size_t textlen)
{
	tly_tone_score s;

	if (!u->open)
		return;
	u->open = 0;
	tly_tone_score_unit(R->tone, &s);
	if (s.words == 0) {
		/* only punctuation, or symbols that are no emoji: nothing to score
		 * and no sentence to count (mentions in it stay to be skipped) */
		tly_tone_clear(R->tone);
		return;
	}
	if (R->level == L_ENTITY) {
		/* the mentions that begin in this unit, each entity once */
		size_t first = dm->mi;
		while (dm->mi < dm->end && R->m[dm->mi].start < u->start) {
			dm->mi++;
			R->unmatched++;
		}
		first = dm->mi;
		while (dm->mi < dm->end && R->m[dm->mi].start < u->end)
			dm->mi++;
		if (first == dm->mi)
			goto done;
		if (R->explain)
			explain_unit(R, u);
		for (size_t i = first; i < dm->mi; i++) {
			uint32_t e = R->m[i].ent;
			int seen = 0;
			for (size_t j = first; j < i; j++)
				seen |= R->m[j].ent == e;
			R->matched++;
			struct agg *a = entity_agg(R, e);
			a->mentions++;
			if (!seen)
				agg_add(a, &s, R->docno);
		}
		goto done;
	}
	if (R->explain) {
		explain_unit(R, u);
		goto done;
	}
	switch (R->level) {
	case L_SENTENCE:
		tly_csv_str(R->out, R->docid);
		tly_csv_uint(R->out, u->para);
		tly_csv_uint(R->out, u->sent);
		tly_csv_uint(R->out, u->start);
		tly_csv_uint(R->out, u->end);
		tly_csv_uint(R->out, s.words);
		tly_csv_real(R->out, s.sum);
		tly_csv_real(R->out, s.compound);
		tly_csv_real(R->out, s.pos);
		tly_csv_real(R->out, s.neu);
		tly_csv_real(R->out, s.neg);
		if (R->text)
			tly_csv_field(R->out, text ? text : "", text ? textlen : 0);
		tly_csv_end(R->out);
		break;
	case L_PARAGRAPH:
		if (R->para.n && u->para != R->cur_para)
			flush_para(R);
		R->cur_para = u->para;
		agg_add(&R->para, &s, R->docno);
		break;
	case L_DOCUMENT:
		agg_add(&R->doc, &s, R->docno);
		break;
	case L_GROUP:
		if (R->gid == UINT32_MAX)
			R->gid = group_id(R);
		agg_add(&R->groups[R->gid], &s, R->docno);
		break;
	}
done:
	tly_tone_clear(R->tone);
}

/* Punctuation seen between sentences, not yet given to one. */
struct pend {
	tly_token *t;
	size_t n, cap;
	tly_buf text;
};

static void pend_add(struct pend *p, const tly_token *tok)
{
	if (p->n == p->cap)
		xgrow((void **)&p->t, &p->cap, p->n + 1, sizeof *p->t);
	p->t[p->n] = *tok;
	p->t[p->n].text = (const char *)(uintptr_t)p->text.len;  /* an offset until fed */
	if (tok->len == 1 && p->text.len + 2 <= p->text.cap) {
		/* one character (most often): no call */
		p->text.data[p->text.len++] = tok->text[0];
		p->text.data[p->text.len] = '\0';
	} else {
		tly_buf_add(&p->text, tok->text, tok->len);
	}
	p->n++;
}

/* Open a unit at tok, unless one is open. */
static void unit_open(struct run *R, struct unit *u, const tly_token *tok)
{
	if (!u->open) {
		u->open = 1;
		u->para = tok->para;
		u->sent = tok->sent;
		u->start = tok->start;
		u->key = unit_key(R->unit, tok);
	}
}

static void unit_add(struct run *R, struct unit *u, const tly_token *tok)
{
	unit_open(R, u, tok);
	u->end = tok->end;
	tly_tone_add(R->tone, tok);
}

static void pend_feed(struct run *R, struct unit *u, struct pend *p)
{
	if (!p->n)
		return;
	for (size_t i = 0; i < p->n; i++) {
		tly_token tok = p->t[i];
		tok.text = p->text.data + (uintptr_t)p->t[i].text;
		unit_add(R, u, &tok);
	}
	p->n = 0;
	tly_buf_clear(&p->text);
}

/* ---- windows around mentions ------------------------------------------------- */

struct wtok {
	tly_token tok;   /* text as an offset into wtext */
	uint64_t word;   /* word number of this token (of the word before, for punctuation) */
};

struct active {
	size_t m;              /* mention */
	uint64_t first, last;  /* its first and last word numbers */
	int closed;            /* a word after the mention has been seen */
};

struct win {
	struct wtok *t;
	size_t n, cap, base;   /* t[0] is the base-th token of the document */
	tly_buf text;
	struct active *a;
	size_t na, capa;
	uint64_t words;
};

static void win_score(struct run *R, struct win *w, struct active *a)
{
	uint64_t k = (uint64_t)R->window;
	uint64_t from = a->first > k ? a->first - k : 1;
	struct unit u = {0};

	for (size_t i = 0; i < w->n; i++) {
		struct wtok *x = &w->t[i];
		if (x->word < from)
			continue;
		tly_token tok = x->tok;
		tok.text = w->text.data + (uintptr_t)x->tok.text;
		unit_add(R, &u, &tok);
	}
	R->matched++;
	tly_tone_score s;
	tly_tone_score_unit(R->tone, &s);
	struct agg *g = entity_agg(R, R->m[a->m].ent);
	g->mentions++;
	agg_add(g, &s, R->docno);
	tly_tone_clear(R->tone);
}

/* Drop the tokens no window can need any more: those before the K words
 * that precede the next word, and before every open window. */
static void win_trim(struct run *R, struct win *w)
{
	uint64_t k = (uint64_t)R->window;
	uint64_t keep = w->words + 1 > k ? w->words + 1 - k : 0;

	for (size_t i = 0; i < w->na; i++) {
		uint64_t f = w->a[i].first > k ? w->a[i].first - k : 0;
		if (f < keep)
			keep = f;
	}
	size_t drop = 0;
	while (drop < w->n && w->t[drop].word < keep)
		drop++;
	if (drop < 4096 || drop * 2 < w->n)
		return;  /* compact only now and then */
	size_t tbase = drop < w->n ? (uintptr_t)w->t[drop].tok.text : w->text.len;
	memmove(w->text.data, w->text.data + tbase, w->text.len - tbase);
	w->text.len -= tbase;
	memmove(w->t, w->t + drop, (w->n - drop) * sizeof *w->t);
	w->n -= drop;
	for (size_t i = 0; i < w->n; i++)
		w->t[i].tok.text = (const char *)((uintptr_t)w->t[i].tok.text - tbase);
}

/* A token of a document scored in windows around its mentions.  A mention
 * covers the words that overlap its bytes; its window is the K words before
 * its first word, its words, and the K words after its last (with the
 * punctuation among them), scored when the word after the window arrives. */
static void win_token(struct run *R, struct win *w, struct docments *dm, const tly_token *tok)
{
	if (tok->index) {
		uint64_t j = tok->index;
		w->words = j;
		for (size_t i = 0; i < w->na; i++) {
			struct active *a = &w->a[i];
			if (a->closed)
				continue;
			if (tok->start < R->m[a->m].end)
				a->last = j;
			else
				a->closed = 1;
		}
		for (size_t i = 0; i < w->na;) {
			struct active *a = &w->a[i];
			if (a->closed && j > a->last + (uint64_t)R->window) {
				win_score(R, w, a);
				w->a[i] = w->a[--w->na];  /* order does not matter */
				continue;
			}
			i++;
		}
		while (dm->mi < dm->end && R->m[dm->mi].start < tok->end) {
			if (R->m[dm->mi].end <= tok->start) {
				R->unmatched++;  /* between tokens */
			} else {
				xgrow((void **)&w->a, &w->capa, w->na + 1, sizeof *w->a);
				struct active *a = &w->a[w->na++];
				a->m = dm->mi;
				a->first = a->last = j;
				a->closed = 0;
			}
			dm->mi++;
		}
		win_trim(R, w);
	}
	xgrow((void **)&w->t, &w->cap, w->n + 1, sizeof *w->t);
	struct wtok *x = &w->t[w->n++];
	x->tok = *tok;
	x->tok.text = (const char *)(uintptr_t)w->text.len;
	x->word = w->words;
	tly_buf_add(&w->text, tok->text, tok->len);
}

static void win_end(struct run *R, struct win *w, struct docments *dm)
{
	/* windows in mention order, so that the output does not depend on the
	 * order in which they were kept */
	for (size_t i = 1; i < w->na; i++)
		for (size_t j = i; j > 0 && w->a[j - 1].m > w->a[j].m; j--) {
			struct active x = w->a[j];
			w->a[j] = w->a[j - 1];
			w->a[j - 1] = x;
		}
	for (size_t i = 0; i < w->na; i++)
		win_score(R, w, &w->a[i]);
	R->unmatched += dm->end - dm->mi;
	dm->mi = dm->end;
	w->na = 0;
	w->n = 0;
	w->words = 0;
	tly_buf_clear(&w->text);
}

/* ---- mentions ------------------------------------------------------------------ */

static int cmp_mention(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->ent > y->ent) - (x->ent < y->ent);
}

/* Read the mentions file.  Returns 0, or -1 with err filled. */
static int load_mentions(struct run *R, const char *path, tly_arena *arena, tly_err *err)
{
	tly_mentions *ml = tly_mentions_open(path, TLY_MENTIONS_END, err);
	tly_mention_row row;
	size_t cap = 0;
	int r;

	R->ments_doc = tly_hash_new(sizeof(struct mrange));
	R->ents = tly_hash_new(sizeof(struct ent));
	if (!ml)
		return -1;
	while ((r = tly_mentions_next(ml, &row, err)) > 0) {
		struct mention m;
		size_t id;

		m.start = row.start;
		m.end = row.end;
		m.line = row.line;
		tly_hash_get(R->ments_doc, row.doc, row.doclen, 1, &id);
		m.doc = (uint32_t)id;
		struct ent *e = tly_hash_get(R->ents, row.entity, row.entlen, 1, &id);
		m.ent = (uint32_t)id;
		if (!e->type) {
			e->val = val_id(R, row.entity, row.entlen);
			e->type = tly_arena_strndup(arena, row.type, row.typelen);
			e->code = tly_arena_strndup(arena, row.code, row.codelen);
		}
		xgrow((void **)&R->m, &cap, R->nm + 1, sizeof *R->m);
		R->m[R->nm++] = m;
	}
	tly_mentions_close(ml);
	if (r < 0)
		return -1;
	if (R->nm)
		qsort(R->m, R->nm, sizeof *R->m, cmp_mention);
	for (size_t i = 0; i < R->nm; i++) {
		struct mrange *g = tly_hash_val(R->ments_doc, R->m[i].doc);
		if (!g->count)
			g->first = i;
		g->count++;
	}
	return 0;
}

/* The mentions g of a document of len bytes end within it: 0, or -1 with
 * err filled for the first (in the file) that does not.  Offsets past the
 * end are not a mention that happens to cover no word but offsets into
 * another text (or another version of this one). */
static int check_ends(const struct run *R, const struct mrange *g, uint64_t len,
                      const char *docid, tly_err *err)
{
	const struct mention *bad = NULL;

	for (size_t i = g->first; i < g->first + g->count; i++)
		if (R->m[i].end > len && (!bad || R->m[i].line < bad->line))
			bad = &R->m[i];
	if (!bad)
		return 0;
	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: the mention ends at byte %llu, past the "
	                   "end of document \"%.200s\" (%llu bytes)", R->mpath,
	                   (unsigned long long)bad->line, (unsigned long long)bad->end, docid,
	                   (unsigned long long)len);
}

/* ---- output of grouped aggregates ------------------------------------------------ */

static const uint32_t *sort_rank;  /* of each value, by its bytes */
static const tly_tuples *sort_keys;

/* Keys field by field, each value by its bytes. */
static int cmp_group(const void *a, const void *b)
{
	size_t n = (size_t)sort_keys->n;
	const uint32_t *ka = sort_keys->keys + *(const uint32_t *)a * n;
	const uint32_t *kb = sort_keys->keys + *(const uint32_t *)b * n;

	for (size_t i = 0; i < n; i++)
		if (ka[i] != kb[i])
			return sort_rank[ka[i]] < sort_rank[kb[i]] ? -1 : 1;
	return 0;
}

/* The group ids in the order of their keys; the caller frees them. */
static uint32_t *sorted_groups(const struct run *R)
{
	uint32_t *rank = tly_hash_key_ranks(R->vals);
	uint32_t *ids = xmalloc((R->ngroups + 1) * sizeof *ids);

	for (size_t i = 0; i < R->ngroups; i++)
		ids[i] = (uint32_t)i;
	sort_rank = rank;
	sort_keys = &R->keys;
	qsort(ids, R->ngroups, sizeof *ids, cmp_group);
	free(rank);
	return ids;
}

static const uint32_t *group_key(const struct run *R, uint32_t g)
{
	return R->keys.keys + (size_t)g * R->nkey;
}

static void write_groups(struct run *R)
{
	uint32_t *ids = sorted_groups(R);

	for (size_t k = 0; k < R->ngroups; k++) {
		const uint32_t *key = group_key(R, ids[k]);
		size_t i = 0, len;
		const char *v;
		if (R->level == L_ENTITY) {
			v = tly_hash_key(R->vals, key[i++], &len);
			const struct ent *e = tly_hash_get(R->ents, v, len, 0, NULL);
			tly_csv_field(R->out, v, len);
			tly_csv_str(R->out, e->type);
			tly_csv_str(R->out, e->code);
		}
		for (; i < R->nkey; i++) {
			v = tly_hash_key(R->vals, key[i], &len);
			tly_csv_field(R->out, v, len);
		}
		write_agg(R, &R->groups[ids[k]], 1, R->level == L_ENTITY);
	}
	free(ids);
}

/* ---- partial results --------------------------------------------------------------- */

/* Key fields of a group in a partial: its key's values, and at the entity
 * level without --by an empty one for the group (as partials have it). */
static size_t partial_nkey(const struct run *R)
{
	return R->nkey + (R->level == L_ENTITY && !R->nby);
}

/* The key fields of group g into k[], kl[]; returns their count. */
static size_t key_fields(const struct run *R, uint32_t g, const char **k, size_t *kl)
{
	const uint32_t *key = group_key(R, g);
	size_t n;

	for (n = 0; n < R->nkey; n++)
		k[n] = tly_hash_key(R->vals, key[n], &kl[n]);
	if (n < partial_nkey(R)) {
		k[n] = "";
		kl[n++] = 0;
	}
	return n;
}

/* A partial's key fields k[0..nk) into R->kid: 0, or -1 if they are not a
 * key of this run's groups. */
static int key_ids(struct run *R, const char *const *k, const size_t *kl, size_t nk)
{
	if (nk != partial_nkey(R) || (nk > R->nkey && kl[R->nkey] != 0))
		return -1;
	for (size_t i = 0; i < R->nkey; i++)
		R->kid[i] = val_id(R, k[i], kl[i]);
	return 0;
}

/* Per group (its key's fields): 'A' n, docs, mentions, words, npos, nneg;
 * 'V' fields, column (c, p, u, n for compound, pos, neu, neg) and a value
 * (exact, %a): how many units had it; per entity 'e': type, code. */
static void write_partial(struct run *R, tly_pwriter *w)
{
	static const char cols[NVALS] = {'c', 'p', 'u', 'n'};
	const char *k[40];
	size_t kl[40];

	if (partial_nkey(R) > 37)
		tly_die(TLY_EXIT_DATA, "too many --by columns for a partial result");
	for (uint32_t i = 0; i < R->ngroups; i++) {
		struct agg *a = &R->groups[i];
		size_t nk = key_fields(R, i, k, kl);
		uint64_t c[6] = {a->n, a->docs, a->mentions, a->words, a->npos, a->nneg};
		tly_pw_count(w, 'A', nk, k, kl, 6, c);
		agg_sort(a);
		agg_spread(a);
		for (int col = 0; col < NVALS; col++) {
			char which[2] = {cols[col], 0}, num[64];
			k[nk] = which;
			kl[nk] = 1;
			for (size_t j = 0; j < a->nv;) {
				size_t e = j;
				while (e < a->nv && memcmp(&a->v[col][e], &a->v[col][j], sizeof(double)) == 0)
					e++;
				kl[nk + 1] = (size_t)snprintf(num, sizeof num, "%a", a->v[col][j]);
				k[nk + 1] = num;
				uint64_t cnt = e - j;
				tly_pw_count(w, 'V', nk + 2, k, kl, 1, &cnt);
				j = e;
			}
		}
	}
	for (size_t i = 0; R->ents && i < tly_hash_count(R->ents); i++) {
		const struct ent *e = tly_hash_val(R->ents, i);
		const char *v[2] = {e->type, e->code};
		size_t vl[2] = {strlen(e->type), strlen(e->code)};
		k[0] = tly_hash_key(R->ents, i, &kl[0]);
		tly_pw_rec(w, 'e', 1, k, kl, 2, v, vl);
	}
}

static int merge_rec(struct run *R, const tly_prec *r, tly_arena *arena, tly_err *err)
{
	if (r->kind == 'A' && r->nval == 6 && key_ids(R, r->key, r->keylen, r->nkey) == 0) {
		uint32_t g = group_id(R);
		struct agg *a = &R->groups[g];
		a->n += r->num[0];
		a->docs += r->num[1];
		a->mentions += r->num[2];
		a->words += r->num[3];
		a->npos += r->num[4];
		a->nneg += r->num[5];
		if (a->n > SIZE_MAX / sizeof(double) / 2)
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: too many units", r->path,
			                   (unsigned long long)r->line);
		return 0;
	}
	if (r->kind == 'V' && r->nval == 1 && r->nkey >= 3 && r->keylen[r->nkey - 2] == 1) {
		const char *cols = "cpun", *c = strchr(cols, r->key[r->nkey - 2][0]);
		char *end;
		double x = strtod(r->key[r->nkey - 1], &end);
		int64_t g = key_ids(R, r->key, r->keylen, r->nkey - 2) < 0 ? -1
		            : tly_tuples_find(&R->keys, R->kid);
		struct agg *a = g < 0 ? NULL : &R->groups[g];
		if (!c || !*c || *end || end == r->key[r->nkey - 1] || !a)
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: bad unit value record in a "
			                   "partial of tally tone", r->path, (unsigned long long)r->line);
		int col = (int)(c - cols);
		if (a->capv < a->n) {
			for (int k = 0; k < NVALS; k++)
				a->v[k] = xrealloc(a->v[k], (a->n ? a->n : 1) * sizeof *a->v[k]);
			a->capv = a->n;
			a->nv = a->n;
		}
		if (r->num[0] > a->n - a->fill[col])
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: more unit values than units "
			                   "(corrupted partial)", r->path, (unsigned long long)r->line);
		for (uint64_t i = 0; i < r->num[0]; i++)
			a->v[col][a->fill[col]++] = x;
		return 0;
	}
	if (r->kind == 'e' && r->nkey == 1 && r->nval == 2) {
		struct ent *e = tly_hash_get(R->ents, r->key[0], r->keylen[0], 1, NULL);
		if (!e->type) {
			e->type = tly_arena_strndup(arena, r->val[0], r->vallen[0]);
			e->code = tly_arena_strndup(arena, r->val[1], r->vallen[1]);
			e->val = val_id(R, r->key[0], r->keylen[0]);
		}
		return 0;
	}
	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: unexpected record in a partial of "
	                   "tally tone", r->path, (unsigned long long)r->line);
}

/* The group keys' tables, for R->level and R->nby. */
static void groups_init(struct run *R)
{
	R->nkey = (R->level == L_ENTITY) + R->nby;
	R->vals = tly_hash_new(0);
	R->kid = xcalloc(R->nkey + 1, sizeof *R->kid);
	if (R->nkey)
		tly_tuples_init(&R->keys, (int)R->nkey);
}

static void groups_free(struct run *R)
{
	for (size_t i = 0; i < R->ngroups; i++)
		agg_free(&R->groups[i]);
	free(R->groups);
	if (R->nkey)
		tly_tuples_free(&R->keys);
	tly_hash_free(R->vals);
	free(R->kid);
}

/* tally merge: the rows as written, or the groups rebuilt and written. */
static int tone_merge(struct run *R, tly_partial *P)
{
	tly_err err = {0};
	tly_arena *arena = tly_arena_new();
	tly_prec pr;
	int r;

	groups_init(R);
	R->ents = tly_hash_new(sizeof(struct ent));
	R->out = tly_partial_rows(P, &R->c);
	while ((r = tly_partial_next(P, R->out, &pr, &err)) > 0)
		if ((r = merge_rec(R, &pr, arena, &err)) < 0)
			break;
	for (size_t i = 0; r >= 0 && i < R->ngroups; i++) {
		struct agg *a = &R->groups[i];
		for (int k = 0; k < NVALS; k++)
			if (a->fill[k] != a->n)
				r = tly_err_set(&err, TLY_EXIT_DATA, "a partial of tally tone has %zu values "
				                "for %llu units (truncated or corrupted)", a->fill[k],
				                (unsigned long long)a->n);
	}
	if (r >= 0 && R->level == L_ENTITY)
		for (uint32_t i = 0; i < R->ngroups; i++) {
			size_t len;
			const char *name = tly_hash_key(R->vals, group_key(R, i)[0], &len);
			if (!tly_hash_get(R->ents, name, len, 0, NULL)) {
				r = tly_err_set(&err, TLY_EXIT_DATA, "a partial of tally tone lacks an "
				                "entity's type and code (truncated?)");
				break;
			}
		}
	if (r >= 0 && !R->explain && (R->level == L_GROUP || R->level == L_ENTITY))
		write_groups(R);
	groups_free(R);
	tly_hash_free(R->ents);
	tly_arena_free(arena);
	for (size_t i = 0; i < R->nby; i++)
		free(R->bycols[i]);
	free(R->bycols);
	if (r < 0)
		tly_die_err(&err);
	tly_warn_replaced(0);  /* the partials' */
	return tly_partial_end(P, R->out);
}

/* The current document's --by values into R->kid.  Returns 0, or -1 with
 * err filled if the document lacks a column. */
static int doc_group(struct run *R, tly_doc *doc, tly_err *err)
{
	uint32_t *by = R->kid + (R->nkey - R->nby);

	for (size_t i = 0; i < R->nby; i++) {
		const char *v;
		if (tly_doc_need_meta(doc, R->bycols[i], "--by", &v, err) < 0)
			return -1;
		by[i] = val_id(R, v, strlen(v));
	}
	R->gid = UINT32_MAX;  /* made with its first unit */
	return 0;
}

static void split_by(struct run *R, const char *by)
{
	for (const char *p = by;; p++) {
		size_t n = strcspn(p, ",");
		if (!n)
			tly_usage_error("--by needs column names separated by commas, not \"%s\"", by);
		for (size_t i = 0; i < R->nby; i++)
			if (strlen(R->bycols[i]) == n && memcmp(R->bycols[i], p, n) == 0)
				tly_usage_error("--by names column \"%s\" twice", R->bycols[i]);
		R->bycols = xrealloc(R->bycols, (R->nby + 1) * sizeof *R->bycols);
		R->bycols[R->nby++] = xstrndup(p, n);
		p += n;
		if (!*p)
			break;
	}
}

int tone_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"level", required_argument, 0, 'l'},
		{"by", required_argument, 0, 'b'},
		{"mentions", required_argument, 0, 'm'},
		{"context", required_argument, 0, 'C'},
		{"boot", required_argument, 0, 'B'},
		{"seed", required_argument, 0, 'S'},
		{"explain", no_argument, 0, 'x'},
		{"lexicon", required_argument, 0, 'L'},
		{"duplicates", required_argument, 0, 'D'},
		{"text", no_argument, 0, 'T'},
		{"unit", required_argument, 0, 'u'},
		{"names", no_argument, 0, 'N'},
		TLY_PARTIAL_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	static const char shortopts[] = "l:b:m:B:xL:u:" TLY_COMMON_SHORTOPTS;
	tly_partial P = {0};
	struct run R;
	const char *mentions = NULL, *lexicon = NULL;
	int dups = TLY_LEXDUP_ERROR, opt, boot_set = 0, seed_set = 0;

	memset(&R, 0, sizeof R);
	R.level = L_DOCUMENT;
	R.boot = -1;  /* by level, below */
	R.seed = 1;
	tly_common_init(&R.c);
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (tly_common_opt(&R.c, opt, optarg) || tly_partial_opt(&P, opt))
			continue;
		switch (opt) {
		case 'l':
			if (strcmp(optarg, "sentence") == 0)
				R.level = L_SENTENCE;
			else if (strcmp(optarg, "paragraph") == 0)
				R.level = L_PARAGRAPH;
			else if (strcmp(optarg, "document") == 0)
				R.level = L_DOCUMENT;
			else if (strcmp(optarg, "group") == 0)
				R.level = L_GROUP;
			else if (strcmp(optarg, "entity") == 0)
				R.level = L_ENTITY;
			else
				tly_usage_error("--level must be sentence, paragraph, document, group or "
				                "entity, not \"%s\"", optarg);
			break;
		case 'b': R.by = optarg; break;
		case 'm': mentions = tly_opt_str("--mentions", optarg, "a file name"); break;
		case 'C':
			if (strcmp(optarg, "sentence") == 0) {
				R.use_window = 0;
			} else if (strncmp(optarg, "window:", 7) == 0) {
				R.use_window = 1;
				R.window = (int)tly_opt_long("--context window:K", optarg + 7, 0, 1000000);
			} else {
				tly_usage_error("--context must be sentence or window:K, not \"%s\"", optarg);
			}
			break;
		case 'B': R.boot = tly_opt_long("--boot", optarg, 0, 100000000); boot_set = 1; break;
		case 'S':
			R.seed = (unsigned long)tly_opt_long("--seed", optarg, 0, 4294967295L);
			seed_set = 1;
			break;
		case 'x': R.explain = 1; break;
		case 'L': lexicon = tly_opt_str("--lexicon", optarg, "a file name"); break;
		case 'D':
			if (strcmp(optarg, "error") == 0)
				dups = TLY_LEXDUP_ERROR;
			else if (strcmp(optarg, "first") == 0)
				dups = TLY_LEXDUP_FIRST;
			else if (strcmp(optarg, "last") == 0)
				dups = TLY_LEXDUP_LAST;
			else
				tly_usage_error("--duplicates must be error, first or last, not \"%s\"",
				                optarg);
			break;
		case 'T': R.text = 1; break;
		case 'N': R.names = 1; break;
		case 'u':
			if (strcmp(optarg, "sentence") == 0)
				R.unit = U_SENTENCE;
			else if (strcmp(optarg, "paragraph") == 0)
				R.unit = U_PARAGRAPH;
			else if (strcmp(optarg, "document") == 0)
				R.unit = U_DOCUMENT;
			else
				tly_usage_error("--unit must be sentence, paragraph or document, not \"%s\"",
				                optarg);
			break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	/* options that would change nothing are errors, not ignored */
	if (R.explain && R.level == L_GROUP)
		tly_usage_error("--explain explains sentences, not groups: give --level sentence "
		                "(or document, paragraph, entity)");
	if (R.explain && (boot_set || seed_set))
		tly_usage_error("%s goes with scores; --explain writes none",
		                boot_set ? "--boot" : "--seed");
	if (boot_set && R.level == L_SENTENCE)
		tly_usage_error("--boot draws intervals of means; a sentence's score has none");
	if (R.boot < 0)  /* per-document intervals cost B draws per sentence */
		R.boot = R.level == L_GROUP || R.level == L_ENTITY ? 1000 : 0;
	if (seed_set && R.boot == 0)
		tly_usage_error("--seed seeds the bootstrap, which does not run here (give --boot N)");
	if (R.level == L_GROUP && !R.by)
		tly_usage_error("--level group needs --by COLUMN");
	if (R.level == L_ENTITY && !mentions)
		tly_usage_error("--level entity needs --mentions FILE (as tally entities writes)");
	if (mentions && R.level != L_ENTITY)
		tly_usage_error("--mentions goes with --level entity");
	if (R.by && R.level != L_GROUP && R.level != L_ENTITY)
		tly_usage_error("--by goes with --level group or entity");
	if (R.use_window && R.level != L_ENTITY)
		tly_usage_error("--context window:K goes with --level entity");
	if (R.use_window && R.explain)
		tly_usage_error("--explain explains sentences; it does not go with --context window");
	if (R.level == L_SENTENCE && R.unit != U_SENTENCE)
		tly_usage_error("--level sentence scores sentences; it does not go with --unit");
	if (R.level == L_PARAGRAPH && R.unit == U_DOCUMENT)
		tly_usage_error("--level paragraph does not go with --unit document");
	if (R.use_window && R.unit != U_SENTENCE)
		tly_usage_error("--context window:K does not go with --unit");
	if (R.text && (R.level != L_SENTENCE || R.explain))
		tly_usage_error("--text goes with --level sentence");
	if (R.by)
		split_by(&R, R.by);

	/* the tokens VADER's rules need: folded text, punctuation and emoji */
	R.c.tok.fold_case = 1;
	R.c.tok.emit_punct = 1;
	R.c.tok.sentences = R.text;

	tly_partial_begin(&P, &R.c, "tone", argc, argv, optind, longopts, shortopts);
	if (P.merge)
		return tone_merge(&R, &P);

	tly_err err = {0};
	tly_lexicon *lx;
	if (lexicon) {
		lx = tly_lexicon_new(R.c.tok.fold_diacritics);
		char *emo = tly_data_path("vader_emoji.txt");
		if (tly_lexicon_load(lx, lexicon, dups, &err) < 0 ||
		    (emo && tly_lexicon_load_emoji(lx, emo, &err) < 0)) {
			free(emo);
			tly_lexicon_free(lx);
			tly_die_err(&err);
		}
		free(emo);
	} else if (!(lx = tly_lexicon_vader(R.c.tok.fold_diacritics, &err))) {
		tly_die_err(&err);
	}
	tly_arena *arena = tly_arena_new();
	groups_init(&R);
	R.mpath = mentions;
	if (mentions && load_mentions(&R, mentions, arena, &err) < 0) {
		tly_lexicon_free(lx);
		groups_free(&R);
		tly_hash_free(R.ments_doc);
		tly_hash_free(R.ents);
		free(R.m);
		tly_arena_free(arena);
		for (size_t i = 0; i < R.nby; i++)
			free(R.bycols[i]);
		free(R.bycols);
		tly_die_err(&err);
	}
	R.tone = tly_tone_new(lx);
	tly_tone_explain(R.tone, R.explain);
	tly_tone_names(R.tone, R.names);

	tly_input *in = tly_input_new(argv + optind, argc - optind, &R.c.in);
	tly_tokenizer *tk = tly_tok_new(&R.c.tok);
	R.out = tly_partial_rows(&P, &R.c);
	write_header(&R);

	struct pend pend = {0};
	struct win win = {0};
	tly_buf rec = {0};
	uint64_t rec_sent = 0;
	tly_doc *doc;
	tly_token tok;
	int r;

	const int plain = R.level != L_ENTITY && !R.use_window, unitk = R.unit;
	tly_tone *const tone = R.tone;
	while ((r = tly_input_next(in, &doc, &err)) > 0) {
		struct unit u = {0};
		struct docments dm = {0, 0, 0};
		const struct mrange *ments = NULL;
		uint64_t bytes0 = tly_input_bytes(in);

		R.docno++;
		R.docid = tly_doc_id(doc);
		if (R.nby && (r = doc_group(&R, doc, &err)) < 0)
			break;
		if (R.level == L_ENTITY) {
			struct mrange *g = tly_hash_get(R.ments_doc, R.docid, strlen(R.docid), 0, NULL);
			if (!g || !g->count) {
				/* no mention: nothing to score.  The input knows that a
				 * document of unknown size (a pipe) is not empty only
				 * from a read: without one, it would take it for empty */
				char c;
				if (tly_doc_size(doc) < 0 && (r = (int)tly_doc_read(doc, &c, 1, &err)) < 0)
					break;
				continue;
			}
			if (g->seen) {
				r = tly_doc_dup_error(doc, &err);
				break;
			}
			g->seen = 1;
			ments = g;
			dm.mi = dm.mk = g->first;
			dm.end = g->first + g->count;
		}
		agg_reset(&R.doc);
		agg_reset(&R.para);
		R.cur_para = 0;
		rec_sent = 0;
		tly_tok_reset(tk, doc);
		tly_tone_clear(R.tone);
		r = tly_tok_next(tk, &tok, &err);
		for (; r > 0; r = tly_tok_next(tk, &tok, &err)) {
		again:
			if (tok.kind == TLY_TK_SENTENCE) {
				tly_buf_clear(&rec);
				tly_collapse_space(tok.text, tok.len, &rec);
				rec_sent = tok.sent;
				continue;
			}
			if (plain) {
				/* the common token: one more of the open unit, and the
				 * tokens of the unit after it, read by the scorer */
				uint64_t key = unitk == U_SENTENCE ? tok.sent
				               : unitk == U_PARAGRAPH ? tok.para : 1;
				if (u.open && key == u.key && !pend.n) {
					if ((r = tly_tone_add_unit(tone, tk, &tok, unitk, &u.end, &err)) > 0)
						goto again;  /* a token of another unit */
					break;
				}
			}
			/* the entities' own names carry no valence ("United" States) */
			if (R.level == L_ENTITY && tok.index && in_mention(&R, &dm.mk, dm.end, &tok))
				tok.flags |= TLY_TF_NOVALENCE;
			if (R.use_window) {
				win_token(&R, &win, &dm, &tok);
				continue;
			}
			uint64_t key = unit_key(R.unit, &tok);
			if (tok.kind == TLY_TK_PUNCT && (!u.open || key != u.key)) {
				pend_add(&pend, &tok);  /* between units */
				continue;
			}
			if (u.open && key != u.key) {
				/* a new sentence: punctuation before it in its paragraph is
				 * its own, else it closes the sentence before */
				if (pend.n && pend.t[0].para != tok.para)
					pend_feed(&R, &u, &pend);
				finish_unit(&R, &u, &dm, rec_sent == u.sent ? rec.data : NULL, rec.len);
			}
			pend_feed(&R, &u, &pend);
			if (plain) {
				unit_open(&R, &u, &tok);
				if ((r = tly_tone_add_unit(tone, tk, &tok, unitk, &u.end, &err)) > 0)
					goto again;
				break;
			}
			unit_add(&R, &u, &tok);
		}
		if (r < 0)
			break;
		/* the document is read: its length is known, even from a pipe */
		if (ments && (r = check_ends(&R, ments, tly_input_bytes(in) - bytes0, R.docid, &err)) < 0)
			break;
		if (R.use_window) {
			win_end(&R, &win, &dm);
		} else {
			pend_feed(&R, &u, &pend);
			finish_unit(&R, &u, &dm, rec_sent == u.sent ? rec.data : NULL, rec.len);
			R.unmatched += dm.end - dm.mi;
		}
		if (R.explain)
			continue;
		if (R.level == L_PARAGRAPH)
			flush_para(&R);
		if (R.level == L_DOCUMENT) {
			tly_csv_str(R.out, R.docid);
			write_agg(&R, &R.doc, 0, 0);
		}
	}
	/* every mention's document must be among those read (as in cooc):
	 * mentions of other documents are a mentions file of another corpus */
	for (size_t i = 0; r >= 0 && R.ments_doc && i < tly_hash_count(R.ments_doc); i++) {
		const struct mrange *g = tly_hash_val(R.ments_doc, i);
		if (!g->seen)
			r = tly_mentions_unseen_error(mentions, tly_hash_key(R.ments_doc, i, NULL), &err);
	}
	if (r >= 0 && !R.explain && (R.level == L_GROUP || R.level == L_ENTITY)) {
		if (P.w)
			write_partial(&R, P.w);
		else
			write_groups(&R);
	}
	groups_free(&R);
	uint64_t replaced = tly_tok_replaced(tk);
	tly_tok_free(tk);
	tly_input_free(in);
	tly_tone_free(R.tone);
	tly_lexicon_free(lx);
	agg_free(&R.doc);
	agg_free(&R.para);
	free(pend.t);
	tly_buf_free(&pend.text);
	free(win.t);
	free(win.a);
	tly_buf_free(&win.text);
	tly_buf_free(&rec);
	tly_hash_free(R.ments_doc);
	tly_hash_free(R.ents);
	free(R.m);
	for (size_t i = 0; i < R.nby; i++)
		free(R.bycols[i]);
	free(R.bycols);
	tly_arena_free(arena);
	if (r < 0)
		tly_die_err(&err);
	tly_warn_replaced(replaced);
	if (R.unmatched)
		tly_warn("%llu mention%s skipped: %s no word of the document (check the offsets)",
		         (unsigned long long)R.unmatched, R.unmatched == 1 ? "" : "s",
		         R.unmatched == 1 ? "it covers" : "they cover");
	return tly_partial_end(&P, R.out);
}

/* tone.c - rule-based valence scoring in the manner of VADER (Hutto & Gilbert
 * 2014), and the bootstrap of a mean.
 *
 * A unit (a sentence, or a window of tokens) is turned into items: word
 * tokens, emoticons (punctuation written without spaces, such as ":-)" or
 * "<3", looked up whole), and the words of emoji descriptions.  Each item
 * gets its lexicon valence, changed by VADER's rules (negation, boosters and
 * dampeners, ALL-CAPS, "no", "least", special idioms, "but"); the sum plus
 * the emphasis of "!" and "?" is normalized to the compound score, and the
 * items are sifted into VADER's pos/neu/neg proportions.  tally-tone(1)
 * states every rule, constant and formula, and where tally departs from
 * VADER's Python implementation (vaderSentiment 3.3.2) and why.
 *
 * The hot path makes one hash lookup per word token and no allocation: item
 * arrays and text buffers are reused from unit to unit. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "tally.h"


/* VADER's constants (vaderSentiment.py). */
#define B_INCR 0.293       /* booster word */
#define B_DECR (-0.293)    /* dampener word */
#define C_INCR 0.733       /* ALL-CAPS emphasis */
#define N_SCALAR (-0.74)   /* negation */
#define ALPHA 15.0         /* compound = x / sqrt(x^2 + ALPHA) */
#define EP_AMP 0.292       /* per "!", up to 4 */
#define QM_AMP 0.18        /* per "?", when 2 or 3 */
#define QM_MAX 0.96        /* 4 or more "?" */
#define BUT_BEFORE 0.5
#define BUT_AFTER 1.5
#define NEVER_SO 1.25
#define NEG_SCOPE 5        /* tally: items a negation reaches */

/* Word flags. */
enum {
	W_LEX = 1,       /* has a lexicon valence */
	W_BOOST = 2,     /* booster or dampener (value in boost) */
	W_NEG = 4,       /* a negation word */
	W_SPECIAL = 8,   /* occurs in a special-case idiom or booster n-gram */
	W_PHRASE = 16,   /* first word of a multi-word lexicon entry */
	W_UPPER = 32,    /* item: written in capitals (Python's str.isupper) */
	W_EMOJI = 64,    /* item: a word of an emoji's description */
	W_EMOTICON = 128,/* item: punctuation looked up whole */
	W_BREAK = 256,   /* item: clause punctuation comes before it */
	W_COMMA = 512,   /* item: a comma comes before it */
	W_ONE = 1024,    /* item: one character ("I", "a"): no ALL-CAPS emphasis */
	W_NAME = 2048,   /* item: capitalized inside a sentence */
	W_MASK = 4096    /* item: part of a name the caller marked (no valence) */
};

/* Rule words that the rules compare by identity. */
enum {
	K_NONE, K_NO, K_NEVER, K_SO, K_THIS, K_WITHOUT, K_DOUBT, K_LEAST, K_AT, K_VERY,
	K_KIND, K_OF, K_OR, K_NOR, K_BUT, K_AND
};

struct winfo {
	double val;       /* lexicon valence (W_LEX) */
	double boost;     /* B_INCR or B_DECR (W_BOOST) */
	uint32_t line;    /* lexicon line of the entry, for duplicate messages */
	uint16_t flags;
	uint8_t code;     /* K_* */
	uint8_t maxphrase;/* words in the longest phrase starting here (W_PHRASE) */
};

/* Multi-word entries: lexicon phrases, VADER's idioms, special cases and
 * booster n-grams. */
enum { P_LEX = 1, P_SPECIAL = 2, P_BOOSTGRAM = 4 };

struct pinfo {
	double val;       /* lexicon valence (P_LEX) */
	double special;   /* special-case valence (P_SPECIAL) */
	double boost;     /* booster n-gram (P_BOOSTGRAM) */
	uint32_t line;    /* 0: built in, a lexicon entry may replace it */
	uint8_t kind;
};

struct emoji {
	const char *desc;
	size_t len;
};

/* The look-up table the scorer uses, rebuilt after every load: open
 * addressing over the entries themselves, which carry the first 16 bytes of
 * their key and everything the scorer needs, so a look-up of a word of up
 * to 16 bytes touches one entry (most misses stop earlier, at the filter). */
struct fent {
	uint64_t k8, k16;  /* the key's bytes 0-7 and 8-15, zero-padded */
	uint32_t len, id;  /* id: in lx->words */
	double val;
	uint16_t flags;
	uint8_t code, maxphrase;
	uint8_t boost;     /* index in boost_val: 0, B_INCR or B_DECR */
};

static const double boost_val[3] = {0, B_INCR, B_DECR};

struct tly_lexicon {
	tly_hash *words;   /* struct winfo */
	struct fent *fe;   /* the table: open addressing, len UINT32_MAX when empty */
	size_t smask;
	uint64_t filter[65536 / 64]; /* a bit per hash >> 48: most misses stop here */
	tly_hash *phrases; /* struct pinfo */
	tly_hash *emoji;   /* struct emoji */
	tly_arena *arena;
	size_t nentries;
	int fold_dia;
	uint8_t edge[65536 / 8];  /* (first byte, last byte) pairs of entries */
	uint64_t pairs[8192 / 64];/* a bit per pair_hash of a lexicon phrase's
	                             first two words */
	tly_buf scratch;
};

/* ---- VADER's word lists (vaderSentiment 3.3.2) ------------------------------ */

static const char *const negate_words[] = {
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
	"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
	"dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
	"don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
	"neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
	"oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
	"oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
	"without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
};

static const char *const boosters[] = {
	"absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
	"decidedly", "deeply", "effing", "enormous", "enormously", "entirely",
	"especially", "exceptional", "exceptionally", "extreme", "extremely",
	"fabulously", "flipping", "flippin", "frackin", "fracking", "fricking",
	"frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin",
	"fugging", "greatly", "hella", "highly", "hugely", "incredible", "incredibly",
	"intensely", "major", "majorly", "more", "most", "particularly", "purely",
	"quite", "really", "remarkably", "so", "substantially", "thoroughly", "total",
	"totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
	"utter", "utterly", "very",
};

static const char *const dampeners[] = {
	"almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little",
	"marginal", "marginally", "occasional", "occasionally", "partly", "scarce",
	"scarcely", "slight", "slightly", "somewhat", "sorta", "sortof", "sort-of",
};

/* Two-word dampeners, seen by the special-idiom check. */
static const char *const dampener_grams[] = { "just enough", "kind of", "sort of" };

/* Idioms and phrases containing lexicon words: the word's valence becomes the
 * idiom's.  VADER's "the bomb" (+3) is left out: in news it is a bomb. */
static const struct { const char *s; double v; } special_cases[] = {
	{"the shit", 3}, {"bad ass", 1.5}, {"bus stop", 0.0},
	{"yeah right", -2}, {"kiss of death", -1.5}, {"to die for", 3},
	{"beating heart", 3.1}, {"broken heart", -2.9},
};

/* Sentiment-laden idioms without lexicon words (VADER lists them as future
 * work); tally scores each as one item, like a multi-word lexicon entry. */
static const struct { const char *s; double v; } idioms[] = {
	{"cut the mustard", 2}, {"hand to mouth", -2}, {"back handed", -2},
	{"blow smoke", -2}, {"blowing smoke", -2}, {"upper hand", 1},
	{"break a leg", 2}, {"cooking with gas", 2}, {"in the black", 2},
	{"in the red", -2}, {"on the ball", 2}, {"under the weather", -2},
};

static const struct { const char *s; int code; } codes[] = {
	{"no", K_NO}, {"never", K_NEVER}, {"so", K_SO}, {"this", K_THIS},
	{"without", K_WITHOUT}, {"doubt", K_DOUBT}, {"least", K_LEAST}, {"at", K_AT},
	{"very", K_VERY}, {"kind", K_KIND}, {"of", K_OF}, {"or", K_OR}, {"nor", K_NOR},
	{"but", K_BUT}, {"and", K_AND},
};

#define NELEM(a) (sizeof(a) / sizeof *(a))

static struct winfo *word_get(const tly_lexicon *lx, const char *s, size_t n)
{
	return tly_hash_get(lx->words, s, n, 0, NULL);
}

static const uint64_t k8mask[9] = {
	0, 0xFFull, 0xFFFFull, 0xFFFFFFull, 0xFFFFFFFFull, 0xFFFFFFFFFFull, 0xFFFFFFFFFFFFull,
	0xFFFFFFFFFFFFFFull, ~0ull
};

/* The first 8 bytes of s (zero-padded); s must have 8 readable bytes. */
static inline uint64_t load8(const char *s, size_t n)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w & k8mask[n < 8 ? n : 8];
}

/* The hash of a key (k8: its first 8 bytes, zero-padded): of a longer key
 * only the first and last 8 bytes count (the rest is compared on a hit). */
static inline uint64_t fast_hash(const char *s, size_t n, uint64_t k8)
{
	uint64_t x = k8 ^ ((uint64_t)n << 59);

	if (n > 8) {
		uint64_t last;
		memcpy(&last, s + n - 8, 8);
		x ^= last * 0xC2B2AE3D27D4EB4Full;
	}
	/* one multiply: the high half is well mixed, and folded into the low
	 * half that indexes the slots */
	x *= 0x9E3779B97F4A7C15ull;
	return x ^ (x >> 32);
}

/* The hash of two words (each with 8 readable bytes) for lx->pairs. */
static inline unsigned pair_hash(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t x = fast_hash(a, na, load8(a, na)) ^ fast_hash(b, nb, load8(b, nb)) * 3;

	return (unsigned)(x >> 51);  /* 13 bits */
}

/* Note the first two words of every lexicon phrase in lx->pairs. */
static void freeze_pairs(tly_lexicon *lx)
{
	tly_buf *b = &lx->scratch;

	memset(lx->pairs, 0, sizeof lx->pairs);
	for (size_t id = 0; id < tly_hash_count(lx->phrases); id++) {
		const struct pinfo *p = tly_hash_val(lx->phrases, id);
		size_t len;
		const char *key = tly_hash_key(lx->phrases, id, &len);
		if (!(p->kind & P_LEX))
			continue;
		const char *sp = memchr(key, ' ', len);
		if (!sp)
			continue;
		size_t n1 = (size_t)(sp - key), n2 = 0;
		while (n1 + 1 + n2 < len && key[n1 + 1 + n2] != ' ')
			n2++;
		/* the words, each followed by 8 zero bytes */
		tly_buf_clear(b);
		tly_buf_add(b, key, n1);
		tly_buf_add(b, "\0\0\0\0\0\0\0\0", 8);
		tly_buf_add(b, sp + 1, n2);
		tly_buf_add(b, "\0\0\0\0\0\0\0\0", 8);
		unsigned h = pair_hash(b->data, n1, b->data + n1 + 8, n2);
		lx->pairs[h >> 6] |= 1ull << (h & 63);
	}
}

/* Rebuild the scorer's table from lx->words. */
static void freeze(tly_lexicon *lx)
{
	size_t n = tly_hash_count(lx->words), ns = 64;

	while (ns < n * 2)
		ns *= 2;
	free(lx->fe);
	memset(lx->filter, 0, sizeof lx->filter);
	lx->fe = xmalloc(ns * sizeof *lx->fe);
	for (size_t i = 0; i < ns; i++) {
		memset(&lx->fe[i], 0, sizeof lx->fe[i]);
		lx->fe[i].len = UINT32_MAX;
	}
	lx->smask = ns - 1;
	freeze_pairs(lx);
	for (size_t id = 0; id < n; id++) {
		size_t len;
		const char *key = tly_hash_key(lx->words, id, &len);
		const struct winfo *w = tly_hash_val(lx->words, id);
		char pad[16] = {0};
		memcpy(pad, key, len < 16 ? len : 16);
		uint64_t k8 = load8(pad, len), k16 = len > 8 ? load8(pad + 8, len - 8) : 0;
		uint64_t h = fast_hash(key, len, k8);
		lx->filter[h >> 54] |= 1ull << ((h >> 48) & 63);
		size_t i = h & lx->smask;
		while (lx->fe[i].len != UINT32_MAX)
			i = (i + 1) & lx->smask;
		struct fent *e = &lx->fe[i];
		e->k8 = k8;
		e->k16 = k16;
		e->len = (uint32_t)len;
		e->id = (uint32_t)id;
		e->val = w->val;
		e->boost = w->boost == B_INCR ? 1 : w->boost == B_DECR ? 2 : 0;
		e->flags = w->flags;
		e->code = w->code;
		e->maxphrase = w->maxphrase;
	}
}

/* Look a word up in the frozen table, given its first 8 bytes (k8,
 * zero-padded); s must have 8 readable bytes. */
static inline __attribute__((always_inline)) const struct fent *
fast_get_k8(const tly_lexicon *lx, const char *s, size_t n, uint64_t k8)
{
	uint64_t h = fast_hash(s, n, k8);

	if (!(lx->filter[h >> 54] & (1ull << ((h >> 48) & 63))))
		return NULL;
	for (size_t i = h & lx->smask;; i = (i + 1) & lx->smask) {
		const struct fent *e = &lx->fe[i];
		if (e->k8 == k8 && e->len == n &&
		    (n <= 8 || (e->k16 == load8(s + 8, n - 8) &&
		                (n <= 16 || memcmp(s + 16, tly_hash_key(lx->words, e->id, NULL) + 16,
		                                   n - 16) == 0))))
			return e;
		if (e->len == UINT32_MAX)
			return NULL;
	}
}

static inline __attribute__((always_inline)) const struct fent *
fast_get(const tly_lexicon *lx, const char *s, size_t n)
{
	return fast_get_k8(lx, s, n, load8(s, n));
}

static struct winfo *word_add(tly_lexicon *lx, const char *s, size_t n)
{
	return tly_hash_get(lx->words, s, n, 1, NULL);
}

/* Mark every word of a built-in phrase as W_SPECIAL. */
static void mark_words(tly_lexicon *lx, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, " ");
		word_add(lx, s, n)->flags |= W_SPECIAL;
		s += n;
		while (*s == ' ')
			s++;
	}
}

static struct pinfo *phrase_add(tly_lexicon *lx, const char *s, size_t n)
{
	return tly_hash_get(lx->phrases, s, n, 1, NULL);
}

/* Register a lexicon phrase: its first word learns the phrase's length. */
static void phrase_start(tly_lexicon *lx, const char *s, size_t n)
{
	size_t words = 1, first = 0;

	while (first < n && s[first] != ' ')
		first++;
	for (size_t i = 0; i < n; i++)
		words += s[i] == ' ';
	struct winfo *w = word_add(lx, s, first);
	w->flags |= W_PHRASE;
	if (words > w->maxphrase)
		w->maxphrase = (uint8_t)(words > 255 ? 255 : words);
}

tly_lexicon *tly_lexicon_new(int fold_diacritics)
{
	tly_lexicon *lx = xcalloc(1, sizeof *lx);

	lx->words = tly_hash_new(sizeof(struct winfo));
	lx->phrases = tly_hash_new(sizeof(struct pinfo));
	lx->emoji = tly_hash_new(sizeof(struct emoji));
	lx->arena = tly_arena_new();
	lx->fold_dia = fold_diacritics;
	for (size_t i = 0; i < NELEM(negate_words); i++)
		word_add(lx, negate_words[i], strlen(negate_words[i]))->flags |= W_NEG;
	for (size_t i = 0; i < NELEM(boosters); i++) {
		struct winfo *w = word_add(lx, boosters[i], strlen(boosters[i]));
		w->flags |= W_BOOST;
		w->boost = B_INCR;
	}
	for (size_t i = 0; i < NELEM(dampeners); i++) {
		struct winfo *w = word_add(lx, dampeners[i], strlen(dampeners[i]));
		w->flags |= W_BOOST;
		w->boost = B_DECR;
	}
	for (size_t i = 0; i < NELEM(codes); i++)
		word_add(lx, codes[i].s, strlen(codes[i].s))->code = (uint8_t)codes[i].code;
	for (size_t i = 0; i < NELEM(dampener_grams); i++) {
		struct pinfo *p = phrase_add(lx, dampener_grams[i], strlen(dampener_grams[i]));
		p->kind |= P_BOOSTGRAM;
		p->boost = B_DECR;
		mark_words(lx, dampener_grams[i]);
	}
	for (size_t i = 0; i < NELEM(special_cases); i++) {
		struct pinfo *p = phrase_add(lx, special_cases[i].s, strlen(special_cases[i].s));
		p->kind |= P_SPECIAL;
		p->special = special_cases[i].v;
		mark_words(lx, special_cases[i].s);
	}
	for (size_t i = 0; i < NELEM(idioms); i++) {
		struct pinfo *p = phrase_add(lx, idioms[i].s, strlen(idioms[i].s));
		p->kind |= P_LEX;
		p->val = idioms[i].v;
		p->line = 0;
		phrase_start(lx, idioms[i].s, strlen(idioms[i].s));
	}
	freeze(lx);
	return lx;
}

void tly_lexicon_free(tly_lexicon *lx)
{
	if (!lx)
		return;
	tly_hash_free(lx->words);
	free(lx->fe);
	tly_hash_free(lx->phrases);
	tly_hash_free(lx->emoji);
	tly_arena_free(lx->arena);
	tly_buf_free(&lx->scratch);
	free(lx);
}

size_t tly_lexicon_size(const tly_lexicon *lx) { return lx->nentries; }

int tly_lexicon_get(const tly_lexicon *lx, const char *s, size_t n, double *v)
{
	if (memchr(s, ' ', n)) {
		struct pinfo *p = tly_hash_get(lx->phrases, s, n, 0, NULL);
		if (p && (p->kind & P_LEX)) {
			*v = p->val;
			return 1;
		}
		return 0;
	}
	struct winfo *w = word_get(lx, s, n);
	if (w && (w->flags & W_LEX)) {
		*v = w->val;
		return 1;
	}
	return 0;
}

/* ---- reading lexicon files ------------------------------------------------ */

/* A first line's valence field that names a column ("valence", "score"):
 * letters and no digit, and no spelling of a number (inf, nan).  Anything
 * else that is not a number is a mistyped valence, not a header. */
static int header_name(const char *s, size_t n)
{
	static const char *const num[] = {"inf", "infinity", "nan"};

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 0;
	for (size_t k = 0; k < sizeof num / sizeof *num; k++)
		if (n == strlen(num[k]) && strncasecmp(s, num[k], n) == 0)
			return 0;
	return 1;
}

static int parse_valence(const char *s, size_t n, double *v)
{
	char small[64], *buf = small, *end;
	int r = -1;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return -1;
	if (n >= sizeof small)  /* a decimal of any length ("0.0000...1") */
		buf = xmalloc(n + 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* a decimal number (strtod also takes hex, inf and nan), within bounds
	 * that no sum of a sentence's valences can overflow */
	if (strspn(buf, "0123456789+-.eE") == n) {
		errno = 0;
		*v = strtod(buf, &end);
		/* ERANGE on underflow (1e-400) is a tiny number, taken as strtod
		 * gives it; on overflow *v is infinite */
		if (!*end && isfinite(*v) && fabs(*v) <= 1e6 && (!errno || errno == ERANGE))
			r = 0;
	}
	if (buf != small)
		free(buf);
	return r;
}

/* Normalize an entry: each run of spaces becomes one space, each word is
 * normalized like token text.  Returns 0, or -1 for invalid UTF-8. */
static int normalize_entry(tly_lexicon *lx, const char *s, size_t n, int fold, tly_buf *out)
{
	tly_buf_clear(out);
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j > i) {
			if (out->len)
				tly_buf_addc(out, ' ');
			if (tly_normalize(s + i, j - i, fold, lx->fold_dia, out) < 0)
				return -1;
		}
		i = j;
	}
	if (!out->data)
		tly_buf_adds(out, "");
	return 0;
}

/* Add one entry (line is 1-based).  Returns 1 if added, 0 if skipped, -1 on
 * a duplicate error. */
static int add_entry(tly_lexicon *lx, const char *path, uint64_t line, const char *s,
                     size_t n, double v, int dups, tly_err *err)
{
	tly_buf *key = &lx->scratch;
	char what[80];

	if (normalize_entry(lx, s, n, 1, key) < 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: invalid UTF-8 in entry", path,
		                   (unsigned long long)line);
	if (key->len == 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: empty entry", path,
		                   (unsigned long long)line);
	if (dups == TLY_LEXDUP_VADER) {
		/* VADER looks up the lowercased word: a key with capitals never matches */
		tly_buf raw = {0};
		int r = normalize_entry(lx, s, n, 0, &raw);
		int same = r == 0 && raw.len == key->len && memcmp(raw.data, key->data, key->len) == 0;
		tly_buf_free(&raw);
		if (!same)
			return 0;
	}
	int phrase = memchr(key->data, ' ', key->len) != NULL;
	double *slot;
	uint32_t *lslot;
	int had;
	if (phrase) {
		struct pinfo *p = phrase_add(lx, key->data, key->len);
		had = (p->kind & P_LEX) && p->line != 0;
		p->kind |= P_LEX;
		slot = &p->val;
		lslot = &p->line;
		if (!had) {
			/* a built-in idiom of the same words is replaced silently */
			phrase_start(lx, key->data, key->len);
		}
	} else {
		struct winfo *w = word_add(lx, key->data, key->len);
		unsigned e = (unsigned char)key->data[0] << 8 | (unsigned char)key->data[key->len - 1];
		lx->edge[e >> 3] |= (uint8_t)(1u << (e & 7));
		had = (w->flags & W_LEX) != 0;
		w->flags |= W_LEX;
		slot = &w->val;
		lslot = &w->line;
	}
	if (had) {
		if (*slot == v || dups == TLY_LEXDUP_FIRST)
			return 0;
		if (dups == TLY_LEXDUP_ERROR) {
			tly_one_line(what, sizeof what, key->data, key->len);
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s:%llu: duplicate entry \"%s\" with valence %g; line %lu "
			                   "gave %g (--duplicates first|last picks one)",
			                   path, (unsigned long long)line, what, v, (unsigned long)*lslot,
			                   *slot);
		}
		*slot = v;
		*lslot = (uint32_t)line;
		return 0;
	}
	*slot = v;
	*lslot = (uint32_t)(line > UINT32_MAX ? UINT32_MAX : line);
	lx->nentries++;
	return 1;
}

/* Split a TSV line into its first two fields. */
static int tsv_fields(const char *s, size_t n, const char **f0, size_t *n0, const char **f1,
                      size_t *n1)
{
	const char *tab = memchr(s, '\t', n);

	if (!tab)
		return -1;
	*f0 = s;
	*n0 = (size_t)(tab - s);
	*f1 = tab + 1;
	const char *tab2 = memchr(*f1, '\t', n - *n0 - 1);
	*n1 = tab2 ? (size_t)(tab2 - *f1) : n - *n0 - 1;
	return 0;
}

static long load_tsv(tly_lexicon *lx, FILE *fp, const char *path, int dups, tly_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	long added = 0;
	int data_seen = 0;

	while ((len = xgetline(&line, &cap, fp)) >= 0) {
		char *s = line;
		size_t n = (size_t)len;
		lineno++;
		if (n && s[n - 1] == '\n')
			n--;
		if (n && s[n - 1] == '\r')
			n--;
		if (lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (n == 0)
			continue;
		const char *f0, *f1;
		size_t n0, n1;
		double v;
		if (tsv_fields(s, n, &f0, &n0, &f1, &n1) < 0) {
			free(line);
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s:%llu: expected entry<TAB>valence", path,
			                   (unsigned long long)lineno);
		}
		if (parse_valence(f1, n1, &v) < 0) {
			if (!data_seen && lineno == 1 && header_name(f1, n1))
				continue;  /* a header */
			char what[40];
			tly_one_line(what, sizeof what, f1, n1);
			free(line);
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s:%llu: valence \"%s\" is not a number from -1e6 to 1e6", path,
			                   (unsigned long long)lineno, what);
		}
		data_seen = 1;
		int r = add_entry(lx, path, lineno, f0, n0, v, dups, err);
		if (r < 0) {
			free(line);
			return -1;
		}
		added += r;
	}
	free(line);
	if (ferror(fp))
		return tly_err_set(err, TLY_EXIT_DATA, "%s: read error: %s", path, strerror(errno));
	return added;
}

static long load_csv(tly_lexicon *lx, const char *path, int dups, tly_err *err)
{
	tly_csv *c = tly_csv_open(path, err);
	long added = 0;
	int r;

	if (!c)
		return -1;
	while ((r = tly_csv_next(c, err)) > 0) {
		uint64_t line = tly_csv_line(c);
		size_t n0, n1;
		const char *f0, *f1;
		double v;

		if (tly_csv_nfields(c) == 1) {
			f0 = tly_csv_get(c, 0, &n0);
			if (n0 == 0)
				continue;  /* a blank line */
		}
		if (tly_csv_nfields(c) < 2) {
			tly_csv_close(c);
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: expected entry,valence", path,
			                   (unsigned long long)line);
		}
		f0 = tly_csv_get(c, 0, &n0);
		f1 = tly_csv_get(c, 1, &n1);
		if (parse_valence(f1, n1, &v) < 0) {
			if (tly_csv_record(c) == 1 && header_name(f1, n1))
				continue;  /* a header */
			char what[40];
			tly_one_line(what, sizeof what, f1, n1);
			tly_csv_close(c);
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s:%llu: valence \"%s\" is not a number from -1e6 to 1e6",
			                   path, (unsigned long long)line, what);
		}
		int a = add_entry(lx, path, line, f0, n0, v, dups, err);
		if (a < 0) {
			tly_csv_close(c);
			return -1;
		}
		added += a;
	}
	tly_csv_close(c);
	return r < 0 ? -1 : added;
}

long tly_lexicon_load(tly_lexicon *lx, const char *path, int dups, tly_err *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long r;
	size_t before = lx->nentries;

	if (!fp)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path, strerror(errno));
	/* TSV if the first non-empty line has a tab, else CSV */
	int tsv = 0;
	while ((len = xgetline(&line, &cap, fp)) >= 0) {
		if (len == 0 || line[0] == '\n' || (line[0] == '\r' && len <= 2))
			continue;
		tsv = memchr(line, '\t', (size_t)len) != NULL;
		break;
	}
	free(line);
	if (tsv) {
		rewind(fp);
		r = load_tsv(lx, fp, path, dups, err);
		fclose(fp);
	} else {
		fclose(fp);
		r = load_csv(lx, path, dups, err);
	}
	freeze(lx);
	if (r < 0)
		return -1;
	if (lx->nentries == before && r == 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: empty lexicon (no entry with a valence)",
		                   path);
	return r;
}

long tly_lexicon_load_emoji(tly_lexicon *lx, const char *path, tly_err *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	long added = 0;

	if (!fp)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path, strerror(errno));
	while ((len = xgetline(&line, &cap, fp)) >= 0) {
		size_t n = (size_t)len;
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;  /* blank or comment */
		char *tab = memchr(line, '\t', n);
		if (!tab) {
			free(line);
			fclose(fp);
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: expected emoji<TAB>description",
			                   path, (unsigned long long)lineno);
		}
		tly_buf key = {0};
		if (tly_normalize(line, (size_t)(tab - line), 1, lx->fold_dia, &key) < 0 ||
		    normalize_entry(lx, tab + 1, n - (size_t)(tab - line) - 1, 1, &lx->scratch) < 0) {
			tly_buf_free(&key);
			free(line);
			fclose(fp);
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: invalid UTF-8", path,
			                   (unsigned long long)lineno);
		}
		if (key.len) {
			struct emoji *e = tly_hash_get(lx->emoji, key.data, key.len, 1, NULL);
			e->desc = tly_arena_strndup(lx->arena, lx->scratch.data, lx->scratch.len);
			e->len = lx->scratch.len;
			added++;
		}
		tly_buf_free(&key);
	}
	free(line);
	fclose(fp);
	return added;
}

tly_lexicon *tly_lexicon_vader(int fold_diacritics, tly_err *err)
{
	char *lex = tly_data_path("vader_lexicon.txt");
	char *emo = tly_data_path("vader_emoji.txt");
	tly_lexicon *lx = NULL;

	if (!lex || !emo) {
		tly_err_set(err, TLY_EXIT_DATA,
		            "cannot find %s in tally's data directory (set TALLY_DATA)",
		            lex ? "vader_emoji.txt" : "vader_lexicon.txt");
		goto out;
	}
	lx = tly_lexicon_new(fold_diacritics);
	if (tly_lexicon_load(lx, lex, TLY_LEXDUP_VADER, err) < 0 ||
	    tly_lexicon_load_emoji(lx, emo, err) < 0) {
		tly_lexicon_free(lx);
		lx = NULL;
	}
out:
	free(lex);
	free(emo);
	return lx;
}

/* ---- the scorer --------------------------------------------------------------- */

struct item {
	uint32_t off, len;     /* text in t->text */
	uint64_t start, end;
	double val;            /* lexicon valence */
	double boost;
	uint16_t flags;
	uint8_t code;
	uint8_t maxphrase;
	uint8_t words;         /* > 1: a merged phrase */
};

/* A token of the chunk being collected: tokens written without space
 * between them, as VADER's whitespace split would keep them together. */
#define CT_NAME 0x8000u  /* ctok flag: capitalized inside a sentence */

/* The item flags of a word from its ctok flags: W_UPPER, W_NAME, W_MASK,
 * each a shift of the flag it comes from. */
_Static_assert(W_UPPER == TLY_TF_UPPER << 5 && W_NAME == CT_NAME >> 4 &&
               W_MASK == TLY_TF_NOVALENCE << 4, "item flags from ctok flags");
static inline unsigned word_item_flags(unsigned f)
{
	return (f & TLY_TF_UPPER) << 5 | (f & CT_NAME) >> 4 | (f & TLY_TF_NOVALENCE) << 4;
}

struct ctok {
	uint32_t off, len;     /* text in t->text */
	uint64_t start, end;
	int kind;
	unsigned flags;
	unsigned brk;          /* punctuation: what it does to the next item
	                          (clause_punct) */
};

struct tly_tone {
	const tly_lexicon *lx;
	struct item *it;
	size_t n, cap;
	tly_buf text;
	struct ctok *ch;
	size_t nch, capch;
	uint64_t chend;        /* end of the chunk's last token */
	unsigned chsym;        /* 0: no symbol among ch[0, nch) (chunk_items
	                          clears it; 1 may be left from an earlier chunk:
	                          it only costs a loop) */
	/* A chunk that begins with a word has that word's item pushed at once
	 * (most chunks are one word); while it is the chunk's only token, ch[0]
	 * is not written, and what it would hold is kept here. */
	int prov;              /* the chunk's first token is such a word; 2:
	                          followed by one punctuation character (most
	                          chunks of two), not written to ch[1] either */
	unsigned pkind, pflags;/* its kind and ctok flags */
	unsigned porf;         /* orf before its item */
	unsigned p1, p1flags, p1brk; /* prov 2: the character, its token's flags
	                          and what it does to the next item */
	unsigned excl, quest;
	unsigned pend;         /* W_BREAK: clause punctuation, W_COMMA: a comma,
	                          since the last item */
	unsigned orf;          /* the flags of the items pushed, or'ed (W_LEX: the
	                          rules have work; W_PHRASE: merge_phrases has) */
	uint64_t last_sent;    /* sentence of the last word added */
	int names;             /* capitalized words inside a sentence score 0 */
	double amp;
	/* results of the last scoring */
	int vzero;             /* every valence is 0 (v not written) */
	double *v;
	size_t capv;
	double but;            /* 0, or the but factor is applied */
	size_t but_at;
	/* explanations */
	int explain;
	uint32_t *roff, *rlen;
	size_t capr;
	tly_buf rules, rscratch;
	tly_tokenizer *tk;     /* for tly_tone_string */
};

tly_tone *tly_tone_new(const tly_lexicon *lx)
{
	tly_tone *t = xcalloc(1, sizeof *t);

	t->lx = lx;
	return t;
}

void tly_tone_free(tly_tone *t)
{
	if (!t)
		return;
	free(t->it);
	free(t->ch);
	free(t->v);
	free(t->roff);
	free(t->rlen);
	tly_buf_free(&t->text);
	tly_buf_free(&t->rules);
	tly_buf_free(&t->rscratch);
	tly_tok_free(t->tk);
	free(t);
}

void tly_tone_explain(tly_tone *t, int on) { t->explain = on; }

void tly_tone_names(tly_tone *t, int on) { t->names = on; }

void tly_tone_clear(tly_tone *t)
{
	t->last_sent = 0;
	t->n = 0;
	t->pend = 0;
	t->orf = 0;
	t->nch = 0;
	t->prov = 0;
	t->excl = t->quest = 0;
	t->amp = 0;
	t->but = 0;
	tly_buf_clear(&t->text);
}

/* Append to the items' text, keeping 8 zero bytes after it (fast_get reads
 * 8 bytes).  Returns the offset; *k8 is the first 8 bytes, zero-padded (as
 * load8 gives them).  A text of up to 8 bytes is assembled in a register
 * and stored in 8-byte words, so that the look-up that follows gets its
 * bytes from the register instead of loading what it has just stored in
 * pieces (a load that spans several stores waits for them). */
static inline __attribute__((always_inline)) size_t
text_add_k8(tly_tone *t, const char *s, size_t n, uint64_t *k8)
{
	tly_buf *b = &t->text;
	size_t off = b->len;
	uint64_t x, y, z = 0;

	if (off + n + 16 > b->cap)
		xgrow((void **)&b->data, &b->cap, off + n + 16, 1);
	char *d = b->data + off;
	if (n <= 8) {
		if (n >= 4) {
			uint32_t lo, hi;
			memcpy(&lo, s, 4);
			memcpy(&hi, s + n - 4, 4);
			x = lo | (uint64_t)hi << (8 * (n - 4));
		} else if (n == 1) {  /* punctuation, mostly */
			x = (unsigned char)s[0];
		} else if (n) {  /* 2 or 3 bytes: first, middle and last */
			x = (uint64_t)(unsigned char)s[0] |
			    (uint64_t)(unsigned char)s[n / 2] << (8 * (n / 2)) |
			    (uint64_t)(unsigned char)s[n - 1] << (8 * (n - 1));
		} else {
			x = 0;
		}
		memcpy(d, &x, 8);
		memcpy(d + 8, &z, 8);
	} else if (n <= 16) {
		memcpy(&x, s, 8);
		memcpy(&y, s + n - 8, 8);
		memcpy(d, &x, 8);
		memcpy(d + n - 8, &y, 8);
		memcpy(d + n, &z, 8);
	} else {
		memcpy(&x, s, 8);
		memcpy(d, s, n);
		memcpy(d + n, &z, 8);
	}
	b->len = off + n;
	*k8 = x;
	return off;
}

static inline size_t text_add(tly_tone *t, const char *s, size_t n)
{
	uint64_t k8;

	return text_add_k8(t, s, n, &k8);
}

/* Does the item text s (n bytes, in t->text, so 8 more bytes are readable)
 * hold "n't"? */
static inline int has_nt(const char *s, size_t n)
{
	/* look for the apostrophe 8 bytes at a time (SWAR): the padding lets
	 * the last word read past the text */
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		x ^= 0x2727272727272727ull;
		if (((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) == 0)
			continue;
		for (size_t j = 0; j + 2 < n; j++)
			if (s[j] == 'n' && s[j + 1] == '\'' && s[j + 2] == 't')
				return 1;
		return 0;
	}
	return 0;
}

static const char *itext(const tly_tone *t, const struct item *it)
{
	return t->text.data + it->off;
}

static int is_code(const struct item *it, int code) { return it->code == code; }

/* Is the item one character long? */
static int one_char(const struct item *it, const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

	return it->len == n;
}

/* Append an item whose text (normalized) is t->text[off, off+n), and look
 * it up in the lexicon.  W_ONE, which only the rules read, is set by
 * prepare_items when a unit has work for the rules. */
static inline __attribute__((always_inline)) struct item *
push_item_k8(tly_tone *t, size_t off, size_t n, uint64_t start, uint64_t end, unsigned flags,
             int lookup, uint64_t k8)
{
	if (t->n == t->cap)
		xgrow((void **)&t->it, &t->cap, t->n + 1, sizeof *t->it);
	struct item *it = &t->it[t->n++];
	it->off = (uint32_t)off;
	it->len = (uint32_t)n;
	it->start = start;
	it->end = end;
	it->val = 0;
	it->boost = 0;
	it->code = K_NONE;
	it->maxphrase = 0;
	it->words = 1;
	/* clause punctuation or a comma before it (t->pend: W_BREAK, W_COMMA) */
	flags |= t->pend;
	t->pend = 0;
	if (lookup) {
		const struct fent *w = fast_get_k8(t->lx, t->text.data + off, n, k8);
		if (w) {
			it->val = w->val;
			it->boost = boost_val[w->boost];
			it->code = w->code;
			it->maxphrase = w->maxphrase;
			unsigned wf = w->flags;
			if ((t->names && (flags & W_NAME)) || (flags & W_MASK))
				wf &= ~(unsigned)W_LEX;  /* "Party" in "Communist Party" */
			flags |= wf;
		}
	}
	it->flags = (uint16_t)flags;
	t->orf |= flags;
	return it;
}

static inline __attribute__((always_inline)) struct item *
push_item(tly_tone *t, size_t off, size_t n, uint64_t start, uint64_t end, unsigned flags,
          int lookup)
{
	return push_item_k8(t, off, n, start, end, flags, lookup,
	                    lookup ? load8(t->text.data + off, n) : 0);
}

/* Before the rules: each item's W_ONE; returns the items in capitals and
 * the items that count for ALL-CAPS emphasis (not one character).  Without
 * an item in capitals (most units), W_ONE changes nothing and is left out. */
static void prepare_items(tly_tone *t, size_t *nup, size_t *ncap)
{
	size_t up = 0, cap = 0;

	if (t->orf & W_UPPER) {
		for (size_t i = 0; i < t->n; i++) {
			struct item *it = &t->it[i];
			unsigned flags = it->flags & ~(unsigned)W_ONE;
			if (one_char(it, t->text.data + it->off))
				flags |= W_ONE;
			else
				cap++;
			it->flags = (uint16_t)flags;
			up += (flags & (W_UPPER | W_ONE)) == W_UPPER;
		}
	}
	*nup = up;
	*ncap = cap;
}

/* Is the item a negation: a negation word, or "n't" in a word (a merged
 * phrase is none)?  Asked only of the few items before a lexicon word. */
static int is_neg(const tly_tone *t, const struct item *it)
{
	return it->words == 1 &&
	       ((it->flags & W_NEG) || (it->len >= 3 && has_nt(t->text.data + it->off, it->len)));
}

static __attribute__((noinline)) struct item *
push_item_call(tly_tone *t, size_t off, size_t n, uint64_t start, uint64_t end, unsigned flags,
               int lookup)
{
	return push_item(t, off, n, start, end, flags, lookup);
}

/* Append an item whose text comes from elsewhere. */
static struct item *push_copy(tly_tone *t, const char *s, size_t n, uint64_t start,
                              uint64_t end, unsigned flags, int lookup)
{
	size_t off = text_add(t, s, n);

	return push_item_call(t, off, n, start, end, flags, lookup);
}

/* x, kept from being loaded together with its neighbour: the tokenizer
 * stores a token's start and end one at a time, and a 16-byte load of the
 * two right after would wait for both stores to finish. */
static inline uint64_t separate(uint64_t x)
{
	__asm__("" : "+r"(x));
	return x;
}

static inline int wordlike(int kind)
{
	return kind != TLY_TK_PUNCT && kind != TLY_TK_SYMBOL;
}

/* A word token becomes an item; the split-off 's and empty tokens do not. */
static inline __attribute__((always_inline)) void word_item(tly_tone *t, const struct ctok *c)
{
	if (c->kind == TLY_TK_CLITIC || c->len == 0)
		return;
	push_item(t, c->off, c->len, c->start, c->end, word_item_flags(c->flags),
	          c->kind != TLY_TK_NUMBER);
}

/* An emoji becomes the words of its description. */
static void emoji_items(tly_tone *t, const struct ctok *c)
{
	const struct emoji *e = tly_hash_get(t->lx->emoji, t->text.data + c->off, c->len, 0,
	                                     NULL);
	if (!e) {
		double v;
		/* a symbol that is itself a lexicon entry */
		if (tly_lexicon_get(t->lx, t->text.data + c->off, c->len, &v))
			push_item_call(t, c->off, c->len, c->start, c->end, W_EMOTICON, 1);
		return;
	}
	const char *s = e->desc, *end = e->desc + e->len;
	while (s < end) {
		const char *sp = memchr(s, ' ', (size_t)(end - s));
		size_t n = sp ? (size_t)(sp - s) : (size_t)(end - s);
		push_copy(t, s, n, c->start, c->end, W_EMOJI, 1);
		s += n + (sp != NULL);
	}
}

/* Push the text of chunk tokens [a, b) (n bytes at s) as one emoticon item
 * if it is a lexicon entry. */
static __attribute__((noinline)) int emoticon(tly_tone *t, size_t a, size_t b, const char *s,
                                              size_t n)
{
	const struct ctok *ca = &t->ch[a], *cb = &t->ch[b - 1];
	const struct fent *w = fast_get(t->lx, s, n);

	if (!w || !(w->flags & W_LEX))
		return 0;
	int letters = 0, upper = 1;
	for (size_t i = a; i < b; i++) {
		if (wordlike(t->ch[i].kind)) {
			if (t->ch[i].flags & TLY_TF_UPPER)
				letters = 1;
			else
				upper = 0;
		}
	}
	push_item_call(t, ca->off, n, ca->start, cb->end,
	               W_EMOTICON | (letters && upper ? W_UPPER : 0), 1);
	return 1;
}

/* Is the text of chunk tokens [a, b) a lexicon entry?  Then push it as one
 * emoticon item. */
static inline int try_emoticon(tly_tone *t, size_t a, size_t b)
{
	const struct ctok *ca = &t->ch[a], *cb = &t->ch[b - 1];
	size_t n = cb->off + cb->len - ca->off;
	const char *s = t->text.data + ca->off;

	if (n == 0)
		return 0;
	unsigned e = (unsigned char)s[0] << 8 | (unsigned char)s[n - 1];
	if (!(t->lx->edge[e >> 3] & (1u << (e & 7))))
		return 0;  /* no entry begins and ends with these bytes */
	return emoticon(t, a, b, s, n);
}

/* What a punctuation token does to the next item: W_BREAK for clause
 * punctuation, W_COMMA for a comma, 0 for the rest. */
static unsigned clause_punct(const char *s, size_t n)
{
	if (n == 1) {
		switch (s[0]) {
		case ',':
			return W_COMMA;
		case ';': case ':': case '.': case '!': case '?': case '(': case ')':
		case '[': case ']': case '"':
			return W_BREAK;
		}
		return 0;
	}
	return (n == 3 && (memcmp(s, "\u2026", 3) == 0 || memcmp(s, "\u201c", 3) == 0 ||
	                   memcmp(s, "\u201d", 3) == 0 || memcmp(s, "\u2013", 3) == 0 ||
	                   memcmp(s, "\u2014", 3) == 0)) ? W_BREAK : 0;
}

/* A one-byte punctuation token: bits 0-1 its clause_punct (W_BREAK >> 8 or
 * W_COMMA >> 8), bit 2 an exclamation mark, bit 3 a question mark. */
static const uint8_t punct1[256] = {
	[','] = W_COMMA >> 8,
	[';'] = W_BREAK >> 8, [':'] = W_BREAK >> 8, ['.'] = W_BREAK >> 8,
	['('] = W_BREAK >> 8, [')'] = W_BREAK >> 8, ['['] = W_BREAK >> 8,
	[']'] = W_BREAK >> 8, ['"'] = W_BREAK >> 8,
	['!'] = W_BREAK >> 8 | 4, ['?'] = W_BREAK >> 8 | 8,
};

/* Note clause punctuation among chunk tokens [a, b). */
static inline void note_breaks(tly_tone *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		t->pend |= t->ch[i].brk;
}

/* The items of chunk tokens [from, n), from a run's beginning: words stay
 * words; each run of punctuation and symbols may be an emoticon, else its
 * emoji are described. */
static void chunk_items(tly_tone *t, size_t from, size_t n)
{
	for (size_t i = from; i < n;) {
		if (wordlike(t->ch[i].kind)) {
			word_item(t, &t->ch[i]);
			i++;
			continue;
		}
		size_t j = i + 1;
		unsigned brk = t->ch[i].brk;
		for (; j < n && !wordlike(t->ch[j].kind); j++)
			brk |= t->ch[j].brk;
		if (!try_emoticon(t, i, j)) {
			t->pend |= brk;
			for (size_t k = i; t->chsym && k < j; k++)
				if (t->ch[k].kind == TLY_TK_SYMBOL)
					emoji_items(t, &t->ch[k]);
		}
		i = j;
	}
	t->chsym = 0;
}

/* The chunk's first word, pushed as the last item, written to ch[0]. */
static inline void write_prov(tly_tone *t)
{
	if (t->capch < 2)
		xgrow((void **)&t->ch, &t->capch, 2, sizeof *t->ch);
	const struct item *it = &t->it[t->n - 1];
	struct ctok *c = &t->ch[0];
	c->off = it->off;
	c->len = it->len;
	c->start = it->start;
	c->end = it->end;
	c->kind = (int)t->pkind;
	c->flags = t->pflags;
	c->brk = 0;
}

/* prov 2 becomes prov 1: the word and the character written to ch[0] and
 * ch[1] (the character's text right after the word's: nothing was added
 * to t->text since) */
static __attribute__((noinline)) void spill_p1(tly_tone *t, uint64_t end)
{
	write_prov(t);
	char c = (char)t->p1;
	struct ctok *p = &t->ch[1];
	p->off = (uint32_t)text_add(t, &c, 1);
	p->len = 1;
	p->start = t->ch[0].end;
	p->end = end;
	p->kind = TLY_TK_PUNCT;
	p->flags = t->p1flags;
	p->brk = t->p1brk;
	t->prov = 1;
}

/* prov 2: can neither the word and its character nor the character alone
 * be an entry (by the first and last bytes)?  Then the character only
 * notes its break. */
static inline int p1_plain(const tly_tone *t)
{
	unsigned p = t->p1;
	unsigned e0 = (unsigned char)t->text.data[t->it[t->n - 1].off] << 8 | p, e1 = p << 8 | p;

	return !(t->lx->edge[e0 >> 3] & (1u << (e0 & 7))) &&
	       !(t->lx->edge[e1 >> 3] & (1u << (e1 & 7)));
}

static void flush_chunk(tly_tone *t)
{
	size_t n = t->nch;

	if (n == 0)
		return;
	t->nch = 0;
	if (t->prov == 2) {
		if (p1_plain(t)) {
			t->prov = 0;
			t->pend |= t->p1brk;
			return;
		}
		spill_p1(t, t->chend);
	}
	if (t->prov) {
		/* the first word's item is in: the chunk as a whole may still be
		 * an emoticon, which takes the item's place */
		t->prov = 0;
		if (n == 1)
			return;
		const struct ctok *c = &t->ch[1];
		if (n == 2 && c->len == 1) {
			/* a word and one punctuation character ("word," "word."):
			 * neither the two nor the character alone begin and end
			 * like an entry (most often), so the character only
			 * notes its break */
			unsigned char p = (unsigned char)t->text.data[c->off];
			unsigned e0 = (unsigned char)t->text.data[t->ch[0].off] << 8 | p;
			unsigned e1 = p << 8 | p;
			if (!(t->lx->edge[e0 >> 3] & (1u << (e0 & 7))) &&
			    !(t->lx->edge[e1 >> 3] & (1u << (e1 & 7))) && c->kind == TLY_TK_PUNCT) {
				t->pend |= c->brk;
				return;
			}
		}
		struct item *it = &t->it[t->n - 1];
		unsigned orf = t->orf, pend = t->pend;
		t->n--;
		t->orf = t->porf;
		t->pend = it->flags & (W_BREAK | W_COMMA);
		if (try_emoticon(t, 0, n))
			return;
		t->n++;
		t->orf = orf;
		t->pend = pend;
		chunk_items(t, 1, n);
		return;
	}
	if (n == 1) {
		if (wordlike(t->ch[0].kind))
			word_item(t, &t->ch[0]);
		else if (t->ch[0].kind == TLY_TK_SYMBOL)
			emoji_items(t, &t->ch[0]);
		else if (!try_emoticon(t, 0, 1))
			note_breaks(t, 0, 1);
		return;
	}
	const struct ctok *c0 = &t->ch[0], *c1 = &t->ch[1];
	if (n == 2 && c0->kind == TLY_TK_PUNCT && c0->len == 1 && wordlike(c1->kind) && c1->len) {
		/* one punctuation character and a word ("[1913" "(see"): what
		 * follows gives, when neither the two nor the character alone
		 * begin and end like an entry */
		unsigned p = (unsigned char)t->text.data[c0->off];
		unsigned e0 = p << 8 | (unsigned char)t->text.data[c1->off + c1->len - 1];
		unsigned e1 = p << 8 | p;
		if (!(t->lx->edge[e0 >> 3] & (1u << (e0 & 7))) &&
		    !(t->lx->edge[e1 >> 3] & (1u << (e1 & 7)))) {
			t->pend |= c0->brk;
			word_item(t, c1);
			return;
		}
	}
	if (!try_emoticon(t, 0, n))
		chunk_items(t, 0, n);
}

/* The ctok flags of a word-like token (CT_NAME: capitalized, not in
 * capitals, and not the sentence's first word; set only when t->names,
 * the one reader of W_NAME, is on). */
static inline unsigned word_flags(tly_tone *t, const tly_token *tok)
{
	unsigned f = tok->flags;

	if (t->names && tok->sent == t->last_sent &&
	    (f & (TLY_TF_TITLE | TLY_TF_UPPER)) == TLY_TF_TITLE)
		f |= CT_NAME;
	t->last_sent = tok->sent;
	return f;
}

static inline __attribute__((always_inline)) void add_ctok(tly_tone *t, const tly_token *tok)
{
	int kind = tok->kind;

	if (t->nch == t->capch)
		xgrow((void **)&t->ch, &t->capch, t->nch + 1, sizeof *t->ch);
	if (kind == TLY_TK_SYMBOL)
		t->chsym = 1;
	struct ctok *c = &t->ch[t->nch++];
	c->off = (uint32_t)text_add(t, tok->text, tok->len);  /* the items' text: copied once */
	c->len = (uint32_t)tok->len;
	c->start = tok->start;
	c->end = separate(tok->end);
	c->kind = kind;
	c->flags = tok->flags;
	c->brk = 0;
	if (kind == TLY_TK_PUNCT) {
		if (tok->len == 1) {
			/* without a branch on the character (they alternate) */
			unsigned k = punct1[(unsigned char)tok->text[0]];
			c->brk = (k & 3) << 8;
			t->excl += (k >> 2) & 1;
			t->quest += k >> 3;
		} else {
			c->brk = clause_punct(tok->text, tok->len);
		}
	} else if (kind != TLY_TK_SYMBOL) {
		c->flags = word_flags(t, tok);
	}
}

/* tly_tone_add for a token that is no sentence record. */
static inline __attribute__((always_inline)) void add_token(tly_tone *t, const tly_token *tok)
{
	int kind = tok->kind;

	/* a token after a space ends the chunk before it */
	if (t->nch) {
		if (t->chend != tok->start) {
			if (t->nch == 1 && t->prov) {
				t->nch = 0;  /* one word: its item is in */
				t->prov = 0;
			} else if (t->prov == 2 && p1_plain(t)) {
				t->nch = 0;  /* "word," "word.": the break noted */
				t->prov = 0;
				t->pend |= t->p1brk;
			} else {
				flush_chunk(t);
			}
		} else if (t->nch == 1 && t->prov) {
			if (kind == TLY_TK_PUNCT && tok->len == 1) {
				/* a word and one punctuation character, so far */
				unsigned char c = (unsigned char)tok->text[0];
				unsigned k = punct1[c];
				t->p1 = c;
				t->p1flags = tok->flags;
				t->p1brk = (k & 3) << 8;
				t->excl += (k >> 2) & 1;
				t->quest += k >> 3;
				t->prov = 2;
				t->nch = 2;
				t->chend = tok->end;
				return;
			}
			write_prov(t);  /* a second token */
		} else if (t->prov == 2) {
			spill_p1(t, t->chend);  /* a third token */
		}
	}
	t->chend = tok->end;
	if (t->nch == 0 && kind != TLY_TK_PUNCT && kind != TLY_TK_SYMBOL &&
	    kind != TLY_TK_CLITIC && tok->len) {
		/* a word that begins a chunk: its item now */
		unsigned f = word_flags(t, tok);
		uint64_t k8;
		size_t off = text_add_k8(t, tok->text, tok->len, &k8);
		t->porf = t->orf;
		push_item_k8(t, off, tok->len, tok->start, separate(tok->end), word_item_flags(f),
		             kind != TLY_TK_NUMBER, k8);
		t->prov = 1;
		t->pkind = (unsigned)kind;
		t->pflags = f;
		t->nch = 1;
		return;
	}
	add_ctok(t, tok);
}

void tly_tone_add(tly_tone *t, const tly_token *tok)
{
	if (tok->kind != TLY_TK_SENTENCE)
		add_token(t, tok);
}

static inline uint64_t unit_of(int unit, const tly_token *tok)
{
	return unit == TLY_UNIT_SENTENCE ? tok->sent : unit == TLY_UNIT_PARAGRAPH ? tok->para : 0;
}

/* tly_tone_add_unit for one kind of unit (a constant once inlined) */
static inline __attribute__((always_inline)) int
add_unit(tly_tone *t, tly_tokenizer *tk, tly_token *tok, int unit, uint64_t *end, tly_err *err)
{
	uint64_t key = unit_of(unit, tok), e = *end;
	int r;

	if (tok->kind != TLY_TK_SENTENCE) {
		e = tok->end;
		add_token(t, tok);
	}
	/* the loop of the caller and tly_tone_add in one: no call per token
	 * but the tokenizer's */
	while ((r = tly_tok_next(tk, tok, err)) > 0) {
		if (tok->kind == TLY_TK_SENTENCE || unit_of(unit, tok) != key)
			break;
		e = tok->end;
		add_token(t, tok);
	}
	*end = e;
	return r;
}

int tly_tone_add_unit(tly_tone *t, tly_tokenizer *tk, tly_token *tok, int unit, uint64_t *end,
                      tly_err *err)
{
	if (unit == TLY_UNIT_SENTENCE)
		return add_unit(t, tk, tok, TLY_UNIT_SENTENCE, end, err);
	return add_unit(t, tk, tok, unit == TLY_UNIT_PARAGRAPH ? TLY_UNIT_PARAGRAPH
	                : TLY_UNIT_DOCUMENT, end, err);
}

/* ---- phrases ---------------------------------------------------------------- */

/* Could items a and b (in t->text, so 8 bytes readable) begin a lexicon
 * phrase? */
static inline int has_pair(const tly_tone *t, const struct item *a, const struct item *b)
{
	unsigned h = pair_hash(itext(t, a), a->len, itext(t, b), b->len);

	return (t->lx->pairs[h >> 6] >> (h & 63)) & 1;
}

/* Merge items [i, i+k) that form a multi-word lexicon entry into one. */
static void merge_phrases(tly_tone *t)
{
	tly_buf *key = &t->rscratch;
	size_t w = 0;

	for (size_t i = 0; i < t->n; w++) {
		struct item *it = &t->it[i];
		size_t take = 1;
		if ((it->flags & W_PHRASE) && it->maxphrase > 1 && i + 1 < t->n &&
		    has_pair(t, it, &t->it[i + 1])) {
			size_t maxk = it->maxphrase;
			if (maxk > t->n - i)
				maxk = t->n - i;
			for (size_t k = maxk; k >= 2; k--) {
				tly_buf_clear(key);
				for (size_t j = 0; j < k; j++) {
					if (j)
						tly_buf_addc(key, ' ');
					tly_buf_add(key, itext(t, &t->it[i + j]), t->it[i + j].len);
				}
				const struct pinfo *p = tly_hash_get(t->lx->phrases, key->data, key->len,
				                                     0, NULL);
				if (p && (p->kind & P_LEX)) {
					/* the phrase's text is appended; its words' texts stay */
					int upper = 1;
					for (size_t j = 0; j < k; j++)
						upper &= (t->it[i + j].flags & W_UPPER) != 0;
					uint64_t end = t->it[i + k - 1].end;
					struct item m = *it;
					m.off = (uint32_t)text_add(t, key->data, key->len);
					m.len = (uint32_t)key->len;
					m.end = end;
					m.val = p->val;
					m.boost = 0;
					m.flags = (uint16_t)(W_LEX | (upper ? W_UPPER : 0));
					m.code = K_NONE;
					m.words = (uint8_t)k;
					t->it[i] = m;
					take = k;
					break;
				}
			}
		}
		if (w != i)
			t->it[w] = t->it[i];
		i += take;
	}
	if (w != t->n) {
		t->n = w;
		t->orf |= W_LEX;  /* the merged phrase */
	}
}

/* ---- the rules ----------------------------------------------------------------- */

static void rule(tly_tone *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void rule(tly_tone *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (t->rules.len && t->rules.data[t->rules.len - 1] != '\0')
		tly_buf_addc(&t->rules, ';');
	tly_buf_adds(&t->rules, buf);
}

/* Look up the words of items a..b (inclusive) as one phrase. */
static const struct pinfo *seq(tly_tone *t, long a, long b)
{
	if (a < 0 || b >= (long)t->n)
		return NULL;
	for (long i = a; i <= b; i++)
		if (!(t->it[i].flags & W_SPECIAL))
			return NULL;
	tly_buf *key = &t->rscratch;
	tly_buf_clear(key);
	for (long i = a; i <= b; i++) {
		if (i > a)
			tly_buf_addc(key, ' ');
		tly_buf_add(key, itext(t, &t->it[i]), t->it[i].len);
	}
	return tly_hash_get(t->lx->phrases, key->data, key->len, 0, NULL);
}

static const char *seqtext(tly_tone *t) { return t->rscratch.data; }

/* VADER's valence of item i (sentiment_valence and the checks it calls). */
static double valence(tly_tone *t, size_t i, int cap_diff)
{
	const struct item *it = &t->it[i], *w = t->it;
	int ex = t->explain;

	if (it->flags & W_BOOST)
		return 0;  /* a modifier, not a sentiment word */
	if (is_code(it, K_KIND) && i + 1 < t->n && is_code(&w[i + 1], K_OF))
		return 0;  /* "kind of" */
	if (!(it->flags & W_LEX))
		return 0;

	double v = it->val;
	if (ex && it->words > 1)
		rule(t, "phrase(%u words)", (unsigned)it->words);
	if (ex && (it->flags & W_EMOJI))
		rule(t, "emoji");
	if (ex && (it->flags & W_EMOTICON))
		rule(t, "emoticon");

	/* "no" before a lexicon word is a negation, not a sentiment; "no no no"
	 * is emphasis, not negation (VADER turns it positive) */
	if (is_code(it, K_NO) && i + 1 < t->n && (w[i + 1].flags & W_LEX) &&
	    !is_code(&w[i + 1], K_NO)) {
		v = 0;
		if (ex)
			rule(t, "no-before-sentiment-word(=0)");
	}
	if (!is_code(it, K_NO) &&
	    ((i > 0 && is_code(&w[i - 1], K_NO)) || (i > 1 && is_code(&w[i - 2], K_NO)) ||
	     (i > 2 && is_code(&w[i - 3], K_NO) &&
	      (is_code(&w[i - 1], K_OR) || is_code(&w[i - 1], K_NOR))))) {
		v = it->val * N_SCALAR;
		if (ex)
			rule(t, "no(x%g)", N_SCALAR);
	}
	/* ALL-CAPS emphasis when only some words are capitals */
	if ((it->flags & W_UPPER) && cap_diff) {
		if (v > 0)
			v += C_INCR;
		else if (v < 0)
			v -= C_INCR;
		if (ex && v != 0)
			rule(t, "caps(%+g)", v > 0 ? C_INCR : -C_INCR);
	}
	/* The three preceding items: boosters, and negations with VADER's
	 * exceptions.  A negation's scope (tally's rule) ends at clause
	 * punctuation, and at a sentiment word unless a list goes on after it
	 * ("not smart, handsome, nor funny") without a negation of its own:
	 * in "not good, not bad" the second "not" starts a new scope, and
	 * "bad" is negated once, not by both. */
	int blocked = 0, negator = 0;
	for (size_t d = 1; d <= 3 && d <= i; d++) {
		const struct item *p = &w[i - d], *after = &w[i - d + 1];
		if (after->flags & W_BREAK)
			blocked = 1;
		if (p->flags & W_LEX) {
			if (negator || (!(after->flags & W_COMMA) && !is_code(after, K_AND) &&
			                !is_code(after, K_OR) && !is_code(after, K_NOR)))
				blocked = 1;
			continue;  /* a sentiment word is no modifier (VADER skips it) */
		}
		int pneg = is_neg(t, p);
		if (p->flags & W_BOOST) {
			double s = p->boost;
			if (v < 0)
				s = -s;
			if ((p->flags & W_UPPER) && cap_diff) {
				if (v > 0)
					s += C_INCR;
				else if (v < 0)
					s -= C_INCR;
			}
			if (d == 2)
				s *= 0.95;
			else if (d == 3)
				s *= 0.9;
			v += s;
			if (ex && s != 0)
				rule(t, "%s(%.*s@-%zu:%+.6g)", p->boost > 0 ? "booster" : "dampener",
				     (int)p->len, itext(t, p), d, s);
		}
		if (pneg) {
			if (blocked)
				continue;
			negator = 1;
		}
		if (d == 1) {
			if (pneg) {
				v *= N_SCALAR;
				if (ex)
					rule(t, "negation(%.*s@-1:x%g)", (int)p->len, itext(t, p), N_SCALAR);
			}
		} else if (d == 2) {
			if (is_code(&w[i - 2], K_NEVER) &&
			    (is_code(&w[i - 1], K_SO) || is_code(&w[i - 1], K_THIS))) {
				v *= NEVER_SO;
				if (ex)
					rule(t, "never-so(@-2:x%g)", NEVER_SO);
			} else if (is_code(&w[i - 2], K_WITHOUT) && is_code(&w[i - 1], K_DOUBT)) {
				if (ex)
					rule(t, "without-doubt(@-2:no negation)");
			} else if (pneg) {
				v *= N_SCALAR;
				if (ex)
					rule(t, "negation(%.*s@-2:x%g)", (int)p->len, itext(t, p), N_SCALAR);
			}
		} else {
			/* VADER's condition, kept as it is: "so"/"this" just before the
			 * word also counts (so "never been so good" is not negated) */
			if ((is_code(&w[i - 3], K_NEVER) &&
			     (is_code(&w[i - 2], K_SO) || is_code(&w[i - 2], K_THIS))) ||
			    is_code(&w[i - 1], K_SO) || is_code(&w[i - 1], K_THIS)) {
				v *= NEVER_SO;
				if (ex)
					rule(t, "never-so(@-3:x%g)", NEVER_SO);
			} else if (is_code(&w[i - 3], K_WITHOUT) &&
			           (is_code(&w[i - 2], K_DOUBT) || is_code(&w[i - 1], K_DOUBT))) {
				if (ex)
					rule(t, "without-doubt(@-3:no negation)");
			} else if (pneg) {
				v *= N_SCALAR;
				if (ex)
					rule(t, "negation(%.*s@-3:x%g)", (int)p->len, itext(t, p), N_SCALAR);
			}
		}
	}
	/* tally's wider scope: a negation 4 or 5 items back, with no
	 * punctuation (commas included) and no sentiment word in between */
	if (!negator && !blocked) {
		for (size_t d = 1; d <= NEG_SCOPE && d <= i; d++) {
			const struct item *p = &w[i - d];
			if ((w[i - d + 1].flags & (W_BREAK | W_COMMA)) || (p->flags & W_LEX))
				break;
			if (d > 3 && is_neg(t, p)) {
				v *= N_SCALAR;
				if (ex)
					rule(t, "negation(%.*s@-%zu:x%g)", (int)p->len, itext(t, p), d, N_SCALAR);
				break;
			}
		}
	}
	/* special idioms around the word (VADER's _special_idioms_check); seq()
	 * gives up at once unless every word occurs in some idiom */
	if ((it->flags & W_SPECIAL) || (i >= 1 && (w[i - 1].flags & W_SPECIAL)) ||
	    (i >= 2 && (w[i - 2].flags & W_SPECIAL))) {
		long I = (long)i;
		const struct pinfo *p;
		static const int around[5][2] = {{-1, 0}, {-2, 0}, {-2, -1}, {-3, -1}, {-3, -2}};
		for (int k = 0; k < 5; k++) {
			p = seq(t, I + around[k][0], I + around[k][1]);
			if (p && (p->kind & P_SPECIAL)) {
				v = p->special;
				if (ex)
					rule(t, "idiom(%s=%g)", seqtext(t), p->special);
				break;
			}
		}
		for (long e = I + 1; e <= I + 2; e++) {
			p = seq(t, I, e);
			if (p && (p->kind & P_SPECIAL)) {
				v = p->special;
				if (ex)
					rule(t, "idiom(%s=%g)", seqtext(t), p->special);
			}
		}
		static const int grams[3][2] = {{-3, -1}, {-3, -2}, {-2, -1}};
		for (int k = 0; k < 3; k++) {
			p = seq(t, I + grams[k][0], I + grams[k][1]);
			if (p && (p->kind & P_BOOSTGRAM)) {
				/* a dampener pulls towards 0 whatever the sign (VADER adds
				 * -0.293 to negative words too) */
				double s = v < 0 ? -p->boost : p->boost;
				v += s;
				if (ex)
					rule(t, "dampener(%s:%+g)", seqtext(t), s);
			}
		}
	}
	/* "least": "the least good" is negated, "at least good" is not */
	if (i > 1 && !(w[i - 1].flags & W_LEX) && is_code(&w[i - 1], K_LEAST)) {
		if (!is_code(&w[i - 2], K_AT) && !is_code(&w[i - 2], K_VERY)) {
			v *= N_SCALAR;
			if (ex)
				rule(t, "least(x%g)", N_SCALAR);
		}
	} else if (i > 0 && !(w[i - 1].flags & W_LEX) && is_code(&w[i - 1], K_LEAST)) {
		v *= N_SCALAR;
		if (ex)
			rule(t, "least(x%g)", N_SCALAR);
	}
	return v;
}

void tly_tone_score_unit(tly_tone *t, tly_tone_score *s)
{
	flush_chunk(t);
	if (t->orf & W_PHRASE)
		merge_phrases(t);
	memset(s, 0, sizeof *s);

	size_t n = t->n;
	if (!(t->orf & W_LEX) && !t->explain) {
		/* no lexicon word (the common sentence): every valence is 0 (t->v
		 * is not written), and the scores are what the general path below
		 * gives for that */
		t->vzero = 1;
		t->but = 0;
		s->words = n;
		if (n) {
			t->amp = 0;
			s->neu = 1;
		}
		return;
	}
	t->vzero = 0;
	if (n + 1 > t->capv)
		xgrow((void **)&t->v, &t->capv, n + 1, sizeof *t->v);
	if (t->explain) {
		size_t c = t->capr;
		xgrow((void **)&t->roff, &c, n + 1, sizeof *t->roff);
		c = t->capr;
		xgrow((void **)&t->rlen, &c, n + 1, sizeof *t->rlen);
		t->capr = c;
		tly_buf_clear(&t->rules);
	}

	/* ALL-CAPS counts only when some, not all, words are capitals; one
	 * character ("I", "A") is no emphasis and does not count */
	size_t nup, ncap;
	prepare_items(t, &nup, &ncap);
	int cap_diff = nup > 0 && nup < ncap;

	size_t bi = n;
	for (size_t i = 0; i < n; i++) {
		if (t->it[i].flags & W_LEX) {
			s->nlex++;
			s->npos += t->it[i].val > 0;
			s->nneg += t->it[i].val < 0;
		}
		if (t->explain) {
			tly_buf_addc(&t->rules, '\0');
			t->roff[i] = (uint32_t)t->rules.len;
		}
		t->v[i] = (t->it[i].flags & (W_LEX | W_BOOST)) == W_LEX ? valence(t, i, cap_diff) : 0;
		if (t->explain)
			t->rlen[i] = (uint32_t)(t->rules.len - t->roff[i]);
		if (bi == n && is_code(&t->it[i], K_BUT))
			bi = i;
	}
	/* "but": the words before count half, the words after one and a half */
	t->but = 0;
	if (bi < n) {
		t->but = 1;
		t->but_at = bi;
		for (size_t i = 0; i < n; i++) {
			if (i < bi)
				t->v[i] *= BUT_BEFORE;
			else if (i > bi)
				t->v[i] *= BUT_AFTER;
		}
	}

	s->words = n;
	if (n == 0)
		return;
	double sum = 0, pos = 0, neg = 0;
	uint64_t neu = 0;
	for (size_t i = 0; i < n; i++) {
		double v = t->v[i];
		sum += v;
		if (v > 0)
			pos += v + 1;
		else if (v < 0)
			neg += v - 1;
		else
			neu++;
	}
	/* punctuation emphasis */
	unsigned ep = t->excl > 4 ? 4 : t->excl;
	double amp = ep * EP_AMP;
	if (t->quest > 1)
		amp += t->quest <= 3 ? t->quest * QM_AMP : QM_MAX;
	t->amp = 0;
	if (sum > 0) {
		sum += amp;
		t->amp = amp;
	} else if (sum < 0) {
		sum -= amp;
		t->amp = -amp;
	}
	s->sum = sum;
	if (pos == 0 && neg == 0) {
		/* every item neutral (the common sentence): what the formulas below
		 * give, without a square root and four divisions */
		s->compound = 0;
		s->pos = s->neg = 0;
		s->neu = 1;
		return;
	}
	double c = sum / sqrt(sum * sum + ALPHA);
	s->compound = c < -1 ? -1 : c > 1 ? 1 : c;
	if (pos > -neg)
		pos += amp;
	else if (pos < -neg)
		neg -= amp;
	double total = pos - neg + (double)neu;
	s->pos = fabs(pos / total);
	s->neg = fabs(neg / total);
	s->neu = fabs((double)neu / total);
}

size_t tly_tone_nitems(const tly_tone *t) { return t->n; }

double tly_tone_emphasis(const tly_tone *t, unsigned *exclaims, unsigned *questions)
{
	if (exclaims)
		*exclaims = t->excl;
	if (questions)
		*questions = t->quest;
	return t->amp;
}

void tly_tone_get_item(tly_tone *t, size_t i, tly_tone_item *out)
{
	const struct item *it = &t->it[i];

	out->word = itext(t, it);
	out->len = it->len;
	out->start = it->start;
	out->end = it->end;
	out->in_lexicon = (it->flags & W_LEX) != 0;
	out->lexicon = out->in_lexicon ? it->val : 0;
	out->valence = t->vzero ? 0 : t->v[i];
	tly_buf_clear(&t->rscratch);
	if (t->explain && t->rlen[i])
		tly_buf_add(&t->rscratch, t->rules.data + t->roff[i], t->rlen[i]);
	if (t->but && t->v[i] != 0 && i != t->but_at) {
		if (t->rscratch.len)
			tly_buf_addc(&t->rscratch, ';');
		tly_buf_adds(&t->rscratch, i < t->but_at ? "but(x0.5)" : "but(x1.5)");
	}
	tly_buf_addc(&t->rscratch, '\0');
	out->rules = t->rscratch.data;
}

int tly_tone_string(tly_tone *t, const char *s, size_t len, tly_tone_score *sc, tly_err *err)
{
	tly_tokopts o = {0};
	tly_token tok;
	int r;

	o.fold_case = 1;
	o.fold_diacritics = t->lx->fold_dia;
	o.emit_punct = 1;
	if (!t->tk)
		t->tk = tly_tok_new(&o);
	tly_doc *d = tly_doc_mem("-", s, len);
	tly_tok_reset(t->tk, d);
	tly_tone_clear(t);
	while ((r = tly_tok_next(t->tk, &tok, err)) > 0)
		tly_tone_add(t, &tok);
	tly_doc_free(d);
	if (r < 0)
		return -1;
	tly_tone_score_unit(t, sc);
	return 0;
}

/* ---- bootstrap ---------------------------------------------------------------- */

struct distinct {
	double v;
	size_t count;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct vcount {
	uint64_t bits;  /* of the value; VC_EMPTY: a free slot */
	size_t count;
};

#define VC_EMPTY UINT64_MAX  /* a NaN: never a counted value */

/* A value's bits as an unsigned number in the values' order (NaN aside;
 * -0 before +0): a negative's bits inverted, a positive's sign bit set. */
static inline uint64_t order_key(uint64_t bits)
{
	return bits >> 63 ? ~bits : bits | 1ull << 63;
}

/* Sort distinct values (no NaN, not both zeros) ascending: by insertion
 * when they are few, else an LSD radix sort of their order_key, a byte at
 * a time (the keys differ, so the order is the one comparisons give). */
static void sort_vcounts(struct vcount *v, size_t d)
{
	if (d < 64) {
		for (size_t i = 1; i < d; i++) {
			struct vcount x = v[i];
			uint64_t k = order_key(x.bits);
			size_t j = i;
			for (; j > 0 && order_key(v[j - 1].bits) > k; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	struct vcount *tmp = xmalloc(d * sizeof *tmp), *from = v, *to = tmp;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t cnt[256] = {0};
		for (size_t i = 0; i < d; i++)
			cnt[order_key(from[i].bits) >> shift & 255]++;
		if (cnt[order_key(from[0].bits) >> shift & 255] == d)
			continue;  /* one byte value: the order stays */
		size_t at = 0;
		for (int b = 0; b < 256; b++) {
			size_t c = cnt[b];
			cnt[b] = at;
			at += c;
		}
		for (size_t i = 0; i < d; i++)
			to[cnt[order_key(from[i].bits) >> shift & 255]++] = from[i];
		struct vcount *x = from;
		from = to;
		to = x;
	}
	if (from != v)
		memcpy(v, from, d * sizeof *v);
	free(tmp);
}

static inline size_t vc_hash(uint64_t bits)
{
	uint64_t m = bits * 0x9E3779B97F4A7C15ull;

	return (size_t)(m ^ (m >> 32));
}

/* Sort x[0..n) as qsort with cmp_double sorts it, fast when values repeat
 * (a document's units: few distinct compounds and proportions): the
 * values are counted in a hash table by their bits, the distinct ones
 * sorted, and each written as often as it came.  Values that compare equal
 * have the same bits unless they are zeros or NaN, so without those the
 * sorted order is one and the same whatever the sort.  A NaN (which
 * compares equal to everything), both zeros (equal, but two bit patterns
 * whose order is the sort's own) or too many distinct values leave it to
 * qsort.  Returns 1 if sorted here. */
static int sort_counted(double *x, size_t n)
{
	size_t cap = 1024, used = 0, limit = n / 2 > 64 ? n / 2 : 64;
	struct vcount *tab = xmalloc(cap * sizeof *tab);
	int zeros = 0;  /* bit 1: +0 seen, bit 2: -0 seen */
	int ok = 1;

	for (size_t i = 0; i < cap; i++)
		tab[i].bits = VC_EMPTY;
	for (size_t i = 0; i < n && ok;) {
		/* a run of equal values is counted at once */
		uint64_t b, c;
		size_t j = i + 1;
		memcpy(&b, &x[i], sizeof b);
		while (j < n && (memcpy(&c, &x[j], sizeof c), c == b))
			j++;
		for (size_t h = vc_hash(b) & (cap - 1);; h = (h + 1) & (cap - 1)) {
			if (tab[h].bits != VC_EMPTY) {
				if (tab[h].bits != b)
					continue;
				tab[h].count += j - i;
				break;
			}
			if (isnan(x[i]) || ++used > limit) {
				ok = 0;
				break;
			}
			if (x[i] == 0)
				zeros |= b ? 2 : 1;
			tab[h].bits = b;
			tab[h].count = j - i;
			if (used * 2 > cap) {
				/* grow: rehash the slots into a table twice the size */
				size_t ncap = cap * 2;
				struct vcount *nt = xmalloc(ncap * sizeof *nt);
				for (size_t k = 0; k < ncap; k++)
					nt[k].bits = VC_EMPTY;
				for (size_t k = 0; k < cap; k++) {
					if (tab[k].bits == VC_EMPTY)
						continue;
					size_t g = vc_hash(tab[k].bits) & (ncap - 1);
					while (nt[g].bits != VC_EMPTY)
						g = (g + 1) & (ncap - 1);
					nt[g] = tab[k];
				}
				free(tab);
				tab = nt;
				cap = ncap;
			}
			break;
		}
		i = j;
	}
	if (ok && zeros != 3) {
		size_t d = 0;
		for (size_t i = 0; i < cap; i++)
			if (tab[i].bits != VC_EMPTY)
				tab[d++] = tab[i];
		sort_vcounts(tab, d);
		size_t k = 0;
		for (size_t i = 0; i < d; i++) {
			double v;
			memcpy(&v, &tab[i].bits, sizeof v);
			for (size_t j = 0; j < tab[i].count; j++)
				x[k++] = v;
		}
	}
	free(tab);
	return ok && zeros != 3;
}

void tly_sort_values(double *x, size_t n)
{
	if (n > 1 && (n < 256 || !sort_counted(x, n)))
		qsort(x, n, sizeof *x, cmp_double);
}

static int cmp_distinct(const void *a, const void *b)
{
	const struct distinct *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

/* The distinct values of x and their counts, most frequent first (ties by
 * value); returns K, or 0 if there are more than n / 16. */
static size_t distinct_values(const double *x, size_t n, struct distinct **out)
{
	double *s = xmalloc(n * sizeof *s);
	struct distinct *d = NULL;
	size_t k = 0, cap = 0;

	memcpy(s, x, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	for (size_t i = 0; i < n; i++) {
		if (k && d[k - 1].v == s[i]) {
			d[k - 1].count++;
			continue;
		}
		if (k + 1 > n / 16) {
			k = 0;
			break;
		}
		xgrow((void **)&d, &cap, k + 1, sizeof *d);
		d[k].v = s[i];
		d[k].count = 1;
		k++;
	}
	free(s);
	if (k)
		qsort(d, k, sizeof *d, cmp_distinct);
	*out = d;
	return k;
}

void tly_bootstrap_mean(const double *x, size_t n, unsigned long B, unsigned long seed,
                        double level, double *lo, double *hi)
{
	if (n == 0 || B == 0) {
		*lo = *hi = NAN;
		return;
	}
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double *m = xmalloc(B * sizeof *m);
	struct distinct *d = NULL;
	size_t k = 0;

	gsl_rng_set(r, seed);
	/* A large sample whose values repeat (most sentences score 0) is
	 * resampled through the counts of its distinct values, which follow a
	 * multinomial: the same distribution as n draws with replacement, at a
	 * cost of B*K instead of B*n. */
	if ((double)n * (double)B > 1e7 && n <= 4000000000u)
		k = distinct_values(x, n, &d);
	for (unsigned long b = 0; b < B; b++) {
		double sum = 0;
		if (k) {
			size_t left = n, mass = n;
			for (size_t j = 0; j < k && left; j++) {
				unsigned int c = j + 1 == k ? (unsigned int)left
				                 : gsl_ran_binomial(r, (double)d[j].count / (double)mass,
				                                    (unsigned int)left);
				sum += c * d[j].v;
				left -= c;
				mass -= d[j].count;
			}
		} else {
			for (size_t i = 0; i < n; i++)
				sum += x[gsl_rng_uniform_int(r, n)];
		}
		m[b] = sum / (double)n;
	}
	gsl_sort(m, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(m, 1, B, level / 2);
	*hi = gsl_stats_quantile_from_sorted_data(m, 1, B, 1 - level / 2);
	free(d);
	free(m);
	gsl_rng_free(r);
}

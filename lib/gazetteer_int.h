/* gazetteer_int.h - the gazetteer's insides, shared by gazetteer.c (which
 * loads it) and match.c (which walks it).  Not part of the public API. */
#ifndef TALLY_GAZETTEER_INT_H
#define TALLY_GAZETTEER_INT_H

#include "tally.h"

/* Entry classes, in the order that decides between entries on the same
 * token span: a stop phrase beats everything, a country a person, ... */
enum gclass { G_STOP, G_COUNTRY, G_PERSON, G_CAPITAL, G_TITLE, G_SHORT };

/* Case a token of a name asks of the text's token. */
enum { CASE_ANY = 0, CASE_TITLE = 1, CASE_UPPER = 2 };

#define GAZ_MAX_TOKENS 32   /* tokens in one name */

struct gentry {
	uint32_t ent;       /* entity id; G_SHORT: offset of its candidates in cands */
	uint32_t ncands;    /* G_SHORT: number of candidate people */
	uint32_t casepat;   /* offset of ntok case requirements in casepat */
	uint8_t cls;        /* enum gclass */
	uint8_t kind;       /* TLY_MATCH_NAME or TLY_MATCH_DEMONYM */
	uint8_t folded;     /* reached through the diacritic-folded spelling */
	uint8_t ambiguous;  /* a name that needs evidence ("Chad", "Jordan") */
	uint8_t ntok;
};

struct gnode {
	uint32_t first, n;  /* its entries: ents[first .. first+n) */
};

struct grole {
	char from[11], to[11];  /* YYYY-MM-DD, padded; "" when open */
	const char *words;      /* the role's tokens as the matcher folds them,
	                           each between \x1f: "\x1fprime\x1fminister\x1f..."
	                           ("" when the row gives no role) */
};

struct gent {
	const char *name, *code;
	int type;
	uint32_t role0, nroles;  /* people: roles[role0 .. role0+nroles) */
	int current;             /* people: a role with no end date */
};

/* A child of the root: its node, and whether some name starting there lets
 * its first token match in any case (else a lowercase token cannot start a
 * match there: "the", "to", "us"). */
struct grootval {
	uint32_t node;
	uint32_t anycase;
};

struct tly_gazetteer {
	struct gent *ents;
	size_t nents, capents;
	tly_hash *byname;        /* canonical name -> uint32 entity id */
	tly_hash *root;          /* token text -> struct grootval (children of 0) */
	tly_hash *edges;         /* uint32 parent + token text -> uint32 node id */
	uint32_t nnodes;
	struct gnode *nodes;
	struct gentry *entries;
	size_t nentries;
	uint8_t *casepat;
	size_t ncasepat, capcasepat;
	uint32_t *cands;
	size_t ncands, capcands;
	struct grole *roles;
	size_t nroles, caproles;
	int maxdepth;
	tly_arena *arena;
};

/* The child of node reached by the token text s (len bytes), or 0.  scratch
 * holds the composite key between calls (no allocation once grown). */
static inline uint32_t gaz_child(const tly_gazetteer *g, uint32_t node, const char *s,
                                 size_t len, tly_buf *scratch)
{
	uint32_t *v;

	if (node == 0) {
		struct grootval *r = tly_hash_get(g->root, s, len, 0, NULL);
		return r ? r->node : 0;
	} else {
		tly_buf_clear(scratch);
		tly_buf_add(scratch, &node, sizeof node);
		tly_buf_add(scratch, s, len);
		v = tly_hash_get(g->edges, scratch->data, scratch->len, 0, NULL);
	}
	return v ? *v : 0;
}

/* Pad a date YYYY[-MM[-DD]] to YYYY-MM-DD into out[11], with the first day
 * (end = 0) or the last (end = 1) of a partial date.  Returns -1 if s is not
 * such a date. */
int tly_gaz_date(const char *s, size_t len, int end, char out[11]);

#endif

/* tuples.h - a table of fixed-length tuples of 32-bit ids (n-grams, pairs,
 * (group, unit, unit) triples), each given a dense id in insertion order:
 * slots of 8 bytes (32 hash bits and the tuple's id) over a dense array of
 * the tuples.  Header-only, so that the lookups inline into counting loops;
 * values belong to the caller, in arrays indexed by the ids. */
#ifndef TALLY_TUPLES_H
#define TALLY_TUPLES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct tly_tslot {
	uint32_t tag;  /* 0: empty; else hash bits | 1 */
	uint32_t id;
};

typedef struct tly_tuples {
	struct tly_tslot *slots;
	size_t mask;
	uint32_t *keys;  /* tuple id * n: its ids */
	size_t count, cap;
	int n;
} tly_tuples;

static inline uint64_t tly_tuple_hash(const uint32_t *ids, int n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull;

	for (int i = 0; i < n; i++)
		h = (h ^ ids[i]) * 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	h *= 0x9FB21C651E98DF25ull;
	h ^= h >> 29;
	return h;
}

static inline void tly_tuples_init(tly_tuples *g, int n)
{
	memset(g, 0, sizeof *g);
	g->n = n;
	g->mask = 4095;
	g->slots = xcalloc(g->mask + 1, sizeof *g->slots);
}

static inline void tly_tuples_free(tly_tuples *g)
{
	free(g->slots);
	free(g->keys);
}

static inline void tly_tuples_grow(tly_tuples *g)
{
	size_t nmask = g->mask * 2 + 1;
	struct tly_tslot *ns = xcalloc(nmask + 1, sizeof *ns);

	for (size_t i = 0; i <= g->mask; i++) {
		if (!g->slots[i].tag)
			continue;
		size_t j = tly_tuple_hash(g->keys + (size_t)g->slots[i].id * (size_t)g->n, g->n) & nmask;
		while (ns[j].tag)
			j = (j + 1) & nmask;
		ns[j] = g->slots[i];
	}
	free(g->slots);
	g->slots = ns;
	g->mask = nmask;
}

/* The slot of ids[0..n) (tly_tuple_hash h): its own, or the empty one
 * where it would go; *found says which. */
static inline size_t tly_tuples_slot(const tly_tuples *g, const uint32_t *ids, uint64_t h,
                                     int *found)
{
	const int n = g->n;
	uint32_t tag = (uint32_t)(h >> 32) | 1u;
	size_t i = h & g->mask;

	for (;; i = (i + 1) & g->mask) {
		const struct tly_tslot *sl = &g->slots[i];

		if (!sl->tag)
			break;
		if (sl->tag == tag) {
			const uint32_t *k = g->keys + (size_t)sl->id * (size_t)n;
			int j = 0;
			while (j < n && k[j] == ids[j])
				j++;
			if (j == n) {
				*found = 1;
				return i;
			}
		}
	}
	*found = 0;
	return i;
}

/* The id of ids[0..n), or -1 if it is not in the table. */
static inline int64_t tly_tuples_find(const tly_tuples *g, const uint32_t *ids)
{
	int found;
	size_t i = tly_tuples_slot(g, ids, tly_tuple_hash(ids, g->n), &found);

	return found ? (int64_t)g->slots[i].id : -1;
}

/* The id of ids[0..n) (tly_tuple_hash h), made if new; what names the
 * tuples in the error if there are too many. */
static inline uint32_t tly_tuples_id_h(tly_tuples *g, const uint32_t *ids, uint64_t h,
                                       const char *what)
{
	int found;
	size_t i = tly_tuples_slot(g, ids, h, &found);

	if (found)
		return g->slots[i].id;
	if (g->count >= UINT32_MAX)
		tly_die(TLY_EXIT_DATA, "more than 4294967294 distinct %s", what);
	uint32_t id = (uint32_t)g->count;
	xgrow((void **)&g->keys, &g->cap, (g->count + 1) * (size_t)g->n, sizeof *g->keys);
	memcpy(g->keys + g->count * (size_t)g->n, ids, (size_t)g->n * sizeof *ids);
	g->count++;
	g->slots[i].tag = (uint32_t)(h >> 32) | 1u;
	g->slots[i].id = id;
	if (g->count * 4 > (g->mask + 1) * 3)
		tly_tuples_grow(g);
	return id;
}

static inline uint32_t tly_tuples_id(tly_tuples *g, const uint32_t *ids, const char *what)
{
	return tly_tuples_id_h(g, ids, tly_tuple_hash(ids, g->n), what);
}

#endif

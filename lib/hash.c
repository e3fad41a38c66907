/* hash.c - an open-addressing table of interned byte strings.
 *
 * Each entry is one arena block: the caller's value area followed by the key
 * bytes, so value pointers stay valid for the table's whole life.  Slots hold
 * the hash and the entry id; ids are dense and follow insertion order, which
 * lets tools sort or walk entries without touching the slots.  Entries added
 * by tly_hash_append (keys the caller knows to be new) get their slots only
 * when a lookup needs them. */
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct entry {
	const char *key;
	size_t len;
	void *val;
};

struct slot {
	uint64_t hash;  /* 0 marks an empty slot */
	size_t id;
};

struct tly_hash {
	struct slot *slots;
	size_t mask;       /* nslots - 1 */
	struct entry *ents;
	size_t n, cap;
	size_t indexed;    /* entries [0, indexed) have their slots */
	size_t val_size;   /* rounded up to 8 */
	tly_arena *arena;
};

static inline uint64_t mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t tly_hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = mix(h ^ w, 0xA0761D6478BD642Full);
		s += 8;
		n -= 8;
	}
	w = 0;
	if (n)
		memcpy(&w, s, n);
	h = mix(h ^ w, 0xE7037ED1A0B428DBull);
	h = mix(h, 0x8EBC6AF09C88C6E3ull);
	return h ? h : 1;
}

tly_hash *tly_hash_new(size_t val_size)
{
	tly_hash *h = xcalloc(1, sizeof *h);

	h->mask = 1023;
	h->slots = xcalloc(h->mask + 1, sizeof *h->slots);
	h->val_size = (val_size + 7) & ~(size_t)7;
	h->arena = tly_arena_new();
	return h;
}

/* Move the slots into a table of nmask + 1 slots. */
static void rehash_to(tly_hash *h, size_t nmask)
{
	struct slot *ns = xcalloc(nmask + 1, sizeof *ns);

	for (size_t i = 0; i <= h->mask; i++) {
		struct slot s = h->slots[i];

		if (!s.hash)
			continue;
		size_t j = s.hash & nmask;
		while (ns[j].hash)
			j = (j + 1) & nmask;
		ns[j] = s;
	}
	free(h->slots);
	h->slots = ns;
	h->mask = nmask;
}

/* Slots for the entries appended since the last lookup. */
static void index_rest(tly_hash *h)
{
	size_t mask = h->mask;

	while (h->n * 4 > (mask + 1) * 3)
		mask = mask * 2 + 1;
	if (mask != h->mask)
		rehash_to(h, mask);
	for (size_t id = h->indexed; id < h->n; id++) {
		uint64_t hv = tly_hash_bytes(h->ents[id].key, h->ents[id].len);
		size_t i = hv & h->mask;

		while (h->slots[i].hash)
			i = (i + 1) & h->mask;
		h->slots[i].hash = hv;
		h->slots[i].id = id;
	}
	h->indexed = h->n;
}

static struct entry *add_entry(tly_hash *h, const char *key, size_t len)
{
	xgrow((void **)&h->ents, &h->cap, h->n + 1, sizeof *h->ents);
	char *block = tly_arena_alloc(h->arena, h->val_size + len + 1);
	struct entry *e = &h->ents[h->n];

	memset(block, 0, h->val_size);
	memcpy(block + h->val_size, key, len);
	block[h->val_size + len] = '\0';
	e->val = block;
	e->key = block + h->val_size;
	e->len = len;
	return e;
}

void tly_hash_reserve(tly_hash *h, size_t n)
{
	if (n > h->cap) {
		h->ents = xrealloc(h->ents, n * sizeof *h->ents);
		h->cap = n;
	}
}

void *tly_hash_append(tly_hash *h, const char *key, size_t len, size_t *id)
{
	struct entry *e = add_entry(h, key, len);

	if (id)
		*id = h->n;
	h->n++;
	return e->val;
}

void *tly_hash_get(tly_hash *h, const char *key, size_t len, int insert, size_t *id)
{
	return tly_hash_get_h(h, key, len, tly_hash_bytes(key, len), insert, id);
}

void tly_hash_prefetch_hash(tly_hash *h, uint64_t hv, int entry)
{
	if (h->indexed < h->n)
		index_rest(h);

	const struct slot *s = &h->slots[hv & h->mask];

	if (!entry)
		__builtin_prefetch(s);
	else if (s->hash == hv)
		__builtin_prefetch(&h->ents[s->id]);
}

void *tly_hash_get_h(tly_hash *h, const char *key, size_t len, uint64_t hv, int insert,
                     size_t *id)
{
	if (h->indexed < h->n)
		index_rest(h);

	size_t i = hv & h->mask;

	for (;;) {
		struct slot *s = &h->slots[i];

		if (!s->hash)
			break;
		if (s->hash == hv) {
			struct entry *e = &h->ents[s->id];

			if (e->len == len && memcmp(e->key, key, len) == 0) {
				if (id)
					*id = s->id;
				return e->val;
			}
		}
		i = (i + 1) & h->mask;
	}
	if (!insert)
		return NULL;

	struct entry *e = add_entry(h, key, len);

	h->slots[i].hash = hv;
	h->slots[i].id = h->n;
	if (id)
		*id = h->n;
	h->n++;
	h->indexed = h->n;
	if (h->n * 4 > (h->mask + 1) * 3)  /* keep the load under 3/4 */
		rehash_to(h, h->mask * 2 + 1);
	return e->val;
}

size_t tly_hash_count(const tly_hash *h) { return h->n; }

const char *tly_hash_key(const tly_hash *h, size_t id, size_t *len)
{
	if (len)
		*len = h->ents[id].len;
	return h->ents[id].key;
}

void *tly_hash_val(const tly_hash *h, size_t id) { return h->ents[id].val; }

void tly_hash_prefetch(const tly_hash *h, size_t id, int key)
{
	if (key)
		__builtin_prefetch(h->ents[id].key);
	else
		__builtin_prefetch(&h->ents[id]);
}

static int cmp_key_ids(const void *x, const void *y, void *h)
{
	size_t lx, ly;
	const char *kx = tly_hash_key(h, *(const uint32_t *)x, &lx);
	const char *ky = tly_hash_key(h, *(const uint32_t *)y, &ly);
	int c = memcmp(kx, ky, lx < ly ? lx : ly);

	return c ? c : (lx > ly) - (lx < ly);
}

uint32_t *tly_hash_key_ranks(const tly_hash *h)
{
	size_t n = tly_hash_count(h);
	uint32_t *id = xmalloc((n + 1) * sizeof *id), *rank = xmalloc((n + 1) * sizeof *rank);

	for (size_t i = 0; i < n; i++)
		id[i] = (uint32_t)i;
	qsort_r(id, n, sizeof *id, cmp_key_ids, (void *)h);
	for (size_t i = 0; i < n; i++)
		rank[id[i]] = (uint32_t)i;
	free(id);
	return rank;
}

void tly_hash_free(tly_hash *h)
{
	if (!h)
		return;
	free(h->slots);
	free(h->ents);
	tly_arena_free(h->arena);
	free(h);
}

/* fmap.h - a frozen string map for the hot paths (not public API).
 *
 * Built once from a tly_hash and never changed, it maps byte strings to a
 * 32-bit value with one multiply to hash a key of up to 8 bytes and one
 * probe of a 16-byte slot on most look-ups (the table is kept at most half
 * full); most misses stop earlier, at a 2 KiB bit filter.  A key of up to 8
 * bytes is compared whole as a 64-bit number (its bytes, zero-padded) made
 * from two overlapping loads, so no byte past the key is read; of a longer
 * key only the first and last 8 bytes are hashed, and the key is compared
 * with memcmp. */
#ifndef TALLY_FMAP_H
#define TALLY_FMAP_H

#include <string.h>

#include "tally.h"

struct tly_fslot {
	uint64_t k;     /* fmap_key() of the key */
	uint32_t len;   /* UINT32_MAX: empty */
	uint32_t val;
};

#define FMAP_FILTER_WORDS 256  /* a bit per key's hash: 16384 bits, 2 KiB (fmap_fword) */

typedef struct tly_fmap {
	struct tly_fslot *slots;
	const char **keys;  /* keys longer than 8 bytes, by slot */
	size_t mask;
	size_t n;
	uint64_t filter[FMAP_FILTER_WORDS];  /* most misses stop here, in L1 */
} tly_fmap;

/* The bytes of a key of n <= 8 bytes as one number, little-endian and
 * zero-padded (so a caller may also assemble it from wider loads): for a
 * given n, two keys are equal exactly when their numbers are. */
static inline uint64_t fmap_small(const char *s, size_t n)
{
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return a | (uint64_t)b << (8 * (n - 4));
	}
	if (n >= 2) {
		uint16_t a, b;
		memcpy(&a, s, 2);
		memcpy(&b, s + n - 2, 2);
		return a | (uint64_t)b << (8 * (n - 2));
	}
	return n ? (unsigned char)s[0] : 0;
}

static inline uint64_t fmap_hash(uint64_t k, size_t n)
{
	return (k ^ ((uint64_t)n << 58)) * 0x9E3779B97F4A7C15ull;
}

static inline size_t fmap_slot(const tly_fmap *m, uint64_t h)
{
	return (size_t)(h >> 32 ^ h) & m->mask;
}

/* The filter's bit for hash h, by its top 14 bits: 8 choose the word, 6
 * the bit (with the 1357 root keys, 5% of the capitalised words that start
 * no name pass). */
static inline size_t fmap_fword(uint64_t h)
{
	return (size_t)(h >> 56);
}

static inline uint64_t fmap_fbit(uint64_t h)
{
	return 1ull << (h >> 50 & 63);
}

static inline int fmap_maybe(const tly_fmap *m, uint64_t h)
{
	return (m->filter[fmap_fword(h)] & fmap_fbit(h)) != 0;
}

/* A key of more than 8 bytes: a summary of its first and last 8 bytes
 * (equal keys have equal summaries; the bytes are compared after). */
static inline uint64_t fmap_long(const char *s, size_t n)
{
	uint64_t a, b;

	memcpy(&a, s, 8);
	memcpy(&b, s + n - 8, 8);
	b *= 0xC2B2AE3D27D4EB4Full;
	return a ^ (b >> 29 | b << 35);
}

static inline uint64_t fmap_key(const char *s, size_t n)
{
	return n <= 8 ? fmap_small(s, n) : fmap_long(s, n);
}

/* The value of a key of n <= 8 bytes given as k = fmap_small(key, n) and
 * h = fmap_hash(k, n): 1 and *val set if present, else 0. */
static inline int tly_fmap_get_small(const tly_fmap *m, uint64_t k, uint64_t h, size_t n,
                                     uint32_t *val)
{
	if (!fmap_maybe(m, h))
		return 0;
	for (size_t i = fmap_slot(m, h);; i = (i + 1) & m->mask) {
		const struct tly_fslot *sl = &m->slots[i];
		if (sl->k == k && sl->len == n) {
			*val = sl->val;
			return 1;
		}
		if (sl->len == UINT32_MAX)
			return 0;
	}
}

/* The value of key s (n bytes): 1 and *val set if present, else 0. */
static inline int tly_fmap_get(const tly_fmap *m, const char *s, size_t n, uint32_t *val)
{
	uint64_t k = fmap_key(s, n), h = fmap_hash(k, n);

	if (!fmap_maybe(m, h))
		return 0;
	for (size_t i = fmap_slot(m, h);; i = (i + 1) & m->mask) {
		const struct tly_fslot *sl = &m->slots[i];
		if (sl->k == k && sl->len == n && (n <= 8 || memcmp(m->keys[i], s, n) == 0)) {
			*val = sl->val;
			return 1;
		}
		if (sl->len == UINT32_MAX)
			return 0;
	}
}

/* Build from every key of h, with the value valfn(ctx, id) for key id (the
 * key's id itself when valfn is NULL).  Keys are borrowed from h, which must
 * outlive the map. */
void tly_fmap_build(tly_fmap *m, const tly_hash *h, uint32_t (*valfn)(const void *ctx, size_t id),
                    const void *ctx);
void tly_fmap_free(tly_fmap *m);

#endif

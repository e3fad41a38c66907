/* fmap.c - build the frozen string maps of fmap.h. */
#include <stdlib.h>

#include "fmap.h"

void tly_fmap_build(tly_fmap *m, const tly_hash *h, uint32_t (*valfn)(const void *ctx, size_t id),
                    const void *ctx)
{
	size_t n = tly_hash_count(h), ns = 16;

	while (ns < n * 2)
		ns *= 2;
	m->slots = xmalloc(ns * sizeof *m->slots);
	m->keys = xcalloc(ns, sizeof *m->keys);
	m->mask = ns - 1;
	m->n = n;
	memset(m->filter, 0, sizeof m->filter);
	for (size_t i = 0; i < ns; i++) {
		m->slots[i].k = 0;
		m->slots[i].len = UINT32_MAX;
		m->slots[i].val = 0;
	}
	for (size_t id = 0; id < n; id++) {
		size_t len;
		const char *key = tly_hash_key(h, id, &len);
		uint64_t k = fmap_key(key, len), hv = fmap_hash(k, len);
		size_t i = fmap_slot(m, hv);
		m->filter[fmap_fword(hv)] |= fmap_fbit(hv);
		while (m->slots[i].len != UINT32_MAX)
			i = (i + 1) & m->mask;
		m->slots[i].k = k;
		m->slots[i].len = (uint32_t)len;
		m->slots[i].val = valfn ? valfn(ctx, id) : (uint32_t)id;
		m->keys[i] = key;
	}
}

void tly_fmap_free(tly_fmap *m)
{
	free(m->slots);
	free(m->keys);
	m->slots = NULL;
	m->keys = NULL;
}

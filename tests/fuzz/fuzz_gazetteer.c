/* fuzz_gazetteer.c - libFuzzer target for the gazetteer loader and the
 * entity matcher.
 *
 * The first byte picks the matcher's options; the rest is cut at each 0x1E
 * byte (ASCII record separator) into the files of a gazetteer directory, in
 * this order: countries.csv, names.csv, leaders.csv, titles.csv, stop.csv,
 * countries-extra.csv, world-countries.csv, an extra file (as --add gives
 * it), and last the text to match.  A file whose piece is empty or missing
 * is not written (all but countries.csv are optional).  The gazetteer is loaded
 * with tly_gaz_load; a failure must be a one-line message, a success is
 * matched against the text, and every mention is checked: offsets inside the
 * text and in order of start (without --short-anywhere they never overlap),
 * a known entity with its name and code, a surface that is not empty and
 * ends in a NUL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/tally.h"

static const char *const files[] = {
	"countries.csv", "names.csv", "leaders.csv", "titles.csv", "stop.csv",
	"countries-extra.csv", "world-countries.csv", "extra.csv",
};
#define NFILES (sizeof files / sizeof *files)

static char dir[64];

static void cleanup(void)
{
	char p[160];

	for (size_t i = 0; i < NFILES; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void setup(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof dir, "/tmp/tally-fuzz-gaz-%d", (int)getpid());
	mkdir(dir, 0700);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size == 0)
		return 0;
	setup();
	unsigned opts = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *text = "";
	size_t textlen = 0;
	int have_extra = 0;
	char path[160];

	for (size_t i = 0; i <= NFILES; i++) {
		const char *sep = p ? memchr(p, 0x1E, (size_t)(end - p)) : NULL;
		const char *e = sep ? sep : end;
		if (i == NFILES) {
			if (p) {
				text = p;
				textlen = (size_t)(end - p);
			}
			break;
		}
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (p && e > p) {
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(p, 1, (size_t)(e - p), f) != (size_t)(e - p) || fclose(f) != 0)
				abort();
			if (i == NFILES - 1)
				have_extra = 1;
		} else {
			unlink(path);
		}
		p = sep ? sep + 1 : NULL;
	}

	tly_err err = {0};
	snprintf(path, sizeof path, "%s/extra.csv", dir);
	const char *extra[] = {path};
	tly_gazetteer *g = tly_gaz_load(dir, extra, have_extra ? 1 : 0, &err);
	if (!g) {
		if (err.msg[0] == '\0' || strchr(err.msg, '\n'))
			abort();
		return 0;
	}
	size_t n = tly_gaz_count(g);
	for (size_t i = 0; i < n; i++) {
		const char *name = tly_gaz_name(g, i);
		long id = tly_gaz_find(g, name);
		if (id < 0 || (size_t)id >= n || strcmp(tly_gaz_name(g, (size_t)id), name) != 0)
			abort();
		if (!tly_gaz_code(g, i) || !tly_ent_type_name(tly_gaz_type(g, i)))
			abort();
	}

	tly_matchopts mo = {0};
	mo.types = opts & 7;
	mo.no_demonyms = (opts >> 3) & 1;
	mo.discover = (opts >> 4) & 1;
	mo.short_anywhere = (opts >> 5) & 1;
	mo.lenient = (opts >> 6) & 1;
	tly_matcher *m = tly_match_new(g, &mo);
	/* the text twice, as two documents: state must not leak between them */
	for (int pass = 0; pass < 2; pass++) {
		tly_doc *d = tly_doc_mem("fuzz", text, textlen);
		tly_mention mn;
		uint64_t last_start = 0, last_end = 0;
		int r;
		tly_match_reset(m, d);
		while ((r = tly_match_next(m, &mn, &err)) > 0) {
			if (mn.start > mn.end || mn.end > textlen || mn.start < last_start)
				abort();
			if (!mo.short_anywhere && !mo.discover && mn.start < last_end)
				abort();
			/* (a surface may hold a NUL: a byte the lenient reader replaced) */
			if (!mn.surface || mn.surface[mn.surface_len] != '\0' || mn.surface_len == 0)
				abort();
			if (mo.discover) {
				if (mn.entity != -1)
					abort();
			} else {
				if (mn.entity < 0 || (size_t)mn.entity >= n || !mn.name || !mn.code ||
				    strcmp(mn.name, tly_gaz_name(g, (size_t)mn.entity)) != 0)
					abort();
			}
			last_start = mn.start;
			last_end = mn.end;
		}
		if (r < 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
			abort();
		tly_matchstats st;
		tly_match_stats(m, &st);
		if (st.sentences > st.words || st.paragraphs > st.sentences)
			abort();
		tly_doc_free(d);
	}
	tly_match_free(m);
	tly_gaz_free(g);
	return 0;
}

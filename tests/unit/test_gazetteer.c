/* test_gazetteer.c - the gazetteer loader and the entity matcher through the
 * public API (the rules in full are golden cases under tests/golden/entities). */
#include <stdlib.h>

#include "../../lib/gazetteer_int.h"
#include "unit.h"

TEST(gaz_date)
{
	char d[11];

	CHECK(tly_gaz_date("2025", 4, 0, d) == 0);
	CHECK_STR(d, "2025-01-01");
	CHECK(tly_gaz_date("2025", 4, 1, d) == 0);
	CHECK_STR(d, "2025-12-31");
	CHECK(tly_gaz_date("2025-02", 7, 1, d) == 0);
	CHECK_STR(d, "2025-02-31");  /* an upper bound, compared as a string */
	CHECK(tly_gaz_date("2025-02-19", 10, 0, d) == 0);
	CHECK_STR(d, "2025-02-19");
	CHECK(tly_gaz_date("2025-13-01", 10, 0, d) == -1);
	CHECK(tly_gaz_date("2025-1-01", 9, 0, d) == -1);
	CHECK(tly_gaz_date("25", 2, 0, d) == -1);
	CHECK(tly_gaz_date("2025/01/01", 10, 0, d) == -1);
}

static tly_gazetteer *load(void)
{
	tly_err err = {0};
	tly_gazetteer *g = tly_gaz_load(NULL, NULL, 0, &err);

	if (!g)
		fprintf(stderr, "  %s\n", err.msg);
	return g;
}

TEST(gaz_load_bundled)
{
	tly_gazetteer *g = load();
	long id;

	CHECK(g != NULL);
	if (!g)
		return;
	CHECK(tly_gaz_count(g) > 249);
	id = tly_gaz_find(g, "Vietnam");
	CHECK(id >= 0 && tly_gaz_type(g, (size_t)id) == TLY_ENT_COUNTRY);
	CHECK(id >= 0 && strcmp(tly_gaz_code(g, (size_t)id), "VNM") == 0);
	id = tly_gaz_find(g, "Tô Lâm");
	CHECK(id >= 0 && tly_gaz_type(g, (size_t)id) == TLY_ENT_PERSON);
	id = tly_gaz_find(g, "Hanoi");
	CHECK(id >= 0 && tly_gaz_type(g, (size_t)id) == TLY_ENT_CAPITAL);
	CHECK(tly_gaz_find(g, "Viet Nam") == -1);  /* a name, not a canonical one */
	CHECK(tly_gaz_find(g, "Kosovo") >= 0);
	CHECK(g->maxdepth >= 3 && g->maxdepth <= GAZ_MAX_TOKENS);
	tly_gaz_free(g);
}

static int collect(tly_gazetteer *g, const tly_matchopts *o, const char *text,
                   tly_mention *out, int max, tly_matchstats *st)
{
	tly_matcher *m = tly_match_new(g, o);
	tly_doc *d = tly_doc_mem("t", text, strlen(text));
	tly_err err = {0};
	tly_mention mn;
	int n = 0, r;
	static char surf[16][64];

	tly_match_reset(m, d);
	while ((r = tly_match_next(m, &mn, &err)) > 0) {
		if (n < max) {
			snprintf(surf[n], sizeof surf[n], "%.*s", (int)mn.surface_len, mn.surface);
			out[n] = mn;
			out[n].surface = surf[n];
		}
		n++;
	}
	CHECK(r == 0);
	if (st)
		tly_match_stats(m, st);
	tly_match_free(m);
	tly_doc_free(d);
	return n;
}

TEST(match_longest_and_offsets)
{
	tly_gazetteer *g = load();
	tly_matchopts o = {0};
	tly_mention ms[16];
	tly_matchstats st;

	if (!g)
		return;
	const char *t = "Equatorial Guinea met us.\n\nThe US’s envoy, Trump, saw Vietnam-US ties.";
	int n = collect(g, &o, t, ms, 16, &st);
	CHECK(n == 4);
	CHECK_STR(ms[0].surface, "Equatorial Guinea");
	CHECK(ms[0].start == 0 && ms[0].end == 17 && ms[0].para == 1 && ms[0].sent == 1);
	CHECK(ms[0].index == 1 && ms[0].match == TLY_MATCH_NAME);
	CHECK_STR(ms[1].surface, "US");
	CHECK(ms[1].para == 2 && ms[1].sent == 2 && ms[1].start == 31);
	CHECK_STR(ms[2].surface, "Vietnam");  /* "Trump" alone: no title, no full name */
	CHECK_STR(ms[3].surface, "US");
	CHECK(ms[2].index == ms[3].index);     /* parts of one hyphenated token */
	CHECK(st.sentences == 2 && st.paragraphs == 2);
	CHECK(st.words == 12);  /* the clitic 's is a word token */
	tly_gaz_free(g);
}

TEST(match_types_and_demonyms)
{
	tly_gazetteer *g = load();
	tly_matchopts o = {0};
	tly_mention ms[16];

	if (!g)
		return;
	const char *t = "Vietnamese President Lương Cường visited Hà Nội.";
	CHECK(collect(g, &o, t, ms, 16, NULL) == 2);
	CHECK(ms[0].match == TLY_MATCH_DEMONYM && ms[1].type == TLY_ENT_PERSON);
	o.no_demonyms = 1;
	CHECK(collect(g, &o, t, ms, 16, NULL) == 1);
	o.types = TLY_ENT_CAPITAL;
	CHECK(collect(g, &o, t, ms, 16, NULL) == 1);
	CHECK(ms[0].type == TLY_ENT_CAPITAL && strcmp(ms[0].code, "VNM") == 0);
	o.types = TLY_ENT_COUNTRY;
	o.no_demonyms = 0;
	/* a person's tokens are taken even when persons are not reported */
	CHECK(collect(g, &o, "President Ho Chi Minh", ms, 16, NULL) == 0);
	tly_gaz_free(g);
}

TEST(match_discover)
{
	tly_gazetteer *g = load();
	tly_matchopts o = {0};
	tly_mention ms[16];

	if (!g)
		return;
	o.discover = 1;
	int n = collect(g, &o, "Ada Lovelace met Donald Trump at the White House. Hello there.",
	                ms, 16, NULL);
	CHECK(n == 2);
	CHECK_STR(ms[0].surface, "Ada Lovelace");
	CHECK_STR(ms[1].surface, "White House");
	CHECK(ms[0].type == TLY_ENT_UNKNOWN && ms[0].entity == -1);
	tly_gaz_free(g);
}

/* skip_plain reads a word's original bytes in aligned blocks (the hyphen
 * check, the key of a capitalised word): every offset in the tokenizer's
 * buffer, every length around 8 and 16 bytes, must give what the general
 * path gives. */
TEST(match_word_bytes_at_every_offset)
{
	tly_gazetteer *g = load();
	tly_matchopts o = {0};
	tly_mention ms[16];
	char text[256];

	if (!g)
		return;
	for (int pad = 0; pad < 24; pad++) {
		for (int len = 1; len <= 20; len++) {
			/* a lowercase hyphenated word whose last part is a name, then
			 * one without a hyphen that ends like a name */
			char w[32];
			memset(w, 'x', (size_t)len);
			w[len] = '\0';
			snprintf(text, sizeof text, "%*s%s-Chad and %schad, Chad.", pad, "", w, w);
			int n = collect(g, &o, text, ms, 16, NULL);
			CHECK(n == 2);
			CHECK(n >= 1 && ms[0].start == (uint64_t)(pad + len + 1) &&
			      ms[0].end == ms[0].start + 4);
			/* a hyphen in every position of a word that starts no name */
			for (int at = 1; at + 1 < len; at++) {
				w[at] = '-';
				snprintf(text, sizeof text, "%*s%s Chad.", pad, "", w);
				n = collect(g, &o, text, ms, 16, NULL);
				CHECK(n == 1 && ms[0].start == (uint64_t)(pad + len + 1));
				w[at] = 'x';
			}
			/* capitalised words of every length, names or not; "Laos"
			 * and "LAOS" match, "Laosx..." does not (len 1: "Laos" does) */
			w[0] = 'Q';
			snprintf(text, sizeof text, "%*sIn %s Laos, %s LAOS; Laos%s.", pad, "", w, w,
			         w + 1);
			n = collect(g, &o, text, ms, 16, NULL);
			CHECK(n == (len == 1 ? 3 : 2));
			CHECK(n >= 2 && ms[0].start == (uint64_t)(pad + 3 + len + 1));
			CHECK(n >= 2 && ms[1].start == (uint64_t)(pad + 3 + len + 7 + len + 1));
		}
	}
	tly_gaz_free(g);
}

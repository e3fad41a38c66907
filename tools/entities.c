/* entities.c - tally entities: mentions of countries, capitals and leaders. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

static void usage(FILE *fp)
{
	fputs("usage: tally entities [options] [FILE...]\n"
	      "\n"
	      "Find mentions of countries, their leaders and (on request) capitals, using\n"
	      "the gazetteer in data/gazetteer, and write one CSV row per mention:\n"
	      "  doc,para,sent,start,end,surface,entity,type,code,match\n"
	      "start,end are byte offsets (end exclusive); surface is the text as written;\n"
	      "entity the canonical name; type country, person or capital; code the ISO\n"
	      "3166-1 alpha-3 code (a person's: their country's); match is name, folded\n"
	      "(only after stripping diacritics), demonym (\"Vietnamese\") or short (a\n"
	      "person's short form after a title or after the full name in the document).\n"
	      "\n"
	      "      --summary           per-document counts instead:\n"
	      "                          doc,entity,type,code,count\n"
	      "      --discover          capitalised name-like sequences the gazetteer does\n"
	      "                          not know: surface,count,docs\n"
	      "      --types LIST        comma-separated types to report (default\n"
	      "                          country,person)\n"
	      "      --capitals          also report capitals as metonyms (type capital)\n"
	      "      --no-demonyms       leave out demonym matches\n"
	      "      --short-anywhere    a short form also counts when the full name comes\n"
	      "                          later in the same document\n"
	      "      --gazetteer DIR     read the gazetteer from DIR instead of data/gazetteer\n"
	      "      --add FILE          also read FILE, in the layout of names.csv,\n"
	      "                          leaders.csv, countries.csv, titles.csv or stop.csv\n"
	      "                          (told by its header); it takes precedence over the\n"
	      "                          bundled files; repeatable\n"
	      "\n",
	      fp);
	tly_partial_usage(fp);
	tly_common_usage(fp);
	fputs("(--case and --fold-diacritics do not apply: names match with and without\n"
	      "diacritics, and case follows the gazetteer)\n"
	      "\nExamples:\n"
	      "  tally entities corpus/\n"
	      "  tally entities --summary --no-demonyms corpus/\n"
	      "  echo 'President Trump met Vietnam’s Tô Lâm.' | tally entities\n",
	      fp);
}

struct disc {
	uint64_t count, docs;
	uint64_t last_doc;  /* 1-based number of the last document seen in */
};

struct sumrow {
	long ent;
	uint64_t count;
};

static const tly_gazetteer *sort_gaz;
static int cmp_sum(const void *a, const void *b)
{
	const struct sumrow *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	int c = strcmp(tly_gaz_name(sort_gaz, (size_t)x->ent), tly_gaz_name(sort_gaz, (size_t)y->ent));
	if (c)
		return c;
	return (x->ent > y->ent) - (x->ent < y->ent);
}

static tly_hash *sort_hash;
static int cmp_disc(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b, lx, ly;
	const struct disc *dx = tly_hash_val(sort_hash, x), *dy = tly_hash_val(sort_hash, y);
	const char *kx = tly_hash_key(sort_hash, x, &lx), *ky = tly_hash_key(sort_hash, y, &ly);

	if (dx->count != dy->count)
		return dx->count > dy->count ? -1 : 1;
	int c = memcmp(kx, ky, lx < ly ? lx : ly);
	if (c)
		return c;
	return (lx > ly) - (lx < ly);
}

int entities_main(int argc, char **argv)
{
	enum { O_SUMMARY = 1, O_DISCOVER, O_TYPES, O_CAPITALS, O_NO_DEM, O_GAZ, O_ADD, O_ANY };
	static const struct option longopts[] = {
		{"summary", no_argument, 0, O_SUMMARY},
		{"discover", no_argument, 0, O_DISCOVER},
		{"types", required_argument, 0, O_TYPES},
		{"capitals", no_argument, 0, O_CAPITALS},
		{"no-demonyms", no_argument, 0, O_NO_DEM},
		{"short-anywhere", no_argument, 0, O_ANY},
		{"gazetteer", required_argument, 0, O_GAZ},
		{"add", required_argument, 0, O_ADD},
		TLY_PARTIAL_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_partial P = {0};
	tly_matchopts mo = {0};
	int summary = 0, discover = 0, capitals = 0, opt;
	const char *gazdir = NULL;
	const char **adds = xcalloc((size_t)argc + 1, sizeof *adds);
	size_t nadds = 0;

	tly_common_init(&c);
	while ((opt = getopt_long(argc, argv, TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg) || tly_partial_opt(&P, opt))
			continue;
		switch (opt) {
		case O_SUMMARY: summary = 1; break;
		case O_DISCOVER: discover = 1; break;
		case O_TYPES: mo.types = tly_ent_types(optarg); break;
		case O_CAPITALS: capitals = 1; break;
		case O_NO_DEM: mo.no_demonyms = 1; break;
		case O_ANY: mo.short_anywhere = 1; break;
		case O_GAZ: gazdir = tly_opt_str("--gazetteer", optarg, "a directory"); break;
		case O_ADD: adds[nadds++] = tly_opt_str("--add", optarg, "a file name"); break;
		case 'h': free(adds); usage(stdout); return TLY_EXIT_OK;
		default: free(adds); tly_bad_option(argv, longopts);
		}
	}
	if (summary && discover) {
		free(adds);
		tly_usage_error("--summary and --discover exclude each other");
	}
	if (!c.tok.fold_case || c.tok.fold_diacritics) {
		free(adds);
		tly_usage_error("--case and --fold-diacritics do not apply: names match with and "
		                "without diacritics (match=folded) and case follows the gazetteer");
	}
	if (!mo.types)
		mo.types = TLY_ENT_COUNTRY | TLY_ENT_PERSON;
	if (capitals)
		mo.types |= TLY_ENT_CAPITAL;
	mo.discover = discover;
	mo.lenient = c.tok.lenient;

	tly_partial_begin(&P, &c, "entities", argc, argv, optind, longopts, TLY_COMMON_SHORTOPTS);
	tly_err err = {0};
	tly_gazetteer *g = NULL;
	if (!P.merge && !(g = tly_gaz_load(gazdir, adds, nadds, &err))) {
		free(adds);
		tly_die_err(&err);
	}
	free(adds);
	tly_input *in = P.merge ? NULL : tly_input_new(argv + optind, argc - optind, &c.in);
	tly_matcher *m = P.merge ? NULL : tly_match_new(g, &mo);
	tly_out *out = tly_partial_rows(&P, &c);
	size_t n = g ? tly_gaz_count(g) : 0;
	uint64_t *counts = xcalloc(n + 1, sizeof *counts);
	struct sumrow *rows = xcalloc(n + 1, sizeof *rows);
	size_t nrows = 0;
	tly_hash *disc = discover ? tly_hash_new(sizeof(struct disc)) : NULL;
	tly_buf name = {0};  /* --discover: a name in NFC */
	uint64_t ndoc = 0;
	tly_doc *doc;
	tly_mention mn;
	int r = 0;

	if (P.merge) {
		/* the rows (and header) as they were written; --discover's counts */
		tly_prec pr;
		while ((r = tly_partial_next(&P, out, &pr, &err)) > 0) {
			if (!discover || pr.kind != 'D' || pr.nkey != 1 || pr.nval != 2) {
				r = tly_err_set(&err, TLY_EXIT_DATA, "%s:%llu: unexpected record in a "
				                "partial of tally entities", pr.path,
				                (unsigned long long)pr.line);
				break;
			}
			struct disc *dv = tly_hash_get(disc, pr.key[0], pr.keylen[0], 1, NULL);
			dv->count += pr.num[0];
			dv->docs += pr.num[1];
		}
	} else if (summary)
		tly_csv_header(out, "doc,entity,type,code,count");
	else if (discover)
		tly_csv_header(out, "surface,count,docs");
	else
		tly_csv_header(out, "doc,para,sent,start,end,surface,entity,type,code,match");
	while (in && (r = tly_input_next(in, &doc, &err)) > 0) {
		const char *id = tly_doc_id(doc);

		ndoc++;
		tly_match_reset(m, doc);
		nrows = 0;
		while ((r = tly_match_next(m, &mn, &err)) > 0) {
			if (discover) {
				/* one name however it is encoded: NFC (and apostrophes as
				 * U+0027), case and diacritics as written */
				tly_buf_clear(&name);
				if (tly_normalize(mn.surface, mn.surface_len, 0, 0, &name) < 0) {
					r = tly_err_set(&err, TLY_EXIT_DATA, "%s: a name is not valid UTF-8", id);
					break;
				}
				struct disc *dv = tly_hash_get(disc, name.data ? name.data : "", name.len, 1,
				                               NULL);
				dv->count++;
				if (dv->last_doc != ndoc) {
					dv->docs++;
					dv->last_doc = ndoc;
				}
			} else if (summary) {
				if (counts[mn.entity]++ == 0)
					rows[nrows++].ent = mn.entity;
			} else {
				tly_csv_str(out, id);
				tly_csv_uint(out, mn.para);
				tly_csv_uint(out, mn.sent);
				tly_csv_uint(out, mn.start);
				tly_csv_uint(out, mn.end);
				tly_csv_field(out, mn.surface, mn.surface_len);
				tly_csv_str(out, mn.name);
				tly_csv_str(out, tly_ent_type_name(mn.type));
				tly_csv_str(out, mn.code);
				tly_csv_str(out, tly_ent_match_name(mn.match));
				tly_csv_end(out);
			}
		}
		if (r < 0)
			break;
		if (summary) {
			for (size_t i = 0; i < nrows; i++) {
				rows[i].count = counts[rows[i].ent];
				counts[rows[i].ent] = 0;
			}
			sort_gaz = g;
			if (nrows > 1)
				qsort(rows, nrows, sizeof *rows, cmp_sum);
			for (size_t i = 0; i < nrows; i++) {
				size_t e = (size_t)rows[i].ent;
				tly_csv_str(out, id);
				tly_csv_str(out, tly_gaz_name(g, e));
				tly_csv_str(out, tly_ent_type_name(tly_gaz_type(g, e)));
				tly_csv_str(out, tly_gaz_code(g, e));
				tly_csv_uint(out, rows[i].count);
				tly_csv_end(out);
			}
		}
	}
	if (r >= 0 && discover && P.w) {
		for (size_t i = 0; i < tly_hash_count(disc); i++) {
			const char *k[1];
			size_t kl[1];
			const struct disc *dv = tly_hash_val(disc, i);
			uint64_t v[2] = {dv->count, dv->docs};
			k[0] = tly_hash_key(disc, i, &kl[0]);
			tly_pw_count(P.w, 'D', 1, k, kl, 2, v);
		}
	} else if (r >= 0 && discover) {
		size_t nd = tly_hash_count(disc);
		size_t *ord = xmalloc((nd + 1) * sizeof *ord);
		for (size_t i = 0; i < nd; i++)
			ord[i] = i;
		sort_hash = disc;
		if (nd > 1)
			qsort(ord, nd, sizeof *ord, cmp_disc);
		for (size_t i = 0; i < nd; i++) {
			size_t len;
			const char *k = tly_hash_key(disc, ord[i], &len);
			const struct disc *dv = tly_hash_val(disc, ord[i]);
			tly_csv_field(out, k, len);
			tly_csv_uint(out, dv->count);
			tly_csv_uint(out, dv->docs);
			tly_csv_end(out);
		}
		free(ord);
	}
	uint64_t replaced = m ? tly_match_replaced(m) : 0;
	free(counts);
	free(rows);
	tly_hash_free(disc);
	tly_buf_free(&name);
	tly_match_free(m);
	if (in)
		tly_input_free(in);
	tly_gaz_free(g);
	if (r < 0)
		tly_die_err(&err);
	tly_warn_replaced(replaced);
	return tly_partial_end(&P, out);
}

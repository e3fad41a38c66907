/* layout.c - tally layout: node positions for drawing a co-occurrence
 * network, computed once (seeded, deterministic) so that a chart only draws.
 *
 * Fruchterman & Reingold (1991) force-directed placement: nodes repel with
 * force k^2/d, edges attract with (1 + ln(w / smallest w)) * d^2/k,
 * displacement capped by a temperature that cools linearly; starting
 * positions come from GSL's MT19937 seeded with --seed.  Disconnected nodes
 * are kept inside the frame by a weak pull to the centre.  Coordinates are
 * rescaled to [0, 1], labels decluttered, and written with 6 decimals
 * (man/tally-layout.1 has the whole algorithm). */
#include <getopt.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

static void usage(FILE *fp)
{
	fputs("usage: tally layout [options] [EDGES.csv]\n"
	      "\n"
	      "Place the nodes of a weighted graph for drawing (force-directed,\n"
	      "Fruchterman-Reingold, seeded).  Reads an edge table such as the output\n"
	      "of tally cooc (or - for stdin) and writes one row per node:\n"
	      "  node,x,y,degree,strength\n"
	      "x and y lie in [0, 1]; degree counts edges, strength sums their weights.\n"
	      "\n"
	      "  -e, --edges             write the edges with their end points instead:\n"
	      "                          source,target,weight,x1,y1,x2,y2\n"
	      "      --source COL        column of the first node (default a, or Source)\n"
	      "      --target COL        column of the second node (default b, or Target)\n"
	      "      --weight COL        column of the edge weight (default n_ab, or\n"
	      "                          Weight; weights must be > 0)\n"
	      "      --seed N            random seed for the starting positions (default 1)\n"
	      "      --iterations N      force iterations (default 500)\n"
	      "      --top N             keep the N nodes of greatest strength (ties by\n"
	      "                          name) and the edges between them\n"
	      "  -o, --output FILE       write to FILE atomically instead of stdout\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "Examples:\n"
	      "  tally layout tests/data/layout/edges.csv\n"
	      "  tally layout --edges --seed 7 tests/data/layout/edges.csv\n",
	      fp);
}

struct node {
	const char *name;
	double x, y, dx, dy;
	unsigned long degree;
	double strength;
};

struct edge {
	size_t a, b;
	double w;
};

/* Characters (not bytes) of a UTF-8 name. */
static size_t nchars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Move nodes apart until their label boxes (a label is drawn centred above
 * its node) no longer overlap, pushing vertically, in at most 400 rounds.
 * Box sizes are in the unit square of a chart about 1000 pixels wide with an
 * 11-point font: 0.0095 per character, plus a margin; 0.05 high. */
static void declutter(struct node *nodes, size_t n)
{
	for (int round = 0; round < 400; round++) {
		int moved = 0;

		for (size_t i = 0; i < n; i++) {
			for (size_t j = i + 1; j < n; j++) {
				double wi = 0.0095 * (double)nchars(nodes[i].name) + 0.02;
				double wj = 0.0095 * (double)nchars(nodes[j].name) + 0.02;
				double dx = nodes[j].x - nodes[i].x, dy = nodes[j].y - nodes[i].y;
				double h = 0.05;

				if (fabs(dx) >= (wi + wj) / 2 || fabs(dy) >= h)
					continue;
				double push = (h - fabs(dy)) / 2 + 1e-4;
				double sgn = dy > 0 || (dy == 0 && j > i) ? 1 : -1;
				nodes[j].y += sgn * push;
				nodes[i].y -= sgn * push;
				moved = 1;
			}
		}
		if (!moved)
			break;
	}
}

/* Shift and scale (one factor for both axes) into [0, 1]. */
static void rescale(struct node *nodes, size_t n)
{
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		minx = fmin(minx, nodes[i].x);
		maxx = fmax(maxx, nodes[i].x);
		miny = fmin(miny, nodes[i].y);
		maxy = fmax(maxy, nodes[i].y);
	}
	double span = fmax(maxx - minx, maxy - miny);
	for (size_t i = 0; i < n; i++) {
		nodes[i].x = span > 0 ? (nodes[i].x - minx) / span : 0.5;
		nodes[i].y = span > 0 ? (nodes[i].y - miny) / span : 0.5;
	}
}

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return a->w < b->w ? -1 : a->w > b->w;
}

static const struct node *sort_nodes;

/* strength descending, then name ascending (indexes into sort_nodes) */
static int cmp_strength(const void *x, const void *y)
{
	const struct node *a = &sort_nodes[*(const size_t *)x], *b = &sort_nodes[*(const size_t *)y];

	if (a->strength != b->strength)
		return a->strength > b->strength ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_node_name(const void *x, const void *y)
{
	return strcmp(((const struct node *)x)->name, ((const struct node *)y)->name);
}

int layout_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"edges", no_argument, 0, 'e'},
		{"source", required_argument, 0, 's'},
		{"target", required_argument, 0, 't'},
		{"weight", required_argument, 0, 'w'},
		{"seed", required_argument, 0, 'S'},
		{"iterations", required_argument, 0, 'i'},
		{"top", required_argument, 0, 'T'},
		{"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}
	};
	const char *scol = NULL, *tcol = NULL, *wcol = NULL, *output = NULL;
	unsigned long seed = 1;
	long iters = 500, top = 0;
	int edges_out = 0, opt;

	while ((opt = getopt_long(argc, argv, "eo:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'e': edges_out = 1; break;
		case 's': scol = tly_opt_str("--source", optarg, "a column name"); break;
		case 't': tcol = tly_opt_str("--target", optarg, "a column name"); break;
		case 'w': wcol = tly_opt_str("--weight", optarg, "a column name"); break;
		case 'S': seed = (unsigned long)tly_opt_long("--seed", optarg, 0, 4294967295L); break;
		case 'i': iters = tly_opt_long("--iterations", optarg, 1, 1000000); break;
		case 'T': top = tly_opt_long("--top", optarg, 1, 1000000); break;
		case 'o': output = tly_opt_str("-o", optarg, "a file name"); break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (argc - optind > 1)
		tly_usage_error("one edge table at most, not %d files", argc - optind);

	tly_err err = {0};
	const char *path = optind < argc ? argv[optind] : "-";
	tly_table *t = tly_table_open(path, &err);
	if (!t)
		tly_die_err(&err);
	int cs, ct, cw;
	if (!scol)
		scol = tly_table_col(t, "a") >= 0 ? "a" : "Source";
	if (!tcol)
		tcol = tly_table_col(t, "b") >= 0 ? "b" : "Target";
	if (!wcol)
		wcol = tly_table_col(t, "n_ab") >= 0 ? "n_ab" : "Weight";
	if (strcmp(scol, tcol) == 0)
		tly_usage_error("--source and --target name one column (\"%s\")", scol);
	if ((cs = tly_table_need(t, scol, "--source", &err)) < 0 ||
	    (ct = tly_table_need(t, tcol, "--target", &err)) < 0 ||
	    (cw = tly_table_need(t, wcol, "--weight", &err)) < 0) {
		tly_table_close(t);
		tly_die_err(&err);
	}

	/* read the edges; node ids in order of first appearance */
	tly_hash *ids = tly_hash_new(0);
	struct edge *edges = NULL;
	size_t nedges = 0, capedges = 0;
	int r;
	while ((r = tly_table_next(t, &err)) > 0) {
		size_t la, lb, lw;
		const char *a = tly_table_get(t, (size_t)cs, &la);
		const char *b = tly_table_get(t, (size_t)ct, &lb);
		const char *w = tly_table_get(t, (size_t)cw, &lw);
		char *end;
		/* a decimal number as written in CSV: no sign, space, hex, inf or nan */
		int plain = lw && strspn(w, "0123456789.eE+-") == lw &&
		            ((w[0] >= '0' && w[0] <= '9') || w[0] == '.');
		double wt = plain ? strtod(w, &end) : 0;

		if (!plain || *end || !(wt > 0) || !isfinite(wt)) {
			tly_err_set(&err, TLY_EXIT_DATA, "%s:%llu: weight \"%s\" is not a positive number",
			            tly_csv_path(tly_table_csv(t)),
			            (unsigned long long)tly_csv_line(tly_table_csv(t)), w);
			r = -1;
			break;
		}
		if (la == 0 || lb == 0) {
			tly_err_set(&err, TLY_EXIT_DATA, "%s:%llu: empty node name",
			            tly_csv_path(tly_table_csv(t)),
			            (unsigned long long)tly_csv_line(tly_table_csv(t)));
			r = -1;
			break;
		}
		if (la == lb && memcmp(a, b, la) == 0) {
			char name[80];
			tly_one_line(name, sizeof name, a, la);
			tly_err_set(&err, TLY_EXIT_DATA, "%s:%llu: edge from \"%s\" to itself (a "
			            "node is not its own neighbour; leave such rows out)",
			            tly_csv_path(tly_table_csv(t)),
			            (unsigned long long)tly_csv_line(tly_table_csv(t)), name);
			r = -1;
			break;
		}
		xgrow((void **)&edges, &capedges, nedges + 1, sizeof *edges);
		tly_hash_get(ids, a, la, 1, &edges[nedges].a);
		tly_hash_get(ids, b, lb, 1, &edges[nedges].b);
		edges[nedges].w = wt;
		nedges++;
	}
	tly_table_close(t);
	if (r < 0) {
		free(edges);
		tly_hash_free(ids);
		tly_die_err(&err);
	}

	size_t n = tly_hash_count(ids);  /* no edges: an empty layout */
	/* nodes sorted by name, so the result does not depend on row order */
	struct node *nodes = xcalloc(n, sizeof *nodes);
	size_t *rank = xmalloc(n * sizeof *rank);
	for (size_t i = 0; i < n; i++)
		nodes[i].name = tly_hash_key(ids, i, NULL);
	qsort(nodes, n, sizeof *nodes, cmp_node_name);
	for (size_t i = 0; i < n; i++) {
		size_t id;
		tly_hash_get(ids, nodes[i].name, strlen(nodes[i].name), 0, &id);
		rank[id] = i;
	}
	for (size_t e = 0; e < nedges; e++) {
		edges[e].a = rank[edges[e].a];
		edges[e].b = rank[edges[e].b];
	}
	/* forces are summed edge by edge: a fixed order keeps the sums, and so
	 * the picture, independent of the input's row order */
	if (nedges)
		qsort(edges, nedges, sizeof *edges, cmp_edge);
	for (size_t e = 0; e < nedges; e++) {
		struct edge *ed = &edges[e];
		if (ed->a != ed->b) {
			nodes[ed->a].degree++;
			nodes[ed->b].degree++;
		}
		nodes[ed->a].strength += ed->w;
		if (ed->a != ed->b)
			nodes[ed->b].strength += ed->w;
	}

	if (top > 0 && n > (size_t)top) {
		/* keep the top nodes by strength (ties: name), and their edges */
		size_t *order = xmalloc(n * sizeof *order), *keep = xmalloc(n * sizeof *keep);
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		sort_nodes = nodes;
		qsort(order, n, sizeof *order, cmp_strength);
		for (size_t i = 0; i < n; i++)
			keep[i] = SIZE_MAX;
		for (size_t q = 0; q < (size_t)top; q++)
			keep[order[q]] = 0;
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {  /* still in name order */
			if (keep[i] == SIZE_MAX)
				continue;
			keep[i] = m;
			nodes[m++] = nodes[i];
		}
		size_t ne = 0;
		for (size_t e = 0; e < nedges; e++) {
			if (keep[edges[e].a] == SIZE_MAX || keep[edges[e].b] == SIZE_MAX)
				continue;
			edges[ne] = edges[e];
			edges[ne].a = keep[edges[e].a];
			edges[ne].b = keep[edges[e].b];
			ne++;
		}
		nedges = ne;
		n = m;
		for (size_t i = 0; i < n; i++) {  /* degree and strength within */
			nodes[i].degree = 0;
			nodes[i].strength = 0;
		}
		for (size_t e = 0; e < nedges; e++) {
			struct edge *ed = &edges[e];
			if (ed->a != ed->b) {
				nodes[ed->a].degree++;
				nodes[ed->b].degree++;
				nodes[ed->b].strength += ed->w;
			}
			nodes[ed->a].strength += ed->w;
		}
		free(order);
		free(keep);
	}

	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	for (size_t i = 0; i < n; i++) {
		nodes[i].x = gsl_rng_uniform(rng);
		nodes[i].y = gsl_rng_uniform(rng);
	}
	gsl_rng_free(rng);

	double k = sqrt(1.0 / (double)n), temp = 0.1;
	double wmin = INFINITY;
	for (size_t e = 0; e < nedges; e++)
		wmin = fmin(wmin, edges[e].w);
	for (long it = 0; it < iters && n > 1; it++) {
		for (size_t i = 0; i < n; i++) {
			/* a pull to the centre keeps components together */
			nodes[i].dx = (0.5 - nodes[i].x) * 0.05;
			nodes[i].dy = (0.5 - nodes[i].y) * 0.05;
		}
		for (size_t i = 0; i < n; i++) {
			for (size_t j = i + 1; j < n; j++) {
				double dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
				double d2 = dx * dx + dy * dy;
				if (d2 < 1e-12) {
					dx = 1e-6 * (double)(i + 1);
					dy = 1e-6 * (double)(j + 1);
					d2 = dx * dx + dy * dy;
				}
				double f = k * k / d2;  /* (k^2/d) / d: per unit vector */
				nodes[i].dx += dx * f;
				nodes[i].dy += dy * f;
				nodes[j].dx -= dx * f;
				nodes[j].dy -= dy * f;
			}
		}
		for (size_t e = 0; e < nedges; e++) {
			struct node *a = &nodes[edges[e].a], *b = &nodes[edges[e].b];
			double dx = a->x - b->x, dy = a->y - b->y;
			double d = sqrt(dx * dx + dy * dy);
			/* heavier edges pull harder, logarithmically, so that one
			 * dominant pair does not collapse onto itself */
			double f = (1 + log(edges[e].w / wmin)) * d / k;  /* (w d^2/k) / d */
			a->dx -= dx * f;
			a->dy -= dy * f;
			b->dx += dx * f;
			b->dy += dy * f;
		}
		for (size_t i = 0; i < n; i++) {
			double d = sqrt(nodes[i].dx * nodes[i].dx + nodes[i].dy * nodes[i].dy);
			if (d > temp) {
				nodes[i].dx *= temp / d;
				nodes[i].dy *= temp / d;
			}
			/* the frame: positions stay in the unit square */
			nodes[i].x = fmin(1, fmax(0, nodes[i].x + nodes[i].dx));
			nodes[i].y = fmin(1, fmax(0, nodes[i].y + nodes[i].dy));
		}
		temp = 0.1 * (1.0 - (double)(it + 1) / (double)iters) + 1e-4;
	}
	for (int pass = 0; pass < 3; pass++) {
		rescale(nodes, n);
		declutter(nodes, n);
	}
	rescale(nodes, n);

	tly_out *out = tly_out_open(output, &err);
	if (!out)
		tly_die_err(&err);
	if (edges_out) {
		tly_csv_header(out, "source,target,weight,x1,y1,x2,y2");
		for (size_t e = 0; e < nedges; e++) {
			struct node *a = &nodes[edges[e].a], *b = &nodes[edges[e].b];
			tly_csv_str(out, a->name);
			tly_csv_str(out, b->name);
			tly_csv_real(out, edges[e].w);
			tly_csv_fixed(out, a->x, 6);
			tly_csv_fixed(out, a->y, 6);
			tly_csv_fixed(out, b->x, 6);
			tly_csv_fixed(out, b->y, 6);
			tly_csv_end(out);
		}
	} else {
		tly_csv_header(out, "node,x,y,degree,strength");
		for (size_t i = 0; i < n; i++) {
			tly_csv_str(out, nodes[i].name);
			tly_csv_fixed(out, nodes[i].x, 6);
			tly_csv_fixed(out, nodes[i].y, 6);
			tly_csv_uint(out, nodes[i].degree);
			tly_csv_real(out, nodes[i].strength);
			tly_csv_end(out);
		}
	}
	free(nodes);
	free(rank);
	free(edges);
	int rc = tly_finish(out);
	tly_hash_free(ids);
	return rc;
}

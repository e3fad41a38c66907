/* opts.c - the options every tool shares, parsed in one place. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

void tly_common_init(tly_common *c)
{
	memset(c, 0, sizeof *c);
	c->tok.fold_case = 1;
}

void tly_stdin_take(void)
{
	static int taken;

	if (taken++)
		tly_usage_error("stdin (-) given more than once: it can be read only once");
}

/* Merging, the options come from a partial's header: an error in them is
 * one of the file (edited, or written by another tally), not of the
 * command line. */
static _Noreturn void merge_opt_error(const char *what)
{
	tly_pmerge *m = tly_pm_active();

	tly_die(TLY_EXIT_DATA, "%s: the options recorded in the partial are not valid (%s): "
	        "edited, or written by another tally?", tly_pm_meta_path(m), what);
}

void tly_usage_error(const char *fmt, ...)
{
	va_list ap;
	const char *p = tly_prog();

	if (tly_pm_active()) {
		char msg[512];
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		merge_opt_error(msg);
	}
	fprintf(stderr, "%s: ", p);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", p);
	exit(TLY_EXIT_USAGE);
}

/* Edit distance between a[0..na) and b[0..nb) (insertions, deletions,
 * substitutions, and transpositions of two adjacent characters, the most
 * common typo: trems, kiwc, --widht), capped at 63. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t prev2[64], prev[64], row[64];

	if (na > 62 || nb > 62)
		return 63;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			row[j] = best;
		}
		memcpy(prev2, prev, (nb + 1) * sizeof *prev);
		memcpy(prev, row, (nb + 1) * sizeof *row);
	}
	return prev[nb];
}

const char *tly_suggest(const char *w, size_t n, const char *const *names, size_t count,
                        int abbrev)
{
	const char *pick = NULL;
	size_t best = 63;

	for (size_t i = 0; i < count; i++) {
		size_t k = strlen(names[i]), d;
		if (k == n && strncmp(names[i], w, n) == 0)
			return NULL;  /* a name */
		if (k > n && strncmp(names[i], w, n) == 0) {
			if (abbrev)
				return NULL;  /* an abbreviation getopt has dealt with */
			d = n >= 3 ? 1 : 63;  /* the start of a name (term for terms) */
		} else if (k >= 3 && k < n && strncmp(names[i], w, k) == 0) {
			d = 1;  /* a name that the word begins with (--text-column) */
		} else {
			d = edit_distance(w, n, names[i], k);
		}
		if (d < best) {
			best = d;
			pick = names[i];
		}
	}
	return pick && best <= (n < 6 ? 1 : n / 3) ? pick : NULL;
}

void tly_bad_option(char *const *argv, const struct option *longopts)
{
	const char *p = tly_prog();
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;

	if (tly_pm_active()) {
		char msg[200];
		snprintf(msg, sizeof msg, "%s", arg ? arg : "?");
		merge_opt_error(msg);
	}
	if (arg && strncmp(arg, "--", 2) == 0 && arg[2]) {
		size_t count = 0;
		while (longopts[count].name)
			count++;
		const char **names = xcalloc(count + 1, sizeof *names);
		for (size_t i = 0; i < count; i++)
			names[i] = longopts[i].name;
		const char *pick = tly_suggest(arg + 2, strcspn(arg + 2, "="), names, count, 1);
		if (pick)
			fprintf(stderr, "%s: did you mean --%s?\n", p, pick);
		free(names);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n", p);
	exit(TLY_EXIT_USAGE);
}

long tly_opt_long(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	/* digits, with a '-' first at most: not " 5" or "+5", which strtol takes */
	if (errno || end == arg || *end || !isdigit((unsigned char)arg[arg[0] == '-']) ||
	    v < min || v > max) {
		if (max == __LONG_MAX__)
			tly_usage_error("%s must be an integer >= %ld, not \"%s\"", opt, min, arg);
		tly_usage_error("%s must be an integer from %ld to %ld, not \"%s\"", opt, min,
		                max, arg);
	}
	return v;
}

unsigned tly_ent_types(const char *arg)
{
	unsigned t = 0;

	for (const char *p = arg;; p++) {
		size_t n = strcspn(p, ",");
		if (n == 7 && strncmp(p, "country", 7) == 0)
			t |= TLY_ENT_COUNTRY;
		else if (n == 6 && strncmp(p, "person", 6) == 0)
			t |= TLY_ENT_PERSON;
		else if (n == 7 && strncmp(p, "capital", 7) == 0)
			t |= TLY_ENT_CAPITAL;
		else
			tly_usage_error("--types takes a comma-separated list of country, person and "
			                "capital, not \"%s\"", arg);
		p += n;
		if (!*p)
			return t;
	}
}

const char *tly_opt_str(const char *opt, const char *arg, const char *what)
{
	if (!*arg)
		tly_usage_error("%s needs %s", opt, what);
	return arg;
}

double tly_opt_double(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || isspace((unsigned char)arg[0]) || !isfinite(v) ||
	    v < min || v > max)
		tly_usage_error("%s must be a number from %g to %g, not \"%s\"", opt, min, max,
		                arg);
	return v;
}

int tly_common_opt(tly_common *c, int opt, const char *arg)
{
	switch (opt) {
	case TLY_OPT_FORMAT:
		if (strcmp(arg, "auto") == 0)
			c->in.format = TLY_FMT_AUTO;
		else if (strcmp(arg, "text") == 0)
			c->in.format = TLY_FMT_TEXT;
		else if (strcmp(arg, "csv") == 0)
			c->in.format = TLY_FMT_CSV;
		else if (strcmp(arg, "manifest") == 0)
			c->in.format = TLY_FMT_MANIFEST;
		else
			tly_usage_error("--format must be auto, text, csv or manifest, not \"%s\"",
			                arg);
		return 1;
	case TLY_OPT_TEXT_COL:
		c->in.text_col = tly_opt_str("--text-col", arg, "a column name");
		return 1;
	case TLY_OPT_ID_COL:
		c->in.id_col = tly_opt_str("--id-col", arg, "a column name");
		return 1;
	case TLY_OPT_CASE:
		if (strcmp(arg, "fold") == 0)
			c->tok.fold_case = 1;
		else if (strcmp(arg, "keep") == 0)
			c->tok.fold_case = 0;
		else
			tly_usage_error("--case must be fold or keep, not \"%s\"", arg);
		return 1;
	case TLY_OPT_FOLD_DIA:
		c->tok.fold_diacritics = 1;
		return 1;
	case TLY_OPT_NO_MANIFEST:
		c->in.no_manifest = 1;
		return 1;
	case TLY_OPT_LENIENT:
		c->tok.lenient = 1;
		c->in.lenient = 1;
		return 1;
	case TLY_OPT_PROGRESS:
		c->in.progress = 1;
		return 1;
	case TLY_OPT_QUIET:
		c->in.progress = -1;
		return 1;
	case TLY_OPT_EXCEL_SAFE:
		c->excel_safe = 1;
		return 1;
	case TLY_OPT_OUTPUT:
		c->output = tly_opt_str("-o", arg, "a file name");
		return 1;
	}
	return 0;
}

void tly_common_usage(FILE *fp)
{
	fputs(
	    "Input (every tool reads documents the same way):\n"
	    "  FILE...                 text files, directories (walked in sorted order),\n"
	    "                          manifests, CSV corpora; none or - reads stdin\n"
	    "      --format FMT        auto (default), text, csv or manifest\n"
	    "      --text-col NAME     CSV corpus column holding the text (default text)\n"
	    "      --id-col NAME       CSV corpus column holding the id (default id)\n"
	    "      --no-manifest       walk a directory even if it has a manifest.csv\n"
	    "      --case fold|keep    case-fold tokens (default fold)\n"
	    "      --fold-diacritics   also strip diacritics (Viet Nam = Việt Nam)\n"
	    "      --lenient           replace invalid UTF-8 with U+FFFD and count it\n"
	    "Output:\n"
	    "  -o, --output FILE       write to FILE atomically instead of stdout\n"
	    "      --excel-safe        prefix fields starting with = + - @ TAB or CR\n"
	    "                          with ' (spreadsheet formula injection)\n"
	    "      --progress          always show progress on stderr\n"
	    "      --quiet             never show progress\n"
	    "  -h, --help              show this help\n",
	    fp);
}

tly_out *tly_common_out(const tly_common *c)
{
	tly_err err = {0};
	tly_out *o = tly_out_open(c->output, &err);

	if (!o)
		tly_die_err(&err);
	tly_out_excel_safe(o, c->excel_safe);
	return o;
}

int tly_finish(tly_out *o)
{
	tly_err err = {0};

	tly_progress_done();
	if (tly_out_close(o, 1, &err) < 0) {
		fprintf(stderr, "%s: %s\n", tly_prog(), err.msg);
		return TLY_EXIT_DATA;
	}
	return TLY_EXIT_OK;
}

/* opts.c - the options every tool shares, parsed in one place. */
#include <errno.h>
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

void tly_usage_error(const char *fmt, ...)
{
	va_list ap;
	const char *p = tly_prog();

	fprintf(stderr, "%s: ", p);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", p);
	exit(TLY_EXIT_USAGE);
}

long tly_opt_long(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max) {
		if (max == __LONG_MAX__)
			tly_usage_error("%s must be an integer >= %ld, not \"%s\"", opt, min, arg);
		tly_usage_error("%s must be an integer from %ld to %ld, not \"%s\"", opt, min,
		                max, arg);
	}
	return v;
}

double tly_opt_double(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || v < min || v > max)
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
		if (!*arg)
			tly_usage_error("--text-col needs a column name");
		c->in.text_col = arg;
		return 1;
	case TLY_OPT_ID_COL:
		if (!*arg)
			tly_usage_error("--id-col needs a column name");
		c->in.id_col = arg;
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
		if (!*arg)
			tly_usage_error("-o needs a file name");
		c->output = arg;
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
	    "      --excel-safe        prefix fields starting with = + - @ with '\n"
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

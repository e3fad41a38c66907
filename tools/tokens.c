/* tokens.c - tally tokens: one row per token, or per sentence. */
#include <getopt.h>
#include <stdlib.h>

#include "../lib/tally.h"
#include "tools.h"

static void usage(FILE *fp)
{
	fputs("usage: tally tokens [options] [FILE...]\n"
	      "\n"
	      "Cut documents into tokens and write one CSV row per token:\n"
	      "  doc,para,sent,index,start,end,token\n"
	      "para and sent number paragraphs and sentences from 1 within the document;\n"
	      "index numbers tokens from 1; start,end are byte offsets into the\n"
	      "document's original bytes (end exclusive); token is the normalized text.\n"
	      "\n"
	      "  -s, --sentences         one row per sentence instead:\n"
	      "                          doc,para,sent,start,end,text (text with each run\n"
	      "                          of whitespace shown as one space)\n"
	      "      --kind              add a kind column (word, number, abbrev,\n"
	      "                          acronym, clitic)\n"
	      "\n",
	      fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally tokens corpus/\n"
	      "  tally tokens --sentences corpus/manifest.csv\n"
	      "  echo 'Việt Nam’s Tô Lâm' | tally tokens --fold-diacritics\n"
	      "  echo 'Board’s U.S. role' | tally tokens --case keep\n",
	      fp);
}

static const char *kind_name(int k)
{
	switch (k) {
	case TLY_TK_NUMBER: return "number";
	case TLY_TK_ABBREV: return "abbrev";
	case TLY_TK_ACRONYM: return "acronym";
	case TLY_TK_CLITIC: return "clitic";
	default: return "word";
	}
}

int tokens_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"sentences", no_argument, 0, 's'},
		{"kind", no_argument, 0, 'k'},
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	int sentences = 0, kinds = 0, opt;

	tly_common_init(&c);
	while ((opt = getopt_long(argc, argv, "s" TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case 's': sentences = 1; break;
		case 'k': kinds = 1; break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (sentences && kinds)
		tly_usage_error("--kind goes with token rows, not --sentences");
	c.tok.sentences = sentences;

	tly_err err = {0};
	tly_input *in = tly_input_new(argv + optind, argc - optind, &c.in);
	tly_tokenizer *tk = tly_tok_new(&c.tok);
	tly_out *out = tly_common_out(&c);
	tly_buf text = {0};
	tly_doc *doc;
	tly_token tok;
	int r;

	if (sentences)
		tly_csv_header(out, "doc,para,sent,start,end,text");
	else
		tly_csv_header(out, kinds ? "doc,para,sent,index,start,end,token,kind"
		                          : "doc,para,sent,index,start,end,token");
	while ((r = tly_input_next(in, &doc, &err)) > 0) {
		const char *id = tly_doc_id(doc);

		tly_tok_reset(tk, doc);
		while ((r = tly_tok_next(tk, &tok, &err)) > 0) {
			if (sentences != (tok.kind == TLY_TK_SENTENCE))
				continue;
			tly_csv_str(out, id);
			tly_csv_uint(out, tok.para);
			tly_csv_uint(out, tok.sent);
			if (sentences) {
				tly_csv_uint(out, tok.start);
				tly_csv_uint(out, tok.end);
				tly_buf_clear(&text);
				tly_collapse_space(tok.text, tok.len, &text);
				tly_csv_field(out, text.data ? text.data : "", text.len);
			} else {
				tly_csv_uint(out, tok.index);
				tly_csv_uint(out, tok.start);
				tly_csv_uint(out, tok.end);
				tly_csv_field(out, tok.text, tok.len);
				if (kinds)
					tly_csv_str(out, kind_name(tok.kind));
			}
			tly_csv_end(out);
		}
		if (r < 0)
			break;
	}
	if (r < 0) {
		tly_tok_free(tk);
		tly_input_free(in);
		tly_buf_free(&text);
		tly_die_err(&err);
	}
	tly_warn_replaced(tly_tok_replaced(tk));
	tly_tok_free(tk);
	tly_input_free(in);
	tly_buf_free(&text);
	return tly_finish(out);
}

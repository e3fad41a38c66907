/* bench/tokdrive.c - the tokenizer alone: tokenize files through
 * tly_input_next and tly_tok_next and print only the token count, so that
 * no output is measured.  Built and run by bench/speed.sh.
 *
 *   tokdrive [-p] [-s] [-w] FILE...   -p: emit_punct, -s: sentence records,
 *                                  -w: tly_tok_words (word tokens only) */
#include <stdio.h>
#include <string.h>

#include "../lib/tally.h"

int main(int argc, char **argv)
{
	tly_tokopts to = {0};
	tly_inopts io = {0};
	int i = 1, words = 0;

	to.fold_case = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-p") == 0)
			to.emit_punct = 1;
		else if (strcmp(argv[i], "-s") == 0)
			to.sentences = 1;
		else if (strcmp(argv[i], "-w") == 0)
			words = 1;
	}
	io.progress = -1;
	tly_input *in = tly_input_new(argv + i, argc - i, &io);
	tly_tokenizer *tk = tly_tok_new(&to);
	tly_err err = {0};
	tly_doc *d;
	tly_token tok;
	unsigned long long n = 0, bytes = 0;
	int r;

	while ((r = tly_input_next(in, &d, &err)) > 0) {
		tly_tok_reset(tk, d);
		if (words) {
			tly_tokbatch b;
			while ((r = tly_tok_words(tk, &b, &err)) > 0)
				for (size_t k = 0; k < b.n; k++) {
					n++;
					bytes += b.len[k];
				}
			if (r < 0)
				break;
			continue;
		}
		while ((r = tly_tok_next(tk, &tok, &err)) > 0) {
			n++;
			bytes += tok.len;
		}
		if (r < 0)
			break;
	}
	if (r < 0) {
		fprintf(stderr, "tokdrive: %s\n", err.msg);
		return 1;
	}
	printf("%llu tokens, %llu bytes of text\n", n, bytes);
	tly_tok_free(tk);
	tly_input_free(in);
	return 0;
}

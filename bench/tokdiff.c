/* bench/tokdiff.c - differential check of the tokenizer: every token field
 * from the tokenizer of another revision (compiled with its symbols renamed
 * old_*) against this one's, for each option combination, on files and on
 * random mutations of them.  Run by bench/tokdiff.sh.
 *
 *   tokdiff [-r N] FILE...   N: random mutated slices per file (default 0) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"

tly_tokenizer *old_tok_new(const tly_tokopts *o);
void old_tok_reset(tly_tokenizer *t, tly_doc *d);
int old_tok_next(tly_tokenizer *t, tly_token *tok, tly_err *err);
uint64_t old_tok_replaced(const tly_tokenizer *t);
void old_tok_free(tly_tokenizer *t);

static unsigned long long ntok;

static int same_tok(const tly_token *a, const tly_token *b)
{
	return a->kind == b->kind && a->flags == b->flags && a->len == b->len &&
	       memcmp(a->text, b->text, a->len + 1) == 0 && a->rawlen == b->rawlen &&
	       memcmp(a->raw, b->raw, a->rawlen) == 0 && a->start == b->start &&
	       a->end == b->end && a->index == b->index && a->para == b->para &&
	       a->sent == b->sent;
}

static void show(const char *who, const tly_token *t)
{
	fprintf(stderr, "  %s: kind %d flags %u text \"%.*s\" len %zu start %llu end %llu index %llu "
	        "para %llu sent %llu\n", who, t->kind, t->flags, (int)(t->len > 60 ? 60 : t->len),
	        t->text, t->len, (unsigned long long)t->start, (unsigned long long)t->end,
	        (unsigned long long)t->index, (unsigned long long)t->para,
	        (unsigned long long)t->sent);
}

/* 0 if both tokenizers agree on the document text[0, len) with options o. */
static int compare(const char *name, const char *text, size_t len, const tly_tokopts *o)
{
	tly_doc *d1 = tly_doc_mem(name, text, len), *d2 = tly_doc_mem(name, text, len);
	tly_tokenizer *a = old_tok_new(o), *b = tly_tok_new(o);
	tly_token ta, tb;
	tly_err ea = {0}, eb = {0};
	int ra, rb, bad = 0;
	unsigned long long i = 0;

	old_tok_reset(a, d1);
	tly_tok_reset(b, d2);
	for (;; i++) {
		ra = old_tok_next(a, &ta, &ea);
		rb = tly_tok_next(b, &tb, &eb);
		if (ra != rb || (ra > 0 && !same_tok(&ta, &tb)) ||
		    (ra < 0 && strcmp(ea.msg, eb.msg) != 0)) {
			fprintf(stderr, "tokdiff: %s: token %llu differs (opts fc%d fd%d p%d s%d l%d): "
			        "%d vs %d\n", name, i, o->fold_case, o->fold_diacritics, o->emit_punct,
			        o->sentences, o->lenient, ra, rb);
			if (ra > 0)
				show("old", &ta);
			if (rb > 0)
				show("new", &tb);
			if (ra < 0 || rb < 0)
				fprintf(stderr, "  old err: %s\n  new err: %s\n", ea.msg, eb.msg);
			bad = 1;
			break;
		}
		if (ra <= 0)
			break;
	}
	if (!bad && old_tok_replaced(a) != tly_tok_replaced(b)) {
		fprintf(stderr, "tokdiff: %s: replaced counts differ\n", name);
		bad = 1;
	}
	ntok += i;
	old_tok_free(a);
	tly_tok_free(b);
	tly_doc_free(d1);
	tly_doc_free(d2);
	return bad;
}

static int all_opts(const char *name, const char *text, size_t len)
{
	for (int m = 0; m < 32; m++) {
		tly_tokopts o = {m & 1, (m >> 1) & 1, (m >> 2) & 1, (m >> 3) & 1, (m >> 4) & 1};
		if (compare(name, text, len, &o))
			return 1;
	}
	return 0;
}

static const char *const pieces[] = {
	" ", "  ", "\n", "\n\n", "\t", ".", ",", "'", "’", "-", "–", "$", "%", "!", "?", "\"",
	"(", ")", "U.S.", "Dr.", "etc.", "e.g.", "US$", "3.5", "1,000", "'s", "’s", "Việt",
	"\xC3", "\x80", "\xFF", "\0", "a", "A", "Z", "9", "\u2029", "\u00AD", "\u200D", "😀",
	"€", "₫", "…", ":-)", "<3", "\r\n", "\xEF\xBB\xBF",
};

int main(int argc, char **argv)
{
	int i = 1, rounds = 0, bad = 0;

	if (i + 1 < argc && strcmp(argv[i], "-r") == 0) {
		rounds = atoi(argv[i + 1]);
		i += 2;
	}
	srand(12345);
	for (; i < argc; i++) {
		tly_buf b = {0};
		if (tly_buf_read_file(&b, argv[i]) < 0) {
			perror(argv[i]);
			return 2;
		}
		bad |= all_opts(argv[i], b.data ? b.data : "", b.len);
		for (int r = 0; r < rounds && !bad; r++) {
			/* a slice of the file with random pieces spliced in */
			size_t len = b.len ? (size_t)rand() % (b.len < 4000 ? b.len : 4000) : 0;
			size_t at = b.len > len ? (size_t)rand() % (b.len - len) : 0;
			tly_buf m = {0};
			for (size_t k = 0; k < len; k++) {
				if (rand() % 40 == 0) {
					const char *p = pieces[rand() % (sizeof pieces / sizeof *pieces)];
					tly_buf_add(&m, p, *p ? strlen(p) : 1);
				}
				tly_buf_addc(&m, b.data[at + k]);
			}
			char name[64];
			snprintf(name, sizeof name, "%s#%d", argv[i], r);
			bad |= all_opts(name, m.data ? m.data : "", m.len);
			tly_buf_free(&m);
		}
		tly_buf_free(&b);
	}
	fprintf(stderr, "tokdiff: %llu tokens compared, %s\n", ntok, bad ? "DIFFERENCES" : "identical");
	return bad;
}

/* fuzz_tokenizer.c - libFuzzer target for the tokenizer and segmenter.
 *
 * The first byte picks the options; the rest is one document.  Besides the
 * sanitizers, it checks the properties every tool relies on: a token's raw
 * bytes are the document's bytes [start, end), offsets and numbers never go
 * backwards, indexes run 1..n, an error is a message, not a crash, and
 * tly_tok_batch gives the same tokens (kind, sentence, text) and end, and
 * tly_tok_words the same words (kind, text, and their first 16 bytes in
 * head) and end; with sentence records or without, the tokens are the same
 * (kind, paragraph, sentence, text), and each but punctuation lies inside
 * the record of its sentence. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/tally.h"

/* A token as batch_check compares it. */
static void put_tok(tly_buf *out, int kind, uint64_t sent, const char *text, size_t len)
{
	tly_buf_add(out, (const char *)&kind, sizeof kind);
	tly_buf_add(out, (const char *)&sent, sizeof sent);
	tly_buf_add(out, (const char *)&len, sizeof len);
	tly_buf_add(out, text, len);
}

/* The batches' tokens must be want (the stream tly_tok_next gave, which
 * ended with r), or a prefix of it when r < 0: tly_tok_batch's, or with
 * words tly_tok_words's (want then holds the words only, sentence 0). */
static void batch_check(const char *text, size_t len, const tly_tokopts *o, int words,
                        const tly_buf *want, int r, const tly_err *err)
{
	tly_doc *d = tly_doc_mem("fuzz", text, len);
	tly_tokenizer *t = tly_tok_new(o);
	tly_tokbatch b;
	tly_err e = {0};
	tly_buf got = {0};
	int rb;

	tly_tok_reset(t, d);
	while ((rb = words ? tly_tok_words(t, &b, &e) : tly_tok_batch(t, &b, &e)) > 0) {
		if (b.n < 1 || b.n > TLY_BATCH)
			abort();
		for (size_t i = 0; i < b.n; i++) {
			const char *s = b.text + b.off[i];
			size_t n = b.len[i];
			char head[16];
			if (words) {
				/* the first 16 bytes in head, zero-padded; the text
				 * itself only for longer words */
				memcpy(head, &b.head[i][0], 8);
				memcpy(head + 8, &b.head[i][1], 8);
				for (size_t j = n; j < 16; j++)
					if (head[j] != '\0')
						abort();
				if (n > 16 && memcmp(head, s, 16) != 0)
					abort();
				if (n <= 16)
					s = head;
			}
			if ((s != head && s[n] != '\0') || (words && b.sent[i] != 0))
				abort();
			put_tok(&got, b.kind[i], b.sent[i], s, n);
		}
	}
	if (rb != r || got.len > want->len ||
	    (got.len && memcmp(got.data, want->data, got.len) != 0) ||
	    (r == 0 && got.len != want->len) || (r < 0 && strcmp(e.msg, err->msg) != 0))
		abort();
	tly_buf_free(&got);
	tly_tok_free(t);
	tly_doc_free(d);
}

/* The tokens other than sentence records, with their paragraph and sentence
 * numbers, when o asks for records (sentences) or not; with records, each
 * token but punctuation must lie inside the record of its sentence, which
 * follows it. */
static void mode_stream(const char *text, size_t len, tly_tokopts o, int sentences,
                        tly_buf *out)
{
	tly_doc *d = tly_doc_mem("fuzz", text, len);
	tly_tokenizer *t;
	tly_token tok;
	tly_err e = {0};
	uint64_t first = UINT64_MAX, last = 0, sent = 0;

	o.sentences = sentences;
	t = tly_tok_new(&o);
	tly_tok_reset(t, d);
	while (tly_tok_next(t, &tok, &e) > 0) {
		if (tok.kind == TLY_TK_SENTENCE) {
			if (first != UINT64_MAX &&
			    (tok.sent != sent || first < tok.start || last > tok.end))
				abort();
			first = UINT64_MAX;
			continue;
		}
		put_tok(out, tok.kind, tok.sent * 1000003 + tok.para, tok.text, tok.len);
		if (tok.kind == TLY_TK_PUNCT)
			continue;  /* stray punctuation may belong to no sentence */
		if (sentences && first != UINT64_MAX && tok.sent != sent)
			abort();  /* a new sentence without the last one's record */
		if (first == UINT64_MAX)
			first = tok.start;
		last = tok.end;
		sent = tok.sent;
	}
	tly_tok_free(t);
	tly_doc_free(d);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size == 0)
		return 0;
	tly_tokopts o = {
		.fold_case = data[0] & 1,
		.fold_diacritics = (data[0] >> 1) & 1,
		.emit_punct = (data[0] >> 2) & 1,
		.sentences = (data[0] >> 3) & 1,
		.lenient = (data[0] >> 4) & 1,
	};
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	tly_doc *d = tly_doc_mem("fuzz", text, len);
	tly_tokenizer *t = tly_tok_new(&o);
	tly_token tok;
	tly_err err = {0};
	uint64_t last_start = 0, index = 0, para = 0, sent = 0;
	tly_buf stream = {0}, words = {0}, want = {0};
	int r;

	tly_tok_reset(t, d);
	while ((r = tly_tok_next(t, &tok, &err)) > 0) {
		if (tok.end < tok.start || tok.end > len)
			abort();
		put_tok(&stream, tok.kind, tok.sent, tok.text, tok.len);
		if (tok.kind != TLY_TK_PUNCT && tok.kind != TLY_TK_SYMBOL && tok.kind != TLY_TK_SENTENCE)
			put_tok(&words, tok.kind, 0, tok.text, tok.len);
		/* a sentence's text and a token's raw bytes are the document's
		 * bytes, read as lenient mode reads them */
		tly_buf_clear(&want);
		if (o.lenient)
			tly_buf_add_valid(&want, text + tok.start, tok.end - tok.start);
		else
			tly_buf_add(&want, text + tok.start, tok.end - tok.start);
		if (tok.kind == TLY_TK_SENTENCE) {
			if (tok.len != want.len || memcmp(tok.text, want.data, tok.len) != 0)
				abort();
			continue;
		}
		if (tok.rawlen != want.len || memcmp(tok.raw, want.data, tok.rawlen) != 0)
			abort();
		if (tok.start < last_start || strlen(tok.text) != tok.len)
			abort();
		if (tok.flags & TLY_TF_ASCII)  /* the flag promises ASCII bytes */
			for (size_t i = 0; i < tok.rawlen; i++)
				if ((unsigned char)tok.raw[i] >= 128)
					abort();
		last_start = tok.start;
		if (tok.index) {
			if (tok.index != ++index || tok.para < para || tok.sent < sent)
				abort();
			para = tok.para;
			sent = tok.sent;
		}
	}
	if (r < 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
		abort();
	batch_check(text, len, &o, 0, &stream, r, &err);
	batch_check(text, len, &o, 1, &words, r, &err);
	if (r == 0) {
		tly_buf with = {0}, without = {0};
		mode_stream(text, len, o, 1, &with);
		mode_stream(text, len, o, 0, &without);
		if (with.len != without.len || (with.len && memcmp(with.data, without.data, with.len)))
			abort();
		tly_buf_free(&with);
		tly_buf_free(&without);
	}
	tly_buf_free(&stream);
	tly_buf_free(&words);
	tly_buf_free(&want);
	tly_tok_free(t);
	tly_doc_free(d);
	return 0;
}

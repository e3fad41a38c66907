/* fuzz_lexicon.c - libFuzzer target for the tone lexicon loader and the
 * scorer.
 *
 * The first byte picks the options (diacritic folding, the duplicate rule,
 * --names, explanations); the rest is cut at each 0x1E byte (ASCII record
 * separator) into a lexicon file (TSV or CSV, as tly_lexicon_load tells them
 * apart), an emoji file (loaded if its piece is not empty) and a text.  A
 * failed load must be a one-line message; a loaded lexicon scores the text
 * as one unit (tly_tone_string) and sentence by sentence, with every item
 * explained, and the scores are checked: finite, compound in [-1, 1], the
 * proportions summing to 1 (or all 0), items inside the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/tally.h"

static char dir[64];

static void cleanup(void)
{
	char p[128];

	snprintf(p, sizeof p, "%s/lexicon", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/emoji", dir);
	unlink(p);
	rmdir(dir);
}

static void setup(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof dir, "/tmp/tally-fuzz-lex-%d", (int)getpid());
	mkdir(dir, 0700);
	atexit(cleanup);
}

static void put(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0)
		abort();
}

static void check(const tly_tone_score *s)
{
	if (!isfinite(s->sum) || !isfinite(s->compound) || s->compound < -1 || s->compound > 1)
		abort();
	if (!isfinite(s->pos) || !isfinite(s->neu) || !isfinite(s->neg) || s->pos < 0 ||
	    s->neu < 0 || s->neg < 0)
		abort();
	double t = s->pos + s->neu + s->neg;
	if (s->words && fabs(t - 1) > 1e-9)
		abort();
	if (s->npos + s->nneg > s->nlex)
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size == 0)
		return 0;
	setup();
	unsigned opts = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *piece[3] = {"", "", ""};
	size_t plen[3] = {0, 0, 0};
	for (int i = 0; i < 3 && p; i++) {
		const char *sep = i < 2 ? memchr(p, 0x1E, (size_t)(end - p)) : NULL;
		piece[i] = p;
		plen[i] = (size_t)((sep ? sep : end) - p);
		p = sep ? sep + 1 : NULL;
	}
	char lexpath[128], emopath[128];
	snprintf(lexpath, sizeof lexpath, "%s/lexicon", dir);
	snprintf(emopath, sizeof emopath, "%s/emoji", dir);
	put(lexpath, piece[0], plen[0]);

	tly_err err = {0};
	tly_lexicon *lx = tly_lexicon_new(opts & 1);
	long r = tly_lexicon_load(lx, lexpath, (int)((opts >> 1) & 3), &err);
	if (r >= 0 && plen[1]) {
		put(emopath, piece[1], plen[1]);
		r = tly_lexicon_load_emoji(lx, emopath, &err);
	}
	if (r < 0) {
		if (err.msg[0] == '\0' || strchr(err.msg, '\n'))
			abort();
		tly_lexicon_free(lx);
		return 0;
	}
	if (tly_lexicon_size(lx) == 0)
		abort();  /* a load that succeeds has entries */

	tly_tone *t = tly_tone_new(lx);
	tly_tone_names(t, (opts >> 3) & 1);
	tly_tone_explain(t, (opts >> 4) & 1);
	tly_tone_score sc;
	const char *text = piece[2];
	size_t len = plen[2];

	/* the whole text as one unit */
	if (tly_tone_string(t, text, len, &sc, &err) < 0) {
		if (err.msg[0] == '\0' || strchr(err.msg, '\n'))
			abort();
	} else {
		check(&sc);
	}

	/* sentence by sentence, as tally tone does, with explanations */
	tly_tokopts to = {.fold_case = 1, .fold_diacritics = opts & 1, .emit_punct = 1,
	                  .lenient = 1};
	tly_tokenizer *tk = tly_tok_new(&to);
	tly_doc *d = tly_doc_mem("fuzz", text, len);
	tly_token tok;
	uint64_t sent = 0;
	int rr;
	tly_tok_reset(tk, d);
	tly_tone_clear(t);
	for (;;) {
		rr = tly_tok_next(tk, &tok, &err);
		if (rr < 0)
			abort();  /* lenient: no error */
		if (rr == 0 || (tok.index && tok.sent != sent && sent)) {
			tly_tone_score_unit(t, &sc);
			check(&sc);
			for (size_t i = 0; i < tly_tone_nitems(t); i++) {
				tly_tone_item it;
				tly_tone_get_item(t, i, &it);
				if (it.start > it.end || it.end > len || !it.word || !it.rules ||
				    !isfinite(it.valence) || !isfinite(it.lexicon))
					abort();
			}
			unsigned ex, qu;
			if (!isfinite(tly_tone_emphasis(t, &ex, &qu)))
				abort();
			tly_tone_clear(t);
			if (rr == 0)
				break;
		}
		if (tok.index)
			sent = tok.sent;
		tly_tone_add(t, &tok);
	}
	tly_doc_free(d);
	tly_tok_free(tk);
	tly_tone_free(t);
	tly_lexicon_free(lx);
	return 0;
}

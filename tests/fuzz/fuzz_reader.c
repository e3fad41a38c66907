/* fuzz_reader.c - libFuzzer target for the document reader: the bytes are a
 * CSV corpus (first byte even) or a manifest over two small files (first
 * byte odd), read with tly_input and tokenized to the end.  A CSV corpus is
 * also read in parts of a few bytes (tly_parts, as threads read it), which
 * must fail where the whole fails and else give the same documents. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/tally.h"
#include "../common_docdump.h"

static char dir[64];

static void setup(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof dir, "/tmp/tally-fuzz-reader-%d", (int)getpid());
	mkdir(dir, 0700);
	char p[128];
	snprintf(p, sizeof p, "%s/a.txt", dir);
	FILE *f = fopen(p, "w");
	fputs("Việt Nam and the U.S. met.\n\nSecond paragraph here.\n", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/b.txt", dir);
	f = fopen(p, "w");
	fputs("short", f);
	fclose(f);
}

static void parts_as_whole(char *path, size_t part)
{
	tly_inopts io = {.format = TLY_FMT_CSV, .progress = -1, .allow_empty = 1};
	char *paths[] = {path};
	tly_parts *p = tly_parts_open(paths, 1, &io);

	if (!p)
		return;  /* no record after the header, or a header the whole reads */
	tly_buf whole = {0}, parts = {0};
	tly_input *in = tly_input_new(paths, 1, &io);
	tly_err err = {0};
	int wr = dump_docs(in, &whole, &err), pr = 0, r = 0;
	tly_input_free(in);
	tly_part pt;
	tly_parts_set_size(p, part);
	while (pr == 0 && (r = tly_parts_next(p, &pt)) > 0) {
		in = tly_input_part(&pt);
		pr = dump_docs(in, &parts, &err);
		tly_input_free(in);
		free(pt.data);
	}
	tly_parts_close(p);
	if (r < 0)
		abort();  /* only records longer than TLY_MAX_FIELD */
	if ((wr < 0) != (pr < 0))
		abort();  /* parts must fail where the whole fails */
	if (wr == 0 && (whole.len != parts.len ||
	                (whole.len && memcmp(whole.data, parts.data, whole.len) != 0)))
		abort();
	tly_buf_free(&whole);
	tly_buf_free(&parts);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[128];
	tly_err err = {0};

	if (size == 0)
		return 0;
	setup();
	snprintf(path, sizeof path, "%s/in.csv", dir);
	FILE *f = fopen(path, "wb");
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);

	tly_inopts io = {.format = (data[0] & 1) ? TLY_FMT_MANIFEST : TLY_FMT_CSV,
	                 .progress = -1};
	tly_tokopts to = {.fold_case = 1, .sentences = (data[0] >> 1) & 1};
	char *paths[] = {path};
	tly_input *in = tly_input_new(paths, 1, &io);
	tly_tokenizer *t = tly_tok_new(&to);
	tly_doc *d;
	tly_token tok;
	int r;

	while ((r = tly_input_next(in, &d, &err)) > 0) {
		tly_tok_reset(t, d);
		for (size_t i = 0; i < tly_doc_nmeta(d); i++)
			if (!tly_doc_meta_key(d, i) || !tly_doc_meta_val(d, i))
				abort();
		(void)tly_doc_meta(d, "month");
		while ((r = tly_tok_next(t, &tok, &err)) > 0)
			;
		if (r < 0)
			break;
	}
	if (r < 0 && err.msg[0] == '\0')
		abort();
	tly_tok_free(t);
	tly_input_free(in);
	if (!(data[0] & 1))
		parts_as_whole(path, 1 + (data[0] >> 1) % 64);
	return 0;
}

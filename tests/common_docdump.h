/* common_docdump.h - the documents of an input as text, for the tests that
 * compare two ways of reading one input (tests/unit, tests/fuzz). */
#ifndef TALLY_TEST_DOCDUMP_H
#define TALLY_TEST_DOCDUMP_H
#include <stdio.h>

#include "../lib/tally.h"

/* Each document of in as "id first-line key=value...|text\n" into out: 0,
 * or -1 with err filled. */
static inline int dump_docs(tly_input *in, tly_buf *out, tly_err *err)
{
	tly_doc *d;
	char tmp[4096];
	int r;

	while ((r = tly_input_next(in, &d, err)) > 0) {
		snprintf(tmp, sizeof tmp, "%s %llu", tly_doc_id(d),
		         (unsigned long long)tly_doc_first_line(d));
		tly_buf_adds(out, tmp);
		for (size_t i = 0; i < tly_doc_nmeta(d); i++) {
			tly_buf_addc(out, ' ');
			tly_buf_adds(out, tly_doc_meta_key(d, i));
			tly_buf_addc(out, '=');
			tly_buf_adds(out, tly_doc_meta_val(d, i));
		}
		tly_buf_addc(out, '|');
		ssize_t n;
		while ((n = tly_doc_read(d, tmp, sizeof tmp, err)) > 0)
			tly_buf_add(out, tmp, (size_t)n);
		if (n < 0)
			return -1;
		tly_buf_addc(out, '\n');
	}
	return r < 0 ? -1 : 0;
}
#endif

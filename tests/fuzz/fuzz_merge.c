/* fuzz_merge.c - libFuzzer target for the partial-result reader and merge:
 * the first byte picks the form (CSV partial or key<TAB>value lines), the
 * rest is the input; it is merged with itself (two copies, or one stream),
 * every record read, and re-written as a partial.  Errors must be reported
 * with a message, never crash or leak. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/tally.h"

static void drop(void *ctx, const char *rec, size_t len)
{
	(void)ctx;
	(void)rec;
	(void)len;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 1)
		return 0;
	int streaming = data[0] & 1;
	int fd = memfd_create("fuzz.partial", 0);
	char path[64];
	tly_err err = {0};

	if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	char *paths[2] = {path, path};
	tly_pmerge *m = tly_pm_open(paths, streaming ? 1 : 2, streaming, &err);
	if (m) {
		tly_out *o = tly_out_capture(drop, NULL);
		size_t n = tly_pm_nopts(m);
		char **opts = calloc(n + 1, sizeof *opts);
		for (size_t i = 0; i < n; i++)
			opts[i] = (char *)tly_pm_opt(m, i);
		tly_pwriter *w = tly_pw_new(o, streaming, tly_pm_tool(m) ? tly_pm_tool(m) : NULL,
		                            opts, n);
		if (!tly_pm_tool(m) && !streaming)
			abort();  /* a CSV partial always has its header */
		int r = tly_pm_copy(m, w, &err);
		if (r < 0 && err.msg[0] == '\0')
			abort();
		tly_pw_close(w);
		tly_out_close(o, 1, &err);
		free(opts);
		tly_pm_free(m);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	close(fd);
	return 0;
}

/* fuzz_csv.c - libFuzzer target for the CSV reader (tool-to-tool input and
 * CSV corpora): the bytes are a CSV file read through tly_table. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/tally.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	int fd = memfd_create("fuzz.csv", 0);
	char path[64];
	tly_err err = {0};

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	tly_table *t = tly_table_open(path, &err);
	if (t) {
		int r;
		size_t cells = 0;
		while ((r = tly_table_next(t, &err)) > 0) {
			for (size_t i = 0; i < tly_table_ncols(t); i++) {
				size_t len;
				const char *f = tly_table_get(t, i, &len);
				if (f[len] != '\0')
					abort();
				cells++;
			}
		}
		if (r < 0 && err.msg[0] == '\0')
			abort();
		tly_table_close(t);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	close(fd);
	return 0;
}

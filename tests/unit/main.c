/* main.c - run every registered unit test; an argument filters by name. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

int unit_failed;

static struct { const char *name; unit_fn fn; } cases[1024];
static int ncases;

void unit_register(const char *name, unit_fn fn)
{
	if (ncases < (int)(sizeof cases / sizeof *cases)) {
		cases[ncases].name = name;
		cases[ncases++].fn = fn;
	}
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
	int failed = 0;

	qsort(cases, (size_t)ncases, sizeof *cases, cmp);
	for (int i = 0; i < ncases; i++) {
		if (argc > 1 && !strstr(cases[i].name, argv[1]))
			continue;
		unit_failed = 0;
		fflush(stdout);
		cases[i].fn();
		printf("%s unit/%s\n", unit_failed ? "FAIL" : "ok", cases[i].name);
		fflush(stdout);
		failed += unit_failed;
	}
	return failed ? 1 : 0;
}

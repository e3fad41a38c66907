/* shim.c - fault injection by LD_PRELOAD, for tests/scripts/faults.sh.
 *
 *   TALLY_FAIL_MALLOC=N  the Nth call to malloc/calloc/realloc returns NULL
 *   TALLY_FAIL_READ=N    the Nth call to read() fails with EIO
 *   TALLY_SHORT_READ=1   every read() returns at most 7 bytes
 *
 * Counting starts when main() is about to run (a constructor), so the
 * dynamic loader's own allocations are not counted. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static long fail_malloc, fail_read, nmalloc, nread;
static int short_read, ready;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static ssize_t (*real_read)(int, void *, size_t);

/* calloc is used by dlsym itself: serve it from a static block until the
 * real one is known */
static char boot[4096];
static size_t boot_used;

__attribute__((constructor)) static void init(void)
{
	const char *m = getenv("TALLY_FAIL_MALLOC"), *r = getenv("TALLY_FAIL_READ");

	real_malloc = dlsym(RTLD_NEXT, "malloc");
	real_calloc = dlsym(RTLD_NEXT, "calloc");
	real_realloc = dlsym(RTLD_NEXT, "realloc");
	real_read = dlsym(RTLD_NEXT, "read");
	fail_malloc = m ? atol(m) : 0;
	fail_read = r ? atol(r) : 0;
	short_read = getenv("TALLY_SHORT_READ") != NULL;
	ready = 1;
}

static int fail_now(void)
{
	return ready && fail_malloc && ++nmalloc == fail_malloc;
}

void *malloc(size_t n)
{
	if (!real_malloc)
		init();
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_malloc(n);
}

void *calloc(size_t n, size_t s)
{
	if (!real_calloc) {
		size_t k = (n * s + 15) & ~(size_t)15;
		if (boot_used + k > sizeof boot)
			return NULL;
		void *p = boot + boot_used;
		boot_used += k;
		return p;
	}
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_calloc(n, s);
}

void *realloc(void *p, size_t n)
{
	if (!real_realloc)
		init();
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_realloc(p, n);
}

void free(void *p)
{
	static void (*real_free)(void *);

	if ((char *)p >= boot && (char *)p < boot + sizeof boot)
		return;
	if (!real_free)
		real_free = dlsym(RTLD_NEXT, "free");
	real_free(p);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (!real_read)
		init();
	if (ready && fail_read && ++nread == fail_read) {
		errno = EIO;
		return -1;
	}
	if (short_read && n > 7)
		n = 7;
	return real_read(fd, buf, n);
}

/* progress.c - a one-line progress report on stderr for long runs.
 *
 * Shown only when stderr is a terminal (or when forced), redrawn at most
 * four times a second, and erased when the work is done, so that stdout stays
 * pure CSV and logs stay clean. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tally.h"

static int enabled;
static int automatic;  /* shown because stderr is a terminal (not --progress) */
static int out_tty;    /* the CSV goes to standard output, a terminal */
static int drawn;
static double t0, last;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tly_progress_enable(int mode)
{
	enabled = mode > 0 || (mode == 0 && isatty(STDERR_FILENO));
	automatic = mode == 0;
	t0 = last = now();
	drawn = 0;
}

void tly_progress(uint64_t docs, uint64_t bytes)
{
	double t;

	/* rows on the terminal would be broken up by the redrawn line */
	if (!enabled || (automatic && out_tty))
		return;
	t = now();
	if (t - last < 0.25)
		return;
	last = t;
	double mb = (double)bytes / 1e6;
	fprintf(stderr, "\r%s: %llu document%s, %.1f MB, %.1f MB/s   ", tly_prog(),
	        (unsigned long long)docs, docs == 1 ? "" : "s", mb,
	        t > t0 ? mb / (t - t0) : 0.0);
	fflush(stderr);
	drawn = 1;
}

void tly_progress_output_tty(void)
{
	out_tty = 1;
}

void tly_progress_done(void)
{
	if (drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	drawn = 0;
}

/* test_csvout.c - tly_csv_real prints exactly what snprintf("%.10g") prints
 * (lib/csvout.c formats most values itself), on edge cases and on a few
 * hundred thousand values drawn from every part of the double range. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

static uint64_t rng_state = 0x243F6A8885A308D3ull;

static uint64_t rnd(void)  /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
	double v;

	memcpy(&v, &b, sizeof v);
	return v;
}

/* What tly_csv_real must print for v. */
static void expect(char *buf, size_t cap, double v)
{
	if (isnan(v))
		snprintf(buf, cap, "NA");
	else if (isinf(v))
		snprintf(buf, cap, v > 0 ? "Inf" : "-Inf");
	else
		snprintf(buf, cap, "%.10g", v == 0 ? 0.0 : v);
}

/* Write vals through tly_csv_real, one per line, and compare each line. */
static void check_values(const double *vals, size_t n)
{
	char path[] = "/tmp/tally-unit-real-XXXXXX";
	int fd = mkstemp(path);
	tly_err err = {0};

	CHECK(fd >= 0);
	close(fd);
	tly_out *o = tly_out_open(path, &err);
	CHECK(o != NULL);
	if (!o)
		return;
	for (size_t i = 0; i < n; i++) {
		tly_csv_real(o, vals[i]);
		tly_csv_end(o);
	}
	CHECK(tly_out_close(o, 1, &err) == 0);
	FILE *fp = fopen(path, "r");
	char line[128], want[128];
	size_t bad = 0;
	for (size_t i = 0; i < n && fp; i++) {
		if (!fgets(line, sizeof line, fp)) {
			CHECK(!"output ended early");
			break;
		}
		line[strcspn(line, "\n")] = '\0';
		expect(want, sizeof want, vals[i]);
		if (strcmp(line, want) != 0 && bad++ < 10) {
			unit_failed = 1;
			fprintf(stderr, "  %s:%d: %.17g (bits %016llx): printed \"%s\", snprintf \"%s\"\n",
			        __FILE__, __LINE__, vals[i],
			        (unsigned long long)(*(const uint64_t *)(const void *)&vals[i]), line, want);
		}
	}
	if (fp)
		fclose(fp);
	unlink(path);
	CHECK(bad == 0);
}

TEST(csv_real_edge_cases)
{
	double v[4096];
	size_t n = 0;
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 0.3, 2.0 / 3.0, 1.0 / 3.0, 123.456,
		1e-5, 1e-4, 9.9999999995e-5, 9.99999999949e-5, 0.0001, 0.001, 1e9, 1e10, 1e11,
		9999999999.0, 9999999999.4, 9999999999.5, 9999999999.6, 99999999995.0,
		999999999.95, 1234567890.5, 1234567891.5, 12345678905.0, 12345678915.0,
		12345678925.0, 0.000123456789, 0.00012345678905, 4.0e15, 9007199254740992.0,
		9007199254740993.0, 1.8446744073709552e19, 3.4028236692093846e38, 1e38, 1e39,
		1e-18, 1e-17, 1e-19, 1.5e-300, 1e300, DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN,
		DBL_TRUE_MIN, 4.9e-324, 2.2250738585072009e-308, DBL_EPSILON, 0.1 + 0.2,
		1e100, 1e-100, 6.02214076e23, 1.602176634e-19, 3.141592653589793,
		2.718281828459045, 0.05, 0.95, 0.025, 0.975, 1.96, 3.841458820694124,
		NAN, INFINITY, -INFINITY,
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		v[n++] = fixed[i];
	/* powers of ten and their neighbours, and x.5 steps at the tenth digit */
	for (int e = -40; e <= 45; e++) {
		double p = pow(10, e);
		v[n++] = p;
		v[n++] = nextafter(p, 0);
		v[n++] = nextafter(p, INFINITY);
		v[n++] = -p;
		v[n++] = 9.9999999995 * p;
		v[n++] = 1.0000000005 * p;
		v[n++] = 5.5 * p;
	}
	/* integers whose eleventh digit is a 5: exact ties, to even */
	for (uint64_t k = 1; k < 200; k++)
		v[n++] = (double)(k * 1000000007ull * 10 + 5);
	/* powers of two */
	for (int e = -1074; e <= 1023; e += 3)
		if (n < sizeof v / sizeof *v)
			v[n++] = ldexp(1, e);
	check_values(v, n);
}

TEST(csv_real_random)
{
	enum { N = 200000 };
	double *v = malloc(N * sizeof *v);
	size_t n = 0;

	CHECK(v != NULL);
	if (!v)
		return;
	while (n < N) {
		uint64_t r = rnd();
		switch (n % 5) {
		case 0:  /* any bit pattern (NaN and Inf included) */
			v[n++] = from_bits(r);
			break;
		case 1:  /* magnitudes tally prints: 1e-20 .. 1e20 */
			v[n++] = (r & 1 ? -1 : 1) * pow(10, (double)(r >> 11) / (double)(1ull << 53) * 40 - 20);
			break;
		case 2:  /* short decimals: k / 10^d */
			v[n++] = (double)(int64_t)(r % 2000000001) / pow(10, (double)(rnd() % 12));
			break;
		case 3:  /* probabilities and statistics in [0, 1) */
			v[n++] = (double)(r >> 11) / (double)(1ull << 53);
			break;
		default:  /* integers up to 2^53 */
			v[n++] = (double)(r >> (11 + rnd() % 50));
			break;
		}
	}
	check_values(v, n);
	free(v);
}

TEST(csv_integers)
{
	char path[] = "/tmp/tally-unit-int-XXXXXX";
	int fd = mkstemp(path);
	tly_err err = {0};
	enum { N = 20000 };
	static uint64_t u[N];
	static int64_t s[N];
	size_t n = 0;

	CHECK(fd >= 0);
	close(fd);
	/* every power of ten and its neighbours, 2^32 and 2^64 edges, random */
	uint64_t p = 1;
	for (int i = 0; i < 20; i++, p *= 10) {
		u[n] = p;
		s[n++] = (int64_t)(p / 2);
		u[n] = p - 1;
		s[n++] = -(int64_t)(p / 2) - 1;
		u[n] = p + 1;
		s[n++] = -(int64_t)(p / 3);
	}
	u[n] = 0;
	s[n++] = 0;
	u[n] = 4294967295ull;
	s[n++] = INT64_MIN;
	u[n] = 4294967296ull;
	s[n++] = INT64_MAX;
	u[n] = UINT64_MAX;
	s[n++] = -1;
	while (n < N) {
		uint64_t r = rnd();
		u[n] = r >> (r % 64);
		s[n++] = (int64_t)rnd() >> (rnd() % 64);
	}
	tly_out *o = tly_out_open(path, &err);
	CHECK(o != NULL);
	if (!o)
		return;
	for (size_t i = 0; i < n; i++) {
		tly_csv_uint(o, u[i]);
		tly_csv_int(o, s[i]);
		tly_csv_end(o);
	}
	CHECK(tly_out_close(o, 1, &err) == 0);
	FILE *fp = fopen(path, "r");
	char line[128], want[128];
	size_t bad = 0;
	for (size_t i = 0; i < n && fp; i++) {
		if (!fgets(line, sizeof line, fp))
			break;
		line[strcspn(line, "\n")] = '\0';
		snprintf(want, sizeof want, "%llu,%lld", (unsigned long long)u[i], (long long)s[i]);
		if (strcmp(line, want) != 0 && bad++ < 10) {
			unit_failed = 1;
			fprintf(stderr, "  %s:%d: printed \"%s\", snprintf \"%s\"\n", __FILE__, __LINE__,
			        line, want);
		}
	}
	if (fp)
		fclose(fp);
	unlink(path);
	CHECK(bad == 0);
}

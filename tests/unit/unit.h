/* unit.h - a tiny unit-test harness for libtally.
 *
 * TEST(name) { ... } defines a case that registers itself; CHECK and
 * CHECK_STR record a failure and carry on, so one run shows every failure.
 * main.c runs the cases and prints "ok <name>" or "FAIL <name>" for each. */
#ifndef TALLY_UNIT_H
#define TALLY_UNIT_H
#include <stdio.h>
#include <string.h>

#include "../../lib/tally.h"

extern int unit_failed;
typedef void (*unit_fn)(void);
void unit_register(const char *name, unit_fn fn);

#define TEST(name) \
	static void test_##name(void); \
	__attribute__((constructor)) static void reg_##name(void) \
	{ unit_register(#name, test_##name); } \
	static void test_##name(void)

#define CHECK(cond) do { if (!(cond)) { unit_failed = 1; \
	fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_) != 0) { unit_failed = 1; \
	fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
	        a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } } while (0)
#define CHECK_NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
	if (!(a_ - b_ <= (tol) && b_ - a_ <= (tol))) { unit_failed = 1; \
	fprintf(stderr, "  %s:%d: %.17g != %.17g (tolerance %g)\n", __FILE__, __LINE__, \
	        a_, b_, (double)(tol)); } } while (0)
#endif

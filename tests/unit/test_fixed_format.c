/* ts_format_fixed and ts_format_uint against printf itself, the reference they replace. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "fixed_format.h"

static void check(double x, int decimals)
{
    char want[TS_FORMAT_FIXED_LEN], got[TS_FORMAT_FIXED_LEN];
    snprintf(want, sizeof want, "%.*f", decimals, x);
    gsize n = ts_format_fixed(got, x, decimals);
    if (strcmp(want, got) != 0)
        g_error("%.17g with %d decimals: printf \"%s\", ts_format_fixed \"%s\"", x, decimals, want, got);
    g_assert_cmpuint(n, ==, strlen(want));
}

/* Exact ties of the last digit: 2^-7 = 0.0078125 is 0.007812 with 6 decimals (to even),
 * 0.0234375 = 3 * 2^-7 is 0.023438; 0.25 with 1 decimal is 0.2, 0.75 is 0.8. */
static void test_ties_to_even(void)
{
    const double ties[] = {0.0078125, 0.0234375, 0.25, 0.75, 2.5, 0.5, 1.5, 0.125, 0.375, 1e-6 * 0.5};
    for (gsize i = 0; i < G_N_ELEMENTS(ties); i++)
        for (int d = 0; d <= 9; d++) {
            check(ties[i], d);
            check(-ties[i], d);
        }
    char buf[TS_FORMAT_FIXED_LEN];
    ts_format_fixed(buf, 0.0078125, 6);
    g_assert_cmpstr(buf, ==, "0.007812");
    ts_format_fixed(buf, 0.0234375, 6);
    g_assert_cmpstr(buf, ==, "0.023438");
}

static void test_edges(void)
{
    const double xs[] = {0.0, -0.0, 1e-300, -1e-300, 4.9e-324, 0.0000004999999, 0.0000005000001,
                         0.9999995, 0.99999949999, 123456.7890125, 1e14 + 0.5, 999999999999999.0,
                         1e15, 1e300, INFINITY, -INFINITY, NAN, 1795358380.226780};
    for (gsize i = 0; i < G_N_ELEMENTS(xs); i++)
        for (int d = 0; d <= 9; d++)
            check(xs[i], d);
}

/* Random doubles over the ranges the report prints (times up to days, windows, RTTs), and
 * values that are a whole number of microseconds apart, as capture times are. */
static void test_random(void)
{
    GRand *r = g_rand_new_with_seed(7);
    for (int i = 0; i < 300000; i++) {
        double x;
        switch (i % 4) {
        case 0: x = g_rand_double_range(r, 0, 1e5); break;
        case 1: x = g_rand_double_range(r, 0, 1e-2); break;
        case 2: x = (double)g_rand_int_range(r, 0, 1 << 30) / 1e6; break;
        default: x = ldexp(g_rand_double(r), g_rand_int_range(r, -60, 48)); break;
        }
        check(x, 6);
        check(x, 1);
        check(x, g_rand_int_range(r, 0, 10));
    }
    g_rand_free(r);
}

/* Values whose last digit is nearly a tie, or nearly a whole number, and their neighbours
 * one ulp away: where one multiplication by 10^d cannot decide the rounding and the exact
 * path takes over, and where it can but only just. Up to 2^40 / 10^d, where the fast path
 * stops, and above. */
static void test_near_ties(void)
{
    GRand *r = g_rand_new_with_seed(11);
    for (int i = 0; i < 200000; i++) {
        int d = g_rand_int_range(r, 0, 10);
        double limit = ldexp(1.0, 40) / pow(10, d) * 1.5;
        double k = floor(g_rand_double_range(r, 0, limit * pow(10, d)));
        double offsets[] = {0.5, 0.0, 0.5 - 1.0 / 256, 0.5 + 1.0 / 256, 0.999};
        double x = (k + offsets[i % G_N_ELEMENTS(offsets)]) / pow(10, d);
        check(x, d);
        check(nextafter(x, 0), d);
        check(nextafter(x, INFINITY), d);
        check(-x, d);
    }
    g_rand_free(r);
}

static void test_uint(void)
{
    const guint64 vs[] = {0, 1, 9, 10, 65535, 4294967295u, G_MAXUINT64};
    for (gsize i = 0; i < G_N_ELEMENTS(vs); i++) {
        char want[32], got[24];
        snprintf(want, sizeof want, "%" G_GUINT64_FORMAT, vs[i]);
        g_assert_cmpuint(ts_format_uint(got, vs[i]), ==, strlen(want));
        g_assert_cmpstr(got, ==, want);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fixed_format/ties_to_even", test_ties_to_even);
    g_test_add_func("/fixed_format/edges", test_edges);
    g_test_add_func("/fixed_format/random", test_random);
    g_test_add_func("/fixed_format/near_ties", test_near_ties);
    g_test_add_func("/fixed_format/uint", test_uint);
    return g_test_run();
}

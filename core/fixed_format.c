#include "fixed_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

/* The last n digits of v, zeros in front, into buf[0..n): two at a time, from the right. */
static void put_digits(char *buf, guint64 v, gsize n)
{
    while (n >= 2) {
        memcpy(buf + n - 2, two_digits + 2 * (v % 100), 2);
        v /= 100;
        n -= 2;
    }
    if (n)
        buf[0] = (char)('0' + v % 10);
}

gsize ts_format_uint(char *buf, guint64 v)
{
    gsize n = 1;
    for (guint64 t = v; t >= 10; t /= 10)
        n++;
    put_digits(buf, v, n);
    buf[n] = '\0';
    return n;
}

static const guint64 pow10_int[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                     100000000, 1000000000};

/* "whole.frac" with `decimals` digits of frac, and a leading '-' when negative is set. */
static gsize put_parts(char *buf, guint64 whole, guint64 frac, int decimals, gboolean negative)
{
    gsize n = 0;
    if (negative)
        buf[n++] = '-';
    n += ts_format_uint(buf + n, whole);
    if (decimals) {
        buf[n++] = '.';
        put_digits(buf + n, frac, (gsize)decimals);
        n += (gsize)decimals;
    }
    buf[n] = '\0';
    return n;
}

/* |x| * 10^decimals rounded to nearest, when one double multiplication decides it: below
 * 2^40 the product is within 2^-13 of the exact one, so only a fraction within 2^-8 of one
 * half is left to the exact path. FALSE then. */
static gboolean scaled_fast(double ax, int decimals, guint64 *q)
{
    static const double pow10[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    double y = ax * pow10[decimals];
    if (!(y < 1099511627776.0)) /* 2^40 */
        return FALSE;
    guint64 whole = (guint64)y; /* y >= 0: truncation is floor */
    double frac = y - (double)whole;
    if (fabs(frac - 0.5) <= 1.0 / 256)
        return FALSE;
    *q = whole + (frac > 0.5);
    return TRUE;
}

gsize ts_format_fixed(char *buf, double x, int decimals)
{
    /* Exact arithmetic: x = m * 2^e with an integer m of at most 53 bits, so
     * x * 10^d = m * 5^d * 2^(e + d), where m * 5^d < 2^75 fits an unsigned __int128. */
    if (!isfinite(x) || decimals < 0 || decimals > 9 || fabs(x) >= 1e15)
        return (gsize)snprintf(buf, TS_FORMAT_FIXED_LEN, "%.*f", decimals, x);
    guint64 fast;
    if (scaled_fast(fabs(x), decimals, &fast))
        return put_parts(buf, fast / pow10_int[decimals], fast % pow10_int[decimals], decimals,
                         signbit(x) != 0);
    int e;
    double f = frexp(fabs(x), &e);          /* |x| = f * 2^e, 0.5 <= f < 1 */
    unsigned __int128 m = (unsigned __int128)ldexp(f, 53);
    e -= 53;
    unsigned __int128 five = 1;
    for (int i = 0; i < decimals; i++)
        five *= 5;
    unsigned __int128 v = m * five;
    int shift = e + decimals;
    unsigned __int128 q;
    if (shift >= 0) {
        q = v << shift;                     /* |x| < 1e15: no overflow */
    } else if (shift < -100) {
        q = 0;                              /* below a quarter of the last digit */
    } else {
        unsigned __int128 one = 1;
        unsigned __int128 rem = v & ((one << -shift) - 1), half = one << (-shift - 1);
        q = v >> -shift;
        if (rem > half || (rem == half && (q & 1)))
            q++;
    }
    /* |x| < 1e15: the whole part fits 64 bits, the fraction is below 10^9. */
    return put_parts(buf, (guint64)(q / pow10_int[decimals]), (guint64)(q % pow10_int[decimals]),
                     decimals, signbit(x) != 0);
}

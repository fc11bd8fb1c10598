#include "fixed_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

gsize ts_format_uint(char *buf, guint64 v)
{
    char tmp[21];
    gsize n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (gsize i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

gsize ts_format_fixed(char *buf, double x, int decimals)
{
    /* Exact arithmetic: x = m * 2^e with an integer m of at most 53 bits, so
     * x * 10^d = m * 5^d * 2^(e + d), where m * 5^d < 2^75 fits an unsigned __int128. */
    if (!isfinite(x) || decimals < 0 || decimals > 9 || fabs(x) >= 1e15)
        return (gsize)snprintf(buf, TS_FORMAT_FIXED_LEN, "%.*f", decimals, x);
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
    guint64 scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    gsize n = 0;
    if (signbit(x))
        buf[n++] = '-';
    n += ts_format_uint(buf + n, (guint64)(q / scale));
    if (decimals) {
        guint64 frac = (guint64)(q % scale);
        buf[n++] = '.';
        for (int i = decimals - 1; i >= 0; i--) {
            buf[n + (gsize)i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        n += (gsize)decimals;
    }
    buf[n] = '\0';
    return n;
}

#include "parse_util.h"
#include "events.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* A loop rather than g_ascii_strtoull: numbers are most of a trace line, and strtoull's generic
 * path was a sixth of the parse time on a 1,000,000-line file. Numbers too long to be safe from
 * overflow in the loop go to g_ascii_strtoull. */
gboolean tsp_u64(const char *s, guint base, guint64 *out)
{
    const char *digits = s;
    if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        digits += 2;
    guint64 v = 0;
    const char *p = digits;
    for (int d; (d = digit_value(*p)) < (int)base; p++)
        v = v * base + (guint64)d;
    if (p == digits || *p != '\0')
        return FALSE;
    if (p - digits > (base == 16 ? 16 : 19)) { /* may have wrapped */
        char *end;
        errno = 0;
        v = g_ascii_strtoull(digits, &end, base);
        if (errno == ERANGE)
            return FALSE;
    }
    *out = v;
    return TRUE;
}

gboolean tsp_u32(const char *s, guint base, guint32 *out)
{
    guint64 v;
    if (!tsp_u64(s, base, &v) || v > G_MAXUINT32)
        return FALSE;
    *out = (guint32)v;
    return TRUE;
}

gboolean tsp_u16(const char *s, guint16 *out)
{
    guint64 v;
    if (!tsp_u64(s, 10, &v) || v > G_MAXUINT16)
        return FALSE;
    *out = (guint16)v;
    return TRUE;
}

gboolean tsp_seconds_ns(const char *s, const char **end, gint64 *out)
{
    const char *e = s;
    gint64 sec = 0;
    for (; g_ascii_isdigit(*e); e++) {
        sec = sec * 10 + (*e - '0');
        if (sec >= TS_TIME_MAX / 1000000000)
            return FALSE;
    }
    if (e == s)
        return FALSE;
    gint64 ns = 0;
    if (*e == '.') {
        /* Exact decimal to ns; digits past the ninth are dropped. */
        static const gint64 scale[] = {100000000, 10000000, 1000000, 100000, 10000,
                                       1000, 100, 10, 1};
        e++;
        for (int i = 0; g_ascii_isdigit(*e); i++, e++)
            if (i < 9)
                ns += (*e - '0') * scale[i];
    }
    *out = sec * 1000000000 + ns;
    *end = e;
    return TRUE;
}

gboolean tsp_addr(const char *s, int family, ts_addr *out)
{
    guint8 buf[16];
    if (family != 6 && inet_pton(AF_INET, s, buf) == 1) {
        ts_addr_set(out, 4, buf);
        return TRUE;
    }
    if (family != 4 && inet_pton(AF_INET6, s, buf) == 1) {
        ts_addr_set(out, 6, buf);
        return TRUE;
    }
    return FALSE;
}

gboolean tsp_addr_port(char *s, ts_addr *addr, guint16 *port)
{
    char *colon;
    if (s[0] == '[') {
        char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return FALSE;
        *close = '\0';
        colon = close + 1;
        s++;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return FALSE;
        *colon = '\0';
    }
    return tsp_addr(s, 0, addr) && tsp_u16(colon + 1, port);
}

char *tsp_token(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0') {
        *p = s;
        return NULL;
    }
    char *e = s;
    while (*e != '\0' && *e != ' ' && *e != '\t')
        e++;
    if (*e != '\0')
        *e++ = '\0';
    *p = e;
    return s;
}

gboolean tsp_is_number(const char *s, gsize len)
{
    gsize i = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    gsize digits = 0;
    for (; i < len && g_ascii_isdigit(s[i]); i++)
        digits++;
    if (i < len && s[i] == '.') {
        for (i++; i < len && g_ascii_isdigit(s[i]); i++)
            digits++;
    }
    return digits > 0 && i == len;
}

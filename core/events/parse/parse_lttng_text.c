/* babeltrace2's text output (sink.text.pretty) of an LTTng trace, one event a line:
 *   [19:01:16.535112167] (+0.000055760) VM1 inet_sock_local_out: { cpu_id = 0 }, { sk = 0xFFFF88001D510E00, seq = 0x14FB353E, ... }
 * The time is what babeltrace2 was asked for: time of day (default), with the date
 * (--clock-date), seconds since the clock's origin (--clock-seconds), or cycles (--clock-cycles).
 * The delta and the trace's hostname are optional. Then NAME: and the scopes, each a { ... }
 * block: contexts first, the payload last. A time of day becomes ns since the midnight of the
 * first event (a day is added whenever the time of day goes back by more than 12 hours); a date
 * and time are read as UTC (print with --clock-gmt to have the trace's UTC times); seconds are
 * kept as they are (since the epoch for LTTng traces); cycles are taken as ns (LTTng's kernel
 * clocks count ns). Values are flattened as lttng_map.h describes. */
#include "lttng_map.h"
#include "parse.h"
#include "parse_util.h"

#include <string.h>

#define MAX_DEPTH 32
#define NS_PER_S G_GINT64_CONSTANT(1000000000)
#define NS_PER_DAY (86400 * NS_PER_S)

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static gint64 days_from_civil(gint64 y, gint64 m, gint64 d)
{
    y -= m <= 2;
    gint64 era = (y >= 0 ? y : y - 399) / 400;
    gint64 yoe = y - era * 400;
    gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* n digits at s, as a number no larger than max */
static gboolean fixed_digits(const char *s, int n, gint64 max, gint64 *out)
{
    gint64 v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return FALSE;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max)
        return FALSE;
    *out = v;
    return TRUE;
}

/* "HH:MM:SS.fraction" as ns since midnight */
static gboolean time_of_day(const char *s, const char **end, gint64 *out)
{
    gint64 h, m, sec;
    gint64 whole;
    if (!fixed_digits(s, 2, 23, &h) || s[2] != ':' || !fixed_digits(s + 3, 2, 59, &m) ||
        s[5] != ':' || !fixed_digits(s + 6, 2, 60, &whole) || s[8] != '.' ||
        !tsp_seconds_ns(s + 6, end, &sec))
        return FALSE;
    *out = (h * 3600 + m * 60) * NS_PER_S + sec;
    return TRUE;
}

/* The time between '[' and ']'. */
static gboolean parse_time(ts_events_builder *b, const char *s, const char **end, gint64 *out)
{
    gint64 y, mo, d, tod;
    if (fixed_digits(s, 4, 9999, &y) && s[4] == '-' && fixed_digits(s + 5, 2, 12, &mo) && mo > 0 &&
        s[7] == '-' && fixed_digits(s + 8, 2, 31, &d) && d > 0 && s[10] == ' ') {
        if (!time_of_day(s + 11, end, &tod))
            return FALSE;
        gint64 days = days_from_civil(y, mo, d);
        if (days < 0 || days >= TS_TIME_MAX / NS_PER_DAY)
            return FALSE;
        *out = days * NS_PER_DAY + tod;
        return TRUE;
    }
    if (g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[1]) && s[2] == ':') {
        if (!time_of_day(s, end, &tod))
            return FALSE;
        if (b->tod_last_ns - tod > NS_PER_DAY / 2)
            b->tod_days_ns += NS_PER_DAY;
        b->tod_last_ns = tod;
        if (b->tod_days_ns >= TS_TIME_MAX - NS_PER_DAY)
            return FALSE;
        *out = b->tod_days_ns + tod;
        return TRUE;
    }
    const char *e = s;
    while (g_ascii_isdigit(*e))
        e++;
    if (*e == '.')
        return tsp_seconds_ns(s, end, out);
    /* no fraction: cycles, counted in ns by LTTng's kernel clocks */
    e = s;
    guint64 cycles = 0;
    for (; g_ascii_isdigit(*e); e++) {
        cycles = cycles * 10 + (guint64)(*e - '0');
        if (cycles >= (guint64)TS_TIME_MAX)
            return FALSE;
    }
    *out = (gint64)cycles;
    *end = e;
    return TRUE;
}

typedef struct cursor {
    ts_events_builder *b;
    const char *p;
    const char *bad;
} cursor;

static void skip_blanks(cursor *c)
{
    while (*c->p == ' ')
        c->p++;
}

static gboolean expect(cursor *c, char ch)
{
    skip_blanks(c);
    if (*c->p != ch) {
        c->bad = "unexpected character in the fields";
        return FALSE;
    }
    c->p++;
    return TRUE;
}

/* Appends ".name" (or "[i]") to the key; FALSE when it does not fit. */
static gboolean key_push(cursor *c, gsize at, const char *fmt_sep, const char *name, gsize len,
                         gsize *new_len)
{
    char *k = c->b->lt_key;
    gsize sep = at > 0 ? strlen(fmt_sep) : 0;
    if (at + sep + len + 1 > sizeof c->b->lt_key) {
        c->bad = "field name too long";
        return FALSE;
    }
    memcpy(k + at, fmt_sep, sep);
    memcpy(k + at + sep, name, len);
    k[at + sep + len] = '\0';
    *new_len = at + sep + len;
    return TRUE;
}

static void add_field(cursor *c, gsize key_len, const char *value)
{
    c->b->lt_key[key_len] = '\0';
    if (!tsb_add_field(c->b, c->b->lt_key, value))
        c->bad = "too many fields";
}

/* A quoted string at c->p, unescaped into out. */
static gboolean string_value(cursor *c, GString *out)
{
    const char *p = c->p + 1;
    for (; *p != '"'; p++) {
        if (*p == '\0') {
            c->bad = "unterminated string";
            return FALSE;
        }
        if (*p != '\\') {
            g_string_append_c(out, *p);
            continue;
        }
        p++;
        switch (*p) {
        case '0': g_string_append_c(out, '\0'); break;
        case 'a': g_string_append_c(out, '\a'); break;
        case 'b': g_string_append_c(out, '\b'); break;
        case 'e': g_string_append_c(out, '\033'); break;
        case 'f': g_string_append_c(out, '\f'); break;
        case 'n': g_string_append_c(out, '\n'); break;
        case 'r': g_string_append_c(out, '\r'); break;
        case 't': g_string_append_c(out, '\t'); break;
        case 'v': g_string_append_c(out, '\v'); break;
        case 'x':
            if (g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])) {
                g_string_append_c(out, (char)(g_ascii_xdigit_value(p[1]) * 16 +
                                              g_ascii_xdigit_value(p[2])));
                p += 2;
                break;
            }
            c->bad = "bad escape in a string";
            return FALSE;
        case '\0':
            c->bad = "unterminated string";
            return FALSE;
        default: g_string_append_c(out, *p); break;
        }
    }
    c->p = p + 1;
    return TRUE;
}

/* A number, bool or other bare word. */
static gboolean scalar_value(cursor *c, GString *out)
{
    const char *s = c->p;
    while (*c->p != '\0' && *c->p != ',' && *c->p != ' ' && *c->p != '}' && *c->p != ']' &&
           *c->p != ')')
        c->p++;
    if (c->p == s) {
        c->bad = "missing value";
        return FALSE;
    }
    g_string_append_len(out, s, c->p - s);
    return TRUE;
}

/* "( "label", ... : container = N )" as the first label, or N when there is none. */
static gboolean enum_value(cursor *c, GString *out)
{
    c->p++;
    skip_blanks(c);
    gboolean labelled = *c->p == '"';
    if (labelled && !string_value(c, out))
        return FALSE;
    const char *cont = strstr(c->p, " : container = ");
    if (!cont) {
        c->bad = "enumeration without its container value";
        return FALSE;
    }
    c->p = cont + strlen(" : container = ");
    GString *num = g_string_new(NULL);
    gboolean ok = scalar_value(c, num);
    if (ok && !labelled)
        g_string_append(out, num->str);
    g_string_free(num, TRUE);
    return ok && expect(c, ')');
}

static gboolean value(cursor *c, gsize key_len, int depth);

static gboolean is_compound(char ch)
{
    return ch == '{' || ch == '[';
}

static gboolean struct_value(cursor *c, gsize key_len, int depth)
{
    c->p++;
    for (gboolean first = TRUE;; first = FALSE) {
        skip_blanks(c);
        if (*c->p == '}') {
            c->p++;
            return TRUE;
        }
        if (!first && !expect(c, ','))
            return FALSE;
        skip_blanks(c);
        if (is_compound(*c->p) || *c->p == '(' || *c->p == '"') {
            /* a variant's selected option has no name of its own */
            if (!value(c, key_len, depth + 1))
                return FALSE;
            continue;
        }
        const char *name = c->p;
        const char *eq = strstr(name, " = ");
        if (!eq || eq == name || memchr(name, ',', (gsize)(eq - name)) ||
            memchr(name, '}', (gsize)(eq - name))) {
            c->bad = "field without a name (print with babeltrace2's default --names)";
            return FALSE;
        }
        gsize k;
        if (!key_push(c, key_len, ".", name, (gsize)(eq - name), &k))
            return FALSE;
        c->p = eq + 3;
        if (!value(c, k, depth + 1))
            return FALSE;
    }
}

static gboolean array_value(cursor *c, gsize key_len, int depth)
{
    c->p++;
    GString *joined = g_string_new(NULL);
    guint n_scalar = 0, n_compound = 0;
    gboolean ok = TRUE;
    for (guint i = 0; ok; i++) {
        skip_blanks(c);
        if (*c->p == ']') {
            c->p++;
            break;
        }
        if (i > 0 && !expect(c, ',')) {
            ok = FALSE;
            break;
        }
        skip_blanks(c);
        if (*c->p == '[' && g_ascii_isdigit(c->p[1])) { /* "[i] = " */
            const char *eq = strstr(c->p, "] = ");
            if (!eq) {
                ok = FALSE, c->bad = "bad array element";
                break;
            }
            c->p = eq + 4;
        }
        if (is_compound(*c->p)) {
            char idx[16];
            gsize k;
            int n = g_snprintf(idx, sizeof idx, "[%u]", i);
            ok = key_push(c, key_len, "", idx, (gsize)n, &k) && value(c, k, depth + 1);
            n_compound++;
        } else {
            if (n_scalar++ > 0)
                g_string_append_c(joined, ',');
            ok = *c->p == '"' ? string_value(c, joined)
               : *c->p == '(' ? enum_value(c, joined)
                              : scalar_value(c, joined);
        }
    }
    if (ok && n_compound == 0)
        add_field(c, key_len, joined->str);
    g_string_free(joined, TRUE);
    return ok && !c->bad;
}

static gboolean value(cursor *c, gsize key_len, int depth)
{
    if (depth > MAX_DEPTH) {
        c->bad = "fields nested too deeply";
        return FALSE;
    }
    skip_blanks(c);
    if (*c->p == '{')
        return struct_value(c, key_len, depth);
    if (*c->p == '[')
        return array_value(c, key_len, depth);
    GString *v = g_string_new(NULL);
    gboolean ok = *c->p == '"' ? string_value(c, v)
                : *c->p == '(' ? enum_value(c, v)
                               : scalar_value(c, v);
    if (ok)
        add_field(c, key_len, v->str);
    g_string_free(v, TRUE);
    return ok && !c->bad;
}

/* "WARNING: Tracer discarded N events between [...] and [...] in trace ..." */
static gboolean notice_line(ts_events_builder *b, const char *p)
{
    const char *d = strstr(p, "Tracer discarded ");
    if (d) {
        guint64 n = g_ascii_strtoull(d + strlen("Tracer discarded "), NULL, 10);
        b->evs->n_lost += (guint)MIN(n, (guint64)(G_MAXUINT - b->evs->n_lost));
        return TRUE;
    }
    return strstr(p, "Tracer may have discarded ") != NULL;
}

/* Where "NAME:" ends: the first ": {" (or a final ":" for an event without fields). */
static const char *name_end(const char *p)
{
    const char *e = strstr(p, ": {");
    if (e)
        return e;
    gsize n = strlen(p);
    while (n > 0 && p[n - 1] == ' ')
        n--;
    return n > 0 && p[n - 1] == ':' ? p + n - 1 : NULL;
}

ts_parse_result ts_parse_lttng_text_line(ts_events_builder *b, char *line, const char **why)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return TSP_SKIP;
    if (*p != '[') {
        if (notice_line(b, p))
            return TSP_SKIP;
        *why = "no [TIME] at the start";
        return TSP_BAD;
    }
    gint64 ts;
    const char *q;
    gint64 saved_last = b->tod_last_ns, saved_days = b->tod_days_ns;
    if (!parse_time(b, p + 1, &q, &ts) || *q != ']' || ts >= TS_TIME_MAX) {
        *why = "bad timestamp";
        return TSP_BAD;
    }
    q++;
    while (*q == ' ')
        q++;
    if (*q == '(') { /* (+delta) */
        const char *close = strchr(q, ')');
        if (!close) {
            *why = "bad delta";
            goto bad_time;
        }
        q = close + 1;
    }
    const char *ne = name_end(q);
    const char *ns = ne;
    while (ns > q && ns[-1] != ' ')
        ns--;
    if (!ne || ne == ns) {
        *why = "no EVENT: after the timestamp";
        goto bad_time;
    }

    ts_event *ev = tsb_push(b);
    ev->ts_ns = ts;
    cursor c = {b, ne + 1, NULL};
    guint n_ctx = 0, n_before = 0;
    skip_blanks(&c);
    while (*c.p == '{') {
        n_ctx = n_before;
        if (!struct_value(&c, 0, 0))
            break;
        n_before = ev->n_fields;
        skip_blanks(&c);
        if (*c.p == ',')
            c.p++;
        skip_blanks(&c);
    }
    if (!c.bad && *c.p != '\0')
        c.bad = "unexpected text after the fields";
    const char *bad = c.bad ? c.bad : ts_lttng_map(b, ev, ns, (gsize)(ne - ns), n_ctx);
    if (bad) {
        tsb_pop(b);
        *why = bad;
        goto bad_time;
    }
    return TSP_EVENT;

bad_time:
    b->tod_last_ns = saved_last, b->tod_days_ns = saved_days;
    return TSP_BAD;
}

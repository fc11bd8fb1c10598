/* The eBPF latency tool's output (bpftrace or libbpf programs):
 *   PID    COMM         IP SADDR            DADDR            DPORT TIMESTAMP(us) FUNC TCP_STATE TCP_DESCRIPTION [EXTRA...]
 *   7029   curl         4  127.0.0.1        127.0.0.1        8768  3616693623    inet_sock_set_state TCP_SYN_SENT transfer into new state
 *   Packet Data - src_ip: 127.0.0.1,  src_port: 53710, dst_ip: 127.0.0.1,  dst_port: 9999, timestamp(us): 673422472
 * SADDR/DADDR/DPORT are the socket's local address, remote address and remote port; "(null)"
 * stands for an address the program could not read. The description has blanks, and the extra
 * columns named by the header (e.g. TCP_CONNECT_TIME(us)) may be missing from a row, so trailing
 * numbers of the description are taken as the extra columns, in header order. */
#include "events_build.h"
#include "parse.h"
#include "parse_util.h"

#include <string.h>

#define MAX_TOKENS 64

typedef struct span {
    char *s;
    gsize len;
} span;

static guint split(char *line, span *tok, guint max)
{
    guint n = 0;
    char *p = line;
    while (n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        tok[n].s = p;
        while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
        tok[n].len = (gsize)(p - tok[n].s);
        n++;
    }
    return n;
}

static gboolean tok_is(const span *t, const char *word)
{
    return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static gboolean tok_digits(const span *t)
{
    for (gsize i = 0; i < t->len; i++)
        if (!g_ascii_isdigit(t->s[i]))
            return FALSE;
    return t->len > 0 && t->len < 20;
}

/* Copies a token into buf (NUL-terminated) for the strict parsers. */
static const char *tok_str(const span *t, char *buf, gsize size)
{
    gsize n = MIN(t->len, size - 1);
    memcpy(buf, t->s, n);
    buf[n] = '\0';
    return buf;
}

static gboolean tok_addr(const span *t, int family, ts_addr *out)
{
    char buf[64];
    if (tok_is(t, "(null)")) {
        memset(out, 0, sizeof *out);
        return TRUE;
    }
    return t->len < sizeof buf && tsp_addr(tok_str(t, buf, sizeof buf), family, out);
}

static void header(ts_events_builder *b, span *tok, guint n)
{
    b->saw_header = TRUE;
    b->n_extra = 0;
    guint i = 0;
    while (i < n && !tok_is(&tok[i], "TCP_DESCRIPTION"))
        i++;
    for (i++; i < n && b->n_extra < TSB_MAX_EXTRA; i++)
        b->extra_name[b->n_extra++] = tsb_intern_len(b, tok[i].s, tok[i].len);
}

static gboolean us_to_ns(const span *t, gint64 *ns)
{
    char buf[32];
    guint64 us;
    if (!tok_digits(t) || !tsp_u64(tok_str(t, buf, sizeof buf), 10, &us) ||
        us >= (guint64)(TS_TIME_MAX / 1000))
        return FALSE;
    *ns = (gint64)us * 1000;
    return TRUE;
}

/* "Packet Data - src_ip: A,  src_port: P, dst_ip: B,  dst_port: Q, timestamp(us): T" */
static ts_parse_result xdp_line(ts_events_builder *b, char *p, const char **why)
{
    ts_event *ev = tsb_push(b);
    ev->kind = TS_EV_XDP_PACKET;
    ev->name = tsb_kind_name(b, TS_EV_XDP_PACKET);
    guint have = 0;
    const char *bad = NULL;
    gchar **parts = g_strsplit(p + strlen("Packet Data -"), ",", 0);
    for (guint i = 0; parts[i] && !bad; i++) {
        char *colon = strchr(parts[i], ':');
        if (!colon)
            continue;
        *colon = '\0';
        const char *key = g_strstrip(parts[i]);
        const char *val = g_strstrip(colon + 1);
        gboolean ok = TRUE;
        span t = {(char *)val, strlen(val)};
        if (strcmp(key, "src_ip") == 0)
            ok = tsp_addr(val, 0, &ev->src), have |= 1;
        else if (strcmp(key, "dst_ip") == 0)
            ok = tsp_addr(val, 0, &ev->dst), have |= 2;
        else if (strcmp(key, "src_port") == 0)
            ok = tsp_u16(val, &ev->sport), have |= 4;
        else if (strcmp(key, "dst_port") == 0)
            ok = tsp_u16(val, &ev->dport), have |= 8;
        else if (strcmp(key, "timestamp(us)") == 0)
            ok = us_to_ns(&t, &ev->ts_ns), have |= 16;
        else
            ok = tsb_add_field(b, key, val);
        if (!ok)
            bad = "bad value in an XDP line";
    }
    g_strfreev(parts);
    if (!bad && (have != 31 || ev->src.family != ev->dst.family))
        bad = "XDP line without both addresses, ports and timestamp(us)";
    if (bad) {
        tsb_pop(b);
        *why = bad;
        return TSP_BAD;
    }
    ev->family = ev->src.family;
    return TSP_EVENT;
}

/* Where COMM ends: the IP column, "4" or "6" followed by two addresses, DPORT and TIMESTAMP.
 * COMM itself may contain blanks, so the first position where that holds wins. */
static guint find_ip_column(const span *tok, guint n)
{
    for (guint k = 2; k + 6 < n; k++) {
        ts_addr a;
        if ((tok_is(&tok[k], "4") || tok_is(&tok[k], "6")) && tok_addr(&tok[k + 1], 0, &a) &&
            tok_addr(&tok[k + 2], 0, &a) && tok_digits(&tok[k + 3]) && tok_digits(&tok[k + 4]))
            return k;
    }
    return 0;
}

static ts_parse_result row(ts_events_builder *b, span *tok, guint n, const char **why)
{
    char buf[64];
    guint k = find_ip_column(tok, n);
    guint64 pid;
    if (!tok_digits(&tok[0]) || !tsp_u64(tok_str(&tok[0], buf, sizeof buf), 10, &pid) ||
        pid > G_MAXINT32 || k == 0) {
        *why = "not an eBPF tool row (PID COMM IP SADDR DADDR DPORT TIMESTAMP(us) FUNC TCP_STATE ...)";
        return TSP_BAD;
    }
    int family = tok[k].s[0] - '0';
    ts_event *ev = tsb_push(b);
    ev->kind = TS_EV_EBPF_ROW;
    ev->pid = (gint32)pid;
    /* COMM: everything between PID and IP, blanks inside kept */
    char *cs = tok[1].s, *ce = tok[k - 1].s + tok[k - 1].len;
    ev->comm = tsb_comm(b, cs, (gsize)(ce - cs));
    guint16 dport;
    if (!tok_addr(&tok[k + 1], family, &ev->src) || !tok_addr(&tok[k + 2], family, &ev->dst) ||
        !tsp_u16(tok_str(&tok[k + 3], buf, sizeof buf), &dport) || !us_to_ns(&tok[k + 4], &ev->ts_ns)) {
        tsb_pop(b);
        *why = "bad address, port or timestamp";
        return TSP_BAD;
    }
    ev->family = (guint8)family;
    ev->dport = dport;
    ev->u.ebpf.func = tsb_intern_len(b, tok[k + 5].s, tok[k + 5].len);
    ev->name = ev->u.ebpf.func;
    ev->u.ebpf.state_name = tsb_intern_len(b, tok[k + 6].s, tok[k + 6].len);
    ev->u.ebpf.tcp_state = (guint8)ts_tcp_state_from_name(ev->u.ebpf.state_name);

    guint first = k + 7, last = n; /* description tokens: [first, last) */
    guint n_num = 0;
    while (n_num < b->n_extra && last - n_num > first &&
           tsp_is_number(tok[last - n_num - 1].s, tok[last - n_num - 1].len))
        n_num++;
    for (guint i = 0; i < n_num; i++) {
        const span *t = &tok[last - n_num + i];
        char vbuf[64];
        if (!tsb_add_field(b, b->extra_name[i], tok_str(t, vbuf, sizeof vbuf))) {
            tsb_pop(b);
            *why = "too many fields";
            return TSP_BAD;
        }
    }
    last -= n_num;
    if (last > first) {
        /* to the end of the line unless extra columns were split off (the line may have more
         * words than were split into tokens) */
        char *ds = tok[first].s;
        char *de = n_num ? tok[last - 1].s + tok[last - 1].len : ds + strlen(ds);
        while (de > ds && (de[-1] == ' ' || de[-1] == '\t'))
            de--;
        ev->u.ebpf.description = tsb_intern_len(b, ds, (gsize)(de - ds));
    } else {
        ev->u.ebpf.description = tsb_intern(b, "");
    }
    return TSP_EVENT;
}

ts_parse_result ts_parse_ebpf_line(ts_events_builder *b, char *line, const char **why)
{
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return TSP_SKIP;
    if (g_str_has_prefix(p, "Attaching ") && strstr(p, "probe"))
        return TSP_SKIP; /* bpftrace's "Attaching 6 probes..." */
    if (g_str_has_prefix(p, "Lost ") && g_str_has_suffix(p, " events")) {
        guint64 n = g_ascii_strtoull(p + 5, NULL, 10);
        b->evs->n_lost += (guint)MIN(n, (guint64)(G_MAXUINT - b->evs->n_lost));
        return TSP_SKIP;
    }
    if (g_str_has_prefix(p, "Packet Data -"))
        return xdp_line(b, p, why);

    span tok[MAX_TOKENS];
    guint n = split(p, tok, MAX_TOKENS);
    if (tok_is(&tok[0], "PID") && n > 1 && tok_is(&tok[1], "COMM")) {
        header(b, tok, n);
        return TSP_SKIP;
    }
    return row(b, tok, n, why);
}

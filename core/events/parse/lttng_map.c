/* LTTng kernel events to ts_event: context fields, network events (with the TCP header that
 * lttng-modules 2.9+ records), inet_sock_local_in/out, socket system calls. */
#include "lttng_map.h"
#include "parse_util.h"

#include <string.h>

static const struct {
    const char *name;
    ts_event_kind kind;
} known_events[] = {
    {"net_dev_xmit", TS_EV_NET_DEV_XMIT},
    {"net_dev_queue", TS_EV_NET_DEV_XMIT},
    {"netif_receive_skb", TS_EV_NETIF_RECEIVE_SKB},
    {"net_if_receive_skb", TS_EV_NETIF_RECEIVE_SKB}, /* lttng-modules' name for it */
    {"inet_sock_local_in", TS_EV_INET_SOCK_LOCAL_IN},
    {"inet_sock_local_out", TS_EV_INET_SOCK_LOCAL_OUT},
};

static const char *const socket_calls[] = {
    "connect", "accept", "accept4", "sendto", "recvfrom", "sendmsg", "recvmsg",
    "read", "write", "close", "shutdown", "socket", "bind", "listen",
};

gboolean ts_lttng_int(const char *s, gint64 *out)
{
    gboolean neg = s[0] == '-';
    const char *d = neg ? s + 1 : s;
    guint base = 10;
    if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
        base = 16, d += 2;
    else if (d[0] == '0' && d[1] == 'b')
        base = 2, d += 2;
    else if (d[0] == '0' && d[1] != '\0')
        base = 8, d += 1;
    guint64 v;
    if (*d == '\0' || !tsp_u64(d, base, &v))
        return FALSE;
    if (neg) {
        if (v > (guint64)G_MAXINT64 + 1)
            return FALSE;
        *out = (gint64)(0 - v);
    } else {
        *out = (gint64)v; /* 64-bit hex values (addresses) keep their bits */
    }
    return TRUE;
}

typedef struct view {
    const ts_event_field *f;
    guint n, n_ctx;
} view;

static const char *get(const view *v, const char *key, gboolean ctx)
{
    guint lo = ctx ? 0 : v->n_ctx, hi = ctx ? v->n_ctx : v->n;
    for (guint i = lo; i < hi; i++)
        if (strcmp(v->f[i].key, key) == 0)
            return v->f[i].value;
    return NULL;
}

/* -1: bad value, 0: absent, 1: set */
static int get_int(const view *v, const char *key, gboolean ctx, gint64 *out)
{
    const char *s = get(v, key, ctx);
    if (!s)
        return 0;
    return ts_lttng_int(s, out) ? 1 : -1;
}

static void context(const view *v, ts_events_builder *b, ts_event *ev)
{
    gint64 x;
    if (get_int(v, "cpu_id", TRUE, &x) == 1 && x >= 0 && x <= G_MAXINT16)
        ev->cpu = (gint16)x;
    const char *comm = get(v, "procname", TRUE);
    if (comm)
        ev->comm = tsb_comm(b, comm, strlen(comm));
    /* a thread id first, as ftrace's TASK-PID */
    static const char *const ids[] = {"tid", "vtid", "pid", "vpid"};
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
        if (get_int(v, ids[i], TRUE, &x) == 1 && x >= 0 && x <= G_MAXINT32) {
            ev->pid = (gint32)x;
            break;
        }
}

/* "a,b,c,d" (IPv4 bytes) or eight 16-bit groups (IPv6), as the arrays LTTng records. */
static gboolean addr_array(const char *s, int family, ts_addr *out)
{
    guint8 buf[16];
    guint want = family == 4 ? 4 : 8, n = 0;
    gchar **parts = g_strsplit(s, ",", 0);
    gboolean ok = TRUE;
    for (; parts[n] && ok; n++) {
        gint64 x;
        ok = n < want && ts_lttng_int(parts[n], &x) && x >= 0 && x <= (family == 4 ? 255 : 65535);
        if (ok && family == 4)
            buf[n] = (guint8)x;
        else if (ok)
            buf[2 * n] = (guint8)(x >> 8), buf[2 * n + 1] = (guint8)x;
    }
    g_strfreev(parts);
    if (!ok || n != want)
        return FALSE;
    ts_addr_set(out, family, buf);
    return TRUE;
}

static gboolean get_u32(const view *v, const char *key, guint32 *out)
{
    gint64 x;
    if (get_int(v, key, FALSE, &x) != 1)
        return FALSE;
    *out = (guint32)x;
    return TRUE;
}

/* net_dev_queue, net_dev_xmit, net_if_receive_skb: the device, and from lttng-modules 2.9 on
 * the IP header and the TCP header when the packet has them. */
static const char *net_fields(const view *v, ts_events_builder *b, ts_event *ev)
{
    gint64 x;
    if (get_int(v, "skbaddr", FALSE, &x) == 1)
        ev->u.dev.skbaddr = (guint64)x;
    if (get_int(v, "len", FALSE, &x) == 1)
        ev->u.dev.len = (guint32)x;
    const char *dev = get(v, "name", FALSE);
    ev->u.dev.dev = tsb_intern(b, dev ? dev : "");

    gint64 version;
    if (get_int(v, "network_header.version", FALSE, &version) != 1 || (version != 4 && version != 6))
        return NULL;
    const char *sa = get(v, "network_header.saddr", FALSE);
    const char *da = get(v, "network_header.daddr", FALSE);
    if (sa && da) {
        if (!addr_array(sa, (int)version, &ev->src) || !addr_array(da, (int)version, &ev->dst))
            return "bad network_header address";
        ev->family = (guint8)version;
    }
    ts_tcp_hdr *t = &ev->u.dev.tcp;
    guint32 sport, dport, flags = 0, window = 0;
    if (!get_u32(v, "network_header.transport_header.source_port", &sport) ||
        !get_u32(v, "network_header.transport_header.dest_port", &dport) ||
        !get_u32(v, "network_header.transport_header.seq", &t->seq) ||
        !get_u32(v, "network_header.transport_header.ack_seq", &t->ack))
        return NULL;
    get_u32(v, "network_header.transport_header.flags", &flags);
    get_u32(v, "network_header.transport_header.window_size", &window);
    t->sport = (guint16)sport, t->dport = (guint16)dport;
    t->flags = (guint16)flags, t->window = (guint16)window;
    t->present = 1;
    ev->sport = t->sport, ev->dport = t->dport;
    return NULL;
}

static const char *segment_fields(const view *v, ts_event *ev)
{
    gint64 sk;
    guint32 flags = 0, window = 0;
    ts_tcp_hdr *t = &ev->u.seg.tcp;
    if (get_int(v, "sk", FALSE, &sk) == 1)
        ev->u.seg.sk = (guint64)sk;
    if (!get_u32(v, "seq", &t->seq) || !get_u32(v, "ack_seq", &t->ack))
        return "inet_sock_local event without seq and ack_seq";
    get_u32(v, "flags", &flags);
    get_u32(v, "window", &window);
    t->flags = (guint16)flags, t->window = (guint16)window;
    t->present = 1;
    return NULL;
}

/* connect's entry and accept's exit carry the remote end: family, port, v4addr or v6addr. */
static void syscall_peer(const view *v, ts_event *ev, const char *port_key)
{
    gint64 family, port;
    if (get_int(v, "family", FALSE, &family) != 1 || get_int(v, port_key, FALSE, &port) != 1 ||
        port < 0 || port > G_MAXUINT16)
        return;
    int fam = family == 2 ? 4 : family == 10 ? 6 : 0;
    const char *a = fam == 4 ? get(v, "v4addr", FALSE) : fam == 6 ? get(v, "v6addr", FALSE) : NULL;
    if (a && addr_array(a, fam, &ev->dst)) {
        ev->family = (guint8)fam;
        ev->dport = (guint16)port;
    }
}

static gboolean syscall_name(const char *name, gsize len, gboolean *exit, const char **call)
{
    const char *p;
    if (len > 14 && memcmp(name, "syscall_entry_", 14) == 0)
        *exit = FALSE, p = name + 14;
    else if (len > 13 && memcmp(name, "syscall_exit_", 13) == 0)
        *exit = TRUE, p = name + 13;
    else
        return FALSE;
    gsize n = len - (gsize)(p - name);
    for (guint i = 0; i < G_N_ELEMENTS(socket_calls); i++)
        if (strlen(socket_calls[i]) == n && memcmp(p, socket_calls[i], n) == 0) {
            *call = socket_calls[i];
            return TRUE;
        }
    return FALSE;
}

const char *ts_lttng_map(ts_events_builder *b, ts_event *ev, const char *name, gsize name_len,
                         guint n_ctx)
{
    view v;
    v.f = ts_event_fields(b->evs, ev, &v.n);
    v.n_ctx = MIN(n_ctx, v.n);
    context(&v, b, ev);
    ev->name = tsb_intern_len(b, name, name_len);
    ev->kind = TS_EV_GENERIC;
    for (guint i = 0; i < G_N_ELEMENTS(known_events); i++)
        if (strlen(known_events[i].name) == name_len &&
            memcmp(name, known_events[i].name, name_len) == 0)
            ev->kind = (guint8)known_events[i].kind;

    gboolean exit;
    const char *call;
    switch (ev->kind) {
    case TS_EV_NET_DEV_XMIT:
    case TS_EV_NETIF_RECEIVE_SKB:
        return net_fields(&v, b, ev);
    case TS_EV_INET_SOCK_LOCAL_IN:
    case TS_EV_INET_SOCK_LOCAL_OUT:
        return segment_fields(&v, ev);
    default:
        break;
    }
    if (!syscall_name(name, name_len, &exit, &call))
        return NULL;
    ev->kind = TS_EV_SYSCALL;
    ev->u.sys.call = tsb_intern(b, call);
    ev->u.sys.exit = (guint8)exit;
    ev->u.sys.fd = -1;
    gint64 x;
    if (!exit && get_int(&v, "fd", FALSE, &x) == 1 && x >= G_MININT32 && x <= G_MAXINT32)
        ev->u.sys.fd = (gint32)x;
    if (exit && get_int(&v, "ret", FALSE, &x) == 1)
        ev->u.sys.ret = x;
    if (!exit && strcmp(call, "connect") == 0)
        syscall_peer(&v, ev, "dport");
    else if (exit && strncmp(call, "accept", 6) == 0)
        syscall_peer(&v, ev, "sport");
    return NULL;
}

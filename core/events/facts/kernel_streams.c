#include "kernel_streams.h"

#include <string.h>

#include "flow_table.h"

/* Keys: two endpoints, lower first; for SYNs local address, remote address and remote port;
 * for clients their endpoint alone. */
struct ts_kstreams {
    GArray *streams;       /* ts_kstream by stream number */
    GHashTable *by_tuple;  /* key (lower endpoint first) -> GArray of guint32 streams, in order */
    GHashTable *by_syn;    /* key -> GArray of guint32 streams opened by a SYN, in order */
    GHashTable *by_remote; /* the same keyed without the local address */
    GHashTable *by_client; /* client endpoint (a, pa) -> streams it opened by a SYN, in order */
};

static int endpoint_cmp(const ts_addr *a, guint16 pa, const ts_addr *b, guint16 pb)
{
    int c = memcmp(a, b, sizeof *a);
    return c ? c : (int)pa - (int)pb;
}

static ts_flow_key tuple_key(const ts_addr *a, guint16 pa, const ts_addr *b, guint16 pb)
{
    if (endpoint_cmp(a, pa, b, pb) > 0)
        return ts_flow_key_make(b, pb, a, pa);
    return ts_flow_key_make(a, pa, b, pb);
}

static ts_flow_key syn_key(const ts_addr *local, const ts_addr *remote, guint16 rport)
{
    return ts_flow_key_make(local, 0, remote, rport);
}

static ts_flow_key client_key(const ts_addr *client, guint16 cport)
{
    return ts_flow_key_make(client, cport, NULL, 0);
}

ts_kstreams *ts_kstreams_new(const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n)
{
    ts_kstreams *ks = g_new0(ts_kstreams, 1);
    ks->streams = g_array_new(FALSE, TRUE, sizeof(ts_kstream));
    ks->by_tuple = ts_flow_table_new();
    ks->by_syn = ts_flow_table_new();
    ks->by_remote = ts_flow_table_new();
    ks->by_client = ts_flow_table_new();
    for (guint i = 0; i < n; i++) {
        guint32 s = pkt_stream[i];
        const ts_wire_packet *p = &pkts[i];
        if (s == G_MAXUINT32 || p->src.family == 0)
            continue;
        if (s >= ks->streams->len)
            g_array_set_size(ks->streams, s + 1);
        ts_kstream *st = &g_array_index(ks->streams, ts_kstream, s);
        if (st->used)
            continue;
        st->used = 1;
        st->src = p->src;
        st->dst = p->dst;
        st->sport = p->sport;
        st->dport = p->dport;
        st->first_ns = p->time_ns;
        st->syn_first = (p->flags & (TS_SYN | TS_ACK)) == TS_SYN;
        ts_flow_key k = tuple_key(&p->src, p->sport, &p->dst, p->dport);
        ts_flow_table_add(ks->by_tuple, &k, s);
        if (st->syn_first) {
            k = syn_key(&p->src, &p->dst, p->dport);
            ts_flow_table_add(ks->by_syn, &k, s);
            k = syn_key(NULL, &p->dst, p->dport);
            ts_flow_table_add(ks->by_remote, &k, s);
            k = client_key(&p->src, p->sport);
            ts_flow_table_add(ks->by_client, &k, s);
        }
    }
    return ks;
}

void ts_kstreams_free(ts_kstreams *ks)
{
    if (!ks)
        return;
    g_array_free(ks->streams, TRUE);
    g_hash_table_destroy(ks->by_tuple);
    g_hash_table_destroy(ks->by_syn);
    g_hash_table_destroy(ks->by_remote);
    g_hash_table_destroy(ks->by_client);
    g_free(ks);
}

const ts_kstream *ts_kstreams_get(const ts_kstreams *ks, guint32 stream)
{
    if (stream >= ks->streams->len)
        return NULL;
    const ts_kstream *st = &g_array_index(ks->streams, ts_kstream, stream);
    return st->used ? st : NULL;
}

/* First position in list whose stream starts at or after t. */
static guint lower_bound(const ts_kstreams *ks, const GArray *list, gint64 t)
{
    guint lo = 0, hi = list->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        guint32 s = g_array_index(list, guint32, mid);
        if (g_array_index(ks->streams, ts_kstream, s).first_ns < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

guint32 ts_kstreams_by_tuple(const ts_kstreams *ks, const ts_addr *a, guint16 pa, const ts_addr *b,
                             guint16 pb, gint64 t_ns)
{
    ts_flow_key k = tuple_key(a, pa, b, pb);
    const GArray *list = ts_flow_table_get(ks->by_tuple, &k);
    if (!list)
        return G_MAXUINT32;
    guint i = t_ns == G_MAXINT64 ? list->len : lower_bound(ks, list, t_ns + 1);
    return g_array_index(list, guint32, i > 0 ? i - 1 : 0);
}

guint32 ts_kstreams_by_syn(const ts_kstreams *ks, const ts_addr *local, const ts_addr *remote,
                           guint16 rport, gint64 from_ns, gint64 until_ns)
{
    ts_flow_key k = syn_key(local, remote, rport);
    const GArray *list = ts_flow_table_get(local ? ks->by_syn : ks->by_remote, &k);
    if (!list)
        return G_MAXUINT32;
    guint i = lower_bound(ks, list, from_ns);
    if (i == list->len)
        return G_MAXUINT32;
    guint32 s = g_array_index(list, guint32, i);
    return g_array_index(ks->streams, ts_kstream, s).first_ns <= until_ns ? s : G_MAXUINT32;
}

guint32 ts_kstreams_by_client(const ts_kstreams *ks, const ts_addr *client, guint16 cport, gint64 t_ns)
{
    ts_flow_key k = client_key(client, cport);
    const GArray *list = ts_flow_table_get(ks->by_client, &k);
    if (!list)
        return G_MAXUINT32;
    guint i = lower_bound(ks, list, t_ns + 1);
    return i > 0 ? g_array_index(list, guint32, i - 1) : G_MAXUINT32;
}

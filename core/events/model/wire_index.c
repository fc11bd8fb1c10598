#include "wire_index.h"
#include "events.h"

#include <string.h>

#include "flow_table.h"

/* Half keys: seen from the sender (local = src) and from the receiver (local = dst). */
static void add_half(GHashTable *h, const ts_wire_packet *p, guint32 pos)
{
    ts_flow_key k = ts_flow_key_make(&p->src, 0, &p->dst, p->dport);
    ts_flow_table_add(h, &k, pos);
    k = ts_flow_key_make(&p->dst, 0, &p->src, p->sport);
    ts_flow_table_add(h, &k, pos);
}

static gint cmp_time(gconstpointer a, gconstpointer b, gpointer data)
{
    const ts_wire_packet *p = data;
    gint64 x = p[*(const guint32 *)a].time_ns, y = p[*(const guint32 *)b].time_ns;
    return x < y ? -1 : x > y;
}

static void mark_handshake_acks(ts_wire_index *wi)
{
    for (guint32 pos = 0; pos < wi->n; pos++) {
        const ts_wire_packet *p = ts_wire_at(wi, pos);
        if ((p->flags & (TS_SYN | TS_ACK)) != (TS_SYN | TS_ACK))
            continue;
        const GArray *back = ts_wire_flow(wi, &p->dst, p->dport, &p->src, p->sport);
        if (!back)
            continue;
        for (guint i = ts_wire_lower_bound(wi, back, wi->t[pos]); i < back->len; i++) {
            guint32 q = g_array_index(back, guint32, i);
            guint16 f = ts_wire_at(wi, q)->flags;
            if (q > pos && (f & (TS_ACK | TS_SYN | TS_RST)) == TS_ACK) {
                wi->hs_ack[q] = 1;
                break;
            }
        }
    }
}

ts_wire_index *ts_wire_index_new(const ts_wire_packet *pkts, guint n)
{
    ts_wire_index *wi = g_new0(ts_wire_index, 1);
    wi->pkts = pkts;
    wi->n = n;
    wi->order = g_new(guint32, n ? n : 1);
    wi->t = g_new(gint64, n ? n : 1);
    wi->hs_ack = g_new0(guint8, n ? n : 1);
    /* packets with impossible times are left out, so that time arithmetic cannot overflow */
    guint kept = 0;
    for (guint i = 0; i < n; i++)
        if (pkts[i].time_ns >= 0 && pkts[i].time_ns < TS_TIME_MAX)
            wi->order[kept++] = i;
    n = wi->n = kept;
    g_qsort_with_data(wi->order, (gint)n, sizeof(guint32), cmp_time, (gpointer)pkts); /* stable */
    wi->by_len = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, ts_flow_positions_free);
    wi->by_flow = ts_flow_table_new();
    wi->by_half = ts_flow_table_new();
    wi->by_half_hs = ts_flow_table_new();
    for (guint32 pos = 0; pos < n; pos++) {
        const ts_wire_packet *p = ts_wire_at(wi, pos);
        wi->t[pos] = p->time_ns;
        GArray *a = g_hash_table_lookup(wi->by_len, GUINT_TO_POINTER(p->len));
        if (!a) {
            a = g_array_new(FALSE, FALSE, sizeof(guint32));
            g_hash_table_insert(wi->by_len, GUINT_TO_POINTER(p->len), a);
        }
        g_array_append_val(a, pos);
        if (p->src.family == 0)
            continue;
        ts_flow_key k = ts_flow_key_make(&p->src, p->sport, &p->dst, p->dport);
        ts_flow_table_add(wi->by_flow, &k, pos);
        add_half(wi->by_half, p, pos);
    }
    mark_handshake_acks(wi);
    for (guint32 pos = 0; pos < n; pos++) {
        const ts_wire_packet *p = ts_wire_at(wi, pos);
        if (p->src.family != 0 && ((p->flags & TS_SYN) || wi->hs_ack[pos]))
            add_half(wi->by_half_hs, p, pos);
    }
    return wi;
}

void ts_wire_index_free(ts_wire_index *wi)
{
    if (!wi)
        return;
    g_hash_table_destroy(wi->by_len);
    g_hash_table_destroy(wi->by_flow);
    g_hash_table_destroy(wi->by_half);
    g_hash_table_destroy(wi->by_half_hs);
    g_free(wi->order);
    g_free(wi->t);
    g_free(wi->hs_ack);
    g_free(wi);
}

guint ts_wire_lower_bound(const ts_wire_index *wi, const GArray *list, gint64 x)
{
    guint lo = 0, hi = list->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (wi->t[g_array_index(list, guint32, mid)] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const GArray *ts_wire_by_len(const ts_wire_index *wi, guint32 len)
{
    return g_hash_table_lookup(wi->by_len, GUINT_TO_POINTER(len));
}

const GArray *ts_wire_flow(const ts_wire_index *wi, const ts_addr *src, guint16 sport,
                           const ts_addr *dst, guint16 dport)
{
    ts_flow_key k = ts_flow_key_make(src, sport, dst, dport);
    return ts_flow_table_get(wi->by_flow, &k);
}

const GArray *ts_wire_half(const ts_wire_index *wi, const ts_addr *local, const ts_addr *remote,
                           guint16 rport)
{
    ts_flow_key k = ts_flow_key_make(local, 0, remote, rport);
    return ts_flow_table_get(wi->by_half, &k);
}

const GArray *ts_wire_half_handshake(const ts_wire_index *wi, const ts_addr *local,
                                     const ts_addr *remote, guint16 rport)
{
    ts_flow_key k = ts_flow_key_make(local, 0, remote, rport);
    return ts_flow_table_get(wi->by_half_hs, &k);
}

#include "kernel_resend.h"
#include "loss.h"

typedef struct resend {
    guint32 stream;
    guint8 end;
    gint64 t_ns;
} resend;

struct ts_resend_pairing {
    GArray *kernel; /* resend */
};

ts_resend_pairing *ts_resend_pairing_new(void)
{
    ts_resend_pairing *p = g_new(ts_resend_pairing, 1);
    p->kernel = g_array_new(FALSE, FALSE, sizeof(resend));
    return p;
}

void ts_resend_pairing_kernel(ts_resend_pairing *p, guint32 stream, int end, gint64 t_ns)
{
    resend r = {stream, (guint8)end, t_ns};
    g_array_append_val(p->kernel, r);
}

static gint by_end_then_time(gconstpointer a, gconstpointer b)
{
    const resend *x = a, *y = b;
    if (x->stream != y->stream)
        return x->stream < y->stream ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->t_ns < y->t_ns ? -1 : x->t_ns > y->t_ns;
}

/* 0 or 1: the end of the stream that sent pkt; -1 when neither (not the stream's 4-tuple). */
static int sender(const ts_kstream *s, const ts_wire_packet *pkt)
{
    if (pkt->sport == s->sport && pkt->dport == s->dport && ts_addr_equal(&pkt->src, &s->src))
        return 0;
    if (pkt->sport == s->dport && pkt->dport == s->sport && ts_addr_equal(&pkt->src, &s->dst))
        return 1;
    return -1;
}

void ts_resend_pairing_finish(ts_resend_pairing *p, ts_kernel_conns *kc, const ts_kstreams *ks,
                              const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n_pkts)
{
    GArray *wire = g_array_new(FALSE, FALSE, sizeof(resend));
    for (guint i = 0; i < n_pkts; i++) {
        if (!pkts[i].resend || pkts[i].resend == TS_RESEND_OUT_OF_ORDER || pkt_stream[i] == G_MAXUINT32 ||
            !ts_kernel_conns_lookup(kc, pkt_stream[i]))
            continue;
        const ts_kstream *s = ts_kstreams_get(ks, pkt_stream[i]);
        int end = s ? sender(s, &pkts[i]) : -1;
        if (end < 0)
            continue;
        resend r = {pkt_stream[i], (guint8)end, pkts[i].time_ns};
        g_array_append_val(wire, r);
        ts_kernel_conns_get(kc, r.stream)->end[end].wire_resent++;
    }
    g_array_sort(p->kernel, by_end_then_time);
    g_array_sort(wire, by_end_then_time);
    /* Both lists in (stream, end, time) order: walk them together; a kernel retransmission
     * takes the earliest wire re-send of its end not yet taken within the window. */
    guint w = 0;
    for (guint k = 0; k < p->kernel->len; k++) {
        const resend *kr = &g_array_index(p->kernel, resend, k);
        while (w < wire->len) {
            const resend *wr = &g_array_index(wire, resend, w);
            gint order = by_end_then_time(wr, &(resend){kr->stream, kr->end, kr->t_ns - TS_RESEND_PAIR_NS});
            if (order >= 0)
                break;
            w++; /* of an earlier end, or too early for this and every later retransmission */
        }
        if (w == wire->len)
            break;
        const resend *wr = &g_array_index(wire, resend, w);
        if (wr->stream == kr->stream && wr->end == kr->end && wr->t_ns <= kr->t_ns + TS_RESEND_PAIR_NS) {
            ts_kernel_conns_get(kc, kr->stream)->end[kr->end].resent_both++;
            w++;
        }
    }
    g_array_free(wire, TRUE);
    g_array_free(p->kernel, TRUE);
    g_free(p);
}

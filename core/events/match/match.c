#include "match.h"
#include "anchor_pairs.h"

#include <string.h>

#define MAX_WINDOW_NS 10000000000LL
#define FRAME_MASK ((1u << TS_ANCHOR_XMIT) | (1u << TS_ANCHOR_PROBE) | (1u << TS_ANCHOR_XDP))

struct ts_matches_priv {
    guint32 *pkt_first;   /* CSR: events of packet i are pkt_events[pkt_first[i] .. pkt_first[i+1]) */
    guint32 *pkt_events;
};

void ts_match_options_init(ts_match_options *opt)
{
    opt->tolerance_ns = 500000;
    opt->window_ns = 10000000;
    opt->skb_window_ns = 1000000;
}

const char *ts_match_how_name(ts_match_how how)
{
    static const char *const names[] = {"none", "frame", "skb", "nearest", "outside",
                                        "not_applicable"};
    return (guint)how < G_N_ELEMENTS(names) ? names[how] : "?";
}

static gboolean specified(const ts_addr *a)
{
    static const guint8 zero[16];
    return a->family != 0 && memcmp(a->bytes, zero, a->family == 6 ? 16 : 4) != 0;
}

static gboolean has_tuple(const ts_event *ev)
{
    return ev->family != 0 && specified(&ev->src) && specified(&ev->dst) && ev->dport != 0;
}

/* Nearest packet to x within win in one position list; updates *best / *best_d. */
static void nearest_in(const ts_wire_index *wi, const GArray *list, gint64 x, gint64 win,
                       gint *best, gint64 *best_d)
{
    if (!list)
        return;
    guint j = ts_wire_lower_bound(wi, list, x);
    for (guint k = j > 0 ? j - 1 : 0; k <= j && k < list->len; k++) {
        guint32 pos = g_array_index(list, guint32, k);
        gint64 d = ABS(wi->t[pos] - x);
        if (d <= win && d < *best_d) {
            *best_d = d;
            *best = (gint)pos;
        }
    }
}

static gint nearest_of_connection(const ts_wire_index *wi, const ts_event *ev, gint64 x, gint64 win)
{
    gint best = -1;
    gint64 best_d = G_MAXINT64;
    if (ev->sport) {
        nearest_in(wi, ts_wire_flow(wi, &ev->src, ev->sport, &ev->dst, ev->dport), x, win, &best, &best_d);
        nearest_in(wi, ts_wire_flow(wi, &ev->dst, ev->dport, &ev->src, ev->sport), x, win, &best, &best_d);
    } else {
        nearest_in(wi, ts_wire_half(wi, &ev->src, &ev->dst, ev->dport), x, win, &best, &best_d);
    }
    return best;
}

/* netif_receive_skb: the frame of the latest net_dev_xmit of the same skb, if recent. */
static void match_receives(const ts_events *evs, const ts_match_options *opt, ts_matches *m)
{
    GHashTable *last_xmit = g_hash_table_new(g_int64_hash, g_int64_equal); /* skbaddr -> event */
    for (guint i = 0; i < evs->n; i++) {
        const ts_event *ev = &evs->ev[i];
        if (ev->kind == TS_EV_NET_DEV_XMIT && ev->u.dev.skbaddr) {
            g_hash_table_insert(last_xmit, (gpointer)&ev->u.dev.skbaddr, GUINT_TO_POINTER(i + 1));
        } else if (ev->kind == TS_EV_NETIF_RECEIVE_SKB && m->ev[i].how == TS_MATCH_NONE) {
            guint x = GPOINTER_TO_UINT(g_hash_table_lookup(last_xmit, &ev->u.dev.skbaddr));
            if (x && m->ev[x - 1].how == TS_MATCH_FRAME &&
                ev->ts_ns - evs->ev[x - 1].ts_ns <= opt->skb_window_ns) {
                m->ev[i].pkt = m->ev[x - 1].pkt;
                m->ev[i].how = TS_MATCH_SKB;
            }
        }
    }
    g_hash_table_destroy(last_xmit);
}

/* Which rule applies: 1 when one does, 0 when the event has nothing to go by. */
static gboolean applicable(const ts_event *ev)
{
    switch (ev->kind) {
    case TS_EV_NET_DEV_XMIT:
        return TRUE;
    case TS_EV_NETIF_RECEIVE_SKB:
        return ev->u.dev.skbaddr != 0;
    default:
        return has_tuple(ev);
    }
}

static void index_packets(ts_matches *m)
{
    ts_matches_priv *p = m->priv;
    p->pkt_first = g_new0(guint32, m->n_pkts + 1);
    for (guint i = 0; i < m->n_events; i++)
        if (m->ev[i].pkt >= 0)
            p->pkt_first[m->ev[i].pkt + 1]++;
    for (guint i = 0; i < m->n_pkts; i++)
        p->pkt_first[i + 1] += p->pkt_first[i];
    p->pkt_events = g_new(guint32, p->pkt_first[m->n_pkts] + 1);
    guint32 *fill = g_memdup2(p->pkt_first, (m->n_pkts + 1) * sizeof(guint32));
    for (guint i = 0; i < m->n_events; i++)
        if (m->ev[i].pkt >= 0)
            p->pkt_events[fill[m->ev[i].pkt]++] = i;
    g_free(fill);
}

ts_matches *ts_match_events(const ts_events *evs, const ts_wire_packet *pkts, guint n_pkts,
                            const ts_clock_fit *fit, const ts_match_options *opt)
{
    ts_match_options o;
    if (opt)
        o = *opt;
    else
        ts_match_options_init(&o);
    /* keeps time arithmetic within 64 bits (see TS_TIME_MAX) */
    o.tolerance_ns = CLAMP(o.tolerance_ns, 0, MAX_WINDOW_NS);
    o.window_ns = CLAMP(o.window_ns, 0, MAX_WINDOW_NS);
    o.skb_window_ns = CLAMP(o.skb_window_ns, 0, MAX_WINDOW_NS);
    opt = &o;
    ts_matches *m = g_new0(ts_matches, 1);
    m->priv = g_new0(ts_matches_priv, 1);
    m->n_events = evs->n;
    m->n_pkts = n_pkts;
    m->ev = g_new(ts_event_match, evs->n ? evs->n : 1);
    for (guint i = 0; i < evs->n; i++)
        m->ev[i] = (ts_event_match){-1, TS_MATCH_NONE};
    ts_wire_index *wi = ts_wire_index_new(pkts, n_pkts);

    if (wi->n > 0 && fit->ok) {
        GArray *pairs = g_array_new(FALSE, FALSE, sizeof(ts_anchor));
        ts_anchor_pair(evs, 0, evs->n, wi, fit, opt->tolerance_ns, FRAME_MASK, pairs);
        for (guint i = 0; i < pairs->len; i++) {
            const ts_anchor *a = &g_array_index(pairs, ts_anchor, i);
            m->ev[a->ev] = (ts_event_match){(gint32)wi->order[a->pos], TS_MATCH_FRAME};
        }
        g_array_free(pairs, TRUE);
        match_receives(evs, opt, m);
    }

    gint64 t0 = wi->n ? wi->t[0] - opt->window_ns : 0;
    gint64 t1 = wi->n ? wi->t[wi->n - 1] + opt->window_ns : -1;
    for (guint i = 0; i < evs->n; i++) {
        const ts_event *ev = &evs->ev[i];
        ts_event_match *em = &m->ev[i];
        gint64 x = fit->ok ? ts_clock_to_epoch_ns(fit, ev->ts_ns) : 0;
        if (!applicable(ev)) {
            em->how = TS_MATCH_NOT_APPLICABLE;
            m->not_applicable++;
            continue;
        }
        if (em->how == TS_MATCH_NONE && (!fit->ok || x < t0 || x > t1)) {
            em->how = TS_MATCH_OUTSIDE;
            m->outside++;
            continue;
        }
        if (em->how == TS_MATCH_NONE && ts_anchor_type_of(ev) != TS_ANCHOR_XMIT &&
            ev->kind != TS_EV_TCP_PROBE && ev->kind != TS_EV_XDP_PACKET &&
            ev->kind != TS_EV_NETIF_RECEIVE_SKB) {
            gint best = nearest_of_connection(wi, ev, x, opt->window_ns);
            if (best >= 0)
                *em = (ts_event_match){(gint32)wi->order[best], TS_MATCH_NEAREST};
        }
        m->applicable++;
        m->kind_applicable[ev->kind]++;
        if (em->pkt >= 0) {
            m->matched++;
            m->kind_matched[ev->kind]++;
        }
    }
    ts_wire_index_free(wi);
    index_packets(m);
    return m;
}

void ts_matches_free(ts_matches *m)
{
    if (!m)
        return;
    g_free(m->priv->pkt_first);
    g_free(m->priv->pkt_events);
    g_free(m->priv);
    g_free(m->ev);
    g_free(m);
}

double ts_matches_rate(const ts_matches *m)
{
    return m->applicable ? (double)m->matched / m->applicable : 0;
}

gboolean ts_matches_fit_capture(const ts_matches *m, const ts_clock_fit *fit, GString *why)
{
    if (fit->manual)
        return TRUE;
    if (!fit->ok) {
        if (why)
            g_string_append(why, "the clocks could not be aligned");
        return FALSE;
    }
    if (m->applicable == 0) {
        if (why)
            g_string_append_printf(why, "none of the %u events lies within the capture's time range",
                                   m->n_events);
        return FALSE;
    }
    if (fit->n_anchors < TS_FIT_MIN_ANCHORS) {
        if (why)
            g_string_append_printf(why, "only %u anchor%s agree%s on the clock offset (at least %u needed)",
                                   fit->n_anchors, fit->n_anchors == 1 ? "" : "s",
                                   fit->n_anchors == 1 ? "s" : "", TS_FIT_MIN_ANCHORS);
        return FALSE;
    }
    if (ts_matches_rate(m) < TS_FIT_MIN_RATE) {
        if (why)
            g_string_append_printf(why, "only %u of the %u events within the capture found their packet "
                                        "(%.1f%%, at least %.0f%% needed)",
                                   m->matched, m->applicable, 100.0 * ts_matches_rate(m),
                                   100.0 * TS_FIT_MIN_RATE);
        return FALSE;
    }
    return TRUE;
}

double ts_matches_kind_rate(const ts_matches *m, ts_event_kind kind)
{
    if ((guint)kind >= TS_EV_N_KINDS || m->kind_applicable[kind] == 0)
        return 0;
    return (double)m->kind_matched[kind] / m->kind_applicable[kind];
}

const guint32 *ts_matches_of_packet(const ts_matches *m, guint pkt, guint *n)
{
    if (pkt >= m->n_pkts) {
        *n = 0;
        return NULL;
    }
    *n = m->priv->pkt_first[pkt + 1] - m->priv->pkt_first[pkt];
    return m->priv->pkt_events + m->priv->pkt_first[pkt];
}

void ts_events_near(const ts_events *evs, const ts_clock_fit *fit, gint64 epoch_ns,
                    gint64 window_ns, guint *first, guint *end)
{
    ts_events_range(evs, ts_clock_to_kernel_ns(fit, epoch_ns - window_ns),
                    ts_clock_to_kernel_ns(fit, epoch_ns + window_ns), first, end);
}

/* Event/packet pairing rules by content. See clock_align.h for what each anchor type stands for. */
#include "anchor_pairs.h"

#include <string.h>

static gboolean is_ebpf_set_state(const ts_event *ev)
{
    return ev->kind == TS_EV_EBPF_ROW && strcmp(ev->u.ebpf.func, "inet_sock_set_state") == 0;
}

static gboolean has_addresses(const ts_event *ev)
{
    return ev->family != 0 && ev->src.family != 0 && ev->dst.family != 0;
}

int ts_anchor_type_of(const ts_event *ev)
{
    switch (ev->kind) {
    case TS_EV_NET_DEV_XMIT:
        return TS_ANCHOR_XMIT;
    case TS_EV_TCP_PROBE:
        return has_addresses(ev) ? TS_ANCHOR_PROBE : -1;
    case TS_EV_XDP_PACKET:
        return has_addresses(ev) ? TS_ANCHOR_XDP : -1;
    case TS_EV_INET_SOCK_SET_STATE:
        if (!has_addresses(ev) || ev->dport == 0)
            return -1;
        if (ev->u.state.newstate == TS_TCP_SYN_SENT)
            return TS_ANCHOR_SYN_SENT;
        if (ev->u.state.newstate == TS_TCP_ESTABLISHED && ev->sport != 0 &&
            (ev->u.state.oldstate == TS_TCP_SYN_SENT || ev->u.state.oldstate == TS_TCP_SYN_RECV))
            return TS_ANCHOR_HANDSHAKE;
        return -1;
    case TS_EV_EBPF_ROW:
        if (!is_ebpf_set_state(ev) || !has_addresses(ev) || ev->dport == 0)
            return -1;
        if (ev->u.ebpf.tcp_state == TS_TCP_SYN_SENT)
            return TS_ANCHOR_SYN_SENT;
        if (ev->u.ebpf.tcp_state == TS_TCP_ESTABLISHED)
            return TS_ANCHOR_HANDSHAKE;
        return -1;
    default:
        return -1;
    }
}

/* The packets an event may stand for, before looking at their content. */
const GArray *ts_anchor_candidates(const ts_wire_index *wi, const ts_event *ev, int type)
{
    switch (type) {
    case TS_ANCHOR_XMIT:
        return ts_wire_by_len(wi, ev->u.dev.len);
    case TS_ANCHOR_PROBE: /* the segment from the remote end to the socket */
        return ts_wire_flow(wi, &ev->dst, ev->dport, &ev->src, ev->sport);
    case TS_ANCHOR_XDP:
        return ts_wire_flow(wi, &ev->src, ev->sport, &ev->dst, ev->dport);
    case TS_ANCHOR_HANDSHAKE: /* eBPF rows have no local port, SYN_SENT may have none yet */
    case TS_ANCHOR_SYN_SENT:
        return ts_wire_half_handshake(wi, &ev->src, &ev->dst, ev->dport);
    default:
        return NULL;
    }
}

gboolean ts_anchor_fits(const ts_wire_index *wi, const ts_event *ev, int type, guint32 pos)
{
    const ts_wire_packet *p = ts_wire_at(wi, pos);
    switch (type) {
    case TS_ANCHOR_XMIT:
    case TS_ANCHOR_XDP:
        return TRUE;
    case TS_ANCHOR_PROBE:
        return (p->flags & TS_ACK) && p->seglen == ev->u.probe.data_len &&
               p->ack - ev->u.probe.snd_una <= ev->u.probe.snd_nxt - ev->u.probe.snd_una;
    case TS_ANCHOR_HANDSHAKE: {
        /* from the remote end; the client sees the SYN-ACK, the server the ACK after it */
        if (!ts_addr_equal(&p->src, &ev->dst) || p->sport != ev->dport ||
            !ts_addr_equal(&p->dst, &ev->src) || (ev->sport && p->dport != ev->sport))
            return FALSE;
        gboolean synack = (p->flags & (TS_SYN | TS_ACK)) == (TS_SYN | TS_ACK);
        if (ev->kind == TS_EV_INET_SOCK_SET_STATE)
            return ev->u.state.oldstate == TS_TCP_SYN_SENT ? synack : wi->hs_ack[pos];
        return synack || wi->hs_ack[pos];
    }
    case TS_ANCHOR_SYN_SENT:
        return (p->flags & (TS_SYN | TS_ACK)) == TS_SYN && ts_addr_equal(&p->src, &ev->src) &&
               p->dport == ev->dport && (ev->sport == 0 || p->sport == ev->sport);
    default:
        return FALSE;
    }
}

guint ts_anchor_votes(const ts_wire_index *wi, const ts_event *ev, int type, guint cap,
                      GArray *votes)
{
    const GArray *list = ts_anchor_candidates(wi, ev, type);
    if (!list || list->len > 50 * cap)
        return 0;
    guint before = votes->len;
    for (guint i = 0; i < list->len; i++) {
        guint32 pos = g_array_index(list, guint32, i);
        if (!ts_anchor_fits(wi, ev, type, pos))
            continue;
        if (votes->len - before == cap) {
            g_array_set_size(votes, before);
            return 0;
        }
        ts_vote v = {wi->t[pos] - ev->ts_ns, ev->ts_ns};
        g_array_append_val(votes, v);
    }
    return votes->len - before;
}

void ts_events_range(const ts_events *evs, gint64 lo, gint64 hi, guint *first, guint *end)
{
    guint a = 0, b = evs->n;
    while (a < b) {
        guint m = a + (b - a) / 2;
        if (evs->ev[m].ts_ns < lo)
            a = m + 1;
        else
            b = m;
    }
    *first = a;
    b = evs->n;
    while (a < b) {
        guint m = a + (b - a) / 2;
        if (evs->ev[m].ts_ns <= hi)
            a = m + 1;
        else
            b = m;
    }
    *end = a;
}

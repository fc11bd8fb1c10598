#include "kernel_conn.h"
#include "kernel_owner.h"
#include "kernel_resend.h"
#include "kernel_streams.h"

#include <string.h>

/* A move to SYN_SENT precedes its SYN; how far the SYN may follow (queueing before the device). */
#define SYN_SLACK_NS 1000000LL
#define SYN_DELAY_NS 1000000000LL

typedef struct builder {
    const ts_events *evs;
    const ts_matches *m;
    const ts_clock_fit *fit;
    const guint32 *pkt_stream;
    guint n_pkts;
    gint64 t0_ns;            /* the capture's first packet */
    ts_kstreams *ks;
    ts_kernel_conns *kc;
    GArray *touched;         /* guint32 streams with events, first-event order */
    GArray *listeners;       /* guint32 positions of moves to LISTEN with a local port */
    ts_resend_pairing *resends;
} builder;

static gboolean socket_event(const ts_event *ev)
{
    switch (ev->kind) {
    case TS_EV_TCP_PROBE:
    case TS_EV_TCP_RETRANSMIT_SKB:
    case TS_EV_TCP_SEND_RESET:
    case TS_EV_TCP_RECEIVE_RESET:
    case TS_EV_INET_SOCK_SET_STATE:
    case TS_EV_EBPF_ROW:
    case TS_EV_GENERIC:
    case TS_EV_SYSCALL:
        return ev->family != 0 && ev->dport != 0;
    default:
        return FALSE;
    }
}

static gboolean ebpf_state_row(const ts_event *ev)
{
    return ev->kind == TS_EV_EBPF_ROW && ev->u.ebpf.func &&
           strcmp(ev->u.ebpf.func, "inet_sock_set_state") == 0;
}

static guint8 new_state(const ts_event *ev)
{
    if (ev->kind == TS_EV_INET_SOCK_SET_STATE)
        return ev->u.state.newstate;
    return ebpf_state_row(ev) ? ev->u.ebpf.tcp_state : TS_TCP_UNKNOWN;
}

/* connect: the connection opened by the next SYN to the remote end it names; accept: the latest
 * one opened from the peer it returns. */
static guint32 syscall_stream(const builder *b, const ts_event *ev, gint64 t_ns)
{
    switch (ts_kernel_owner_syscall_end(ev)) {
    case 0:
        return ts_kstreams_by_syn(b->ks, NULL, &ev->dst, ev->dport, t_ns - SYN_SLACK_NS, t_ns + SYN_DELAY_NS);
    case 1:
        return ts_kstreams_by_client(b->ks, &ev->dst, ev->dport, t_ns + SYN_SLACK_NS);
    default:
        return TS_NO_STREAM;
    }
}

static guint32 stream_of(const builder *b, guint i, const ts_event *ev, gint64 t_ns)
{
    if (ev->kind == TS_EV_SYSCALL)
        return syscall_stream(b, ev, t_ns);
    if (ev->sport == 0 && new_state(ev) == TS_TCP_SYN_SENT) {
        guint32 s = ts_kstreams_by_syn(b->ks, &ev->src, &ev->dst, ev->dport, t_ns - SYN_SLACK_NS,
                                       t_ns + SYN_DELAY_NS);
        if (s != TS_NO_STREAM)
            return s;
    }
    gint32 pkt = b->m->ev[i].pkt;
    if (pkt >= 0 && (guint)pkt < b->n_pkts && b->pkt_stream[pkt] != TS_NO_STREAM)
        return b->pkt_stream[pkt];
    if (ev->sport != 0)
        return ts_kstreams_by_tuple(b->ks, &ev->src, ev->sport, &ev->dst, ev->dport, t_ns);
    return TS_NO_STREAM;
}

/* 0 or 1 for the end whose local address and port are the event's socket's; -1 for none. */
static int end_of(const ts_kstream *s, const ts_event *ev)
{
    if (ts_addr_equal(&ev->src, &s->src) && ts_addr_equal(&ev->dst, &s->dst) && ev->dport == s->dport &&
        (ev->sport == 0 || ev->sport == s->sport))
        return 0;
    if (ts_addr_equal(&ev->src, &s->dst) && ts_addr_equal(&ev->dst, &s->src) && ev->dport == s->sport &&
        (ev->sport == 0 || ev->sport == s->dport))
        return 1;
    return -1;
}

static const char *state_label(const char *printed)
{
    if (!printed)
        return NULL;
    return g_str_has_prefix(printed, "TCP_") ? printed + 4 : printed;
}

static void set_owner(builder *b, ts_kernel_end *e, const ts_event *ev)
{
    if (e->comm || ((!ev->comm || !*ev->comm) && ev->pid < 0))
        return;
    e->comm = ts_kernel_conns_intern(b->kc, ev->comm ? ev->comm : "");
    e->pid = ev->pid;
    e->owner_line = ev->line;
}

static void add_event(builder *b, const ts_event *ev, ts_kernel_conn *c, int end, gint64 t_ns)
{
    ts_kernel_end *e = &c->end[end];
    e->events++;
    double rel = (double)(t_ns - b->t0_ns) / 1e9;
    switch (ev->kind) {
    case TS_EV_INET_SOCK_SET_STATE:
        ts_kernel_conn_add_state(b->kc, c, rel, (guint8)end, state_label(ev->u.state.oldname),
                                 state_label(ev->u.state.newname));
        break;
    case TS_EV_TCP_PROBE:
        e->probes++;
        e->max_cwnd = MAX(e->max_cwnd, ev->u.probe.snd_cwnd);
        /* the tracepoint prints tp->srtt_us >> 3: microseconds already */
        e->srtt_sum_us += ev->u.probe.srtt_us;
        break;
    case TS_EV_TCP_RETRANSMIT_SKB:
        e->retransmits++;
        if (ev->u.sk.has_err && ev->u.sk.err != 0)
            e->retransmits_failed++;
        else
            ts_resend_pairing_kernel(b->resends, c->stream, end, t_ns);
        break;
    default:
        if (ebpf_state_row(ev))
            ts_kernel_conn_add_state(b->kc, c, rel, (guint8)end, NULL, state_label(ev->u.ebpf.state_name));
        break;
    }
    if (ts_kernel_owner_evidence(ev) == TS_OWNER_SYSCALL)
        set_owner(b, e, ev);
}

/* The latest move to LISTEN on this local address (or the wildcard) and port before the
 * connection's first packet. */
static const ts_event *listener_of(const builder *b, const ts_addr *addr, guint16 port, gint64 before_ns)
{
    static const guint8 zero[16];
    const ts_event *found = NULL;
    for (guint i = 0; i < b->listeners->len; i++) {
        const ts_event *ev = &b->evs->ev[g_array_index(b->listeners, guint32, i)];
        if (ts_clock_to_epoch_ns(b->fit, ev->ts_ns) > before_ns)
            break;
        if (ev->sport == port && ev->src.family == addr->family &&
            (ts_addr_equal(&ev->src, addr) || memcmp(ev->src.bytes, zero, sizeof zero) == 0))
            found = ev;
    }
    return found;
}

static void owners_from_listeners(builder *b)
{
    for (guint i = 0; i < b->touched->len; i++) {
        guint32 stream = g_array_index(b->touched, guint32, i);
        ts_kernel_conn *c = ts_kernel_conns_get(b->kc, stream);
        const ts_kstream *s = ts_kstreams_get(b->ks, stream);
        for (int end = 0; end < 2; end++) {
            if (c->end[end].comm)
                continue;
            const ts_event *l = listener_of(b, end ? &s->dst : &s->src, end ? s->dport : s->sport,
                                            s->first_ns);
            if (l)
                set_owner(b, &c->end[end], l);
        }
    }
}

ts_kernel_conns *ts_kernel_conns_build(const ts_events *evs, const ts_matches *m,
                                       const ts_clock_fit *fit, const ts_wire_packet *pkts,
                                       const guint32 *pkt_stream, guint n_pkts)
{
    if (!evs || !m || !fit || !fit->ok || n_pkts == 0 || m->n_events != evs->n)
        return NULL;
    builder b = {evs, m, fit, pkt_stream, n_pkts, pkts[0].time_ns, NULL, NULL, NULL, NULL, ts_resend_pairing_new()};
    b.ks = ts_kstreams_new(pkts, pkt_stream, n_pkts);
    b.kc = ts_kernel_conns_new();
    b.touched = g_array_new(FALSE, FALSE, sizeof(guint32));
    b.listeners = g_array_new(FALSE, FALSE, sizeof(guint32));
    for (guint i = 0; i < evs->n; i++) {
        const ts_event *ev = &evs->ev[i];
        if (ev->family && ev->sport && ts_kernel_owner_evidence(ev) == TS_OWNER_LISTEN) {
            g_array_append_val(b.listeners, i);
            continue;
        }
        if (!socket_event(ev))
            continue;
        gint64 t_ns = ts_clock_to_epoch_ns(fit, ev->ts_ns);
        guint32 stream = stream_of(&b, i, ev, t_ns);
        const ts_kstream *s = stream == TS_NO_STREAM ? NULL : ts_kstreams_get(b.ks, stream);
        int end = !s ? -1 : ev->kind == TS_EV_SYSCALL ? ts_kernel_owner_syscall_end(ev) : end_of(s, ev);
        if (end < 0)
            continue;
        ts_kernel_conn *c = ts_kernel_conns_get(b.kc, stream);
        if (c->n_events++ == 0)
            g_array_append_val(b.touched, stream);
        add_event(&b, ev, c, end, t_ns);
    }
    owners_from_listeners(&b);
    ts_resend_pairing_finish(b.resends, b.kc, b.ks, pkts, pkt_stream, n_pkts);
    g_array_free(b.touched, TRUE);
    g_array_free(b.listeners, TRUE);
    ts_kstreams_free(b.ks);
    return b.kc;
}

void ts_kernel_summary_fill(ts_kernel_summary *s, const char *file, const ts_events *evs,
                            const ts_clock_fit *fit, const ts_matches *m)
{
    memset(s, 0, sizeof *s);
    s->file = file;
    if (evs) {
        s->format = ts_event_format_name(evs->format);
        s->events = evs->n;
        s->lines = evs->n_lines;
        s->bad_lines = evs->n_bad;
        s->lost = evs->n_lost;
        s->cut = evs->n_cut;
    }
    if (fit && fit->ok) {
        s->aligned = TRUE;
        s->manual = fit->manual;
        s->offset_ns = fit->offset_ns;
        s->drift_ppm = fit->drift_ppm;
        s->anchors = fit->n_anchors;
        s->outliers = fit->n_outliers;
        s->residual_median_us = fit->median_abs_us;
        s->residual_max_us = fit->max_abs_us;
    }
    if (m) {
        s->applicable = m->applicable;
        s->matched = m->matched;
        s->outside = m->outside;
    }
}

void ts_kernel_report_build(ts_kernel_report *r, const char *file, const ts_events *evs,
                            const ts_clock_fit *fit, const ts_matches *m,
                            const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n_pkts)
{
    ts_kernel_summary_fill(&r->summary, file, evs, fit, m);
    r->conns = ts_kernel_conns_build(evs, m, fit, pkts, pkt_stream, n_pkts);
}

void ts_kernel_report_clear(ts_kernel_report *r)
{
    ts_kernel_conns_free((ts_kernel_conns *)r->conns);
    r->conns = NULL;
}

#include "fuzz_common.h"
#include "clock_align.h"
#include "match.h"

#include <string.h>

#define MAX_PACKETS 64
#define OFFSET_NS G_GINT64_CONSTANT(1700000000000000000)

/* A packet each xmit, tcp_probe and state change would pair with, 3 us later on the wire. */
static guint packets_from(const ts_events *evs, ts_wire_packet *p)
{
    guint n = 0;
    for (guint i = 0; i < evs->n && n < MAX_PACKETS; i++) {
        const ts_event *ev = &evs->ev[i];
        ts_wire_packet w;
        memset(&w, 0, sizeof w);
        w.frame = n + 1;
        w.time_ns = ev->ts_ns + OFFSET_NS + 3000;
        w.len = 66;
        switch (ev->kind) {
        case TS_EV_NET_DEV_XMIT:
            w.len = ev->u.dev.len;
            break;
        case TS_EV_TCP_PROBE:
            w.src = ev->dst, w.dst = ev->src, w.sport = ev->dport, w.dport = ev->sport;
            w.ack = ev->u.probe.snd_una, w.seglen = ev->u.probe.data_len, w.flags = TS_ACK;
            break;
        default:
            if (!ev->family)
                continue;
            w.src = ev->src, w.dst = ev->dst, w.sport = ev->sport, w.dport = ev->dport;
            w.flags = (guint16)(TS_SYN | (i % 2 ? TS_ACK : 0));
            break;
        }
        p[n++] = w;
    }
    return n;
}

void fuzz_align_and_match(const ts_events *evs)
{
    ts_wire_packet p[MAX_PACKETS];
    guint n = packets_from(evs, p);
    ts_clock_fit fit;
    GError *err = NULL;
    if (!ts_clock_align(evs, p, n, NULL, &fit, &err))
        g_clear_error(&err);
    ts_matches *m = ts_match_events(evs, p, n, &fit, NULL);
    for (guint i = 0; i < n; i++) {
        guint k;
        ts_matches_of_packet(m, i, &k);
    }
    ts_matches_free(m);
}

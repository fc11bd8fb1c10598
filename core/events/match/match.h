/* Stage 3, match: each event to the frame it is about.
 * In: ts_events and the frames (model/), the clock fit (align/clock_model.h). Out: ts_matches,
 * one entry per event. Depends on align and the model.
 *
 * Matching events to the capture's packets once the clocks are aligned:
 *   net_dev_xmit        the frame itself (same length, frames of one device in order)
 *   tcp_probe           the segment it processed (see clock_align.h), xdp_packet its packet
 *   netif_receive_skb   the frame of the net_dev_xmit of the same skb just before it
 *   other events with a 4-tuple (state changes, retransmissions, resets, eBPF rows, ...)
 *                       the nearest packet of that connection within a window
 * Events whose aligned time lies outside the capture are counted, not matched; events with no
 * 4-tuple or skb to go by (listening sockets, unknown events) are not applicable. */
#ifndef TCPSTATE_MATCH_H
#define TCPSTATE_MATCH_H

#include "clock_model.h"
#include "events.h"
#include "wire.h"

typedef enum {
    TS_MATCH_NONE,      /* applicable, nothing found */
    TS_MATCH_FRAME,     /* the very frame (xmit, probe, xdp) */
    TS_MATCH_SKB,       /* netif_receive_skb through its skb's net_dev_xmit */
    TS_MATCH_NEAREST,   /* nearest packet of the connection */
    TS_MATCH_OUTSIDE,   /* outside the capture's time range */
    TS_MATCH_NOT_APPLICABLE
} ts_match_how;

typedef struct ts_event_match {
    gint32 pkt;         /* index into the packet array, -1 when none */
    guint8 how;         /* ts_match_how */
} ts_event_match;

typedef struct ts_match_options {
    gint64 tolerance_ns;  /* frames: within this of the aligned time (500 us) */
    gint64 window_ns;     /* nearest packet of a connection within this (10 ms); also the margin
                             around the capture's time range */
    gint64 skb_window_ns; /* netif_receive_skb at most this long after its net_dev_xmit (1 ms) */
} ts_match_options;

typedef struct ts_matches_priv ts_matches_priv;

typedef struct ts_matches {
    ts_event_match *ev;   /* one per event, as evs->ev */
    guint n_events, n_pkts;
    guint applicable;     /* events inside the capture's range with a rule that applies */
    guint matched;        /* of those, matched */
    guint outside;        /* outside the capture's time range */
    guint not_applicable;
    guint kind_applicable[TS_EV_N_KINDS], kind_matched[TS_EV_N_KINDS];
    ts_matches_priv *priv;
} ts_matches;

void ts_match_options_init(ts_match_options *opt);
/* opt may be NULL for the defaults. */
ts_matches *ts_match_events(const ts_events *evs, const ts_wire_packet *pkts, guint n_pkts,
                            const ts_clock_fit *fit, const ts_match_options *opt);
void ts_matches_free(ts_matches *m);

/* matched / applicable (all of them or of one kind); 0 when none applies. */
double ts_matches_rate(const ts_matches *m);
double ts_matches_kind_rate(const ts_matches *m, ts_event_kind kind);
/* Positions in evs->ev of the events matched to packet pkt (index into the array), time order. */
const guint32 *ts_matches_of_packet(const ts_matches *m, guint pkt, guint *n);

/* Events whose aligned time lies within window_ns of epoch_ns: positions [*first, *end) of
 * evs->ev (a binary search on the sorted event times). */
void ts_events_near(const ts_events *evs, const ts_clock_fit *fit, gint64 epoch_ns,
                    gint64 window_ns, guint *first, guint *end);

const char *ts_match_how_name(ts_match_how how);

/* Whether the events belong to this capture: the evidence the alignment and the matching give.
 * A file recorded beside another capture can still be "aligned" with this one by a few chance
 * pairs of equal frame lengths; its events then mostly find no frame. The rules, in order (the
 * first that fails decides), from the shipped recordings (14 to 7,725 anchors, 99.4 to 100% of
 * the events within the capture matched) against every recording aligned with another capture
 * (2 to 11 anchors, 4.7 to 25% matched):
 *   some event lies within the capture's time range
 *   at least TS_FIT_MIN_ANCHORS anchors agree on the offset
 *   at least TS_FIT_MIN_RATE of the events within the capture found their frame or connection
 * FALSE and the first rule that failed, as a sentence with its numbers, appended to why (may be
 * NULL). A manual offset (fit->manual) is the user's word: TRUE. */
#define TS_FIT_MIN_ANCHORS 3
#define TS_FIT_MIN_RATE 0.5
gboolean ts_matches_fit_capture(const ts_matches *m, const ts_clock_fit *fit, GString *why);

#endif

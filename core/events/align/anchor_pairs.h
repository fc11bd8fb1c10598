/* Internal: which packet an event can stand for, by content, and the greedy pairing of events with
 * packets under a clock model. Shared by clock alignment (anchors) and matching. */
#ifndef TCPSTATE_ANCHOR_PAIRS_H
#define TCPSTATE_ANCHOR_PAIRS_H

#include "clock_model.h"
#include "events.h"
#include "wire_index.h"

typedef struct ts_anchor {
    gint64 k_ns;    /* event time, kernel clock */
    gint64 e_ns;    /* packet time, epoch */
    const char *dev;/* xmit: the device; NULL otherwise */
    gint64 lag_ns;  /* the group's lag against the reference group, set by the fit */
    guint32 ev;     /* position in evs->ev */
    guint32 pos;    /* packet position in the wire index */
    guint8 type;    /* ts_anchor_type */
} ts_anchor;

/* Anchors fall into groups, by type and for xmit by device, each with its own lag between the
 * capture's tap and the event: a frame sent on the capture's interface is tapped just before
 * net_dev_xmit, one received there (sent by the veth peer) just after; tcp_probe and the state
 * changes come some us after their segment. */
static inline gboolean ts_anchor_same_group(const ts_anchor *a, const ts_anchor *b)
{
    return a->type == b->type && a->dev == b->dev;
}

typedef struct ts_vote {
    gint64 off_ns;  /* packet time - event time */
    gint64 k_ns;
} ts_vote;

/* The anchor rule of an event, -1 when it has none. */
int ts_anchor_type_of(const ts_event *ev);

/* The packets ev may stand for (positions in time order), before looking at their content. */
const GArray *ts_anchor_candidates(const ts_wire_index *wi, const ts_event *ev, int type);
/* Whether the packet at pos fits ev by content. */
gboolean ts_anchor_fits(const ts_wire_index *wi, const ts_event *ev, int type, guint32 pos);

/* Appends to votes the offsets to every packet that fits ev by content, unless more than cap do
 * (too ambiguous); returns how many were added. */
guint ts_anchor_votes(const ts_wire_index *wi, const ts_event *ev, int type, guint cap,
                      GArray *votes);

/* Greedy pairing in time order of the events in evs->ev[first, end) whose type is in type_mask
 * (bits 1 << ts_anchor_type): each takes the nearest packet that fits within tol of
 * model(event time) (syn_sent: within max(tol, 5 ms)), each packet once per type, frames of one
 * device in order. A second pass uses what the first learnt of each group (its lag, how closely
 * it agrees, for xmit the sources of the device's frames) to pair bursts of back-to-back frames
 * in order. Appends to out. (anchor_pairing.c) */
void ts_anchor_pair(const ts_events *evs, guint first, guint end, const ts_wire_index *wi,
                    const ts_clock_fit *model, gint64 tol, guint type_mask, GArray *out);

/* Positions [*first, *end) of evs->ev with kernel time within [lo, hi]. */
void ts_events_range(const ts_events *evs, gint64 lo, gint64 hi, guint *first, guint *end);

#endif

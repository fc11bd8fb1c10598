/* Internal: the capture's packets sorted by time, with lookups by frame length, by directed flow
 * and by connection with the local port unknown. Lists hold positions in time order, so a time
 * window within a list is a binary search away. */
#ifndef TCPSTATE_WIRE_INDEX_H
#define TCPSTATE_WIRE_INDEX_H

#include "wire.h"

typedef struct ts_wire_index {
    const ts_wire_packet *pkts;
    guint n;
    guint32 *order;       /* order[pos] = index into pkts, by time (stable) */
    gint64 *t;            /* t[pos] = pkts[order[pos]].time_ns */
    guint8 *hs_ack;       /* hs_ack[pos]: the ACK that completes a handshake (after its SYN-ACK) */
    GHashTable *by_len;   /* frame length -> GArray of positions */
    GHashTable *by_flow;  /* src:sport -> dst:dport -> GArray of positions */
    GHashTable *by_half;  /* local addr, remote addr:port -> positions, both directions */
    GHashTable *by_half_hs; /* the same, only SYNs, SYN-ACKs and handshake ACKs */
} ts_wire_index;

ts_wire_index *ts_wire_index_new(const ts_wire_packet *pkts, guint n);
void ts_wire_index_free(ts_wire_index *wi);

static inline const ts_wire_packet *ts_wire_at(const ts_wire_index *wi, guint32 pos)
{
    return &wi->pkts[wi->order[pos]];
}

/* First i in list (positions) with t >= x; list->len when none. */
guint ts_wire_lower_bound(const ts_wire_index *wi, const GArray *list, gint64 x);

/* NULL when nothing matches. */
const GArray *ts_wire_by_len(const ts_wire_index *wi, guint32 len);
const GArray *ts_wire_flow(const ts_wire_index *wi, const ts_addr *src, guint16 sport,
                           const ts_addr *dst, guint16 dport);
/* Packets between local (any port) and remote:rport, either way; or only their handshakes. */
const GArray *ts_wire_half(const ts_wire_index *wi, const ts_addr *local, const ts_addr *remote,
                           guint16 rport);
const GArray *ts_wire_half_handshake(const ts_wire_index *wi, const ts_addr *local,
                                     const ts_addr *remote, guint16 rport);

#endif

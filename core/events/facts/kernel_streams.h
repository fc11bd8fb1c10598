/* Internal: the capture's connections (tcp.stream) as the per-connection kernel facts need them:
 * each one's orientation and first packet, found by 4-tuple or by the SYN that opened it. */
#ifndef TCPSTATE_KERNEL_STREAMS_H
#define TCPSTATE_KERNEL_STREAMS_H

#include "wire.h"

typedef struct ts_kstream {
    ts_addr src, dst;      /* src: sender of the stream's first packet */
    guint16 sport, dport;
    gint64 first_ns;       /* that packet's time */
    guint8 used;
    guint8 syn_first;      /* it was a SYN without ACK */
} ts_kstream;

typedef struct ts_kstreams ts_kstreams;

/* pkt_stream[i]: tcp.stream of pkts[i], G_MAXUINT32 when not TCP. */
ts_kstreams *ts_kstreams_new(const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n);
void ts_kstreams_free(ts_kstreams *ks);
const ts_kstream *ts_kstreams_get(const ts_kstreams *ks, guint32 stream);
/* The latest stream of the 4-tuple (either way round) started at or before t_ns, else its
 * first one; G_MAXUINT32 when the 4-tuple has none. */
guint32 ts_kstreams_by_tuple(const ts_kstreams *ks, const ts_addr *a, guint16 pa, const ts_addr *b,
                             guint16 pb, gint64 t_ns);
/* The first stream opened by a SYN from local (any port) to remote:rport within [from, until];
 * local NULL for any local address. */
guint32 ts_kstreams_by_syn(const ts_kstreams *ks, const ts_addr *local, const ts_addr *remote,
                           guint16 rport, gint64 from_ns, gint64 until_ns);
/* The latest stream opened by a SYN from client:cport started at or before t_ns. */
guint32 ts_kstreams_by_client(const ts_kstreams *ks, const ts_addr *client, guint16 cport, gint64 t_ns);

#endif

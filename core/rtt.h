/* Segments that wait for their acknowledgement, one queue per direction.
 * An ACK gives at most one RTT sample: for the newest segment it fully acknowledges,
 * unless that segment was sent more than once (Karn's rule). */
#ifndef TCPSTATE_RTT_H
#define TCPSTATE_RTT_H

#include <glib.h>

typedef struct ts_pending {
    guint32 end;       /* sequence number just after the segment (SYN and FIN count one) */
    guint32 retransmitted : 1;
    guint32 reserved : 31;
    double time;
} ts_pending;

/* A queue kept sorted by end; NULL while empty, so idle connections hold no memory. */
typedef struct ts_rtt_queue {
    guint len, cap, head;
    ts_pending items[];
} ts_rtt_queue;

/* Serial-number comparison (RFC 1982) for 32-bit sequence numbers. */
static inline gint32 ts_seq_diff(guint32 a, guint32 b)
{
    return (gint32)(a - b);
}

/* A segment covering [seq, end) was sent at time; covers_old is TRUE when it resends
 * sequence space already sent. Marks the queued segments it overlaps as retransmitted. */
void ts_rtt_sent(ts_rtt_queue **q, guint32 seq, guint32 end, double time, gboolean covers_old);

/* An ACK for ack arrived at time from the other side. Returns TRUE and the sample in
 * *rtt when the newest fully acknowledged segment was sent once. */
gboolean ts_rtt_acked(ts_rtt_queue **q, guint32 ack, double time, double *rtt);

void ts_rtt_free(ts_rtt_queue **q);
gsize ts_rtt_bytes(const ts_rtt_queue *q);

#endif

/* Segments that wait for their acknowledgement, one queue per direction.
 * An ACK gives at most one RTT sample: for the newest segment it fully acknowledges,
 * unless that segment was sent more than once (Karn's rule). */
#ifndef TCPSTATE_RTT_H
#define TCPSTATE_RTT_H

#include <glib.h>

typedef struct ts_pending {
    guint32 end;       /* sequence number just after the segment (SYN and FIN count one) */
    guint32 retransmitted : 1;
    guint32 len : 31;  /* sequence space it covers: it starts at end - len */
    double time;
} ts_pending;

/* Most segments one direction keeps waiting for their ACK (4 MiB): beyond it the oldest
 * is let go. More than any real window holds: 2^18 segments of 1,448 bytes are 380 MB in
 * flight, 3 s at 1 Gbit/s. */
#define TS_RTT_MAX_WAITING (1u << 18)

/* A queue kept sorted by end; NULL while empty, so idle connections hold no memory. */
typedef struct ts_rtt_queue {
    guint len, cap, head;
    ts_pending items[];
} ts_rtt_queue;

/* Emptied queues, kept for the next segment that needs one: a queue empties whenever
 * everything in flight is acknowledged, often several times per connection, and reusing
 * it costs a tenth of malloc and free. Holds at most as many queues as were ever in use
 * at once, which the table held anyway. */
typedef struct ts_rtt_pool {
    ts_rtt_queue **spare;
    guint len, cap;
} ts_rtt_pool;

void ts_rtt_pool_init(ts_rtt_pool *pool);
/* Frees the queues kept; the pool is empty and ready for use again. */
void ts_rtt_pool_clear(ts_rtt_pool *pool);
gsize ts_rtt_pool_bytes(const ts_rtt_pool *pool);

/* Serial-number comparison (RFC 1982) for 32-bit sequence numbers. */
static inline gint32 ts_seq_diff(guint32 a, guint32 b)
{
    return (gint32)(a - b);
}

/* A segment covering [seq, end) was sent at time; covers_old is TRUE when it resends
 * sequence space already sent. Marks the queued segments it overlaps as retransmitted. */
void ts_rtt_sent(ts_rtt_pool *pool, ts_rtt_queue **q, guint32 seq, guint32 end, double time,
                 gboolean covers_old);

/* An ACK for ack arrived at time from the other side. Returns TRUE and the sample in
 * *rtt when the newest fully acknowledged segment was sent once, and every byte the ACK
 * covers beyond it was seen sent (an ACK past a hole in the capture gives no sample). */
gboolean ts_rtt_acked(ts_rtt_pool *pool, ts_rtt_queue **q, guint32 ack, double time, double *rtt);

/* Hands the queue back to the pool; *q becomes NULL. */
void ts_rtt_release(ts_rtt_pool *pool, ts_rtt_queue **q);
void ts_rtt_free(ts_rtt_queue **q);
gsize ts_rtt_bytes(const ts_rtt_queue *q);

#endif

#include "rtt.h"

/* cap is a power of two (4, doubled as it grows): a mask instead of a division. */
static ts_pending *at(ts_rtt_queue *q, guint i)
{
    return &q->items[(q->head + i) & (q->cap - 1)];
}

/* Index of the first queued segment that ends after seq (q->len when none does). */
static guint first_ending_after(ts_rtt_queue *q, guint32 seq)
{
    guint lo = 0, hi = q->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (ts_seq_diff(at(q, mid)->end, seq) > 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void ts_rtt_pool_init(ts_rtt_pool *pool)
{
    pool->spare = NULL;
    pool->len = pool->cap = 0;
}

void ts_rtt_pool_clear(ts_rtt_pool *pool)
{
    for (guint i = 0; i < pool->len; i++)
        g_free(pool->spare[i]);
    g_free(pool->spare);
    ts_rtt_pool_init(pool);
}

gsize ts_rtt_pool_bytes(const ts_rtt_pool *pool)
{
    gsize b = pool->cap * sizeof *pool->spare;
    for (guint i = 0; i < pool->len; i++)
        b += ts_rtt_bytes(pool->spare[i]);
    return b;
}

void ts_rtt_release(ts_rtt_pool *pool, ts_rtt_queue **q)
{
    if (!*q)
        return;
    if (pool->len == pool->cap) {
        pool->cap = pool->cap ? 2 * pool->cap : 64;
        pool->spare = g_renew(ts_rtt_queue *, pool->spare, pool->cap);
    }
    pool->spare[pool->len++] = *q;
    *q = NULL;
}

/* Room for one more segment: a kept queue when there is none, else one twice the size. */
static void make_room(ts_rtt_pool *pool, ts_rtt_queue **qp)
{
    ts_rtt_queue *q = *qp;
    if (!q && pool->len) {
        q = pool->spare[--pool->len];
        q->len = 0;
        q->head = 0;
        *qp = q;
        return;
    }
    guint cap = q ? q->cap * 2 : 4;
    ts_rtt_queue *n = g_malloc(sizeof *n + cap * sizeof(ts_pending));
    n->len = 0;
    n->cap = cap;
    n->head = 0;
    if (q) {
        for (guint i = 0; i < q->len; i++)
            n->items[i] = *at(q, i);
        n->len = q->len;
        g_free(q);
    }
    *qp = n;
}

void ts_rtt_sent(ts_rtt_pool *pool, ts_rtt_queue **qp, guint32 seq, guint32 end, double time,
                 gboolean covers_old)
{
    ts_rtt_queue *q = *qp;
    if (covers_old && q) {
        /* Every queued segment that shares a byte with [seq, end) was sent again, in part
         * or whole: an ACK that covers it may answer either sending (Karn). The queue is
         * sorted by end: a binary search finds the first that ends after seq, and the walk
         * stops at the first that starts at or after end, so a resend costs the log of
         * what waits plus what it overlaps, not a scan of everything waiting. */
        for (guint i = first_ending_after(q, seq); i < q->len; i++) {
            ts_pending *p = at(q, i);
            if (ts_seq_diff(p->end - p->len, end) >= 0)
                break;
            p->retransmitted = 1;
        }
    }
    /* A resend that adds nothing new is not queued again: its ACK would be ambiguous. */
    if (q && q->len && ts_seq_diff(end, at(q, q->len - 1)->end) <= 0)
        return;
    if (q && q->len == TS_RTT_MAX_WAITING) {
        /* A direction whose ACKs the capture lacks (a one-way capture) would queue every
         * segment: the oldest is let go; an ACK that covers it gives no sample. */
        q->head = (q->head + 1) & (q->cap - 1);
        q->len--;
    }
    if (!q || q->len == q->cap) {
        make_room(pool, qp);
        q = *qp;
    }
    ts_pending *p = at(q, q->len++);
    p->end = end;
    p->retransmitted = covers_old ? 1 : 0;
    p->len = (guint32)ts_seq_diff(end, seq) & 0x7fffffffu;
    p->time = time;
}

gboolean ts_rtt_acked(ts_rtt_pool *pool, ts_rtt_queue **qp, guint32 ack, double time, double *rtt)
{
    ts_rtt_queue *q = *qp;
    if (!q)
        return FALSE;
    const ts_pending *newest = NULL;
    ts_pending last;
    while (q->len && ts_seq_diff(ack, at(q, 0)->end) >= 0) {
        last = *at(q, 0);
        newest = &last;
        q->head = (q->head + 1) & (q->cap - 1);
        q->len--;
    }
    /* The ACK may also cover bytes after the newest segment: seen ones, when the next queued
     * segment starts at or before its end; otherwise bytes the capture never saw (capture
     * loss), whose sending, not this segment's, the ACK may answer: no sample. */
    gboolean seen_up_to_ack = newest && (ack == newest->end ||
                                         (q->len && ts_seq_diff(at(q, 0)->end - at(q, 0)->len, newest->end) <= 0));
    if (q->len == 0)
        ts_rtt_release(pool, qp);
    if (!newest || newest->retransmitted || !seen_up_to_ack)
        return FALSE;
    *rtt = time - newest->time;
    return TRUE;
}

void ts_rtt_free(ts_rtt_queue **q)
{
    g_free(*q);
    *q = NULL;
}

gsize ts_rtt_bytes(const ts_rtt_queue *q)
{
    return q ? sizeof *q + q->cap * sizeof(ts_pending) : 0;
}

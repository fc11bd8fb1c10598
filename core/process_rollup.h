/* The connections of a capture rolled up by the process owning each end (kernel events,
 * kernel_facts.h): which program suffered. Fed segment by segment with what the connection
 * table made of each, and the kernel facts of its connection, so that a table of the GUI can
 * grow with the packets. */
#ifndef TCPSTATE_PROCESS_ROLLUP_H
#define TCPSTATE_PROCESS_ROLLUP_H

#include "conn.h"
#include "kernel_facts.h"

typedef struct ts_process_row {
    const char *comm;        /* NULL: ends whose owner no event tells, and connections the events
                              * say nothing of */
    gint32 pid;
    guint connections;       /* connections with an end of this process */
    guint64 bytes_sent;      /* payload its ends sent, re-sent bytes included */
    guint64 bytes_received;  /* payload the other ends sent them */
    guint resent_wire;       /* segments its ends re-sent on the wire (loss.c's kinds but
                              * out_of_order) */
    guint retransmits_kernel; /* tcp_retransmit_skb events of its sockets that left the host */
    guint kernel_only;       /* of those, the ones no re-send on the wire pairs with */
    ts_acc rtt;              /* RTT samples of the data its ends sent (seconds) */
} ts_process_row;

typedef struct ts_process_rollup ts_process_rollup;

ts_process_rollup *ts_process_rollup_new(void);
void ts_process_rollup_free(ts_process_rollup *p);
void ts_process_rollup_reset(ts_process_rollup *p);

/* Segment s, r what the connection table made of it, kc its connection's kernel facts (NULL:
 * none). The rows it changed go to touched[0..1] (-1 when fewer); a row's index never changes. */
void ts_process_rollup_add(ts_process_rollup *p, const ts_segment *s, const ts_seg_result *r,
                           const ts_kernel_conn *kc, gint touched[2]);

guint ts_process_rollup_count(const ts_process_rollup *p);
const ts_process_row *ts_process_rollup_nth(const ts_process_rollup *p, guint i);

#endif

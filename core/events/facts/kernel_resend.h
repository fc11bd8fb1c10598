/* Internal to facts: each kernel retransmission against the re-sends the capture shows.
 *
 * A tcp_retransmit_skb event of one end's socket and a segment the wire rules call re-sent
 * (core/loss.c, any kind but out_of_order) from that end pair up when they lie within
 * TS_RESEND_PAIR_NS of each other, in time order, each used once: the same re-send seen from
 * the kernel and from the capture. What stays unpaired is the disagreement: a retransmission
 * the capture shows no re-send for (lost before the capture point, or the capture missed it),
 * or a re-send the events do not account for (another host's, a copy the network made, or one
 * the tracepoint did not report). Attempts the
 * event says did not leave the host (its err) take no part. Counts are kept per end
 * (ts_kernel_end: retransmits, retransmits_failed, wire_resent, resent_both). */
#ifndef TCPSTATE_KERNEL_RESEND_H
#define TCPSTATE_KERNEL_RESEND_H

#include "kernel_facts.h"
#include "kernel_streams.h"

/* The kernel's event comes before its segment reaches a capture on the same host by
 * microseconds, or by the time it waits in a queueing discipline (a tbf may hold it 100 ms and
 * more); a capture at the other end sees it a one-way delay later. */
#define TS_RESEND_PAIR_NS 250000000LL

typedef struct ts_resend_pairing ts_resend_pairing;

ts_resend_pairing *ts_resend_pairing_new(void);
/* A tcp_retransmit_skb event of stream's end `end`, at t_ns (the capture's clock). */
void ts_resend_pairing_kernel(ts_resend_pairing *p, guint32 stream, int end, gint64 t_ns);
/* Counts wire_resent and resent_both into the ends of the connections of kc (those with
 * events), from the packets' resend kinds; frees p. */
void ts_resend_pairing_finish(ts_resend_pairing *p, ts_kernel_conns *kc, const ts_kstreams *ks,
                              const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n_pkts);

#endif

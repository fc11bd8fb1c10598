/* Stage 4, facts: what the kernel says of each connection.
 * In: the events, their matches (match/match.h), the clock fit and the frames with their
 * tcp.stream. Out: ts_kernel_conns, rendered by core/report_kernel_*.c through
 * core/kernel_facts.h. Depends on match, align and the model.
 *
 * Per-connection kernel facts from a trace matched to the capture: the process owning each end
 * (rule in kernel_owner.h), the kernel's state changes, retransmissions, cwnd and srtt.
 *
 * An event belongs to the connection of the packet it was matched to; a move to SYN_SENT, whose
 * local port is not bound yet, to the connection opened by the next SYN from its address to its
 * remote end; an unmatched event with a full 4-tuple (before or after the capture, a packet the
 * capture lacks) to the latest connection of that 4-tuple started by then. Its end is the one whose
 * local address and port are the event's socket's. */
#ifndef TCPSTATE_KERNEL_CONN_H
#define TCPSTATE_KERNEL_CONN_H

#include "kernel_facts.h"
#include "match.h"

#define TS_NO_STREAM G_MAXUINT32

/* pkts in capture order (pkts[0] the capture's first frame), pkt_stream[i] the tcp.stream of
 * pkts[i] or TS_NO_STREAM. NULL when the clocks are not aligned, m is NULL or there are no
 * packets. */
ts_kernel_conns *ts_kernel_conns_build(const ts_events *evs, const ts_matches *m,
                                       const ts_clock_fit *fit, const ts_wire_packet *pkts,
                                       const guint32 *pkt_stream, guint n_pkts);

/* The figures of the events file; fit and m may be NULL. file is not copied. */
void ts_kernel_summary_fill(ts_kernel_summary *s, const char *file, const ts_events *evs,
                            const ts_clock_fit *fit, const ts_matches *m);

/* Both of the above into r; free with ts_kernel_report_clear(). */
void ts_kernel_report_build(ts_kernel_report *r, const char *file, const ts_events *evs,
                            const ts_clock_fit *fit, const ts_matches *m,
                            const ts_wire_packet *pkts, const guint32 *pkt_stream, guint n_pkts);
void ts_kernel_report_clear(ts_kernel_report *r);

#endif

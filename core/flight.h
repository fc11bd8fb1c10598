/* Windows and flow of one direction: what its SYN offered (the handshake's options), the
 * size of its first flight (its initial window, as the wire shows it) and its largest
 * flight size. docs/reference.md ("Handshake and flow") explains each figure. */
#ifndef TCPSTATE_FLIGHT_H
#define TCPSTATE_FLIGHT_H

#include <glib.h>

#include "segment.h"

#define TS_SYN_SEEN 0x01       /* a SYN of the direction was captured: the first one's options */
#define TS_SYN_SACK_PERM 0x02  /* it offered SACK */
#define TS_SYN_TIMESTAMPS 0x04 /* it offered timestamps */
#define TS_SYN_TFO 0x08        /* it carried a TCP Fast Open cookie or cookie request */
#define TS_SYN_ECN 0x10        /* ECN setup (RFC 3168 6.1.1): a SYN with ECE and CWR, a SYN+ACK
                                * with ECE and without CWR */
#define TS_SYN_DATA 0x20       /* it carried payload */
#define TS_SYN_CUT 0x40        /* its options were not captured whole (or were malformed) */

/* 16 bytes. */
typedef struct ts_flight_dir {
    guint16 mss;             /* its SYN's MSS option; 0 when none */
    guint8 wscale;           /* its SYN's window scale: the shift plus one; 0 when none */
    guint8 syn_bits;         /* TS_SYN_* */
    float first_start;       /* when it first sent new payload, seconds after the connection's
                              * start; TS_FLIGHT_NONE before, TS_FLIGHT_UNKNOWN when no handshake
                              * RTT was known then */
    guint32 first_bytes : 24;   /* new payload sent within one handshake RTT of that, up to
                                 * TS_FLIGHT_MAX_BYTES */
    guint32 first_segments : 8; /* the segments that carried them, up to TS_FLIGHT_MAX_SEGMENTS */
    guint32 max_in_flight;   /* the most bytes sent and not yet acknowledged; 0 when unknown */
} ts_flight_dir;

#define TS_FLIGHT_MAX_BYTES 0xffffffu
#define TS_FLIGHT_MAX_SEGMENTS 0xffu
#define TS_FLIGHT_NONE (-1.0f)
#define TS_FLIGHT_UNKNOWN (-2.0f)

void ts_flight_init(ts_flight_dir *f);

/* A SYN of the direction (not a capture duplicate): the first one's options are kept. */
void ts_flight_syn(ts_flight_dir *f, const ts_segment *s);

/* The direction sent new payload (not a re-send, keep-alive or probe) at since_start seconds
 * after the connection's start; handshake_rtt < 0 while none is known. */
void ts_flight_new_data(ts_flight_dir *f, double since_start, double handshake_rtt, guint32 seglen);

/* After a segment with payload: its direction's highest sequence number sent plus one, and
 * the other direction's latest acknowledgement number. syn_fin: the segment has SYN or FIN.
 * Returns the bytes in flight (RFC 5681's FlightSize), 0 when they cannot be told. */
guint32 ts_flight_in_flight(ts_flight_dir *f, guint32 next_seq, guint32 rev_ack, gboolean syn_fin);

/* The first flight is known (a handshake RTT was, when it began). */
static inline gboolean ts_flight_first_known(const ts_flight_dir *f)
{
    return f->first_start >= 0;
}

/* The shift direction d applies to the window field of its segments that are not SYNs
 * (RFC 7323 2.2), as far as the captured SYNs tell: -1 when they do not. */
int ts_flight_window_shift(const ts_flight_dir f[2], int d);

#endif

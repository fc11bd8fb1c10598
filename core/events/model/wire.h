/* The capture's packets as clock alignment and matching need them: a compact array filled by the
 * Wireshark glue (or by tests from tshark's field output), in capture order. */
#ifndef TCPSTATE_WIRE_H
#define TCPSTATE_WIRE_H

#include <glib.h>

#include "segment.h"

typedef enum { TS_DIR_UNKNOWN, TS_DIR_OUT, TS_DIR_IN } ts_wire_dir;

typedef struct ts_wire_packet {
    gint64 time_ns;    /* capture time, ns since the epoch */
    guint32 frame;     /* frame number, 1-based */
    guint32 len;       /* frame length on the wire (frame.len) */
    ts_addr src, dst;  /* family 0 for packets that are not IP */
    guint16 sport, dport;
    guint32 seq, ack;  /* raw TCP numbers */
    guint32 seglen;    /* TCP payload bytes */
    guint16 flags;     /* TS_SYN, TS_ACK, ... */
    guint8 direction;  /* ts_wire_dir, when the capture says (pcapng) */
    guint8 resend;     /* what the wire rules made of it: a ts_resend_kind (core/loss.h), 0 when
                        * it was not re-sent or nobody said */
} ts_wire_packet;

#endif

/* The "tcpstate.segment" tap: every TCP segment of a frame as the core's record, including a
 * segment whose TCP options were cut by the capture's snapshot length.
 *
 * Wireshark's TCP dissector reads the options before it queues its tcp tap; options cut by a
 * snapshot length (tcpdump -s 68 on a segment with timestamps, a SYN's options) make it throw
 * first, so the tcp tap never sees that segment although its fixed header, and the frame's
 * TCP fields in the tree, are there. tcpstate therefore stands in front of the TCP dissector
 * in the "ip.proto" table: it calls it unchanged and, after it, queues one record on this tap:
 *   the TCP dissector queued its tcp tap      the record takes that tap's segment
 *   it threw with the options cut             the record carries the segment read from the
 *                                             fixed header (ts_segment_from_cut_header)
 *   neither (a header too short, an ICMP      the record has no segment: listeners skip it
 *   error's quote cut short)
 * The exception is passed on, so Wireshark shows the frame as before. Every tcpstate listener
 * (reports, the Statistics dialog, the per-packet fields) listens to this tap, never to "tcp". */
#ifndef TCPSTATE_SEGMENT_TAP_H
#define TCPSTATE_SEGMENT_TAP_H

#include <epan/packet.h>

#include "segment.h"

#define TS_SEGMENT_TAP_NAME "tcpstate.segment"

void ts_segment_tap_register(void);
/* Stands in front of the TCP dissector; called at handoff. */
void ts_segment_tap_handoff(void);

/* The segment of a record of this tap, NULL when it has none. Valid while the frame's taps run. */
const ts_segment *ts_segment_of_record(const packet_info *pinfo, const void *tap_data);

#endif

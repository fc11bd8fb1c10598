/* Turns what the tcp tap hands over into the core's segment record. */
#ifndef TCPSTATE_TAP_SEGMENT_H
#define TCPSTATE_TAP_SEGMENT_H

#include <epan/packet.h>
#include <epan/dissectors/packet-tcp.h>

#include "segment.h"

/* FALSE when the segment cannot be used (no IP addresses, or no known length). */
gboolean ts_segment_from_tap(ts_segment *s, const packet_info *pinfo, const struct tcpheader *th);

#endif

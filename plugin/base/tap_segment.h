/* Turns what the tcp tap hands over into the core's segment record. */
#ifndef TCPSTATE_TAP_SEGMENT_H
#define TCPSTATE_TAP_SEGMENT_H

#include <epan/packet.h>
#include <epan/dissectors/packet-tcp.h>

#include "segment.h"

/* An IPv4 or IPv6 address of Wireshark's; FALSE for any other kind. */
gboolean ts_addr_from_address(ts_addr *to, const address *from);

/* Registers the per-file cache's cleanup; called once with the protocol. */
void ts_tap_segment_register(void);

/* FALSE when the segment cannot be used (no IP addresses, or no known length). Both this and
 * ts_segment_from_cut_header leave the IPv4 ID (ip_id, has_ip_id) as they find it: neither
 * source has it, and segment_tap.c sets it from the IP header. The same holds of the
 * options (opt), which ts_tap_segment_options reads. */
gboolean ts_segment_from_tap(ts_segment *s, const packet_info *pinfo, const struct tcpheader *th);

/* A segment whose fixed TCP header (tvb: the TCP header onwards) was captured but whose
 * options were cut by the snapshot length: the TCP dissector throws on such options before
 * its tap (see segment_tap.h). The payload length comes from the IP header's lengths. FALSE
 * when the header is not cut that way or the TCP dissector gave the segment no stream. */
gboolean ts_segment_from_cut_header(ts_segment *s, const packet_info *pinfo, tvbuff_t *tvb);

/* The options of the TCP header at offset in tvb when it is a SYN's, as far as they were
 * captured (all zero when it has none, and for other segments). */
void ts_tap_segment_options(ts_tcp_options *opt, tvbuff_t *tvb, int offset);

/* What the TCP dissector keeps for the connection of these addresses and ports as of this
 * frame (its stream number, window scales); NULL when it keeps nothing. */
const struct tcp_analysis *ts_tcp_analysis(guint32 frame, const address *src, const address *dst, guint32 sport,
                                            guint32 dport);

#endif

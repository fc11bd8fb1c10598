/* The "tcpstate" tap: for each frame of a TCP connection, the connection (its tcp.stream)
 * with the frame's addresses and ports. The post-dissector queues the records, the
 * conversation table (taps/conv_table.c) reads them; the packet list's conversation filter
 * (taps/conv_filter.c) asks for the connection of the selected frame. */
#ifndef TCPSTATE_CONN_TAP_H
#define TCPSTATE_CONN_TAP_H

#include <epan/packet.h>

#define TS_CONN_TAP_NAME "tcpstate" /* the protocol's filter name: conversation tables require it */

typedef struct ts_conn_record {
    guint32 stream;       /* tcp.stream */
    address src, dst;     /* the frame's sender and receiver (pinfo's, valid for this frame) */
    guint32 sport, dport;
} ts_conn_record;

/* Registers the tap; called once with the protocol. */
void ts_conn_tap_register(void);

/* TRUE while something listens to the tap (the post-dissector must then stay on). */
gboolean ts_conn_tap_wanted(void);

/* The connection of the frame being dissected or shown: its last TCP header's, not one quoted
 * in an ICMP error. FALSE when the frame has none, or the TCP dissector keeps no stream for it. */
gboolean ts_conn_of_frame(const packet_info *pinfo, ts_conn_record *r);

/* Queues the frame's record when someone listens and the frame has a connection. */
void ts_conn_tap_queue(packet_info *pinfo);

#endif

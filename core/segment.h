/* One TCP segment as the core sees it: the only input of the connection table.
 * Filled by the Wireshark glue from the tcp tap, or by tests by hand. */
#ifndef TCPSTATE_SEGMENT_H
#define TCPSTATE_SEGMENT_H

#include <glib.h>

#include "tcp_options.h"

/* TCP header flag bits, as on the wire (low byte of the flags field). */
#define TS_FIN 0x01
#define TS_SYN 0x02
#define TS_RST 0x04
#define TS_PSH 0x08
#define TS_ACK 0x10
#define TS_ECE 0x40
#define TS_CWR 0x80

typedef struct ts_addr {
    guint8 family;     /* 4 or 6 */
    guint8 bytes[16];  /* IPv4 uses the first 4 */
} ts_addr;

typedef struct ts_segment {
    guint32 stream;     /* Wireshark's tcp.stream: the connection's identity */
    guint32 frame;      /* frame number, for the per-packet result only */
    double time;        /* seconds since the first packet of the capture */
    ts_addr src, dst;
    guint16 sport, dport;
    guint32 seq, ack;   /* raw (absolute) sequence and acknowledgement numbers */
    guint32 seglen;     /* payload length from the IP/TCP lengths, not the captured bytes */
    guint16 flags;      /* TS_* bits */
    guint32 window;     /* advertised receive window, scaled when the scale factor is known */
    guint16 window_raw; /* the 16-bit window field as sent */
    guint16 ip_id;      /* the IPv4 identification field, when has_ip_id */
    guint8 has_ip_id;   /* carried in IPv4 (not IPv6) and known to the glue */
    guint8 sack_blocks; /* SACK blocks in its options (0 when none or the options were cut) */
    guint8 dsack;       /* its first SACK block reports data received twice (RFC 2883) */
    ts_tcp_options opt; /* what a SYN's options say (all zero when it has none, and for
                         * other segments: only SYNs' are used) */
} ts_segment;

/* Fill an address from 4 (IPv4) or 16 (IPv6) raw bytes. */
void ts_addr_set(ts_addr *a, int family, const void *bytes);
gboolean ts_addr_equal(const ts_addr *a, const ts_addr *b);
/* Writes the printable form into buf (at least 46 bytes). Returns buf. */
const char *ts_addr_to_str(const ts_addr *a, char *buf, gsize len);

#define TS_ADDR_STRLEN 46

#endif

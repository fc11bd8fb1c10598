/* One TCP connection (one Wireshark tcp.stream) and the rules that classify it. */
#ifndef TCPSTATE_CONN_H
#define TCPSTATE_CONN_H

#include "flight.h"
#include "loss.h"
#include "rtt.h"
#include "segment.h"
#include "stat_acc.h"

/* How many of a direction's latest segments a capture duplicate is looked for among. */
#define TS_RECENT 4

/* Direction 0 is from the connection's source (sender of its first packet), 1 back. */
typedef struct ts_dir {
    guint64 unique_bytes;  /* payload bytes sent for the first time (ts_conn_dir_bytes: all) */
    guint32 packets;       /* captured, capture duplicates included */
    guint32 next_seq;      /* highest sequence number sent so far, plus one */
    ts_rtt_queue *pending; /* this direction's segments waiting for an ACK */
    guint32 recent[TS_RECENT]; /* signatures of its latest segments that were not copies
                                * (capture_copy in conn.c) */
} ts_dir;

#define TS_CONN_USED 0x01           /* the table's slot holds a connection */
#define TS_CONN_SEQ_VALID(d) (0x02u << (d)) /* dir[d].next_seq is known */
#define TS_CONN_SYNACK_SEEN 0x08
#define TS_CONN_SYN_DIR 0x10        /* set: the SYN syn_time is of came from direction 1 */
#define TS_CONN_FIN_SENT(d) (0x20u << (d)) /* direction d has sent a FIN */

/* Fields ordered so that the compiler adds no padding: a capture may hold millions. */
typedef struct ts_conn {
    const ts_addr *src, *dst; /* held once per address by the connection's table */
    guint16 sport, dport;
    guint16 syn, fin, rst;  /* segments with that flag, both directions */
    guint16 raw_min, raw_max; /* see win_min */
    guint8 bits;            /* TS_CONN_* */
    /* Per direction, for dir[].recent: how many are filled, where the next goes, and bit i
     * set when the other direction has sent since recent[i] (see capture_copy in conn.c). */
    guint8 recent_n[2], recent_next[2], recent_stale[2];
    guint32 stream;
    guint32 synack_end;     /* sequence number after the SYN+ACK */
    double start, end;
    double syn_time;        /* the SYN (without ACK) that was answered; < 0 when none seen */
    double handshake_rtt;   /* that SYN to the ACK that completes the handshake; < 0 when
                             * not seen (see account_handshake in conn.c) */
    ts_acc rtt;             /* samples from both directions */
    /* Advertised receive window of every segment but resets (an RST's window field means
     * nothing, RFC 9293 3.10.7): scaled and raw. */
    guint32 win_min, win_max;
    guint64 win_sum;
    guint64 raw_sum;
    double first_payload;   /* when the source first sent payload; < 0 before */
    float ttfb;             /* time to first byte: from then to the first payload back; < 0
                             * when none came (float: whole microseconds up to 8 s) */
    float idle_max;         /* the longest time without a packet */
    ts_dir dir[2];
    ts_flow_dir flow[2];    /* what the loss and ordering rules keep (loss.c) */
    ts_flight_dir flight[2]; /* handshake options, first flight, flight size (flight.c) */
    ts_loss *loss;          /* what they found, with the re-sent bytes and the capture
                             * duplicates; NULL while nothing */
} ts_conn;

/* Stages of a connection, as drawn in the LTTng/Trace Compass study: DNS (the lookup that
 * found the server, see dns_link.h), handshake, data, close; reset once any RST is seen.
 * A segment's phase is that of its sender's direction, in this order:
 *   reset      an RST was seen (either direction), this segment included
 *   close      its sender has sent a FIN, this segment included: a half-closed connection
 *              whose other direction still sends data is "data" there
 *   handshake  a SYN, or the ACK that completes the handshake
 *   data       anything else */
typedef enum ts_phase {
    TS_PHASE_NONE = 0,
    TS_PHASE_DNS,
    TS_PHASE_HANDSHAKE,
    TS_PHASE_DATA,
    TS_PHASE_CLOSE,
    TS_PHASE_RESET,
} ts_phase;

const char *ts_phase_name(ts_phase p);

/* What one segment did, for per-packet fields (one per frame: ordered to leave no
 * padding but the tail's). */
typedef struct ts_seg_result {
    double rtt;             /* RTT sample this segment's ACK produced */
    double handshake_rtt;   /* set on the ACK that completes the handshake */
    guint32 stream;
    ts_phase phase;
    guint32 in_flight;      /* bytes its direction had sent and not yet seen acknowledged,
                             * after it (flight.c); 0 when unknown */
    ts_loss_result loss;    /* loss and ordering (loss.c) */
    guint8 rst;             /* any RST up to and including this segment */
    guint8 has_rtt;
    guint8 has_handshake;
    guint16 syn, fin;       /* counts up to and including this segment */
    guint8 dir;
    guint8 capture_dup;     /* a copy of a packet already captured: counted, nothing else */
} ts_seg_result;

static inline gboolean ts_conn_complete(const ts_conn *c) { return c->syn >= 1 && c->fin >= 1; }
static inline gboolean ts_conn_reset(const ts_conn *c) { return c->rst > 0; }
static inline gboolean ts_conn_open(const ts_conn *c) { return c->fin == 0 && c->rst == 0; }
static inline gboolean ts_conn_before_capture(const ts_conn *c) { return c->syn == 0; }
static inline guint32 ts_conn_packets(const ts_conn *c) { return c->dir[0].packets + c->dir[1].packets; }
/* Segments in the window statistics: all but the RSTs. */
static inline guint32 ts_conn_window_samples(const ts_conn *c) { return ts_conn_packets(c) - c->rst; }
/* Payload bytes direction d sent, re-sent ones and capture duplicates included. */
static inline guint64 ts_conn_dir_bytes(const ts_conn *c, int d)
{
    return c->dir[d].unique_bytes + (c->loss ? c->loss->dir[d].repeat_bytes : 0);
}
static inline guint64 ts_conn_bytes(const ts_conn *c) { return ts_conn_dir_bytes(c, 0) + ts_conn_dir_bytes(c, 1); }
/* Segments direction d re-sent or sent late (the kinds of loss.c add up to it). */
static inline guint32 ts_conn_retrans(const ts_conn *c, int d)
{
    return c->loss ? (guint32)ts_loss_resent_total(&c->loss->dir[d]) : 0;
}
/* Copies of packets of direction d already captured (capture_copy in conn.c). */
static inline guint32 ts_conn_capture_dups(const ts_conn *c, int d)
{
    return c->loss ? c->loss->dir[d].capture_dups : 0;
}
static inline double ts_conn_duration(const ts_conn *c) { return c->end - c->start; }
/* Time to first byte: the source's first payload to the first payload back after it. */
static inline gboolean ts_conn_has_ttfb(const ts_conn *c) { return c->ttfb >= 0; }
/* Payload bytes per second of the connection's duration, each way: all of them
 * (throughput) or those sent for the first time (goodput); 0 for a connection of one
 * instant. */
static inline double ts_conn_rate(const ts_conn *c, guint64 bytes)
{
    return ts_conn_duration(c) > 0 ? (double)bytes / ts_conn_duration(c) : 0.0;
}

/* "S<syn>F<fin>" with "/R" when reset; buf of at least TS_STATUS_LEN bytes. */
#define TS_STATUS_LEN 32
const char *ts_status_str(guint syn, guint fin, gboolean rst, char *buf, gsize len);
const char *ts_conn_status(const ts_conn *c, char *buf, gsize len);

/* src and dst: s's addresses, as the table holds them (they outlive the connection). */
void ts_conn_init(ts_conn *c, const ts_segment *s, const ts_addr *src, const ts_addr *dst);
/* pool: where the connection's RTT queues come from and go back to (its table's). */
void ts_conn_add(ts_conn *c, const ts_segment *s, ts_rtt_pool *pool, ts_seg_result *out);
void ts_conn_clear(ts_conn *c);

#endif

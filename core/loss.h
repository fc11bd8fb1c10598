/* Loss and ordering as the wire shows them: re-sent segments by kind, duplicate ACKs,
 * keep-alives, zero windows and sequence gaps the capture never saw. The rules are the
 * table in loss.c; docs/reference.md explains them. */
#ifndef TCPSTATE_LOSS_H
#define TCPSTATE_LOSS_H

#include <glib.h>

#include "segment.h"

/* Why a segment that starts below its direction's highest sequence number was sent again
 * (or was late). One kind per such segment; the kinds of a direction add up to its
 * re-sent segments (ts_conn_retrans). */
typedef enum ts_resend_kind {
    TS_RESEND_NONE = 0,
    TS_RESEND_SPURIOUS,     /* everything it carries was acknowledged before it was sent */
    TS_RESEND_FAST,         /* after duplicate ACKs pointing at it */
    TS_RESEND_OUT_OF_ORDER, /* late, not re-sent: came soon after the segments past it */
    TS_RESEND_TIMEOUT,      /* the first unacknowledged byte, after a silence */
    TS_RESEND_PROBE,        /* the tail of what was sent, first re-send since new data */
    TS_RESEND_OTHER,        /* no sign of why on the wire, or a further re-send of a
                             * recovery under way */
    TS_RESEND_KINDS
} ts_resend_kind;

/* "spurious", "fast", "out_of_order", "timeout", "probe", "other"; "" for none. */
const char *ts_resend_kind_name(ts_resend_kind k);

/* What a direction's segments showed. Allocated on the first of these events only: most
 * connections have none, and a capture may hold millions of connections. */
typedef struct ts_loss_dir {
    guint32 resent[TS_RESEND_KINDS]; /* [0] unused */
    guint32 dup_acks;         /* ACKs that repeat the previous one (see loss.c) */
    guint32 dup_ack_runs3;    /* runs of duplicate ACKs that reached 3 */
    guint32 keep_alives;
    guint32 zero_windows;     /* segments advertising a zero window */
    guint32 zero_window_probes;
    guint32 gaps;             /* segments that start past the highest sequence number */
    guint32 dsacks;           /* D-SACKs of the other side: its data received twice */
    guint32 window_fulls;     /* segments that filled the other side's window to its edge */
    guint32 capture_dups;     /* copies of a packet already captured (conn.c, capture_copy) */
    guint64 missed_bytes;     /* sequence space of those gaps: sent, never captured */
    guint64 repeat_bytes;     /* payload bytes sent again (in re-sends, probes, copies): the
                               * bytes figure is unique bytes plus these */
    double zero_window_time;  /* seconds its window stayed at 0, closed stretches */
    double zero_window_since; /* when the open stretch began (seconds after the connection's
                               * start), while zero_window_open */
    gboolean zero_window_open;
} ts_loss_dir;

typedef struct ts_loss {
    ts_loss_dir dir[2];
} ts_loss;

/* The state the rules keep for every direction, events or not: 12 bytes. */
typedef struct ts_flow_dir {
    guint32 last_ack;        /* acknowledgement number of its latest segment */
    float next_seq_time;     /* when its highest sequence number was sent, seconds after the
                              * connection's start (float: 0.1 ms at a day) */
    guint16 last_win_raw;    /* window field of its latest segment */
    guint8 dup_run;          /* duplicate ACKs in a row, up to 255 */
    guint8 bits;             /* TS_FLOW_* */
} ts_flow_dir;

#define TS_FLOW_ACK_SEEN 0x01    /* last_ack holds a sent acknowledgement number */
#define TS_FLOW_SEEN 0x02        /* the direction sent a segment the rules looked at */
#define TS_FLOW_KEEP_ALIVE 0x04  /* its latest segment was a keep-alive */
#define TS_FLOW_ZW_PROBE 0x08    /* its latest segment was a zero-window probe */
#define TS_FLOW_RESENDING 0x10   /* it re-sent something since it last sent new data */
#define TS_FLOW_SCALED 0x20      /* its window field is scaled: it sent an ACK since its SYN */

/* What the rules said of one segment, for the per-packet fields. */
typedef struct ts_loss_result {
    guint8 resend;           /* ts_resend_kind */
    guint8 keep_alive, zero_window, zero_window_probe;
    guint16 dup_ack;         /* its number in a run of duplicate ACKs, 0 when not one */
    guint8 dsack;            /* it reports data received twice (D-SACK) */
    guint8 window_full;      /* it filled the other side's window to its edge */
    guint32 missed;          /* sequence space skipped just before it */
} ts_loss_result;

/* The inputs of the rules for one segment of direction d (not an RST, not a capture
 * duplicate), read before the connection's sequence state takes the segment in. */
typedef struct ts_loss_input {
    const ts_segment *s;
    guint32 end;                /* after the segment, SYN and FIN counting one */
    double since_start;         /* the segment's time minus the connection's start */
    double silence;             /* the segment's time minus the connection's previous packet */
    double ooo_threshold;       /* the handshake RTT, or 3 ms without one */
    gboolean next_seq_valid;
    guint32 next_seq;           /* the direction's highest sequence number sent, plus one */
    gboolean window_edge_known;
    guint32 window_edge;        /* the right edge of rev's latest window: its acknowledgement
                                 * number plus its window, scaled */
} ts_loss_input;

/* Applies the rules: updates fwd (the segment's direction) and reads rev; counts into
 * *loss (allocated when the first event comes). Returns in *out what the segment is. */
void ts_loss_segment(ts_loss **loss, int d, ts_flow_dir *fwd, const ts_flow_dir *rev,
                     const ts_loss_input *in, ts_loss_result *out);

/* The direction's highest sequence number advanced with this segment (called after
 * ts_loss_segment, for segments that are not zero-window probes). */
static inline void ts_flow_advanced(ts_flow_dir *fwd, double since_start)
{
    fwd->next_seq_time = (float)since_start;
    fwd->bits &= (guint8)~TS_FLOW_RESENDING;
}

void ts_loss_free(ts_loss **loss);

/* Direction d's counts, allocated when they are not yet. */
ts_loss_dir *ts_loss_counts(ts_loss **loss, int d);

/* Seconds the direction's window stayed at 0: the closed stretches, and a stretch still
 * open counted up to `last` (the connection's last packet, seconds after its start). */
static inline double ts_loss_zero_window_seconds(const ts_loss_dir *l, double last)
{
    return l->zero_window_time + (l->zero_window_open && last > l->zero_window_since ? last - l->zero_window_since : 0.0);
}

static inline guint64 ts_loss_resent_total(const ts_loss_dir *l)
{
    guint64 n = 0;
    for (int k = 1; k < TS_RESEND_KINDS; k++)
        n += l->resent[k];
    return n;
}

#endif

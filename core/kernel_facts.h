/* What the kernel events say about each connection, and about the events file, in the form the
 * renderers print. Filled from a trace by core/events/facts/kernel_conn.c; plain data here, so that
 * the renderers need nothing of the events library. */
#ifndef TCPSTATE_KERNEL_FACTS_H
#define TCPSTATE_KERNEL_FACTS_H

#include <glib.h>

/* One end of a connection: end 0 is the connection's source (sender of its first packet),
 * end 1 its destination. */
typedef struct ts_kernel_end {
    const char *comm;      /* the owning process; NULL when no event tells */
    gint32 pid;            /* as the trace gives it (ftrace: the thread id); -1 when unknown */
    guint32 owner_line;    /* line of the events file the owner comes from */
    guint events;          /* events attributed to this end's socket: 0 when the trace did not
                            * cover that host, and the figures below say nothing */
    guint retransmits;     /* tcp_retransmit_skb events of this end's socket */
    guint retransmits_failed; /* of those, attempts that did not leave the host (the event's
                               * err, Linux 6.11 on: the queueing discipline dropped it) */
    guint wire_resent;     /* segments the capture shows this end re-send (loss.c's kinds but
                            * out_of_order, which were late, not sent twice) */
    guint resent_both;     /* kernel retransmissions paired with one of those (kernel_resend.h) */
    guint probes;          /* tcp_probe events of this end's socket */
    guint32 max_cwnd;      /* largest snd_cwnd (segments) of those probes */
    double srtt_sum_us;    /* sum of their srtt (us) */
} ts_kernel_end;

typedef struct ts_kernel_state_change {
    double time;           /* aligned, seconds since the capture's first packet */
    guint8 end;
    const char *from;      /* "ESTABLISHED", ...; NULL when the event does not say (eBPF rows) */
    const char *to;
} ts_kernel_state_change;

typedef struct ts_kernel_conn {
    guint32 stream;
    guint n_events;        /* events attributed to the connection */
    ts_kernel_end end[2];
    ts_kernel_state_change *states; /* time order */
    guint n_states;
} ts_kernel_conn;

/* The events file and how well it lines up with the capture. */
typedef struct ts_kernel_summary {
    const char *file;
    const char *format;
    guint events, lines, bad_lines, lost;
    guint cut;             /* CTF streams that could not be read to their end */
    gboolean aligned, manual;
    gint64 offset_ns;      /* capture epoch - kernel clock, at the fit's reference */
    double drift_ppm;
    guint anchors, outliers;
    double residual_median_us, residual_max_us;
    guint applicable, matched, outside;
    const char *describe;  /* the glue's own account of alignment and matching, or NULL */
    const char *mismatch;  /* why the events do not fit the capture (none is shown), or NULL */
} ts_kernel_summary;

typedef struct ts_kernel_conns ts_kernel_conns;

/* What the renderers take; NULL means no events file (the output is then unchanged). */
typedef struct ts_kernel_report {
    ts_kernel_summary summary;
    const ts_kernel_conns *conns; /* NULL when the clocks could not be aligned */
} ts_kernel_report;

ts_kernel_conns *ts_kernel_conns_new(void);
void ts_kernel_conns_free(ts_kernel_conns *kc);
/* The connection of that stream, created empty (pids -1) on first use. */
ts_kernel_conn *ts_kernel_conns_get(ts_kernel_conns *kc, guint32 stream);
/* NULL when no event was attributed to the stream. */
const ts_kernel_conn *ts_kernel_conns_lookup(const ts_kernel_conns *kc, guint32 stream);
guint ts_kernel_conns_count(const ts_kernel_conns *kc);
/* A copy owned by kc. */
const char *ts_kernel_conns_intern(ts_kernel_conns *kc, const char *s);
void ts_kernel_conn_add_state(ts_kernel_conns *kc, ts_kernel_conn *c, double time, guint8 end,
                              const char *from, const char *to);

double ts_kernel_end_mean_srtt_us(const ts_kernel_end *e);
/* Retransmissions the kernel sent that the capture shows no re-send for (lost before the
 * capture point, or not captured), and re-sends on the wire the kernel has no retransmission
 * for (a re-send of another host, a copy the network made); FALSE when the trace does not
 * cover this end. */
static inline gboolean ts_kernel_end_resend_gaps(const ts_kernel_end *e, guint *kernel_only, guint *wire_only)
{
    *kernel_only = e->retransmits - e->retransmits_failed - e->resent_both;
    *wire_only = e->wire_resent - e->resent_both;
    return e->events > 0;
}
/* Over both ends' probes; FALSE when there were none. */
gboolean ts_kernel_conn_srtt(const ts_kernel_conn *c, guint32 *max_cwnd, double *mean_srtt_us);
double ts_kernel_summary_match_rate(const ts_kernel_summary *s);
/* "1795358380.226780000" (ns exactly, sign first when negative); buf of 32 bytes. */
const char *ts_kernel_offset_str(gint64 offset_ns, char *buf, gsize len);

#endif

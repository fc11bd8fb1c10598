#include "loss_figures.h"

static const ts_loss_dir none;

static const ts_loss_dir *of(const ts_conn *c, int d)
{
    return c->loss ? &c->loss->dir[d] : &none;
}

static guint64 retrans(const ts_conn *c, int d) { return ts_conn_retrans(c, d); }
static guint64 spurious(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_SPURIOUS]; }
static guint64 fast(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_FAST]; }
static guint64 out_of_order(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_OUT_OF_ORDER]; }
static guint64 timeout(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_TIMEOUT]; }
static guint64 probe(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_PROBE]; }
static guint64 other(const ts_conn *c, int d) { return of(c, d)->resent[TS_RESEND_OTHER]; }
static guint64 dup_acks(const ts_conn *c, int d) { return of(c, d)->dup_acks; }
static guint64 dsacks(const ts_conn *c, int d) { return of(c, d)->dsacks; }
static guint64 dup_ack_runs3(const ts_conn *c, int d) { return of(c, d)->dup_ack_runs3; }
static guint64 keep_alives(const ts_conn *c, int d) { return of(c, d)->keep_alives; }
static guint64 zero_windows(const ts_conn *c, int d) { return of(c, d)->zero_windows; }
static guint64 zero_window_probes(const ts_conn *c, int d) { return of(c, d)->zero_window_probes; }
static guint64 window_fulls(const ts_conn *c, int d) { return of(c, d)->window_fulls; }
static guint64 gaps(const ts_conn *c, int d) { return of(c, d)->gaps; }
static guint64 missed_bytes(const ts_conn *c, int d) { return of(c, d)->missed_bytes; }
static double zero_window_time(const ts_conn *c, int d)
{
    return ts_loss_zero_window_seconds(of(c, d), ts_conn_duration(c));
}

/* retransmissions is the sum of the six kinds after it. */
const ts_loss_figure ts_loss_figures[] = {
    {"retransmissions", "Re-sent or late segments", retrans, NULL},
    {"retrans_spurious", "  spurious (already acknowledged)", spurious, NULL},
    {"retrans_fast", "  fast (after duplicate ACKs)", fast, NULL},
    {"retrans_out_of_order", "  out of order (late, not re-sent)", out_of_order, NULL},
    {"retrans_timeout", "  timeout (after silence)", timeout, NULL},
    {"retrans_probe", "  tail loss probe", probe, NULL},
    {"retrans_other", "  other", other, NULL},
    {"dsacks", "Reported received twice (D-SACK)", dsacks, NULL},
    {"dup_acks", "Duplicate ACKs", dup_acks, NULL},
    {"dup_ack_runs3", "Runs of 3 or more duplicate ACKs", dup_ack_runs3, NULL},
    {"keep_alives", "Keep-alives", keep_alives, NULL},
    {"zero_windows", "Zero-window advertisements", zero_windows, NULL},
    {"zero_window_probes", "Zero-window probes", zero_window_probes, NULL},
    {"zero_window_seconds", "Time at zero window (seconds)", NULL, zero_window_time},
    {"window_full", "Window full (sent up to the receiver's window)", window_fulls, NULL},
    {"gaps", "Sequence gaps (sent, never captured)", gaps, NULL},
    {"missed_bytes", "Missed bytes (in those gaps)", missed_bytes, NULL},
};
const guint ts_loss_figure_count = G_N_ELEMENTS(ts_loss_figures);

const char *ts_loss_figure_str(const ts_loss_figure *f, const ts_conn *c, int d, char *buf, gsize len)
{
    if (f->get)
        g_snprintf(buf, len, "%" G_GUINT64_FORMAT, f->get(c, d));
    else
        g_snprintf(buf, len, "%.6f", f->seconds(c, d));
    return buf;
}

const char *ts_loss_figure_total_str(const ts_loss_figure *f, const ts_conn *c, char *buf, gsize len)
{
    if (f->get)
        g_snprintf(buf, len, "%" G_GUINT64_FORMAT, f->get(c, 0) + f->get(c, 1));
    else
        g_snprintf(buf, len, "%.6f", f->seconds(c, 0) + f->seconds(c, 1));
    return buf;
}

gboolean ts_loss_figure_nonzero(const ts_loss_figure *f, const ts_conn *c, int d)
{
    return f->get ? f->get(c, d) != 0 : f->seconds(c, d) != 0.0;
}

gboolean ts_loss_any(const ts_conn *c)
{
    if (!c->loss)
        return FALSE;
    for (guint i = 0; i < ts_loss_figure_count; i++)
        if (ts_loss_figure_nonzero(&ts_loss_figures[i], c, 0) || ts_loss_figure_nonzero(&ts_loss_figures[i], c, 1))
            return TRUE;
    return FALSE;
}

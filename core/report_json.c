/* {"connections": [...], "summary": {...}}; times in seconds, null where no value exists. */
#include "flight_figures.h"
#include "loss_figures.h"
#include "report.h"
#include "report_kernel.h"
#include "summary.h"

static void num_or_null(FILE *out, gboolean have, double v)
{
    if (have)
        fprintf(out, "%.9g", v);
    else
        fputs("null", out);
}

static void triple(FILE *out, const char *name, gboolean have, double min, double mean, double max)
{
    fprintf(out, "\"%s\": {\"min\": ", name);
    num_or_null(out, have, min);
    fputs(", \"mean\": ", out);
    num_or_null(out, have, mean);
    fputs(", \"max\": ", out);
    num_or_null(out, have, max);
    fputs("}", out);
}

static void acc(FILE *out, const char *name, const ts_acc *a)
{
    triple(out, name, a->n > 0, a->min, ts_acc_mean(a), a->max);
}

static void dirs(FILE *out, const char *name, guint64 a, guint64 b)
{
    fprintf(out,
            "\"%s\": {\"src_to_dst\": %" G_GUINT64_FORMAT ", \"dst_to_src\": %" G_GUINT64_FORMAT
            ", \"total\": %" G_GUINT64_FORMAT "}",
            name, a, b, a + b);
}

/* Bytes per second each way and both (ts_conn_rate), 3 decimals. */
static void rates(FILE *out, const char *name, const ts_conn *c, guint64 a, guint64 b)
{
    fprintf(out, "\"%s\": {\"src_to_dst\": %.3f, \"dst_to_src\": %.3f, \"total\": %.3f}", name,
            ts_conn_rate(c, a), ts_conn_rate(c, b), ts_conn_rate(c, a + b));
}

static const char *jbool(gboolean b)
{
    return b ? "true" : "false";
}

static void conn(FILE *out, const ts_conn *c, const ts_kernel_report *k)
{
    char a[TS_ADDR_STRLEN], b[TS_ADDR_STRLEN], st[TS_STATUS_LEN];
    fprintf(out,
            "{\"stream\": %u, \"src\": \"%s\", \"sport\": %u, \"dst\": \"%s\", \"dport\": %u, "
            "\"status\": \"%s\", \"syn\": %u, \"fin\": %u, \"reset\": %s, \"complete\": %s, "
            "\"open\": %s, \"before_capture\": %s, \"start\": %.6f, \"end\": %.6f, \"duration\": %.6f, ",
            c->stream, ts_addr_to_str(c->src, a, sizeof a), c->sport, ts_addr_to_str(c->dst, b, sizeof b),
            c->dport, ts_conn_status(c, st, sizeof st), c->syn, c->fin, jbool(ts_conn_reset(c)),
            jbool(ts_conn_complete(c)), jbool(ts_conn_open(c)), jbool(ts_conn_before_capture(c)), c->start,
            c->end, ts_conn_duration(c));
    dirs(out, "packets", c->dir[0].packets, c->dir[1].packets);
    fputs(", ", out);
    dirs(out, "bytes", ts_conn_dir_bytes(c, 0), ts_conn_dir_bytes(c, 1));
    fputs(", ", out);
    dirs(out, "unique_bytes", c->dir[0].unique_bytes, c->dir[1].unique_bytes);
    fputs(", ", out);
    dirs(out, "capture_duplicates", ts_conn_capture_dups(c, 0), ts_conn_capture_dups(c, 1));
    fputs(", \"loss\": {", out);
    for (guint i = 0; i < ts_loss_figure_count; i++) {
        const ts_loss_figure *f = &ts_loss_figures[i];
        if (i)
            fputs(", ", out);
        char v0[32], v1[32], vt[32];
        fprintf(out, "\"%s\": {\"src_to_dst\": %s, \"dst_to_src\": %s, \"total\": %s}", f->name,
                ts_loss_figure_str(f, c, 0, v0, sizeof v0), ts_loss_figure_str(f, c, 1, v1, sizeof v1),
                ts_loss_figure_total_str(f, c, vt, sizeof vt));
    }
    fputs("}, \"time\": {\"ttfb\": ", out);
    num_or_null(out, ts_conn_has_ttfb(c), c->ttfb);
    fprintf(out, ", \"idle_max\": %.6f, ", c->idle_max);
    rates(out, "throughput", c, ts_conn_dir_bytes(c, 0), ts_conn_dir_bytes(c, 1));
    fputs(", ", out);
    rates(out, "goodput", c, c->dir[0].unique_bytes, c->dir[1].unique_bytes);
    fputs("}, \"flow\": {", out);
    for (guint i = 0; i < ts_flight_figure_count; i++) {
        const ts_flight_figure *f = &ts_flight_figures[i];
        char v0[16], v1[16];
        fprintf(out, "%s\"%s\": {\"src_to_dst\": %s, \"dst_to_src\": %s}", i ? ", " : "", f->name,
                ts_flight_figure_str(f, c, 0, TS_FIGURE_JSON, v0, sizeof v0),
                ts_flight_figure_str(f, c, 1, TS_FIGURE_JSON, v1, sizeof v1));
    }
    fputs("}", out);
    fprintf(out, ", \"rtt\": {\"samples\": %" G_GUINT64_FORMAT ", \"min\": ", c->rtt.n);
    num_or_null(out, c->rtt.n, c->rtt.min);
    fputs(", \"mean\": ", out);
    num_or_null(out, c->rtt.n, ts_acc_mean(&c->rtt));
    fputs(", \"max\": ", out);
    num_or_null(out, c->rtt.n, c->rtt.max);
    fputs(", \"stddev\": ", out);
    num_or_null(out, c->rtt.n > 1, ts_acc_stddev(&c->rtt));
    fputs(", \"handshake\": ", out);
    num_or_null(out, c->handshake_rtt >= 0, c->handshake_rtt);
    fputs("}, ", out);
    guint32 nw = ts_conn_window_samples(c);
    triple(out, "window", nw > 0, c->win_min, nw ? (double)c->win_sum / nw : 0, c->win_max);
    fputs(", ", out);
    triple(out, "window_raw", nw > 0, c->raw_min, nw ? (double)c->raw_sum / nw : 0, c->raw_max);
    if (k)
        ts_report_kernel_json_conn(out, c, k);
    fputs("}", out);
}

void ts_report_json(const ts_table *t, const ts_kernel_report *k, FILE *out)
{
    ts_summary s;
    ts_summary_compute(t, &s);
    guint n = ts_table_count(t);
    fputs("{\"connections\": [", out);
    for (guint i = 0; i < n; i++) {
        fputs(i ? ",\n  " : "\n  ", out);
        conn(out, ts_table_nth(t, i), k);
    }
    fprintf(out,
            "\n], \"summary\": {\"total\": %u, \"complete\": %u, \"reset\": %u, \"open\": %u, "
            "\"before_capture\": %u, ",
            s.total, s.complete, s.reset, s.open, s.before_capture);
    acc(out, "duration", &s.duration);
    fputs(", ", out);
    acc(out, "rtt", &s.rtt);
    fputs(", \"rtt_stddev\": ", out);
    num_or_null(out, s.rtt.n > 1, ts_acc_stddev(&s.rtt));
    fputs(", ", out);
    acc(out, "packets", &s.packets);
    fputs(", ", out);
    acc(out, "window", &s.window);
    if (k)
        ts_report_kernel_json_summary(out, k);
    fputs("}}\n", out);
}

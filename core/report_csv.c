/* One row per connection, header first; empty cells where a value does not exist. */
#include "flight_figures.h"
#include "loss_figures.h"
#include "report.h"
#include "report_kernel.h"

static void opt(FILE *out, gboolean have, double v)
{
    if (have)
        fprintf(out, ",%.6f", v);
    else
        fputs(",", out);
}

void ts_report_csv(const ts_table *t, const ts_kernel_report *k, FILE *out)
{
    fputs("stream,src,sport,dst,dport,status,syn,fin,reset,complete,open,before_capture,"
          "start,end,duration,packets_src_to_dst,packets_dst_to_src,packets_total,"
          "bytes_src_to_dst,bytes_dst_to_src,bytes_total,"
          "unique_bytes_src_to_dst,unique_bytes_dst_to_src,unique_bytes_total,"
          "rtt_samples,rtt_min,rtt_mean,rtt_max,handshake_rtt,"
          "window_min,window_mean,window_max,window_raw_min,window_raw_mean,window_raw_max,"
          "capture_duplicates_src_to_dst,capture_duplicates_dst_to_src,capture_duplicates_total",
          out);
    for (guint i = 0; i < ts_loss_figure_count; i++) {
        const char *n = ts_loss_figures[i].name;
        fprintf(out, ",%s_src_to_dst,%s_dst_to_src,%s_total", n, n, n);
    }
    fputs(",ttfb,idle_max,throughput_src_to_dst,throughput_dst_to_src,throughput_total,"
          "goodput_src_to_dst,goodput_dst_to_src,goodput_total,rtt_stddev",
          out);
    for (guint i = 0; i < ts_flight_figure_count; i++) {
        const char *n = ts_flight_figures[i].name;
        fprintf(out, ",%s_src_to_dst,%s_dst_to_src", n, n);
    }
    if (k)
        ts_report_kernel_csv_header(out);
    fputc('\n', out);
    guint n = ts_table_count(t);
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        char a[TS_ADDR_STRLEN], b[TS_ADDR_STRLEN], st[TS_STATUS_LEN];
        guint32 pk = ts_conn_packets(c);
        fprintf(out,
                "%u,%s,%u,%s,%u,%s,%u,%u,%u,%d,%d,%d,%.6f,%.6f,%.6f,%u,%u,%u,"
                "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ","
                "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                c->stream, ts_addr_to_str(c->src, a, sizeof a), c->sport,
                ts_addr_to_str(c->dst, b, sizeof b), c->dport, ts_conn_status(c, st, sizeof st),
                c->syn, c->fin, c->rst, ts_conn_complete(c), ts_conn_open(c), ts_conn_before_capture(c),
                c->start, c->end, ts_conn_duration(c), c->dir[0].packets, c->dir[1].packets, pk,
                ts_conn_dir_bytes(c, 0), ts_conn_dir_bytes(c, 1), ts_conn_bytes(c), c->dir[0].unique_bytes,
                c->dir[1].unique_bytes, c->dir[0].unique_bytes + c->dir[1].unique_bytes, c->rtt.n);
        opt(out, c->rtt.n, c->rtt.min);
        opt(out, c->rtt.n, ts_acc_mean(&c->rtt));
        opt(out, c->rtt.n, c->rtt.max);
        opt(out, c->handshake_rtt >= 0, c->handshake_rtt);
        guint32 nw = ts_conn_window_samples(c);
        if (nw)
            fprintf(out, ",%u,%.3f,%u,%u,%.3f,%u", c->win_min, (double)c->win_sum / nw, c->win_max,
                    c->raw_min, (double)c->raw_sum / nw, c->raw_max);
        else
            fputs(",,,,,,", out);
        fprintf(out, ",%u,%u,%u", ts_conn_capture_dups(c, 0), ts_conn_capture_dups(c, 1),
                ts_conn_capture_dups(c, 0) + ts_conn_capture_dups(c, 1));
        for (guint j = 0; j < ts_loss_figure_count; j++) {
            const ts_loss_figure *f = &ts_loss_figures[j];
            char v0[32], v1[32], vt[32];
            fprintf(out, ",%s,%s,%s", ts_loss_figure_str(f, c, 0, v0, sizeof v0),
                    ts_loss_figure_str(f, c, 1, v1, sizeof v1), ts_loss_figure_total_str(f, c, vt, sizeof vt));
        }
        opt(out, ts_conn_has_ttfb(c), c->ttfb);
        fprintf(out, ",%.6f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f", c->idle_max, ts_conn_rate(c, ts_conn_dir_bytes(c, 0)),
                ts_conn_rate(c, ts_conn_dir_bytes(c, 1)), ts_conn_rate(c, ts_conn_bytes(c)),
                ts_conn_rate(c, c->dir[0].unique_bytes), ts_conn_rate(c, c->dir[1].unique_bytes),
                ts_conn_rate(c, c->dir[0].unique_bytes + c->dir[1].unique_bytes));
        opt(out, c->rtt.n > 1, ts_acc_stddev(&c->rtt));
        for (guint j = 0; j < ts_flight_figure_count; j++) {
            const ts_flight_figure *f = &ts_flight_figures[j];
            char v0[16], v1[16];
            fprintf(out, ",%s,%s", ts_flight_figure_str(f, c, 0, TS_FIGURE_CSV, v0, sizeof v0),
                    ts_flight_figure_str(f, c, 1, TS_FIGURE_CSV, v1, sizeof v1));
        }
        if (k)
            ts_report_kernel_csv_row(out, c, k);
        fputc('\n', out);
    }
}

/* The report laid out as in the TCP-analysis assignment: A) total, B) per connection
 * ending in END, C) counts, D) min/mean/max over complete connections; then E) kernel events
 * (with an events file), F) capture duplicates and G) loss and ordering (each when there
 * is any), H) time, I) handshake and flow, J) retransmissions, kernel and wire (with an events
 * file). */
#include "report.h"
#include "fixed_format.h"
#include "flight_figures.h"
#include "loss_figures.h"
#include "report_kernel.h"
#include "summary.h"
#include "text_buf.h"

/* Counts (packets, window) have whole minima and maxima: minmax_decimals is 0 for them. */
static void print_acc(FILE *out, const char *what, const char *unit, const ts_acc *a,
                      int minmax_decimals, int mean_decimals)
{
    static const char *names[3] = {"Minimum", "Mean", "Maximum"};
    double v[3] = {a->min, ts_acc_mean(a), a->max};
    for (int i = 0; i < 3; i++) {
        int decimals = i == 1 ? mean_decimals : minmax_decimals;
        if (a->n)
            fprintf(out, "%s %s: %.*f%s\n", names[i], what, decimals, v[i], unit);
        else
            fprintf(out, "%s %s: n/a\n", names[i], what);
    }
}

/* The connection blocks go through a text_buf.h buffer: printf's or a GString's cost per
 * piece outweighed the rest of the report on captures of many connections. A line is a
 * literal label, one value and its unit. */
#define LINE_STR(b, label, v) (ts_text_lit(b, label), ts_text_str(b, v), ts_text_lit(b, "\n"))
#define LINE_UINT(b, label, v) (ts_text_lit(b, label), ts_text_uint(b, v), ts_text_lit(b, "\n"))
#define LINE_SECONDS(b, label, v) \
    (ts_text_lit(b, label), ts_text_fixed(b, v, 6), ts_text_lit(b, " seconds\n"))

/* "Connection N:" with N the connection's tcp.stream, the number of the dialog's Conn
 * column, tcpstate.conn and the CSV and JSON reports' stream. */
static void print_conn(ts_text_buf *b, const ts_conn *c, const ts_kernel_report *k)
{
    char a[TS_ADDR_STRLEN], st[TS_STATUS_LEN];
    ts_text_lit(b, "Connection ");
    ts_text_uint(b, c->stream);
    ts_text_lit(b, ":\n");
    LINE_STR(b, "Source Address: ", ts_addr_to_str(c->src, a, sizeof a));
    LINE_STR(b, "Destination address: ", ts_addr_to_str(c->dst, a, sizeof a));
    LINE_UINT(b, "Source Port: ", c->sport);
    LINE_UINT(b, "Destination Port: ", c->dport);
    LINE_STR(b, "Status: ", ts_conn_status(c, st, sizeof st));
    if (ts_conn_complete(c)) {
        LINE_SECONDS(b, "Start time: ", c->start);
        LINE_SECONDS(b, "End Time: ", c->end);
        LINE_SECONDS(b, "Duration: ", ts_conn_duration(c));
        LINE_UINT(b, "Number of packets sent from Source to Destination: ", c->dir[0].packets);
        LINE_UINT(b, "Number of packets sent from Destination to Source: ", c->dir[1].packets);
        LINE_UINT(b, "Total number of packets: ", ts_conn_packets(c));
        LINE_UINT(b, "Number of data bytes sent from Source to Destination: ", ts_conn_dir_bytes(c, 0));
        LINE_UINT(b, "Number of data bytes sent from Destination to Source: ", ts_conn_dir_bytes(c, 1));
        LINE_UINT(b, "Total number of data bytes: ", ts_conn_bytes(c));
        ts_text_lit(b, "RTT samples: ");
        ts_text_uint(b, c->rtt.n);
        if (c->rtt.n) {
            ts_text_lit(b, ", min ");
            ts_text_fixed(b, c->rtt.min, 6);
            ts_text_lit(b, ", mean ");
            ts_text_fixed(b, ts_acc_mean(&c->rtt), 6);
            ts_text_lit(b, ", max ");
            ts_text_fixed(b, c->rtt.max, 6);
            ts_text_lit(b, " seconds");
        }
        ts_text_lit(b, "\n");
        if (c->handshake_rtt >= 0)
            LINE_SECONDS(b, "Handshake RTT: ", c->handshake_rtt);
        ts_text_lit(b, "Receive window: min ");
        ts_text_uint(b, c->win_min);
        ts_text_lit(b, ", mean ");
        ts_text_fixed(b, ts_conn_window_samples(c) ? (double)c->win_sum / ts_conn_window_samples(c) : 0, 1);
        ts_text_lit(b, ", max ");
        ts_text_uint(b, c->win_max);
        ts_text_lit(b, " bytes\n");
    }
    if (k) {
        ts_text_flush(b);
        ts_report_kernel_text_conn(b->out, c, k);
    }
    ts_text_lit(b, "END\n");
}

/* Section F, only when some packet was captured more than once (conn.c, capture_copy). */
static void print_capture_dups(FILE *out, const ts_table *t)
{
    guint n = ts_table_count(t);
    guint64 total = 0;
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        total += (guint64)ts_conn_capture_dups(c, 0) + ts_conn_capture_dups(c, 1);
    }
    if (total == 0)
        return;
    fputs("\nF) Capture duplicates (packets captured more than once: counted as packets, not as "
          "retransmissions):\n\n",
          out);
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        if (ts_conn_capture_dups(c, 0) + ts_conn_capture_dups(c, 1))
            fprintf(out, "Connection %u: %u from source, %u from destination\n", c->stream, ts_conn_capture_dups(c, 0),
                    ts_conn_capture_dups(c, 1));
    }
    fprintf(out, "Total: %" G_GUINT64_FORMAT "\n", total);
    fputs("___________________________________________________\n", out);
}

/* Section G, only when some connection re-sent a segment or showed another loss or ordering
 * figure (loss.c): per connection with any, the figures that are not zero, each way. */
static void print_loss(FILE *out, const ts_table *t)
{
    guint n = ts_table_count(t), with = 0;
    for (guint i = 0; i < n; i++)
        with += ts_loss_any(ts_table_nth(t, i));
    if (with == 0)
        return;
    fputs("\nG) Loss and ordering, as the capture shows them (source to destination / back):\n\n", out);
    guint64 total[2][32] = {{0}};
    double seconds[2][32] = {{0}};
    g_assert(ts_loss_figure_count <= 32);
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        if (!ts_loss_any(c))
            continue;
        fprintf(out, "Connection %u, loss and ordering:\n", c->stream);
        for (guint j = 0; j < ts_loss_figure_count; j++) {
            const ts_loss_figure *f = &ts_loss_figures[j];
            char a[32], b[32];
            for (int d = 0; d < 2; d++) {
                if (f->get)
                    total[d][j] += f->get(c, d);
                else
                    seconds[d][j] += f->seconds(c, d);
            }
            if (ts_loss_figure_nonzero(f, c, 0) || ts_loss_figure_nonzero(f, c, 1))
                fprintf(out, "%s: %s / %s\n", f->label, ts_loss_figure_str(f, c, 0, a, sizeof a),
                        ts_loss_figure_str(f, c, 1, b, sizeof b));
        }
    }
    fprintf(out, "All %u connection%s with any:\n", with, with == 1 ? "" : "s");
    for (guint j = 0; j < ts_loss_figure_count; j++) {
        if (ts_loss_figures[j].get)
            fprintf(out, "%s: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT "\n", ts_loss_figures[j].label,
                    total[0][j], total[1][j]);
        else
            fprintf(out, "%s: %.6f / %.6f\n", ts_loss_figures[j].label, seconds[0][j], seconds[1][j]);
    }
    fputs("___________________________________________________\n", out);
}

/* Section H, when there is any connection: time to first byte, longest idle time,
 * throughput and goodput each way, a line per connection. */
static void print_time(FILE *out, const ts_table *t)
{
    guint n = ts_table_count(t);
    if (n == 0)
        return;
    fputs("\nH) Time (time to first byte: the source's first payload to the first payload back; "
          "throughput and goodput: payload bytes, all and sent for the first time, per second of "
          "the connection, source to destination / back):\n\n",
          out);
    ts_text_buf *b = ts_text_buf_new(out); /* printf's float formatting is slow */
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        ts_text_lit(b, "Connection ");
        ts_text_uint(b, c->stream);
        ts_text_lit(b, ": time to first byte ");
        if (ts_conn_has_ttfb(c)) {
            ts_text_fixed(b, c->ttfb, 6);
            ts_text_lit(b, " s");
        } else {
            ts_text_lit(b, "n/a");
        }
        ts_text_lit(b, ", longest idle ");
        ts_text_fixed(b, c->idle_max, 6);
        ts_text_lit(b, " s, throughput ");
        ts_text_fixed(b, ts_conn_rate(c, ts_conn_dir_bytes(c, 0)), 3);
        ts_text_lit(b, " / ");
        ts_text_fixed(b, ts_conn_rate(c, ts_conn_dir_bytes(c, 1)), 3);
        ts_text_lit(b, " B/s, goodput ");
        ts_text_fixed(b, ts_conn_rate(c, c->dir[0].unique_bytes), 3);
        ts_text_lit(b, " / ");
        ts_text_fixed(b, ts_conn_rate(c, c->dir[1].unique_bytes), 3);
        ts_text_lit(b, " B/s, RTT standard deviation ");
        if (c->rtt.n > 1) {
            ts_text_fixed(b, ts_acc_stddev(&c->rtt), 6);
            ts_text_lit(b, " s\n");
        } else {
            ts_text_lit(b, "n/a\n");
        }
    }
    ts_text_lit(b, "___________________________________________________\n");
    ts_text_buf_free(b);
}

/* Section I, when there is any connection: what each side's SYN offered, its first flight
 * and the most bytes it had in flight, a line per connection. */
static void print_flight(FILE *out, const ts_table *t)
{
    guint n = ts_table_count(t);
    if (n == 0)
        return;
    fputs("\nI) Handshake and flow (each side's SYN options, first flight: new payload sent within one "
          "handshake RTT of the first; most bytes sent and not yet acknowledged; source to destination / "
          "back):\n\n",
          out);
    ts_text_buf *b = ts_text_buf_new(out);
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        ts_text_lit(b, "Connection ");
        ts_text_uint(b, c->stream);
        ts_text_lit(b, ":");
        for (guint j = 0; j < ts_flight_figure_count; j++) {
            const ts_flight_figure *f = &ts_flight_figures[j];
            char v[16];
            ts_text_str(b, j ? ", " : " ");
            ts_text_str(b, f->label);
            ts_text_lit(b, " ");
            ts_text_str(b, ts_flight_figure_str(f, c, 0, TS_FIGURE_TEXT, v, sizeof v));
            ts_text_lit(b, " / ");
            ts_text_str(b, ts_flight_figure_str(f, c, 1, TS_FIGURE_TEXT, v, sizeof v));
        }
        ts_text_lit(b, "\n");
    }
    ts_text_lit(b, "___________________________________________________\n");
    ts_text_buf_free(b);
}

void ts_report_text(const ts_table *t, const ts_kernel_report *k, FILE *out)
{
    ts_summary s;
    ts_summary_compute(t, &s);
    guint n = ts_table_count(t);

    fprintf(out, "A) Total number of connections: %u\n", s.total);
    fputs("___________________________________________________\n\n", out);
    fputs("B) Connections' details:\n\n", out);
    ts_text_buf *b = ts_text_buf_new(out);
    for (guint i = 0; i < n; i++) {
        print_conn(b, ts_table_nth(t, i), k);
        if (i + 1 < n)
            ts_text_lit(b, "+++++++++++++++++++++++++++++++++\n");
        else
            ts_text_lit(b, "\n");
    }
    ts_text_buf_free(b);
    fputs("___________________________________________________\n\n", out);
    fprintf(out,
            "C) General\n\n"
            "Total number of complete TCP connections: %u\n"
            "Number of reset TCP connections: %u\n"
            "Number of TCP connections that were still open when the trace capture ended: %u\n"
            "Number of TCP connections established before the capture started: %u\n",
            s.complete, s.reset, s.open, s.before_capture);
    fputs("___________________________________________________\n\n", out);
    fputs("D) Complete TCP connections:\n\n", out);
    print_acc(out, "time duration", " seconds", &s.duration, 6, 6);
    fputc('\n', out);
    print_acc(out, "RTT value", " seconds", &s.rtt, 6, 6);
    fputc('\n', out);
    print_acc(out, "number of packets including both send/received", "", &s.packets, 0, 2);
    fputc('\n', out);
    print_acc(out, "receive window size including both send/received", " bytes", &s.window, 0, 2);
    fputs("___________________________________________________\n", out);
    if (k)
        ts_report_kernel_text_section(out, t, k);
    print_capture_dups(out, t);
    print_loss(out, t);
    print_time(out, t);
    print_flight(out, t);
    if (k)
        ts_report_kernel_text_resends(out, t, k);
}

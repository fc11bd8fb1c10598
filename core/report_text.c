/* The report laid out as in the TCP-analysis assignment: A) total, B) per connection
 * ending in END, C) counts, D) min/mean/max over complete connections. */
#include "report.h"
#include "report_kernel.h"
#include "summary.h"

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

static void print_conn(FILE *out, guint index, const ts_conn *c, const ts_kernel_report *k)
{
    char a[TS_ADDR_STRLEN], b[TS_ADDR_STRLEN], st[TS_STATUS_LEN];
    fprintf(out,
            "Connection %u:\n"
            "Source Address: %s\n"
            "Destination address: %s\n"
            "Source Port: %u\n"
            "Destination Port: %u\n"
            "Status: %s\n",
            index, ts_addr_to_str(&c->src, a, sizeof a), ts_addr_to_str(&c->dst, b, sizeof b),
            c->sport, c->dport, ts_conn_status(c, st, sizeof st));
    if (ts_conn_complete(c)) {
        fprintf(out,
                "Start time: %.6f seconds\n"
                "End Time: %.6f seconds\n"
                "Duration: %.6f seconds\n"
                "Number of packets sent from Source to Destination: %u\n"
                "Number of packets sent from Destination to Source: %u\n"
                "Total number of packets: %u\n"
                "Number of data bytes sent from Source to Destination: %" G_GUINT64_FORMAT "\n"
                "Number of data bytes sent from Destination to Source: %" G_GUINT64_FORMAT "\n"
                "Total number of data bytes: %" G_GUINT64_FORMAT "\n",
                c->start, c->end, ts_conn_duration(c), c->dir[0].packets, c->dir[1].packets,
                ts_conn_packets(c), c->dir[0].bytes, c->dir[1].bytes, ts_conn_bytes(c));
        if (c->rtt.n)
            fprintf(out, "RTT samples: %" G_GUINT64_FORMAT ", min %.6f, mean %.6f, max %.6f seconds\n",
                    c->rtt.n, c->rtt.min, ts_acc_mean(&c->rtt), c->rtt.max);
        else
            fprintf(out, "RTT samples: 0\n");
        if (c->handshake_rtt >= 0)
            fprintf(out, "Handshake RTT: %.6f seconds\n", c->handshake_rtt);
        fprintf(out, "Receive window: min %u, mean %.1f, max %u bytes\n", c->win_min,
                (double)c->win_sum / ts_conn_packets(c), c->win_max);
    }
    if (k)
        ts_report_kernel_text_conn(out, c, k);
    fputs("END\n", out);
}

void ts_report_text(const ts_table *t, const ts_kernel_report *k, FILE *out)
{
    ts_summary s;
    ts_summary_compute(t, &s);
    guint n = ts_table_count(t);

    fprintf(out, "A) Total number of connections: %u\n", s.total);
    fputs("___________________________________________________\n\n", out);
    fputs("B) Connections' details:\n\n", out);
    for (guint i = 0; i < n; i++) {
        print_conn(out, i + 1, ts_table_nth(t, i), k);
        fputs(i + 1 < n ? "+++++++++++++++++++++++++++++++++\n" : "\n", out);
    }
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
}

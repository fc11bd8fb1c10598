/* The report laid out as in the TCP-analysis assignment: A) total, B) per connection
 * ending in END, C) counts, D) min/mean/max over complete connections. */
#include "report.h"
#include "fixed_format.h"
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

/* The connection blocks are built in a buffer with the formatters of fixed_format.h and
 * written at once: printf's cost per connection outweighed the rest of the report. */
static void put(GString *b, const char *text)
{
    g_string_append(b, text);
}

static void put_uint(GString *b, guint64 v)
{
    char num[24];
    g_string_append_len(b, num, (gssize)ts_format_uint(num, v));
}

static void put_fixed(GString *b, double x, int decimals)
{
    char num[TS_FORMAT_FIXED_LEN];
    g_string_append_len(b, num, (gssize)ts_format_fixed(num, x, decimals));
}

static void print_conn(FILE *out, GString *b, guint index, const ts_conn *c, const ts_kernel_report *k)
{
    char a[TS_ADDR_STRLEN], st[TS_STATUS_LEN];
    g_string_truncate(b, 0);
    put(b, "Connection ");
    put_uint(b, index);
    put(b, ":\nSource Address: ");
    put(b, ts_addr_to_str(&c->src, a, sizeof a));
    put(b, "\nDestination address: ");
    put(b, ts_addr_to_str(&c->dst, a, sizeof a));
    put(b, "\nSource Port: ");
    put_uint(b, c->sport);
    put(b, "\nDestination Port: ");
    put_uint(b, c->dport);
    put(b, "\nStatus: ");
    put(b, ts_conn_status(c, st, sizeof st));
    put(b, "\n");
    if (ts_conn_complete(c)) {
        put(b, "Start time: ");
        put_fixed(b, c->start, 6);
        put(b, " seconds\nEnd Time: ");
        put_fixed(b, c->end, 6);
        put(b, " seconds\nDuration: ");
        put_fixed(b, ts_conn_duration(c), 6);
        put(b, " seconds\nNumber of packets sent from Source to Destination: ");
        put_uint(b, c->dir[0].packets);
        put(b, "\nNumber of packets sent from Destination to Source: ");
        put_uint(b, c->dir[1].packets);
        put(b, "\nTotal number of packets: ");
        put_uint(b, ts_conn_packets(c));
        put(b, "\nNumber of data bytes sent from Source to Destination: ");
        put_uint(b, c->dir[0].bytes);
        put(b, "\nNumber of data bytes sent from Destination to Source: ");
        put_uint(b, c->dir[1].bytes);
        put(b, "\nTotal number of data bytes: ");
        put_uint(b, ts_conn_bytes(c));
        put(b, "\nRTT samples: ");
        put_uint(b, c->rtt.n);
        if (c->rtt.n) {
            put(b, ", min ");
            put_fixed(b, c->rtt.min, 6);
            put(b, ", mean ");
            put_fixed(b, ts_acc_mean(&c->rtt), 6);
            put(b, ", max ");
            put_fixed(b, c->rtt.max, 6);
            put(b, " seconds");
        }
        put(b, "\n");
        if (c->handshake_rtt >= 0) {
            put(b, "Handshake RTT: ");
            put_fixed(b, c->handshake_rtt, 6);
            put(b, " seconds\n");
        }
        put(b, "Receive window: min ");
        put_uint(b, c->win_min);
        put(b, ", mean ");
        put_fixed(b, (double)c->win_sum / ts_conn_packets(c), 1);
        put(b, ", max ");
        put_uint(b, c->win_max);
        put(b, " bytes\n");
    }
    fwrite(b->str, 1, b->len, out);
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
    GString *b = g_string_sized_new(1024);
    for (guint i = 0; i < n; i++) {
        print_conn(out, b, i + 1, ts_table_nth(t, i), k);
        fputs(i + 1 < n ? "+++++++++++++++++++++++++++++++++\n" : "\n", out);
    }
    g_string_free(b, TRUE);
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

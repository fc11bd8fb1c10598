/* The renderers on a small hand-built table: exact lines, checked against the segments. */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"
#include "seg_builder.h"

typedef void (*render_fn)(const ts_table *, FILE *);

static char *render(const ts_table *t, render_fn fn)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(t, f);
    fclose(f);
    return buf;
}

/* One complete connection (S2F2, 0.5 s, 5 packets, 10 + 20 bytes) and one reset (S1F0/R). */
static ts_table *two_connections(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0}, g = {t, 1, 6, 5000, 443, 0};
    send_seg(&f, A_TO_B, 1.0, TS_SYN, 100, 0, 0, 1000);
    send_seg(&f, B_TO_A, 1.1, TS_SYN | TS_ACK, 200, 101, 0, 2000);
    send_seg(&f, A_TO_B, 1.2, TS_ACK | TS_PSH, 101, 201, 10, 1000);
    send_seg(&f, B_TO_A, 1.3, TS_FIN | TS_ACK, 201, 111, 20, 2000);
    send_seg(&f, A_TO_B, 1.5, TS_FIN | TS_ACK, 111, 222, 0, 1000);
    send_seg(&g, A_TO_B, 2.0, TS_SYN, 1, 0, 0, 500);
    send_seg(&g, B_TO_A, 2.25, TS_RST | TS_ACK, 0, 2, 0, 0);
    return t;
}

static void test_text(void)
{
    ts_table *t = two_connections();
    char *s = render(t, ts_report_text);
    g_assert_nonnull(strstr(s, "A) Total number of connections: 2\n"));
    g_assert_nonnull(strstr(s, "Connection 1:\nSource Address: 10.0.0.1\nDestination address: 10.0.0.2\n"
                               "Source Port: 40000\nDestination Port: 80\nStatus: S2F2\n"
                               "Start time: 1.000000 seconds\nEnd Time: 1.500000 seconds\n"
                               "Duration: 0.500000 seconds\n"));
    g_assert_nonnull(strstr(s, "Number of packets sent from Source to Destination: 3\n"));
    g_assert_nonnull(strstr(s, "Total number of data bytes: 30\n"));
    /* Only complete connections get details. */
    g_assert_nonnull(strstr(s, "Connection 2:\nSource Address: 2001:db8::1\nDestination address: 2001:db8::2\n"
                               "Source Port: 5000\nDestination Port: 443\nStatus: S1F0/R\nEND\n"));
    g_assert_nonnull(strstr(s, "Total number of complete TCP connections: 1\n"
                               "Number of reset TCP connections: 1\n"
                               "Number of TCP connections that were still open when the trace capture ended: 0\n"
                               "Number of TCP connections established before the capture started: 0\n"));
    g_assert_nonnull(strstr(s, "Minimum time duration: 0.500000 seconds\n"));
    g_assert_nonnull(strstr(s, "Mean number of packets including both send/received: 5.00\n"));
    g_assert_nonnull(strstr(s, "Maximum receive window size including both send/received: 2000 bytes\n"));
    /* Window mean over the 5 segments: (1000*3 + 2000*2) / 5 = 1400. */
    g_assert_nonnull(strstr(s, "Mean receive window size including both send/received: 1400.00 bytes\n"));
    free(s);
    ts_table_free(t);
}

static void test_csv(void)
{
    ts_table *t = two_connections();
    char *s = render(t, ts_report_csv);
    char **lines = g_strsplit(s, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4); /* header, 2 rows, "" after the last newline */
    /* RTT samples of stream 0: SYN 1.0->1.1 (0.1), SYN+ACK 1.1->1.2 (0.1), data 1.2->1.3
     * (0.1), FIN+data 1.3->1.5 (0.2): min 0.1, mean 0.125, max 0.2; handshake 0.2. */
    g_assert_cmpstr(lines[1], ==,
                    "0,10.0.0.1,40000,10.0.0.2,80,S2F2,2,2,0,1,0,0,1.000000,1.500000,0.500000,3,2,5,"
                    "10,20,30,10,20,30,4,0.100000,0.125000,0.200000,0.200000,"
                    "1000,1400.000,2000,1000,1400.000,2000");
    g_assert_true(g_str_has_prefix(lines[2], "1,2001:db8::1,5000,2001:db8::2,443,S1F0/R,1,0,1,0,0,0,"));
    g_strfreev(lines);
    free(s);
    ts_table_free(t);
}

static void test_json(void)
{
    ts_table *t = two_connections();
    char *s = render(t, ts_report_json);
    g_assert_nonnull(strstr(s, "\"status\": \"S1F0/R\", \"syn\": 1, \"fin\": 0, \"reset\": true, "
                               "\"complete\": false, \"open\": false, \"before_capture\": false"));
    g_assert_nonnull(strstr(s, "\"rtt\": {\"samples\": 4, \"min\": 0.1, \"mean\": 0.125, \"max\": 0.2, "
                               "\"handshake\": 0.2}"));
    /* The reset connection has one sample (SYN answered by the RST+ACK) and no handshake. */
    g_assert_nonnull(strstr(s, "\"handshake\": null"));
    g_assert_nonnull(strstr(s, "\"summary\": {\"total\": 2, \"complete\": 1, \"reset\": 1, \"open\": 0, "
                               "\"before_capture\": 0, \"duration\": {\"min\": 0.5, \"mean\": 0.5, \"max\": 0.5}"));
    free(s);
    ts_table_free(t);
}

static void test_empty_table(void)
{
    ts_table *t = ts_table_new();
    char *s = render(t, ts_report_json);
    g_assert_cmpstr(s, ==,
                    "{\"connections\": [\n], \"summary\": {\"total\": 0, \"complete\": 0, \"reset\": 0, "
                    "\"open\": 0, \"before_capture\": 0, \"duration\": {\"min\": null, \"mean\": null, "
                    "\"max\": null}, \"rtt\": {\"min\": null, \"mean\": null, \"max\": null}, "
                    "\"packets\": {\"min\": null, \"mean\": null, \"max\": null}, "
                    "\"window\": {\"min\": null, \"mean\": null, \"max\": null}}}\n");
    free(s);
    s = render(t, ts_report_text);
    g_assert_nonnull(strstr(s, "A) Total number of connections: 0\n"));
    g_assert_nonnull(strstr(s, "Minimum RTT value: n/a\n"));
    free(s);
    ts_table_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/text", test_text);
    g_test_add_func("/report/csv", test_csv);
    g_test_add_func("/report/json", test_json);
    g_test_add_func("/report/empty_table", test_empty_table);
    return g_test_run();
}

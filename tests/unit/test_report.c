/* The renderers on a small hand-built table: exact lines, checked against the segments. */
#include <stdio.h>
#include <stdlib.h>

#include "process_rollup.h"
#include "report.h"
#include "seg_builder.h"

typedef void (*render_fn)(const ts_table *, const ts_kernel_report *, FILE *);

static char *render_k(const ts_table *t, const ts_kernel_report *k, render_fn fn)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(t, k, f);
    fclose(f);
    return buf;
}

static char *render(const ts_table *t, render_fn fn)
{
    return render_k(t, NULL, fn);
}

/* One complete connection (S2F2, 0.5 s, 5 packets, 10 + 20 bytes) and one reset (S1F0/R). */
static ts_table *two_connections(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0}, g = {t, 1, 6, 5000, 443, 0, 0};
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
    /* "Connection N:" with N the stream (0 and 1 in two_connections()), as tcp.stream counts. */
    g_assert_nonnull(strstr(s, "Connection 0:\nSource Address: 10.0.0.1\nDestination address: 10.0.0.2\n"
                               "Source Port: 40000\nDestination Port: 80\nStatus: S2F2\n"
                               "Start time: 1.000000 seconds\nEnd Time: 1.500000 seconds\n"
                               "Duration: 0.500000 seconds\n"));
    g_assert_nonnull(strstr(s, "Number of packets sent from Source to Destination: 3\n"));
    g_assert_nonnull(strstr(s, "Total number of data bytes: 30\n"));
    /* Only complete connections get details. */
    g_assert_nonnull(strstr(s, "Connection 1:\nSource Address: 2001:db8::1\nDestination address: 2001:db8::2\n"
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

/* The number is the stream's, not the connection's place: a filtered report (streams 3 and 9
 * only) says "Connection 3" and "Connection 9", like the CSV's and JSON's stream. */
static void test_text_numbers_are_streams(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 3, 4, 40000, 80, 0, 0}, g = {t, 9, 4, 40001, 80, 0, 0};
    send_seg(&f, A_TO_B, 1.0, TS_SYN, 100, 0, 0, 1000);
    send_seg(&g, A_TO_B, 2.0, TS_SYN, 1, 0, 0, 500);
    char *s = render(t, ts_report_text);
    g_assert_nonnull(strstr(s, "B) Connections' details:\n\nConnection 3:\n"));
    g_assert_nonnull(strstr(s, "+++++++++++++++++++++++++++++++++\nConnection 9:\n"));
    g_assert_null(strstr(s, "Connection 1:"));
    g_assert_null(strstr(s, "Connection 2:"));
    g_free(s);
    ts_table_free(t);
}

/* Section H: a line per connection, numbers as printf writes them (arithmetic of
 * two_connections: see test_csv). */
static void test_text_time_section(void)
{
    ts_table *t = two_connections();
    char *s = render(t, ts_report_text);
    g_assert_nonnull(strstr(s, "\nConnection 0: time to first byte 0.100000 s, longest idle 0.200000 s, "
                               "throughput 20.000 / 40.000 B/s, goodput 20.000 / 40.000 B/s, "
                               "RTT standard deviation 0.050000 s\n"
                               "Connection 1: time to first byte n/a, longest idle 0.250000 s, "
                               "throughput 0.000 / 0.000 B/s, goodput 0.000 / 0.000 B/s, "
                               "RTT standard deviation n/a\n"
                               "___"));
    /* Section I: the figures of test_csv, as words */
    g_assert_nonnull(strstr(s, "\nConnection 0: SYN captured yes / yes, MSS n/a / n/a, window scale n/a / n/a, "
                               "SACK permitted no / no, timestamps no / no, ECN setup no / no, Fast Open no / no, "
                               "data on SYN no / no, first flight bytes 10 / 20, first flight segments 1 / 1, "
                               "most bytes in flight 10 / 20\n"
                               "Connection 1: SYN captured yes / no, MSS n/a / n/a, window scale n/a / n/a, "
                               "SACK permitted no / n/a, timestamps no / n/a, ECN setup no / n/a, "
                               "Fast Open no / n/a, data on SYN no / n/a, first flight bytes n/a / n/a, "
                               "first flight segments n/a / n/a, most bytes in flight n/a / n/a\n___"));
    g_assert_nonnull(strstr(s, "\nH) Time"));
    g_assert_null(strstr(s, "\nG) ")); /* nothing lost */
    g_free(s);
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
                    "1000,1400.000,2000,1000,1400.000,2000,0,0,0"
                    /* 17 loss figures, 3 columns each, nothing lost */
                    ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"
                    ",0.000000,0.000000,0.000000,0,0,0,0,0,0,0,0,0"
                    /* time to first byte: A's payload at 1.2, B's at 1.3; longest idle 1.3 to
                     * 1.5; 10 and 20 payload bytes (all sent once) in 0.5 s */
                    ",0.100000,0.200000,20.000,40.000,60.000,20.000,40.000,60.000"
                    /* RTT standard deviation: samples 0.1, 0.1, 0.1, 0.2, mean 0.125, squares
                     * of the deviations 3 * 0.000625 + 0.005625 = 0.0075, / 3, root: 0.05 */
                    ",0.050000"
                    /* both SYNs captured, without options: no MSS or scale, every option no */
                    ",1,1,,,,,0,0,0,0,0,0,0,0,0,0"
                    /* first flights (handshake RTT 0.2): A's 10 bytes at 1.2, B's 20 at 1.3;
                     * in flight: 111 - 101 after A's, 222 - 201 - 1 (its FIN) after B's */
                    ",10,20,1,1,10,20");
    g_assert_true(g_str_has_prefix(lines[2], "1,2001:db8::1,5000,2001:db8::2,443,S1F0/R,1,0,1,0,0,0,"));
    /* its window: the SYN's 500 alone, the RST+ACK's 0 left out */
    g_assert_true(g_str_has_suffix(lines[2], ",500,500.000,500,500,500.000,500,0,0,0"
                                             ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"
                                             ",0.000000,0.000000,0.000000,0,0,0,0,0,0,0,0,0"
                                             /* no payload: no time to first byte, idle 0.25;
                                              * no RTT sample; B's SYN never came; nothing sent */
                                             ",,0.250000,0.000,0.000,0.000,0.000,0.000,0.000,"
                                             ",1,0,,,,,0,,0,,0,,0,,0,,,,,,,"));
    g_assert_true(g_str_has_suffix(lines[0], ",missed_bytes_src_to_dst,missed_bytes_dst_to_src,missed_bytes_total,"
                                             "ttfb,idle_max,throughput_src_to_dst,throughput_dst_to_src,"
                                             "throughput_total,goodput_src_to_dst,goodput_dst_to_src,goodput_total,"
                                             "rtt_stddev,syn_captured_src_to_dst,syn_captured_dst_to_src,"
                                             "mss_src_to_dst,mss_dst_to_src,window_scale_src_to_dst,"
                                             "window_scale_dst_to_src,sack_permitted_src_to_dst,"
                                             "sack_permitted_dst_to_src,timestamps_src_to_dst,timestamps_dst_to_src,"
                                             "ecn_setup_src_to_dst,ecn_setup_dst_to_src,fast_open_src_to_dst,"
                                             "fast_open_dst_to_src,syn_data_src_to_dst,syn_data_dst_to_src,"
                                             "first_flight_bytes_src_to_dst,first_flight_bytes_dst_to_src,"
                                             "first_flight_segments_src_to_dst,first_flight_segments_dst_to_src,"
                                             "max_in_flight_src_to_dst,max_in_flight_dst_to_src"));
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
    /* the standard deviation as test_csv works it out */
    g_assert_nonnull(strstr(s, "\"rtt\": {\"samples\": 4, \"min\": 0.1, \"mean\": 0.125, \"max\": 0.2, "
                               "\"stddev\": 0.05, \"handshake\": 0.2}"));
    g_assert_nonnull(strstr(s, "\"flow\": {\"syn_captured\": {\"src_to_dst\": true, \"dst_to_src\": false}, "
                               "\"mss\": {\"src_to_dst\": null, \"dst_to_src\": null}"));
    g_assert_nonnull(strstr(s, "\"max_in_flight\": {\"src_to_dst\": 10, \"dst_to_src\": 20}}"));
    /* over the complete connections: the same 4 samples */
    g_assert_nonnull(strstr(s, "\"rtt\": {\"min\": 0.1, \"mean\": 0.125, \"max\": 0.2}, \"rtt_stddev\": 0.05, "));
    /* The reset connection has one sample (SYN answered by the RST+ACK) and no handshake. */
    g_assert_nonnull(strstr(s, "\"handshake\": null"));
    g_assert_nonnull(strstr(s, "\"window\": {\"min\": 500, \"mean\": 500, \"max\": 500}"));
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
                    "\"rtt_stddev\": null, \"packets\": {\"min\": null, \"mean\": null, \"max\": null}, "
                    "\"window\": {\"min\": null, \"mean\": null, \"max\": null}}}\n");
    free(s);
    s = render(t, ts_report_text);
    g_assert_nonnull(strstr(s, "A) Total number of connections: 0\n"));
    g_assert_nonnull(strstr(s, "Minimum RTT value: n/a\n"));
    free(s);
    ts_table_free(t);
}

/* Kernel facts of stream 0 of two_connections(), by hand: client "curl, \"x\"" pid 42 (owner
 * from line 13), server unknown; 3 state changes; 3 kernel retransmissions of the client, one of
 * them dropped before leaving the host, against none on the wire; probes: client 2 (cwnd 10
 * and 12, srtt 100 and 300 us), server 1 (cwnd 7, srtt 50 us). Stream 1 has no events. */
static ts_kernel_report *kernel_facts(void)
{
    ts_kernel_report *k = g_new0(ts_kernel_report, 1);
    ts_kernel_conns *kc = ts_kernel_conns_new();
    ts_kernel_conn *c = ts_kernel_conns_get(kc, 0);
    c->n_events = 9;
    c->end[0].comm = ts_kernel_conns_intern(kc, "curl, \"x\"");
    c->end[0].pid = 42;
    c->end[0].owner_line = 13;
    c->end[0].events = 7;
    c->end[0].retransmits = 3;
    c->end[0].retransmits_failed = 1;
    c->end[1].events = 2;
    c->end[0].probes = 2;
    c->end[0].max_cwnd = 12;
    c->end[0].srtt_sum_us = 400;
    c->end[1].probes = 1;
    c->end[1].max_cwnd = 7;
    c->end[1].srtt_sum_us = 50;
    ts_kernel_conn_add_state(kc, c, -0.0004, 0, "CLOSE", "SYN_SENT");
    ts_kernel_conn_add_state(kc, c, 0.1001, 1, "LISTEN", "SYN_RECV");
    ts_kernel_conn_add_state(kc, c, 0.2, 0, NULL, "ESTABLISHED");
    k->conns = kc;
    k->summary = (ts_kernel_summary){.file = "run.ftrace.txt", .format = "ftrace", .events = 127, .lines = 139,
                                     .bad_lines = 1, .aligned = TRUE, .offset_ns = 1795358380226780123LL,
                                     .drift_ppm = 0.5, .anchors = 63, .outliers = 2,
                                     .residual_median_us = 1.25, .residual_max_us = 4.5, .applicable = 8,
                                     .matched = 6, .outside = 3};
    return k;
}

static void kernel_facts_free(ts_kernel_report *k)
{
    ts_kernel_conns_free((ts_kernel_conns *)k->conns);
    g_free(k);
}

static void test_kernel_text(void)
{
    ts_table *t = two_connections();
    ts_kernel_report *k = kernel_facts();
    char *plain = render(t, ts_report_text), *s = render_k(t, k, ts_report_text);
    /* mean srtt over the 3 probes: 450 / 3 = 150 us; wire RTT mean 0.125 s */
    g_assert_nonnull(strstr(s, "Receive window: min 1000, mean 1400.0, max 2000 bytes\n"
                               "Source process: curl, \"x\" (pid 42)\n"
                               "Destination process: unknown\n"
                               "Kernel states of the source: SYN_SENT@-0.000400 ESTABLISHED@0.200000\n"
                               "Kernel states of the destination: SYN_RECV@0.100100\n"
                               "Retransmissions: kernel 3, wire 0\n"
                               "Kernel max cwnd: 12 segments, mean srtt: 150.0 us (wire RTT mean: 125000.0 us)\n"
                               "END\n"));
    g_assert_nonnull(strstr(s, "Status: S1F0/R\nKernel events: none\nEND\n"));
    g_assert_nonnull(strstr(s, "\nE) Kernel events\n\n"
                               "Events file: run.ftrace.txt\n"
                               "Format: ftrace, 127 events, 139 lines, 1 bad lines, 0 lost\n"
                               "Clock offset: 1795358380.226780123 seconds, drift 0.500 ppm, 63 anchors "
                               "(2 outliers), residual median 1.2 us, max 4.5 us\n"
                               "Matched events: 6 of 8 (75.0%), 3 outside the capture\n"
                               "Connections with kernel events: 1 of 2\n"
                               "___________________________________________________\n"));
    /* Section J: 3 - 1 dropped - 0 paired = 2 sent, never on the wire */
    g_assert_nonnull(strstr(s, "\n\nConnection 0, source: kernel 3 (1 of them dropped before leaving the host), "
                               "wire 0, paired 0, kernel only 2, wire only 0\n"
                               "Connection 0, destination: kernel 0, wire 0, paired 0, kernel only 0, wire only 0\n"
                               "___"));
    g_assert_nonnull(strstr(s, "\nJ) Retransmissions, kernel and wire"));
    g_assert_null(strstr(plain, "\nJ) "));
    /* Everything else is the report without kernel data, line for line. */
    char **a = g_strsplit(plain, "\n", -1), **b = g_strsplit(s, "\n", -1);
    guint j = 0;
    for (guint i = 0; a[i]; i++) {
        while (b[j] && strcmp(a[i], b[j]) != 0)
            j++;
        g_assert_nonnull(b[j]);
    }
    g_strfreev(a);
    g_strfreev(b);
    /* Not aligned: no offset. */
    k->summary.aligned = FALSE;
    free(s);
    s = render_k(t, k, ts_report_text);
    g_assert_nonnull(strstr(s, "Clock offset: not found\n"));
    free(s);
    free(plain);
    kernel_facts_free(k);
    ts_table_free(t);
}

/* got == prefix + suffix */
static void assert_joined(const char *got, const char *prefix, const char *suffix)
{
    char *want = g_strconcat(prefix, suffix, NULL);
    g_assert_cmpstr(got, ==, want);
    g_free(want);
}

static void test_kernel_csv(void)
{
    ts_table *t = two_connections();
    ts_kernel_report *k = kernel_facts();
    char *plain = render(t, ts_report_csv), *s = render_k(t, k, ts_report_csv);
    char **p = g_strsplit(plain, "\n", -1), **l = g_strsplit(s, "\n", -1);
    assert_joined(l[0], p[0], ",src_process,src_pid,dst_process,dst_pid,src_kernel_states,"
                                                "dst_kernel_states,kernel_retransmits,wire_retransmits,"
                                                "kernel_max_cwnd,kernel_mean_srtt_us,src_retransmits_failed,"
                                                "src_wire_resent,src_resent_both,src_kernel_only,src_wire_only,"
                                                "dst_retransmits_failed,dst_wire_resent,dst_resent_both,"
                                                "dst_kernel_only,dst_wire_only");
    assert_joined(l[1], p[1], ",\"curl, \"\"x\"\"\",42,,,SYN_SENT@-0.000400 ESTABLISHED@0.200000,"
                                                "SYN_RECV@0.100100,3,0,12,150.000,1,0,0,2,0,0,0,0,0,0");
    assert_joined(l[2], p[2], ",,,,,,,,0,,,,,,,,,,,,");
    g_strfreev(p);
    g_strfreev(l);
    free(s);
    free(plain);
    kernel_facts_free(k);
    ts_table_free(t);
}

static void test_kernel_json(void)
{
    ts_table *t = two_connections();
    ts_kernel_report *k = kernel_facts();
    char *s = render_k(t, k, ts_report_json);
    g_assert_nonnull(strstr(s, "\"window_raw\": {\"min\": 1000, \"mean\": 1400, \"max\": 2000}, \"kernel\": "
                               "{\"client\": {\"comm\": \"curl, \\\"x\\\"\", \"pid\": 42, \"line\": 13, "
                               "\"retransmits\": 3, \"retransmits_failed\": 1, \"wire_resent\": 0, "
                               "\"resent_both\": 0, \"kernel_only\": 2, \"wire_only\": 0, "
                               "\"probes\": 2, \"max_cwnd\": 12, \"mean_srtt_us\": 200}, "
                               "\"server\": {\"comm\": null, \"pid\": null, \"line\": null, \"retransmits\": 0, "
                               "\"retransmits_failed\": 0, \"wire_resent\": 0, \"resent_both\": 0, "
                               "\"kernel_only\": 0, \"wire_only\": 0, "
                               "\"probes\": 1, \"max_cwnd\": 7, \"mean_srtt_us\": 50}, \"states\": ["
                               "{\"end\": \"client\", \"from\": \"CLOSE\", \"to\": \"SYN_SENT\", \"time\": -0.000400}, "
                               "{\"end\": \"server\", \"from\": \"LISTEN\", \"to\": \"SYN_RECV\", \"time\": 0.100100}, "
                               "{\"end\": \"client\", \"from\": null, \"to\": \"ESTABLISHED\", \"time\": 0.200000}], "
                               "\"retransmits\": {\"kernel\": 3, \"wire\": 0}, \"max_cwnd\": 12, "
                               "\"mean_srtt_us\": 150}}"));
    g_assert_nonnull(strstr(s, "\"kernel\": null}"));
    g_assert_nonnull(strstr(s, ", \"kernel\": {\"file\": \"run.ftrace.txt\", \"format\": \"ftrace\", "
                               "\"offset\": 1795358380.226780123, \"drift_ppm\": 0.5, \"anchors\": 63, "
                               "\"residual_median_us\": 1.25, \"residual_max_us\": 4.5, \"manual\": false, "
                               "\"match_rate\": 0.75, \"matched\": 6, \"applicable\": 8, \"events\": 127, "
                               "\"bad_lines\": 1, \"lost\": 0, \"outside\": 3}}}\n"));
    free(s);
    /* An end without events of its own: the trace does not cover its host */
    ((ts_kernel_conn *)ts_kernel_conns_lookup(k->conns, 0))->end[1].events = 0;
    s = render_k(t, k, ts_report_json);
    g_assert_nonnull(strstr(s, "\"resent_both\": 0, \"kernel_only\": null, \"wire_only\": null, \"probes\": 1"));
    free(s);
    /* The clocks not aligned: no connection has kernel facts; the summary says so. */
    ts_kernel_conns_free((ts_kernel_conns *)k->conns);
    k->conns = NULL;
    k->summary.aligned = FALSE;
    s = render_k(t, k, ts_report_json);
    g_assert_nonnull(strstr(s, "\"offset\": null, \"drift_ppm\": null, \"anchors\": 0"));
    g_assert_null(strstr(s, "\"kernel\": {\"client\""));
    free(s);
    g_free(k);
    ts_table_free(t);
}

/* The rollup by process, on the segments of two_connections() with kernel_facts(): stream 0
 * is curl's (pid 42) towards an end no event names; stream 1 has no facts. */
static void test_process_rollup(void)
{
    ts_kernel_report *k = kernel_facts();
    ts_table *t = ts_table_new();
    ts_process_rollup *p = ts_process_rollup_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0}, g = {t, 1, 6, 5000, 443, 0, 0};
    ts_segment segs[] = {
        test_segment(&f, A_TO_B, 1.0, TS_SYN, 100, 0, 0, 1000),
        test_segment(&f, B_TO_A, 1.1, TS_SYN | TS_ACK, 200, 101, 0, 2000),
        test_segment(&f, A_TO_B, 1.2, TS_ACK | TS_PSH, 101, 201, 10, 1000),
        test_segment(&f, B_TO_A, 1.3, TS_FIN | TS_ACK, 201, 111, 20, 2000),
        test_segment(&f, A_TO_B, 1.5, TS_FIN | TS_ACK, 111, 222, 0, 1000),
        test_segment(&g, A_TO_B, 2.0, TS_SYN, 1, 0, 0, 500),
        test_segment(&g, B_TO_A, 2.25, TS_RST | TS_ACK, 0, 2, 0, 0),
    };
    for (guint i = 0; i < G_N_ELEMENTS(segs); i++) {
        ts_seg_result r;
        gint touched[2];
        ts_table_add(t, &segs[i], &r);
        ts_process_rollup_add(p, &segs[i], &r, ts_kernel_conns_lookup(k->conns, segs[i].stream), touched);
        g_assert_cmpint(touched[0], >=, 0);
    }
    g_assert_cmpuint(ts_process_rollup_count(p), ==, 2);
    const ts_process_row *curl = ts_process_rollup_nth(p, 0), *unknown = ts_process_rollup_nth(p, 1);
    g_assert_cmpstr(curl->comm, ==, "curl, \"x\"");
    g_assert_cmpint(curl->pid, ==, 42);
    g_assert_null(unknown->comm);
    g_assert_cmpuint(curl->connections, ==, 1);
    g_assert_cmpuint(unknown->connections, ==, 2); /* stream 0's other end, and stream 1 */
    g_assert_cmpuint(curl->bytes_sent, ==, 10);
    g_assert_cmpuint(curl->bytes_received, ==, 20);
    g_assert_cmpuint(unknown->bytes_sent, ==, 20);
    /* 3 kernel retransmissions, 1 of them dropped on the host, none paired */
    g_assert_cmpuint(curl->retransmits_kernel, ==, 2);
    g_assert_cmpuint(curl->kernel_only, ==, 2);
    /* samples of curl's data: its SYN (0.1, by the SYN+ACK) and its 10 bytes (0.1, by B's
     * FIN); the unknown ends': the SYN+ACK (0.1), B's FIN (0.2) and stream 1's SYN (0.25) */
    g_assert_cmpuint(curl->rtt.n, ==, 2);
    g_assert_cmpfloat_with_epsilon(ts_acc_mean(&curl->rtt), 0.1, 1e-9);
    g_assert_cmpuint(unknown->rtt.n, ==, 3);
    g_assert_cmpfloat_with_epsilon(unknown->rtt.sum, 0.1 + 0.2 + 0.25, 1e-9);
    ts_process_rollup_free(p);
    ts_table_free(t);
    kernel_facts_free(k);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/text", test_text);
    g_test_add_func("/report/text_numbers_are_streams", test_text_numbers_are_streams);
    g_test_add_func("/report/csv", test_csv);
    g_test_add_func("/report/text_time_section", test_text_time_section);
    g_test_add_func("/report/json", test_json);
    g_test_add_func("/report/empty_table", test_empty_table);
    g_test_add_func("/report/kernel_text", test_kernel_text);
    g_test_add_func("/report/kernel_csv", test_kernel_csv);
    g_test_add_func("/report/process_rollup", test_process_rollup);
    g_test_add_func("/report/kernel_json", test_kernel_json);
    return g_test_run();
}

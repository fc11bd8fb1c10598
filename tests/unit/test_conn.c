/* The connection rules of README.md, one test each, on hand-built segments. */
#include "conn_table.h"
#include "seg_builder.h"
#include "summary.h"

#define SYN TS_SYN
#define ACK TS_ACK
#define FIN TS_FIN
#define RST TS_RST
#define PSH TS_PSH

static test_flow flow(ts_table *t, guint32 stream)
{
    test_flow f = {t, stream, 4, 40000, 80, 0, 0};
    return f;
}

static const ts_conn *only(ts_table *t)
{
    g_assert_cmpuint(ts_table_count(t), ==, 1);
    return ts_table_nth(t, 0);
}

/* SYN, SYN+ACK, ACK, 100 bytes each way, FIN both ways: S2F2 complete. */
static void test_complete_exchange(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    ts_seg_result syn = send_seg(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 64240);
    send_seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160);
    ts_seg_result hs = send_seg(&f, A_TO_B, 1.020, ACK, 1001, 5001, 0, 502);
    ts_seg_result data = send_seg(&f, A_TO_B, 1.030, ACK | PSH, 1001, 5001, 100, 502);
    ts_seg_result r1 = send_seg(&f, B_TO_A, 1.045, ACK | PSH, 5001, 1101, 100, 509);
    ts_seg_result r2 = send_seg(&f, A_TO_B, 1.050, ACK, 1101, 5101, 0, 502);
    send_seg(&f, A_TO_B, 1.060, FIN | ACK, 1101, 5101, 0, 502);
    ts_seg_result r3 = send_seg(&f, B_TO_A, 1.070, FIN | ACK, 5101, 1102, 0, 509);
    ts_seg_result last = send_seg(&f, A_TO_B, 1.075, ACK, 1102, 5102, 0, 502);

    const ts_conn *c = only(t);
    char st[TS_STATUS_LEN];
    g_assert_cmpstr(ts_conn_status(c, st, sizeof st), ==, "S2F2");
    g_assert_true(ts_conn_complete(c));
    g_assert_false(ts_conn_reset(c));
    g_assert_false(ts_conn_open(c));
    g_assert_false(ts_conn_before_capture(c));
    g_assert_cmpfloat_with_epsilon(ts_conn_duration(c), 1.075 - 1.000, 1e-9);
    g_assert_cmpuint(c->dir[0].packets, ==, 6);
    g_assert_cmpuint(c->dir[1].packets, ==, 3);
    g_assert_cmpuint(ts_conn_dir_bytes(c, 0), ==, 100);
    g_assert_cmpuint(ts_conn_dir_bytes(c, 1), ==, 100);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 100);

    /* Handshake: SYN at 1.000 to the ACK of the SYN+ACK at 1.020. */
    g_assert_true(hs.has_handshake);
    g_assert_cmpfloat_with_epsilon(c->handshake_rtt, 0.020, 1e-9);
    /* Samples: SYN acked at 1.010 (0.010), SYN+ACK acked at 1.020 (0.010), data 1.030 acked
     * at 1.045 (0.015), data 1.045 acked at 1.050 (0.005), FIN 1.060 acked at 1.070 (0.010),
     * FIN 1.070 acked at 1.075 (0.005). */
    g_assert_cmpuint(c->rtt.n, ==, 6);
    g_assert_true(r1.has_rtt);
    g_assert_cmpfloat_with_epsilon(r1.rtt, 0.015, 1e-9);
    g_assert_true(r2.has_rtt);
    g_assert_cmpfloat_with_epsilon(r2.rtt, 0.005, 1e-9);
    g_assert_true(r3.has_rtt);
    g_assert_cmpfloat_with_epsilon(r3.rtt, 0.010, 1e-9);
    g_assert_cmpfloat_with_epsilon(c->rtt.min, 0.005, 1e-9);
    g_assert_cmpfloat_with_epsilon(c->rtt.max, 0.015, 1e-9);
    g_assert_cmpfloat_with_epsilon(ts_acc_mean(&c->rtt), (0.010 + 0.010 + 0.015 + 0.005 + 0.010 + 0.005) / 6, 1e-9);
    /* Phases: SYNs and the ACK completing the handshake, then data, then close from the first FIN. */
    g_assert_cmpint(syn.phase, ==, TS_PHASE_HANDSHAKE);
    g_assert_cmpint(hs.phase, ==, TS_PHASE_HANDSHAKE);
    g_assert_cmpint(data.phase, ==, TS_PHASE_DATA);
    g_assert_cmpint(r2.phase, ==, TS_PHASE_DATA);
    g_assert_cmpint(r3.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpint(last.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpstr(ts_phase_name(last.phase), ==, "close");
    g_assert_cmpuint(last.syn, ==, 2);
    g_assert_cmpuint(last.fin, ==, 2);
    g_assert_cmpuint(last.dir, ==, 0);
    g_assert_cmpuint(r3.dir, ==, 1);

    /* Window: min/max of all segments, mean over the 9 segments. */
    g_assert_cmpuint(c->win_min, ==, 502);
    g_assert_cmpuint(c->win_max, ==, 65160);
    g_assert_cmpuint(c->win_sum, ==, 64240 + 65160 + 502 * 5 + 509 * 2);
    ts_table_free(t);
}

/* The state counts up to each packet; the connection's source is its first sender. */
static void test_state_progression_and_source(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 3);
    ts_seg_result a = send_seg(&f, B_TO_A, 0.5, ACK, 7, 9, 10, 100); /* mid-stream, B first */
    ts_seg_result b = send_seg(&f, A_TO_B, 0.6, FIN | ACK, 9, 17, 0, 100);
    const ts_conn *c = only(t);
    g_assert_cmpuint(c->sport, ==, 80); /* B's port: B sent first */
    g_assert_cmpuint(a.dir, ==, 0);
    g_assert_cmpuint(b.dir, ==, 1);
    g_assert_cmpuint(a.fin, ==, 0);
    g_assert_cmpuint(b.fin, ==, 1);
    g_assert_cmpuint(b.stream, ==, 3);
    g_assert_true(ts_conn_before_capture(c));
    g_assert_false(ts_conn_complete(c)); /* S0F1 */
    g_assert_false(ts_conn_open(c));
    ts_table_free(t);
}

/* A SYN sent three times: S counts every SYN (S4 with the SYN+ACK); Karn: no sample for it. */
static void test_syn_retransmission(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 100, 0, 0, 1000);
    send_seg(&f, A_TO_B, 1.0, SYN, 100, 0, 0, 1000);
    send_seg(&f, A_TO_B, 3.0, SYN, 100, 0, 0, 1000);
    ts_seg_result sa = send_seg(&f, B_TO_A, 3.001, SYN | ACK, 900, 101, 0, 1000);
    ts_seg_result ack = send_seg(&f, A_TO_B, 3.002, ACK, 101, 901, 0, 1000);
    const ts_conn *c = only(t);
    char st[TS_STATUS_LEN];
    g_assert_cmpstr(ts_conn_status(c, st, sizeof st), ==, "S4F0");
    g_assert_false(sa.has_rtt);  /* ambiguous: which SYN does it answer? */
    g_assert_true(ack.has_rtt);  /* the SYN+ACK was sent once: 0.001 */
    g_assert_cmpfloat_with_epsilon(ack.rtt, 0.001, 1e-9);
    /* Handshake counts from the SYN that was answered, the last one (3.0), as
     * tcp.analysis.initial_rtt does: 3.002 - 3.0, not the SYN timeouts before it. */
    g_assert_true(ack.has_handshake);
    g_assert_cmpfloat_with_epsilon(c->handshake_rtt, 0.002, 1e-9);
    g_assert_true(ts_conn_open(c));
    ts_table_free(t);
}

/* The SYN+ACK was not captured (a capture of one side's packets only): the client's first
 * ACK still completes the handshake, since the client acknowledges a SYN+ACK it received. */
static void test_handshake_without_synack(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 100, 0, 0, 1000);
    ts_seg_result ack = send_seg(&f, A_TO_B, 0.0004, ACK, 101, 901, 0, 1000);
    ts_seg_result data = send_seg(&f, A_TO_B, 0.003, ACK, 101, 950, 10, 1000);
    const ts_conn *c = only(t);
    g_assert_true(ack.has_handshake);
    g_assert_cmpint(ack.phase, ==, TS_PHASE_HANDSHAKE);
    g_assert_false(data.has_handshake);
    g_assert_cmpfloat_with_epsilon(c->handshake_rtt, 0.0004, 1e-9);
    ts_table_free(t);
}

/* An ACK from the side that did not send the SYN completes nothing; a SYN sent again after
 * the SYN+ACK (which then did not arrive) restarts the clock, as in Wireshark. */
static void test_handshake_only_from_syn_side(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 100, 0, 0, 1000);
    ts_seg_result other = send_seg(&f, B_TO_A, 0.001, ACK, 900, 0, 0, 1000);
    g_assert_false(other.has_handshake);
    send_seg(&f, B_TO_A, 0.002, SYN | ACK, 900, 101, 0, 1000);
    send_seg(&f, A_TO_B, 0.5, SYN, 100, 0, 0, 1000);
    ts_seg_result ack = send_seg(&f, A_TO_B, 0.6, ACK, 101, 901, 0, 1000);
    g_assert_true(ack.has_handshake);
    g_assert_cmpfloat_with_epsilon(only(t)->handshake_rtt, 0.1, 1e-9);
    ts_table_free(t);
}

/* Both sides send a SYN (simultaneous open), then SYN+ACKs: S4, complete after FINs. */
static void test_simultaneous_open(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 10, 0, 0, 1000);
    send_seg(&f, B_TO_A, 0.0001, SYN, 20, 0, 0, 1000);
    send_seg(&f, A_TO_B, 0.010, SYN | ACK, 10, 21, 0, 1000);
    send_seg(&f, B_TO_A, 0.0101, SYN | ACK, 20, 11, 0, 1000);
    send_seg(&f, A_TO_B, 0.020, FIN | ACK, 11, 21, 0, 1000);
    send_seg(&f, B_TO_A, 0.021, FIN | ACK, 21, 12, 0, 1000);
    const ts_conn *c = only(t);
    char st[TS_STATUS_LEN];
    g_assert_cmpstr(ts_conn_status(c, st, sizeof st), ==, "S4F2");
    g_assert_true(ts_conn_complete(c));
    g_assert_cmpuint(c->dir[0].packets, ==, 3);
    g_assert_cmpuint(c->dir[1].packets, ==, 3);
    ts_table_free(t);
}

/* A SYN answered by RST: S1F0/R, reset, not open, not complete. A bare RST: S0F0/R. */
static void test_reset_connections(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 10, 0, 0, 1000);
    ts_seg_result rst = send_seg(&f, B_TO_A, 0.001, RST | ACK, 0, 11, 0, 0);
    ts_seg_result after = send_seg(&f, A_TO_B, 0.002, ACK, 11, 1, 0, 1000);
    g_assert_cmpint(rst.phase, ==, TS_PHASE_RESET);
    g_assert_cmpint(after.phase, ==, TS_PHASE_RESET);
    g_assert_true(after.rst);
    test_flow g = flow(t, 1);
    send_seg(&g, B_TO_A, 0.5, RST, 777, 0, 0, 0);

    ts_summary s;
    ts_summary_compute(t, &s);
    char st[TS_STATUS_LEN];
    g_assert_cmpstr(ts_conn_status(ts_table_nth(t, 0), st, sizeof st), ==, "S1F0/R");
    g_assert_cmpstr(ts_conn_status(ts_table_nth(t, 1), st, sizeof st), ==, "S0F0/R");
    g_assert_cmpuint(s.total, ==, 2);
    g_assert_cmpuint(s.reset, ==, 2);
    g_assert_cmpuint(s.open, ==, 0);
    g_assert_cmpuint(s.complete, ==, 0);
    g_assert_cmpuint(s.before_capture, ==, 1);
    g_assert_cmpuint(s.duration.n, ==, 0); /* D) is over complete connections only */
    /* The RSTs' window fields (0) are left out of the window statistics: the SYN's and the
     * ACK's 1000 remain; the bare RST's connection has no window value at all. */
    const ts_conn *c0 = ts_table_nth(t, 0), *c1 = ts_table_nth(t, 1);
    g_assert_cmpuint(ts_conn_window_samples(c0), ==, 3 - 1);
    g_assert_cmpuint(c0->win_min, ==, 1000);
    g_assert_cmpuint(c0->win_max, ==, 1000);
    g_assert_cmpuint(c0->win_sum, ==, 1000 + 1000);
    g_assert_cmpuint(ts_conn_window_samples(c1), ==, 0);
    g_assert_cmpuint(c1->win_sum, ==, 0);
    ts_table_free(t);
}

/* Sequence numbers that wrap past 2^32 inside the connection. */
static void test_sequence_wraparound(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    guint32 isn = 0xffffff00u;
    send_seg(&f, A_TO_B, 0.0, SYN, isn, 0, 0, 1000);
    send_seg(&f, B_TO_A, 0.1, SYN | ACK, 50, isn + 1, 0, 1000);
    send_seg(&f, A_TO_B, 0.2, ACK, isn + 1, 51, 0, 1000);
    send_seg(&f, A_TO_B, 0.3, ACK, isn + 1, 51, 200, 1000);         /* crosses 2^32 */
    ts_seg_result r = send_seg(&f, B_TO_A, 0.45, ACK, 51, isn + 201, 0, 1000); /* ack wrapped: 0x000000c9 */
    send_seg(&f, A_TO_B, 0.5, ACK, isn + 201, 51, 100, 1000);      /* entirely after the wrap */
    send_seg(&f, A_TO_B, 0.6, ACK, isn + 201, 51, 100, 1000);      /* its retransmission */
    ts_seg_result r2 = send_seg(&f, B_TO_A, 0.7, ACK, 51, isn + 301, 0, 1000);
    const ts_conn *c = only(t);
    g_assert_true(r.has_rtt);
    g_assert_cmpfloat_with_epsilon(r.rtt, 0.15, 1e-9);
    g_assert_false(r2.has_rtt); /* Karn */
    g_assert_cmpuint(ts_conn_dir_bytes(c, 0), ==, 400);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 300);
    ts_table_free(t);
}

/* Cumulative ACK of two segments: one sample, for the newest (as tcp.analysis.ack_rtt). */
static void test_cumulative_ack_one_sample(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, ACK, 1000, 1, 100, 1000);
    send_seg(&f, A_TO_B, 0.1, ACK, 1100, 1, 100, 1000);
    ts_seg_result partial = send_seg(&f, B_TO_A, 0.15, ACK, 1, 1050, 0, 1000);
    ts_seg_result r = send_seg(&f, B_TO_A, 0.3, ACK, 1, 1200, 0, 1000);
    g_assert_false(partial.has_rtt); /* covers no segment's last byte */
    g_assert_true(r.has_rtt);
    g_assert_cmpfloat_with_epsilon(r.rtt, 0.2, 1e-9);
    g_assert_cmpuint(only(t)->rtt.n, ==, 1);
    ts_table_free(t);
}

/* Port reuse: Wireshark starts a new tcp.stream; the same 4-tuple is two connections. */
static void test_port_reuse(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0), g = flow(t, 1);
    send_seg(&f, A_TO_B, 0.0, SYN, 10, 0, 0, 1000);
    send_seg(&f, B_TO_A, 0.1, SYN | ACK | 0, 20, 11, 0, 1000);
    send_seg(&f, A_TO_B, 0.2, FIN | ACK, 11, 21, 0, 1000);
    send_seg(&g, A_TO_B, 5.0, SYN, 99999, 0, 0, 1000);
    send_seg(&g, B_TO_A, 5.1, SYN | ACK, 55555, 100000, 0, 1000);
    g_assert_cmpuint(ts_table_count(t), ==, 2);
    char st[TS_STATUS_LEN];
    g_assert_cmpstr(ts_conn_status(ts_table_nth(t, 0), st, sizeof st), ==, "S2F1");
    g_assert_cmpstr(ts_conn_status(ts_table_nth(t, 1), st, sizeof st), ==, "S2F0");
    g_assert_cmpfloat_with_epsilon(ts_table_nth(t, 1)->start, 5.0, 1e-9);
    ts_table_free(t);
}

/* Payload cut by the snaplen: the record carries the length from the IP/TCP headers. */
static void test_snaplen_length_counts(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, ACK, 1, 1, 1448, 1000); /* 1448 on the wire, whatever was captured */
    g_assert_cmpuint(ts_conn_dir_bytes(only(t), 0), ==, 1448);
    ts_table_free(t);
}

/* IPv6 and IPv4 addresses print as such; streams out of order are listed by stream. */
static void test_ipv6_and_order(void)
{
    ts_table *t = ts_table_new();
    test_flow f6 = {t, 7, 6, 5000, 443, 0, 0}, f4 = flow(t, 2);
    send_seg(&f6, A_TO_B, 0.0, SYN, 1, 0, 0, 1000);
    send_seg(&f4, A_TO_B, 0.1, SYN, 1, 0, 0, 1000);
    g_assert_cmpuint(ts_table_nth(t, 0)->stream, ==, 2);
    g_assert_cmpuint(ts_table_nth(t, 1)->stream, ==, 7);
    char a[TS_ADDR_STRLEN];
    g_assert_cmpstr(ts_addr_to_str(ts_table_nth(t, 1)->src, a, sizeof a), ==, "2001:db8::1");
    g_assert_cmpstr(ts_addr_to_str(ts_table_nth(t, 0)->dst, a, sizeof a), ==, "10.0.0.2");
    g_assert_null(ts_table_lookup(t, 3));
    g_assert_nonnull(ts_table_lookup(t, 7));
    g_assert_null(ts_table_lookup(t, 1u << 30));
    ts_table_reset(t);
    g_assert_cmpuint(ts_table_count(t), ==, 0);
    ts_table_free(t);
}

/* Summary D): duration and packets per complete connection; RTT and window per sample. */
static void test_summary_over_complete(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0), g = flow(t, 1), h = flow(t, 2);
    send_seg(&f, A_TO_B, 0.0, SYN, 1, 0, 0, 100);
    send_seg(&f, B_TO_A, 0.5, SYN | ACK, 1, 2, 0, 300);
    send_seg(&f, A_TO_B, 2.0, FIN | ACK, 2, 2, 0, 200);       /* S2F1: complete, 2 s, 3 packets */
    send_seg(&g, A_TO_B, 1.0, SYN, 1, 0, 0, 1000);
    send_seg(&g, B_TO_A, 1.25, FIN | ACK, 1, 2, 0, 1000);      /* S1F1: complete, 0.25 s, 2 packets */
    send_seg(&h, A_TO_B, 1.0, SYN, 1, 0, 0, 5);                /* S1F0: open, excluded */
    ts_summary s;
    ts_summary_compute(t, &s);
    g_assert_cmpuint(s.complete, ==, 2);
    g_assert_cmpuint(s.open, ==, 1);
    g_assert_cmpfloat_with_epsilon(s.duration.min, 0.25, 1e-9);
    g_assert_cmpfloat_with_epsilon(s.duration.max, 2.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(ts_acc_mean(&s.duration), (2.0 + 0.25) / 2, 1e-9);
    g_assert_cmpfloat_with_epsilon(ts_acc_mean(&s.packets), (3 + 2) / 2.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(s.window.min, 100, 1e-9);
    g_assert_cmpfloat_with_epsilon(s.window.max, 1000, 1e-9);
    g_assert_cmpfloat_with_epsilon(ts_acc_mean(&s.window), (100 + 300 + 200 + 1000 + 1000) / 5.0, 1e-9);
    /* RTT samples: f's SYN (0.5), f's SYN+ACK acked by the FIN (1.5), g's SYN (0.25). */
    g_assert_cmpuint(s.rtt.n, ==, 3);
    g_assert_cmpfloat_with_epsilon(s.rtt.max, 1.5, 1e-9);
    g_assert_cmpfloat_with_epsilon(s.rtt.min, 0.25, 1e-9);
    ts_table_free(t);
}

/* Capture duplicates with IPv4 IDs: a repeat of one of the direction's last 4 segments with
 * the same non-zero ID within 100 ms of the connection's previous packet is a copy, whatever
 * the other direction did meanwhile; ID 0 copies need the other direction silent. */
static void test_capture_copies_with_ip_id(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    f.ip_id = 11;
    send_seg(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 64240);
    ts_seg_result syn2 = send_seg(&f, A_TO_B, 1.006, SYN, 1000, 0, 0, 64240); /* copy, 6 ms */
    f.ip_id = 0;
    send_seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160);
    ts_seg_result sa2 = send_seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160); /* copy, ID 0 */
    f.ip_id = 12;
    ts_seg_result hs = send_seg(&f, A_TO_B, 1.020, ACK, 1001, 5001, 0, 502);
    f.ip_id = 13;
    send_seg(&f, A_TO_B, 1.030, ACK | PSH, 1001, 5001, 100, 502);
    f.ip_id = 0;
    send_seg(&f, B_TO_A, 1.031, ACK, 5001, 1001, 0, 509); /* the other direction in between */
    f.ip_id = 13;
    ts_seg_result d2 = send_seg(&f, A_TO_B, 1.0415, ACK | PSH, 1001, 5001, 100, 502); /* copy, 10.5 ms */
    f.ip_id = 14;
    ts_seg_result resent = send_seg(&f, A_TO_B, 1.042, ACK | PSH, 1001, 5001, 100, 502); /* new ID: resent */
    f.ip_id = 0;
    ts_seg_result ack = send_seg(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    f.ip_id = 15;
    send_seg(&f, A_TO_B, 1.060, ACK | PSH, 1101, 5001, 10, 502);
    ts_seg_result late = send_seg(&f, A_TO_B, 1.161, ACK | PSH, 1101, 5001, 10, 502); /* 101 ms: resent */

    const ts_conn *c = only(t);
    g_assert_true(syn2.capture_dup);
    g_assert_true(sa2.capture_dup);
    g_assert_true(d2.capture_dup);
    g_assert_false(hs.capture_dup);
    g_assert_false(resent.capture_dup);
    g_assert_false(late.capture_dup);
    g_assert_cmpuint(ts_conn_capture_dups(c, 0), ==, 2);
    g_assert_cmpuint(ts_conn_capture_dups(c, 1), ==, 1);
    /* Copies count as packets and their payload as bytes, not as retransmissions. */
    g_assert_cmpuint(c->dir[0].packets, ==, 8);
    g_assert_cmpuint(c->dir[1].packets, ==, 4);
    g_assert_cmpuint(ts_conn_dir_bytes(c, 0), ==, 100 + 100 + 100 + 10 + 10);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 100 + 10);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 2); /* the new-ID resend and the late one */
    g_assert_cmpuint(c->syn, ==, 4); /* status counts what was captured: 2 SYNs, 2 SYN+ACKs */
    /* The SYN's copy does not restart the handshake clock: 1.000 to 1.020. */
    g_assert_cmpfloat_with_epsilon(c->handshake_rtt, 0.020, 1e-9);
    /* The data was re-sent (new ID), so Karn gives its ACK no sample; the copy alone would not. */
    g_assert_false(ack.has_rtt);
    ts_table_free(t);
}

/* Without an IPv4 ID (IPv6 here): a copy within 10 ms with the other direction silent. */
static void test_capture_copies_without_ip_id(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 6, 40000, 80, 0, 0};
    send_seg(&f, A_TO_B, 1.000, ACK | PSH, 1000, 5000, 50, 502);
    ts_seg_result copy = send_seg(&f, A_TO_B, 1.005, ACK | PSH, 1000, 5000, 50, 502);
    ts_seg_result ack = send_seg(&f, B_TO_A, 1.020, ACK, 5000, 1050, 0, 509);
    send_seg(&f, A_TO_B, 1.030, ACK | PSH, 1050, 5000, 50, 502);
    send_seg(&f, B_TO_A, 1.031, ACK, 5000, 1050, 0, 509); /* a duplicate ACK in between */
    ts_seg_result fast = send_seg(&f, A_TO_B, 1.032, ACK | PSH, 1050, 5000, 50, 502);
    send_seg(&f, A_TO_B, 1.100, ACK | PSH, 1100, 5000, 50, 502);
    ts_seg_result slow = send_seg(&f, A_TO_B, 1.111, ACK | PSH, 1100, 5000, 50, 502); /* 11 ms */

    const ts_conn *c = only(t);
    g_assert_true(copy.capture_dup);
    g_assert_false(fast.capture_dup);
    g_assert_false(slow.capture_dup);
    g_assert_cmpuint(ts_conn_capture_dups(c, 0), ==, 1);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 2);
    /* The first segment was not re-sent: its ACK gives a sample, 1.000 to 1.020. */
    g_assert_true(ack.has_rtt);
    g_assert_cmpfloat_with_epsilon(ack.rtt, 0.020, 1e-9);
    ts_table_free(t);
}

/* Memory: the table's own accounting stays within the 320-byte-per-connection budget (the
 * benchmark measures what tshark holds: docs/performance.md). */
static void test_memory_per_connection(void)
{
    ts_table *t = ts_table_new();
    const guint n = 100000;
    for (guint i = 0; i < n; i++) {
        test_flow f = {t, i, 4, (guint16)(1024 + i % 60000), 80, 0, 0};
        send_seg(&f, A_TO_B, i, SYN, 1, 0, 0, 1000);
        send_seg(&f, B_TO_A, i + 0.1, SYN | ACK, 1, 2, 0, 1000);
        send_seg(&f, A_TO_B, i + 0.2, ACK, 2, 2, 0, 1000);
        send_seg(&f, A_TO_B, i + 0.3, FIN | ACK, 2, 2, 0, 1000);
        send_seg(&f, B_TO_A, i + 0.4, FIN | ACK, 2, 3, 0, 1000);
        send_seg(&f, A_TO_B, i + 0.5, ACK, 3, 3, 0, 1000);
    }
    gsize per = ts_table_bytes(t) / n;
    g_test_message("table bytes per connection: %" G_GSIZE_FORMAT " (sizeof ts_conn %" G_GSIZE_FORMAT ")",
                   per, sizeof(ts_conn));
    g_assert_cmpuint(per, <=, 320);
    ts_table_free(t);
}

/* Retransmitted segments: those consuming sequence space that start below the highest sequence
 * already sent (a repeated SYN, a resent or partly resent payload); pure ACKs never count. */
static void test_retransmitted_segments(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 100, 0, 0, 1000);
    send_seg(&f, A_TO_B, 1.0, SYN, 100, 0, 0, 1000);                /* resent SYN */
    send_seg(&f, B_TO_A, 1.1, SYN | ACK, 900, 101, 0, 1000);
    send_seg(&f, A_TO_B, 1.2, ACK, 101, 901, 0, 1000);
    send_seg(&f, A_TO_B, 1.3, ACK | PSH, 101, 901, 100, 1000);      /* 101..201 */
    send_seg(&f, A_TO_B, 1.4, ACK | PSH, 201, 901, 100, 1000);      /* 201..301 */
    /* later than the handshake RTT (0.2) after 201..301: re-sent, not out of order */
    send_seg(&f, A_TO_B, 1.8, ACK | PSH, 101, 901, 100, 1000);      /* resent 101..201 */
    send_seg(&f, A_TO_B, 1.9, ACK | PSH, 251, 901, 100, 1000);      /* half old: 251..351 */
    send_seg(&f, B_TO_A, 2.0, ACK, 901, 351, 0, 1000);
    send_seg(&f, B_TO_A, 2.1, ACK, 901, 351, 0, 1000);              /* duplicate ACK: no */
    send_seg(&f, A_TO_B, 2.2, FIN | ACK, 351, 901, 0, 1000);
    send_seg(&f, A_TO_B, 3.2, FIN | ACK, 351, 901, 0, 1000);        /* resent FIN */
    send_seg(&f, B_TO_A, 3.3, FIN | ACK, 901, 352, 0, 1000);
    const ts_conn *c = only(t);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 4);
    g_assert_cmpuint(ts_conn_retrans(c, 1), ==, 0);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 250);
    ts_table_free(t);
}

/* Karn's rule on a partial resend (the pattern of Zeek's tcp/reassembly.pcap frames 26, 45,
 * 47): A sends [101, 1541) at 1.0; at 3.0 it resends only its first 24 bytes [101, 125). The
 * ACK of 125 at 3.1 acknowledges no whole segment: no sample. The ACK of 1541 at 3.2 covers a
 * segment part of which was sent twice: it may answer either sending, so no sample either
 * (not 3.2 - 1.0). A segment sent once, [1541, 1641) at 3.3 acknowledged at 3.35, gives
 * 0.05. */
static void test_karn_partial_resend(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 0.0, SYN, 100, 0, 0, 1000);
    send_seg(&f, B_TO_A, 0.1, SYN | ACK, 900, 101, 0, 1000);
    send_seg(&f, A_TO_B, 0.2, ACK, 101, 901, 0, 1000);
    send_seg(&f, A_TO_B, 1.0, ACK, 101, 901, 1440, 1000);
    send_seg(&f, A_TO_B, 3.0, ACK, 101, 901, 24, 1000);
    ts_seg_result part = send_seg(&f, B_TO_A, 3.1, ACK, 901, 125, 0, 1000);
    ts_seg_result whole = send_seg(&f, B_TO_A, 3.2, ACK, 901, 1541, 0, 1000);
    send_seg(&f, A_TO_B, 3.3, ACK, 1541, 901, 100, 1000);
    ts_seg_result fresh = send_seg(&f, B_TO_A, 3.35, ACK, 901, 1641, 0, 1000);
    g_assert_false(part.has_rtt);
    g_assert_false(whole.has_rtt);
    g_assert_true(fresh.has_rtt);
    g_assert_cmpfloat_with_epsilon(fresh.rtt, 3.35 - 3.3, 1e-9);
    /* and the samples over the connection: SYN 0.1, SYN+ACK 0.1, the fresh segment 0.05 */
    const ts_conn *c = only(t);
    g_assert_cmpuint(c->rtt.n, ==, 3);
    g_assert_cmpfloat_with_epsilon(c->rtt.max, 0.1, 1e-9);
    ts_table_free(t);
}

/* A connection's queue of unacknowledged segments goes back to the table when it empties and
 * is handed to the next connection that needs one: samples stay each connection's own, also
 * when a reused queue grows past its first four entries. */
static void test_rtt_queue_reuse(void)
{
    ts_table *t = ts_table_new();
    test_flow a = flow(t, 0), b = flow(t, 1);
    b.port_a = 40001;
    send_seg(&a, A_TO_B, 1.000, ACK, 1001, 1, 100, 1000);   /* 1001..1101 */
    send_seg(&a, B_TO_A, 1.010, ACK, 1, 1101, 0, 1000);     /* 0.010; a's queue empties */
    for (int i = 0; i < 5; i++)                               /* 5 x 10 bytes at 2.0 .. 2.4 */
        send_seg(&b, A_TO_B, 2.0 + 0.1 * i, ACK, 5001 + 10 * (guint32)i, 1, 10, 1000);
    send_seg(&b, B_TO_A, 2.500, ACK, 1, 5021, 0, 1000);     /* first two: 2.5 - 2.1 = 0.4 */
    send_seg(&b, B_TO_A, 3.000, ACK, 1, 5051, 0, 1000);     /* the rest: 3.0 - 2.4 = 0.6 */
    send_seg(&a, A_TO_B, 4.000, ACK, 1101, 1, 100, 1000);
    send_seg(&a, B_TO_A, 4.250, ACK, 1, 1201, 0, 1000);     /* 0.25 */
    const ts_conn *ca = ts_table_lookup(t, 0), *cb = ts_table_lookup(t, 1);
    g_assert_cmpuint(ca->rtt.n, ==, 2);
    g_assert_cmpfloat_with_epsilon(ca->rtt.min, 0.010, 1e-9);
    g_assert_cmpfloat_with_epsilon(ca->rtt.max, 0.250, 1e-9);
    g_assert_cmpuint(cb->rtt.n, ==, 2);
    g_assert_cmpfloat_with_epsilon(cb->rtt.min, 0.4, 1e-9);
    g_assert_cmpfloat_with_epsilon(cb->rtt.max, 0.6, 1e-9);
    g_assert_null(ca->dir[0].pending);
    g_assert_null(cb->dir[0].pending);
    ts_table_free(t);
}

/* A one-way capture: A's segments, B's ACKs never captured, then, late, two ACKs. What A
 * keeps waiting is bounded (TS_RTT_MAX_WAITING segments, the oldest let go): an ACK for a
 * segment let go gives no sample, an ACK for a kept one its own. A resend among many waiting
 * segments marks exactly those it overlaps (Karn). */
static void test_one_way_waiting_is_bounded(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    const guint32 n = TS_RTT_MAX_WAITING + 1000, len = 10;
    for (guint32 i = 0; i < n; i++)   /* segment i: [1000 + 10 i, 1010 + 10 i) at time i ms */
        send_seg(&f, A_TO_B, 0.001 * i, ACK, 1000 + len * i, 1, len, 1000);
    const ts_conn *c = only(t);
    g_assert_cmpuint(c->dir[0].pending->len, ==, TS_RTT_MAX_WAITING);
    /* Resend of segments 2000..2001 (its bytes 2000*10+5 .. 2001*10+5): both marked. */
    send_seg(&f, A_TO_B, 0.001 * n, ACK, 1000 + len * 2000 + 5, 1, len, 1000);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 1);
    /* ACK of segments 0..499: all were let go (the first 1,000 were): no sample. */
    ts_seg_result r0 = send_seg(&f, B_TO_A, 1000.0, ACK, 1, 1000 + len * 500, 0, 1000);
    g_assert_false(r0.has_rtt);
    /* ACK up to segment 1999: kept, sent once: 1001 - 1.999. */
    ts_seg_result r1 = send_seg(&f, B_TO_A, 1001.0, ACK, 1, 1000 + len * 2000, 0, 1000);
    g_assert_true(r1.has_rtt);
    g_assert_cmpfloat_with_epsilon(r1.rtt, 1001.0 - 0.001 * 1999, 1e-6);
    /* ACK up to segment 2000 and up to 2001: both were resent in part: no sample. */
    g_assert_false(send_seg(&f, B_TO_A, 1002.0, ACK, 1, 1000 + len * 2001, 0, 1000).has_rtt);
    g_assert_false(send_seg(&f, B_TO_A, 1003.0, ACK, 1, 1000 + len * 2002, 0, 1000).has_rtt);
    /* Segment 2002 was not touched by the resend: 1004 - 2.002. */
    ts_seg_result r3 = send_seg(&f, B_TO_A, 1004.0, ACK, 1, 1000 + len * 2003, 0, 1000);
    g_assert_true(r3.has_rtt);
    g_assert_cmpfloat_with_epsilon(r3.rtt, 1004.0 - 0.001 * 2002, 1e-6);
    ts_table_free(t);
}

/* Half close: B sends its FIN first, then A sends 2,000 bytes and its own FIN. A's data is
 * "data" (its direction is open); B's ACKs after its FIN are "close"; A's FIN and what follows
 * it are "close". */
static void test_half_close_phases(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 64240);
    send_seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160);
    send_seg(&f, A_TO_B, 1.020, ACK, 1001, 5001, 0, 502);
    ts_seg_result bfin = send_seg(&f, B_TO_A, 1.030, FIN | ACK, 5001, 1001, 0, 509);
    ts_seg_result d1 = send_seg(&f, A_TO_B, 1.040, ACK, 1001, 5002, 1000, 502);
    ts_seg_result back1 = send_seg(&f, B_TO_A, 1.050, ACK, 5002, 2001, 0, 509);
    ts_seg_result d2 = send_seg(&f, A_TO_B, 1.060, ACK | PSH, 2001, 5002, 1000, 502);
    ts_seg_result afin = send_seg(&f, A_TO_B, 1.070, FIN | ACK, 3001, 5002, 0, 502);
    ts_seg_result back2 = send_seg(&f, B_TO_A, 1.080, ACK, 5002, 3002, 0, 509);
    g_assert_cmpint(bfin.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpint(d1.phase, ==, TS_PHASE_DATA);
    g_assert_cmpint(d2.phase, ==, TS_PHASE_DATA);
    g_assert_cmpint(back1.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpint(afin.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpint(back2.phase, ==, TS_PHASE_CLOSE);
    g_assert_cmpuint(d2.fin, ==, 1); /* the state so far still counts one FIN */
    ts_table_free(t);
}

/* A server that speaks first (an SMTP banner): the time to first byte runs from the client's
 * first payload to the server's next one, not from the banner; the longest idle time is the
 * widest gap between two packets; addresses are held once for connections that share them. */
static void test_time_to_first_byte_and_idle(void)
{
    ts_table *t = ts_table_new();
    test_flow f = flow(t, 0);
    send_seg(&f, A_TO_B, 1.000, SYN, 100, 0, 0, 1000);
    send_seg(&f, B_TO_A, 1.010, SYN | ACK, 500, 101, 0, 1000);
    send_seg(&f, A_TO_B, 1.020, ACK, 101, 501, 0, 1000);
    send_seg(&f, B_TO_A, 1.030, ACK | PSH, 501, 101, 50, 1000);  /* banner */
    send_seg(&f, A_TO_B, 3.030, ACK | PSH, 101, 551, 10, 1000);  /* 2 s later: the command */
    send_seg(&f, B_TO_A, 3.045, ACK | PSH, 551, 111, 30, 1000);  /* its answer */
    const ts_conn *c = only(t);
    g_assert_true(ts_conn_has_ttfb(c));
    g_assert_cmpfloat_with_epsilon(c->ttfb, 3.045 - 3.030, 1e-6);
    g_assert_cmpfloat_with_epsilon(c->idle_max, 3.030 - 1.030, 1e-6);
    /* 10 bytes one way, 80 the other, in 2.045 s */
    g_assert_cmpfloat_with_epsilon(ts_conn_rate(c, ts_conn_dir_bytes(c, 0)), 10 / 2.045, 1e-9);
    g_assert_cmpfloat_with_epsilon(ts_conn_rate(c, ts_conn_dir_bytes(c, 1)), 80 / 2.045, 1e-9);

    test_flow g = {t, 1, 4, 40001, 80, 0, 0};
    send_seg(&g, A_TO_B, 4.0, SYN, 1, 0, 0, 1000);
    const ts_conn *d = ts_table_lookup(t, 1);
    g_assert_false(ts_conn_has_ttfb(d));
    g_assert_true(d->src == c->src && d->dst == c->dst);
    ts_table_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/conn/half_close_phases", test_half_close_phases);
    g_test_add_func("/conn/complete_exchange", test_complete_exchange);
    g_test_add_func("/conn/state_progression_and_source", test_state_progression_and_source);
    g_test_add_func("/conn/syn_retransmission", test_syn_retransmission);
    g_test_add_func("/conn/handshake_without_synack", test_handshake_without_synack);
    g_test_add_func("/conn/handshake_only_from_syn_side", test_handshake_only_from_syn_side);
    g_test_add_func("/conn/retransmitted_segments", test_retransmitted_segments);
    g_test_add_func("/conn/karn_partial_resend", test_karn_partial_resend);
    g_test_add_func("/conn/simultaneous_open", test_simultaneous_open);
    g_test_add_func("/conn/reset_connections", test_reset_connections);
    g_test_add_func("/conn/sequence_wraparound", test_sequence_wraparound);
    g_test_add_func("/conn/cumulative_ack_one_sample", test_cumulative_ack_one_sample);
    g_test_add_func("/conn/port_reuse", test_port_reuse);
    g_test_add_func("/conn/snaplen_length_counts", test_snaplen_length_counts);
    g_test_add_func("/conn/ipv6_and_order", test_ipv6_and_order);
    g_test_add_func("/conn/summary_over_complete", test_summary_over_complete);
    g_test_add_func("/conn/memory_per_connection", test_memory_per_connection);
    g_test_add_func("/conn/capture_copies_with_ip_id", test_capture_copies_with_ip_id);
    g_test_add_func("/conn/capture_copies_without_ip_id", test_capture_copies_without_ip_id);
    g_test_add_func("/conn/rtt_queue_reuse", test_rtt_queue_reuse);
    g_test_add_func("/conn/one_way_waiting_is_bounded", test_one_way_waiting_is_bounded);
    g_test_add_func("/conn/time_to_first_byte_and_idle", test_time_to_first_byte_and_idle);
    return g_test_run();
}

/* The loss and ordering rules of core/loss.c, one test per rule, on hand-built segments:
 * every expected value is read off the lines of the test. */
#include "conn_table.h"
#include "loss_figures.h"
#include "seg_builder.h"

#define SYN TS_SYN
#define ACK TS_ACK
#define FIN TS_FIN

/* A sends from 1001, B from 5001; each segment gets a new IPv4 ID, as a sender gives it. */
static ts_seg_result snd(test_flow *f, int dir, double t, guint16 flags, guint32 seq, guint32 ack, guint32 len,
                         guint32 win)
{
    f->ip_id++;
    return send_seg(f, dir, t, flags, seq, ack, len, win);
}

/* Handshake at 1.000-1.020 (handshake RTT 0.020: the out-of-order threshold). */
static test_flow open_flow(ts_table *t)
{
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    snd(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 64240);
    snd(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160);
    snd(&f, A_TO_B, 1.020, ACK, 1001, 5001, 0, 502);
    return f;
}

static const ts_conn *conn0(ts_table *t)
{
    return ts_table_lookup(t, 0);
}

static guint32 kind_count(const ts_conn *c, int d, ts_resend_kind k)
{
    return c->loss ? c->loss->dir[d].resent[k] : 0;
}

/* The kinds add up to the re-sent segments, and these are the figure the reports print. */
static void assert_kinds_add_up(const ts_conn *c)
{
    for (int d = 0; d < 2; d++) {
        guint32 sum = 0;
        for (int k = 1; k < TS_RESEND_KINDS; k++)
            sum += kind_count(c, d, (ts_resend_kind)k);
        g_assert_cmpuint(sum, ==, ts_conn_retrans(c, d));
        g_assert_cmpuint(ts_loss_figures[0].get(c, d), ==, sum);
    }
}

static void test_clean_connection_holds_nothing(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    const ts_conn *c = conn0(t);
    g_assert_null(c->loss);
    g_assert_false(ts_loss_any(c));
    ts_table_free(t);
}

/* Four segments from 1101, the first lost past the capture point; B's ACKs of 1101 repeat
 * with the same window: duplicates 1, 2, 3; A's re-send of 1101 5 ms after the third is
 * fast. A new acknowledgement number ends the run. */
static void test_duplicate_acks_and_fast_retransmit(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    snd(&f, A_TO_B, 1.051, ACK, 1101, 5001, 100, 502);
    snd(&f, A_TO_B, 1.052, ACK, 1201, 5001, 100, 502);
    snd(&f, A_TO_B, 1.053, ACK, 1301, 5001, 100, 502);
    snd(&f, A_TO_B, 1.054, ACK, 1401, 5001, 100, 502);
    ts_seg_result d1 = snd(&f, B_TO_A, 1.072, ACK, 5001, 1101, 0, 509);
    ts_seg_result d2 = snd(&f, B_TO_A, 1.073, ACK, 5001, 1101, 0, 509);
    ts_seg_result d3 = snd(&f, B_TO_A, 1.074, ACK, 5001, 1101, 0, 509);
    ts_seg_result fast = snd(&f, A_TO_B, 1.079, ACK, 1101, 5001, 100, 502);
    ts_seg_result after = snd(&f, B_TO_A, 1.100, ACK, 5001, 1501, 0, 509);
    ts_seg_result again = snd(&f, B_TO_A, 1.101, ACK, 5001, 1501, 0, 509);

    g_assert_cmpuint(d1.loss.dup_ack, ==, 1);
    g_assert_cmpuint(d2.loss.dup_ack, ==, 2);
    g_assert_cmpuint(d3.loss.dup_ack, ==, 3);
    g_assert_cmpuint(fast.loss.resend, ==, TS_RESEND_FAST);
    g_assert_cmpstr(ts_resend_kind_name((ts_resend_kind)fast.loss.resend), ==, "fast");
    g_assert_cmpuint(after.loss.dup_ack, ==, 0);
    g_assert_cmpuint(again.loss.dup_ack, ==, 1);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(c->loss->dir[1].dup_acks, ==, 4);
    g_assert_cmpuint(c->loss->dir[1].dup_ack_runs3, ==, 1);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 1);
    g_assert_cmpuint(kind_count(c, 0, TS_RESEND_FAST), ==, 1);
    assert_kinds_add_up(c);
    ts_table_free(t);
}

/* An ACK whose window differs is a window update, not a duplicate: one duplicate follows it,
 * and one is too few for a fast retransmit (2 are needed). */
static void test_window_change_is_no_duplicate(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, A_TO_B, 1.031, ACK, 1101, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1001, 0, 509);
    ts_seg_result upd = snd(&f, B_TO_A, 1.051, ACK, 5001, 1001, 0, 600);
    ts_seg_result d1 = snd(&f, B_TO_A, 1.052, ACK, 5001, 1001, 0, 600);
    ts_seg_result r = snd(&f, A_TO_B, 1.060, ACK, 1001, 5001, 100, 502);
    g_assert_cmpuint(upd.loss.dup_ack, ==, 0);
    g_assert_cmpuint(d1.loss.dup_ack, ==, 1);
    /* One duplicate: not fast; 30 ms after A's highest segment (past the 20 ms handshake
     * RTT): not out of order; 8 ms of silence: no timeout; A's first re-send, but not of
     * its tail (1101-1201 was sent after it): other. */
    g_assert_cmpuint(r.loss.resend, ==, TS_RESEND_OTHER);
    ts_table_free(t);
}

/* Two segments, nothing acknowledged for 300 ms: the re-send of the first is a timeout, and
 * so is the next one 600 ms later (backoff); the re-send of the second right after B
 * acknowledges the first is a further re-send of that recovery: other. */
static void test_timeouts_and_recovery(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, A_TO_B, 1.031, ACK, 1101, 5001, 100, 502);
    ts_seg_result r1 = snd(&f, A_TO_B, 1.331, ACK, 1001, 5001, 100, 502);
    ts_seg_result r2 = snd(&f, A_TO_B, 1.931, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.951, ACK, 5001, 1101, 0, 509);
    ts_seg_result r3 = snd(&f, A_TO_B, 1.952, ACK, 1101, 5001, 100, 502);
    g_assert_cmpuint(r1.loss.resend, ==, TS_RESEND_TIMEOUT);
    g_assert_cmpuint(r2.loss.resend, ==, TS_RESEND_TIMEOUT);
    g_assert_cmpuint(r3.loss.resend, ==, TS_RESEND_OTHER);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(kind_count(c, 0, TS_RESEND_TIMEOUT), ==, 2);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 3);
    assert_kinds_add_up(c);
    ts_table_free(t);
}

/* A SYN sent again after 1 s and 3 s: two timeouts. */
static void test_syn_timeouts(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    snd(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 64240);
    ts_seg_result s2 = snd(&f, A_TO_B, 2.000, SYN, 1000, 0, 0, 64240);
    ts_seg_result s3 = snd(&f, A_TO_B, 4.000, SYN, 1000, 0, 0, 64240);
    g_assert_cmpuint(s2.loss.resend, ==, TS_RESEND_TIMEOUT);
    g_assert_cmpuint(s3.loss.resend, ==, TS_RESEND_TIMEOUT);
    ts_table_free(t);
}

/* Tail loss probes: the last segment re-sent 40 ms after it was sent, first with earlier
 * data still unacknowledged (a timeout would re-send 1001), then, in a second connection,
 * as the only segment unacknowledged but sooner than any retransmission timeout. */
static void test_tail_loss_probe(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, A_TO_B, 1.031, ACK, 1101, 5001, 100, 502);
    snd(&f, A_TO_B, 1.032, ACK, 1201, 5001, 100, 502);
    ts_seg_result p = snd(&f, A_TO_B, 1.072, ACK, 1201, 5001, 100, 502);
    g_assert_cmpuint(p.loss.resend, ==, TS_RESEND_PROBE);

    test_flow g = {t, 1, 4, 40001, 80, 0, 0};
    snd(&g, A_TO_B, 2.000, SYN, 1000, 0, 0, 64240);
    snd(&g, B_TO_A, 2.010, SYN | ACK, 5000, 1001, 0, 65160);
    snd(&g, A_TO_B, 2.020, ACK, 1001, 5001, 0, 502);
    snd(&g, A_TO_B, 2.030, ACK, 1001, 5001, 100, 502);
    snd(&g, A_TO_B, 2.031, ACK, 1101, 5001, 100, 502);
    snd(&g, B_TO_A, 2.041, ACK, 5001, 1101, 0, 509);
    ts_seg_result q = snd(&g, A_TO_B, 2.091, ACK, 1101, 5001, 100, 502);
    g_assert_cmpuint(q.loss.resend, ==, TS_RESEND_PROBE);
    const ts_conn *c = ts_table_lookup(t, 1);
    g_assert_cmpuint(kind_count(c, 0, TS_RESEND_PROBE), ==, 1);
    ts_table_free(t);
}

/* A segment that arrives 2 ms after the one past it, within the handshake RTT (20 ms):
 * out of order, and it leaves the re-send state alone. */
static void test_out_of_order(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1101, 5001, 100, 502);
    ts_seg_result late = snd(&f, A_TO_B, 1.032, ACK, 1001, 5001, 100, 502);
    g_assert_cmpuint(late.loss.resend, ==, TS_RESEND_OUT_OF_ORDER);
    const ts_conn *c = conn0(t);
    /* the first one opened a gap of 100 bytes, which the late one then filled */
    g_assert_cmpuint(c->loss->dir[0].gaps, ==, 1);
    g_assert_cmpuint(c->loss->dir[0].missed_bytes, ==, 100);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 200);
    assert_kinds_add_up(c);
    ts_table_free(t);
}

/* A re-send of bytes B had acknowledged is spurious. */
static void test_spurious(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    ts_seg_result s = snd(&f, A_TO_B, 1.300, ACK, 1001, 5001, 100, 502);
    g_assert_cmpuint(s.loss.resend, ==, TS_RESEND_SPURIOUS);
    ts_table_free(t);
}

/* Bytes sent but never captured: the segment after the hole says how many. */
static void test_gap(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    ts_seg_result g = snd(&f, A_TO_B, 1.040, ACK, 1301, 5001, 100, 502);
    g_assert_cmpuint(g.loss.missed, ==, 200);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(c->loss->dir[0].gaps, ==, 1);
    g_assert_cmpuint(c->loss->dir[0].missed_bytes, ==, 200);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 0);
    ts_table_free(t);
}

/* Keep-alives of 0 and 1 byte one below the next sequence number; B's answers repeat its
 * ACK but are no duplicate ACKs; nothing is re-sent. */
static void test_keep_alives(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    ts_seg_result k0 = snd(&f, A_TO_B, 61.050, ACK, 1100, 5001, 0, 502);
    ts_seg_result a0 = snd(&f, B_TO_A, 61.060, ACK, 5001, 1101, 0, 509);
    ts_seg_result k1 = snd(&f, A_TO_B, 121.060, ACK, 1100, 5001, 1, 502);
    ts_seg_result a1 = snd(&f, B_TO_A, 121.070, ACK, 5001, 1101, 0, 509);
    g_assert_true(k0.loss.keep_alive);
    g_assert_true(k1.loss.keep_alive);
    g_assert_cmpuint(k1.loss.resend, ==, TS_RESEND_NONE);
    g_assert_cmpuint(a0.loss.dup_ack, ==, 0);
    g_assert_cmpuint(a1.loss.dup_ack, ==, 0);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(c->loss->dir[0].keep_alives, ==, 2);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 0);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 100);
    ts_table_free(t);
}

/* B closes its window; A probes it with 1 byte at its next sequence number, B answers with
 * window 0 again (no duplicate ACK), then opens it; A's data from the probe's byte on is
 * new data, counted once. */
static void test_zero_window_and_probe(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    ts_seg_result zw = snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 0);
    ts_seg_result p = snd(&f, A_TO_B, 1.250, ACK, 1101, 5001, 1, 502);
    ts_seg_result pa = snd(&f, B_TO_A, 1.260, ACK, 5001, 1101, 0, 0);
    snd(&f, B_TO_A, 1.500, ACK, 5001, 1101, 0, 509);
    ts_seg_result d = snd(&f, A_TO_B, 1.510, ACK, 1101, 5001, 100, 502);
    g_assert_true(zw.loss.zero_window);
    g_assert_true(p.loss.zero_window_probe);
    g_assert_true(pa.loss.zero_window);
    g_assert_cmpuint(pa.loss.dup_ack, ==, 0);
    g_assert_cmpuint(d.loss.resend, ==, TS_RESEND_NONE);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(c->loss->dir[1].zero_windows, ==, 2);
    /* B's window was 0 from 1.050 to its ACK of 1.500: 0.450 s, closed */
    g_assert_cmpfloat_with_epsilon(ts_loss_zero_window_seconds(&c->loss->dir[1], ts_conn_duration(c)), 0.450,
                                   1e-9);
    g_assert_false(c->loss->dir[1].zero_window_open);
    g_assert_cmpuint(c->loss->dir[0].zero_window_probes, ==, 1);
    g_assert_cmpuint(ts_conn_retrans(c, 0), ==, 0);
    g_assert_cmpuint(ts_conn_dir_bytes(c, 0), ==, 201);
    g_assert_cmpuint(c->dir[0].unique_bytes, ==, 200);
    ts_table_free(t);
}

/* A zero window still open at the end counts up to the connection's last packet. */
static void test_zero_window_open_at_end(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.100, ACK, 5001, 1101, 0, 0);
    snd(&f, A_TO_B, 1.400, ACK, 1101, 5001, 1, 502);
    snd(&f, B_TO_A, 1.700, ACK, 5001, 1101, 0, 0);
    const ts_conn *c = conn0(t);
    /* from 1.100 to the last packet at 1.700 */
    g_assert_true(c->loss->dir[1].zero_window_open);
    g_assert_cmpfloat_with_epsilon(ts_loss_zero_window_seconds(&c->loss->dir[1], ts_conn_duration(c)), 0.600,
                                   1e-9);
    for (guint i = 0; i < ts_loss_figure_count; i++) {
        char buf[32];
        if (g_str_equal(ts_loss_figures[i].name, "zero_window_seconds"))
            g_assert_cmpstr(ts_loss_figure_str(&ts_loss_figures[i], c, 1, buf, sizeof buf), ==, "0.600000");
    }
    ts_table_free(t);
}

/* A D-SACK from B reports A's data received twice: counted for A, marked on B's ACK. */
static void test_dsack(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, B_TO_A, 1.050, ACK, 5001, 1101, 0, 509);
    snd(&f, A_TO_B, 1.300, ACK, 1001, 5001, 100, 502);
    f.ip_id++;
    ts_segment s;
    memset(&s, 0, sizeof s);
    static const guint8 a4[4] = {10, 0, 0, 1}, b4[4] = {10, 0, 0, 2};
    ts_addr_set(&s.src, 4, b4);
    ts_addr_set(&s.dst, 4, a4);
    s.sport = 80;
    s.dport = 40000;
    s.time = 1.320;
    s.flags = ACK;
    s.seq = 5001;
    s.ack = 1101;
    s.window = s.window_raw = 509;
    s.sack_blocks = 1;
    s.dsack = 1;
    ts_seg_result r;
    ts_table_add(t, &s, &r);
    g_assert_true(r.loss.dsack);
    const ts_conn *c = conn0(t);
    g_assert_cmpuint(c->loss->dir[0].dsacks, ==, 1);
    g_assert_cmpuint(c->loss->dir[1].dsacks, ==, 0);
    g_assert_cmpuint(kind_count(c, 0, TS_RESEND_SPURIOUS), ==, 1);
    ts_table_free(t);
}

/* The figures table reads what the rules counted, in both directions. */
static void test_figures_table(void)
{
    ts_table *t = ts_table_new();
    test_flow f = open_flow(t);
    snd(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502);
    snd(&f, A_TO_B, 1.040, ACK, 1301, 5001, 100, 502);
    const ts_conn *c = conn0(t);
    gboolean found = FALSE;
    for (guint i = 0; i < ts_loss_figure_count; i++) {
        if (g_str_equal(ts_loss_figures[i].name, "missed_bytes")) {
            g_assert_cmpuint(ts_loss_figures[i].get(c, 0), ==, 200);
            g_assert_cmpuint(ts_loss_figures[i].get(c, 1), ==, 0);
            found = TRUE;
        }
    }
    g_assert_true(found);
    g_assert_true(ts_loss_any(c));
    ts_table_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/loss/clean_connection_holds_nothing", test_clean_connection_holds_nothing);
    g_test_add_func("/loss/duplicate_acks_and_fast_retransmit", test_duplicate_acks_and_fast_retransmit);
    g_test_add_func("/loss/window_change_is_no_duplicate", test_window_change_is_no_duplicate);
    g_test_add_func("/loss/timeouts_and_recovery", test_timeouts_and_recovery);
    g_test_add_func("/loss/syn_timeouts", test_syn_timeouts);
    g_test_add_func("/loss/tail_loss_probe", test_tail_loss_probe);
    g_test_add_func("/loss/out_of_order", test_out_of_order);
    g_test_add_func("/loss/spurious", test_spurious);
    g_test_add_func("/loss/gap", test_gap);
    g_test_add_func("/loss/keep_alives", test_keep_alives);
    g_test_add_func("/loss/zero_window_and_probe", test_zero_window_and_probe);
    g_test_add_func("/loss/zero_window_open_at_end", test_zero_window_open_at_end);
    g_test_add_func("/loss/dsack", test_dsack);
    g_test_add_func("/loss/figures_table", test_figures_table);
    return g_test_run();
}

/* Handshake and flow (core/tcp_options.c, core/flight.c, the window-full rule of core/loss.c)
 * on hand-built options and segments: every expected value is read off the lines of the
 * test. */
#include "conn_table.h"
#include "flight_figures.h"
#include "seg_builder.h"

#define SYN TS_SYN
#define ACK TS_ACK

/* MSS 1460, SACK permitted, timestamps 7/0, NOP, window scale 7: Linux's SYN. */
static const guint8 linux_syn[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 7, 0, 0, 0, 0, 1, 3, 3, 7};

static void test_options_linux_syn(void)
{
    ts_tcp_options o;
    ts_tcp_options_parse(linux_syn, sizeof linux_syn, sizeof linux_syn, &o);
    g_assert_cmpuint(o.mss, ==, 1460);
    g_assert_cmpuint(o.wscale, ==, 7 + 1);
    g_assert_cmpuint(o.bits, ==, TS_OPT_SACK_PERM | TS_OPT_TIMESTAMPS);
    g_assert_cmpuint(o.tsval, ==, 7);
    g_assert_cmpuint(o.tsecr, ==, 0);
}

static void test_options_cut_and_malformed(void)
{
    ts_tcp_options o;
    /* the snapshot length cut it inside the timestamps: what came before is kept */
    ts_tcp_options_parse(linux_syn, 9, sizeof linux_syn, &o);
    g_assert_cmpuint(o.mss, ==, 1460);
    g_assert_cmpuint(o.bits, ==, TS_OPT_SACK_PERM | TS_OPT_CUT);
    g_assert_cmpuint(o.wscale, ==, 0);
    /* a length of 1, a length past the header, an MSS of the wrong length */
    static const guint8 len1[] = {1, 1, 4, 1, 0, 0}, past[] = {4, 2, 2, 8, 5, 0xb4}, mss3[] = {2, 3, 5, 0};
    ts_tcp_options_parse(len1, sizeof len1, sizeof len1, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_CUT);
    ts_tcp_options_parse(past, sizeof past, sizeof past, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_SACK_PERM | TS_OPT_CUT);
    g_assert_cmpuint(o.mss, ==, 0);
    ts_tcp_options_parse(mss3, sizeof mss3, sizeof mss3, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_CUT);
    /* end of options: nothing after it is read */
    static const guint8 end[] = {0, 2, 4, 5, 0xb4};
    ts_tcp_options_parse(end, sizeof end, sizeof end, &o);
    g_assert_cmpuint(o.mss, ==, 0);
    g_assert_cmpuint(o.bits, ==, 0);
}

static void test_options_scale_and_fast_open(void)
{
    ts_tcp_options o;
    static const guint8 big_scale[] = {3, 3, 15, 1}; /* RFC 7323 2.3: read as 14 */
    ts_tcp_options_parse(big_scale, sizeof big_scale, sizeof big_scale, &o);
    g_assert_cmpuint(o.wscale, ==, 14 + 1);
    static const guint8 request[] = {34, 2, 1, 1}, cookie[] = {34, 10, 1, 2, 3, 4, 5, 6, 7, 8};
    ts_tcp_options_parse(request, sizeof request, sizeof request, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_TFO);
    ts_tcp_options_parse(cookie, sizeof cookie, sizeof cookie, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_TFO);
    /* the experimental kind with Fast Open's identifier, and with another one */
    static const guint8 exp_tfo[] = {254, 4, 0xf9, 0x89}, exp_other[] = {254, 4, 0x12, 0x34};
    ts_tcp_options_parse(exp_tfo, sizeof exp_tfo, sizeof exp_tfo, &o);
    g_assert_cmpuint(o.bits, ==, TS_OPT_TFO);
    ts_tcp_options_parse(exp_other, sizeof exp_other, sizeof exp_other, &o);
    g_assert_cmpuint(o.bits, ==, 0);
}

/* A segment of the test connection with its window field, the shift it is scaled by (not in
 * a SYN), and options (NULL: none). */
static ts_seg_result seg(test_flow *f, int dir, double t, guint16 flags, guint32 seq, guint32 ack, guint32 len,
                         guint16 win_raw, int shift, const guint8 *opt, gsize optlen)
{
    f->ip_id++;
    ts_segment s = test_segment(f, dir, t, flags, seq, ack, len, win_raw);
    s.window_raw = win_raw;
    s.window = (flags & SYN) ? win_raw : (guint32)win_raw << shift;
    if (opt)
        ts_tcp_options_parse(opt, optlen, optlen, &s.opt);
    ts_seg_result r;
    ts_table_add(f->table, &s, &r);
    return r;
}

/* SYN at 1.000 with window scale 7 both ways; handshake RTT 0.020. A sends from 1001, B
 * from 5001. */
static test_flow handshake(ts_table *t)
{
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    seg(&f, A_TO_B, 1.000, SYN | TS_ECE | TS_CWR, 1000, 0, 0, 64240, 0, linux_syn, sizeof linux_syn);
    static const guint8 synack[] = {2, 4, 0x05, 0x78, 1, 3, 3, 7}; /* MSS 1400, window scale 7 */
    seg(&f, B_TO_A, 1.010, SYN | ACK | TS_ECE, 5000, 1001, 0, 65160, 0, synack, sizeof synack);
    seg(&f, A_TO_B, 1.020, ACK, 1001, 5001, 0, 502, 7, NULL, 0);
    return f;
}

static guint32 figure(const ts_conn *c, const char *name, int d, gboolean *known)
{
    for (guint i = 0; i < ts_flight_figure_count; i++)
        if (g_str_equal(ts_flight_figures[i].name, name)) {
            guint32 v = 0;
            *known = ts_flight_figures[i].get(c, d, &v);
            return v;
        }
    g_assert_not_reached();
}

static void assert_figure(const ts_conn *c, const char *name, int d, gboolean known, guint32 v)
{
    gboolean k;
    guint32 got = figure(c, name, d, &k);
    g_assert_cmpint(k, ==, known);
    if (known)
        g_assert_cmpuint(got, ==, v);
}

static void test_handshake_options(void)
{
    ts_table *t = ts_table_new();
    handshake(t);
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "syn_captured", 0, TRUE, 1);
    assert_figure(c, "mss", 0, TRUE, 1460);
    assert_figure(c, "mss", 1, TRUE, 1400);
    assert_figure(c, "window_scale", 0, TRUE, 7);
    assert_figure(c, "sack_permitted", 0, TRUE, 1);
    assert_figure(c, "sack_permitted", 1, TRUE, 0);
    assert_figure(c, "timestamps", 1, TRUE, 0);
    assert_figure(c, "ecn_setup", 0, TRUE, 1); /* SYN: ECE and CWR */
    assert_figure(c, "ecn_setup", 1, TRUE, 1); /* SYN+ACK: ECE without CWR */
    assert_figure(c, "syn_data", 0, TRUE, 0);
    /* nothing sent yet: no first flight, nothing in flight */
    assert_figure(c, "first_flight_bytes", 0, FALSE, 0);
    assert_figure(c, "max_in_flight", 1, FALSE, 0);
    ts_table_free(t);
}

static void test_cut_options_say_no_only_when_seen(void)
{
    /* the SYN's options cut after the SACK permitted option (8 of 20 bytes captured) */
    static const guint8 cut[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10};
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    ts_segment syn = test_segment(&f, A_TO_B, 1.0, SYN, 1000, 0, 0, 64240);
    ts_tcp_options_parse(cut, sizeof cut, 20, &syn.opt);
    ts_table_add(t, &syn, NULL);
    static const guint8 synack[] = {2, 4, 0x05, 0x78};
    seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160, 0, synack, sizeof synack);
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "mss", 0, TRUE, 1460);
    assert_figure(c, "sack_permitted", 0, TRUE, 1); /* a yes before the cut is evidence */
    assert_figure(c, "timestamps", 0, FALSE, 0);    /* a no is not */
    assert_figure(c, "timestamps", 1, TRUE, 0);     /* whole options: a no is a no */
    assert_figure(c, "ecn_setup", 0, TRUE, 0);      /* flags are never cut */
    ts_table_free(t);
}

/* B answers a 100-byte request with a flight: 2 segments within the handshake RTT (0.020) of
 * its first, the third after it; A's second segment falls inside its own window. */
static void test_first_flight(void)
{
    ts_table *t = ts_table_new();
    test_flow f = handshake(t);
    seg(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502, 7, NULL, 0);
    seg(&f, B_TO_A, 1.040, ACK, 5001, 1101, 1000, 509, 7, NULL, 0);
    seg(&f, B_TO_A, 1.041, ACK, 6001, 1101, 1000, 509, 7, NULL, 0);
    seg(&f, A_TO_B, 1.049, ACK, 1101, 6001, 50, 502, 7, NULL, 0);  /* 0.019 after A's first */
    seg(&f, B_TO_A, 1.059, ACK, 5001, 1151, 1000, 509, 7, NULL, 0); /* a re-send: not new */
    seg(&f, B_TO_A, 1.060, ACK, 7001, 1151, 1000, 509, 7, NULL, 0); /* 0.020 after: the next flight */
    seg(&f, A_TO_B, 1.051, ACK, 1151, 6001, 50, 502, 7, NULL, 0);
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "first_flight_bytes", 0, TRUE, 150);
    assert_figure(c, "first_flight_segments", 0, TRUE, 2);
    assert_figure(c, "first_flight_bytes", 1, TRUE, 2000);
    assert_figure(c, "first_flight_segments", 1, TRUE, 2);
    ts_table_free(t);
}

static void test_first_flight_needs_a_handshake_rtt(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    seg(&f, A_TO_B, 1.000, ACK, 1001, 5001, 100, 502, 0, NULL, 0); /* mid-connection */
    seg(&f, B_TO_A, 1.010, ACK, 5001, 1101, 100, 502, 0, NULL, 0);
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "first_flight_bytes", 0, FALSE, 0);
    assert_figure(c, "first_flight_bytes", 1, FALSE, 0);
    assert_figure(c, "syn_captured", 0, TRUE, 0);
    assert_figure(c, "mss", 0, FALSE, 0);
    assert_figure(c, "sack_permitted", 0, FALSE, 0);
    ts_table_free(t);
}

/* In flight after each of B's segments: its highest sequence number plus one minus A's
 * latest acknowledgement number. */
static void test_in_flight(void)
{
    ts_table *t = ts_table_new();
    test_flow f = handshake(t);
    seg(&f, A_TO_B, 1.030, ACK, 1001, 5001, 100, 502, 7, NULL, 0);
    ts_seg_result r = seg(&f, B_TO_A, 1.040, ACK, 5001, 1101, 1000, 509, 7, NULL, 0);
    g_assert_cmpuint(r.in_flight, ==, 6001 - 5001);
    r = seg(&f, B_TO_A, 1.041, ACK, 6001, 1101, 1000, 509, 7, NULL, 0);
    g_assert_cmpuint(r.in_flight, ==, 7001 - 5001);
    r = seg(&f, A_TO_B, 1.050, ACK, 1101, 6001, 0, 502, 7, NULL, 0);
    g_assert_cmpuint(r.in_flight, ==, 0); /* no payload: no figure */
    r = seg(&f, B_TO_A, 1.051, ACK | TS_FIN, 7001, 1101, 500, 509, 7, NULL, 0);
    g_assert_cmpuint(r.in_flight, ==, 7502 - 6001 - 1); /* the FIN takes no buffer */
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "max_in_flight", 1, TRUE, 2000);
    /* A's request went out before B acknowledged anything of it: B's SYN+ACK did (1001) */
    assert_figure(c, "max_in_flight", 0, TRUE, 1101 - 1001);
    ts_table_free(t);
}

/* RFC 7323 2.2 and Wireshark: the shift of a direction's windows as far as the SYNs tell. */
static void test_window_shift(void)
{
    ts_flight_dir f[2];
    ts_flight_init(&f[0]);
    ts_flight_init(&f[1]);
    g_assert_cmpint(ts_flight_window_shift(f, 0), ==, -1); /* no SYN seen */
    f[0].syn_bits = TS_SYN_SEEN;
    f[0].wscale = 8;
    g_assert_cmpint(ts_flight_window_shift(f, 0), ==, 7);  /* its SYN offered 7, the other's unseen */
    g_assert_cmpint(ts_flight_window_shift(f, 1), ==, -1); /* the other's own SYN unseen */
    f[1].syn_bits = TS_SYN_SEEN;
    g_assert_cmpint(ts_flight_window_shift(f, 0), ==, 0); /* the other did not offer: no scaling */
    g_assert_cmpint(ts_flight_window_shift(f, 1), ==, 0);
    f[1].wscale = 3;
    g_assert_cmpint(ts_flight_window_shift(f, 0), ==, 7);
    g_assert_cmpint(ts_flight_window_shift(f, 1), ==, 2);
    f[0].syn_bits = 0;
    f[0].wscale = 0;
    g_assert_cmpint(ts_flight_window_shift(f, 0), ==, -1);
    g_assert_cmpint(ts_flight_window_shift(f, 1), ==, 2);
}

/* A's latest window: 10 << 7 = 1280 bytes from its acknowledgement number 5001. */
static void test_window_full(void)
{
    ts_table *t = ts_table_new();
    test_flow f = handshake(t);
    seg(&f, A_TO_B, 1.030, ACK, 1001, 5001, 0, 10, 7, NULL, 0);
    ts_seg_result r = seg(&f, B_TO_A, 1.040, ACK, 5001, 1001, 1000, 509, 7, NULL, 0);
    g_assert_cmpuint(r.loss.window_full, ==, 0);
    r = seg(&f, B_TO_A, 1.041, ACK, 6001, 1001, 280, 509, 7, NULL, 0); /* ends at 5001 + 1280 */
    g_assert_cmpuint(r.loss.window_full, ==, 1);
    const ts_conn *c = ts_table_lookup(t, 0);
    g_assert_nonnull(c->loss);
    g_assert_cmpuint(c->loss->dir[1].window_fulls, ==, 1);
    g_assert_cmpuint(c->loss->dir[0].window_fulls, ==, 0);
    ts_table_free(t);

    /* the same with the other side's window still its SYN's (never scaled): 64240 bytes */
    t = ts_table_new();
    f = (test_flow){t, 0, 4, 40000, 80, 0, 0};
    seg(&f, A_TO_B, 1.000, SYN, 1000, 0, 0, 1000, 0, linux_syn, sizeof linux_syn);
    static const guint8 synack[] = {1, 3, 3, 7};
    seg(&f, B_TO_A, 1.010, SYN | ACK, 5000, 1001, 0, 65160, 0, synack, sizeof synack);
    seg(&f, A_TO_B, 1.020, SYN, 1000, 0, 0, 1000, 0, linux_syn, sizeof linux_syn); /* the SYN again */
    r = seg(&f, B_TO_A, 1.030, ACK, 5001, 1001, 1000, 509, 7, NULL, 0);
    g_assert_cmpuint(r.loss.window_full, ==, 0); /* A acknowledged nothing yet */
    ts_table_free(t);

    /* no SYN seen: the scale is unknown, so is the window's edge */
    t = ts_table_new();
    f = (test_flow){t, 0, 4, 40000, 80, 0, 0};
    seg(&f, A_TO_B, 1.000, ACK, 1001, 5001, 0, 10, 0, NULL, 0);
    r = seg(&f, B_TO_A, 1.010, ACK, 5001, 1001, 10, 509, 0, NULL, 0);
    g_assert_cmpuint(r.loss.window_full, ==, 0);
    ts_table_free(t);
}

static void test_syn_data(void)
{
    ts_table *t = ts_table_new();
    test_flow f = {t, 0, 4, 40000, 80, 0, 0};
    static const guint8 tfo[] = {2, 4, 0x05, 0xb4, 34, 10, 1, 2, 3, 4, 5, 6, 7, 8};
    seg(&f, A_TO_B, 1.000, SYN, 1000, 0, 100, 64240, 0, tfo, sizeof tfo);
    const ts_conn *c = ts_table_lookup(t, 0);
    assert_figure(c, "syn_data", 0, TRUE, 1);
    assert_figure(c, "fast_open", 0, TRUE, 1);
    /* its data came before any handshake RTT: the first flight is unknown */
    assert_figure(c, "first_flight_bytes", 0, FALSE, 0);
    ts_table_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options/linux_syn", test_options_linux_syn);
    g_test_add_func("/options/cut_and_malformed", test_options_cut_and_malformed);
    g_test_add_func("/options/scale_and_fast_open", test_options_scale_and_fast_open);
    g_test_add_func("/flight/handshake_options", test_handshake_options);
    g_test_add_func("/flight/cut_options_say_no_only_when_seen", test_cut_options_say_no_only_when_seen);
    g_test_add_func("/flight/first_flight", test_first_flight);
    g_test_add_func("/flight/first_flight_needs_a_handshake_rtt", test_first_flight_needs_a_handshake_rtt);
    g_test_add_func("/flight/in_flight", test_in_flight);
    g_test_add_func("/flight/window_shift", test_window_shift);
    g_test_add_func("/flight/window_full", test_window_full);
    g_test_add_func("/flight/syn_data", test_syn_data);
    return g_test_run();
}

/* Clock alignment on the corpus recordings and on synthetic stretched copies. Expected offsets
 * come from the corpus README's arithmetic (first SYN in the capture minus its net_dev_xmit),
 * done here on the numbers read from the files; packets come from tshark field dumps. */
#include "clock_align.h"
#include "parse.h"
#include "fixtures.h"

#include <math.h>
#include <string.h>

#define US 1000
#define TOL_NS (50 * US)

/* README: "the first SYN is at epoch 1795361195.181377 in the capture and its net_dev_xmit
 * (len=74) at 2814.954597 in the trace: offset 1795358380.226780 s" */
static const gint64 http_offset_ns =
    G_GINT64_CONSTANT(1795361195181377000) - G_GINT64_CONSTANT(2814954597000);

static ts_clock_fit align(const char *events, const char *packets)
{
    ts_events *evs = fixture_events(events);
    guint n;
    ts_wire_packet *p = fixture_packets(packets, &n);
    ts_clock_fit fit;
    GError *err = NULL;
    g_assert_true(ts_clock_align(evs, p, n, NULL, &fit, &err));
    g_assert_no_error(err);
    g_assert_true(fit.ok);
    g_free(p);
    ts_events_free(evs);
    return fit;
}

static void test_http_offset_and_anchors(void)
{
    g_assert_cmpint(http_offset_ns, ==, G_GINT64_CONSTANT(1795358380226780000));
    ts_clock_fit fit = align("http.ftrace.txt", "http.packets.tsv");
    g_assert_false(fit.manual);
    g_assert_cmpint(ABS(fit.offset_ns - http_offset_ns), <=, TOL_NS);
    g_assert_cmpfloat(fabs(fit.drift_ppm), ==, 0); /* 26 ms of anchors: too short for a drift */
    /* every frame (37 lines in http.packets.tsv, grep -c 'net_dev_xmit:' = 37) has its xmit
     * anchor; grep -c 'tcp_probe:' = 20; 3 connections, ESTABLISHED on both sides = 6 */
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_XMIT], ==, 37);
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_PROBE], ==, 20);
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_HANDSHAKE], ==, 6);
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_SYN_SENT], ==, 0);
    g_assert_cmpuint(fit.n_anchors, ==, 63);
    g_assert_cmpuint(fit.n_outliers, ==, 0);
    g_assert_cmpfloat(fit.median_abs_us, <, 10);
    g_assert_cmpfloat(fit.max_abs_us, <, 50);

    /* README: "the next two frames line up within 5 us" (frames 2 and 3 against the xmit lines
     * 16 and 20 of http.ftrace.txt: 2814.954635 and 2814.954657); our offset may differ from the
     * README's by a few us, so 5 us + that difference */
    gint64 slack = 5 * US + ABS(fit.offset_ns - http_offset_ns);
    g_assert_cmpint(ABS(ts_clock_to_epoch_ns(&fit, G_GINT64_CONSTANT(2814954635000)) -
                        G_GINT64_CONSTANT(1795361195181412000)), <=, slack);
    g_assert_cmpint(ABS(ts_clock_to_epoch_ns(&fit, G_GINT64_CONSTANT(2814954657000)) -
                        G_GINT64_CONSTANT(1795361195181433000)), <=, slack);
}

/* The same arithmetic on the other recordings: frame 1 of NAME.packets.tsv minus the first
 * net_dev_xmit of that length (grep -m1 'net_dev_xmit: dev=... len=LEN ' NAME.ftrace.txt). */
static void test_other_recordings(void)
{
    static const struct {
        const char *events, *packets;
        gint64 frame1_ns, xmit_ns;
        guint frames;
    } cases[] = {
        {"ncat_hello.ftrace.txt", "ncat_hello.packets.tsv", G_GINT64_CONSTANT(1795361224522629000),
         G_GINT64_CONSTANT(2844295837000), 9},
        {"http_ipv6.ftrace.txt", "http_ipv6.packets.tsv", G_GINT64_CONSTANT(1795361232931110000),
         G_GINT64_CONSTANT(2852704317000), 48},
        {"lossy.ftrace.txt", "lossy.packets.tsv", G_GINT64_CONSTANT(1795361932635839000),
         G_GINT64_CONSTANT(3552408815000), 1537},
        {"named_tasks.ftrace.txt", "named_tasks.packets.tsv", G_GINT64_CONSTANT(1795375635634610000),
         G_GINT64_CONSTANT(3904093610000), 24},
        {"named_tasks.tracecmd.txt", "named_tasks_tc.packets.tsv",
         G_GINT64_CONSTANT(1795375637832642000), G_GINT64_CONSTANT(3906291643000), 24},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        ts_clock_fit fit = align(cases[i].events, cases[i].packets);
        g_test_message("%s: offset %.6f drift %.3f ppm anchors %u median %.1f max %.1f us",
                       cases[i].events, ts_clock_offset_s(&fit), fit.drift_ppm, fit.n_anchors,
                       fit.median_abs_us, fit.max_abs_us);
        gint64 want = cases[i].frame1_ns - cases[i].xmit_ns;
        g_assert_cmpint(ABS(ts_clock_to_epoch_ns(&fit, cases[i].xmit_ns) - cases[i].xmit_ns - want),
                        <=, TOL_NS);
        /* every frame of the capture is an xmit anchor (lines of the .packets.tsv) */
        g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_XMIT], ==, cases[i].frames);
        g_assert_cmpfloat(fit.median_abs_us, <, 10);
        g_assert_cmpfloat(fit.max_abs_us, <, 50);
        g_assert_cmpfloat(fabs(fit.drift_ppm), <, 5);
    }
}

static void test_ebpf_only_handshakes(void)
{
    /* No xmit or probe in the eBPF rows: the ESTABLISHED rows anchor. The offset O (us) must put
     * each SYN_SENT row before its SYN and each client ESTABLISHED row after its SYN-ACK
     * (ebpf_http.ebpf.txt lines 4/5, 20/21, 36/37; frames 1/2, 13/14, 26/27):
     *   4128349934 + O < 1795362508602675   4128350262 + O > 1795362508602693
     *   4128361405 + O < 1795362508613910   4128361490 + O > 1795362508613925
     *   4128371397 + O < 1795362508623910   4128371491 + O > 1795362508623926 */
    ts_clock_fit fit = align("ebpf_http.ebpf.txt", "ebpf_http.packets.tsv");
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_HANDSHAKE], ==, 6);
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_XMIT], ==, 0);
    gint64 o_us = fit.offset_ns / 1000;
    g_assert_cmpint(o_us, >, G_GINT64_CONSTANT(1795362508613925) - 4128361490);
    g_assert_cmpint(o_us, <, G_GINT64_CONSTANT(1795362508613910) - 4128361405);
}

static void test_syn_sent_only(void)
{
    /* the three SYN_SENT lines of http.ftrace.txt alone: a coarse offset, the SYN leaves 35 to
     * 420 us after SYN_SENT */
    char *path = fixture_path("http.ftrace.txt");
    char *text;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    gchar **lines = g_strsplit(text, "\n", -1);
    GString *only = g_string_new(NULL);
    for (guint i = 0; lines[i]; i++)
        if (strstr(lines[i], "newstate=TCP_SYN_SENT"))
            g_string_append_printf(only, "%s\n", lines[i]);
    ts_events *evs = ts_events_parse_buffer(only->str, only->len, "syn_sent", TS_EVENTS_AUTO, NULL);
    g_assert_cmpuint(evs->n, ==, 3);
    guint n;
    ts_wire_packet *p = fixture_packets("http.packets.tsv", &n);
    ts_clock_fit fit;
    g_assert_true(ts_clock_align(evs, p, n, NULL, &fit, NULL));
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_SYN_SENT], ==, 3);
    g_assert_cmpint(ABS(fit.offset_ns - http_offset_ns), <=, 500 * US);
    g_free(p);
    ts_events_free(evs);
    g_string_free(only, TRUE);
    g_strfreev(lines);
    g_free(text);
    g_free(path);
}

static void test_no_anchor(void)
{
    /* the tool's README sample (port 9999) against the http capture (port 8765) */
    ts_events *evs = fixture_events("crisp_sample.ebpf.txt");
    guint n;
    ts_wire_packet *p = fixture_packets("http.packets.tsv", &n);
    ts_clock_fit fit;
    GError *err = NULL;
    g_assert_false(ts_clock_align(evs, p, n, NULL, &fit, &err));
    g_assert_false(fit.ok);
    g_assert_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT);
    g_clear_error(&err);
    g_assert_false(ts_clock_align(evs, p, 0, NULL, &fit, &err));
    g_clear_error(&err);
    g_free(p);
    ts_events_free(evs);
}

static void test_manual_offset(void)
{
    ts_events *evs = fixture_events("http.ftrace.txt");
    guint n;
    ts_wire_packet *p = fixture_packets("http.packets.tsv", &n);
    ts_align_options opt;
    ts_align_options_init(&opt);
    opt.manual = TRUE;
    g_assert_true(ts_clock_parse_offset("1795358380.226780", &opt.manual_offset_ns));
    g_assert_cmpint(opt.manual_offset_ns, ==, http_offset_ns);
    ts_clock_fit fit;
    g_assert_true(ts_clock_align(evs, p, n, &opt, &fit, NULL));
    g_assert_true(fit.manual);
    g_assert_cmpint(fit.offset_ns, ==, http_offset_ns);
    g_assert_cmpint(ts_clock_to_epoch_ns(&fit, G_GINT64_CONSTANT(2814954597000)), ==,
                    G_GINT64_CONSTANT(1795361195181377000));
    g_assert_cmpuint(fit.n_by_type[TS_ANCHOR_XMIT], ==, 37);
    g_assert_cmpfloat(fit.median_abs_us, <, 10);
    /* a wrong offset is taken as given; nothing pairs with it */
    opt.manual_offset_ns += 1000000000;
    g_assert_true(ts_clock_align(evs, p, n, &opt, &fit, NULL));
    g_assert_cmpuint(fit.n_anchors, ==, 0);
    g_free(p);
    ts_events_free(evs);
}

static void test_parse_offset(void)
{
    gint64 v;
    g_assert_true(ts_clock_parse_offset("-1.5", &v));
    g_assert_cmpint(v, ==, -1500000000);
    g_assert_true(ts_clock_parse_offset("+2", &v));
    g_assert_cmpint(v, ==, 2000000000);
    g_assert_true(ts_clock_parse_offset("0.000000001", &v));
    g_assert_cmpint(v, ==, 1);
    g_assert_false(ts_clock_parse_offset("abc", &v));
    g_assert_false(ts_clock_parse_offset("1.5s", &v));
    g_assert_false(ts_clock_parse_offset("", &v));
}

static void test_drift_of_stretched_lossy(void)
{
    /* lossy's capture times stretched by 100 ppm around its first packet: the fitted drift moves
     * by 100 ppm and the anchors still pair */
    ts_events *evs = fixture_events("lossy.ftrace.txt");
    guint n;
    ts_wire_packet *p = fixture_packets("lossy.packets.tsv", &n);
    ts_clock_fit base, stretched;
    g_assert_true(ts_clock_align(evs, p, n, NULL, &base, NULL));
    g_assert_cmpfloat(base.span_ns, >, 3e9); /* long enough for a drift (2 s) */
    gint64 t0 = p[0].time_ns;
    for (guint i = 0; i < n; i++)
        p[i].time_ns = t0 + (gint64)llround((double)(p[i].time_ns - t0) * (1 + 100e-6));
    g_assert_true(ts_clock_align(evs, p, n, NULL, &stretched, NULL));
    g_test_message("drift %.3f -> %.3f ppm", base.drift_ppm, stretched.drift_ppm);
    g_assert_cmpfloat(fabs(stretched.drift_ppm - base.drift_ppm - 100), <, 2);
    g_assert_cmpuint(stretched.n_by_type[TS_ANCHOR_XMIT], ==, base.n_by_type[TS_ANCHOR_XMIT]);
    g_assert_cmpfloat(stretched.median_abs_us, <, 10);
    g_free(p);
    ts_events_free(evs);
}

static void test_drift_over_ten_minutes(void)
{
    /* A synthetic 10-minute recording: 20000 net_dev_xmit events of assorted lengths, 30 ms apart,
     * and their frames on a capture clock running 250 ppm fast with +-3 us of jitter. At 250 ppm
     * the offset moves by 150 ms, far beyond the pairing tolerance, so this needs the widening. */
    const gint64 k0 = G_GINT64_CONSTANT(1000000000000), off = G_GINT64_CONSTANT(1700000000000000000);
    const guint n = 20000;
    const double drift = 250e-6;
    static const guint lens[] = {66, 74, 1514, 583, 90, 1200, 66, 66};
    GRand *r = g_rand_new_with_seed(7);
    GString *text = g_string_new("# tracer: nop\n");
    ts_wire_packet *p = g_new0(ts_wire_packet, n);
    for (guint i = 0; i < n; i++) {
        gint64 k = k0 + (gint64)i * 30000000 + g_rand_int_range(r, 0, 1000000);
        guint len = lens[g_rand_int_range(r, 0, G_N_ELEMENTS(lens))];
        g_string_append_printf(text, "  app-1 [000] ..... %" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT
                               ": net_dev_xmit: dev=eth0 skbaddr=0000000000000001 len=%u rc=0\n",
                               k / 1000000000, k % 1000000000, len);
        p[i].time_ns = k + off + (gint64)llround(drift * (double)(k - k0)) + g_rand_int_range(r, -3000, 3000);
        p[i].frame = i + 1;
        p[i].len = len;
    }
    ts_events *evs = ts_events_parse_buffer(text->str, text->len, "synthetic", TS_EVENTS_FTRACE, NULL);
    g_assert_cmpuint(evs->n, ==, n);
    ts_clock_fit fit;
    g_assert_true(ts_clock_align(evs, p, n, NULL, &fit, NULL));
    g_test_message("drift %.3f ppm, anchors %u, median %.1f us", fit.drift_ppm, fit.n_anchors,
                   fit.median_abs_us);
    g_assert_cmpfloat(fabs(fit.drift_ppm - 250), <, 0.5);
    g_assert_cmpuint(fit.n_anchors, >=, n - 10);
    for (gint64 k = k0; k < k0 + G_GINT64_CONSTANT(600000000000); k += G_GINT64_CONSTANT(60000000000))
        g_assert_cmpint(ABS(ts_clock_to_epoch_ns(&fit, k) - (k + off + (gint64)llround(drift * (double)(k - k0)))),
                        <, 5 * US);
    /* the inverse mapping */
    g_assert_cmpint(ABS(ts_clock_to_kernel_ns(&fit, ts_clock_to_epoch_ns(&fit, k0 + 12345678)) -
                        (k0 + 12345678)), <=, 1);
    ts_events_free(evs);
    g_free(p);
    g_string_free(text, TRUE);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/align/http_offset_and_anchors", test_http_offset_and_anchors);
    g_test_add_func("/events/align/other_recordings", test_other_recordings);
    g_test_add_func("/events/align/ebpf_only_handshakes", test_ebpf_only_handshakes);
    g_test_add_func("/events/align/syn_sent_only", test_syn_sent_only);
    g_test_add_func("/events/align/no_anchor", test_no_anchor);
    g_test_add_func("/events/align/manual_offset", test_manual_offset);
    g_test_add_func("/events/align/parse_offset", test_parse_offset);
    g_test_add_func("/events/align/drift_of_stretched_lossy", test_drift_of_stretched_lossy);
    g_test_add_func("/events/align/drift_over_ten_minutes", test_drift_over_ten_minutes);
    return g_test_run();
}

/* Matching events to packets after alignment. Frame facts come from the tshark field dumps. */
#include "fixtures.h"
#include "clock_align.h"
#include "match.h"

#include <string.h>

typedef struct {
    ts_events *evs;
    ts_wire_packet *p;
    guint n;
    ts_clock_fit fit;
    ts_matches *m;
} run;

static run run_on(const char *events, const char *packets)
{
    run r;
    r.evs = fixture_events(events);
    r.p = fixture_packets(packets, &r.n);
    g_assert_true(ts_clock_align(r.evs, r.p, r.n, NULL, &r.fit, NULL));
    r.m = ts_match_events(r.evs, r.p, r.n, &r.fit, NULL);
    g_assert_cmpuint(r.m->n_events, ==, r.evs->n);
    return r;
}

static void run_free(run *r)
{
    ts_matches_free(r->m);
    g_free(r->p);
    ts_events_free(r->evs);
}

/* Each frame has exactly one net_dev_xmit, of its own length, and frames follow event order. */
static void assert_xmit_per_frame(const run *r, guint frames)
{
    guint n;
    const guint32 *pos = ts_events_of_kind(r->evs, TS_EV_NET_DEV_XMIT, &n);
    guint matched = 0;
    gint last = -1;
    guint8 *seen = g_new0(guint8, r->n);
    for (guint i = 0; i < n; i++) {
        const ts_event_match *em = &r->m->ev[pos[i]];
        if (em->pkt < 0)
            continue;
        g_assert_cmpuint(em->how, ==, TS_MATCH_FRAME);
        g_assert_cmpuint(r->p[em->pkt].len, ==, r->evs->ev[pos[i]].u.dev.len);
        g_assert_false(seen[em->pkt]);
        seen[em->pkt] = 1;
        if (r->n == frames && strcmp(r->evs->ev[pos[i]].u.dev.dev, "lo") == 0) {
            g_assert_cmpint(em->pkt, >, last); /* one device: frames in event order */
            last = em->pkt;
        }
        matched++;
    }
    g_assert_cmpuint(matched, ==, frames);
    for (guint f = 0; f < r->n; f++) {
        guint k, xmit = 0;
        const guint32 *evs = ts_matches_of_packet(r->m, f, &k);
        for (guint j = 0; j < k; j++)
            xmit += r->evs->ev[evs[j]].kind == TS_EV_NET_DEV_XMIT;
        g_assert_cmpuint(xmit, ==, 1);
    }
    g_free(seen);
}

static void test_http_every_xmit_to_its_frame(void)
{
    run r = run_on("http.ftrace.txt", "http.packets.tsv");
    assert_xmit_per_frame(&r, 37); /* 37 lines in http.packets.tsv */
    g_assert_cmpfloat(ts_matches_kind_rate(r.m, TS_EV_NET_DEV_XMIT), ==, 1.0);

    /* http.ftrace.txt:14, the first SYN's xmit, is frame 1 (the README's pair) */
    const ts_event *x = event_at_line(r.evs, 14);
    g_assert_cmpuint(r.p[r.m->ev[x - r.evs->ev].pkt].frame, ==, 1);
    /* http.ftrace.txt:25, tcp_probe src=127.0.0.1:8765 dest=127.0.0.1:44256 data_len=78
     * snd_una=0x54c95685: http.packets.tsv frame 4 is 44256 -> 8765, 144 bytes, tcp.len 78,
     * ack 1422481029 (= 0x54c95685) */
    const ts_event *probe = event_at_line(r.evs, 25);
    const ts_event_match *em = &r.m->ev[probe - r.evs->ev];
    g_assert_cmpuint(em->how, ==, TS_MATCH_FRAME);
    g_assert_cmpuint(r.p[em->pkt].frame, ==, 4);
    g_assert_cmpuint(r.p[em->pkt].ack, ==, 0x54c95685);
    /* http.ftrace.txt:15, netif_receive_skb of the same skb as line 14: frame 1 too */
    em = &r.m->ev[event_at_line(r.evs, 15) - r.evs->ev];
    g_assert_cmpuint(em->how, ==, TS_MATCH_SKB);
    g_assert_cmpuint(r.p[em->pkt].frame, ==, 1);
    /* http.ftrace.txt:13, SYN_SENT (sport=0): the nearest packet of 127.0.0.1 -> :8765 */
    em = &r.m->ev[event_at_line(r.evs, 13) - r.evs->ev];
    g_assert_cmpuint(em->how, ==, TS_MATCH_NEAREST);
    g_assert_cmpuint(r.p[em->pkt].frame, ==, 1);

    /* all 127 events apply and match: 20 probes, 33 state changes, 37 + 37 device events */
    g_assert_cmpuint(r.m->applicable, ==, 127);
    g_assert_cmpuint(r.m->matched, ==, 127);
    g_assert_cmpfloat(ts_matches_rate(r.m), ==, 1.0);
    g_assert_cmpuint(r.m->kind_matched[TS_EV_TCP_PROBE], ==, 20);
    run_free(&r);
}

static void test_lossy_two_devices(void)
{
    /* 1537 TCP frames in lossy.packets.tsv, all sent through tsa0 (from 10.99.0.1) or its veth
     * peer tsb0 (from 10.99.0.2); the 10 other xmits per device pair are ARP and neighbour
     * discovery, not in the "tcp" capture */
    run r = run_on("lossy.ftrace.txt", "lossy.packets.tsv");
    assert_xmit_per_frame(&r, 1537);
    guint n;
    const guint32 *pos = ts_events_of_kind(r.evs, TS_EV_NET_DEV_XMIT, &n);
    for (guint i = 0; i < n; i++) {
        const ts_event *ev = &r.evs->ev[pos[i]];
        const ts_event_match *em = &r.m->ev[pos[i]];
        if (em->pkt < 0)
            continue;
        char want = strcmp(ev->u.dev.dev, "tsa0") == 0 ? 1 : 2; /* 10.99.0.1 or .2 */
        g_assert_cmpuint(r.p[em->pkt].src.bytes[3], ==, want);
    }
    g_assert_cmpuint(r.m->kind_matched[TS_EV_TCP_RETRANSMIT_SKB], ==, 1406);
    g_assert_cmpfloat(ts_matches_rate(r.m), >, 0.99);
    g_assert_cmpuint(r.m->outside, >, 0);
    run_free(&r);
}

static void test_rates_elsewhere(void)
{
    static const struct {
        const char *events, *packets;
        guint frames;
    } cases[] = {
        {"ncat_hello.ftrace.txt", "ncat_hello.packets.tsv", 9},
        {"http_ipv6.ftrace.txt", "http_ipv6.packets.tsv", 48},
        {"named_tasks.ftrace.txt", "named_tasks.packets.tsv", 24},
        {"named_tasks.tracecmd.txt", "named_tasks_tc.packets.tsv", 24},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        run r = run_on(cases[i].events, cases[i].packets);
        assert_xmit_per_frame(&r, cases[i].frames);
        g_assert_cmpfloat(ts_matches_rate(r.m), ==, 1.0);
        g_assert_cmpuint(r.m->kind_matched[TS_EV_TCP_PROBE], ==, count_kind(r.evs, TS_EV_TCP_PROBE));
        run_free(&r);
    }
    /* eBPF rows: all but the listening socket's two rows (0.0.0.0) match a packet of their
     * connection */
    run r = run_on("ebpf_http.ebpf.txt", "ebpf_http.packets.tsv");
    g_assert_cmpuint(r.m->not_applicable, ==, 2);
    g_assert_cmpuint(r.m->matched, ==, 49);
    g_assert_cmpfloat(ts_matches_rate(r.m), ==, 1.0);
    run_free(&r);
}

static void test_outside_the_capture(void)
{
    /* http's events against its first 12 frames only (the first connection, http.packets.tsv
     * frames 1-12): the other connections' events are outside, not unmatched */
    ts_events *evs = fixture_events("http.ftrace.txt");
    guint n;
    ts_wire_packet *p = fixture_packets("http.packets.tsv", &n);
    ts_clock_fit fit;
    g_assert_true(ts_clock_align(evs, p, n, NULL, &fit, NULL));
    ts_matches *m = ts_match_events(evs, p, 12, &fit, NULL);
    g_assert_cmpuint(m->kind_matched[TS_EV_NET_DEV_XMIT], ==, 12);
    g_assert_cmpuint(m->kind_applicable[TS_EV_NET_DEV_XMIT], ==, 12);
    g_assert_cmpuint(m->outside, >, 0);
    g_assert_cmpuint(m->outside + m->applicable + m->not_applicable, ==, evs->n);
    ts_matches_free(m);
    /* nothing aligned: everything is outside */
    ts_clock_fit none = {0};
    m = ts_match_events(evs, p, n, &none, NULL);
    g_assert_cmpuint(m->matched, ==, 0);
    g_assert_cmpuint(m->outside + m->not_applicable, ==, evs->n);
    ts_matches_free(m);
    g_free(p);
    ts_events_free(evs);
}

static void test_events_near_packet(void)
{
    /* the binary search agrees with a scan, for every frame of lossy */
    run r = run_on("lossy.ftrace.txt", "lossy.packets.tsv");
    const gint64 window = 200000;
    for (guint f = 0; f < r.n; f += 7) {
        guint first, end, want_first = r.evs->n, want_n = 0;
        ts_events_near(r.evs, &r.fit, r.p[f].time_ns, window, &first, &end);
        for (guint i = 0; i < r.evs->n; i++) {
            gint64 x = ts_clock_to_epoch_ns(&r.fit, r.evs->ev[i].ts_ns);
            if (ABS(x - r.p[f].time_ns) <= window) {
                want_first = MIN(want_first, i);
                want_n++;
            }
        }
        g_assert_cmpuint(end - first, ==, want_n);
        if (want_n)
            g_assert_cmpuint(first, ==, want_first);
    }
    run_free(&r);
}

/* Each recording fits its own capture; aligned with another capture (by chance pairs of equal
 * frame lengths) it does not, and the reason names the rule that failed. */
static void test_fit_capture(void)
{
    static const struct {
        const char *events, *packets;
    } own[] = {
        {"http.ftrace.txt", "http.packets.tsv"},
        {"ncat_hello.ftrace.txt", "ncat_hello.packets.tsv"},
        {"http_ipv6.ftrace.txt", "http_ipv6.packets.tsv"},
        {"lossy.ftrace.txt", "lossy.packets.tsv"},
        {"named_tasks.ftrace.txt", "named_tasks.packets.tsv"},
        {"named_tasks.tracecmd.txt", "named_tasks_tc.packets.tsv"},
        {"ebpf_http.ebpf.txt", "ebpf_http.packets.tsv"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(own); i++) {
        run r = run_on(own[i].events, own[i].packets);
        GString *why = g_string_new(NULL);
        g_assert_true(ts_matches_fit_capture(r.m, &r.fit, why));
        g_assert_cmpstr(why->str, ==, "");
        g_string_free(why, TRUE);
        run_free(&r);
    }
    static const struct {
        const char *events, *packets, *rule;
    } crossed[] = {
        {"lossy.ftrace.txt", "http.packets.tsv", "found their packet"},
        {"http.ftrace.txt", "lossy.packets.tsv", "found their packet"},
        {"http.ftrace.txt", "ncat_hello.packets.tsv", "anchors agree"},
        {"ncat_hello.ftrace.txt", "http.packets.tsv", "anchors agree"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(crossed); i++) {
        run r = run_on(crossed[i].events, crossed[i].packets);
        GString *why = g_string_new(NULL);
        g_assert_false(ts_matches_fit_capture(r.m, &r.fit, why));
        g_assert_nonnull(strstr(why->str, crossed[i].rule));
        if (strstr(crossed[i].rule, "packet")) {
            g_assert_cmpuint(r.fit.n_anchors, >=, TS_FIT_MIN_ANCHORS);
            g_assert_cmpfloat(ts_matches_rate(r.m), <, TS_FIT_MIN_RATE);
            char *numbers = g_strdup_printf("only %u of the %u events", r.m->matched, r.m->applicable);
            g_assert_nonnull(strstr(why->str, numbers));
            g_free(numbers);
        } else {
            g_assert_cmpuint(r.fit.n_anchors, <, TS_FIT_MIN_ANCHORS);
        }
        /* the user's own offset is taken as it is */
        ts_clock_fit given = r.fit;
        given.manual = TRUE;
        g_assert_true(ts_matches_fit_capture(r.m, &given, NULL));
        g_string_free(why, TRUE);
        run_free(&r);
    }
    /* an offset that puts every event an hour away from the capture */
    run r = run_on("http.ftrace.txt", "http.packets.tsv");
    ts_clock_fit away = r.fit;
    away.offset_ns += (gint64)3600 * 1000000000;
    ts_matches *m = ts_match_events(r.evs, r.p, r.n, &away, NULL);
    GString *why = g_string_new(NULL);
    g_assert_false(ts_matches_fit_capture(m, &away, why));
    g_assert_cmpstr(why->str, ==, "none of the 127 events lies within the capture's time range");
    g_string_free(why, TRUE);
    ts_matches_free(m);
    /* no alignment at all */
    ts_clock_fit none = {0};
    g_assert_false(ts_matches_fit_capture(r.m, &none, NULL));
    run_free(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/match/http_every_xmit_to_its_frame", test_http_every_xmit_to_its_frame);
    g_test_add_func("/events/match/lossy_two_devices", test_lossy_two_devices);
    g_test_add_func("/events/match/rates_elsewhere", test_rates_elsewhere);
    g_test_add_func("/events/match/outside_the_capture", test_outside_the_capture);
    g_test_add_func("/events/match/events_near_packet", test_events_near_packet);
    g_test_add_func("/events/match/fit_capture", test_fit_capture);
    return g_test_run();
}

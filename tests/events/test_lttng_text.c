/* babeltrace2 text lines, written out by hand with the values each must give. The layouts are
 * babeltrace2 2.0's sink.text.pretty (default, --clock-seconds, --clock-date, --clock-cycles,
 * --no-delta, context scopes, payload only); the network and system call fields are the ones
 * lttng-modules 2.9+ records. */
#include "fixtures.h"
#include "parse.h"

#include <string.h>

#define NS G_GINT64_CONSTANT(1000000000)

static const char sample[] =
    /* 1: default layout, time of day */
    "[19:01:16.535112167] (+0.000055760) VM1 inet_sock_local_out: { cpu_id = 0 }, { sk = 0xFFFF88001D510E00, seq = 0x14FB353E, ack_seq = 0xD2C7148B, check = 0x8ECA, window = 0x295, flags = 0x1808 }\n"
    /* 2: --clock-seconds */
    "[1361214076.535338870] (+0.000226703) VM1 inet_sock_local_in: { cpu_id = 1 }, { sk = 0xFFFF88001D510E00, seq = 0xD2C7148B, ack_seq = 0x14FB362E, check = 0x9375, window = 0x5BD, flags = 0x808 }\n"
    /* 3: --clock-date --no-delta, strings */
    "[2013-02-18 19:01:16.535112167] VM1 sched_switch: { cpu_id = 0 }, { prev_comm = \"lttng-sessiond\", prev_tid = 2274, prev_prio = 20, prev_state = 1, next_comm = \"scp\", next_tid = 7416, next_prio = 20 }\n"
    /* 4: a stream event context, and the IP and TCP headers of lttng-modules 2.9+ */
    "[10:00:00.000000100] (+?.\?\?\?\?\?\?\?\?\?) host net_dev_queue: { cpu_id = 1 }, { procname = \"scp\", vtid = 4242, vpid = 4240 }, { skbaddr = 0xFFFF8800A1B2C300, len = 86, name = \"eth0\", network_header_type = ( \"_ipv4\" : container = 1 ), network_header = { { version = 4, ihl = 5, tos = 0, tot_len = 72, id = 0x1C46, frag_off = 16384, ttl = 64, protocol = ( \"_tcp\" : container = 6 ), checksum = 0xB1E6, saddr = [ [0] = 10, [1] = 0, [2] = 10, [3] = 4 ], daddr = [ [0] = 10, [1] = 0, [2] = 10, [3] = 21 ], transport_header_type = ( \"_tcp\" : container = 1 ), transport_header = { { source_port = 48361, dest_port = 22, seq = 2768159244, ack_seq = 0, data_offset = 10, reserved = 0, flags = 0x2, window_size = 14600, checksum = 0x2847, urg_ptr = 0 } } } } }\n"
    /* 5: payload only, no network header */
    "[10:00:00.000000200] host net_if_receive_skb: { skbaddr = 0xFFFF8800A1B2C400, len = 52, name = \"eth0\", network_header_type = ( \"_unknown\" : container = 0 ), network_header = { { } } }\n"
    /* 6, 7: connect, with the address it was given */
    "[10:00:00.000000300] (+0.000000100) host syscall_entry_connect: { cpu_id = 0 }, { procname = \"scp\", vtid = 4242, vpid = 4240 }, { fd = 3, uservaddr = 0x7FFC2D3A1B40, addrlen = 16, family = 2, dport = 22, _v4addr_length = 4, v4addr = [ [0] = 10, [1] = 0, [2] = 10, [3] = 21 ], _v6addr_length = 0, v6addr = [ ] }\n"
    "[10:00:00.000000400] (+0.000000100) host syscall_exit_connect: { cpu_id = 0 }, { procname = \"scp\", vtid = 4242, vpid = 4240 }, { ret = -115 }\n"
    /* 8: accept4's exit with the IPv6 peer */
    "[10:00:00.000000500] (+0.000000100) host syscall_exit_accept4: { cpu_id = 1 }, { procname = \"sshd\", vtid = 900, vpid = 900 }, { ret = 5, upeer_sockaddr = 0x7FFE00001000, upeer_addrlen = 28, family = 10, sport = 48362, _v4addr_length = 0, v4addr = [ ], _v6addr_length = 8, v6addr = [ [0] = 0xFE80, [1] = 0x0, [2] = 0x0, [3] = 0x0, [4] = 0x0, [5] = 0x0, [6] = 0x0, [7] = 0x1 ] }\n"
    /* 9: the tracer lost events */
    "WARNING: Tracer discarded 12 events between [10:00:00.000000500] and [10:00:00.000000600] in trace \"host\" (UUID: 2a1bda29-ffc3-e248-8053-81ccaf830d2f) within stream id 0, stream instance ID 0.\n"
    /* 10: an enumeration value without a label, escapes, a name with colons */
    "[10:00:00.000000600] host my_provider:my_event: { }, { state = ( <unknown> : container = 7 ), msg = \"a\\\"b\\\\c\\n\", ok = true, ratio = 0.5 }\n"
    /* 11, 12: past midnight */
    "[23:59:59.999999999] host before_midnight: { cpu_id = 0 }, { }\n"
    "[00:00:00.000000001] host after_midnight: { cpu_id = 0 }, { }\n"
    /* 13: --clock-cycles */
    "[00000010517202780678] (+000000055760) VM1 syscall_entry_close: { cpu_id = 0 }, { fd = 7 }\n"
    /* 14-16: bad lines: cut in the middle, babeltrace2's own error output, something else */
    "[10:00:00.000000700] (+0.000000100) host sched_switch: { cpu_id = 0 }, { prev_comm = \"ba\n"
    "ERROR:    [Babeltrace CLI] (babeltrace2.c:2547)\n"
    "hello world\n";

static ts_events *load_sample(void)
{
    ts_events *evs = ts_events_parse_buffer(sample, strlen(sample), "sample.txt", TS_EVENTS_AUTO, NULL);
    g_assert_nonnull(evs);
    g_assert_cmpint(evs->format, ==, TS_EVENTS_LTTNG_TEXT);
    return evs;
}

static const char *field(const ts_events *evs, const ts_event *ev, const char *key)
{
    const char *v = ts_event_field_value(evs, ev, key);
    g_assert_nonnull(v);
    return v;
}

static void test_counts(void)
{
    ts_events *evs = load_sample();
    g_assert_cmpuint(evs->n_lines, ==, 16);
    g_assert_cmpuint(evs->n, ==, 12);
    g_assert_cmpuint(evs->n_bad, ==, 3);
    g_assert_cmpuint(evs->n_lost, ==, 12);
    g_assert_cmpuint(evs->messages->len, ==, 3);
    g_assert_true(g_str_has_prefix(evs->messages->pdata[0], "sample.txt:14: unterminated string"));
    g_assert_true(g_str_has_prefix(evs->messages->pdata[1], "sample.txt:15: no [TIME] at the start"));
    guint n;
    ts_events_of_kind(evs, TS_EV_SYSCALL, &n);
    g_assert_cmpuint(n, ==, 4);
    ts_events_free(evs);
}

static void test_segments(void)
{
    ts_events *evs = load_sample();
    const ts_event *out = event_at_line(evs, 1), *in = event_at_line(evs, 2);
    g_assert_cmpint(out->ts_ns, ==, (19 * 3600 + 60 + 16) * NS + 535112167);
    g_assert_cmpint(out->kind, ==, TS_EV_INET_SOCK_LOCAL_OUT);
    g_assert_cmpstr(out->name, ==, "inet_sock_local_out");
    g_assert_cmpint(out->cpu, ==, 0);
    g_assert_cmpint(out->pid, ==, -1);
    g_assert_cmpstr(out->comm, ==, "");
    g_assert_cmphex(out->u.seg.sk, ==, G_GUINT64_CONSTANT(0xFFFF88001D510E00));
    g_assert_cmphex(out->u.seg.tcp.seq, ==, 0x14FB353E);
    g_assert_cmphex(out->u.seg.tcp.ack, ==, 0xD2C7148B);
    g_assert_cmphex(out->u.seg.tcp.flags, ==, 0x1808);
    g_assert_cmphex(out->u.seg.tcp.window, ==, 0x295);
    g_assert_cmpuint(out->u.seg.tcp.present, ==, 1);
    g_assert_cmpstr(field(evs, out, "check"), ==, "0x8ECA");
    g_assert_cmpstr(field(evs, out, "cpu_id"), ==, "0");

    g_assert_cmpint(in->ts_ns, ==, G_GINT64_CONSTANT(1361214076535338870));
    g_assert_cmpint(in->kind, ==, TS_EV_INET_SOCK_LOCAL_IN);
    g_assert_cmpint(in->cpu, ==, 1);
    g_assert_cmphex(in->u.seg.tcp.seq, ==, 0xD2C7148B);
    g_assert_cmphex(in->u.seg.tcp.ack, ==, 0x14FB362E);
    g_assert_cmphex(in->u.seg.tcp.flags, ==, 0x808);
    ts_events_free(evs);
}

static void test_date_and_strings(void)
{
    ts_events *evs = load_sample();
    const ts_event *ev = event_at_line(evs, 3);
    /* 2013-02-18 is day 15754 of the epoch: 15754 * 86400 + 19:01:16 = 1361214076 s */
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(1361214076535112167));
    g_assert_cmpint(ev->kind, ==, TS_EV_GENERIC);
    g_assert_cmpstr(ev->name, ==, "sched_switch");
    g_assert_cmpstr(ev->comm, ==, ""); /* prev_comm is payload, not context */
    g_assert_cmpstr(field(evs, ev, "prev_comm"), ==, "lttng-sessiond");
    g_assert_cmpstr(field(evs, ev, "next_tid"), ==, "7416");
    guint n;
    ts_event_fields(evs, ev, &n);
    g_assert_cmpuint(n, ==, 8);

    ev = event_at_line(evs, 10);
    g_assert_cmpstr(ev->name, ==, "my_provider:my_event");
    g_assert_cmpstr(field(evs, ev, "state"), ==, "7");
    g_assert_cmpstr(field(evs, ev, "msg"), ==, "a\"b\\c\n");
    g_assert_cmpstr(field(evs, ev, "ok"), ==, "true");
    g_assert_cmpstr(field(evs, ev, "ratio"), ==, "0.5");
    ts_events_free(evs);
}

static void test_net_headers(void)
{
    ts_events *evs = load_sample();
    const ts_event *q = event_at_line(evs, 4);
    g_assert_cmpint(q->ts_ns, ==, 10 * 3600 * NS + 100);
    g_assert_cmpint(q->kind, ==, TS_EV_NET_DEV_XMIT);
    g_assert_cmpstr(q->name, ==, "net_dev_queue");
    g_assert_cmpint(q->cpu, ==, 1);
    g_assert_cmpstr(q->comm, ==, "scp");
    g_assert_cmpint(q->pid, ==, 4242); /* vtid: a thread, as ftrace's TASK-PID */
    g_assert_cmpstr(q->u.dev.dev, ==, "eth0");
    g_assert_cmpuint(q->u.dev.len, ==, 86);
    g_assert_cmphex(q->u.dev.skbaddr, ==, G_GUINT64_CONSTANT(0xFFFF8800A1B2C300));
    g_assert_cmpuint(q->family, ==, 4);
    char a[64];
    g_assert_cmpstr(ts_addr_to_str(&q->src, a, sizeof a), ==, "10.0.10.4");
    g_assert_cmpstr(ts_addr_to_str(&q->dst, a, sizeof a), ==, "10.0.10.21");
    g_assert_cmpuint(q->sport, ==, 48361);
    g_assert_cmpuint(q->dport, ==, 22);
    g_assert_cmpuint(q->u.dev.tcp.present, ==, 1);
    g_assert_cmpuint(q->u.dev.tcp.seq, ==, 2768159244u);
    g_assert_cmpuint(q->u.dev.tcp.ack, ==, 0);
    g_assert_cmphex(q->u.dev.tcp.flags, ==, 0x2);
    g_assert_cmpuint(q->u.dev.tcp.window, ==, 14600);
    g_assert_cmpstr(field(evs, q, "network_header_type"), ==, "_ipv4");
    g_assert_cmpstr(field(evs, q, "network_header.saddr"), ==, "10,0,10,4");
    g_assert_cmpstr(field(evs, q, "network_header.protocol"), ==, "_tcp");
    g_assert_cmpstr(field(evs, q, "network_header.transport_header.dest_port"), ==, "22");
    g_assert_cmpstr(field(evs, q, "vpid"), ==, "4240");

    const ts_event *r = event_at_line(evs, 5);
    g_assert_cmpint(r->kind, ==, TS_EV_NETIF_RECEIVE_SKB);
    g_assert_cmpstr(r->name, ==, "net_if_receive_skb");
    g_assert_cmpint(r->cpu, ==, -1);
    g_assert_cmpuint(r->u.dev.len, ==, 52);
    g_assert_cmpuint(r->u.dev.tcp.present, ==, 0);
    g_assert_cmpuint(r->family, ==, 0);
    ts_events_free(evs);
}

static void test_syscalls(void)
{
    ts_events *evs = load_sample();
    char a[64];
    const ts_event *c = event_at_line(evs, 6);
    g_assert_cmpint(c->kind, ==, TS_EV_SYSCALL);
    g_assert_cmpstr(c->name, ==, "syscall_entry_connect");
    g_assert_cmpstr(c->u.sys.call, ==, "connect");
    g_assert_cmpuint(c->u.sys.exit, ==, 0);
    g_assert_cmpint(c->u.sys.fd, ==, 3);
    g_assert_cmpuint(c->family, ==, 4);
    g_assert_cmpstr(ts_addr_to_str(&c->dst, a, sizeof a), ==, "10.0.10.21");
    g_assert_cmpuint(c->dport, ==, 22);
    g_assert_cmpstr(field(evs, c, "v6addr"), ==, "");
    g_assert_cmpstr(c->comm, ==, "scp");

    const ts_event *x = event_at_line(evs, 7);
    g_assert_cmpuint(x->u.sys.exit, ==, 1);
    g_assert_cmpint(x->u.sys.ret, ==, -115);
    g_assert_cmpint(x->u.sys.fd, ==, -1);

    const ts_event *acc = event_at_line(evs, 8);
    g_assert_cmpstr(acc->u.sys.call, ==, "accept4");
    g_assert_cmpint(acc->u.sys.ret, ==, 5);
    g_assert_cmpuint(acc->family, ==, 6);
    g_assert_cmpstr(ts_addr_to_str(&acc->dst, a, sizeof a), ==, "fe80::1");
    g_assert_cmpuint(acc->dport, ==, 48362);
    g_assert_cmpstr(acc->comm, ==, "sshd");

    const ts_event *cl = event_at_line(evs, 13);
    g_assert_cmpint(cl->ts_ns, ==, G_GINT64_CONSTANT(10517202780678)); /* cycles, as ns */
    g_assert_cmpstr(cl->u.sys.call, ==, "close");
    g_assert_cmpint(cl->u.sys.fd, ==, 7);
    ts_events_free(evs);
}

static void test_midnight(void)
{
    ts_events *evs = load_sample();
    const ts_event *before = event_at_line(evs, 11), *after = event_at_line(evs, 12);
    g_assert_cmpint(before->ts_ns, ==, 86400 * NS - 1);
    g_assert_cmpint(after->ts_ns, ==, 86400 * NS + 1); /* the next day */
    ts_events_free(evs);
}

static void test_truncated_and_foreign(void)
{
    /* a file cut in the middle of its second line: the first is kept, the rest reported */
    const char *cut = strstr(sample, "\n") + 60;
    gsize len = (gsize)(cut - sample);
    char *data = g_memdup2(sample, len); /* no NUL: reads past the end show under ASan */
    ts_events *evs = ts_events_parse_buffer(data, len, "cut.txt", TS_EVENTS_AUTO, NULL);
    g_assert_nonnull(evs);
    g_assert_cmpuint(evs->n, ==, 1);
    g_assert_cmpuint(evs->n_bad, ==, 1);
    g_assert_true(g_str_has_prefix(evs->messages->pdata[0], "cut.txt:2: "));
    ts_events_free(evs);
    g_free(data);

    /* an ftrace line read as babeltrace2 text is bad, and is not detected as one */
    static const char ftrace[] =
        "   curl-1 [000] ..... 1.000001: net_dev_xmit: dev=lo skbaddr=0000000000000001 len=60 rc=0\n";
    g_assert_cmpint(ts_events_detect(ftrace, strlen(ftrace)), ==, TS_EVENTS_FTRACE);
    evs = ts_events_parse_buffer(ftrace, strlen(ftrace), "f", TS_EVENTS_LTTNG_TEXT, NULL);
    g_assert_cmpuint(evs->n, ==, 0);
    g_assert_cmpuint(evs->n_bad, ==, 1);
    ts_events_free(evs);

    /* prose with brackets is not babeltrace2 text */
    static const char prose[] = "[see below] the run: { fine }\n[12:00] lunch: { soup }\n";
    GError *err = NULL;
    g_assert_null(ts_events_parse_buffer(prose, strlen(prose), "notes", TS_EVENTS_AUTO, &err));
    g_assert_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT);
    g_error_free(err);
}

static void test_names(void)
{
    g_assert_cmpstr(ts_event_format_name(TS_EVENTS_LTTNG_TEXT), ==, "lttng");
    g_assert_cmpstr(ts_event_format_name(TS_EVENTS_CTF), ==, "ctf");
    g_assert_cmpstr(ts_event_kind_name(TS_EV_INET_SOCK_LOCAL_IN), ==, "inet_sock_local_in");
    g_assert_cmpstr(ts_event_kind_name(TS_EV_SYSCALL), ==, "syscall");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/lttng_text/counts", test_counts);
    g_test_add_func("/events/lttng_text/segments", test_segments);
    g_test_add_func("/events/lttng_text/date_and_strings", test_date_and_strings);
    g_test_add_func("/events/lttng_text/net_headers", test_net_headers);
    g_test_add_func("/events/lttng_text/syscalls", test_syscalls);
    g_test_add_func("/events/lttng_text/midnight", test_midnight);
    g_test_add_func("/events/lttng_text/truncated_and_foreign", test_truncated_and_foreign);
    g_test_add_func("/events/lttng_text/names", test_names);
    return g_test_run();
}

/* Parsing ftrace text: every kind with its fields, trace-cmd's layout, task names with blanks and
 * dashes, bad lines. Expected values are read off the files (the lines are quoted) or counted
 * with grep, as the comments say. */
#include "fixtures.h"
#include "parse.h"

#include <arpa/inet.h>
#include <string.h>

static ts_addr addr(const char *text)
{
    guint8 b[16];
    ts_addr a;
    int v6 = strchr(text, ':') != NULL;
    g_assert_cmpint(inet_pton(v6 ? AF_INET6 : AF_INET, text, b), ==, 1);
    ts_addr_set(&a, v6 ? 6 : 4, b);
    return a;
}

static void assert_addr(const ts_addr *a, const char *text)
{
    ts_addr want = addr(text);
    g_assert_true(ts_addr_equal(a, &want));
}

static void test_counts_match_grep(void)
{
    /* grep -c 'KIND:' captures/events/http.ftrace.txt  and  .../lossy.ftrace.txt */
    ts_events *evs = fixture_events("http.ftrace.txt");
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_FTRACE);
    g_assert_cmpuint(count_kind(evs, TS_EV_TCP_PROBE), ==, 20);
    g_assert_cmpuint(count_kind(evs, TS_EV_INET_SOCK_SET_STATE), ==, 33);
    g_assert_cmpuint(count_kind(evs, TS_EV_NET_DEV_XMIT), ==, 37);
    g_assert_cmpuint(count_kind(evs, TS_EV_NETIF_RECEIVE_SKB), ==, 37);
    /* grep -vc '^#' http.ftrace.txt = 127; grep -c '' = 139 */
    g_assert_cmpuint(evs->n, ==, 127);
    g_assert_cmpuint(evs->n_lines, ==, 139);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    g_assert_cmpuint(evs->messages->len, ==, 0);
    ts_events_free(evs);

    evs = fixture_events("lossy.ftrace.txt");
    g_assert_cmpuint(count_kind(evs, TS_EV_TCP_PROBE), ==, 24);
    g_assert_cmpuint(count_kind(evs, TS_EV_TCP_RETRANSMIT_SKB), ==, 1406);
    g_assert_cmpuint(count_kind(evs, TS_EV_INET_SOCK_SET_STATE), ==, 73);
    g_assert_cmpuint(count_kind(evs, TS_EV_NET_DEV_XMIT), ==, 1547);
    g_assert_cmpuint(count_kind(evs, TS_EV_NETIF_RECEIVE_SKB), ==, 1547);
    g_assert_cmpuint(evs->n, ==, 4597); /* grep -vc '^#' */
    ts_events_free(evs);
}

static void test_sorted_and_indexed(void)
{
    ts_events *evs = fixture_events("lossy.ftrace.txt");
    for (guint i = 1; i < evs->n; i++)
        g_assert_cmpint(evs->ev[i - 1].ts_ns, <=, evs->ev[i].ts_ns);
    guint total = 0;
    for (guint k = 0; k < TS_EV_N_KINDS; k++) {
        guint n;
        const guint32 *pos = ts_events_of_kind(evs, (ts_event_kind)k, &n);
        for (guint i = 0; i < n; i++) {
            g_assert_cmpuint(evs->ev[pos[i]].kind, ==, k);
            if (i)
                g_assert_cmpuint(pos[i - 1], <, pos[i]);
        }
        total += n;
    }
    g_assert_cmpuint(total, ==, evs->n);
    ts_events_free(evs);
}

static void test_tcp_probe_fields(void)
{
    /* http.ftrace.txt:25
     * curl-5515 [001] ..s2. 2814.955770: tcp_probe: family=AF_INET src=127.0.0.1:8765
     * dest=127.0.0.1:44256 mark=0x0 data_len=78 snd_nxt=0x54c95685 snd_una=0x54c95685 snd_cwnd=10
     * ssthresh=2147483647 snd_wnd=65536 srtt=34 rcv_wnd=65483 sock_cookie=1
     * skbaddr=00000000fd55f1ad skaddr=0000000011c6fce9 */
    ts_events *evs = fixture_events("http.ftrace.txt");
    const ts_event *ev = event_at_line(evs, 25);
    g_assert_nonnull(ev);
    g_assert_cmpuint(ev->kind, ==, TS_EV_TCP_PROBE);
    g_assert_cmpstr(ev->name, ==, "tcp_probe");
    g_assert_cmpstr(ev->comm, ==, "curl");
    g_assert_cmpint(ev->pid, ==, 5515);
    g_assert_cmpint(ev->cpu, ==, 1);
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(2814955770000));
    g_assert_cmpuint(ev->family, ==, 4);
    assert_addr(&ev->src, "127.0.0.1");
    assert_addr(&ev->dst, "127.0.0.1");
    g_assert_cmpuint(ev->sport, ==, 8765);
    g_assert_cmpuint(ev->dport, ==, 44256);
    g_assert_cmpuint(ev->u.probe.data_len, ==, 78);
    g_assert_cmphex(ev->u.probe.snd_nxt, ==, 0x54c95685);
    g_assert_cmphex(ev->u.probe.snd_una, ==, 0x54c95685);
    g_assert_cmpuint(ev->u.probe.snd_cwnd, ==, 10);
    g_assert_cmpuint(ev->u.probe.ssthresh, ==, 2147483647);
    g_assert_cmpuint(ev->u.probe.snd_wnd, ==, 65536);
    g_assert_cmpuint(ev->u.probe.srtt_us, ==, 34);
    g_assert_cmpuint(ev->u.probe.rcv_wnd, ==, 65483);
    g_assert_cmphex(ev->u.probe.skbaddr, ==, 0xfd55f1ad);
    ts_events_free(evs);
}

static void test_tcp_probe_ipv6(void)
{
    /* http_ipv6.ftrace.txt:30  curl-5718 [001] ..s2. 2852.704550: tcp_probe: family=AF_INET6
     * src=[::1]:8766 dest=[::1]:53668 ... data_len=74 snd_nxt=0x92294300 ... srtt=91 */
    ts_events *evs = fixture_events("http_ipv6.ftrace.txt");
    const ts_event *ev = event_at_line(evs, 30);
    g_assert_cmpuint(ev->kind, ==, TS_EV_TCP_PROBE);
    g_assert_cmpuint(ev->family, ==, 6);
    assert_addr(&ev->src, "::1");
    g_assert_cmpuint(ev->sport, ==, 8766);
    g_assert_cmpuint(ev->dport, ==, 53668);
    g_assert_cmpuint(ev->u.probe.data_len, ==, 74);
    g_assert_cmphex(ev->u.probe.snd_nxt, ==, 0x92294300);
    g_assert_cmpuint(ev->u.probe.srtt_us, ==, 91);
    /* http_ipv6.ftrace.txt:23  inet_sock_set_state: family=AF_INET6 ... sport=53668 dport=8766
     * saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=::1 daddrv6=::1 oldstate=TCP_SYN_SENT newstate=... */
    ev = event_at_line(evs, 23);
    g_assert_cmpuint(ev->kind, ==, TS_EV_INET_SOCK_SET_STATE);
    g_assert_cmpuint(ev->family, ==, 6);
    assert_addr(&ev->src, "::1");
    assert_addr(&ev->dst, "::1");
    g_assert_cmpuint(ev->sport, ==, 53668);
    ts_events_free(evs);
}

static void test_set_state_fields(void)
{
    /* http.ftrace.txt:18  curl-5515 [001] ..... 2814.954651: inet_sock_set_state:
     * family=AF_INET protocol=IPPROTO_TCP sport=44256 dport=8765 saddr=127.0.0.1 daddr=127.0.0.1
     * saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 oldstate=TCP_SYN_SENT newstate=TCP_ESTABLISHED */
    ts_events *evs = fixture_events("http.ftrace.txt");
    const ts_event *ev = event_at_line(evs, 18);
    g_assert_cmpuint(ev->kind, ==, TS_EV_INET_SOCK_SET_STATE);
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(2814954651000));
    g_assert_cmpuint(ev->family, ==, 4);
    assert_addr(&ev->src, "127.0.0.1");
    g_assert_cmpuint(ev->sport, ==, 44256);
    g_assert_cmpuint(ev->dport, ==, 8765);
    g_assert_cmpuint(ev->u.state.oldstate, ==, TS_TCP_SYN_SENT);
    g_assert_cmpuint(ev->u.state.newstate, ==, TS_TCP_ESTABLISHED);
    g_assert_cmpstr(ev->u.state.oldname, ==, "TCP_SYN_SENT");
    g_assert_cmpstr(ev->u.state.newname, ==, "TCP_ESTABLISHED");
    ts_events_free(evs);
}

static void test_device_events(void)
{
    /* http.ftrace.txt:14  curl-5515 [001] b.... 2814.954597: net_dev_xmit: dev=lo
     * skbaddr=00000000fd55f1ad len=74 rc=0
     * http.ftrace.txt:15  curl-5515 [001] ..s1. 2814.954601: netif_receive_skb: dev=lo
     * skbaddr=00000000fd55f1ad len=60 */
    ts_events *evs = fixture_events("http.ftrace.txt");
    const ts_event *x = event_at_line(evs, 14), *r = event_at_line(evs, 15);
    g_assert_cmpuint(x->kind, ==, TS_EV_NET_DEV_XMIT);
    g_assert_cmpstr(x->u.dev.dev, ==, "lo");
    g_assert_cmphex(x->u.dev.skbaddr, ==, 0xfd55f1ad);
    g_assert_cmpuint(x->u.dev.len, ==, 74);
    g_assert_cmpuint(x->family, ==, 0);
    g_assert_cmpint(x->ts_ns, ==, G_GINT64_CONSTANT(2814954597000));
    g_assert_cmpuint(r->kind, ==, TS_EV_NETIF_RECEIVE_SKB);
    g_assert_cmpuint(r->u.dev.len, ==, 60);
    g_assert_true(r->u.dev.dev == x->u.dev.dev); /* interned */
    ts_events_free(evs);
}

static void test_retransmit_fields(void)
{
    /* lossy.ftrace.txt:186  <idle>-0 [001] ..s2. 3552.561467: tcp_retransmit_skb:
     * skbaddr=00000000852ca0b7 skaddr=00000000b348b1c0 family=AF_INET sport=33240 dport=5001
     * saddr=10.99.0.1 daddr=10.99.0.2 ... state=TCP_CLOSE_WAIT err=0 */
    ts_events *evs = fixture_events("lossy.ftrace.txt");
    const ts_event *ev = event_at_line(evs, 186);
    g_assert_cmpuint(ev->kind, ==, TS_EV_TCP_RETRANSMIT_SKB);
    g_assert_cmpstr(ev->comm, ==, "<idle>");
    g_assert_cmpint(ev->pid, ==, 0);
    assert_addr(&ev->src, "10.99.0.1");
    assert_addr(&ev->dst, "10.99.0.2");
    g_assert_cmpuint(ev->sport, ==, 33240);
    g_assert_cmpuint(ev->dport, ==, 5001);
    g_assert_cmpuint(ev->u.sk.state, ==, TS_TCP_CLOSE_WAIT);
    g_assert_cmphex(ev->u.sk.skbaddr, ==, 0x852ca0b7);
    g_assert_cmpuint(ev->u.sk.has_err, ==, 1);
    g_assert_cmpint(ev->u.sk.err, ==, 0);
    /* lossy.ftrace.txt:486  ... tcp_retransmit_skb: ... err=1: the tbf dropped the attempt */
    ev = event_at_line(evs, 486);
    g_assert_cmpuint(ev->kind, ==, TS_EV_TCP_RETRANSMIT_SKB);
    g_assert_cmpuint(ev->u.sk.has_err, ==, 1);
    g_assert_cmpint(ev->u.sk.err, ==, 1);
    /* a task name with a slash and a colon: lossy.ftrace.txt:14  kworker/u8:1-32 [000] */
    ev = event_at_line(evs, 14);
    g_assert_cmpstr(ev->comm, ==, "kworker/u8:1");
    g_assert_cmpint(ev->pid, ==, 32);
    ts_events_free(evs);
}

/* No recording has resets; these lines follow the kernel's TP_printk formats: tcp_send_reset since
 * 6.10 (src=/dest=, state, reason), tcp_receive_reset (class tcp_event_sk: no state). */
static const char resets[] =
    "# tracer: nop\n"
    "            curl-7001    [000] b.s2.   100.000001: tcp_send_reset: skbaddr=0000000012345678 "
    "skaddr=00000000abcdef01 src=10.0.0.1:80 dest=10.0.0.2:40000 state=TCP_ESTABLISHED "
    "reason=NOT_SPECIFIED\n"
    "          <idle>-0       [001] ..s2.   100.000002: tcp_receive_reset: family=AF_INET6 "
    "sport=443 dport=50000 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=2001:db8::1 daddrv6=2001:db8::2 "
    "sock_cookie=7\n"
    "            curl-7001    [000] .....   100.000003: tcp_send_reset: skbaddr=0000000012345678 "
    "skaddr=00000000abcdef01 family=AF_INET sport=80 dport=40000 saddr=10.0.0.1 daddr=10.0.0.2 "
    "saddrv6=::ffff:10.0.0.1 daddrv6=::ffff:10.0.0.2 state=TCP_CLOSE\n";

static void test_reset_fields(void)
{
    ts_events *evs = ts_events_parse_buffer(resets, strlen(resets), "resets", TS_EVENTS_AUTO, NULL);
    g_assert_nonnull(evs);
    g_assert_cmpuint(evs->n, ==, 3);
    const ts_event *s = &evs->ev[0], *r = &evs->ev[1], *old = &evs->ev[2];
    g_assert_cmpuint(s->kind, ==, TS_EV_TCP_SEND_RESET);
    assert_addr(&s->src, "10.0.0.1");
    g_assert_cmpuint(s->sport, ==, 80);
    g_assert_cmpuint(s->dport, ==, 40000);
    g_assert_cmpuint(s->u.sk.state, ==, TS_TCP_ESTABLISHED);
    g_assert_cmphex(s->u.sk.skbaddr, ==, 0x12345678);
    g_assert_cmpuint(r->kind, ==, TS_EV_TCP_RECEIVE_RESET);
    g_assert_cmpuint(r->family, ==, 6);
    assert_addr(&r->src, "2001:db8::1");
    assert_addr(&r->dst, "2001:db8::2");
    g_assert_cmpuint(r->u.sk.state, ==, TS_TCP_UNKNOWN);
    g_assert_null(r->u.sk.state_name);
    g_assert_cmpuint(old->kind, ==, TS_EV_TCP_SEND_RESET); /* the older layout */
    assert_addr(&old->dst, "10.0.0.2");
    g_assert_cmpuint(old->u.sk.state, ==, TS_TCP_CLOSE);
    ts_events_free(evs);
}

static void test_generic_events(void)
{
    static const char text[] =
        "   python3-42    [001] ..... 5.000001: tcp_rcv_space_adjust: family=AF_INET sport=80 "
        "dport=1234 saddr=10.0.0.1 daddr=10.0.0.2 saddrv6=::ffff:10.0.0.1 daddrv6=::ffff:10.0.0.2 "
        "sock_cookie=3\n"
        "   python3-42    [001] ..... 5.000002: sched_process_exec: filename=/usr/bin/my prog pid=42 "
        "old_pid=42\n"
        "   python3-42    [001] ..... 5.000003: tracing_mark_write: hello world\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "generic", TS_EVENTS_FTRACE, NULL);
    g_assert_cmpuint(evs->n, ==, 3);
    g_assert_cmpuint(count_kind(evs, TS_EV_GENERIC), ==, 3);
    const ts_event *a = &evs->ev[0], *b = &evs->ev[1], *c = &evs->ev[2];
    g_assert_cmpstr(a->name, ==, "tcp_rcv_space_adjust");
    g_assert_cmpuint(a->family, ==, 4); /* the 4-tuple is taken from the usual fields */
    g_assert_cmpuint(a->sport, ==, 80);
    g_assert_cmpstr(ts_event_field_value(evs, a, "sock_cookie"), ==, "3");
    g_assert_cmpstr(ts_event_field_value(evs, b, "filename"), ==, "/usr/bin/my prog");
    g_assert_cmpstr(ts_event_field_value(evs, b, "old_pid"), ==, "42");
    guint n;
    const ts_event_field *f = ts_event_fields(evs, b, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpstr(f[1].key, ==, "pid");
    g_assert_cmpstr(ts_event_field_value(evs, c, "msg"), ==, "hello world");
    g_assert_null(ts_event_field_value(evs, c, "nothing"));
    ts_events_free(evs);
}

static void test_task_names_with_blanks_and_dashes(void)
{
    /* grep -c 'my cli-ent 7-' named_tasks.ftrace.txt = 45; grep -c 'web srv-2-' = 38
     * named_tasks.ftrace.txt:13  "    my cli-ent 7-26449   [001] ..... 3904.093575: inet_sock_set_state:" */
    ts_events *evs = fixture_events("named_tasks.ftrace.txt");
    guint client = 0, server = 0;
    for (guint i = 0; i < evs->n; i++) {
        client += strcmp(evs->ev[i].comm, "my cli-ent 7") == 0;
        server += strcmp(evs->ev[i].comm, "web srv-2") == 0;
    }
    g_assert_cmpuint(client, ==, 45);
    g_assert_cmpuint(server, ==, 38);
    g_assert_cmpuint(evs->n, ==, 83);
    const ts_event *ev = event_at_line(evs, 13);
    g_assert_cmpint(ev->pid, ==, 26449);
    g_assert_cmpint(ev->cpu, ==, 1);
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(3904093575000));
    ts_events_free(evs);
}

static void test_trace_cmd_layout(void)
{
    /* trace-cmd report: "cpus=2" first, the buffer instance's name before each line, no flags
     * column, raw pointers.  grep -c 'KIND:' named_tasks.tracecmd.txt: 14 20 24 24;
     * grep -c 'my cli-ent 7-' = 42, grep -c 'web srv-2-' = 40.
     * named_tasks.tracecmd.txt:20  "tsnamestc26395:        web srv-2-26396 [000]  3906.292626:
     * tcp_probe:            family=AF_INET src=127.0.0.1:53288 dest=127.0.0.1:52357 mark=0
     * data_len=155 snd_nxt=0x3a9978d3 snd_una=0x3a9978d3 snd_cwnd=11 ... srtt=108 ...
     * skbaddr=0xffff8881065492e0" */
    ts_events *evs = fixture_events("named_tasks.tracecmd.txt");
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_FTRACE);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    g_assert_cmpuint(count_kind(evs, TS_EV_TCP_PROBE), ==, 14);
    g_assert_cmpuint(count_kind(evs, TS_EV_INET_SOCK_SET_STATE), ==, 20);
    g_assert_cmpuint(count_kind(evs, TS_EV_NET_DEV_XMIT), ==, 24);
    g_assert_cmpuint(count_kind(evs, TS_EV_NETIF_RECEIVE_SKB), ==, 24);
    guint client = 0, server = 0;
    for (guint i = 0; i < evs->n; i++) {
        client += strcmp(evs->ev[i].comm, "my cli-ent 7") == 0;
        server += strcmp(evs->ev[i].comm, "web srv-2") == 0;
    }
    g_assert_cmpuint(client, ==, 42);
    g_assert_cmpuint(server, ==, 40);
    const ts_event *ev = event_at_line(evs, 20);
    g_assert_cmpuint(ev->kind, ==, TS_EV_TCP_PROBE);
    g_assert_cmpstr(ev->comm, ==, "web srv-2");
    g_assert_cmpint(ev->pid, ==, 26396);
    g_assert_cmpint(ev->cpu, ==, 0);
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(3906292626000));
    g_assert_cmpuint(ev->sport, ==, 53288);
    g_assert_cmpuint(ev->u.probe.data_len, ==, 155);
    g_assert_cmphex(ev->u.probe.snd_una, ==, 0x3a9978d3);
    g_assert_cmpuint(ev->u.probe.srtt_us, ==, 108);
    g_assert_cmphex(ev->u.probe.skbaddr, ==, G_GUINT64_CONSTANT(0xffff8881065492e0));
    ts_events_free(evs);
}

static void test_bad_line_mid_file(void)
{
    /* http.ftrace.txt with line 17 (a netif_receive_skb) cut short and line 40 (a tcp_probe)
     * mangled: both are counted and reported with the file's name and line number, the rest is
     * kept. */
    char *src = fixture_path("http.ftrace.txt");
    char *text;
    g_assert_true(g_file_get_contents(src, &text, NULL, NULL));
    gchar **lines = g_strsplit(text, "\n", -1);
    g_assert_nonnull(strstr(lines[16], "netif_receive_skb"));
    lines[16][40] = '\0';             /* "            curl-5515    [001] b.s1.  28" */
    g_assert_nonnull(strstr(lines[39], "snd_una="));
    char *p = strstr(lines[39], "snd_una=") + 8;
    p[0] = 'z';                       /* snd_una=z... */
    char *joined = g_strjoinv("\n", lines);
    char *path = write_temp("run.ftrace.txt", joined, strlen(joined));

    GError *err = NULL;
    ts_events *evs = ts_events_load(path, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(evs->n_bad, ==, 2);
    g_assert_cmpuint(evs->n, ==, 127 - 2);
    g_assert_cmpuint(count_kind(evs, TS_EV_NETIF_RECEIVE_SKB), ==, 37 - 1);
    g_assert_cmpuint(count_kind(evs, TS_EV_TCP_PROBE), ==, 20 - 1);
    g_assert_cmpuint(evs->messages->len, ==, 2);
    const char *m0 = g_ptr_array_index(evs->messages, 0), *m1 = g_ptr_array_index(evs->messages, 1);
    g_assert_true(g_str_has_prefix(m0, path));
    g_assert_nonnull(strstr(m0, "run.ftrace.txt:17: "));
    g_assert_nonnull(strstr(m1, "run.ftrace.txt:40: bad value of snd_una"));
    ts_events_free(evs);
    remove_temp(path);
    g_free(joined);
    g_strfreev(lines);
    g_free(text);
    g_free(src);
}

static void test_only_first_messages_kept(void)
{
    GString *s = g_string_new("# tracer: nop\n");
    for (int i = 0; i < 20; i++)
        g_string_append_printf(s, "   curl-1 [000] ..... %d.000001: net_dev_xmit: dev=lo len=%s\n", i,
                               i % 2 ? "60" : "x");
    ts_events *evs = ts_events_parse_buffer(s->str, s->len, "many", TS_EVENTS_AUTO, NULL);
    g_assert_cmpuint(evs->n, ==, 10);
    g_assert_cmpuint(evs->n_bad, ==, 10);
    g_assert_cmpuint(evs->messages->len, ==, TS_EVENTS_MAX_MESSAGES);
    g_assert_cmpstr(g_ptr_array_index(evs->messages, 0), ==,
                    "many:2: bad value of len:    curl-1 [000] ..... 0.000001: net_dev_xmit: dev=lo len=x");
    ts_events_free(evs);
    g_string_free(s, TRUE);
}

static void test_notices_and_missing_fields(void)
{
    static const char text[] =
        "cpus=2\n"
        "CPU:1 [LOST 12 EVENTS]\n"
        "   curl-1 [000] ..... 1.000001: net_dev_xmit: skbaddr=0000000000000001 len=60\n" /* no dev */
        "   curl-1 [000] ..... 1.000002: tcp_probe: family=AF_INET src=1.2.3.4:5 mark=0x0\n"
        "   curl-1 [000] ..... 1.000003: inet_sock_set_state: family=AF_INET sport=1 dport=2 "
        "saddr=1.2.3.4 daddr=5.6.7.8 oldstate=TCP_CLOSE\n"
        "   curl-1 [000] ..... 1.000004: <stack trace>\n"
        " => __dev_queue_xmit\n"
        "   curl-1 [000] ..... 1.000005: net_dev_xmit: dev=eth0 skbaddr=0000000000000001 len=60 rc=0\n"
        "   curl-1 [000] .....  1.0000\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "notices", TS_EVENTS_FTRACE, NULL);
    g_assert_cmpuint(evs->n_lost, ==, 12);
    g_assert_cmpuint(evs->n, ==, 1);
    g_assert_cmpuint(evs->n_bad, ==, 4);
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 0), "notices:3: missing dev"));
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 1), "notices:4: missing or incomplete"));
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 2), "notices:5: missing oldstate"));
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 3), "notices:9: bad timestamp"));
    ts_events_free(evs);
}

static void test_tgid_column(void)
{
    /* the layout with the record-tgid option: "TASK-PID (TGID) [CPU] ..." (the TGID may be
     * unknown: "(-------)") */
    static const char text[] =
        "#           TASK-PID    TGID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
        "            curl-5515    (   5515) [001] b.... 2814.954597: net_dev_xmit: dev=lo "
        "skbaddr=00000000fd55f1ad len=74 rc=0\n"
        "          <idle>-0       (-------) [000] ..s2. 2814.954601: netif_receive_skb: dev=lo "
        "skbaddr=00000000fd55f1ad len=60\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "tgid", TS_EVENTS_AUTO, NULL);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    g_assert_cmpuint(evs->n, ==, 2);
    g_assert_cmpstr(evs->ev[0].comm, ==, "curl");
    g_assert_cmpint(evs->ev[0].pid, ==, 5515);
    g_assert_cmpint(evs->ev[1].pid, ==, 0);
    g_assert_cmpint(evs->ev[1].cpu, ==, 0);
    ts_events_free(evs);
}

static void test_unsorted_input_sorted_stably(void)
{
    static const char text[] =
        "   a-1 [000] ..... 2.000000: net_dev_xmit: dev=lo len=1\n"
        "   b-2 [001] ..... 1.000000: net_dev_xmit: dev=lo len=2\n"
        "   c-3 [000] ..... 2.000000: net_dev_xmit: dev=lo len=3\n"
        "   d-4 [001] ..... 1.5: net_dev_xmit: dev=lo len=4\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "unsorted", TS_EVENTS_FTRACE, NULL);
    g_assert_cmpuint(evs->n, ==, 4);
    g_assert_cmpuint(evs->ev[0].u.dev.len, ==, 2);
    g_assert_cmpuint(evs->ev[1].u.dev.len, ==, 4);
    g_assert_cmpint(evs->ev[1].ts_ns, ==, 1500000000);
    g_assert_cmpuint(evs->ev[2].u.dev.len, ==, 1); /* equal times keep file order */
    g_assert_cmpuint(evs->ev[3].u.dev.len, ==, 3);
    g_assert_cmpuint(evs->ev[2].line, ==, 1);
    ts_events_free(evs);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/ftrace/counts_match_grep", test_counts_match_grep);
    g_test_add_func("/events/ftrace/sorted_and_indexed", test_sorted_and_indexed);
    g_test_add_func("/events/ftrace/tcp_probe_fields", test_tcp_probe_fields);
    g_test_add_func("/events/ftrace/tcp_probe_ipv6", test_tcp_probe_ipv6);
    g_test_add_func("/events/ftrace/set_state_fields", test_set_state_fields);
    g_test_add_func("/events/ftrace/device_events", test_device_events);
    g_test_add_func("/events/ftrace/retransmit_fields", test_retransmit_fields);
    g_test_add_func("/events/ftrace/reset_fields", test_reset_fields);
    g_test_add_func("/events/ftrace/generic_events", test_generic_events);
    g_test_add_func("/events/ftrace/task_names_with_blanks_and_dashes",
                    test_task_names_with_blanks_and_dashes);
    g_test_add_func("/events/ftrace/trace_cmd_layout", test_trace_cmd_layout);
    g_test_add_func("/events/ftrace/bad_line_mid_file", test_bad_line_mid_file);
    g_test_add_func("/events/ftrace/only_first_messages_kept", test_only_first_messages_kept);
    g_test_add_func("/events/ftrace/notices_and_missing_fields", test_notices_and_missing_fields);
    g_test_add_func("/events/ftrace/tgid_column", test_tgid_column);
    g_test_add_func("/events/ftrace/unsorted_input_sorted_stably", test_unsorted_input_sorted_stably);
    return g_test_run();
}

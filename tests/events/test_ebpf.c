/* Parsing the eBPF tool's rows and XDP lines. Expected values are read off the files (the lines
 * are quoted) or counted with grep, as the comments say. */
#include "fixtures.h"
#include "parse.h"

#include <arpa/inet.h>
#include <string.h>

static void assert_v4(const ts_addr *a, const char *text)
{
    guint8 b[4];
    ts_addr want;
    g_assert_cmpint(inet_pton(AF_INET, text, b), ==, 1);
    ts_addr_set(&want, 4, b);
    g_assert_true(ts_addr_equal(a, &want));
}

static guint count_name(const ts_events *evs, const char *name)
{
    guint n = 0;
    for (guint i = 0; i < evs->n; i++)
        n += strcmp(evs->ev[i].name, name) == 0;
    return n;
}

static void test_bpftrace_file(void)
{
    /* ebpf_http.ebpf.txt: line 1 "Attaching 5 probes...", line 2 the header, then rows;
     * grep -cE '^[0-9]+ ' = 51; grep -c ' inet_sock_set_state ' = 33, ' tcp_sendmsg ' = 9,
     * ' tcp_recvmsg ' = 9; three blank lines at the end (grep -c '' = 56). */
    ts_events *evs = fixture_events("ebpf_http.ebpf.txt");
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_EBPF);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    g_assert_cmpuint(evs->n, ==, 51);
    g_assert_cmpuint(evs->n_lines, ==, 56);
    g_assert_cmpuint(count_kind(evs, TS_EV_EBPF_ROW), ==, 51);
    g_assert_cmpuint(count_name(evs, "inet_sock_set_state"), ==, 33);
    g_assert_cmpuint(count_name(evs, "tcp_sendmsg"), ==, 9);
    g_assert_cmpuint(count_name(evs, "tcp_recvmsg"), ==, 9);

    /* line 4: "9622   curl         4  127.0.0.1        127.0.0.1        8768  4128349934
     *          inet_sock_set_state TCP_SYN_SENT transfer into new state" */
    const ts_event *ev = event_at_line(evs, 4);
    g_assert_cmpuint(ev->kind, ==, TS_EV_EBPF_ROW);
    g_assert_cmpint(ev->pid, ==, 9622);
    g_assert_cmpstr(ev->comm, ==, "curl");
    g_assert_cmpint(ev->cpu, ==, -1);
    g_assert_cmpuint(ev->family, ==, 4);
    assert_v4(&ev->src, "127.0.0.1");
    assert_v4(&ev->dst, "127.0.0.1");
    g_assert_cmpuint(ev->sport, ==, 0); /* the tool does not print the local port */
    g_assert_cmpuint(ev->dport, ==, 8768);
    g_assert_cmpint(ev->ts_ns, ==, G_GINT64_CONSTANT(4128349934) * 1000);
    g_assert_cmpstr(ev->u.ebpf.func, ==, "inet_sock_set_state");
    g_assert_cmpstr(ev->name, ==, "inet_sock_set_state");
    g_assert_cmpuint(ev->u.ebpf.tcp_state, ==, TS_TCP_SYN_SENT);
    g_assert_cmpstr(ev->u.ebpf.state_name, ==, "TCP_SYN_SENT");
    g_assert_cmpstr(ev->u.ebpf.description, ==, "transfer into new state");
    ts_events_free(evs);
}

static void test_tool_sample_with_xdp_extra_columns_and_null(void)
{
    /* crisp_sample.ebpf.txt: the tool's README sample. grep -c 'Packet Data' = 8,
     * grep -cE '^[0-9]+ ' = 29; the first header has an extra column TCP_CONNECT_TIME(us). */
    ts_events *evs = fixture_events("crisp_sample.ebpf.txt");
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_EBPF);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    g_assert_cmpuint(count_kind(evs, TS_EV_XDP_PACKET), ==, 8);
    g_assert_cmpuint(count_kind(evs, TS_EV_EBPF_ROW), ==, 29);

    /* line 1: "Packet Data - src_ip: 127.0.0.1,  src_port: 53710, dst_ip: 127.0.0.1,  dst_port:
     * 9999, timestamp(us): 673422472" */
    const ts_event *x = event_at_line(evs, 1);
    g_assert_cmpuint(x->kind, ==, TS_EV_XDP_PACKET);
    g_assert_cmpstr(x->name, ==, "xdp_packet");
    g_assert_cmpuint(x->family, ==, 4);
    assert_v4(&x->src, "127.0.0.1");
    g_assert_cmpuint(x->sport, ==, 53710);
    g_assert_cmpuint(x->dport, ==, 9999);
    g_assert_cmpint(x->ts_ns, ==, G_GINT64_CONSTANT(673422472000));

    /* line 10: "... 0 673422390 tcp_v4_connect TCP_CLOSE client send SYN packet 0" */
    const ts_event *r = event_at_line(evs, 10);
    g_assert_cmpstr(r->u.ebpf.func, ==, "tcp_v4_connect");
    g_assert_cmpuint(r->u.ebpf.tcp_state, ==, TS_TCP_CLOSE);
    g_assert_cmpstr(r->u.ebpf.description, ==, "client send SYN packet");
    g_assert_cmpstr(ts_event_field_value(evs, r, "TCP_CONNECT_TIME(us)"), ==, "0");
    /* line 11: "... tcp_sendmsg TCP_ESTABLISHED client send message" (no extra column) */
    r = event_at_line(evs, 11);
    g_assert_cmpstr(r->u.ebpf.description, ==, "client send message");
    g_assert_null(ts_event_field_value(evs, r, "TCP_CONNECT_TIME(us)"));
    /* line 13: "... TCP_SYN_SENT transfer into new state 207" */
    r = event_at_line(evs, 13);
    g_assert_cmpstr(ts_event_field_value(evs, r, "TCP_CONNECT_TIME(us)"), ==, "207");
    /* line 19, after a header without the extra column:
     * "37759  client  6  (null)  (null)  0  673422502 tcp_v4_rcv UNKNOWN_STATE server receive SYN packet" */
    r = event_at_line(evs, 19);
    g_assert_cmpuint(r->family, ==, 6);
    g_assert_cmpuint(r->src.family, ==, 0);
    g_assert_cmpuint(r->dst.family, ==, 0);
    g_assert_cmpuint(r->u.ebpf.tcp_state, ==, TS_TCP_UNKNOWN);
    g_assert_cmpstr(r->u.ebpf.state_name, ==, "UNKNOWN_STATE");
    g_assert_cmpstr(r->u.ebpf.description, ==, "server receive SYN packet");
    guint n;
    ts_event_fields(evs, r, &n);
    g_assert_cmpuint(n, ==, 0);
    /* line 22 keeps the double blank of "server receive  packet" */
    g_assert_cmpstr(event_at_line(evs, 22)->u.ebpf.description, ==, "server receive  packet");

    /* rows are not in time order in the file: sorted, stably */
    for (guint i = 1; i < evs->n; i++)
        g_assert_cmpint(evs->ev[i - 1].ts_ns, <=, evs->ev[i].ts_ns);
    g_assert_cmpuint(evs->ev[0].line, ==, 10); /* 673422390, the smallest */
    ts_events_free(evs);
}

static void test_comm_with_blanks_and_bad_rows(void)
{
    static const char text[] =
        "Attaching 6 probes...\n"
        "PID    COMM         IP SADDR            DADDR            DPORT TIMESTAMP(us) FUNC TCP_STATE TCP_DESCRIPTION\n"
        "1234   Web Content  4  10.0.0.1         10.0.0.2         443   5000          tcp_sendmsg TCP_ESTABLISHED send message\n"
        "1234   Web Content  4  10.0.0.1         10.0.0.999       443   5001          tcp_sendmsg TCP_ESTABLISHED send message\n"
        "this is not a row\n"
        "Lost 3 events\n"
        "Packet Data - src_ip: 10.0.0.1,  src_port: 1, dst_ip: 10.0.0.2,  dst_port: 2\n"
        "1235   curl         6  ::1              ::1              8080  5002          tcp_recvmsg TCP_ESTABLISHED\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "rows", TS_EVENTS_AUTO, NULL);
    g_assert_nonnull(evs);
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_EBPF);
    g_assert_cmpuint(evs->n, ==, 2);
    g_assert_cmpstr(evs->ev[0].comm, ==, "Web Content");
    g_assert_cmpuint(evs->ev[0].dport, ==, 443);
    g_assert_cmpuint(evs->ev[1].family, ==, 6);
    g_assert_cmpstr(evs->ev[1].u.ebpf.description, ==, "");
    g_assert_cmpuint(evs->n_lost, ==, 3);
    g_assert_cmpuint(evs->n_bad, ==, 3);
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 0), "rows:4: "));
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 1), "rows:5: not an eBPF tool row"));
    g_assert_nonnull(strstr(g_ptr_array_index(evs->messages, 2), "rows:7: XDP line without"));
    ts_events_free(evs);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/ebpf/bpftrace_file", test_bpftrace_file);
    g_test_add_func("/events/ebpf/tool_sample_with_xdp_extra_columns_and_null",
                    test_tool_sample_with_xdp_extra_columns_and_null);
    g_test_add_func("/events/ebpf/comm_with_blanks_and_bad_rows", test_comm_with_blanks_and_bad_rows);
    return g_test_run();
}

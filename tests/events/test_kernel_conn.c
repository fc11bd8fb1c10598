/* Per-connection kernel facts on the recordings. Expected values come from the events files' own
 * text (line numbers, or lines scanned here with strstr, not with the parsers) and from the tshark
 * field dumps; the streams are numbered by first appearance of their 4-tuple, which is tshark's
 * tcp.stream on these captures (none reuses a port pair). */
#include "fixtures.h"
#include "clock_align.h"
#include "parse.h"
#include "kernel_conn.h"
#include "kernel_owner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ts_events *evs;
    ts_wire_packet *p;
    guint32 *stream;
    guint n;
    ts_clock_fit fit;
    ts_matches *m;
    ts_kernel_conns *kc;
    gchar **lines;        /* the events file, lines[0] is line 1 */
} run;

static guint32 *streams_by_tuple(const ts_wire_packet *p, guint n)
{
    guint32 *s = g_new(guint32, n);
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < n; i++) {
        char a[TS_ADDR_STRLEN], b[TS_ADDR_STRLEN];
        if (!p[i].src.family) {
            s[i] = TS_NO_STREAM;
            continue;
        }
        char *x = g_strdup_printf("%s:%u", ts_addr_to_str(&p[i].src, a, sizeof a), p[i].sport);
        char *y = g_strdup_printf("%s:%u", ts_addr_to_str(&p[i].dst, b, sizeof b), p[i].dport);
        char *k = strcmp(x, y) < 0 ? g_strconcat(x, "|", y, NULL) : g_strconcat(y, "|", x, NULL);
        gpointer v;
        if (g_hash_table_lookup_extended(h, k, NULL, &v)) {
            s[i] = GPOINTER_TO_UINT(v);
            g_free(k);
        } else {
            s[i] = g_hash_table_size(h);
            g_hash_table_insert(h, k, GUINT_TO_POINTER(s[i]));
        }
        g_free(x);
        g_free(y);
    }
    g_hash_table_destroy(h);
    return s;
}

static run run_on(const char *events, const char *packets)
{
    run r;
    r.evs = fixture_events(events);
    r.p = fixture_packets(packets, &r.n);
    r.stream = streams_by_tuple(r.p, r.n);
    g_assert_true(ts_clock_align(r.evs, r.p, r.n, NULL, &r.fit, NULL));
    r.m = ts_match_events(r.evs, r.p, r.n, &r.fit, NULL);
    r.kc = ts_kernel_conns_build(r.evs, r.m, &r.fit, r.p, r.stream, r.n);
    g_assert_nonnull(r.kc);
    char *path = fixture_path(events), *text;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    r.lines = g_strsplit(text, "\n", -1);
    g_free(text);
    g_free(path);
    return r;
}

static void run_free(run *r)
{
    ts_kernel_conns_free(r->kc);
    ts_matches_free(r->m);
    g_free(r->stream);
    g_free(r->p);
    ts_events_free(r->evs);
    g_strfreev(r->lines);
}

static const ts_kernel_conn *conn(const run *r, guint32 stream)
{
    const ts_kernel_conn *c = ts_kernel_conns_lookup(r->kc, stream);
    g_assert_nonnull(c);
    return c;
}

/* The text of line LINE (1-based). */
static const char *line_at(const run *r, guint line)
{
    g_assert_cmpuint(line, >=, 1);
    g_assert_cmpuint(line, <=, g_strv_length(r->lines));
    return r->lines[line - 1];
}

/* The ftrace timestamp of a line, in seconds ("...] FLAGS  2814.954176: ..."). */
static double line_time(const run *r, guint line)
{
    const char *l = line_at(r, line);
    const char *colon = strstr(l, ": ");
    g_assert_nonnull(colon);
    const char *p = colon;
    while (p > l && p[-1] != ' ')
        p--;
    return g_ascii_strtod(p, NULL);
}

/* The value after "key=" in a line (up to a blank), as a number. */
static double line_num(const char *l, const char *key)
{
    const char *p = strstr(l, key);
    g_assert_nonnull(p);
    return g_ascii_strtod(p + strlen(key), NULL);
}

static void assert_owner(const ts_kernel_end *e, const char *comm, gint32 pid, guint line)
{
    g_assert_cmpstr(e->comm, ==, comm);
    g_assert_cmpint(e->pid, ==, pid);
    g_assert_cmpuint(e->owner_line, ==, line);
}

/* Every owner of an ftrace file comes from an event in process context: the flags column (the
 * word after "[CPU]") has '.' in the hardirq/softirq place (its third character). */
static void assert_owners_in_process_context(const run *r, guint n_streams)
{
    for (guint s = 0; s < n_streams; s++) {
        const ts_kernel_conn *c = ts_kernel_conns_lookup(r->kc, s);
        for (int e = 0; c && e < 2; e++) {
            if (!c->end[e].comm)
                continue;
            const char *l = line_at(r, c->end[e].owner_line);
            const char *flags = strstr(l, "] ");
            g_assert_nonnull(flags);
            flags += 2;
            g_assert_cmpint(strlen(flags), >, 5);
            g_assert_cmpint(flags[2], ==, '.');
            g_assert_nonnull(strstr(l, c->end[e].comm));
        }
    }
}

/* Mean srtt and max cwnd of the tcp_probe lines whose src is LOCAL, scanned from the text. */
static void probes_of(const run *r, const char *local, guint *n, double *mean_srtt, guint *max_cwnd)
{
    char *key = g_strdup_printf("src=%s ", local);
    double sum = 0;
    *n = 0;
    *max_cwnd = 0;
    for (guint i = 0; r->lines[i]; i++) {
        if (!strstr(r->lines[i], " tcp_probe: ") || !strstr(r->lines[i], key))
            continue;
        (*n)++;
        sum += line_num(r->lines[i], " srtt=");
        *max_cwnd = MAX(*max_cwnd, (guint)line_num(r->lines[i], " snd_cwnd="));
    }
    *mean_srtt = *n ? sum / *n : 0;
    g_free(key);
}

static void assert_probes(const run *r, const ts_kernel_end *e, const char *local)
{
    guint n, cwnd;
    double srtt;
    probes_of(r, local, &n, &srtt, &cwnd);
    g_assert_cmpuint(n, >, 0);
    g_assert_cmpuint(e->probes, ==, n);
    g_assert_cmpuint(e->max_cwnd, ==, cwnd);
    g_assert_cmpfloat_with_epsilon(ts_kernel_end_mean_srtt_us(e), srtt, 1e-9);
}

static void assert_state(const ts_kernel_conn *c, guint i, guint8 end, const char *from, const char *to)
{
    g_assert_cmpuint(i, <, c->n_states);
    g_assert_cmpuint(c->states[i].end, ==, end);
    g_assert_cmpstr(c->states[i].from, ==, from);
    g_assert_cmpstr(c->states[i].to, ==, to);
}

/* http.pcap: three curl GETs to python3 -m http.server. The client end belongs to the curl that
 * connected (line 13: curl-5515 CLOSE -> SYN_SENT), the server end to the python3 thread that
 * closed (line 41: python3-5516 ESTABLISHED -> FIN_WAIT1), though curl-5515 runs the server's
 * LISTEN -> SYN_RECV (line 21, softirq) and python3-5516 the client's CLOSE_WAIT (line 45). */
static void test_http(void)
{
    run r = run_on("http.ftrace.txt", "http.packets.tsv");
    g_assert_cmpuint(ts_kernel_conns_count(r.kc), ==, 3);
    const ts_kernel_conn *c = conn(&r, 0);
    assert_owner(&c->end[0], "curl", 5515, 13);
    assert_owner(&c->end[1], "python3", 5516, 41);
    g_assert_nonnull(strstr(line_at(&r, 13), "curl-5515"));
    g_assert_nonnull(strstr(line_at(&r, 13), "newstate=TCP_SYN_SENT"));
    g_assert_nonnull(strstr(line_at(&r, 21), "curl-5515    [001] ..s2."));
    g_assert_nonnull(strstr(line_at(&r, 21), "newstate=TCP_SYN_RECV"));

    /* the 11 inet_sock_set_state lines of ports 44256/8765, in file order */
    static const struct {
        guint line;
        guint8 end;
        const char *from, *to;
    } want[] = {
        {13, 0, "CLOSE", "SYN_SENT"},          {18, 0, "SYN_SENT", "ESTABLISHED"},
        {21, 1, "LISTEN", "SYN_RECV"},         {22, 1, "SYN_RECV", "ESTABLISHED"},
        {41, 1, "ESTABLISHED", "FIN_WAIT1"},   {45, 0, "ESTABLISHED", "CLOSE_WAIT"},
        {46, 0, "CLOSE_WAIT", "LAST_ACK"},     {47, 1, "FIN_WAIT1", "FIN_WAIT1"},
        {50, 1, "FIN_WAIT1", "FIN_WAIT2"},     {52, 1, "FIN_WAIT2", "CLOSE"},
        {54, 0, "LAST_ACK", "CLOSE"},
    };
    g_assert_cmpuint(c->n_states, ==, G_N_ELEMENTS(want));
    /* frame 1, the first SYN, is the net_dev_xmit of line 14 */
    g_assert_nonnull(strstr(line_at(&r, 14), "net_dev_xmit: dev=lo skbaddr=00000000fd55f1ad len=74"));
    double t0 = line_time(&r, 14);
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        const char *l = line_at(&r, want[i].line);
        g_assert_nonnull(strstr(l, "inet_sock_set_state"));
        char *old = g_strdup_printf("oldstate=TCP_%s ", want[i].from);
        g_assert_nonnull(strstr(l, old));
        g_free(old);
        assert_state(c, i, want[i].end, want[i].from, want[i].to);
        /* capture-relative: within the alignment's residuals (a few us) of the line's own time */
        g_assert_cmpfloat(fabs(c->states[i].time - (line_time(&r, want[i].line) - t0)), <, 10e-6);
    }
    assert_probes(&r, &c->end[0], "127.0.0.1:44256");
    assert_probes(&r, &c->end[1], "127.0.0.1:8765 dest=127.0.0.1:44256");
    g_assert_cmpuint(c->end[0].retransmits + c->end[1].retransmits, ==, 0);

    assert_owner(&conn(&r, 1)->end[0], "curl", 5517, 55);
    assert_owner(&conn(&r, 1)->end[1], "python3", 5518, 83);
    assert_owner(&conn(&r, 2)->end[0], "curl", 5519, 98);
    assert_owner(&conn(&r, 2)->end[1], "python3", 5520, 126);
    assert_owners_in_process_context(&r, 3);
    run_free(&r);
}

/* lossy.pcap: the bulk send to port 5001 (stream 0) was retransmitted by the kernel 1406 times
 * (lines with tcp_retransmit_skb and sport=33240, all in softirq context of <idle>, kdamond.0 and
 * others); the connection still open at the end (stream 6) has no close, so its server end is the
 * process listening on port 5001 (line 13: ncat-6261 CLOSE -> LISTEN). */
static void test_lossy(void)
{
    run r = run_on("lossy.ftrace.txt", "lossy.packets.tsv");
    guint retrans = 0;
    for (guint i = 0; r.lines[i]; i++)
        if (strstr(r.lines[i], " tcp_retransmit_skb: ") && strstr(r.lines[i], " sport=33240 dport=5001 "))
            retrans++;
    g_assert_cmpuint(retrans, ==, 1406);
    const ts_kernel_conn *c = conn(&r, 0);
    g_assert_cmpuint(c->end[0].retransmits, ==, retrans);
    g_assert_cmpuint(c->end[1].retransmits, ==, 0);
    assert_owner(&c->end[0], "ncat", 6306, 27);
    assert_owner(&c->end[1], "ncat", 6261, 46);
    assert_probes(&r, &c->end[0], "10.99.0.1:33240");

    const ts_kernel_conn *open = conn(&r, 6);
    g_assert_nonnull(strstr(line_at(&r, 13), "sport=5001 dport=0"));
    g_assert_nonnull(strstr(line_at(&r, 13), "newstate=TCP_LISTEN"));
    assert_owner(&open->end[1], "ncat", 6261, 13);
    g_assert_cmpstr(open->end[0].comm, ==, "ncat");
    g_assert_cmpint(open->end[0].pid, ==, 6323);

    /* The five HTTP GETs: each curl its own end, each python3 thread the server end; the move to
     * ESTABLISHED of the client (line 2998) ran in <idle>-0's softirq and tells nothing. */
    static const struct {
        gint32 curl, py;
    } http[] = {{6308, 6309}, {6311, 6312}, {6314, 6315}, {6317, 6318}, {6320, 6321}};
    for (guint s = 1; s <= 5; s++) {
        const ts_kernel_conn *h = conn(&r, s);
        g_assert_cmpstr(h->end[0].comm, ==, "curl");
        g_assert_cmpint(h->end[0].pid, ==, http[s - 1].curl);
        g_assert_cmpstr(h->end[1].comm, ==, "python3");
        g_assert_cmpint(h->end[1].pid, ==, http[s - 1].py);
    }
    g_assert_nonnull(strstr(line_at(&r, 2998), "<idle>-0"));
    assert_state(conn(&r, 1), 1, 0, "SYN_SENT", "ESTABLISHED");
    assert_owners_in_process_context(&r, 7);
    run_free(&r);
}

/* ncat_hello.pcap: ncat -p 4444 connects (line 14), the listening ncat closes first (line 31). */
static void test_ncat_hello(void)
{
    run r = run_on("ncat_hello.ftrace.txt", "ncat_hello.packets.tsv");
    const ts_kernel_conn *c = conn(&r, 0);
    assert_owner(&c->end[0], "ncat", 5588, 14);
    assert_owner(&c->end[1], "ncat", 5585, 31);
    g_assert_nonnull(strstr(line_at(&r, 14), "sport=4444 dport=4000"));
    g_assert_nonnull(strstr(line_at(&r, 31), "oldstate=TCP_ESTABLISHED newstate=TCP_FIN_WAIT1"));
    assert_owners_in_process_context(&r, 1);
    run_free(&r);
}

/* Task names with blanks and dashes (set through /proc/self/comm by the recording script). */
static void test_named_tasks(void)
{
    run r = run_on("named_tasks.ftrace.txt", "named_tasks.packets.tsv");
    for (guint s = 0; s < 2; s++) {
        g_assert_cmpstr(conn(&r, s)->end[0].comm, ==, "my cli-ent 7");
        g_assert_cmpstr(conn(&r, s)->end[1].comm, ==, "web srv-2");
    }
    assert_owners_in_process_context(&r, 2);
    run_free(&r);
}

/* IPv6: four curl GETs to [::1]:8766. */
static void test_http_ipv6(void)
{
    run r = run_on("http_ipv6.ftrace.txt", "http_ipv6.packets.tsv");
    g_assert_cmpuint(ts_kernel_conns_count(r.kc), ==, 4);
    for (guint s = 0; s < 4; s++) {
        const ts_kernel_conn *c = conn(&r, s);
        g_assert_cmpstr(c->end[0].comm, ==, "curl");
        g_assert_cmpstr(c->end[1].comm, ==, "python3");
        g_assert_nonnull(strstr(line_at(&r, c->end[0].owner_line), "newstate=TCP_SYN_SENT"));
        g_assert_cmpuint(c->n_states, >=, 8);
    }
    assert_owners_in_process_context(&r, 4);
    run_free(&r);
}

/* The eBPF tool's rows: no local port, no old state. The client is the curl of the SYN_SENT row
 * (line 4), the server the python3 whose tcp_recvmsg row names the client's port (line 9); the
 * SYN_RECV row of that port (line 6) ran in curl and tells nothing. */
static void test_ebpf_rows(void)
{
    run r = run_on("ebpf_http.ebpf.txt", "ebpf_http.packets.tsv");
    const ts_kernel_conn *c = conn(&r, 0);
    assert_owner(&c->end[0], "curl", 9622, 4);
    assert_owner(&c->end[1], "python3", 9580, 9);
    g_assert_nonnull(strstr(line_at(&r, 6), "9622   curl"));
    g_assert_nonnull(strstr(line_at(&r, 6), "36848 "));
    g_assert_nonnull(strstr(line_at(&r, 6), "TCP_SYN_RECV"));
    g_assert_nonnull(strstr(line_at(&r, 9), "tcp_recvmsg"));
    assert_state(c, 0, 0, NULL, "SYN_SENT");
    assert_state(c, 2, 1, NULL, "SYN_RECV");
    assert_owner(&conn(&r, 1)->end[0], "curl", 9624, 20);
    assert_owner(&conn(&r, 2)->end[0], "curl", 9626, 36);
    run_free(&r);
}

/* Nothing without a clock model; the summary takes the figures as they are. */
static void test_unaligned_and_summary(void)
{
    run r = run_on("http.ftrace.txt", "http.packets.tsv");
    ts_clock_fit none;
    memset(&none, 0, sizeof none);
    g_assert_null(ts_kernel_conns_build(r.evs, r.m, &none, r.p, r.stream, r.n));
    g_assert_null(ts_kernel_conns_build(r.evs, NULL, &r.fit, r.p, r.stream, r.n));

    ts_kernel_report k;
    ts_kernel_report_build(&k, "x.txt", r.evs, &r.fit, r.m, r.p, r.stream, r.n);
    g_assert_cmpstr(k.summary.file, ==, "x.txt");
    g_assert_cmpstr(k.summary.format, ==, "ftrace");
    g_assert_cmpuint(k.summary.events, ==, r.evs->n);
    g_assert_true(k.summary.aligned);
    g_assert_cmpint(k.summary.offset_ns, ==, r.fit.offset_ns);
    g_assert_cmpuint(k.summary.anchors, ==, r.fit.n_anchors);
    g_assert_cmpuint(k.summary.matched, ==, r.m->matched);
    g_assert_cmpfloat(ts_kernel_summary_match_rate(&k.summary), ==, ts_matches_rate(r.m));
    g_assert_cmpuint(ts_kernel_conns_count(k.conns), ==, 3);
    ts_kernel_report_clear(&k);
    g_assert_null(k.conns);

    char buf[32];
    g_assert_cmpstr(ts_kernel_offset_str(1795358380226780000LL, buf, sizeof buf), ==, "1795358380.226780000");
    g_assert_cmpstr(ts_kernel_offset_str(-1500, buf, sizeof buf), ==, "-0.000001500");
    run_free(&r);
}

static ts_wire_packet packet(gint64 t_ns, guint32 frame, const guint8 *src, guint16 sport, const guint8 *dst,
                             guint16 dport, guint16 flags)
{
    ts_wire_packet p;
    memset(&p, 0, sizeof p);
    p.time_ns = t_ns;
    p.frame = frame;
    p.len = 74;
    ts_addr_set(&p.src, 4, src);
    ts_addr_set(&p.dst, 4, dst);
    p.sport = sport;
    p.dport = dport;
    p.flags = flags;
    return p;
}

/* LTTng's socket calls: connect's entry names the server it connects to (line 1: scp, vtid
 * 4242), accept4's exit the client it accepted (line 2: sshd, vtid 900); a read (line 3) names
 * nothing. Hand-made packets: an older connection from port 39999 (stream 0), then the SYN from
 * 10.0.10.20:40000 50 us after the connect (stream 1); the clock offset is given. */
static void test_lttng_syscalls(void)
{
    static const char text[] =
        "[10:00:00.000100000] (+0.000100000) host syscall_entry_connect: { cpu_id = 0 }, "
        "{ procname = \"scp\", vtid = 4242, vpid = 4240 }, { fd = 3, uservaddr = 0x7FFC2D3A1B40, "
        "addrlen = 16, family = 2, dport = 22, _v4addr_length = 4, v4addr = [ [0] = 10, [1] = 0, "
        "[2] = 10, [3] = 21 ], _v6addr_length = 0, v6addr = [ ] }\n"
        "[10:00:00.000400000] (+0.000300000) host syscall_exit_accept4: { cpu_id = 1 }, "
        "{ procname = \"sshd\", vtid = 900, vpid = 900 }, { ret = 5, upeer_sockaddr = 0x7FFE00001000, "
        "upeer_addrlen = 16, family = 2, sport = 40000, _v4addr_length = 4, v4addr = [ [0] = 10, "
        "[1] = 0, [2] = 10, [3] = 20 ], _v6addr_length = 0, v6addr = [ ] }\n"
        "[10:00:00.000500000] (+0.000100000) host syscall_entry_read: { cpu_id = 1 }, "
        "{ procname = \"sshd\", vtid = 900, vpid = 900 }, { fd = 5, buf = 0x7FFE00002000, count = 16 }\n";
    GError *err = NULL;
    ts_events *evs = ts_events_parse_buffer(text, sizeof text - 1, "syscalls.txt", TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(evs->n, ==, 3);
    g_assert_cmpuint(evs->ev[0].kind, ==, TS_EV_SYSCALL);

    static const guint8 client[4] = {10, 0, 10, 20}, server[4] = {10, 0, 10, 21};
    const gint64 t = G_GINT64_CONSTANT(1700000000000000000); /* the connect, on the capture's clock */
    ts_wire_packet p[5] = {
        packet(t - 1000000000, 1, client, 39999, server, 22, TS_SYN),
        packet(t + 50000, 2, client, 40000, server, 22, TS_SYN),
        packet(t + 100000, 3, server, 22, client, 40000, TS_SYN | TS_ACK),
        packet(t + 150000, 4, client, 40000, server, 22, TS_ACK),
        packet(t + 500000, 5, client, 40000, server, 22, TS_ACK),
    };
    guint32 stream[5] = {0, 1, 1, 1, 1};
    ts_clock_fit fit;
    memset(&fit, 0, sizeof fit);
    fit.ok = fit.manual = TRUE;
    fit.offset_ns = t - evs->ev[0].ts_ns;
    ts_matches *m = ts_match_events(evs, p, 5, &fit, NULL);
    ts_kernel_conns *kc = ts_kernel_conns_build(evs, m, &fit, p, stream, 5);
    g_assert_nonnull(kc);
    g_assert_null(ts_kernel_conns_lookup(kc, 0));
    const ts_kernel_conn *c = ts_kernel_conns_lookup(kc, 1);
    g_assert_nonnull(c);
    g_assert_cmpuint(c->n_events, ==, 2);
    assert_owner(&c->end[0], "scp", 4242, 1);
    assert_owner(&c->end[1], "sshd", 900, 2);
    g_assert_cmpuint(c->n_states, ==, 0);
    ts_kernel_conns_free(kc);
    ts_matches_free(m);
    ts_events_free(evs);
}

/* Which events tell an owner, event by event (the rule of kernel_owner.h). */
static void test_owner_evidence(void)
{
    ts_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = TS_EV_INET_SOCK_SET_STATE;
    static const struct {
        guint8 state;
        ts_owner_evidence want;
    } moves[] = {
        {TS_TCP_SYN_SENT, TS_OWNER_SYSCALL}, {TS_TCP_FIN_WAIT1, TS_OWNER_SYSCALL},
        {TS_TCP_LAST_ACK, TS_OWNER_SYSCALL}, {TS_TCP_LISTEN, TS_OWNER_LISTEN},
        {TS_TCP_SYN_RECV, TS_OWNER_NONE},    {TS_TCP_ESTABLISHED, TS_OWNER_NONE},
        {TS_TCP_CLOSE_WAIT, TS_OWNER_NONE},  {TS_TCP_FIN_WAIT2, TS_OWNER_NONE},
        {TS_TCP_TIME_WAIT, TS_OWNER_NONE},   {TS_TCP_CLOSE, TS_OWNER_NONE},
        {TS_TCP_CLOSING, TS_OWNER_NONE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(moves); i++) {
        ev.u.state.newstate = moves[i].state;
        g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, moves[i].want);
    }
    static const ts_event_kind never[] = {TS_EV_TCP_PROBE, TS_EV_TCP_RETRANSMIT_SKB, TS_EV_TCP_SEND_RESET,
                                          TS_EV_TCP_RECEIVE_RESET, TS_EV_NET_DEV_XMIT, TS_EV_NETIF_RECEIVE_SKB};
    for (guint i = 0; i < G_N_ELEMENTS(never); i++) {
        memset(&ev, 0, sizeof ev);
        ev.kind = never[i];
        ev.family = 4;
        g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_NONE);
    }
    memset(&ev, 0, sizeof ev);
    ev.kind = TS_EV_EBPF_ROW;
    ev.u.ebpf.func = "tcp_sendmsg";
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_SYSCALL);
    ev.u.ebpf.func = "tcp_rcv_established";
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_NONE);
    ev.u.ebpf.func = "inet_sock_set_state";
    ev.u.ebpf.tcp_state = TS_TCP_CLOSE_WAIT;
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_NONE);
    ev.u.ebpf.tcp_state = TS_TCP_LAST_ACK;
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_SYSCALL);

    memset(&ev, 0, sizeof ev);
    ev.kind = TS_EV_SYSCALL;
    ev.family = 4;
    ev.dport = 22;
    ev.u.sys.call = "connect";
    g_assert_cmpint(ts_kernel_owner_syscall_end(&ev), ==, 0);
    ev.u.sys.exit = 1; /* connect's exit names nothing */
    g_assert_cmpint(ts_kernel_owner_syscall_end(&ev), ==, -1);
    ev.u.sys.call = "accept4";
    g_assert_cmpint(ts_kernel_owner_syscall_end(&ev), ==, 1);
    ev.u.sys.ret = -11; /* EAGAIN: no connection */
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_NONE);
    ev.u.sys.call = "read";
    ev.u.sys.ret = 5;
    g_assert_cmpint(ts_kernel_owner_evidence(&ev), ==, TS_OWNER_NONE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/kernel_conn/owner_evidence", test_owner_evidence);
    g_test_add_func("/events/kernel_conn/http", test_http);
    g_test_add_func("/events/kernel_conn/lossy", test_lossy);
    g_test_add_func("/events/kernel_conn/ncat_hello", test_ncat_hello);
    g_test_add_func("/events/kernel_conn/named_tasks", test_named_tasks);
    g_test_add_func("/events/kernel_conn/http_ipv6", test_http_ipv6);
    g_test_add_func("/events/kernel_conn/ebpf_rows", test_ebpf_rows);
    g_test_add_func("/events/kernel_conn/lttng_syscalls", test_lttng_syscalls);
    g_test_add_func("/events/kernel_conn/unaligned_and_summary", test_unaligned_and_summary);
    return g_test_run();
}

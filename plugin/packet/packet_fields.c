#include "packet_fields.h"

static int hf_conn = -1, hf_dir = -1, hf_state = -1, hf_final_state = -1;
static int hf_complete = -1, hf_reset = -1, hf_open = -1;
static int hf_rtt = -1, hf_handshake_rtt = -1, hf_phase = -1, hf_dns_time = -1;
static int hf_conn_duration = -1, hf_conn_packets = -1, hf_conn_bytes = -1, hf_capture_dup = -1;
static int hf_retrans_kind = -1, hf_dup_ack = -1, hf_keep_alive = -1, hf_zero_window = -1;
static int hf_zero_window_probe = -1, hf_missed = -1, hf_dsack = -1, hf_window_full = -1, hf_in_flight = -1;
static gint ett_tcpstate = -1;

static const value_string dir_names[] = {
    {0, "from the connection's source"},
    {1, "to the connection's source"},
    {0, NULL},
};

void packet_fields_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_conn, {"Connection", "tcpstate.conn", FT_UINT32, BASE_DEC, NULL, 0x0,
                    "The connection (same number as tcp.stream)", HFILL}},
        {&hf_dir, {"Direction", "tcpstate.dir", FT_UINT8, BASE_DEC, VALS(dir_names), 0x0,
                   "0 from the connection's source (the sender of its first packet), 1 back", HFILL}},
        {&hf_state, {"State", "tcpstate.state", FT_STRING, BASE_NONE, NULL, 0x0,
                     "S<SYNs>F<FINs>, /R when reset, counted up to and including this packet", HFILL}},
        {&hf_final_state, {"Final state", "tcpstate.final_state", FT_STRING, BASE_NONE, NULL, 0x0,
                           "The connection's state at the end of the capture", HFILL}},
        {&hf_complete, {"Complete", "tcpstate.complete", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                        "At least one SYN and one FIN", HFILL}},
        {&hf_reset, {"Reset", "tcpstate.reset", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                     "The connection had a RST", HFILL}},
        {&hf_open, {"Open at capture end", "tcpstate.open", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                    "No FIN and no RST", HFILL}},
        {&hf_rtt, {"RTT", "tcpstate.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                   "The RTT sample this segment's ACK produced", HFILL}},
        {&hf_handshake_rtt, {"Handshake RTT", "tcpstate.handshake_rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                             "First SYN to the ACK of the SYN+ACK", HFILL}},
        {&hf_phase, {"Phase", "tcpstate.phase", FT_STRING, BASE_NONE, NULL, 0x0,
                     "dns, handshake, data, close or reset", HFILL}},
        {&hf_dns_time, {"DNS time", "tcpstate.dns_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                        "Query to response of the lookup that resolved the server just before the first SYN",
                        HFILL}},
        {&hf_conn_duration, {"Connection duration", "tcpstate.conn_duration", FT_RELATIVE_TIME, BASE_NONE,
                             NULL, 0x0, "Last packet minus first packet of the connection", HFILL}},
        {&hf_conn_packets, {"Connection packets", "tcpstate.conn_packets", FT_UINT32, BASE_DEC, NULL, 0x0,
                            "Packets of the connection, both directions", HFILL}},
        {&hf_conn_bytes, {"Connection bytes", "tcpstate.conn_bytes", FT_UINT64, BASE_DEC, NULL, 0x0,
                          "Payload bytes of the connection, both directions", HFILL}},
        {&hf_capture_dup, {"Capture duplicate", "tcpstate.capture_dup", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                           "A copy of a packet already captured (same IPv4 ID, sequence and acknowledgement "
                           "numbers, length, flags and window, soon after): counted as a packet, not as a "
                           "retransmission. Present only on such packets",
                           HFILL}},
        {&hf_retrans_kind, {"Re-send kind", "tcpstate.retrans_kind", FT_STRING, BASE_NONE, NULL, 0x0,
                            "Why a segment starting below its direction's highest sequence number came: "
                            "spurious, fast, out_of_order, timeout, probe or other. Present only on such "
                            "segments",
                            HFILL}},
        {&hf_dup_ack, {"Duplicate ACK", "tcpstate.dup_ack", FT_UINT16, BASE_DEC, NULL, 0x0,
                       "Its number in a run of ACKs repeating the previous acknowledgement and window. "
                       "Present only on duplicate ACKs",
                       HFILL}},
        {&hf_keep_alive, {"Keep-alive", "tcpstate.keep_alive", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                          "0 or 1 byte one below the next sequence number. Present only on keep-alives", HFILL}},
        {&hf_zero_window, {"Zero window", "tcpstate.zero_window", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                           "Advertises a receive window of 0. Present only on such segments", HFILL}},
        {&hf_zero_window_probe, {"Zero-window probe", "tcpstate.zero_window_probe", FT_BOOLEAN, BASE_NONE, NULL,
                                 0x0, "1 byte sent into a zero window. Present only on probes", HFILL}},
        {&hf_dsack, {"D-SACK", "tcpstate.dsack", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                     "Its first SACK block reports data received twice (RFC 2883). Present only on such "
                     "ACKs",
                     HFILL}},
        {&hf_window_full, {"Window full", "tcpstate.window_full", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                           "Its payload ends at the right edge of the other side's latest window. Present only "
                           "on such segments",
                           HFILL}},
        {&hf_in_flight, {"Bytes in flight", "tcpstate.bytes_in_flight", FT_UINT32, BASE_DEC, NULL, 0x0,
                         "After this segment with payload: its direction's highest sequence number sent minus "
                         "the other side's latest acknowledgement number (RFC 5681's FlightSize; SACKed bytes "
                         "included). Present when both are known",
                         HFILL}},
        {&hf_missed, {"Missed bytes", "tcpstate.missed_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
                      "Sequence space sent just before this segment that the capture never saw. Present only "
                      "after such a gap",
                      HFILL}},
    };
    static gint *ett[] = {&ett_tcpstate};
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

static void add_time(proto_tree *t, int hf, tvbuff_t *tvb, double seconds)
{
    nstime_t ns;
    nstime_set_zero(&ns);
    ns.secs = (time_t)seconds;
    ns.nsecs = (int)((seconds - (double)ns.secs) * 1e9 + 0.5);
    if (ns.nsecs >= 1000000000) {
        ns.secs++;
        ns.nsecs -= 1000000000;
    }
    proto_item_set_generated(proto_tree_add_time(t, hf, tvb, 0, 0, &ns));
}

static void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, guint32 v)
{
    proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, v));
}

static void add_bool(proto_tree *t, int hf, tvbuff_t *tvb, gboolean v)
{
    proto_item_set_generated(proto_tree_add_boolean(t, hf, tvb, 0, 0, v));
}

static void add_string(proto_tree *t, int hf, tvbuff_t *tvb, const char *v)
{
    proto_item_set_generated(proto_tree_add_string(t, hf, tvb, 0, 0, v));
}

static void add_loss(proto_tree *t, tvbuff_t *tvb, const ts_loss_result *l)
{
    if (l->resend)
        add_string(t, hf_retrans_kind, tvb, ts_resend_kind_name((ts_resend_kind)l->resend));
    if (l->dup_ack)
        add_uint(t, hf_dup_ack, tvb, l->dup_ack);
    if (l->keep_alive)
        add_bool(t, hf_keep_alive, tvb, TRUE);
    if (l->zero_window)
        add_bool(t, hf_zero_window, tvb, TRUE);
    if (l->zero_window_probe)
        add_bool(t, hf_zero_window_probe, tvb, TRUE);
    if (l->missed)
        add_uint(t, hf_missed, tvb, l->missed);
    if (l->dsack)
        add_bool(t, hf_dsack, tvb, TRUE);
    if (l->window_full)
        add_bool(t, hf_window_full, tvb, TRUE);
}

proto_tree *packet_fields_add(proto_tree *tree, tvbuff_t *tvb, int proto, const frame_state *fs,
                              const ts_conn *conn, const ts_dns_exchange *dns)
{
    char st[TS_STATUS_LEN];
    proto_item *ti = proto_tree_add_item(tree, proto, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *t = proto_item_add_subtree(ti, ett_tcpstate);

    add_uint(t, hf_conn, tvb, fs->seg.stream);
    if (fs->is_dns) {
        add_string(t, hf_phase, tvb, ts_phase_name(TS_PHASE_DNS));
    } else {
        add_uint(t, hf_dir, tvb, fs->seg.dir);
        add_string(t, hf_state, tvb, ts_status_str(fs->seg.syn, fs->seg.fin, fs->seg.rst, st, sizeof st));
        add_string(t, hf_phase, tvb, ts_phase_name(fs->seg.phase));
        if (fs->seg.has_rtt)
            add_time(t, hf_rtt, tvb, fs->seg.rtt);
        if (fs->seg.capture_dup)
            add_bool(t, hf_capture_dup, tvb, TRUE);
        add_loss(t, tvb, &fs->seg.loss);
        if (fs->seg.in_flight)
            add_uint(t, hf_in_flight, tvb, fs->seg.in_flight);
    }
    if (dns)
        add_time(t, hf_dns_time, tvb, dns->dns_time);
    if (!conn)
        return t;
    proto_item_append_text(ti, ", Connection %u, %s", conn->stream, ts_conn_status(conn, st, sizeof st));
    add_string(t, hf_final_state, tvb, st);
    add_bool(t, hf_complete, tvb, ts_conn_complete(conn));
    add_bool(t, hf_reset, tvb, ts_conn_reset(conn));
    add_bool(t, hf_open, tvb, ts_conn_open(conn));
    if (conn->handshake_rtt >= 0)
        add_time(t, hf_handshake_rtt, tvb, conn->handshake_rtt);
    add_time(t, hf_conn_duration, tvb, ts_conn_duration(conn));
    add_uint(t, hf_conn_packets, tvb, ts_conn_packets(conn));
    proto_item_set_generated(proto_tree_add_uint64(t, hf_conn_bytes, tvb, 0, 0, ts_conn_bytes(conn)));
    return t;
}

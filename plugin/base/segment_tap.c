#include "segment_tap.h"

#include <stdio.h>

#include <epan/dissectors/packet-ip.h>
#include <epan/exceptions.h>
#include <epan/tap.h>

#include "tap_segment.h"

enum { REC_WAITING, REC_READY, REC_NONE };

typedef struct segment_record {
    guint8 state;
    guint16 sport, dport; /* to check the tcp tap's record against */
    ts_segment seg;       /* its IPv4 ID set first: the tcp tap's record lacks it */
} segment_record;

static int segment_tap = -1;
static dissector_handle_t tcp_handle;
static dissector_handle_t front_handle;

/* The tcp tap's latest record: taps run in the order they were queued, and the TCP dissector
 * queues its record before tcpstate queues the frame's. */
static const struct tcpheader *latest;
static guint32 latest_frame;

static tap_packet_status tcp_seen(void *data _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                  const void *tap_data, tap_flags_t flags _U_)
{
    latest = tap_data;
    latest_frame = pinfo->num;
    return TAP_PACKET_DONT_REDRAW;
}

const ts_segment *ts_segment_of_record(const packet_info *pinfo, const void *tap_data)
{
    /* The record lives in the packet's pool; the first listener to read it settles it. */
    segment_record *r = (segment_record *)tap_data;
    if (r->state == REC_WAITING) {
        r->state = REC_NONE;
        if (latest && latest_frame == pinfo->num && latest->th_sport == r->sport &&
            latest->th_dport == r->dport && ts_segment_from_tap(&r->seg, pinfo, latest))
            r->state = REC_READY;
        latest = NULL;
    }
    return r->state == REC_READY ? &r->seg : NULL;
}

static int dissect_in_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (!have_tap_listener(segment_tap))
        return call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    segment_record *r = wmem_new0(pinfo->pool, segment_record);
    if (tvb_captured_length(tvb) >= 4) {
        r->sport = tvb_get_ntohs(tvb, 0);
        r->dport = tvb_get_ntohs(tvb, 2);
    }
    ts_tap_segment_options(&r->seg.opt, tvb, 0);
    const ws_ip4 *ip4 = pinfo->net_src.type == AT_IPv4 ? WS_IP4_PTR(data) : NULL;
    if (ip4) {
        r->seg.ip_id = ip4->ip_id;
        r->seg.has_ip_id = 1;
    }
    volatile int taken = 0;
    TRY {
        taken = call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    }
    CATCH_ALL {
        if (!pinfo->flags.in_error_pkt && ts_segment_from_cut_header(&r->seg, pinfo, tvb))
            r->state = REC_READY;
        tap_queue_packet(segment_tap, pinfo, r);
        RETHROW;
    }
    ENDTRY;
    tap_queue_packet(segment_tap, pinfo, r);
    return taken;
}

/* A Decode As of IP protocol 6 to TCP (tshark -d ip.proto==6,tcp, or a saved decode_as_entries)
 * puts the TCP dissector itself back in the table, and tcpstate would then see no segment at
 * all: each file puts the handle in front of it again. Any other choice is left alone. */
static void stand_in_front_again(void)
{
    dissector_table_t ip_proto = find_dissector_table("ip.proto");
    if (front_handle && ip_proto && dissector_get_uint_handle(ip_proto, 6) == tcp_handle)
        dissector_change_uint("ip.proto", 6, front_handle);
}

void ts_segment_tap_register(void)
{
    segment_tap = register_tap(TS_SEGMENT_TAP_NAME);
    register_init_routine(stand_in_front_again);
}

void ts_segment_tap_handoff(void)
{
    dissector_table_t ip_proto = find_dissector_table("ip.proto");
    tcp_handle = ip_proto ? dissector_get_uint_handle(ip_proto, 6) : NULL;
    if (!tcp_handle) {
        tcp_handle = find_dissector("tcp");
        fprintf(stderr, "tcpstate: the TCP dissector is not in the ip.proto table: segments whose "
                        "options were cut by the snapshot length are not counted\n");
    } else {
        /* No protocol of its own: the frame's protocols stay "ip:tcp". */
        front_handle = create_dissector_handle_with_name_and_description(dissect_in_front, -1, "tcpstate_tcp_front",
                                                                          "TCP (tcpstate counts cut headers)");
        dissector_add_uint("ip.proto", 6, front_handle);
    }
    /* A helper: its presence does not make tshark dissect packets it would not. */
    GString *err =
        register_tap_listener("tcp", &segment_tap, NULL, TL_IS_DISSECTOR_HELPER, NULL, tcp_seen, NULL, NULL);
    if (err) {
        fprintf(stderr, "tcpstate: cannot listen to the tcp tap: %s\n", err->str);
        g_string_free(err, TRUE);
    }
}

/* The tcpstate post-dissector. On a frame's first pass it feeds the core from the tree
 * when the tree carries the TCP fields (a displayed tree: tshark -V or -T fields, or any
 * tree when they are asked for: kernel events, tcpstate fields in tshark -2, the
 * first_pass_fields preference); otherwise the tcp tap does it right after the dissection
 * (packet_tap.c). On later passes it shows what was stored, so values never change when a
 * packet is dissected again.
 *
 * tshark asked for tcpstate fields (-e, -Y, -V, -T json/pdml) reads the file twice
 * (two_pass.c): a connection's final state, and the connection a DNS lookup served (the
 * lookup comes before its SYN), are known only once every frame has been seen. */
#include <epan/packet.h>
#include <epan/prefs.h>

#include "conn_tap.h"
#include "kernel_context.h"
#include "kernel_fields.h"
#include "kernel_prefs.h"
#include "kernel_summary.h"
#include "packet_tap.h"
#include "packet_state.h"
#include "postdissector.h"
#include "tap_segment.h"
#include "tcpstate_proto.h"
#include "tshark_args.h"
#include "two_pass.h"
#include "ws_compat.h"

static dissector_handle_t handle;
static gboolean in_tshark, switched_off;
static ts_pref_bool pref_first_pass_fields = FALSE;
static gboolean fields_wanted;
static gboolean fields_two_pass; /* tshark -2 showing tcpstate fields */

enum { F_STREAM, F_SPORT, F_DPORT, F_SEQ, F_ACK, F_FLAGS, F_LEN, F_WIN, F_WIN_RAW, F_IP_ID, F_SACK, F_DSACK,
       F_DNS_RESPONSE_TO, F_DNS_TIME, F_DNS_A, F_DNS_AAAA, F_COUNT };
static const char *wanted_names[F_COUNT] = {
    "tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags",
    "tcp.len", "tcp.window_size", "tcp.window_size_value", "ip.id", "tcp.options.sack.count",
    "tcp.options.sack.dsack_le",
    "dns.response_to", "dns.time", "dns.a", "dns.aaaa",
};
static int wanted[F_COUNT];

/* Asking for fields makes every dissection build a protocol tree, which costs tshark a
 * large share of its time: it is done only on request. */
static void set_wanted(gboolean on)
{
    if (!handle || on == fields_wanted)
        return;
    GArray *ids = NULL;
    if (on) {
        ids = g_array_sized_new(FALSE, FALSE, sizeof(int), F_COUNT);
        g_array_append_vals(ids, wanted, F_COUNT);
    }
    set_postdissector_wanted_hfids(handle, ids); /* takes ids, frees the previous array */
    fields_wanted = on;
}

/* Kernel events are aligned with every frame's TCP header, and tshark -2 shows final values
 * only when the first pass fed the table: the tree must carry the TCP fields. */
static void refresh_wanted(void)
{
    set_wanted(pref_first_pass_fields || fields_two_pass || kernel_context_expects_events());
}

static void prefs_applied(void)
{
    kernel_prefs_applied();
    refresh_wanted();
}

/* Per file, after kernel_context's (which may have found an events file): tshark showing
 * tcpstate fields in one pass runs again as tshark -2. */
static void file_init(void)
{
    const tshark_args *args = tshark_args_get();
    gboolean shown = args && (args->packet_fields || args->full_tree);
    if (shown)
        two_pass_rerun("whole-connection fields", kernel_context_events_path());
    fields_two_pass = shown && two_pass_running();
    refresh_wanted();
}

/* The last occurrence: the innermost header when a packet carries several. */
static field_info *last(proto_tree *tree, int f)
{
    GPtrArray *a = proto_get_finfo_ptr_array(tree, wanted[f]);
    return a && a->len ? g_ptr_array_index(a, a->len - 1) : NULL;
}

static guint32 last_uint(proto_tree *tree, int f, gboolean *ok)
{
    field_info *fi = last(tree, f);
    if (!fi) {
        *ok = FALSE;
        return 0;
    }
    return fvalue_get_uinteger(TS_FIELD_VALUE(fi));
}

static gboolean read_segment(proto_tree *tree, packet_info *pinfo, ts_segment *s)
{
    gboolean ok = TRUE;
    memset(s, 0, sizeof *s);
    s->stream = last_uint(tree, F_STREAM, &ok);
    s->sport = (guint16)last_uint(tree, F_SPORT, &ok);
    s->dport = (guint16)last_uint(tree, F_DPORT, &ok);
    s->seq = last_uint(tree, F_SEQ, &ok);
    s->flags = (guint16)(last_uint(tree, F_FLAGS, &ok) & 0xff);
    s->window = last_uint(tree, F_WIN, &ok);
    s->window_raw = (guint16)last_uint(tree, F_WIN_RAW, &ok);
    if (!ok || !ts_addr_from_address(&s->src, &pinfo->net_src) ||
        !ts_addr_from_address(&s->dst, &pinfo->net_dst))
        return FALSE;
    gboolean optional = TRUE;
    s->ack = last_uint(tree, F_ACK, &optional);   /* absent when the ACK flag is clear */
    s->seglen = last_uint(tree, F_LEN, &optional); /* absent when the length is unknown */
    s->sack_blocks = (guint8)last_uint(tree, F_SACK, &optional); /* absent without SACK blocks */
    gboolean dsack = TRUE;
    last_uint(tree, F_DSACK, &dsack); /* present on a D-SACK only */
    s->dsack = (guint8)dsack;
    if (pinfo->net_src.type == AT_IPv4) { /* the innermost IPv4 header's, as the segment's */
        gboolean have_id = TRUE;
        s->ip_id = (guint16)last_uint(tree, F_IP_ID, &have_id);
        s->has_ip_id = (guint8)have_id;
    }
    /* A SYN's options from the header's own bytes, as on the tap's path: the source port's
     * field says where the header starts. */
    field_info *sport = last(tree, F_SPORT);
    if (sport && sport->ds_tvb)
        ts_tap_segment_options(&s->opt, sport->ds_tvb, sport->start);
    s->frame = pinfo->num;
    s->time = nstime_to_sec(&pinfo->rel_ts);
    return TRUE;
}

/* Every occurrence of a field: from the index of asked-for fields, or, in a displayed tree
 * (tshark -V or -T fields) where nothing asked for them, by walking the tree. The caller
 * frees the array. */
static GPtrArray *all(proto_tree *tree, int f)
{
    GPtrArray *a = proto_get_finfo_ptr_array(tree, wanted[f]);
    if (a && a->len)
        return g_ptr_array_ref(a);
    if (PTREE_DATA(tree)->visible)
        return proto_find_finfo(tree, wanted[f]);
    return NULL;
}

static field_info *last_of(GPtrArray *a)
{
    return a && a->len ? g_ptr_array_index(a, a->len - 1) : NULL;
}

/* A DNS response: the addresses it gave, for the connection that may follow. */
static gboolean read_dns(proto_tree *tree, packet_info *pinfo)
{
    GPtrArray *to_a = all(tree, F_DNS_RESPONSE_TO), *dt_a = all(tree, F_DNS_TIME);
    field_info *to = last_of(to_a), *dt = last_of(dt_a);
    if (!to || !dt) {
        if (to_a)
            g_ptr_array_unref(to_a);
        if (dt_a)
            g_ptr_array_unref(dt_a);
        return FALSE;
    }
    ts_dns_exchange x = {
        .query_frame = fvalue_get_uinteger(TS_FIELD_VALUE(to)),
        .response_frame = pinfo->num,
        .response_time = nstime_to_sec(&pinfo->rel_ts),
        .dns_time = nstime_to_sec(fvalue_get_time(TS_FIELD_VALUE(dt))),
    };
    g_ptr_array_unref(to_a);
    g_ptr_array_unref(dt_a);
    gboolean any = FALSE;
    static const int kinds[2][2] = {{F_DNS_A, 4}, {F_DNS_AAAA, 16}};
    for (int k = 0; k < 2; k++) {
        GPtrArray *a = all(tree, kinds[k][0]);
        for (guint i = 0; a && i < a->len; i++) {
            field_info *fi = g_ptr_array_index(a, i);
            guint8 bytes[16];
            if (fi->length != kinds[k][1] || !fi->ds_tvb)
                continue;
            tvb_memcpy(fi->ds_tvb, bytes, fi->start, fi->length);
            ts_addr addr;
            ts_addr_set(&addr, kinds[k][1] == 4 ? 4 : 6, bytes);
            packet_state_dns_answer(&addr, &x);
            any = TRUE;
        }
        if (a)
            g_ptr_array_unref(a);
    }
    return any;
}

/* The frame's own TCP segment, read from the tree: not one quoted inside an ICMP error. */
static gboolean frame_segment(proto_tree *tree, packet_info *pinfo, ts_segment *s)
{
    return tree && proto_is_frame_protocol(pinfo->layers, "tcp") &&
           !proto_is_frame_protocol(pinfo->layers, "icmp") &&
           !proto_is_frame_protocol(pinfo->layers, "icmpv6") && read_segment(tree, pinfo, s);
}

/* seg: the frame's segment, NULL when it has none. */
static frame_state *first_pass(proto_tree *tree, packet_info *pinfo, const ts_segment *seg)
{
    if (seg)
        return packet_state_feed_segment(pinfo, seg);
    if (proto_is_frame_protocol(pinfo->layers, "tcp") || proto_is_frame_protocol(pinfo->layers, "icmp") ||
        proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return NULL;
    if (proto_is_frame_protocol(pinfo->layers, "dns") && read_dns(tree, pinfo))
        return packet_state_mark_dns(pinfo);
    return NULL;
}

/* tshark reading a file in one pass without protocol trees (tshark -q -z ..., -w ...): nobody
 * can see a frame's fields, and without kernel events the post-dissector has nothing to do,
 * while Wireshark's cost of calling it is some 600 instructions a frame. It is then switched
 * off until the file is closed. Such a run is known by its taps having run on a first pass:
 * tshark -2 runs none on its first pass, and builds a tree for every frame or for none. */
static void switch_off_if_idle(const packet_info *pinfo, const proto_tree *tree)
{
    if (!in_tshark || tree || PINFO_FD_VISITED(pinfo) || kernel_context_collecting() ||
        !packet_tap_running() || ts_conn_tap_wanted())
        return;
    proto_set_decoding(proto_tcpstate, FALSE);
    switched_off = TRUE;
}

static void switch_back_on(void)
{
    if (switched_off)
        proto_set_decoding(proto_tcpstate, TRUE);
    switched_off = FALSE;
}

static int dissect_tcpstate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (kernel_context_frame_seen(pinfo)) /* Wireshark's first frame: events beside the capture? */
        refresh_wanted();
    switch_off_if_idle(pinfo, tree);
    ts_conn_tap_queue(pinfo);
    gboolean first = !PINFO_FD_VISITED(pinfo), collecting = first && kernel_context_collecting();
    frame_state *fs = tree ? packet_state_get(pinfo) : NULL;
    /* Read once for both users of the first pass: the table and the kernel events' frames. */
    ts_segment s;
    gboolean seg = first && (collecting || !fs) && frame_segment(tree, pinfo, &s);
    if (!fs && first && tree)
        fs = first_pass(tree, pinfo, seg ? &s : NULL);
    if (collecting)
        kernel_context_add_frame(pinfo, seg ? &s : NULL, seg && fs ? fs->seg.loss.resend : 0);
    if (!tree) {
        kernel_fields_add(NULL, NULL, tvb, pinfo); /* the expert info of the first frame */
        return 0;
    }
    if (!fs && proto_is_frame_protocol(pinfo->layers, "dns")) {
        /* A query: it gets the connection its response was linked to, if any. */
        static const frame_state query = {.is_dns = TRUE};
        fs = (frame_state *)&query;
    }
    kernel_fields_add(tree, packet_state_show(tree, tvb, pinfo, fs), tvb, pinfo);
    return fs ? tvb_captured_length(tvb) : 0;
}

void postdissector_register(int proto)
{
    in_tshark = tcpstate_in_tshark();
    register_cleanup_routine(switch_back_on);
    packet_fields_register(proto);
    packet_state_register(proto);
    kernel_fields_register(proto);
    kernel_context_register();
    register_init_routine(file_init); /* after kernel_context's */
    kernel_summary_register();
    module_t *m = prefs_register_protocol(proto, prefs_applied);
    prefs_register_bool_preference(
        m, "first_pass_fields", "Read TCP and DNS fields on the first pass",
        "Build the protocol tree with the TCP and DNS fields on every first pass. tshark does "
        "it by itself when tcpstate fields are shown, and Wireshark while it looks for kernel "
        "events beside the capture; this makes Wireshark link DNS lookups on the first pass "
        "with that search off. Makes every dissection build a tree.",
        &pref_first_pass_fields);
    kernel_prefs_register(m);
}

void postdissector_handoff(int proto)
{
    handle = create_dissector_handle(dissect_tcpstate, proto);
    register_postdissector(handle);
    for (int f = 0; f < F_COUNT; f++)
        wanted[f] = proto_registrar_get_id_byname(wanted_names[f]);
}

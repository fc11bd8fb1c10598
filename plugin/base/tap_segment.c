#include "tap_segment.h"

#include <string.h>

#include <epan/address.h>
#include <epan/conversation.h>

static int proto_tcp = -1;

/* The window scale factors of each stream's two flows, for this file, once the TCP dissector
 * knows both: looking its conversation up for every segment costs more than all of tcpstate's
 * own work. Two bytes a stream: (factor + 3) of flow1 and of flow2, 0 while not known. */
static GArray *scales_by_stream;

static void forget_streams(void)
{
    if (scales_by_stream)
        g_array_set_size(scales_by_stream, 0);
}

const struct tcp_analysis *ts_tcp_analysis(guint32 frame, const address *src, const address *dst, guint32 sport,
                                            guint32 dport)
{
    if (proto_tcp < 0)
        proto_tcp = proto_get_id_by_filter_name("tcp");
    conversation_t *conv = find_conversation(frame, src, dst, CONVERSATION_TCP, sport, dport, 0);
    return conv ? conversation_get_proto_data(conv, proto_tcp) : NULL;
}

/* The factors of flow1 and flow2 (-2 not used, -1 unknown, else the shift); FALSE when the
 * TCP dissector has no data for the stream. */
static gboolean stream_scales(const packet_info *pinfo, guint32 stream, const address *src, const address *dst,
                              guint32 sport, guint32 dport, int scale[2])
{
    if (!scales_by_stream)
        scales_by_stream = g_array_new(FALSE, TRUE, 2);
    const guint8 *known = stream < scales_by_stream->len ? &g_array_index(scales_by_stream, guint8, 2 * stream) : NULL;
    if (known && known[0]) {
        scale[0] = known[0] - 3;
        scale[1] = known[1] - 3;
        return TRUE;
    }
    const struct tcp_analysis *tcpd = ts_tcp_analysis(pinfo->num, src, dst, sport, dport);
    if (!tcpd)
        return FALSE;
    scale[0] = tcpd->flow1.win_scale;
    scale[1] = tcpd->flow2.win_scale;
    if (tcpd->stream == stream && scale[0] != -1 && scale[1] != -1 && scale[0] >= -2 && scale[0] <= 14 &&
        scale[1] >= -2 && scale[1] <= 14) {
        if (stream >= scales_by_stream->len)
            g_array_set_size(scales_by_stream, MAX(stream + 1, scales_by_stream->len * 2));
        guint8 *slot = &g_array_index(scales_by_stream, guint8, 2 * stream);
        slot[0] = (guint8)(scale[0] + 3);
        slot[1] = (guint8)(scale[1] + 3);
    }
    return TRUE;
}

/* The shift the sender applies to its window field, 0 when none is known or used. */
static int sender_shift(const packet_info *pinfo, guint32 stream, const address *src, const address *dst,
                        guint32 sport, guint32 dport)
{
    int scale[2];
    if (!stream_scales(pinfo, stream, src, dst, sport, dport, scale))
        return 0;
    int own = scale[0];
    if (scale[1] != scale[0]) {
        /* flow1 carries what the greater address (then port) sends; see packet-tcp.h. */
        int cmp = cmp_address(src, dst);
        if (cmp == 0)
            cmp = sport > dport ? 1 : -1;
        own = scale[cmp >= 0 ? 0 : 1];
    }
    return own > 0 ? own : 0;
}

/* The tap hands over the window already scaled (as tcp.window_size); the 16-bit field
 * as sent is that value shifted back by the sender's scale factor, which the TCP
 * dissector keeps in its conversation data (-1 unknown, -2 not used). */
static guint16 raw_window(const packet_info *pinfo, const struct tcpheader *th)
{
    if (th->th_flags & TH_SYN)
        return (guint16)MIN(th->th_win, G_MAXUINT16);
    guint32 win = th->th_win >> sender_shift(pinfo, th->th_stream, &th->ip_src, &th->ip_dst, th->th_sport,
                                             th->th_dport);
    return (guint16)MIN(win, G_MAXUINT16);
}

static void free_streams(void)
{
    if (scales_by_stream)
        g_array_free(scales_by_stream, TRUE);
    scales_by_stream = NULL;
}

void ts_tap_segment_register(void)
{
    register_cleanup_routine(forget_streams);
    register_shutdown_routine(free_streams);
}

gboolean ts_addr_from_address(ts_addr *to, const address *from)
{
    if (from->type == AT_IPv4 && from->len == 4)
        ts_addr_set(to, 4, from->data);
    else if (from->type == AT_IPv6 && from->len == 16)
        ts_addr_set(to, 6, from->data);
    else
        return FALSE;
    return TRUE;
}

gboolean ts_segment_from_tap(ts_segment *s, const packet_info *pinfo, const struct tcpheader *th)
{
    if (!ts_addr_from_address(&s->src, &th->ip_src) || !ts_addr_from_address(&s->dst, &th->ip_dst))
        return FALSE;
    s->stream = th->th_stream;
    s->frame = pinfo->num;
    s->time = nstime_to_sec(&pinfo->rel_ts);
    s->sport = th->th_sport;
    s->dport = th->th_dport;
    s->seq = th->th_rawseq;
    s->ack = th->th_rawack;
    /* th_seglen comes from the IP and TCP header lengths, so a snaplen cut is still counted. */
    s->seglen = th->th_have_seglen ? th->th_seglen : 0;
    s->flags = th->th_flags & 0xff;
    s->window = th->th_win;
    s->window_raw = raw_window(pinfo, th);
    s->sack_blocks = th->num_sack_ranges;
    /* RFC 2883 4, as Wireshark tells a D-SACK: the first block lies below the acknowledgement
     * number, or inside the second block */
    s->dsack = th->num_sack_ranges > 0 &&
               ((gint32)(th->sack_right_edge[0] - th->th_ack) <= 0 ||
                (th->num_sack_ranges > 1 && (gint32)(th->sack_left_edge[1] - th->sack_right_edge[0]) < 0 &&
                 (gint32)(th->sack_right_edge[1] - th->sack_right_edge[0]) >= 0));
    return TRUE;
}

gboolean ts_segment_from_cut_header(ts_segment *s, const packet_info *pinfo, tvbuff_t *tvb)
{
    guint captured = tvb_captured_length(tvb);
    if (captured < 20)
        return FALSE; /* the fixed header itself is cut */
    guint16 offset_flags = tvb_get_ntohs(tvb, 12); /* data offset, reserved bits, flags */
    guint hlen = (guint)(offset_flags >> 12) * 4;
    if (hlen < 20 || captured >= hlen)
        return FALSE; /* a bogus header length, or the options are whole: not cut there */
    if (!ts_addr_from_address(&s->src, &pinfo->net_src) || !ts_addr_from_address(&s->dst, &pinfo->net_dst))
        return FALSE;
    s->sport = tvb_get_ntohs(tvb, 0);
    s->dport = tvb_get_ntohs(tvb, 2);
    const struct tcp_analysis *tcpd =
        ts_tcp_analysis(pinfo->num, &pinfo->net_src, &pinfo->net_dst, s->sport, s->dport);
    if (!tcpd)
        return FALSE; /* the TCP dissector gave it no stream */
    s->stream = tcpd->stream;
    s->frame = pinfo->num;
    s->time = nstime_to_sec(&pinfo->rel_ts);
    s->seq = tvb_get_ntohl(tvb, 4);
    s->ack = tvb_get_ntohl(tvb, 8);
    s->flags = offset_flags & 0xff;
    guint reported = tvb_reported_length(tvb); /* the IP payload length */
    s->seglen = reported > hlen ? reported - hlen : 0;
    s->window_raw = tvb_get_ntohs(tvb, 14);
    s->window = s->window_raw;
    if (!(s->flags & TS_SYN))
        s->window <<= sender_shift(pinfo, s->stream, &pinfo->net_src, &pinfo->net_dst, s->sport, s->dport);
    return TRUE;
}

void ts_tap_segment_options(ts_tcp_options *opt, tvbuff_t *tvb, int offset)
{
    memset(opt, 0, sizeof *opt);
    gint captured = tvb_captured_length_remaining(tvb, offset);
    if (captured < 14)
        return; /* no data offset: ts_segment_from_cut_header or the TCP dissector decide */
    guint16 offset_flags = tvb_get_ntohs(tvb, offset + 12); /* data offset, reserved bits, flags */
    guint hlen = (guint)(offset_flags >> 12) * 4;
    if (hlen <= 20 || !(offset_flags & TS_SYN))
        return; /* only a SYN's options are used: not read on every segment */
    gsize have = captured > 20 ? MIN((gsize)captured - 20, hlen - 20) : 0;
    ts_tcp_options_parse(have ? tvb_get_ptr(tvb, offset + 20, (gint)have) : NULL, have, hlen - 20, opt);
}

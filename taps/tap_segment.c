#include "tap_segment.h"

#include <epan/address.h>
#include <epan/conversation.h>

static int proto_tcp = -1;

/* The TCP dissector's per-connection data by tcp.stream, for this file: looking the
 * conversation up for every segment costs more than all of tcpstate's own work. */
static GPtrArray *tcpd_by_stream;

static void forget_streams(void)
{
    if (tcpd_by_stream)
        g_ptr_array_set_size(tcpd_by_stream, 0);
}

static const struct tcp_analysis *stream_data(const packet_info *pinfo, const struct tcpheader *th)
{
    if (!tcpd_by_stream)
        tcpd_by_stream = g_ptr_array_new();
    if (th->th_stream < tcpd_by_stream->len) {
        const struct tcp_analysis *known = g_ptr_array_index(tcpd_by_stream, th->th_stream);
        if (known)
            return known;
    }
    if (proto_tcp < 0)
        proto_tcp = proto_get_id_by_filter_name("tcp");
    conversation_t *conv = find_conversation(pinfo->num, &th->ip_src, &th->ip_dst, CONVERSATION_TCP,
                                             th->th_sport, th->th_dport, 0);
    struct tcp_analysis *tcpd = conv ? conversation_get_proto_data(conv, proto_tcp) : NULL;
    if (!tcpd || tcpd->stream != th->th_stream)
        return tcpd;
    if (th->th_stream >= tcpd_by_stream->len)
        g_ptr_array_set_size(tcpd_by_stream, MAX(th->th_stream + 1, tcpd_by_stream->len * 2));
    g_ptr_array_index(tcpd_by_stream, th->th_stream) = tcpd;
    return tcpd;
}

/* The tap hands over the window already scaled (as tcp.window_size); the 16-bit field
 * as sent is that value shifted back by the sender's scale factor, which the TCP
 * dissector keeps in its conversation data (-1 unknown, -2 not used). */
static guint16 raw_window(const packet_info *pinfo, const struct tcpheader *th)
{
    if (th->th_flags & TH_SYN)
        return (guint16)MIN(th->th_win, G_MAXUINT16);
    const struct tcp_analysis *tcpd = stream_data(pinfo, th);
    guint32 win = th->th_win;
    if (tcpd) {
        /* flow1 carries what the greater address (then port) sends; see packet-tcp.h. */
        int cmp = cmp_address(&th->ip_src, &th->ip_dst);
        if (cmp == 0)
            cmp = th->th_sport > th->th_dport ? 1 : -1;
        const tcp_flow_t *fwd = cmp >= 0 ? &tcpd->flow1 : &tcpd->flow2;
        if (fwd->win_scale > 0)
            win >>= fwd->win_scale;
    }
    return (guint16)MIN(win, G_MAXUINT16);
}

static void free_streams(void)
{
    if (tcpd_by_stream)
        g_ptr_array_free(tcpd_by_stream, TRUE);
    tcpd_by_stream = NULL;
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
    return TRUE;
}

#include "tap_segment.h"

#include <epan/address.h>

static gboolean copy_addr(ts_addr *to, const address *from)
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
    if (!copy_addr(&s->src, &th->ip_src) || !copy_addr(&s->dst, &th->ip_dst))
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
    s->window_raw = (guint16)MIN(th->th_win, G_MAXUINT16);
    return TRUE;
}

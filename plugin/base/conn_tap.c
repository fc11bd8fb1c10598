#include "conn_tap.h"

#include <epan/tap.h>

#include "tap_segment.h"

static int tap_id = -1;

void ts_conn_tap_register(void)
{
    tap_id = register_tap(TS_CONN_TAP_NAME);
}

gboolean ts_conn_tap_wanted(void)
{
    return tap_id >= 0 && have_tap_listener(tap_id);
}

gboolean ts_conn_of_frame(const packet_info *pinfo, ts_conn_record *r)
{
    if (pinfo->ptype != PT_TCP || !proto_is_frame_protocol(pinfo->layers, "tcp") ||
        proto_is_frame_protocol(pinfo->layers, "icmp") || proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return FALSE;
    const struct tcp_analysis *tcpd =
        ts_tcp_analysis(pinfo->num, &pinfo->net_src, &pinfo->net_dst, pinfo->srcport, pinfo->destport);
    if (!tcpd)
        return FALSE;
    r->stream = tcpd->stream;
    copy_address_shallow(&r->src, &pinfo->net_src);
    copy_address_shallow(&r->dst, &pinfo->net_dst);
    r->sport = pinfo->srcport;
    r->dport = pinfo->destport;
    return TRUE;
}

void ts_conn_tap_queue(packet_info *pinfo)
{
    if (!ts_conn_tap_wanted())
        return;
    ts_conn_record *r = wmem_new(pinfo->pool, ts_conn_record);
    if (ts_conn_of_frame(pinfo, r))
        tap_queue_packet(tap_id, pinfo, r);
}

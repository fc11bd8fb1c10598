#include "packet_state.h"

#include <epan/proto_data.h>

static int proto;
static ts_table *table;
static ts_dns_link *dns;

static void file_init(void)
{
    table = ts_table_new();
    dns = ts_dns_link_new();
}

static void file_cleanup(void)
{
    ts_table_free(table);
    table = NULL;
    ts_dns_link_free(dns);
    dns = NULL;
}

void packet_state_register(int p)
{
    proto = p;
    register_init_routine(file_init);
    register_cleanup_routine(file_cleanup);
}

frame_state *packet_state_get(packet_info *pinfo)
{
    return p_get_proto_data(wmem_file_scope(), pinfo, proto, 0);
}

static frame_state *store(packet_info *pinfo)
{
    frame_state *fs = wmem_new0(wmem_file_scope(), frame_state);
    p_add_proto_data(wmem_file_scope(), pinfo, proto, 0, fs);
    return fs;
}

frame_state *packet_state_feed_segment(packet_info *pinfo, const ts_segment *s)
{
    if (!table)
        return NULL;
    frame_state *fs = store(pinfo);
    ts_table_add(table, s, &fs->seg);
    /* The first SYN may follow the lookup that found its server. */
    if ((s->flags & (TS_SYN | TS_ACK)) == TS_SYN && fs->seg.syn == 1)
        ts_dns_connect(dns, s->stream, &s->dst, s->time);
    return fs;
}

void packet_state_dns_answer(const ts_addr *addr, const ts_dns_exchange *x)
{
    if (dns)
        ts_dns_answer(dns, addr, x);
}

frame_state *packet_state_mark_dns(packet_info *pinfo)
{
    frame_state *fs = store(pinfo);
    fs->is_dns = TRUE;
    return fs;
}

proto_tree *packet_state_show(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const frame_state *fs)
{
    if (!tree || !fs || !table)
        return NULL;
    frame_state shown = *fs;
    if (fs->is_dns) {
        /* Linked when the connection's first SYN came, after this frame's first pass. */
        shown.seg.stream = ts_dns_stream_of_frame(dns, pinfo->num);
        if (shown.seg.stream == G_MAXUINT32)
            return NULL;
    }
    return packet_fields_add(tree, tvb, proto, &shown, ts_table_lookup(table, shown.seg.stream),
                             ts_dns_for_stream(dns, shown.seg.stream));
}

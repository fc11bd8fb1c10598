/* A conversation table for the tcpstate protocol: one row per connection (tcp.stream), fed by
 * the "tcpstate" tap (plugin/base/conn_tap.c), so that Wireshark's Conversations dialog offers
 * the connections with its own Apply/Prepare as Filter, Colorize, Copy and, on 4.0, Follow
 * Stream (the rows are TCP conversations whose id is the stream number).
 *
 * Rows count frames and frame bytes like TCP's own table (tshark -z conv,tcp), so the two
 * agree. The filter of a row is built by Wireshark (get_conversation_filter) from the field
 * names given here: "<address field>==A && <port field>==p && ..." for the chosen direction.
 * Each address field name carries the connection's stream, "tcp.stream eq N and ip.addr", so
 * the filter selects that connection's frames only, even where a later connection reuses the
 * same addresses and ports. */
#include <epan/packet.h>
#include <epan/conversation_table.h> /* after packet.h: 4.0's needs GLib first */

#include "conn_tap.h"
#include "conv_table.h"

/* The names handed to Wireshark stay valid until the program exits: the same few strings
 * for every file, kept once each. */
static GStringChunk *names;

static void free_names(void)
{
    if (names)
        g_string_chunk_free(names);
    names = NULL;
}

static const char *keep(const char *s)
{
    if (!names)
        names = g_string_chunk_new(4096);
    return g_string_chunk_insert_const(names, s);
}

static const char *address_field(const address *a, conv_filter_type_e type)
{
    gboolean v6 = a->type == AT_IPv6;
    switch (type) {
    case CONV_FT_SRC_ADDRESS:
        return v6 ? "ipv6.src" : "ip.src";
    case CONV_FT_DST_ADDRESS:
        return v6 ? "ipv6.dst" : "ip.dst";
    case CONV_FT_ANY_ADDRESS:
        return v6 ? "ipv6.addr" : "ip.addr";
    default:
        return NULL;
    }
}

static const char *port_field(conv_filter_type_e type)
{
    switch (type) {
    case CONV_FT_SRC_PORT:
        return "tcp.srcport";
    case CONV_FT_DST_PORT:
        return "tcp.dstport";
    case CONV_FT_ANY_PORT:
        return "tcp.port";
    default:
        return NULL;
    }
}

static const char *conv_filter_name(conv_item_t *item, conv_filter_type_e type)
{
    const char *field = address_field(&item->src_address, type);
    if (field) {
        char *s = g_strdup_printf("tcp.stream eq %u and %s", (guint)item->conv_id, field);
        const char *kept = keep(s);
        g_free(s);
        return kept;
    }
    field = port_field(type);
    return field ? field : CONV_FILTER_INVALID;
}

static ct_dissector_info_t conv_info = {&conv_filter_name};

static tap_packet_status conv_packet(void *data, packet_info *pinfo, epan_dissect_t *edt _U_, const void *record,
                                     tap_flags_t flags)
{
    conv_hash_t *hash = data;
    const ts_conn_record *r = record;
    hash->flags = flags;
    add_conversation_table_data_with_conv_id(hash, &r->src, &r->dst, r->sport, r->dport, (conv_id_t)r->stream, 1,
                                             (int)pinfo->fd->pkt_len, &pinfo->rel_ts, &pinfo->abs_ts, &conv_info,
                                             CONVERSATION_TCP);
    return TAP_PACKET_REDRAW;
}

/* Endpoints span connections: their filters are the plain address and port fields. */
static const char *endpoint_filter_name(endpoint_item_t *item, conv_filter_type_e type)
{
    const char *field = address_field(&item->myaddress, type);
    if (!field)
        field = port_field(type);
    return field ? field : CONV_FILTER_INVALID;
}

static et_dissector_info_t endpoint_info = {&endpoint_filter_name};

static tap_packet_status endpoint_packet(void *data, packet_info *pinfo, epan_dissect_t *edt _U_,
                                         const void *record, tap_flags_t flags)
{
    conv_hash_t *hash = data;
    const ts_conn_record *r = record;
    hash->flags = flags;
    add_endpoint_table_data(hash, &r->src, r->sport, TRUE, 1, (int)pinfo->fd->pkt_len, &endpoint_info, ENDPOINT_TCP);
    add_endpoint_table_data(hash, &r->dst, r->dport, FALSE, 1, (int)pinfo->fd->pkt_len, &endpoint_info,
                            ENDPOINT_TCP);
    return TAP_PACKET_REDRAW;
}

void tcpstate_register_conv_table(int proto)
{
    register_conversation_table(proto, FALSE, conv_packet, endpoint_packet);
    register_shutdown_routine(free_names);
}

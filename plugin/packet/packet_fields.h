/* The per-packet tcpstate.* fields: registration and the subtree added to each packet. */
#ifndef TCPSTATE_PACKET_FIELDS_H
#define TCPSTATE_PACKET_FIELDS_H

#include <epan/packet.h>

#include "conn_table.h"
#include "dns_link.h"

/* What the post-dissector stored for one frame on its first pass. */
typedef struct frame_state {
    ts_seg_result seg;
    gboolean is_dns;    /* a DNS frame; seg.stream is set once a connection links it */
} frame_state;

void packet_fields_register(int proto);

/* Adds the tcpstate subtree. conn is the connection as known now (final once the whole
 * file has been read), dns its linked lookup or NULL. */
/* Returns the subtree. */
proto_tree *packet_fields_add(proto_tree *tree, tvbuff_t *tvb, int proto, const frame_state *fs,
                              const ts_conn *conn, const ts_dns_exchange *dns);

#endif

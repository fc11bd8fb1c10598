/* Per-capture-file state behind the per-packet fields: one connection table, the DNS
 * links, and what each frame's first pass produced (kept so that later dissections of
 * the frame show the same values without feeding the table again). */
#ifndef TCPSTATE_PACKET_STATE_H
#define TCPSTATE_PACKET_STATE_H

#include <epan/packet.h>

#include "packet_fields.h"

void packet_state_register(int proto);

/* The frame's stored state, or NULL when its first pass stored none. */
frame_state *packet_state_get(packet_info *pinfo);

/* First pass of a TCP frame: feeds the table and stores the result. */
frame_state *packet_state_feed_segment(packet_info *pinfo, const ts_segment *s);

/* First pass of a DNS response that gave addresses (one call per address). */
void packet_state_dns_answer(const ts_addr *addr, const ts_dns_exchange *x);
frame_state *packet_state_mark_dns(packet_info *pinfo);

/* Adds the tcpstate subtree for a frame with stored state; returns it (NULL when none). */
proto_tree *packet_state_show(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const frame_state *fs);

#endif

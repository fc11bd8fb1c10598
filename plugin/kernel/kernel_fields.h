/* The per-packet tcpstate.kernel.* fields: the kernel events matched to a frame. */
#ifndef TCPSTATE_KERNEL_FIELDS_H
#define TCPSTATE_KERNEL_FIELDS_H

#include <epan/packet.h>

void kernel_fields_register(int proto);

/* Adds a subtree per event matched to the frame under the tcpstate subtree ts_tree (one is made
 * in tree when it is NULL), and on the first frame the alignment summary as expert info. Only
 * on frames already seen once: the matching needs the whole capture. */
void kernel_fields_add(proto_tree *tree, proto_tree *ts_tree, tvbuff_t *tvb, packet_info *pinfo);

#endif

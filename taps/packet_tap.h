/* The tcp tap listener behind the per-packet fields when the tree lacks TCP's fields. */
#ifndef TCPSTATE_PACKET_TAP_H
#define TCPSTATE_PACKET_TAP_H

void packet_tap_register(void);

#endif

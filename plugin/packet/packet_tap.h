/* The tcp tap listener behind the per-packet fields when the tree lacks TCP's fields. */
#ifndef TCPSTATE_PACKET_TAP_H
#define TCPSTATE_PACKET_TAP_H

#include <glib.h>

void packet_tap_register(void);
/* TRUE once the tcp tap has handed this listener a frame of the file being read. */
gboolean packet_tap_running(void);

#endif

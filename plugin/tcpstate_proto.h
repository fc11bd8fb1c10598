/* The tcpstate protocol: registration of everything the plugin offers. */
#ifndef TCPSTATE_PROTO_H
#define TCPSTATE_PROTO_H

#include <glib.h>

extern int proto_tcpstate;

void tcpstate_register(void);
void tcpstate_handoff(void);
/* TRUE in tshark, FALSE in Wireshark (and any other program loading the plugin). */
gboolean tcpstate_in_tshark(void);

#endif

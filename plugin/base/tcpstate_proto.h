/* The tcpstate protocol's id, and which program loaded the plugin. Registration is
 * register/registration.c. */
#ifndef TCPSTATE_PROTO_H
#define TCPSTATE_PROTO_H

#include <glib.h>

extern int proto_tcpstate;

/* TRUE in tshark, FALSE in Wireshark (and any other program loading the plugin). */
gboolean tcpstate_in_tshark(void);

#endif

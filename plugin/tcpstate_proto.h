/* The tcpstate protocol: registration of everything the plugin offers. */
#ifndef TCPSTATE_PROTO_H
#define TCPSTATE_PROTO_H

extern int proto_tcpstate;

void tcpstate_register(void);
void tcpstate_handoff(void);

#endif

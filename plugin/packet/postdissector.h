/* The tcpstate post-dissector: per-packet fields from the same core as the -z reports. */
#ifndef TCPSTATE_POSTDISSECTOR_H
#define TCPSTATE_POSTDISSECTOR_H

void postdissector_register(int proto);
void postdissector_handoff(int proto);

#endif

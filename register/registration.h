/* Registration of everything the plugin offers: the one place that calls into plugin/ and
 * taps/; nothing there calls back. */
#ifndef TCPSTATE_REGISTRATION_H
#define TCPSTATE_REGISTRATION_H

void tcpstate_register(void);
void tcpstate_handoff(void);

#endif

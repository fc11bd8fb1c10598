/* The packet list's Conversation Filter and Colorize Conversation: "TCP connection (tcpstate)",
 * the selected frame's connection as tcp.stream eq N. */
#ifndef TCPSTATE_CONV_FILTER_H
#define TCPSTATE_CONV_FILTER_H

void tcpstate_register_conv_filter(void);

#endif

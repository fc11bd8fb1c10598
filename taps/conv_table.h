/* Statistics > Conversations and Endpoints, tab "tcpstate"; tshark -z conv,tcpstate and
 * -z endpoints,tcpstate. */
#ifndef TCPSTATE_CONV_TABLE_H
#define TCPSTATE_CONV_TABLE_H

void tcpstate_register_conv_table(int proto);

#endif

/* Statistics > TCP Connection States in Wireshark, and tshark -z tcpstate,table[,filter]:
 * one row per connection and the summary counts, from the same core as the reports. */
#ifndef TCPSTATE_GUI_TABLE_H
#define TCPSTATE_GUI_TABLE_H

void tcpstate_register_gui_table(void);

#endif

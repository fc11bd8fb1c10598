/* Statistics > TCP Connection Processes in Wireshark, and tshark -z tcpstate,processes[,filter]:
 * the connections rolled up by the process owning each end (kernel events). */
#ifndef TCPSTATE_GUI_PROCESSES_H
#define TCPSTATE_GUI_PROCESSES_H

void tcpstate_register_gui_processes(void);

#endif

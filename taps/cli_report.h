/* tshark -z tcpstate,summary|csv|json[,filter] */
#ifndef TCPSTATE_CLI_REPORT_H
#define TCPSTATE_CLI_REPORT_H

void tcpstate_register_cli_reports(void);

#endif

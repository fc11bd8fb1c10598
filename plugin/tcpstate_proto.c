#include <epan/packet.h>

#include "tcpstate_proto.h"
#include "cli_report.h"

int proto_tcpstate = -1;

void tcpstate_register(void)
{
    proto_tcpstate = proto_register_protocol("TCP connection states", "tcpstate", "tcpstate");
    tcpstate_register_cli_reports();
}

void tcpstate_handoff(void)
{
}

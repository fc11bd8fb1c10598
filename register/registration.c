#include <epan/packet.h>

#include "cli_report.h"
#include "conn_tap.h"
#include "conv_filter.h"
#include "conv_table.h"
#include "gui_processes.h"
#include "gui_table.h"
#include "packet_tap.h"
#include "postdissector.h"
#include "registration.h"
#include "segment_tap.h"
#include "tap_segment.h"
#include "tcpstate_proto.h"

void tcpstate_register(void)
{
    proto_tcpstate = proto_register_protocol("TCP connection states", "tcpstate", "tcpstate");
    tcpstate_register_cli_reports();
    tcpstate_register_gui_table();
    tcpstate_register_gui_processes();
    ts_conn_tap_register();
    tcpstate_register_conv_table(proto_tcpstate);
    postdissector_register(proto_tcpstate);
    ts_tap_segment_register();
    ts_segment_tap_register();
}

void tcpstate_handoff(void)
{
    ts_segment_tap_handoff();
    postdissector_handoff(proto_tcpstate);
    packet_tap_register();
    tcpstate_register_conv_filter();
}

/* Wireshark offers a registered conversation filter in the packet list's context menu
 * (Conversation Filter, Colorize Conversation) and in View > Colorize Conversation when its
 * validity callback accepts the selected frame; the filter built is applied as it is. The
 * filter is the one Follow TCP Stream applies, so following the connection from the filtered
 * list shows the same frames. */
#include <epan/packet.h>
#include <epan/conversation_filter.h> /* after packet.h: 4.0's needs GLib first */

#include "conn_tap.h"
#include "conv_filter.h"
#include "ws_compat.h"

static ts_conv_filter_bool is_valid(TS_CONV_FILTER_PARAMS(pinfo))
{
    ts_conn_record r;
    return ts_conn_of_frame(pinfo, &r);
}

static char *build(TS_CONV_FILTER_PARAMS(pinfo))
{
    ts_conn_record r;
    return ts_conn_of_frame(pinfo, &r) ? g_strdup_printf("tcp.stream eq %u", r.stream) : NULL;
}

void tcpstate_register_conv_filter(void)
{
    TS_REGISTER_CONVERSATION_FILTER("tcpstate", "TCP connection (tcpstate)", is_valid, build);
}

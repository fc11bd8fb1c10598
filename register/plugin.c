/* Entry points Wireshark looks up in every epan plugin. */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_version.h>

#include "registration.h"
#include "ws_compat.h"

#ifndef TCPSTATE_VERSION
#define TCPSTATE_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = TCPSTATE_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

#if TS_HAS_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
WS_DLL_PUBLIC uint32_t plugin_describe(void);

/* A dissector (the post-dissector) and tap listeners (the reports and the table). */
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

void plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = tcpstate_register;
    plugin.register_handoff = tcpstate_handoff;
    proto_register_plugin(&plugin);
}

#include "tcpstate_proto.h"

int proto_tcpstate = -1;

gboolean tcpstate_in_tshark(void)
{
    return g_strcmp0(g_get_prgname(), "tshark") == 0;
}

/* Names of kinds, formats and TCP states. */
#include "events.h"

#include <string.h>

static const char *const kind_names[TS_EV_N_KINDS] = {
    [TS_EV_TCP_PROBE] = "tcp_probe",
    [TS_EV_TCP_RETRANSMIT_SKB] = "tcp_retransmit_skb",
    [TS_EV_TCP_SEND_RESET] = "tcp_send_reset",
    [TS_EV_TCP_RECEIVE_RESET] = "tcp_receive_reset",
    [TS_EV_INET_SOCK_SET_STATE] = "inet_sock_set_state",
    [TS_EV_NET_DEV_XMIT] = "net_dev_xmit",
    [TS_EV_NETIF_RECEIVE_SKB] = "netif_receive_skb",
    [TS_EV_EBPF_ROW] = "ebpf_row",
    [TS_EV_XDP_PACKET] = "xdp_packet",
    [TS_EV_INET_SOCK_LOCAL_IN] = "inet_sock_local_in",
    [TS_EV_INET_SOCK_LOCAL_OUT] = "inet_sock_local_out",
    [TS_EV_SYSCALL] = "syscall",
    [TS_EV_GENERIC] = "generic",
};

static const char *const state_names[TS_TCP_N_STATES] = {
    "UNKNOWN", "TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV", "TCP_FIN_WAIT1",
    "TCP_FIN_WAIT2", "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK",
    "TCP_LISTEN", "TCP_CLOSING", "TCP_NEW_SYN_RECV", "TCP_BOUND_INACTIVE",
};

const char *ts_event_kind_name(ts_event_kind kind)
{
    return (guint)kind < TS_EV_N_KINDS ? kind_names[kind] : "?";
}

const char *ts_event_format_name(ts_event_format fmt)
{
    switch (fmt) {
    case TS_EVENTS_FTRACE: return "ftrace";
    case TS_EVENTS_EBPF: return "ebpf";
    case TS_EVENTS_LTTNG_TEXT: return "lttng";
    case TS_EVENTS_CTF: return "ctf";
    default: return "auto";
    }
}

const char *ts_tcp_state_name(ts_tcp_state st)
{
    return (guint)st < TS_TCP_N_STATES ? state_names[st] : "UNKNOWN";
}

ts_tcp_state ts_tcp_state_from_name(const char *name)
{
    if (strncmp(name, "TCP_", 4) != 0)
        return TS_TCP_UNKNOWN;
    for (guint i = 1; i < TS_TCP_N_STATES; i++)
        if (strcmp(name + 4, state_names[i] + 4) == 0)
            return (ts_tcp_state)i;
    return TS_TCP_UNKNOWN;
}

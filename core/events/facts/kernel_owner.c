#include "kernel_owner.h"

#include <string.h>

/* The moves only a system call of the owner makes (tcp_v4_connect, tcp_close, tcp_shutdown). */
static ts_owner_evidence by_new_state(guint8 st)
{
    switch (st) {
    case TS_TCP_SYN_SENT:
    case TS_TCP_FIN_WAIT1:
    case TS_TCP_LAST_ACK:
        return TS_OWNER_SYSCALL;
    case TS_TCP_LISTEN:
        return TS_OWNER_LISTEN;
    default:
        return TS_OWNER_NONE;
    }
}

/* eBPF tool functions called from a system call of the socket's process. */
static const char *const syscall_funcs[] = {
    "tcp_sendmsg", "tcp_recvmsg", "sock_send_length", "sock_recv_length", "tcp_connect",
    "tcp_v4_connect", "tcp_v6_connect", "inet_csk_accept", "tcp_close", "tcp_shutdown",
};

static gboolean syscall_name(const char *name)
{
    return g_str_has_prefix(name, "syscall_") || g_str_has_prefix(name, "sys_enter_") ||
           g_str_has_prefix(name, "sys_exit_");
}

int ts_kernel_owner_syscall_end(const ts_event *ev)
{
    if (ev->kind != TS_EV_SYSCALL || !ev->family || !ev->dport || !ev->u.sys.call)
        return -1;
    if (!ev->u.sys.exit && strcmp(ev->u.sys.call, "connect") == 0)
        return 0;
    if (ev->u.sys.exit && ev->u.sys.ret >= 0 && g_str_has_prefix(ev->u.sys.call, "accept"))
        return 1;
    return -1;
}

ts_owner_evidence ts_kernel_owner_evidence(const ts_event *ev)
{
    switch (ev->kind) {
    case TS_EV_INET_SOCK_SET_STATE:
        return by_new_state(ev->u.state.newstate);
    case TS_EV_EBPF_ROW:
        if (ev->u.ebpf.func && strcmp(ev->u.ebpf.func, "inet_sock_set_state") == 0)
            return by_new_state(ev->u.ebpf.tcp_state);
        for (guint i = 0; i < G_N_ELEMENTS(syscall_funcs); i++)
            if (ev->u.ebpf.func && strcmp(ev->u.ebpf.func, syscall_funcs[i]) == 0)
                return TS_OWNER_SYSCALL;
        return TS_OWNER_NONE;
    case TS_EV_SYSCALL:
        return ts_kernel_owner_syscall_end(ev) >= 0 ? TS_OWNER_SYSCALL : TS_OWNER_NONE;
    case TS_EV_GENERIC:
        return ev->family && syscall_name(ev->name) ? TS_OWNER_SYSCALL : TS_OWNER_NONE;
    default:
        return TS_OWNER_NONE;
    }
}

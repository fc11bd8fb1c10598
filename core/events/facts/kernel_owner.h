/* Which events tell the process that owns a socket.
 *
 * The task an event runs in is the socket's owner only when a system call of that process made the
 * event. Receive-path events (tcp_probe, netif_receive_skb, the moves to SYN_RECV, ESTABLISHED,
 * CLOSE_WAIT, FIN_WAIT2, TIME_WAIT and CLOSE, retransmissions and resets from timers) run in softirq
 * context, in whatever task the interrupt found: `<idle>-0`, `ksoftirqd/N`, tcpdump, or on loopback
 * the peer process that sent the segment. So only these count:
 *   syscall   moves to SYN_SENT (connect), FIN_WAIT1 and LAST_ACK (close or shutdown), in ftrace
 *             and in the eBPF tool's rows; eBPF send/receive/connect/accept rows; LTTng's
 *             connect entry and accept exit, which name the remote end; other events named like
 *             system calls (syscall_*, sys_enter_*, sys_exit_*) that carry the 4-tuple;
 *   listen    a move to LISTEN: the process that listens on the local address and port, used for
 *             a server end only when none of its own events is a syscall one. */
#ifndef TCPSTATE_KERNEL_OWNER_H
#define TCPSTATE_KERNEL_OWNER_H

#include "events.h"

typedef enum {
    TS_OWNER_NONE,
    TS_OWNER_SYSCALL,
    TS_OWNER_LISTEN
} ts_owner_evidence;

ts_owner_evidence ts_kernel_owner_evidence(const ts_event *ev);

/* LTTng socket calls that name the remote end (ev->dst, ev->dport): 0 for a connect entry (the
 * client end), 1 for a successful accept exit (the server end, whose peer is the client);
 * -1 otherwise. */
int ts_kernel_owner_syscall_end(const ts_event *ev);

#endif

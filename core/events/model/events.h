/* The model shared by the four stages of the kernel events (parse/, align/, match/, facts/):
 * the events of one file, read-only once loaded (ts_events); model/wire.h holds the frames
 * they are aligned with. Reading files is parse/parse.h.
 *
 * Kernel events recorded beside a capture.
 * Formats: ftrace text (tracefs `trace` / `trace_pipe`, `trace-cmd report`), the eBPF latency
 * tool's rows (bpftrace / libbpf programs printing `PID COMM IP SADDR ...`, plus its XDP lines),
 * and LTTng kernel traces: babeltrace2's text output, or a CTF trace directory read through
 * libbabeltrace2.
 * Plain C + GLib; the result is read-only once loaded. */
#ifndef TCPSTATE_EVENTS_H
#define TCPSTATE_EVENTS_H

#include <glib.h>

#include "segment.h"

typedef enum ts_event_kind {
    TS_EV_TCP_PROBE,
    TS_EV_TCP_RETRANSMIT_SKB,
    TS_EV_TCP_SEND_RESET,
    TS_EV_TCP_RECEIVE_RESET,
    TS_EV_INET_SOCK_SET_STATE,
    TS_EV_NET_DEV_XMIT,
    TS_EV_NETIF_RECEIVE_SKB,
    TS_EV_EBPF_ROW,
    TS_EV_XDP_PACKET,
    TS_EV_INET_SOCK_LOCAL_IN,   /* LTTng: a TCP segment handed to a socket */
    TS_EV_INET_SOCK_LOCAL_OUT,  /* LTTng: a TCP segment a socket sends */
    TS_EV_SYSCALL,              /* LTTng: entry or exit of a socket-related system call */
    TS_EV_GENERIC,
    TS_EV_N_KINDS
} ts_event_kind;

/* The kernel's own numbering (include/net/tcp_states.h); 0 when the name is not one of them. */
typedef enum ts_tcp_state {
    TS_TCP_UNKNOWN = 0,
    TS_TCP_ESTABLISHED,
    TS_TCP_SYN_SENT,
    TS_TCP_SYN_RECV,
    TS_TCP_FIN_WAIT1,
    TS_TCP_FIN_WAIT2,
    TS_TCP_TIME_WAIT,
    TS_TCP_CLOSE,
    TS_TCP_CLOSE_WAIT,
    TS_TCP_LAST_ACK,
    TS_TCP_LISTEN,
    TS_TCP_CLOSING,
    TS_TCP_NEW_SYN_RECV,
    TS_TCP_BOUND_INACTIVE,
    TS_TCP_N_STATES
} ts_tcp_state;

typedef enum ts_event_format {
    TS_EVENTS_AUTO,   /* detect from the content */
    TS_EVENTS_FTRACE,
    TS_EVENTS_EBPF,
    TS_EVENTS_LTTNG_TEXT, /* babeltrace2's text output of an LTTng trace */
    TS_EVENTS_CTF         /* a CTF trace directory (LTTng), read through libbabeltrace2 */
} ts_event_format;

/* Times from this on (2^62 ns, 146 years) are refused by the parsers and left out of matching, so
 * that sums and differences of two times cannot overflow. */
#define TS_TIME_MAX (G_GINT64_CONSTANT(1) << 62)

/* TCP header fields as a tracer recorded them; flags are raw (LTTng 2.9+ net events: the 9 flag
 * bits; inet_sock_local_in/out: the 16-bit word the probe read). present is 0 when the event
 * carried no TCP header. */
typedef struct ts_tcp_hdr {
    guint32 seq, ack;
    guint16 sport, dport;
    guint16 flags, window;
    guint8 present;
} ts_tcp_hdr;

typedef struct ts_event_field {
    const char *key;
    const char *value;
} ts_event_field;

/* One event. Strings are owned by the ts_events they came from (interned: equal strings share a
 * pointer). Socket events carry the socket's ends: src/sport = local, dst/dport = remote;
 * xdp_packet and LTTng net events with an IP header carry the packet's own source and
 * destination; LTTng connect/accept calls the peer as dst/dport. family is 0 when the event has
 * no 4-tuple; an address whose family is 0 is unknown (eBPF "(null)"), a port 0 is unknown. */
typedef struct ts_event {
    gint64 ts_ns;          /* kernel clock, ns (ftrace: since boot; eBPF: CLOCK_MONOTONIC;
                            * LTTng: since the epoch, see parse_lttng_text.c) */
    const char *name;      /* tracepoint name, or the eBPF row's FUNC */
    const char *comm;      /* task name, "" when unknown */
    guint32 field0;        /* first of n_fields entries in the key=value table, see ts_event_fields() */
    gint32 pid;            /* -1 when unknown */
    guint32 line;          /* 1-based line in the source (CTF: the event's rank as read) */
    guint16 n_fields;
    gint16 cpu;            /* -1 when unknown */
    guint8 kind;           /* ts_event_kind */
    guint8 family;         /* 0, 4 or 6 */
    guint16 sport, dport;
    ts_addr src, dst;
    union {
        struct {           /* tcp_probe: the socket's view when it processes an incoming segment */
            guint32 data_len, snd_nxt, snd_una, snd_cwnd, ssthresh, snd_wnd, srtt_us, rcv_wnd;
            guint64 skbaddr;
        } probe;
        struct {           /* inet_sock_set_state */
            guint8 oldstate, newstate;                /* ts_tcp_state */
            const char *oldname, *newname;            /* as printed */
        } state;
        struct {           /* net_dev_xmit, netif_receive_skb */
            const char *dev;
            guint64 skbaddr;
            guint32 len;   /* xmit: the frame on the device; receive: without the link header */
            ts_tcp_hdr tcp; /* LTTng 2.9+ net events with a TCP transport header */
        } dev;
        struct {           /* inet_sock_local_in, inet_sock_local_out */
            guint64 sk;
            ts_tcp_hdr tcp;
        } seg;
        struct {           /* syscall_entry_NAME / syscall_exit_NAME */
            const char *call;  /* NAME: "connect", "accept4", ... */
            gint64 ret;        /* exit: the return value */
            gint32 fd;         /* entry: the fd argument, -1 when none */
            guint8 exit;       /* 0 entry, 1 exit */
        } sys;
        struct {           /* tcp_retransmit_skb, tcp_send_reset, tcp_receive_reset */
            guint8 state;  /* ts_tcp_state; TS_TCP_UNKNOWN when the event has none */
            guint8 has_err;
            gint32 err;    /* tcp_retransmit_skb (Linux 6.11 on): what sending it returned; not
                            * 0: it did not leave the host (1: the queueing discipline dropped it) */
            const char *state_name;                   /* NULL when the event has none */
            guint64 skbaddr;
        } sk;
        struct {           /* eBPF tool row */
            guint8 tcp_state;
            const char *state_name, *func, *description;
        } ebpf;
    } u;
} ts_event;

/* Error domain of ts_events_load() / ts_events_parse_buffer(). */
#define TS_EVENTS_ERROR (ts_events_error_quark())
GQuark ts_events_error_quark(void);
typedef enum {
    TS_EVENTS_ERROR_IO,      /* missing or unreadable file */
    TS_EVENTS_ERROR_EMPTY,   /* nothing in it (automatic detection only) */
    TS_EVENTS_ERROR_FORMAT,  /* not a format we know, or lines that cannot be told apart */
    TS_EVENTS_ERROR_TOO_BIG  /* larger than the limit given to ts_events_load_limited() */
} ts_events_error_code;

#define TS_EVENTS_MAX_MESSAGES 5

typedef struct ts_events_priv ts_events_priv;

/* A loaded file: events sorted by time (stable: equal times keep file order), indexed by kind. */
typedef struct ts_events {
    ts_event *ev;
    guint n;
    ts_event_format format;    /* the one used */
    guint n_lines;             /* lines read */
    guint n_bad;               /* lines that did not parse (skipped, the rest is kept) */
    guint n_lost;              /* events the tracer said it lost ("[LOST n EVENTS]", "Lost n events",
                                * CTF discarded-events records) */
    guint n_cut;               /* CTF: streams that could not be read to their end (see messages) */
    GPtrArray *messages;       /* "FILE:LINE: why: text" for the first TS_EVENTS_MAX_MESSAGES bad lines */
    ts_events_priv *priv;
} ts_events;

void ts_events_free(ts_events *evs);

/* Positions in evs->ev of the events of one kind, in time order. */
const guint32 *ts_events_of_kind(const ts_events *evs, ts_event_kind kind, guint *n);
/* key=value pairs: all of them for generic events, the extra columns for eBPF rows, the other
 * keys of XDP lines. */
const ts_event_field *ts_event_fields(const ts_events *evs, const ts_event *ev, guint *n);
const char *ts_event_field_value(const ts_events *evs, const ts_event *ev, const char *key);
/* Heap bytes held (events, index, strings), for the memory budget. */
gsize ts_events_bytes(const ts_events *evs);

const char *ts_event_kind_name(ts_event_kind kind);
const char *ts_event_format_name(ts_event_format fmt);
/* "TCP_ESTABLISHED" <-> TS_TCP_ESTABLISHED; the name of TS_TCP_UNKNOWN is "UNKNOWN". */
const char *ts_tcp_state_name(ts_tcp_state st);
ts_tcp_state ts_tcp_state_from_name(const char *name);

#endif

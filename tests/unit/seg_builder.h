/* Builds segments by hand for the unit tests: a two-host conversation with explicit
 * sequence numbers, so every expected value is arithmetic on the lines of the test. */
#ifndef TCPSTATE_TEST_SEG_BUILDER_H
#define TCPSTATE_TEST_SEG_BUILDER_H

#include <string.h>

#include "conn_table.h"

#define A_TO_B 0
#define B_TO_A 1

typedef struct test_flow {
    ts_table *table;
    guint32 stream;
    int family;
    guint16 port_a, port_b;
    guint32 frame;
    guint16 ip_id; /* the next segment's IPv4 ID (IPv4 flows) */
} test_flow;

/* The next segment of the flow, not yet fed to its table. */
static inline ts_segment test_segment(test_flow *f, int dir, double t, guint16 flags, guint32 seq, guint32 ack,
                                      guint32 len, guint32 win)
{
    static const guint8 a4[4] = {10, 0, 0, 1}, b4[4] = {10, 0, 0, 2};
    static const guint8 a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1}, b6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
    ts_segment s;
    memset(&s, 0, sizeof s);
    const void *a = f->family == 6 ? (const void *)a6 : (const void *)a4;
    const void *b = f->family == 6 ? (const void *)b6 : (const void *)b4;
    ts_addr_set(&s.src, f->family, dir == A_TO_B ? a : b);
    ts_addr_set(&s.dst, f->family, dir == A_TO_B ? b : a);
    s.sport = dir == A_TO_B ? f->port_a : f->port_b;
    s.dport = dir == A_TO_B ? f->port_b : f->port_a;
    s.stream = f->stream;
    s.frame = ++f->frame;
    s.time = t;
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.seglen = len;
    s.window = win;
    s.window_raw = (guint16)(win > 0xffff ? win >> 7 : win);
    s.has_ip_id = f->family == 4;
    s.ip_id = f->ip_id;
    return s;
}

static inline ts_seg_result send_seg(test_flow *f, int dir, double t, guint16 flags, guint32 seq,
                                     guint32 ack, guint32 len, guint32 win)
{
    ts_segment s = test_segment(f, dir, t, flags, seq, ack, len, win);
    ts_seg_result r;
    ts_table_add(f->table, &s, &r);
    return r;
}

#endif

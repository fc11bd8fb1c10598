/* libFuzzer target: the connection table and its rules (state, RTT, capture duplicates, loss
 * and ordering) on any sequence of segments, then every report form. Each 16 bytes of input
 * are one segment of one of 4 connections (a SYN's options are taken from its record's bytes);
 * what the rules promise is checked after each: the segments the rules called re-sent are
 * the connection's re-sent segments, a direction's unique bytes never exceed its bytes, its
 * first flight never counts more segments than it sent, and only payload fills a window. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_table.h"
#include "loss_figures.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD 16

static guint32 get32(const uint8_t *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static void fail(const ts_conn *c, int d, const char *what)
{
    fprintf(stderr, "connection %u direction %d: %s\n", c->stream, d, what);
    abort();
}

/* resent: the segments of each direction the rules gave a re-send kind; sent: all of them */
static void check(const ts_conn *c, const guint32 resent[2], const guint32 sent[2])
{
    for (int d = 0; d < 2; d++) {
        if (resent[d] != ts_conn_retrans(c, d))
            fail(c, d, "the re-sent segments are not the ones the rules called re-sent");
        if (c->flight[d].first_segments > sent[d])
            fail(c, d, "a first flight of more segments than were sent");
        if (c->dir[d].unique_bytes > ts_conn_dir_bytes(c, d))
            fail(c, d, "more unique bytes than bytes");
        if (c->loss && ts_loss_zero_window_seconds(&c->loss->dir[d], ts_conn_duration(c)) < -1e-9)
            fail(c, d, "negative time at zero window");
    }
}

static void render(const ts_table *t, void (*form)(const ts_table *, const ts_kernel_report *, FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    form(t, NULL, out);
    fclose(out);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const guint8 a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
    ts_table *t = ts_table_new();
    guint32 seq[4][2] = {{0}};
    guint32 resent[4][2] = {{0}}, sent[4][2] = {{0}};
    double time = 0;
    for (size_t off = 0; off + RECORD <= size; off += RECORD) {
        const uint8_t *p = data + off;
        ts_segment s;
        memset(&s, 0, sizeof s);
        s.stream = p[0] & 3;
        int d = (p[0] >> 2) & 1;
        ts_addr_set(&s.src, 4, d ? b : a);
        ts_addr_set(&s.dst, 4, d ? a : b);
        s.sport = d ? 80 : (guint16)(40000 + s.stream);
        s.dport = d ? (guint16)(40000 + s.stream) : 80;
        /* sequence numbers near the direction's latest, so that the rules' branches meet */
        seq[s.stream][d] += (guint32)(gint8)p[1] * 100;
        s.seq = (p[0] & 0x80) ? get32(p + 2) : seq[s.stream][d];
        s.ack = (p[0] & 0x40) ? get32(p + 6) : seq[s.stream][!d] + (guint32)(p[6] & 0x0f) * 100;
        s.seglen = (guint32)(p[10] & 0x0f) * 100 + (p[10] >> 7);
        s.flags = p[11] & 0x1f;
        s.window_raw = (guint16)((p[12] & 3) * 1000);
        s.window = s.window_raw;
        time += (double)p[13] / 1000.0 * ((p[0] & 0x20) ? 100 : 1); /* ms, or tenths of a second */
        s.time = (p[0] & 0x10) ? time - 0.5 : time;                 /* now and then out of order */
        s.ip_id = p[14];
        s.has_ip_id = (p[0] & 0x08) ? 0 : 1;
        s.sack_blocks = p[15] & 3;
        if (s.flags & TS_SYN) { /* 0, 4, 8 or 12 bytes of options, maybe cut by one */
            gsize len = 4u * ((p[15] >> 4) & 3);
            ts_tcp_options_parse(p + 2, len && (p[15] & 0x08) ? len - 1 : len, len, &s.opt);
        }
        s.frame = (guint32)(off / RECORD) + 1;
        ts_seg_result r;
        const ts_conn *c = ts_table_add(t, &s, &r);
        if (r.loss.resend >= TS_RESEND_KINDS || (r.loss.window_full && s.seglen == 0))
            abort();
        resent[s.stream][r.dir] += r.loss.resend != TS_RESEND_NONE;
        sent[s.stream][r.dir]++;
        check(c, resent[s.stream], sent[s.stream]);
    }
    render(t, ts_report_text);
    render(t, ts_report_csv);
    render(t, ts_report_json);
    ts_table_free(t);
    return 0;
}

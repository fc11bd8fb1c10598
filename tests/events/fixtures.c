#include "fixtures.h"
#include "parse.h"
#include "clock_align.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <string.h>

char *fixture_path(const char *name)
{
    return g_build_filename(EVENTS_CAPTURES, name, NULL);
}

ts_events *fixture_events(const char *name)
{
    char *path = fixture_path(name);
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_nonnull(evs);
    g_free(path);
    return evs;
}

ts_wire_packet *fixture_packets(const char *name, guint *n)
{
    char *path = fixture_path(name);
    ts_wire_packet *p = wire_fixture_load(path, n);
    g_free(path);
    return p;
}

guint count_kind(const ts_events *evs, ts_event_kind kind)
{
    guint n;
    ts_events_of_kind(evs, kind, &n);
    return n;
}

const ts_event *event_at_line(const ts_events *evs, guint line)
{
    for (guint i = 0; i < evs->n; i++)
        if (evs->ev[i].line == line)
            return &evs->ev[i];
    return NULL;
}

char *write_temp(const char *name, const char *text, gsize len)
{
    GError *err = NULL;
    char *dir = g_dir_make_tmp("tsevents-XXXXXX", &err);
    g_assert_no_error(err);
    char *path = g_build_filename(dir, name, NULL);
    g_file_set_contents(path, text, (gssize)len, &err);
    g_assert_no_error(err);
    g_free(dir);
    return path;
}

void remove_temp(char *path)
{
    char *dir = g_path_get_dirname(path);
    g_remove(path);
    g_rmdir(dir);
    g_free(dir);
    g_free(path);
}

void remove_tree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    for (const char *e; d && (e = g_dir_read_name(d)) != NULL;) {
        char *p = g_build_filename(dir, e, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            remove_tree(p);
        else
            g_remove(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}

enum { C_FRAME, C_TIME, C_LEN, C_IP_SRC, C_IP6_SRC, C_SPORT, C_IP_DST, C_IP6_DST, C_DPORT,
       C_FLAGS, C_SEQ, C_ACK, C_TCPLEN, C_N };
static const char *const columns[C_N] = {
    "frame.number", "frame.time_epoch", "frame.len", "ip.src", "ipv6.src", "tcp.srcport",
    "ip.dst", "ipv6.dst", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len"};

static void set_addr(ts_addr *a, const char *v4, const char *v6)
{
    guint8 b[16];
    memset(a, 0, sizeof *a);
    /* tshark lists inner headers too ("a,b"): the first is the packet's own */
    char *first4 = g_strndup(v4, strcspn(v4, ","));
    char *first6 = g_strndup(v6, strcspn(v6, ","));
    if (*first4 && inet_pton(AF_INET, first4, b) == 1)
        ts_addr_set(a, 4, b);
    else if (*first6 && inet_pton(AF_INET6, first6, b) == 1)
        ts_addr_set(a, 6, b);
    g_free(first4);
    g_free(first6);
}

static guint64 num(const char *s)
{
    return *s ? g_ascii_strtoull(s, NULL, 0) : 0;
}

ts_wire_packet *wire_fixture_load(const char *path, guint *n)
{
    char *text;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, NULL, &err))
        g_error("%s", err->message);
    gchar **lines = g_strsplit(text, "\n", -1);
    g_free(text);
    int col[C_N];
    gchar **head = g_strsplit(lines[0], "\t", -1);
    for (int c = 0; c < C_N; c++) {
        col[c] = -1;
        for (int i = 0; head[i]; i++)
            if (strcmp(head[i], columns[c]) == 0)
                col[c] = i;
        if (col[c] < 0)
            g_error("%s: no column %s", path, columns[c]);
    }
    guint ncols = g_strv_length(head);
    g_strfreev(head);
    GArray *a = g_array_new(FALSE, TRUE, sizeof(ts_wire_packet));
    for (guint l = 1; lines[l]; l++) {
        if (!*lines[l])
            continue;
        gchar **f = g_strsplit(lines[l], "\t", -1);
        if (g_strv_length(f) < ncols)
            g_error("%s:%u: %u columns, want %u", path, l + 1, g_strv_length(f), ncols);
        ts_wire_packet p;
        memset(&p, 0, sizeof p);
        if (!ts_clock_parse_offset(f[col[C_TIME]], &p.time_ns))
            g_error("%s:%u: bad time %s", path, l + 1, f[col[C_TIME]]);
        p.frame = (guint32)num(f[col[C_FRAME]]);
        p.len = (guint32)num(f[col[C_LEN]]);
        set_addr(&p.src, f[col[C_IP_SRC]], f[col[C_IP6_SRC]]);
        set_addr(&p.dst, f[col[C_IP_DST]], f[col[C_IP6_DST]]);
        p.sport = (guint16)num(f[col[C_SPORT]]);
        p.dport = (guint16)num(f[col[C_DPORT]]);
        p.flags = (guint16)num(f[col[C_FLAGS]]);
        p.seq = (guint32)num(f[col[C_SEQ]]);
        p.ack = (guint32)num(f[col[C_ACK]]);
        p.seglen = (guint32)num(f[col[C_TCPLEN]]);
        g_array_append_val(a, p);
        g_strfreev(f);
    }
    g_strfreev(lines);
    *n = a->len;
    return (ts_wire_packet *)(void *)g_array_free(a, FALSE);
}

#include "kernel_facts.h"

struct ts_kernel_conns {
    GHashTable *by_stream;  /* stream -> ts_kernel_conn */
    GStringChunk *strings;
};

static void conn_free(gpointer p)
{
    ts_kernel_conn *c = p;
    g_free(c->states);
    g_free(c);
}

ts_kernel_conns *ts_kernel_conns_new(void)
{
    ts_kernel_conns *kc = g_new0(ts_kernel_conns, 1);
    kc->by_stream = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, conn_free);
    kc->strings = g_string_chunk_new(256);
    return kc;
}

void ts_kernel_conns_free(ts_kernel_conns *kc)
{
    if (!kc)
        return;
    g_hash_table_destroy(kc->by_stream);
    g_string_chunk_free(kc->strings);
    g_free(kc);
}

ts_kernel_conn *ts_kernel_conns_get(ts_kernel_conns *kc, guint32 stream)
{
    ts_kernel_conn *c = g_hash_table_lookup(kc->by_stream, GUINT_TO_POINTER(stream));
    if (!c) {
        c = g_new0(ts_kernel_conn, 1);
        c->stream = stream;
        c->end[0].pid = c->end[1].pid = -1;
        g_hash_table_insert(kc->by_stream, GUINT_TO_POINTER(stream), c);
    }
    return c;
}

const ts_kernel_conn *ts_kernel_conns_lookup(const ts_kernel_conns *kc, guint32 stream)
{
    return kc ? g_hash_table_lookup(kc->by_stream, GUINT_TO_POINTER(stream)) : NULL;
}

guint ts_kernel_conns_count(const ts_kernel_conns *kc)
{
    return kc ? g_hash_table_size(kc->by_stream) : 0;
}

const char *ts_kernel_conns_intern(ts_kernel_conns *kc, const char *s)
{
    return s ? g_string_chunk_insert_const(kc->strings, s) : NULL;
}

void ts_kernel_conn_add_state(ts_kernel_conns *kc, ts_kernel_conn *c, double time, guint8 end,
                              const char *from, const char *to)
{
    /* grows by doubling: n_states is a power of two whenever the array is full */
    if ((c->n_states & (c->n_states - 1)) == 0)
        c->states = g_renew(ts_kernel_state_change, c->states, c->n_states ? 2 * c->n_states : 4);
    ts_kernel_state_change *s = &c->states[c->n_states++];
    s->time = time;
    s->end = end;
    s->from = ts_kernel_conns_intern(kc, from);
    s->to = ts_kernel_conns_intern(kc, to);
}

double ts_kernel_end_mean_srtt_us(const ts_kernel_end *e)
{
    return e->probes ? e->srtt_sum_us / e->probes : 0.0;
}

gboolean ts_kernel_conn_srtt(const ts_kernel_conn *c, guint32 *max_cwnd, double *mean_srtt_us)
{
    guint n = c->end[0].probes + c->end[1].probes;
    *max_cwnd = MAX(c->end[0].max_cwnd, c->end[1].max_cwnd);
    *mean_srtt_us = n ? (c->end[0].srtt_sum_us + c->end[1].srtt_sum_us) / n : 0.0;
    return n > 0;
}

double ts_kernel_summary_match_rate(const ts_kernel_summary *s)
{
    return s->applicable ? (double)s->matched / s->applicable : 0.0;
}

const char *ts_kernel_offset_str(gint64 offset_ns, char *buf, gsize len)
{
    guint64 a = offset_ns < 0 ? (guint64)0 - (guint64)offset_ns : (guint64)offset_ns;
    g_snprintf(buf, len, "%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT, offset_ns < 0 ? "-" : "",
               a / 1000000000u, a % 1000000000u);
    return buf;
}

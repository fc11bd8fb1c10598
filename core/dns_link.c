#include "dns_link.h"

#include <string.h>

struct ts_dns_link {
    GHashTable *answers;  /* ts_addr -> newest ts_dns_exchange that answered it */
    GHashTable *streams;  /* stream -> ts_dns_exchange (copy) */
    GHashTable *frames;   /* DNS frame number -> stream */
};

static guint addr_hash(gconstpointer p)
{
    const ts_addr *a = p;
    guint h = a->family;
    for (int i = 0; i < 16; i++)
        h = h * 31 + a->bytes[i];
    return h;
}

static gboolean addr_eq(gconstpointer a, gconstpointer b)
{
    return ts_addr_equal(a, b);
}

ts_dns_link *ts_dns_link_new(void)
{
    ts_dns_link *d = g_new0(ts_dns_link, 1);
    d->answers = g_hash_table_new_full(addr_hash, addr_eq, g_free, g_free);
    d->streams = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    d->frames = g_hash_table_new(g_direct_hash, g_direct_equal);
    return d;
}

void ts_dns_link_free(ts_dns_link *d)
{
    if (!d)
        return;
    g_hash_table_destroy(d->answers);
    g_hash_table_destroy(d->streams);
    g_hash_table_destroy(d->frames);
    g_free(d);
}

void ts_dns_answer(ts_dns_link *d, const ts_addr *addr, const ts_dns_exchange *x)
{
    g_hash_table_replace(d->answers, g_memdup2(addr, sizeof *addr), g_memdup2(x, sizeof *x));
}

/* Frame numbers start at 1, so they are safe as direct hash keys; streams start at 0 and
 * are stored plus one. */
const ts_dns_exchange *ts_dns_connect(ts_dns_link *d, guint32 stream, const ts_addr *server, double time)
{
    gpointer key = GUINT_TO_POINTER(stream + 1);
    const ts_dns_exchange *have = g_hash_table_lookup(d->streams, key);
    if (have)
        return have;
    const ts_dns_exchange *x = g_hash_table_lookup(d->answers, server);
    if (!x || x->response_time > time || time - x->response_time > TS_DNS_WINDOW)
        return NULL;
    ts_dns_exchange *copy = g_memdup2(x, sizeof *x);
    g_hash_table_insert(d->streams, key, copy);
    /* One lookup may serve several connections: its frames name the first. */
    if (x->query_frame && !g_hash_table_contains(d->frames, GUINT_TO_POINTER(x->query_frame)))
        g_hash_table_insert(d->frames, GUINT_TO_POINTER(x->query_frame), key);
    if (!g_hash_table_contains(d->frames, GUINT_TO_POINTER(x->response_frame)))
        g_hash_table_insert(d->frames, GUINT_TO_POINTER(x->response_frame), key);
    return copy;
}

const ts_dns_exchange *ts_dns_for_stream(const ts_dns_link *d, guint32 stream)
{
    return g_hash_table_lookup(d->streams, GUINT_TO_POINTER(stream + 1));
}

guint32 ts_dns_stream_of_frame(const ts_dns_link *d, guint32 frame)
{
    gpointer v = g_hash_table_lookup(d->frames, GUINT_TO_POINTER(frame));
    return v ? GPOINTER_TO_UINT(v) - 1 : G_MAXUINT32;
}

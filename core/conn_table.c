#include "conn_table.h"

#include <string.h>

/* Streams are numbered densely by Wireshark, so an array indexed by stream is both the
 * fastest lookup and the smallest index. It grows in fixed chunks, so that at most one
 * chunk is ever unused and nothing is copied as it grows. `order` lists the used slots,
 * so that a display filter leaving gaps costs no walk over empty slots. */
#define CHUNK_BITS 10
#define CHUNK (1u << CHUNK_BITS)

struct ts_table {
    ts_conn **chunks;
    guint nchunks;
    GArray *order; /* guint32 stream numbers, in first-seen order */
    gboolean sorted;
    ts_rtt_pool rtt_pool;
    /* Every address of its connections, once: a connection points at two of them (two
     * pointers instead of two 17-byte addresses; a capture has far fewer hosts than
     * connections). Key and value are the same ts_addr. */
    GHashTable *addrs;
};

static guint addr_hash(gconstpointer p)
{
    const ts_addr *a = p;
    guint h = a->family;
    for (int i = 0; i < (a->family == 6 ? 16 : 4); i++)
        h = h * 31 + a->bytes[i];
    return h;
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return ts_addr_equal(a, b);
}

static const ts_addr *intern(ts_table *t, const ts_addr *a)
{
    ts_addr *held = g_hash_table_lookup(t->addrs, a);
    if (!held) {
        held = g_new(ts_addr, 1);
        *held = *a;
        g_hash_table_add(t->addrs, held);
    }
    return held;
}

static inline ts_conn *slot(const ts_table *t, guint32 stream)
{
    return &t->chunks[stream >> CHUNK_BITS][stream & (CHUNK - 1)];
}

ts_table *ts_table_new(void)
{
    ts_table *t = g_new0(ts_table, 1);
    t->order = g_array_new(FALSE, FALSE, sizeof(guint32));
    t->sorted = TRUE;
    ts_rtt_pool_init(&t->rtt_pool);
    t->addrs = g_hash_table_new_full(addr_hash, addr_equal, g_free, NULL);
    return t;
}

void ts_table_reset(ts_table *t)
{
    for (guint i = 0; i < t->order->len; i++)
        ts_conn_clear(slot(t, g_array_index(t->order, guint32, i)));
    for (guint i = 0; i < t->nchunks; i++)
        g_free(t->chunks[i]);
    g_free(t->chunks);
    t->chunks = NULL;
    t->nchunks = 0;
    g_array_set_size(t->order, 0);
    t->sorted = TRUE;
    ts_rtt_pool_clear(&t->rtt_pool);
    g_hash_table_remove_all(t->addrs);
}

void ts_table_free(ts_table *t)
{
    if (!t)
        return;
    ts_table_reset(t);
    g_array_free(t->order, TRUE);
    ts_rtt_pool_clear(&t->rtt_pool);
    g_hash_table_destroy(t->addrs);
    g_free(t);
}

static void ensure_slot(ts_table *t, guint32 stream)
{
    guint need = (stream >> CHUNK_BITS) + 1;
    if (need > t->nchunks) {
        t->chunks = g_renew(ts_conn *, t->chunks, need);
        memset(t->chunks + t->nchunks, 0, (need - t->nchunks) * sizeof(ts_conn *));
        t->nchunks = need;
    }
    if (!t->chunks[need - 1])
        t->chunks[need - 1] = g_new0(ts_conn, CHUNK);
}

const ts_conn *ts_table_add(ts_table *t, const ts_segment *s, ts_seg_result *out)
{
    ts_seg_result scratch;
    ensure_slot(t, s->stream);
    ts_conn *c = slot(t, s->stream);
    if (!(c->bits & TS_CONN_USED)) {
        ts_conn_init(c, s, intern(t, &s->src), intern(t, &s->dst));
        guint n = t->order->len;
        if (n && g_array_index(t->order, guint32, n - 1) > s->stream)
            t->sorted = FALSE;
        g_array_append_val(t->order, s->stream);
    }
    ts_conn_add(c, s, &t->rtt_pool, out ? out : &scratch);
    return c;
}

static gint cmp_u32(gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
    return x < y ? -1 : x > y;
}

guint ts_table_count(const ts_table *t)
{
    return t->order->len;
}

const ts_conn *ts_table_nth(const ts_table *t, guint i)
{
    if (i >= t->order->len)
        return NULL;
    if (!t->sorted) {
        /* Lazily sort once; the table is read after it is filled. */
        ts_table *mt = (ts_table *)t;
        g_array_sort(mt->order, cmp_u32);
        mt->sorted = TRUE;
    }
    return slot(t, g_array_index(t->order, guint32, i));
}

const ts_conn *ts_table_lookup(const ts_table *t, guint32 stream)
{
    if ((stream >> CHUNK_BITS) >= t->nchunks || !t->chunks[stream >> CHUNK_BITS])
        return NULL;
    ts_conn *c = slot(t, stream);
    return (c->bits & TS_CONN_USED) ? c : NULL;
}

gsize ts_table_bytes(const ts_table *t)
{
    gsize b = sizeof *t + t->nchunks * sizeof(ts_conn *) + t->order->len * sizeof(guint32);
    for (guint i = 0; i < t->nchunks; i++)
        b += t->chunks[i] ? CHUNK * sizeof(ts_conn) : 0;
    for (guint i = 0; i < t->order->len; i++) {
        const ts_conn *c = slot(t, g_array_index(t->order, guint32, i));
        b += ts_rtt_bytes(c->dir[0].pending) + ts_rtt_bytes(c->dir[1].pending);
    }
    /* the addresses, and the hash table's three words per entry and bucket */
    b += g_hash_table_size(t->addrs) * (sizeof(ts_addr) + 3 * sizeof(gpointer) + sizeof(guint));
    return b + ts_rtt_pool_bytes(&t->rtt_pool);
}

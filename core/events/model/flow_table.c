#include "flow_table.h"

#include <string.h>

ts_flow_key ts_flow_key_make(const ts_addr *a, guint16 pa, const ts_addr *b, guint16 pb)
{
    ts_flow_key k;
    memset(&k, 0, sizeof k);
    if (a)
        k.a = *a;
    if (b)
        k.b = *b;
    k.pa = pa;
    k.pb = pb;
    return k;
}

static guint key_hash(gconstpointer k)
{
    const guint8 *p = k;
    guint32 h = 2166136261u; /* FNV-1a */
    for (gsize i = 0; i < sizeof(ts_flow_key); i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(ts_flow_key)) == 0;
}

void ts_flow_positions_free(gpointer positions)
{
    g_array_free(positions, TRUE);
}

GHashTable *ts_flow_table_new(void)
{
    return g_hash_table_new_full(key_hash, key_equal, g_free, ts_flow_positions_free);
}

void ts_flow_table_add(GHashTable *t, const ts_flow_key *k, guint32 pos)
{
    GArray *a = g_hash_table_lookup(t, k);
    if (!a) {
        a = g_array_new(FALSE, FALSE, sizeof(guint32));
        g_hash_table_insert(t, g_memdup2(k, sizeof *k), a);
    }
    g_array_append_val(a, pos);
}

const GArray *ts_flow_table_get(GHashTable *t, const ts_flow_key *k)
{
    return g_hash_table_lookup(t, k);
}

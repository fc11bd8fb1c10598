/* The event collection: accessors, size, freeing. */
#include "events.h"
#include "events_priv.h"

#include <string.h>

G_DEFINE_QUARK(ts-events-error-quark, ts_events_error)

void ts_events_free(ts_events *evs)
{
    if (!evs)
        return;
    ts_events_priv *p = evs->priv;
    g_array_free(p->events, TRUE);
    g_array_free(p->fields, TRUE);
    g_string_chunk_free(p->strings);
    if (p->interned)
        g_hash_table_destroy(p->interned);
    for (guint k = 0; k < TS_EV_N_KINDS; k++)
        g_free(p->kind_pos[k]);
    g_free(p);
    g_ptr_array_free(evs->messages, TRUE);
    g_free(evs);
}

const guint32 *ts_events_of_kind(const ts_events *evs, ts_event_kind kind, guint *n)
{
    if ((guint)kind >= TS_EV_N_KINDS) {
        *n = 0;
        return NULL;
    }
    *n = evs->priv->kind_n[kind];
    return evs->priv->kind_pos[kind];
}

const ts_event_field *ts_event_fields(const ts_events *evs, const ts_event *ev, guint *n)
{
    *n = ev->n_fields;
    if (ev->n_fields == 0)
        return NULL;
    return &g_array_index(evs->priv->fields, ts_event_field, ev->field0);
}

const char *ts_event_field_value(const ts_events *evs, const ts_event *ev, const char *key)
{
    guint n;
    const ts_event_field *f = ts_event_fields(evs, ev, &n);
    for (guint i = 0; i < n; i++)
        if (strcmp(f[i].key, key) == 0)
            return f[i].value;
    return NULL;
}

gsize ts_events_bytes(const ts_events *evs)
{
    const ts_events_priv *p = evs->priv;
    gsize b = sizeof *evs + sizeof *p;
    b += (gsize)p->events->len * sizeof(ts_event) + (gsize)p->fields->len * sizeof(ts_event_field);
    b += (gsize)evs->n * sizeof(guint32);
    b += p->string_bytes;
    return b;
}

/* The event collection: building, sorting by time, the index by kind, accessors. */
#include "events_build.h"

#include <string.h>

G_DEFINE_QUARK(ts-events-error-quark, ts_events_error)

void tsb_init(ts_events_builder *b, const char *name, ts_event_format fmt)
{
    memset(b, 0, sizeof *b);
    b->name = name;
    b->evs = g_new0(ts_events, 1);
    b->evs->format = fmt;
    b->evs->messages = g_ptr_array_new_with_free_func(g_free);
    b->evs->priv = g_new0(ts_events_priv, 1);
    b->evs->priv->events = g_array_new(FALSE, FALSE, sizeof(ts_event));
    b->evs->priv->fields = g_array_new(FALSE, FALSE, sizeof(ts_event_field));
    b->evs->priv->strings = g_string_chunk_new(64 * 1024);
    b->evs->priv->interned = g_hash_table_new(g_str_hash, g_str_equal);
}

const char *tsb_intern(ts_events_builder *b, const char *s)
{
    ts_events_priv *p = b->evs->priv;
    const char *r = g_hash_table_lookup(p->interned, s);
    if (!r) {
        gsize len = strlen(s);
        r = g_string_chunk_insert_len(p->strings, s, (gssize)len);
        g_hash_table_add(p->interned, (gpointer)r);
        p->string_bytes += len + 1;
    }
    return r;
}

const char *tsb_intern_len(ts_events_builder *b, const char *s, gsize len)
{
    char small[64];
    if (len < sizeof small) {
        memcpy(small, s, len);
        small[len] = '\0';
        return tsb_intern(b, small);
    }
    char *tmp = g_strndup(s, len);
    const char *r = tsb_intern(b, tmp);
    g_free(tmp);
    return r;
}

const char *tsb_comm(ts_events_builder *b, const char *s, gsize len)
{
    if (b->last_comm && strncmp(b->last_comm, s, len) == 0 && b->last_comm[len] == '\0')
        return b->last_comm;
    b->last_comm = tsb_intern_len(b, s, len);
    return b->last_comm;
}

const char *tsb_kind_name(ts_events_builder *b, ts_event_kind kind)
{
    if (!b->kind_name[kind])
        b->kind_name[kind] = tsb_intern(b, ts_event_kind_name(kind));
    return b->kind_name[kind];
}

ts_event *tsb_push(ts_events_builder *b)
{
    GArray *a = b->evs->priv->events;
    g_array_set_size(a, a->len + 1);
    ts_event *ev = &g_array_index(a, ts_event, a->len - 1);
    memset(ev, 0, sizeof *ev);
    ev->pid = -1;
    ev->cpu = -1;
    ev->comm = "";
    ev->line = b->line_no;
    ev->field0 = b->evs->priv->fields->len;
    return ev;
}

void tsb_pop(ts_events_builder *b)
{
    ts_events_priv *p = b->evs->priv;
    g_assert(p->events->len > 0);
    ts_event *ev = &g_array_index(p->events, ts_event, p->events->len - 1);
    g_array_set_size(p->fields, ev->field0);
    g_array_set_size(p->events, p->events->len - 1);
}

gboolean tsb_add_field(ts_events_builder *b, const char *key, const char *value)
{
    ts_events_priv *p = b->evs->priv;
    ts_event *ev = &g_array_index(p->events, ts_event, p->events->len - 1);
    if (ev->n_fields == G_MAXUINT16)
        return FALSE;
    gsize vlen = strlen(value);
    ts_event_field f = {tsb_intern(b, key), g_string_chunk_insert_len(p->strings, value, (gssize)vlen)};
    p->string_bytes += vlen + 1;
    g_array_append_val(p->fields, f);
    ev->n_fields++;
    return TRUE;
}

static gint cmp_time(gconstpointer a, gconstpointer b)
{
    gint64 x = ((const ts_event *)a)->ts_ns, y = ((const ts_event *)b)->ts_ns;
    return x < y ? -1 : x > y;
}

ts_events *tsb_finish(ts_events_builder *b)
{
    ts_events *evs = b->evs;
    ts_events_priv *p = evs->priv;
    GArray *a = p->events;
    gboolean sorted = TRUE;
    for (guint i = 1; i < a->len && sorted; i++)
        sorted = g_array_index(a, ts_event, i - 1).ts_ns <= g_array_index(a, ts_event, i).ts_ns;
    if (!sorted)
        g_array_sort(a, cmp_time); /* GLib's sort is a stable merge sort */
    evs->ev = (ts_event *)(void *)a->data;
    evs->n = a->len;

    for (guint i = 0; i < evs->n; i++)
        p->kind_n[evs->ev[i].kind]++;
    guint fill[TS_EV_N_KINDS] = {0};
    for (guint k = 0; k < TS_EV_N_KINDS; k++)
        p->kind_pos[k] = g_new(guint32, p->kind_n[k] ? p->kind_n[k] : 1);
    for (guint i = 0; i < evs->n; i++) {
        guint k = evs->ev[i].kind;
        p->kind_pos[k][fill[k]++] = i;
    }
    g_hash_table_destroy(p->interned);
    p->interned = NULL;
    b->evs = NULL;
    return evs;
}

void tsb_discard(ts_events_builder *b)
{
    ts_events_free(b->evs);
    b->evs = NULL;
}

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

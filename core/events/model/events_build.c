/* Building a ts_events line by line: interning, events and their fields, then sorting by
 * time and the index by kind. */
#include "events_build.h"
#include "events_priv.h"

#include <string.h>

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

void tsb_reserve(ts_events_builder *b, guint n)
{
    GArray *a = b->evs->priv->events;
    guint had = a->len;
    g_array_set_size(a, MAX(n, had));
    g_array_set_size(a, had);
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


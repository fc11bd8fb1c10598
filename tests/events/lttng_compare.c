#include "lttng_compare.h"

#include <string.h>

static gboolean same_tcp(const ts_tcp_hdr *x, const ts_tcp_hdr *y)
{
    return x->seq == y->seq && x->ack == y->ack && x->sport == y->sport && x->dport == y->dport &&
           x->flags == y->flags && x->window == y->window && x->present == y->present;
}

static gboolean same_typed(const ts_event *x, const ts_event *y)
{
    switch (x->kind) {
    case TS_EV_NET_DEV_XMIT:
    case TS_EV_NETIF_RECEIVE_SKB:
        return strcmp(x->u.dev.dev, y->u.dev.dev) == 0 && x->u.dev.len == y->u.dev.len &&
               x->u.dev.skbaddr == y->u.dev.skbaddr && same_tcp(&x->u.dev.tcp, &y->u.dev.tcp);
    case TS_EV_INET_SOCK_LOCAL_IN:
    case TS_EV_INET_SOCK_LOCAL_OUT:
        return x->u.seg.sk == y->u.seg.sk && same_tcp(&x->u.seg.tcp, &y->u.seg.tcp);
    case TS_EV_SYSCALL:
        return strcmp(x->u.sys.call, y->u.sys.call) == 0 && x->u.sys.exit == y->u.sys.exit &&
               x->u.sys.fd == y->u.sys.fd && x->u.sys.ret == y->u.sys.ret;
    default:
        return TRUE;
    }
}

char *lttng_first_difference(const ts_events *a, const ts_events *b, guint n)
{
    for (guint i = 0; i < n; i++) {
        const ts_event *x = &a->ev[i], *y = &b->ev[i];
        if (x->ts_ns != y->ts_ns || strcmp(x->name, y->name) != 0 || x->kind != y->kind ||
            x->cpu != y->cpu || x->pid != y->pid || strcmp(x->comm, y->comm) != 0 ||
            x->family != y->family || x->sport != y->sport || x->dport != y->dport ||
            !same_typed(x, y))
            return g_strdup_printf("event %u: %" G_GINT64_FORMAT " %s / %" G_GINT64_FORMAT " %s",
                                   i, x->ts_ns, x->name, y->ts_ns, y->name);
        guint nx, ny;
        const ts_event_field *fx = ts_event_fields(a, x, &nx), *fy = ts_event_fields(b, y, &ny);
        if (nx != ny)
            return g_strdup_printf("event %u (%s): %u fields / %u", i, x->name, nx, ny);
        for (guint k = 0; k < nx; k++)
            if (strcmp(fx[k].key, fy[k].key) != 0 || strcmp(fx[k].value, fy[k].value) != 0)
                return g_strdup_printf("event %u (%s): %s=%s / %s=%s", i, x->name, fx[k].key,
                                       fx[k].value, fy[k].key, fy[k].value);
    }
    return NULL;
}

static void count(GHashTable *h, const char *name, gsize len)
{
    char *key = g_strndup(name, len);
    guint c = GPOINTER_TO_UINT(g_hash_table_lookup(h, key));
    g_hash_table_replace(h, key, GUINT_TO_POINTER(c + 1));
}

GHashTable *lttng_count_names(const ts_events *evs)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < evs->n; i++)
        count(h, evs->ev[i].name, strlen(evs->ev[i].name));
    return h;
}

GHashTable *lttng_count_text_names(const char *text)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        gsize len = nl ? (gsize)(nl - line) : strlen(line);
        char *copy = g_strndup(line, len);
        const char *end = strstr(copy, ": {");
        if (end) {
            const char *start = end;
            while (start > copy && start[-1] != ' ')
                start--;
            count(h, start, (gsize)(end - start));
        }
        g_free(copy);
        line += len + (nl != NULL);
    }
    return h;
}

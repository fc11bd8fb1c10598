/* Greedy pairing of events with packets under a clock model, in two passes.
 * Pass 1 takes, for each event in time order, the nearest packet that fits. That is right for
 * isolated packets but not for bursts: a qdisc releases frames a few us apart while the events
 * come as close, with a lag that differs by device (a frame sent on the capture's interface is
 * tapped before its net_dev_xmit, one sent by the veth peer is tapped after). Pass 2 therefore
 * shifts each event by its group's median lag, keeps a device to the packet sources its frames
 * came from in pass 1, and within the group's own spread takes the earliest free frame, which
 * keeps a burst in order. */
#include "anchor_pairs.h"

#include <string.h>

#define SYN_SENT_WINDOW_NS (5 * 1000 * 1000)  /* the SYN may leave ms after SYN_SENT */
#define MAX_SOURCES 4
#define TIGHT_MIN_NS 10000
#define TIGHT_MAX_NS 50000

typedef struct group_info {
    guint8 type;
    const char *dev;
    gint64 lag_ns;    /* median of packet time - model(event time) */
    gint64 tight_ns;  /* 5 x the median deviation from that, clamped to 10..50 us */
    guint n_src;      /* xmit: the sources of the device's frames, 0 when not known */
    ts_addr src[MAX_SOURCES];
} group_info;

static const group_info *group_of(const GArray *groups, int type, const char *dev)
{
    for (guint i = 0; groups && i < groups->len; i++) {
        const group_info *g = &g_array_index(groups, group_info, i);
        if (g->type == type && g->dev == dev)
            return g;
    }
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

/* Sources covering at least 5% of the group's frames; none when there are more than a few. */
static void learn_sources(group_info *g, const ts_wire_index *wi, const ts_anchor *const *members,
                          guint n)
{
    ts_addr seen[MAX_SOURCES + 1];
    guint count[MAX_SOURCES + 1] = {0}, n_seen = 0;
    for (guint i = 0; i < n; i++) {
        const ts_addr *a = &ts_wire_at(wi, members[i]->pos)->src;
        guint k = 0;
        while (k < n_seen && !ts_addr_equal(&seen[k], a))
            k++;
        if (k == n_seen) {
            if (n_seen == MAX_SOURCES + 1)
                continue; /* counted below as too many */
            seen[n_seen++] = *a;
        }
        count[k]++;
    }
    g->n_src = 0;
    for (guint k = 0; k < n_seen; k++) {
        if (count[k] * 20 < n || seen[k].family == 0)
            continue;
        if (g->n_src == MAX_SOURCES) {
            g->n_src = 0;
            return;
        }
        g->src[g->n_src++] = seen[k];
    }
}

static GArray *learn_groups(const GArray *pairs, const ts_wire_index *wi, const ts_clock_fit *model)
{
    GArray *groups = g_array_new(FALSE, FALSE, sizeof(group_info));
    guint n_all = pairs->len;
    gint64 *d = g_new(gint64, n_all ? n_all : 1);
    const ts_anchor **members = g_new(const ts_anchor *, n_all ? n_all : 1);
    guint8 *done = g_new0(guint8, n_all ? n_all : 1);
    for (guint i = 0; i < n_all; i++) {
        if (done[i])
            continue;
        const ts_anchor *a = &g_array_index(pairs, ts_anchor, i);
        guint n = 0;
        for (guint j = i; j < n_all; j++) {
            const ts_anchor *b = &g_array_index(pairs, ts_anchor, j);
            if (!done[j] && ts_anchor_same_group(a, b)) {
                done[j] = 1;
                members[n] = b;
                d[n++] = b->e_ns - ts_clock_to_epoch_ns(model, b->k_ns);
            }
        }
        if (n < 3)
            continue;
        group_info g = {a->type, a->dev, 0, 0, 0, {{0}}};
        qsort(d, n, sizeof *d, cmp_i64);
        g.lag_ns = d[n / 2];
        for (guint j = 0; j < n; j++)
            d[j] = ABS(d[j] - g.lag_ns);
        qsort(d, n, sizeof *d, cmp_i64);
        g.tight_ns = CLAMP(5 * d[n / 2], TIGHT_MIN_NS, TIGHT_MAX_NS);
        if (a->type == TS_ANCHOR_XMIT && n >= 5)
            learn_sources(&g, wi, members, n);
        g_array_append_val(groups, g);
    }
    g_free(d);
    g_free(members);
    g_free(done);
    return groups;
}

static gboolean from_sources(const group_info *g, const ts_wire_packet *p)
{
    if (!g || g->n_src == 0 || p->src.family == 0)
        return TRUE;
    for (guint i = 0; i < g->n_src; i++)
        if (ts_addr_equal(&g->src[i], &p->src))
            return TRUE;
    return FALSE;
}

static void pair_pass(const ts_events *evs, guint first, guint end, const ts_wire_index *wi,
                      const ts_clock_fit *model, gint64 tol, guint type_mask, const GArray *groups,
                      GArray *out)
{
    guint8 *taken = g_new0(guint8, wi->n ? wi->n : 1); /* bit per type */
    GHashTable *dev_last = g_hash_table_new(g_direct_hash, g_direct_equal); /* dev -> pos + 1 */
    for (guint i = first; i < end; i++) {
        const ts_event *ev = &evs->ev[i];
        int type = ts_anchor_type_of(ev);
        if (type < 0 || !(type_mask & (1u << type)))
            continue;
        const GArray *list = ts_anchor_candidates(wi, ev, type);
        if (!list)
            continue;
        const char *dev = type == TS_ANCHOR_XMIT ? ev->u.dev.dev : NULL;
        const group_info *g = group_of(groups, type, dev);
        gint64 x = ts_clock_to_epoch_ns(model, ev->ts_ns) + (g ? g->lag_ns : 0);
        gint64 win = type == TS_ANCHOR_SYN_SENT ? MAX(tol, SYN_SENT_WINDOW_NS) : tol;
        /* xmit in pass 2: the earliest free frame within the group's spread, in device order */
        gboolean earliest = g && type == TS_ANCHOR_XMIT;
        guint32 after = 0;
        if (type == TS_ANCHOR_XMIT)
            after = GPOINTER_TO_UINT(g_hash_table_lookup(dev_last, dev));
        gint64 best_d = G_MAXINT64;
        gint best = -1;
        for (guint j = ts_wire_lower_bound(wi, list, x - win); j < list->len; j++) {
            guint32 pos = g_array_index(list, guint32, j);
            gint64 d = wi->t[pos] - x;
            if (d > win || d > best_d)
                break;
            if ((taken[pos] & (1u << type)) || pos + 1 <= after ||
                !ts_anchor_fits(wi, ev, type, pos) || !from_sources(g, ts_wire_at(wi, pos)))
                continue;
            if (earliest && ABS(d) <= g->tight_ns) {
                best = (gint)pos;
                break;
            }
            if (ABS(d) < best_d) {
                best_d = ABS(d);
                best = (gint)pos;
            }
        }
        if (best < 0)
            continue;
        taken[best] |= (guint8)(1u << type);
        if (type == TS_ANCHOR_XMIT)
            g_hash_table_insert(dev_last, (gpointer)dev, GUINT_TO_POINTER((guint)best + 1));
        ts_anchor a = {ev->ts_ns, wi->t[best], dev, 0, i, (guint32)best, (guint8)type};
        g_array_append_val(out, a);
    }
    g_hash_table_destroy(dev_last);
    g_free(taken);
}

void ts_anchor_pair(const ts_events *evs, guint first, guint end, const ts_wire_index *wi,
                    const ts_clock_fit *model, gint64 tol, guint type_mask, GArray *out)
{
    GArray *first_pass = g_array_new(FALSE, FALSE, sizeof(ts_anchor));
    pair_pass(evs, first, end, wi, model, tol, type_mask, NULL, first_pass);
    GArray *groups = learn_groups(first_pass, wi, model);
    if (groups->len)
        pair_pass(evs, first, end, wi, model, tol, type_mask, groups, out);
    else
        g_array_append_vals(out, first_pass->data, first_pass->len);
    g_array_free(groups, TRUE);
    g_array_free(first_pass, TRUE);
}

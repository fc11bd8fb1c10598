/* Estimating the clock model: candidate offsets by vote, the best one checked by pairing, then a
 * line fitted over a widening range. See clock_align.h. */
#include "clock_align.h"
#include "clock_fit.h"

#include <math.h>
#include <string.h>

#define PRECISE_MASK ((1u << TS_ANCHOR_XMIT) | (1u << TS_ANCHOR_PROBE) | \
                      (1u << TS_ANCHOR_HANDSHAKE) | (1u << TS_ANCHOR_XDP))
#define COARSE_MASK (1u << TS_ANCHOR_SYN_SENT)
#define PRECISE_CLUSTER_NS 200000LL   /* true votes of precise anchors fall within 200 us */
#define COARSE_CLUSTER_NS 5000000LL   /* SYN_SENT leads its SYN by up to some ms */
#define FIRST_HALF_RANGE_NS 5000000000LL /* first fit over +-5 s, then 4x wider each round */
#define N_CANDIDATES 3
#define MAX_WINDOW_NS 10000000000LL      /* options are clamped to 10 s */

/* Votes from a sample of each type's events: the first 64, and 16 runs of 16 spread over the
 * trace (runs, because consecutive events agree on the offset even under drift). */
static void sample_votes(const ts_events *evs, const ts_wire_index *wi, guint mask, GArray *votes)
{
    GArray *of_type[TS_ANCHOR_N_TYPES];
    for (guint t = 0; t < TS_ANCHOR_N_TYPES; t++)
        of_type[t] = g_array_new(FALSE, FALSE, sizeof(guint32));
    for (guint32 i = 0; i < evs->n; i++) {
        int t = ts_anchor_type_of(&evs->ev[i]);
        if (t >= 0 && (mask & (1u << t)))
            g_array_append_val(of_type[t], i);
    }
    for (guint t = 0; t < TS_ANCHOR_N_TYPES; t++) {
        GArray *a = of_type[t];
        /* frame lengths repeat a lot; other anchors are specific */
        guint cap = t == TS_ANCHOR_XMIT ? 2000 : 200;
        for (int attempt = 0; attempt < 2; attempt++) {
            guint before = votes->len;
            guint run = a->len / 16;
            for (guint i = 0; i < a->len; i++) {
                if (a->len > 320 && i >= 64 && i % run >= 16)
                    continue;
                ts_anchor_votes(wi, &evs->ev[g_array_index(a, guint32, i)], (int)t, cap, votes);
            }
            if (votes->len - before >= 8 || t != TS_ANCHOR_XMIT)
                break;
            cap = 5000; /* only common lengths: accept more ambiguity */
        }
        g_array_free(a, TRUE);
    }
}

static gint cmp_vote(gconstpointer a, gconstpointer b)
{
    gint64 x = ((const ts_vote *)a)->off_ns, y = ((const ts_vote *)b)->off_ns;
    return x < y ? -1 : x > y;
}

static int cmp_i64(const void *a, const void *b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

/* A candidate model from the densest windows of votes: offset and reference time are the
 * medians of the window's votes. Returns how many candidates (best first). */
static guint clusters(GArray *votes, gint64 width, ts_clock_fit *cand, guint max)
{
    guint n = votes->len;
    if (n == 0)
        return 0;
    g_array_sort(votes, cmp_vote);
    const ts_vote *v = (const ts_vote *)(const void *)votes->data;
    guint *count = g_new(guint, n);
    for (guint i = 0, j = 0; i < n; i++) {
        while (j < n && v[j].off_ns - v[i].off_ns <= width)
            j++;
        count[i] = j - i;
    }
    guint found = 0;
    gint64 *ks = g_new(gint64, n);
    while (found < max) {
        guint best = n;
        for (guint i = 0; i < n; i++)
            if (count[i] && (best == n || count[i] > count[best]))
                best = i;
        if (best == n)
            break;
        guint m = count[best];
        for (guint i = 0; i < m; i++)
            ks[i] = v[best + i].k_ns;
        qsort(ks, m, sizeof *ks, cmp_i64);
        ts_clock_fit *c = &cand[found++];
        memset(c, 0, sizeof *c);
        c->offset_ns = v[best + m / 2].off_ns;
        c->ref_ns = ks[m / 2];
        /* windows overlapping this one are the same candidate */
        for (guint i = 0; i < n; i++)
            if (v[i].off_ns + width >= v[best].off_ns && v[i].off_ns <= v[best].off_ns + width)
                count[i] = 0;
    }
    g_free(ks);
    g_free(count);
    return found;
}

/* Pairs anchors of mask within +-half of model's reference time, and fits them. */
static guint pair_and_fit(const ts_events *evs, const ts_wire_index *wi, const ts_align_options *opt,
                          guint mask, gint64 half, ts_clock_fit *model, GArray *anchors)
{
    guint first, end;
    ts_events_range(evs, model->ref_ns - half, model->ref_ns + half, &first, &end);
    g_array_set_size(anchors, 0);
    ts_anchor_pair(evs, first, end, wi, model, opt->tolerance_ns, mask, anchors);
    if (anchors->len)
        ts_fit_line(anchors, model->offset_ns, opt->min_drift_span_ns, model);
    return anchors->len;
}

/* The best of the vote clusters by anchors paired near it; FALSE when none pairs any. */
static gboolean initial_model(const ts_events *evs, const ts_wire_index *wi, const ts_align_options *opt,
                              guint mask, gint64 width, ts_clock_fit *model)
{
    GArray *votes = g_array_new(FALSE, FALSE, sizeof(ts_vote));
    sample_votes(evs, wi, mask, votes);
    ts_clock_fit cand[N_CANDIDATES];
    guint nc = clusters(votes, width, cand, N_CANDIDATES);
    g_array_free(votes, TRUE);

    GArray *anchors = g_array_new(FALSE, FALSE, sizeof(ts_anchor));
    guint best_n = 0;
    for (guint i = 0; i < nc; i++) {
        ts_clock_fit m = cand[i];
        guint got = pair_and_fit(evs, wi, opt, mask, FIRST_HALF_RANGE_NS, &m, anchors);
        if (got > best_n) {
            best_n = got;
            *model = m;
        }
    }
    g_array_free(anchors, TRUE);
    return best_n > 0;
}

static void refine(const ts_events *evs, const ts_wire_index *wi, const ts_align_options *opt,
                   guint mask, ts_clock_fit *model)
{
    GArray *anchors = g_array_new(FALSE, FALSE, sizeof(ts_anchor));
    gint64 center = model->ref_ns;
    gint64 needed = MAX(center - evs->ev[0].ts_ns, evs->ev[evs->n - 1].ts_ns - center);
    for (gint64 half = FIRST_HALF_RANGE_NS;; half = half > needed / 4 ? needed : half * 4) {
        ts_clock_fit m = *model;
        m.ref_ns = center; /* keep widening around the same place */
        m.offset_ns = ts_clock_to_epoch_ns(model, center) - center;
        guint first, end;
        ts_events_range(evs, center - half, center + half, &first, &end);
        g_array_set_size(anchors, 0);
        ts_anchor_pair(evs, first, end, wi, &m, opt->tolerance_ns, mask, anchors);
        if (anchors->len && ts_fit_line(anchors, m.offset_ns, opt->min_drift_span_ns, &m))
            *model = m;
        if (half >= needed)
            break;
    }
    g_array_free(anchors, TRUE);
}

/* A given model: pair with it and report how well anchors agree, without fitting. */
static void check_manual(const ts_events *evs, const ts_wire_index *wi, const ts_align_options *opt,
                         ts_clock_fit *fit)
{
    fit->ok = TRUE;
    fit->manual = TRUE;
    fit->offset_ns = opt->manual_offset_ns;
    fit->drift_ppm = opt->manual_drift_ppm;
    fit->ref_ns = 0;
    GArray *anchors = g_array_new(FALSE, FALSE, sizeof(ts_anchor));
    ts_anchor_pair(evs, 0, evs->n, wi, fit, opt->tolerance_ns, PRECISE_MASK, anchors);
    ts_fit_residuals(anchors, anchors->len, fit);
    g_array_free(anchors, TRUE);
}

gboolean ts_clock_align(const ts_events *evs, const ts_wire_packet *pkts, guint n_pkts,
                        const ts_align_options *opt, ts_clock_fit *fit, GError **err)
{
    ts_align_options o;
    if (opt)
        o = *opt;
    else
        ts_align_options_init(&o);
    o.tolerance_ns = CLAMP(o.tolerance_ns, 0, MAX_WINDOW_NS);
    opt = &o;
    memset(fit, 0, sizeof *fit);
    if (evs->n == 0 || n_pkts == 0) {
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                    "clock alignment needs events and packets (%u events, %u packets)", evs->n, n_pkts);
        return FALSE;
    }
    if (opt->manual && (ABS(opt->manual_offset_ns) > TS_TIME_MAX || fabs(opt->manual_drift_ppm) > 1e5)) {
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                    "clock offset or drift out of range (%" G_GINT64_FORMAT " ns, %g ppm)",
                    opt->manual_offset_ns, opt->manual_drift_ppm);
        return FALSE;
    }
    ts_wire_index *wi = ts_wire_index_new(pkts, n_pkts);
    if (opt->manual) {
        check_manual(evs, wi, opt, fit);
        ts_wire_index_free(wi);
        return TRUE;
    }
    ts_clock_fit model;
    guint mask = PRECISE_MASK;
    gboolean found = initial_model(evs, wi, opt, mask, PRECISE_CLUSTER_NS, &model);
    if (!found) {
        mask = COARSE_MASK;
        found = initial_model(evs, wi, opt, mask, COARSE_CLUSTER_NS, &model);
    }
    if (found) {
        refine(evs, wi, opt, mask, &model);
        *fit = model;
    } else {
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                    "no event pairs with a packet of the capture: no net_dev_xmit of a captured "
                    "length, tcp_probe, handshake or SYN_SENT event of a captured connection");
    }
    ts_wire_index_free(wi);
    return found;
}

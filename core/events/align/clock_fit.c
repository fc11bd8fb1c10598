/* The least-squares line through anchors. Anchor groups (type, and device for xmit) are offset
 * from each other by their own lags (see anchor_pairs.h), so the line is fitted twice: once to
 * measure each group's median residual, then with those lags taken out, measured against the
 * xmit groups (the frame is on the wire when net_dev_xmit fires) or else the most precise type
 * there is. */
#include "clock_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_OUTLIER_NS 50000.0 /* never call an anchor within 50 us of the line an outlier */
#define MAX_DRIFT 1e6          /* ns per s: 1000 ppm, far beyond any real clock */
#define MAX_ROUNDS 5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n), which gets sorted. */
static double median(double *v, guint n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct line {
    gint64 base, ref;
    double a, b; /* y = a + b x; y = epoch - kernel - base - lag in ns, x = kernel - ref in s */
} line;

static double xs(const line *l, const ts_anchor *an)
{
    return (double)(an->k_ns - l->ref) * 1e-9;
}

static double ys(const line *l, const ts_anchor *an)
{
    return (double)(an->e_ns - an->k_ns) - (double)l->base - (double)an->lag_ns;
}

static void least_squares(line *l, const ts_anchor *an, guint n, gboolean drift)
{
    double sx = 0, sy = 0;
    for (guint i = 0; i < n; i++) {
        sx += xs(l, &an[i]);
        sy += ys(l, &an[i]);
    }
    double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
    for (guint i = 0; i < n; i++) {
        double dx = xs(l, &an[i]) - mx;
        sxx += dx * dx;
        sxy += dx * (ys(l, &an[i]) - my);
    }
    l->a = my;
    l->b = 0;
    if (drift && sxx > 0 && fabs(sxy / sxx) <= MAX_DRIFT) {
        l->b = sxy / sxx;
        l->a = my - l->b * mx;
    }
}

static double residual(const line *l, const ts_anchor *an)
{
    return ys(l, an) - (l->a + l->b * xs(l, an));
}

static gint64 span_of(const ts_anchor *an, guint n)
{
    gint64 lo = G_MAXINT64, hi = G_MININT64;
    for (guint i = 0; i < n; i++) {
        lo = MIN(lo, an[i].k_ns);
        hi = MAX(hi, an[i].k_ns);
    }
    return n ? hi - lo : 0;
}

/* Fits over all n anchors, moving outliers to the end; returns how many are kept. */
static guint robust_fit(line *l, ts_anchor *an, guint n, gint64 min_drift_span_ns)
{
    double *r = g_new(double, n), *dev = g_new(double, n);
    guint used = n;
    for (guint round = 0;; round++) {
        gboolean drift = used >= 8 && span_of(an, used) >= min_drift_span_ns;
        least_squares(l, an, used, drift);
        for (guint i = 0; i < used; i++)
            r[i] = residual(l, &an[i]);
        memcpy(dev, r, used * sizeof *dev);
        double med = median(dev, used);
        for (guint i = 0; i < used; i++)
            dev[i] = fabs(r[i] - med);
        double thresh = MAX(5 * 1.4826 * median(dev, used), MIN_OUTLIER_NS);
        guint keep = 0;
        for (guint i = 0; i < used; i++) {
            if (fabs(r[i] - med) <= thresh) {
                ts_anchor t = an[keep];
                an[keep] = an[i];
                an[i] = t;
                keep++;
            }
        }
        if (keep == used || keep == 0 || round == MAX_ROUNDS)
            break;
        used = keep;
    }
    g_free(r);
    g_free(dev);
    return used;
}

/* Typical packet time - event time of each type against net_dev_xmit, measured on the corpus
 * recordings with all types (captures/events: http, ncat_hello, http_ipv6, lossy, named_tasks):
 * tcp_probe 2-5 us after its segment, ESTABLISHED 10-15 us after the SYN-ACK or ACK, SYN_SENT
 * 35-420 us before its SYN. Used for the reference group when there is no xmit anchor, so that
 * offsets mean the same whichever anchors gave them. */
static const gint64 prior_lag_ns[TS_ANCHOR_N_TYPES] = {
    [TS_ANCHOR_XMIT] = 0,
    [TS_ANCHOR_PROBE] = -4000,
    [TS_ANCHOR_HANDSHAKE] = -13000,
    [TS_ANCHOR_XDP] = 0,
    [TS_ANCHOR_SYN_SENT] = 200000,
};

/* Sets each anchor's lag_ns to its group's median residual under l, less the reference's, plus
 * the reference type's typical lag. */
static void group_lags(const line *l, ts_anchor *an, guint n)
{
    static const guint8 preference[] = {TS_ANCHOR_XMIT, TS_ANCHOR_PROBE, TS_ANCHOR_XDP,
                                        TS_ANCHOR_HANDSHAKE, TS_ANCHOR_SYN_SENT};
    double *v = g_new(double, n), *lag = g_new(double, n);
    guint8 *done = g_new0(guint8, n);
    for (guint i = 0; i < n; i++) {
        if (done[i])
            continue;
        guint m = 0;
        for (guint j = i; j < n; j++)
            if (ts_anchor_same_group(&an[i], &an[j]))
                v[m++] = residual(l, &an[j]);
        double med = median(v, m);
        for (guint j = i; j < n; j++)
            if (ts_anchor_same_group(&an[i], &an[j])) {
                lag[j] = med;
                done[j] = 1;
            }
    }
    /* reference: the mean lag of the groups of the preferred type present (each device once) */
    double ref = 0;
    for (guint p = 0; p < G_N_ELEMENTS(preference); p++) {
        double sum = 0;
        guint groups = 0;
        for (guint i = 0; i < n; i++) {
            gboolean first_of_group = TRUE;
            for (guint j = 0; j < i && first_of_group; j++)
                first_of_group = !ts_anchor_same_group(&an[i], &an[j]);
            if (an[i].type == preference[p] && first_of_group) {
                sum += lag[i];
                groups++;
            }
        }
        if (groups) {
            ref = sum / groups - (double)prior_lag_ns[preference[p]];
            break;
        }
    }
    for (guint i = 0; i < n; i++)
        an[i].lag_ns = (gint64)llround(lag[i] - ref);
    g_free(v);
    g_free(lag);
    g_free(done);
}

gboolean ts_fit_line(GArray *anchors, gint64 base_ns, gint64 min_drift_span_ns, ts_clock_fit *fit)
{
    guint n = anchors->len;
    if (n == 0)
        return FALSE;
    ts_anchor *an = (ts_anchor *)(void *)anchors->data;
    /* the reference is the anchors' mean time: offset and drift are then uncorrelated */
    double mean = 0;
    for (guint i = 0; i < n; i++) {
        mean += (double)(an[i].k_ns - an[0].k_ns);
        an[i].lag_ns = 0;
    }
    line l = {base_ns, an[0].k_ns + (gint64)llround(mean / n), 0, 0};
    guint used = robust_fit(&l, an, n, min_drift_span_ns);
    group_lags(&l, an, used);
    for (guint i = used; i < n; i++)
        an[i].lag_ns = 0; /* outliers of the first fit get a second chance */
    used = robust_fit(&l, an, n, min_drift_span_ns);

    fit->ok = TRUE;
    fit->offset_ns = base_ns + (gint64)llround(l.a);
    fit->ref_ns = l.ref;
    fit->drift_ppm = l.b * 1e-3; /* ns per s -> ppm */
    fit->n_outliers = n - used;
    ts_fit_residuals(anchors, used, fit);
    return TRUE;
}

void ts_fit_residuals(const GArray *anchors, guint n_used, ts_clock_fit *fit)
{
    const ts_anchor *an = (const ts_anchor *)(const void *)anchors->data;
    memset(fit->n_by_type, 0, sizeof fit->n_by_type);
    fit->n_anchors = n_used;
    fit->median_abs_us = fit->max_abs_us = 0;
    fit->span_ns = span_of(an, n_used);
    if (n_used == 0)
        return;
    double *r = g_new(double, n_used);
    for (guint i = 0; i < n_used; i++) {
        r[i] = fabs((double)(an[i].e_ns - ts_clock_to_epoch_ns(fit, an[i].k_ns))) / 1000.0;
        fit->max_abs_us = MAX(fit->max_abs_us, r[i]);
        fit->n_by_type[an[i].type]++;
    }
    fit->median_abs_us = median(r, n_used);
    g_free(r);
}

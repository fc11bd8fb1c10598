/* The clock model's conversions and options. See clock_model.h. */
#include "clock_model.h"
#include "events.h"
#include "parse_util.h"

#include <math.h>
#include <string.h>

void ts_align_options_init(ts_align_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->tolerance_ns = 500000;
    opt->min_drift_span_ns = 2000000000LL;
}

gboolean ts_clock_parse_offset(const char *text, gint64 *offset_ns)
{
    gboolean neg = text[0] == '-';
    const char *s = text + (text[0] == '-' || text[0] == '+');
    const char *end;
    gint64 v;
    if (!tsp_seconds_ns(s, &end, &v) || *end != '\0')
        return FALSE;
    *offset_ns = neg ? -v : v;
    return TRUE;
}

/* Results are kept within [-TS_TIME_MAX / 2, TS_TIME_MAX * 3 / 2], so that a time minus a
 * mapped time, or a mapped time plus a window, stays within 64 bits whatever the offset. */
static gint64 clamp_time(double t)
{
    const double lo = (double)(-TS_TIME_MAX / 2), hi = (double)(TS_TIME_MAX / 2 * 3);
    return t < lo ? (gint64)lo : t > hi ? (gint64)hi : (gint64)llround(t);
}

gint64 ts_clock_to_epoch_ns(const ts_clock_fit *fit, gint64 kernel_ns)
{
    /* exact in integers near the reference, where it matters; doubles only for the drift */
    double d = fit->drift_ppm * 1e-6 * ((double)kernel_ns - (double)fit->ref_ns);
    double approx = (double)kernel_ns + (double)fit->offset_ns + d;
    if (approx < (double)(-TS_TIME_MAX / 2) || approx > (double)(TS_TIME_MAX / 2 * 3))
        return clamp_time(approx);
    return kernel_ns + fit->offset_ns + (gint64)llround(d);
}

gint64 ts_clock_to_kernel_ns(const ts_clock_fit *fit, gint64 epoch_ns)
{
    double delta = (double)epoch_ns - (double)fit->offset_ns - (double)fit->ref_ns;
    double k = (double)fit->ref_ns + delta / (1 + fit->drift_ppm * 1e-6);
    if (k < (double)(-TS_TIME_MAX / 2) || k > (double)(TS_TIME_MAX / 2 * 3))
        return clamp_time(k);
    /* in range, so (epoch - ref) - offset is too: both are within a few TS_TIME_MAX */
    return fit->ref_ns + (gint64)llround((double)((epoch_ns - fit->ref_ns) - fit->offset_ns) /
                                         (1 + fit->drift_ppm * 1e-6));
}

double ts_clock_offset_s(const ts_clock_fit *fit)
{
    return (double)fit->offset_ns * 1e-9;
}

const char *ts_anchor_type_name(ts_anchor_type t)
{
    static const char *const names[TS_ANCHOR_N_TYPES] = {"xmit", "probe", "handshake", "xdp",
                                                         "syn_sent"};
    return (guint)t < TS_ANCHOR_N_TYPES ? names[t] : "?";
}


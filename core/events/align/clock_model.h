/* The clock model shared by the align stage and its users: the anchor types, the fitted line
 * (epoch = kernel + offset + drift * (kernel - ref)), the options, and the conversions.
 * Depends on the model only. */
#ifndef TCPSTATE_CLOCK_MODEL_H
#define TCPSTATE_CLOCK_MODEL_H

#include <glib.h>

typedef enum {
    TS_ANCHOR_XMIT,
    TS_ANCHOR_PROBE,
    TS_ANCHOR_HANDSHAKE,
    TS_ANCHOR_XDP,
    TS_ANCHOR_SYN_SENT,
    TS_ANCHOR_N_TYPES
} ts_anchor_type;

typedef struct ts_clock_fit {
    gboolean ok;            /* an offset was found (or given) */
    gboolean manual;        /* given, not estimated; the anchor figures then check it */
    gint64 offset_ns;       /* epoch - kernel at ref_ns */
    gint64 ref_ns;          /* kernel time the offset refers to */
    double drift_ppm;       /* how much faster the capture clock runs than the kernel's */
    guint n_anchors;        /* anchors in the fit (after dropping outliers) */
    guint n_by_type[TS_ANCHOR_N_TYPES];
    guint n_outliers;       /* paired but dropped from the fit */
    double median_abs_us;   /* |packet time - model(event time)| over the anchors, median */
    double max_abs_us;      /* and largest */
    gint64 span_ns;         /* kernel time between the first and last anchor */
} ts_clock_fit;

typedef struct ts_align_options {
    gint64 tolerance_ns;      /* pair an anchor only within this of the model (500 us) */
    gint64 min_drift_span_ns; /* fit a drift only when anchors span this much (2 s) */
    gboolean manual;          /* take manual_offset_ns / manual_drift_ppm as the model */
    gint64 manual_offset_ns;
    double manual_drift_ppm;
} ts_align_options;

void ts_align_options_init(ts_align_options *opt);
/* "1795358380.226780" (seconds, optionally signed) as ns, exactly. */
gboolean ts_clock_parse_offset(const char *text, gint64 *offset_ns);

gint64 ts_clock_to_epoch_ns(const ts_clock_fit *fit, gint64 kernel_ns);
gint64 ts_clock_to_kernel_ns(const ts_clock_fit *fit, gint64 epoch_ns);
double ts_clock_offset_s(const ts_clock_fit *fit);

const char *ts_anchor_type_name(ts_anchor_type t);

#endif

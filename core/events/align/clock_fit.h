/* Internal: the least-squares line through paired anchors, and the residual figures. */
#ifndef TCPSTATE_CLOCK_FIT_H
#define TCPSTATE_CLOCK_FIT_H

#include "anchor_pairs.h"

/* Fits epoch - kernel = offset + drift * (kernel - ref) through anchors (kept in the array: the
 * outliers are moved to its end and counted in fit->n_outliers). base_ns is a rough offset
 * (numbers stay small around it). The drift is fitted only when the anchors span at least
 * min_drift_span_ns and there are 8 or more; otherwise it is 0. FALSE when anchors is empty. */
gboolean ts_fit_line(GArray *anchors, gint64 base_ns, gint64 min_drift_span_ns, ts_clock_fit *fit);

/* Fills the residual figures and counts of fit from anchors under fit's model (all of them). */
void ts_fit_residuals(const GArray *anchors, guint n_used, ts_clock_fit *fit);

#endif

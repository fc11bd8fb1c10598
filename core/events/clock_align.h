/* Clock alignment: kernel event times (since boot, or CLOCK_MONOTONIC) against the capture's epoch
 * times. The model is   epoch = kernel + offset + drift * (kernel - ref)   and is estimated from
 * anchors, event/packet pairs that must be (nearly) simultaneous:
 *   xmit       net_dev_xmit and the frame of the same length (the tap sees it as it is sent)
 *   probe      tcp_probe and the segment it processes: from the probe's dest to its src, payload
 *              data_len, ack within [snd_una, snd_nxt] (snd_una is read before the ACK is applied)
 *   handshake  the move to ESTABLISHED and the SYN-ACK (client) or the handshake's ACK (server)
 *   xdp        an XDP line and the packet with its 4-tuple
 *   syn_sent   the move to SYN_SENT and the SYN that follows (a coarse anchor: the SYN leaves up to
 *              some hundreds of us later), used only when none of the others exists
 * Candidate offsets come from the anchors' content alone (votes, the densest cluster wins, checked
 * by how many anchors it pairs); then a least-squares line through the paired anchors, with
 * outliers dropped, over a time range that widens until it covers the whole trace. */
#ifndef TCPSTATE_CLOCK_ALIGN_H
#define TCPSTATE_CLOCK_ALIGN_H

#include "events.h"
#include "wire.h"

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

/* Estimates (or, with opt->manual, checks) the model. pkts in capture order. FALSE and fit->ok
 * unset when no anchor at all pairs; err then says why. opt may be NULL for the defaults. */
gboolean ts_clock_align(const ts_events *evs, const ts_wire_packet *pkts, guint n_pkts,
                        const ts_align_options *opt, ts_clock_fit *fit, GError **err);

gint64 ts_clock_to_epoch_ns(const ts_clock_fit *fit, gint64 kernel_ns);
gint64 ts_clock_to_kernel_ns(const ts_clock_fit *fit, gint64 epoch_ns);
double ts_clock_offset_s(const ts_clock_fit *fit);

const char *ts_anchor_type_name(ts_anchor_type t);

#endif

/* Stage 2, align: the kernel clock against the capture's.
 * In: ts_events (model/events.h) and the frames (model/wire.h). Out: ts_clock_fit
 * (clock_model.h). Depends on the model only.
 *
 * Clock alignment: kernel event times (since boot, or CLOCK_MONOTONIC) against the capture's epoch
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

#include "clock_model.h"
#include "events.h"
#include "wire.h"

/* Estimates (or, with opt->manual, checks) the model. pkts in capture order. FALSE and fit->ok
 * unset when no anchor at all pairs; err then says why. opt may be NULL for the defaults. */
gboolean ts_clock_align(const ts_events *evs, const ts_wire_packet *pkts, guint n_pkts,
                        const ts_align_options *opt, ts_clock_fit *fit, GError **err);

#endif

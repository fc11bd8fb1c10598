/* Loss and ordering from the wire. For one segment of direction d ("fwd"; "rev" is the
 * other direction), in this order, as Wireshark's tcp.analysis flags:
 *
 *   zero-window probe  1 byte at fwd's next sequence number while rev's latest window is 0;
 *                      it does not advance fwd's sequence (the byte is sent again later),
 *                      and no check below but the re-send ones applies
 *   zero window        its window field is 0 (not a SYN, FIN or RST); the stretch of time
 *                      from it to fwd's next segment with another window adds to fwd's
 *                      zero-window time (the other side could not send meanwhile)
 *   gap                it starts past fwd's next sequence number: the bytes between were
 *                      sent but never captured (missed bytes)
 *   keep-alive         0 or 1 byte starting one below fwd's next sequence number (not a
 *                      SYN, FIN or RST): not a re-send
 *   window full        payload (not a SYN, FIN or RST) that ends at the right edge of rev's
 *                      latest window (its acknowledgement number plus its window, scaled
 *                      when it was not a SYN's), when the captured SYNs tell the scale
 *   D-SACK             (on every segment, probes too) its first SACK block reports data
 *                      received twice (RFC 2883): counted for rev, whose data it was (a
 *                      spurious re-send, or a copy the network made)
 *   duplicate ACK      no payload, not SYN, FIN or RST, a non-zero window equal to fwd's
 *                      previous one or SACK blocks (RFC 6675: a receiver's window may grow
 *                      while it reports the holes), at fwd's next sequence number, the same
 *                      acknowledgement number as fwd's previous segment, and not the answer
 *                      to a keep-alive or zero-window probe of rev; a run ends when the
 *                      acknowledgement number changes
 *
 * A segment with payload, SYN or FIN that starts below fwd's next sequence number is a
 * re-send (ts_dir.retrans), unless it is a keep-alive or it carries more than one byte and
 * starts exactly one below (a zero-window probe's byte sent again with new data). Its kind,
 * the first rule that holds:
 *
 *   spurious      it has payload, and rev had acknowledged all of it before
 *   fast          it starts at rev's acknowledgement number after 2 or more duplicate ACKs
 *                 of rev, within 20 ms of the connection's previous packet
 *   out_of_order  it comes less than the handshake RTT (3 ms without one) after fwd's
 *                 highest segment was sent, and ends elsewhere than that one: late, not
 *                 sent twice
 *   timeout       it starts at rev's acknowledgement number (or nothing was acknowledged
 *                 yet) after 200 ms without any packet of the connection (Linux's lowest
 *                 retransmission timeout; a SYN's is 1 s)
 *   probe         it ends at fwd's next sequence number (the tail of what was sent) and is
 *                 fwd's first re-send since it last sent new data: a tail loss probe
 *                 (RFC 8985), sent after about two RTTs of silence
 *   other         anything else: a further re-send of a recovery under way (after a
 *                 partial ACK), or one whose cause the capture does not show
 *
 * spurious, fast and out_of_order are Wireshark 4.0's spurious_retransmission,
 * fast_retransmission and out_of_order; timeout, probe and other split its plain
 * retransmission. Three deliberate differences from 4.0: the duplicate ACK with SACK
 * blocks and another window, which 4.0 calls a window update (4.4 and 4.6 do as here);
 * Wireshark also calls spurious a segment that starts at or past fwd's next sequence number
 * (its first sending was not captured): here that is new data after a gap; and its fast
 * retransmission must come within 20 ms of rev's latest segment, here of the connection's
 * latest packet (the duplicate ACK just before, in practice), which spares 8 bytes per
 * connection. */
#include "loss.h"
#include "rtt.h"

#define OOO_DEFAULT 0.003
#define FAST_WITHIN 0.020
#define RTO_MIN 0.200

const char *ts_resend_kind_name(ts_resend_kind k)
{
    static const char *names[TS_RESEND_KINDS] = {"", "spurious", "fast", "out_of_order", "timeout", "probe",
                                                 "other"};
    return (unsigned)k < TS_RESEND_KINDS ? names[k] : "";
}

ts_loss_dir *ts_loss_counts(ts_loss **loss, int d)
{
    if (!*loss)
        *loss = g_new0(ts_loss, 1);
    return &(*loss)->dir[d];
}

void ts_loss_free(ts_loss **loss)
{
    g_free(*loss);
    *loss = NULL;
}

static gboolean plain(const ts_loss_input *in)
{
    return (in->s->flags & (TS_SYN | TS_FIN | TS_RST)) == 0;
}

/* A pure ACK that repeats fwd's previous segment's acknowledgement, and its window unless it
 * reports holes in SACK blocks. */
static gboolean repeats_ack(const ts_flow_dir *fwd, const ts_loss_input *in)
{
    return in->s->seglen == 0 && plain(in) && (fwd->bits & TS_FLOW_SEEN) && in->next_seq_valid &&
           in->s->seq == in->next_seq && (in->s->window_raw == fwd->last_win_raw || in->s->sack_blocks > 0) &&
           in->s->ack == fwd->last_ack;
}

static ts_resend_kind resend_kind(const ts_flow_dir *fwd, const ts_flow_dir *rev, const ts_loss_input *in)
{
    gboolean rev_acked = (rev->bits & TS_FLOW_ACK_SEEN) != 0;
    if (in->s->seglen > 0 && rev_acked && ts_seq_diff(in->s->seq + in->s->seglen, rev->last_ack) <= 0)
        return TS_RESEND_SPURIOUS;
    if (rev_acked && rev->dup_run >= 2 && rev->last_ack == in->s->seq && in->silence < FAST_WITHIN)
        return TS_RESEND_FAST;
    double ooo = in->ooo_threshold > 0 ? in->ooo_threshold : OOO_DEFAULT;
    if (in->since_start - (double)fwd->next_seq_time < ooo && in->next_seq != in->end)
        return TS_RESEND_OUT_OF_ORDER;
    gboolean first_unacked = !rev_acked || ts_seq_diff(in->s->seq, rev->last_ack) <= 0;
    if (first_unacked && in->silence >= RTO_MIN)
        return TS_RESEND_TIMEOUT;
    if (!(fwd->bits & TS_FLOW_RESENDING) && in->end == in->next_seq)
        return TS_RESEND_PROBE;
    return TS_RESEND_OTHER;
}

void ts_loss_segment(ts_loss **loss, int d, ts_flow_dir *fwd, const ts_flow_dir *rev,
                     const ts_loss_input *in, ts_loss_result *out)
{
    gboolean rev_window_zero = (rev->bits & TS_FLOW_SEEN) && rev->last_win_raw == 0;
    gboolean zw_probe = in->s->seglen == 1 && in->next_seq_valid && in->s->seq == in->next_seq && rev_window_zero;
    gboolean keep_alive = FALSE;

    if (in->s->dsack) {
        out->dsack = 1;
        ts_loss_counts(loss, !d)->dsacks++;
    }
    if (zw_probe) {
        out->zero_window_probe = 1;
        ts_loss_counts(loss, d)->zero_window_probes++;
        goto acks_done;
    }
    if (in->s->window_raw == 0 && plain(in)) {
        ts_loss_dir *l = ts_loss_counts(loss, d);
        out->zero_window = 1;
        l->zero_windows++;
        if (!l->zero_window_open) {
            l->zero_window_open = TRUE;
            l->zero_window_since = in->since_start;
        }
    } else if (in->s->window_raw != 0 && *loss && (*loss)->dir[d].zero_window_open) {
        ts_loss_dir *l = &(*loss)->dir[d];
        l->zero_window_open = FALSE;
        if (in->since_start > l->zero_window_since) /* not when timestamps run backwards */
            l->zero_window_time += in->since_start - l->zero_window_since;
    }
    if (in->next_seq_valid && ts_seq_diff(in->s->seq, in->next_seq) > 0) {
        ts_loss_dir *l = ts_loss_counts(loss, d);
        out->missed = (guint32)ts_seq_diff(in->s->seq, in->next_seq);
        l->gaps++;
        l->missed_bytes += out->missed;
    }
    if (in->s->seglen <= 1 && plain(in) && in->next_seq_valid && in->s->seq == in->next_seq - 1) {
        keep_alive = TRUE;
        out->keep_alive = 1;
        ts_loss_counts(loss, d)->keep_alives++;
    }
    if (in->s->seglen > 0 && plain(in) && in->window_edge_known && in->s->seq + in->s->seglen == in->window_edge) {
        out->window_full = 1;
        ts_loss_counts(loss, d)->window_fulls++;
    }
    if (repeats_ack(fwd, in) && in->s->window_raw != 0 && !(rev->bits & (TS_FLOW_KEEP_ALIVE | TS_FLOW_ZW_PROBE))) {
        ts_loss_dir *l = ts_loss_counts(loss, d);
        if (fwd->dup_run < G_MAXUINT8)
            fwd->dup_run++;
        out->dup_ack = fwd->dup_run;
        l->dup_acks++;
        if (fwd->dup_run == 3)
            l->dup_ack_runs3++;
    }
acks_done:
    if (in->s->ack != fwd->last_ack)
        fwd->dup_run = 0;

    gboolean sends = in->s->seglen > 0 || (in->s->flags & (TS_SYN | TS_FIN));
    if (sends && !keep_alive && in->next_seq_valid && ts_seq_diff(in->next_seq, in->s->seq) > 0 &&
        !(in->s->seglen > 1 && in->s->seq == in->next_seq - 1)) {
        ts_resend_kind k = resend_kind(fwd, rev, in);
        out->resend = (guint8)k;
        ts_loss_counts(loss, d)->resent[k]++;
        if (k != TS_RESEND_OUT_OF_ORDER)
            fwd->bits |= TS_FLOW_RESENDING;
    }

    fwd->last_win_raw = in->s->window_raw;
    fwd->last_ack = in->s->ack;
    fwd->bits |= TS_FLOW_SEEN;
    if (in->s->flags & TS_ACK)
        fwd->bits |= TS_FLOW_ACK_SEEN;
    if (in->s->flags & TS_SYN)
        fwd->bits &= (guint8)~TS_FLOW_SCALED;
    else if (in->s->flags & TS_ACK)
        fwd->bits |= TS_FLOW_SCALED;
    fwd->bits &= (guint8) ~(TS_FLOW_KEEP_ALIVE | TS_FLOW_ZW_PROBE);
    if (keep_alive)
        fwd->bits |= TS_FLOW_KEEP_ALIVE;
    if (zw_probe)
        fwd->bits |= TS_FLOW_ZW_PROBE;
}

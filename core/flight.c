#include "flight.h"
#include "rtt.h"

void ts_flight_init(ts_flight_dir *f)
{
    *f = (ts_flight_dir){.first_start = TS_FLIGHT_NONE};
}

void ts_flight_syn(ts_flight_dir *f, const ts_segment *s)
{
    if (f->syn_bits & TS_SYN_SEEN)
        return;
    guint8 b = TS_SYN_SEEN;
    const ts_tcp_options *o = &s->opt;
    if (o->bits & TS_OPT_SACK_PERM)
        b |= TS_SYN_SACK_PERM;
    if (o->bits & TS_OPT_TIMESTAMPS)
        b |= TS_SYN_TIMESTAMPS;
    if (o->bits & TS_OPT_TFO)
        b |= TS_SYN_TFO;
    if (o->bits & TS_OPT_CUT)
        b |= TS_SYN_CUT;
    guint16 ecn = s->flags & (TS_ECE | TS_CWR);
    if ((s->flags & TS_ACK) ? ecn == TS_ECE : ecn == (TS_ECE | TS_CWR))
        b |= TS_SYN_ECN;
    if (s->seglen > 0)
        b |= TS_SYN_DATA;
    f->syn_bits = b;
    f->mss = o->mss;
    f->wscale = o->wscale;
}

/* The first flight: what the direction sends before an acknowledgement of its first payload
 * can come back, one round trip, wherever the capture was taken (next to the sender, the
 * ACKs come back after a round trip; next to the receiver, the flight arrives as a burst and
 * the data that the ACKs released comes a round trip after the first). */
void ts_flight_new_data(ts_flight_dir *f, double since_start, double handshake_rtt, guint32 seglen)
{
    if (f->first_start == TS_FLIGHT_NONE) {
        if (handshake_rtt < 0) {
            f->first_start = TS_FLIGHT_UNKNOWN;
            return;
        }
        f->first_start = (float)since_start;
    } else if (f->first_start < 0 || since_start - (double)f->first_start >= handshake_rtt) {
        return;
    }
    f->first_bytes = MIN((guint64)f->first_bytes + seglen, TS_FLIGHT_MAX_BYTES);
    if (f->first_segments < TS_FLIGHT_MAX_SEGMENTS)
        f->first_segments++;
}

guint32 ts_flight_in_flight(ts_flight_dir *f, guint32 next_seq, guint32 rev_ack, gboolean syn_fin)
{
    gint32 v = ts_seq_diff(next_seq, rev_ack);
    if (v <= 0 || v >= 2000000000) /* nothing, or an acknowledgement from before a wrap */
        return 0;
    guint32 in_flight = (guint32)v - (syn_fin ? 1 : 0); /* SYN and FIN take no buffer */
    if (in_flight > f->max_in_flight)
        f->max_in_flight = in_flight;
    return in_flight;
}

int ts_flight_window_shift(const ts_flight_dir f[2], int d)
{
    const ts_flight_dir *own = &f[d], *peer = &f[!d];
    if ((peer->syn_bits & TS_SYN_SEEN) && peer->wscale == 0)
        return 0; /* scaling is on only when both SYNs offer it */
    if (!(own->syn_bits & TS_SYN_SEEN))
        return -1;
    return own->wscale ? own->wscale - 1 : 0;
}

#include "conn.h"
#include "fixed_format.h"

#include <string.h>

const char *ts_status_str(guint syn, guint fin, gboolean rst, char *buf, gsize len)
{
    if (len < TS_STATUS_LEN) {
        g_snprintf(buf, len, "S%uF%u%s", syn, fin, rst ? "/R" : "");
        return buf;
    }
    gsize n = 0;
    buf[n++] = 'S';
    n += ts_format_uint(buf + n, syn);
    buf[n++] = 'F';
    n += ts_format_uint(buf + n, fin);
    if (rst)
        buf[n++] = '/', buf[n++] = 'R';
    buf[n] = '\0';
    return buf;
}

const char *ts_phase_name(ts_phase p)
{
    static const char *names[] = {"", "dns", "handshake", "data", "close", "reset"};
    return (unsigned)p < G_N_ELEMENTS(names) ? names[p] : "";
}

static ts_phase phase_of(const ts_conn *c, int d, const ts_segment *s, const ts_seg_result *r)
{
    if (c->rst)
        return TS_PHASE_RESET;
    if (c->bits & TS_CONN_FIN_SENT(d))
        return TS_PHASE_CLOSE;
    if ((s->flags & TS_SYN) || r->has_handshake)
        return TS_PHASE_HANDSHAKE;
    return TS_PHASE_DATA;
}

const char *ts_conn_status(const ts_conn *c, char *buf, gsize len)
{
    return ts_status_str(c->syn, c->fin, c->rst > 0, buf, len);
}

void ts_conn_init(ts_conn *c, const ts_segment *s, const ts_addr *src, const ts_addr *dst)
{
    memset(c, 0, sizeof *c);
    c->bits = TS_CONN_USED;
    c->stream = s->stream;
    c->src = src;
    c->dst = dst;
    c->sport = s->sport;
    c->dport = s->dport;
    c->start = c->end = s->time;
    c->syn_time = -1.0;
    c->handshake_rtt = -1.0;
    c->first_payload = -1.0;
    c->ttfb = -1.0f;
    ts_flight_init(&c->flight[0]);
    ts_flight_init(&c->flight[1]);
}

void ts_conn_clear(ts_conn *c)
{
    ts_loss_free(&c->loss);
    ts_rtt_free(&c->dir[0].pending);
    ts_rtt_free(&c->dir[1].pending);
    memset(c, 0, sizeof *c);
}

static int direction(const ts_conn *c, const ts_segment *s)
{
    if (s->sport == c->sport && s->dport == c->dport && ts_addr_equal(&s->src, c->src))
        return 0;
    return 1;
}

/* The sequence number after s: SYN and FIN count one each. */
static guint32 segment_end(const ts_segment *s)
{
    return s->seq + ((s->flags & TS_SYN) ? 1 : 0) + s->seglen + ((s->flags & TS_FIN) ? 1 : 0);
}

/* Counts the payload of s in direction d and queues it for an RTT sample; lr is what the
 * loss and ordering rules made of it. */
static void account_sent(ts_conn *c, int d, const ts_segment *s, ts_rtt_pool *pool, const ts_loss_result *lr)
{
    ts_dir *dir = &c->dir[d];
    guint32 data_start = s->seq + ((s->flags & TS_SYN) ? 1 : 0);
    guint32 end = segment_end(s);
    guint32 unique = s->seglen;
    gboolean covers_old = FALSE;

    if (lr->zero_window_probe) {
        /* Its byte is sent again once the window opens: counted as unique then. */
        ts_loss_counts(&c->loss, d)->repeat_bytes += s->seglen;
        return;
    }
    if (c->bits & TS_CONN_SEQ_VALID(d)) {
        gint32 old = ts_seq_diff(dir->next_seq, s->seq);
        if (old > 0) {
            covers_old = TRUE;
            gint32 old_payload = ts_seq_diff(dir->next_seq, data_start);
            if (old_payload > 0)
                unique = (guint32)old_payload >= s->seglen ? 0 : s->seglen - (guint32)old_payload;
        }
        if (ts_seq_diff(end, dir->next_seq) > 0) {
            dir->next_seq = end;
            ts_flow_advanced(&c->flow[d], s->time - c->start);
        }
    } else {
        c->bits |= TS_CONN_SEQ_VALID(d);
        dir->next_seq = end;
        ts_flow_advanced(&c->flow[d], s->time - c->start);
    }
    if (lr->resend == TS_RESEND_OUT_OF_ORDER)
        unique = s->seglen; /* late, not sent before: its bytes are the gap it fills */
    dir->unique_bytes += unique;
    if (unique < s->seglen)
        ts_loss_counts(&c->loss, d)->repeat_bytes += s->seglen - unique;
    if (end != s->seq && !lr->keep_alive)
        ts_rtt_sent(pool, &dir->pending, s->seq, end, s->time, covers_old);
}

/* The right edge of direction d's latest window: its acknowledgement number plus its window,
 * scaled unless that came in its SYN. FALSE when the captured SYNs do not tell the scale, or
 * d has not acknowledged anything. */
static gboolean window_edge(const ts_conn *c, int d, guint32 *edge)
{
    const ts_flow_dir *f = &c->flow[d];
    int shift = ts_flight_window_shift(c->flight, d);
    if (shift < 0 || !(f->bits & TS_FLOW_ACK_SEEN))
        return FALSE;
    *edge = f->last_ack + ((guint32)f->last_win_raw << ((f->bits & TS_FLOW_SCALED) ? shift : 0));
    return TRUE;
}

/* The figures of flight.c for a segment that is not an RST or a capture duplicate: the SYN's
 * options, the first flight, the bytes in flight. */
static void account_flight(ts_conn *c, int d, const ts_segment *s, ts_seg_result *out)
{
    ts_flight_dir *f = &c->flight[d];
    const ts_loss_result *lr = &out->loss;
    if (s->flags & TS_SYN)
        ts_flight_syn(f, s);
    if (s->seglen == 0)
        return;
    if (!lr->resend && !lr->keep_alive && !lr->zero_window_probe)
        ts_flight_new_data(f, s->time - c->start, c->handshake_rtt, s->seglen);
    if ((c->flow[!d].bits & TS_FLOW_ACK_SEEN) && (c->bits & TS_CONN_SEQ_VALID(d)))
        out->in_flight = ts_flight_in_flight(f, c->dir[d].next_seq, c->flow[!d].last_ack,
                                             (s->flags & (TS_SYN | TS_FIN)) != 0);
}

static void account_window(ts_conn *c, const ts_segment *s)
{
    if (s->flags & TS_RST)
        return;
    gboolean first = ts_conn_window_samples(c) == 1;
    if (first || s->window < c->win_min)
        c->win_min = s->window;
    if (first || s->window > c->win_max)
        c->win_max = s->window;
    c->win_sum += s->window;
    if (first || s->window_raw < c->raw_min)
        c->raw_min = s->window_raw;
    if (first || s->window_raw > c->raw_max)
        c->raw_max = s->window_raw;
    c->raw_sum += s->window_raw;
}

/* The handshake RTT runs from the SYN that was answered to the ACK that completes the
 * handshake, as Wireshark's tcp.analysis.initial_rtt (its ts_mru_syn):
 *   SYN (no ACK)                      the SYN answered is the latest one: each restarts the
 *                                     clock (a SYN sent again after a SYN+ACK means that
 *                                     SYN+ACK did not arrive; the next one answers it)
 *   SYN+ACK                           the answer; its end is what the completing ACK covers
 *   ACK (no SYN, no RST) from the side that sent the SYN, first one
 *                                     completes it when it covers the SYN+ACK, or, when no
 *                                     SYN+ACK was captured, because that side acknowledges
 *                                     one: it only sends an ACK once a SYN+ACK arrived */
static void account_handshake(ts_conn *c, int d, const ts_segment *s, ts_seg_result *out)
{
    guint16 f = s->flags & (TS_SYN | TS_ACK | TS_RST);
    if (c->handshake_rtt >= 0)
        return;
    if (f == TS_SYN) {
        c->syn_time = s->time;
        c->bits = (guint8)(d ? c->bits | TS_CONN_SYN_DIR : c->bits & ~TS_CONN_SYN_DIR);
    } else if (f == (TS_SYN | TS_ACK)) {
        if (!(c->bits & TS_CONN_SYNACK_SEEN)) {
            c->bits |= TS_CONN_SYNACK_SEEN;
            c->synack_end = s->seq + 1;
        }
    } else if (f == TS_ACK && c->syn_time >= 0 && d == !!(c->bits & TS_CONN_SYN_DIR) &&
               (!(c->bits & TS_CONN_SYNACK_SEEN) || ts_seq_diff(s->ack, c->synack_end) >= 0)) {
        c->handshake_rtt = s->time - c->syn_time;
        out->has_handshake = TRUE;
        out->handshake_rtt = c->handshake_rtt;
    }
}

/* A 32-bit digest of what a copy of the segment repeats. */
static guint32 signature(const ts_segment *s)
{
    guint64 h = ((guint64)s->seq << 32 | s->ack) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    h ^= ((guint64)s->seglen << 32 | (guint64)s->window_raw << 16 | s->flags) +
         ((guint64)s->ip_id << 1 | s->has_ip_id) * G_GUINT64_CONSTANT(0xC2B2AE3D27D4EB4F);
    h ^= h >> 29;
    h *= G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    h ^= h >> 32;
    return (guint32)h;
}

/* Capture duplicates: the same packet captured more than once (a SPAN port, several
 * interfaces, both sides of a router), not sent more than once. A segment is a copy when
 *   it repeats, in IPv4 ID, sequence and acknowledgement numbers, payload length, flags and
 *   window field, one of the last TS_RECENT segments of its direction that were not copies,
 *   and comes soon after the connection's previous packet:
 *     IPv4 ID not 0   within 100 ms: a sender gives every packet it sends a new ID,
 *                     retransmissions included, so the same ID is the same packet
 *     ID 0, IPv6      within 10 ms, and the other direction sent nothing since that segment:
 *                     a retransmission comes after duplicate ACKs from the other side, or
 *                     after a timer (an RTO: 200 ms at the soonest on Linux; a tail loss
 *                     probe: about two smoothed RTTs, so below 10 ms only on paths of a few
 *                     milliseconds, the case this rule gets wrong).
 * A copy counts as a packet (and its payload in the bytes) and as nothing else: not a
 * retransmission, no RTT bookkeeping, no handshake step. */
#define COPY_WINDOW_ID 0.100
#define COPY_WINDOW 0.010

/* Called before the segment updates the connection's end (its latest packet so far). */
static gboolean capture_copy(ts_conn *c, int d, const ts_segment *s)
{
    ts_dir *dir = &c->dir[d];
    guint32 sig = signature(s);
    gboolean known_id = s->has_ip_id && s->ip_id != 0;
    double since = s->time - c->end;
    if (c->recent_n[d] && since < (known_id ? COPY_WINDOW_ID : COPY_WINDOW)) {
        for (guint i = 0; i < c->recent_n[d]; i++)
            if (dir->recent[i] == sig && (known_id || !(c->recent_stale[d] & (1u << i))))
                return TRUE;
    }
    guint i = c->recent_next[d];
    dir->recent[i] = sig;
    c->recent_stale[d] &= (guint8) ~(1u << i);
    c->recent_next[d] = (guint8)((i + 1) % TS_RECENT);
    if (c->recent_n[d] < TS_RECENT)
        c->recent_n[d]++;
    c->recent_stale[!d] = (1u << TS_RECENT) - 1;
    return FALSE;
}

/* What a segment that is not a capture duplicate does to the handshake, the sequence space
 * and the RTT. */
static void account_segment(ts_conn *c, int d, const ts_segment *s, double previous, ts_rtt_pool *pool,
                            ts_seg_result *out)
{
    account_handshake(c, d, s, out);
    if (s->flags & TS_RST) {
        /* A reset's sequence number may be anything (RFC 9293 3.10.7.1): count its
         * payload but keep it out of the sequence and RTT bookkeeping. */
        c->dir[d].unique_bytes += s->seglen;
    } else {
        ts_loss_input in = {
            .s = s,
            .end = segment_end(s),
            .since_start = s->time - c->start,
            .silence = s->time - previous,
            .ooo_threshold = c->handshake_rtt,
            .next_seq_valid = (c->bits & TS_CONN_SEQ_VALID(d)) != 0,
            .next_seq = c->dir[d].next_seq,
        };
        if (s->seglen > 0) /* the window-full rule's only input: payload can fill a window */
            in.window_edge_known = window_edge(c, !d, &in.window_edge);
        ts_loss_segment(&c->loss, d, &c->flow[d], &c->flow[!d], &in, &out->loss);
        account_sent(c, d, s, pool, &out->loss);
        account_flight(c, d, s, out);
    }
    if (s->flags & TS_ACK) {
        double rtt;
        if (ts_rtt_acked(pool, &c->dir[!d].pending, s->ack, s->time, &rtt)) {
            ts_acc_add(&c->rtt, rtt);
            out->has_rtt = TRUE;
            out->rtt = rtt;
        }
    }
}

/* The time figures (ts_conn's first_payload, ttfb, idle_max); before the segment updates
 * the connection's end. */
static void account_time(ts_conn *c, int d, const ts_segment *s)
{
    if (s->time - c->end > c->idle_max)
        c->idle_max = (float)(s->time - c->end);
    if (s->seglen == 0 || (s->flags & TS_RST))
        return;
    if (d == 0 && c->first_payload < 0)
        c->first_payload = s->time;
    else if (d == 1 && c->first_payload >= 0 && c->ttfb < 0 && s->time >= c->first_payload)
        c->ttfb = (float)(s->time - c->first_payload);
}

void ts_conn_add(ts_conn *c, const ts_segment *s, ts_rtt_pool *pool, ts_seg_result *out)
{
    int d = direction(c, s);
    memset(out, 0, sizeof *out);
    out->stream = c->stream;
    out->dir = (guint8)d;
    gboolean copy = capture_copy(c, d, s);
    double previous = c->end;
    account_time(c, d, s);

    if (s->time < c->start)
        c->start = s->time;
    if (s->time > c->end)
        c->end = s->time;
    if (s->flags & TS_SYN)
        c->syn++;
    if (s->flags & TS_FIN) {
        c->fin++;
        c->bits |= TS_CONN_FIN_SENT(d);
    }
    if (s->flags & TS_RST)
        c->rst++;
    c->dir[d].packets++;

    account_window(c, s);
    if (copy) {
        ts_loss_dir *l = ts_loss_counts(&c->loss, d);
        l->capture_dups++;
        l->repeat_bytes += s->seglen;
        out->capture_dup = 1;
    } else {
        account_segment(c, d, s, previous, pool, out);
    }
    out->syn = c->syn;
    out->fin = c->fin;
    out->rst = c->rst > 0;
    out->phase = phase_of(c, d, s, out);
}

/* gen_capture: writes a deterministic pcap of many interleaved TCP connections, the
 * input of the benchmark (bench/run.sh).
 *
 *   gen_capture OUTPUT CONNECTIONS [SEED]        (SEED defaults to 1)
 *
 * The capture is taken on the clients' side of the path: client packets are stamped when
 * sent, a server's answer one round-trip time (plus its processing time) later. Every
 * connection is scripted in full when it starts (handshake, request/response rounds,
 * close, reset or nothing); a GSequence of the connections under way, sorted by their
 * next packet, merges the scripts into one file in time order, so that thousands are
 * open at once while memory holds only those. All randomness comes from one GRand seeded
 * with SEED (payload bytes from a hash of the packet): same arguments, same file.
 *
 * Mix: 90% IPv4, 10% IPv6; 80% TLS on 443 and 20% HTTP/1.1 on 80 (real request and
 * response headers, so Wireshark's upper dissectors have their usual work); ~1% refused
 * (SYN, RST), ~2% reset by the client after some rounds, ~2% left open at the end, the
 * rest closed with FIN/ACK both ways. 100000 connections make about 1.35 million packets.
 *
 *   gen_capture --one-way OUTPUT SEGMENTS [SEED]
 *
 * writes instead one bulk transfer seen from one side only (the server's ACKs never
 * captured, as on an asymmetric path): SYN, then SEGMENTS full-size segments of which 5%
 * re-send the segment sent 20 before, at 100 Mbit/s. Every segment waits for an ACK that
 * never comes: the case that shows what a long wait costs per segment. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <wiretap/wtap.h>

#define TS_COMPAT_WIRETAP
#include "ws_compat.h"

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };
enum { CLI = 0, SRV = 1 };
enum { F_NONE, F_TLS, F_HTTP_REQ, F_HTTP_RESP, F_BODY }; /* what a payload holds */

#define US ((guint64)1000)        /* in nanoseconds */
#define MS ((guint64)1000000)
#define EPOCH 1700000000ull       /* capture start, seconds: a fixed date */
#define CLIENT_HOSTS 8000
#define EPHEMERAL_PORTS 28000     /* 32768..60767: with 8000 hosts, 224M unique 4-tuples */
#define SERVERS 64
#define MEAN_ARRIVAL (200 * US)   /* 5000 new connections per second */

static const char http_req_fmt[] =
    "GET /o/%u HTTP/1.1\r\nHost: s%u.example.net\r\nUser-Agent: gen_capture/1\r\nAccept: */*\r\n\r\n";
static const char http_resp_fmt[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %u\r\n\r\n";

typedef struct pkt {
    guint64 t;               /* ns since the capture start */
    guint32 seq, ack, arg;   /* arg: HTTP object number, or a response's Content-Length */
    guint16 len, win;        /* payload length; the 16-bit window field as sent */
    guint8 dir, flags, fill;
} pkt;

typedef struct conn {
    guint32 id, host, server;
    gboolean v6, http;
    guint16 port[2], mss, ipid[2];
    guint8 ws[2];            /* window scale shift in use each way; 0 when not negotiated */
    guint8 ws_offer[2];      /* shift offered in each SYN; 0xff: no option */
    guint32 isn[2], nxt[2];  /* initial and next sequence number each way */
    guint64 t;               /* time of the last scripted packet */
    GArray *pkts;            /* of pkt */
    guint next;              /* next packet to write */
} conn;

static struct { unsigned long packets, v6, http, refused, reset, open, retrans, active; } stats;

/* The receive window side d advertises: 64256 bytes (Linux's default) growing with
 * what it has received, in the units of its scale factor. A function of the ACK
 * number, so it only changes with it: no window-update or duplicate-ACK noise. */
static guint16 window(const conn *c, int d)
{
    guint32 got = c->nxt[!d] - c->isn[!d];
    guint64 bytes = 64256 + 2ull * MIN(got, 3u << 20);
    return (guint16)MIN(bytes >> c->ws[d], 65535);
}

/* Appends a packet from side d at time at (kept >= 1 us after the previous one); its
 * sequence number is where d stands, its ACK everything the other side has sent. */
static pkt *emit(conn *c, int d, guint8 flags, guint len, guint64 at, guint8 fill, guint32 arg)
{
    c->t = MAX(at, c->t + US);
    pkt p = {.t = c->t, .seq = c->nxt[d], .ack = (flags & ACK) ? c->nxt[!d] : 0, .arg = arg,
             .len = (guint16)len, .dir = (guint8)d, .flags = flags, .fill = fill};
    /* SYNs carry Linux's unscaled windows; a RST advertises none. */
    p.win = (flags & SYN) ? (d == CLI ? 64240 : 65160) : (flags & RST) ? 0 : window(c, d);
    c->nxt[d] += len + ((flags & (SYN | FIN)) ? 1 : 0);
    g_array_append_val(c->pkts, p);
    return &g_array_index(c->pkts, pkt, c->pkts->len - 1);
}

/* The same segment again (the first copy was lost beyond the capture point). */
static void resend(conn *c, int d, guint8 flags, guint len, guint64 at, guint8 fill, guint32 arg)
{
    c->nxt[d] -= len + ((flags & (SYN | FIN)) ? 1 : 0);
    emit(c, d, flags, len, at, fill, arg);
    stats.retrans++;
}

static guint64 expo(GRand *r, guint64 mean)
{
    return (guint64)(-log(1.0 - g_rand_double(r)) * (double)mean);
}

/* One request and its response, from time t; returns the time of their last packet. */
static guint64 round_trip(conn *c, GRand *r, guint64 t, guint64 rtt, guint64 ser)
{
    guint32 obj = g_rand_int(r) % 1000000;
    guint64 proc = g_rand_int_range(r, 0, 10) == 0 ? expo(r, 80 * MS) : expo(r, 2 * MS);
    int nreq = (!c->http && g_rand_int_range(r, 0, 10) == 0) ? g_rand_int_range(r, 2, 5) : 1;
    guint len = c->http ? (guint)g_snprintf(NULL, 0, http_req_fmt, obj, c->server)
                        : (guint)g_rand_int_range(r, 80, 700);
    /* Request: an upload is nreq back-to-back segments, the last one partial. */
    for (int i = 0; i < nreq; i++) {
        gboolean last = i == nreq - 1;
        emit(c, CLI, ACK | (last ? PSH : 0), last ? len : c->mss, t, c->http ? F_HTTP_REQ : F_TLS, obj);
        t = c->t + 20 * US;
    }
    t = c->t;
    if (g_rand_int_range(r, 0, 200) == 0) { /* lost request: resent after the 200 ms RTO */
        t += 200 * MS + rtt;
        resend(c, CLI, ACK | PSH, len, t, c->http ? F_HTTP_REQ : F_TLS, obj);
    }
    /* The server acknowledges on its own when the answer takes longer than its
     * delayed-ACK timer (40 ms), or after an upload. */
    if (nreq > 1 || proc > 40 * MS)
        emit(c, SRV, ACK, 0, t + rtt + MIN(proc, 40 * MS), F_NONE, 0);
    /* Response: 1 to 12 full-size segments, the last one partial; the client ACKs every
     * second segment and the last one, 30 us after it arrives. */
    guint nseg = 1 + (guint)MIN(expo(r, 1500), 11000) / 1000;
    guint total = (nseg - 1) * c->mss + (guint)g_rand_int_range(r, 100, c->mss + 1);
    guint32 body = total; /* HTTP: the body has that size, and the header comes on top */
    if (c->http)
        total += (guint)g_snprintf(NULL, 0, http_resp_fmt, body);
    guint64 arrive = t + rtt + proc;
    for (guint off = 0, k = 0; off < total; k++, arrive += ser) {
        guint n = MIN(c->mss, total - off);
        gboolean last = off + n == total;
        guint8 fill = !c->http ? F_TLS : off == 0 ? F_HTTP_RESP : F_BODY;
        emit(c, SRV, ACK | (last ? PSH : 0), n, arrive, fill, c->http ? body : 0);
        off += n;
        if (k % 2 == 1 || last)
            emit(c, CLI, ACK, 0, c->t + 30 * US, F_NONE, 0);
    }
    return c->t;
}

static conn *conn_new(guint32 id, guint64 start, GRand *r)
{
    conn *c = g_new0(conn, 1);
    c->id = id;
    c->host = id % CLIENT_HOSTS;
    c->server = (guint32)g_rand_int_range(r, 0, SERVERS);
    c->v6 = g_rand_int_range(r, 0, 10) == 0;
    c->http = g_rand_int_range(r, 0, 5) == 0;
    /* Each host walks the ephemeral range in its own order: no 4-tuple is ever reused. */
    c->port[CLI] = (guint16)(32768 + ((id / CLIENT_HOSTS) * 7919u + c->host * 13u) % EPHEMERAL_PORTS);
    c->port[SRV] = c->http ? 80 : 443;
    c->mss = c->v6 ? 1440 : 1460;
    c->isn[CLI] = c->nxt[CLI] = g_rand_int(r);
    c->isn[SRV] = c->nxt[SRV] = g_rand_int(r);
    c->ipid[CLI] = (guint16)g_rand_int(r);
    c->ipid[SRV] = (guint16)g_rand_int(r);
    /* Clients offer shift 7 (Linux); servers 7 to 10, a few none: then neither scales. */
    c->ws_offer[CLI] = 7;
    c->ws_offer[SRV] = g_rand_int_range(r, 0, 20) == 0 ? 0xff : (guint8)g_rand_int_range(r, 7, 11);
    c->pkts = g_array_new(FALSE, FALSE, sizeof(pkt));
    c->t = start;
    stats.v6 += c->v6 ? 1 : 0;
    stats.http += c->http ? 1 : 0;

    /* Round-trip time log-uniform in 1..150 ms; path 10, 50 or 100 Mbit/s. */
    guint64 rtt = (guint64)(exp(g_rand_double(r) * log(150.0)) * (double)MS);
    static const guint64 mbps[] = {10, 50, 100};
    guint64 ser = (guint64)c->mss * 8 * 1000 / mbps[g_rand_int_range(r, 0, 3)]; /* ns per segment */
    int u = g_rand_int_range(r, 0, 100);
    guint64 t = start;

    emit(c, CLI, SYN, 0, t, F_NONE, 0);
    if (g_rand_int_range(r, 0, 200) == 0) /* lost SYN, resent after the initial 1 s RTO */
        resend(c, CLI, SYN, 0, t += 1000 * MS, F_NONE, 0);
    if (u == 0) { /* refused: RST+ACK with sequence number 0 */
        emit(c, SRV, RST | ACK, 0, t + rtt, F_NONE, 0)->seq = 0;
        stats.refused++;
        return c;
    }
    if (c->ws_offer[SRV] != 0xff)
        c->ws[CLI] = c->ws_offer[CLI], c->ws[SRV] = c->ws_offer[SRV];
    emit(c, SRV, SYN | ACK, 0, t + rtt, F_NONE, 0);
    t = emit(c, CLI, ACK, 0, c->t + 30 * US, F_NONE, 0)->t;

    int rounds = 1 + (int)MIN(expo(r, 900), 7000) / 1000;
    for (int k = 0; k < rounds; k++)
        t = round_trip(c, r, k ? t + expo(r, 50 * MS) : t, rtt, ser);

    if (u <= 2) { /* reset by the client */
        emit(c, CLI, RST | ACK, 0, t + expo(r, 50 * MS), F_NONE, 0);
        stats.reset++;
    } else if (u <= 4) { /* still open at the end of the capture */
        stats.open++;
    } else if (u < 60) { /* client closes; the server's ACK and FIN come separately or together */
        emit(c, CLI, FIN | ACK, 0, t + expo(r, 5 * MS), F_NONE, 0);
        guint64 fin_at = c->t + rtt;
        if (g_rand_boolean(r)) { /* ACK at once, FIN when the application closes */
            emit(c, SRV, ACK, 0, fin_at, F_NONE, 0);
            fin_at += 200 * US;
        }
        emit(c, SRV, FIN | ACK, 0, fin_at, F_NONE, 0);
        emit(c, CLI, ACK, 0, c->t + 30 * US, F_NONE, 0);
    } else { /* the server closes an idle keep-alive connection after 1 to 5 s */
        emit(c, SRV, FIN | ACK, 0, t + (guint64)g_rand_int_range(r, 1000, 5000) * MS, F_NONE, 0);
        emit(c, CLI, ACK, 0, c->t + 30 * US, F_NONE, 0);
        emit(c, CLI, FIN | ACK, 0, c->t + 200 * US, F_NONE, 0);
        emit(c, SRV, ACK, 0, c->t + rtt, F_NONE, 0);
    }
    return c;
}

static guint64 next_time(const conn *c)
{
    return g_array_index(c->pkts, pkt, c->next).t;
}

/* Connections under way are kept sorted by the time of their next packet, then by id. */
static gint by_next_packet(gconstpointer a, gconstpointer b, gpointer unused _U_)
{
    const conn *x = a, *y = b;
    guint64 tx = next_time(x), ty = next_time(y);
    return tx != ty ? (tx < ty ? -1 : 1) : (x->id > y->id) - (x->id < y->id);
}

/* Internet checksum (RFC 1071) of several pieces, the pseudo-header first. */
static guint32 sum16(guint32 sum, const guint8 *b, gsize n)
{
    for (gsize i = 0; i + 1 < n; i += 2)
        sum += (guint32)(b[i] << 8 | b[i + 1]);
    if (n & 1)
        sum += (guint32)b[n - 1] << 8;
    return sum;
}

static guint16 fold(guint32 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (guint16)~sum;
}

static void put16(guint8 *b, guint v) { b[0] = (guint8)(v >> 8); b[1] = (guint8)v; }
static void put32(guint8 *b, guint32 v) { put16(b, v >> 16); put16(b + 2, v & 0xffff); }

static void fill_payload(guint8 *b, const conn *c, const pkt *p)
{
    guint n = p->len, off = 0;
    if (p->fill == F_TLS) { /* one TLS 1.2 application-data record per segment */
        b[0] = 0x17, b[1] = 0x03, b[2] = 0x03;
        put16(b + 3, n - 5);
        guint32 x = p->seq ^ (c->id * 2654435761u) ^ 0x9e3779b9u; /* xorshift: "ciphertext" */
        for (off = 5; off < n; off++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            b[off] = (guint8)x;
        }
        return;
    }
    char tmp[256];
    if (p->fill == F_HTTP_REQ)
        off = (guint)g_snprintf(tmp, sizeof tmp, http_req_fmt, p->arg, c->server);
    else if (p->fill == F_HTTP_RESP)
        off = (guint)g_snprintf(tmp, sizeof tmp, http_resp_fmt, p->arg);
    memcpy(b, tmp, off);
    for (; off < n; off++) /* body: printable bytes that depend on the position */
        b[off] = (guint8)('a' + (p->seq + off) % 26);
}

static gboolean write_pkt(wtap_dumper *w, wtap_rec *rec, conn *c, const pkt *p, guint64 *last_us)
{
    static const guint8 gw_mac[6] = {0x02, 0x00, 0x5e, 0x00, 0x00, 0x01};
    guint8 cli_mac[6] = {0x02, 0x00, 0x00, 0x00, (guint8)(c->host >> 8), (guint8)c->host};
    guint8 buf[1600], addr[2][16] = {{0}};
    int d = p->dir, iplen = c->v6 ? 40 : 20;
    int thl = !(p->flags & SYN) ? 20 : c->ws_offer[d] == 0xff ? 28 : 32; /* with SYN options */
    guint8 *ip = buf + 14, *tcp = ip + iplen;
    int ttl = d == CLI ? 64 : 52, err;
    gchar *err_info = NULL;

    if (c->v6) { /* 2001:db8:1::/48 clients, 2001:db8:2::/48 servers */
        put32(addr[CLI], 0x20010db8), put16(addr[CLI] + 4, 1), put16(addr[CLI] + 14, c->host + 1);
        put32(addr[SRV], 0x20010db8), put16(addr[SRV] + 4, 2), put16(addr[SRV] + 14, c->server + 1);
    } else { /* 10.1.0.0/16 clients, 192.0.2.1-64 servers */
        put32(addr[CLI], 0x0a010000u | (c->host / 250) << 8 | (c->host % 250 + 1));
        put32(addr[SRV], 0xc0000201u + c->server);
    }
    memcpy(buf, d == CLI ? gw_mac : cli_mac, 6);
    memcpy(buf + 6, d == CLI ? cli_mac : gw_mac, 6);
    put16(buf + 12, c->v6 ? 0x86dd : 0x0800);

    memset(tcp, 0, (size_t)thl);
    put16(tcp, c->port[d]), put16(tcp + 2, c->port[!d]);
    put32(tcp + 4, p->seq), put32(tcp + 8, p->ack);
    tcp[12] = (guint8)(thl / 4 << 4), tcp[13] = p->flags;
    put16(tcp + 14, p->win);
    if (p->flags & SYN) { /* MSS, [NOP, window scale,] NOP, NOP, SACK permitted */
        guint8 *o = tcp + 20;
        o[0] = 2, o[1] = 4, put16(o + 2, c->mss), o += 4;
        if (c->ws_offer[d] != 0xff)
            o[0] = 1, o[1] = 3, o[2] = 3, o[3] = c->ws_offer[d], o += 4;
        o[0] = 1, o[1] = 1, o[2] = 4, o[3] = 2;
    }
    fill_payload(tcp + thl, c, p);
    int seglen = thl + p->len;

    guint8 pseudo[40];
    guint32 sum;
    if (c->v6) {
        put32(ip, 0x60000000u | (c->id * 40503u & 0xfffff)); /* flow label per connection */
        put16(ip + 4, (guint)seglen), ip[6] = 6, ip[7] = (guint8)ttl;
        memcpy(ip + 8, addr[d], 16), memcpy(ip + 24, addr[!d], 16);
        memcpy(pseudo, ip + 8, 32), put32(pseudo + 32, (guint32)seglen), put32(pseudo + 36, 6);
        sum = sum16(0, pseudo, 40);
    } else {
        ip[0] = 0x45, ip[1] = 0, put16(ip + 2, (guint)(20 + seglen));
        put16(ip + 4, c->ipid[d]++), put16(ip + 6, 0x4000); /* DF */
        ip[8] = (guint8)ttl, ip[9] = 6, put16(ip + 10, 0);
        memcpy(ip + 12, addr[d], 4), memcpy(ip + 16, addr[!d], 4);
        put16(ip + 10, fold(sum16(0, ip, 20)));
        memcpy(pseudo, ip + 12, 8), put16(pseudo + 8, 6), put16(pseudo + 10, (guint)seglen);
        sum = sum16(0, pseudo, 12);
    }
    put16(tcp + 16, fold(sum16(sum, tcp, (gsize)seglen)));

    /* Microsecond time stamps, strictly increasing over the whole file. */
    guint64 us = MAX(EPOCH * 1000000 + p->t / US, *last_us + 1);
    *last_us = us;
    rec->ts.secs = (time_t)(us / 1000000);
    rec->ts.nsecs = (int)(us % 1000000 * 1000);
    rec->rec_header.packet_header.caplen = rec->rec_header.packet_header.len =
        (guint32)(14 + iplen + seglen);
    stats.packets++;
    if (ts_wtap_dump_packet(w, rec, buf, rec->rec_header.packet_header.caplen, &err, &err_info))
        return TRUE;
    fprintf(stderr, "gen_capture: write failed: %s\n", wtap_strerror(err));
    g_free(err_info);
    return FALSE;
}

/* --one-way: the client's side of one bulk transfer; the packets are scripted first. */
static conn *one_way_conn(guint64 segments, GRand *r)
{
    conn *c = g_new0(conn, 1);
    c->port[CLI] = 40000;
    c->port[SRV] = 443;
    c->mss = 1460;
    c->isn[CLI] = c->nxt[CLI] = g_rand_int(r);
    c->isn[SRV] = c->nxt[SRV] = g_rand_int(r);
    c->ws_offer[CLI] = c->ws_offer[SRV] = 7;
    c->ws[CLI] = c->ws[SRV] = 7;
    c->pkts = g_array_sized_new(FALSE, FALSE, sizeof(pkt), (guint)(segments + 2));
    guint64 ser = (guint64)c->mss * 8 * 1000 / 100; /* ns per segment at 100 Mbit/s */
    emit(c, CLI, SYN, 0, 0, F_NONE, 0);
    c->nxt[SRV]++; /* the SYN+ACK, not captured, was received: the ACKs cover it */
    guint64 t = emit(c, CLI, ACK, 0, 20 * MS, F_NONE, 0)->t;
    for (guint64 i = 0; i < segments; i++) {
        t += ser;
        if (i >= 21 && g_rand_int_range(r, 0, 20) == 0) {
            pkt again = g_array_index(c->pkts, pkt, c->pkts->len - 20);
            again.t = c->t = MAX(t, c->t + US);
            g_array_append_val(c->pkts, again);
            stats.retrans++;
        } else {
            emit(c, CLI, ACK, c->mss, t, F_TLS, 0);
        }
    }
    return c;
}

static int one_way(int argc, char **argv)
{
    char *end = "", *end_seed = "";
    guint64 n = argc >= 4 ? g_ascii_strtoull(argv[3], &end, 10) : 0;
    guint64 seed = argc == 5 ? g_ascii_strtoull(argv[4], &end_seed, 10) : 1;
    if (argc < 4 || argc > 5 || *end || *end_seed || n == 0 || n > 100000000) {
        fprintf(stderr, "usage: gen_capture --one-way OUTPUT SEGMENTS [SEED] (SEGMENTS 1..100000000)\n");
        return 2;
    }
    wtap_init(FALSE);
    wtap_dump_params params = {.encap = WTAP_ENCAP_ETHERNET, .snaplen = 262144, .tsprec = WTAP_TSPREC_USEC};
    int err;
    gchar *err_info = NULL;
    wtap_dumper *w = wtap_dump_open(argv[2], wtap_pcap_file_type_subtype(), WTAP_UNCOMPRESSED,
                                    &params, &err, &err_info);
    if (!w) {
        fprintf(stderr, "gen_capture: %s: %s\n", argv[2], wtap_strerror(err));
        return 1;
    }
    wtap_rec rec;
    ts_wtap_rec_init(&rec);
    rec.rec_type = REC_TYPE_PACKET;
    rec.presence_flags = WTAP_HAS_TS;
    rec.tsprec = WTAP_TSPREC_USEC;
    rec.rec_header.packet_header.pkt_encap = WTAP_ENCAP_ETHERNET;
    GRand *r = g_rand_new_with_seed((guint32)seed);
    conn *c = one_way_conn(n, r);
    guint64 last_us = 0;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < c->pkts->len; i++)
        ok = write_pkt(w, &rec, c, &g_array_index(c->pkts, pkt, i), &last_us);
    if (!wtap_dump_close(w, NULL, &err, &err_info) && ok) {
        fprintf(stderr, "gen_capture: %s: %s\n", argv[2], wtap_strerror(err));
        ok = FALSE;
    }
    g_free(err_info);
    fprintf(stderr, "gen_capture: one connection, one way: %lu packets, %lu retransmissions\n",
            stats.packets, stats.retrans);
    g_array_free(c->pkts, TRUE);
    g_free(c);
    g_rand_free(r);
    wtap_rec_cleanup(&rec);
    wtap_cleanup();
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--one-way") == 0)
        return one_way(argc, argv);
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gen_capture OUTPUT CONNECTIONS [SEED]\n");
        return 2;
    }
    char *end, *end_seed = "";
    guint64 n = g_ascii_strtoull(argv[2], &end, 10);
    guint64 seed = argc == 4 ? g_ascii_strtoull(argv[3], &end_seed, 10) : 1;
    if (*end || *end_seed || n == 0 || n > (guint64)CLIENT_HOSTS * EPHEMERAL_PORTS) {
        fprintf(stderr, "gen_capture: CONNECTIONS must be 1..%u, SEED a number\n", CLIENT_HOSTS * EPHEMERAL_PORTS);
        return 2;
    }

    wtap_init(FALSE);
    wtap_dump_params params = {.encap = WTAP_ENCAP_ETHERNET, .snaplen = 262144, .tsprec = WTAP_TSPREC_USEC};
    int err;
    gchar *err_info = NULL;
    wtap_dumper *w = wtap_dump_open(argv[1], wtap_pcap_file_type_subtype(), WTAP_UNCOMPRESSED,
                                    &params, &err, &err_info);
    if (!w) {
        fprintf(stderr, "gen_capture: %s: %s\n", argv[1], wtap_strerror(err));
        return 1;
    }
    wtap_rec rec;
    ts_wtap_rec_init(&rec);
    rec.rec_type = REC_TYPE_PACKET;
    rec.presence_flags = WTAP_HAS_TS;
    rec.tsprec = WTAP_TSPREC_USEC;
    rec.rec_header.packet_header.pkt_encap = WTAP_ENCAP_ETHERNET;

    GRand *r = g_rand_new_with_seed((guint32)seed);
    GSequence *active = g_sequence_new(NULL);
    guint64 started = 0, next_start = 0, last_us = 0;
    gboolean ok = TRUE;
    while (ok && (started < n || !g_sequence_is_empty(active))) {
        GSequenceIter *first = g_sequence_get_begin_iter(active);
        conn *c = g_sequence_iter_is_end(first) ? NULL : g_sequence_get(first);
        /* Start every connection whose first packet is due before the next one written. */
        if (started < n && (!c || next_start <= next_time(c))) {
            g_sequence_insert_sorted(active, conn_new((guint32)started++, next_start, r), by_next_packet, NULL);
            next_start += expo(r, MEAN_ARRIVAL);
            stats.active = MAX(stats.active, (unsigned long)g_sequence_get_length(active));
            continue;
        }
        g_sequence_remove(first);
        ok = write_pkt(w, &rec, c, &g_array_index(c->pkts, pkt, c->next), &last_us);
        if (++c->next < c->pkts->len) {
            g_sequence_insert_sorted(active, c, by_next_packet, NULL);
        } else {
            g_array_free(c->pkts, TRUE);
            g_free(c);
        }
    }
    if (!wtap_dump_close(w, NULL, &err, &err_info) && ok) {
        fprintf(stderr, "gen_capture: %s: %s\n", argv[1], wtap_strerror(err));
        ok = FALSE;
    }
    g_free(err_info);
    fprintf(stderr, "gen_capture: %lu connections (%lu IPv6, %lu HTTP, %lu refused, %lu reset, %lu open), "
            "%lu packets, %lu retransmissions, at most %lu under way at once\n", (unsigned long)started,
            stats.v6, stats.http, stats.refused, stats.reset, stats.open, stats.packets, stats.retrans,
            stats.active);
    g_sequence_free(active); /* empty unless a write failed: then we exit anyway */
    g_rand_free(r);
    wtap_rec_cleanup(&rec);
    wtap_cleanup();
    return ok ? 0 : 1;
}

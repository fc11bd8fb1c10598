/* The key=value part of the ftrace events we know, and of any other event (kept as pairs). */
#include "ftrace_fields.h"
#include "parse_util.h"

#include <stddef.h>
#include <string.h>

/* The socket's ends come in two layouts: src=ADDR:PORT dest=ADDR:PORT (tcp_probe, tcp_send_reset
 * since 6.10), or sport= dport= saddr= daddr= saddrv6= daddrv6= where family= says which address
 * pair is meant (inet_sock_set_state, tcp_retransmit_skb, ...; the other pair holds filler). */
enum { T_SRC = 1, T_DST = 2, T_SPORT = 4, T_DPORT = 8, T_S4 = 16, T_D4 = 32, T_S6 = 64, T_D6 = 128 };

typedef struct tuple_acc {
    int family; /* from family=, 0 when absent */
    guint have; /* T_* */
    ts_addr src, dst, s4, d4, s6, d6;
    guint16 sport, dport;
} tuple_acc;

/* The keys we decode, found by length then bytes: the known events' lines are mostly keys. */
typedef enum {
    K_OTHER, K_FAMILY, K_SRC, K_DEST, K_SPORT, K_DPORT, K_SADDR, K_DADDR, K_SADDRV6, K_DADDRV6,
    K_DATA_LEN, K_SND_NXT, K_SND_UNA, K_SND_CWND, K_SSTHRESH, K_SND_WND, K_SRTT, K_RCV_WND,
    K_SKBADDR, K_LEN, K_DEV, K_OLDSTATE, K_NEWSTATE, K_STATE, K_ERR
} key_id;

static key_id key_of(const char *k, gsize len)
{
#define IS(word) (memcmp(k, word, len) == 0)
    switch (len) {
    case 3:
        return IS("src") ? K_SRC : IS("len") ? K_LEN : IS("dev") ? K_DEV : IS("err") ? K_ERR : K_OTHER;
    case 4:
        return IS("dest") ? K_DEST : IS("srtt") ? K_SRTT : K_OTHER;
    case 5:
        return IS("sport") ? K_SPORT : IS("dport") ? K_DPORT : IS("saddr") ? K_SADDR
             : IS("daddr") ? K_DADDR : IS("state") ? K_STATE : K_OTHER;
    case 6:
        return IS("family") ? K_FAMILY : K_OTHER;
    case 7:
        return IS("snd_nxt") ? K_SND_NXT : IS("snd_una") ? K_SND_UNA : IS("snd_wnd") ? K_SND_WND
             : IS("rcv_wnd") ? K_RCV_WND : IS("skbaddr") ? K_SKBADDR : IS("saddrv6") ? K_SADDRV6
             : IS("daddrv6") ? K_DADDRV6 : K_OTHER;
    case 8:
        return IS("data_len") ? K_DATA_LEN : IS("snd_cwnd") ? K_SND_CWND : IS("ssthresh") ? K_SSTHRESH
             : IS("oldstate") ? K_OLDSTATE : IS("newstate") ? K_NEWSTATE : K_OTHER;
    default:
        return K_OTHER;
    }
#undef IS
}

/* 1: taken, 0: not a tuple key, -1: a tuple key with a bad value */
static int tuple_key(tuple_acc *t, key_id key, char *val)
{
    gboolean ok;
    guint bit;
    switch (key) {
    case K_FAMILY:
        t->family = strcmp(val, "AF_INET") == 0 ? 4 : strcmp(val, "AF_INET6") == 0 ? 6 : 0;
        return 1;
    case K_SRC: ok = tsp_addr_port(val, &t->src, &t->sport), bit = T_SRC | T_SPORT; break;
    case K_DEST: ok = tsp_addr_port(val, &t->dst, &t->dport), bit = T_DST | T_DPORT; break;
    case K_SPORT: ok = tsp_u16(val, &t->sport), bit = T_SPORT; break;
    case K_DPORT: ok = tsp_u16(val, &t->dport), bit = T_DPORT; break;
    /* family= comes first: the pair it does not name holds filler, not worth decoding */
    case K_SADDR: if (t->family == 6) return 1; ok = tsp_addr(val, 4, &t->s4), bit = T_S4; break;
    case K_DADDR: if (t->family == 6) return 1; ok = tsp_addr(val, 4, &t->d4), bit = T_D4; break;
    case K_SADDRV6: if (t->family == 4) return 1; ok = tsp_addr(val, 6, &t->s6), bit = T_S6; break;
    case K_DADDRV6: if (t->family == 4) return 1; ok = tsp_addr(val, 6, &t->d6), bit = T_D6; break;
    default: return 0;
    }
    if (!ok)
        return -1;
    t->have |= bit;
    return 1;
}

static gboolean tuple_apply(const tuple_acc *t, ts_event *ev)
{
    const guint pair = T_SRC | T_DST, v4 = T_S4 | T_D4, v6 = T_S6 | T_D6;
    if ((t->have & (T_SPORT | T_DPORT)) != (T_SPORT | T_DPORT))
        return FALSE;
    gboolean want6 = t->family == 6 || (t->family == 0 && (t->have & v4) != v4);
    if ((t->have & pair) == pair) {
        ev->src = t->src, ev->dst = t->dst;
    } else if (want6 && (t->have & v6) == v6) {
        ev->src = t->s6, ev->dst = t->d6;
    } else if ((t->have & v4) == v4) {
        ev->src = t->s4, ev->dst = t->d4;
    } else {
        return FALSE;
    }
    ev->sport = t->sport, ev->dport = t->dport;
    ev->family = ev->src.family;
    return TRUE;
}

typedef struct num_field {
    guint8 kind;
    guint8 base;
    guint8 wide;     /* 64-bit target */
    guint8 required;
    key_id key;
    gsize off;       /* into ts_event */
} num_field;

#define P(f) offsetof(ts_event, u.probe.f)
static const num_field num_fields[] = {
    {TS_EV_TCP_PROBE, 10, 0, 0, K_DATA_LEN, P(data_len)},
    {TS_EV_TCP_PROBE, 16, 0, 1, K_SND_NXT, P(snd_nxt)},
    {TS_EV_TCP_PROBE, 16, 0, 1, K_SND_UNA, P(snd_una)},
    {TS_EV_TCP_PROBE, 10, 0, 0, K_SND_CWND, P(snd_cwnd)},
    {TS_EV_TCP_PROBE, 10, 0, 0, K_SSTHRESH, P(ssthresh)},
    {TS_EV_TCP_PROBE, 10, 0, 0, K_SND_WND, P(snd_wnd)},
    {TS_EV_TCP_PROBE, 10, 0, 0, K_SRTT, P(srtt_us)},
    {TS_EV_TCP_PROBE, 10, 0, 0, K_RCV_WND, P(rcv_wnd)},
    {TS_EV_TCP_PROBE, 16, 1, 0, K_SKBADDR, P(skbaddr)},
    {TS_EV_NET_DEV_XMIT, 10, 0, 1, K_LEN, offsetof(ts_event, u.dev.len)},
    {TS_EV_NET_DEV_XMIT, 16, 1, 0, K_SKBADDR, offsetof(ts_event, u.dev.skbaddr)},
    {TS_EV_NETIF_RECEIVE_SKB, 10, 0, 1, K_LEN, offsetof(ts_event, u.dev.len)},
    {TS_EV_NETIF_RECEIVE_SKB, 16, 1, 0, K_SKBADDR, offsetof(ts_event, u.dev.skbaddr)},
    {TS_EV_TCP_RETRANSMIT_SKB, 16, 1, 0, K_SKBADDR, offsetof(ts_event, u.sk.skbaddr)},
    {TS_EV_TCP_SEND_RESET, 16, 1, 0, K_SKBADDR, offsetof(ts_event, u.sk.skbaddr)},
};
#undef P

static guint required_count(ts_event_kind kind)
{
    guint n = 0;
    for (guint i = 0; i < G_N_ELEMENTS(num_fields); i++)
        n += num_fields[i].kind == kind && num_fields[i].required;
    return n;
}

/* 1: taken, 0: not a numeric field of this kind, -1: bad value */
static int num_key(ts_event *ev, key_id key, const char *val, guint *n_required)
{
    for (guint i = 0; i < G_N_ELEMENTS(num_fields); i++) {
        const num_field *f = &num_fields[i];
        if (f->kind != ev->kind || f->key != key)
            continue;
        guint64 v;
        if (!tsp_u64(val, f->base, &v) || (!f->wide && v > G_MAXUINT32))
            return -1;
        if (f->wide) {
            memcpy((char *)ev + f->off, &v, sizeof v);
        } else {
            guint32 v32 = (guint32)v;
            memcpy((char *)ev + f->off, &v32, sizeof v32);
        }
        *n_required += f->required;
        return 1;
    }
    return 0;
}

static gboolean needs_tuple(ts_event_kind kind)
{
    return kind == TS_EV_TCP_PROBE || kind == TS_EV_INET_SOCK_SET_STATE ||
           kind == TS_EV_TCP_RETRANSMIT_SKB || kind == TS_EV_TCP_SEND_RESET ||
           kind == TS_EV_TCP_RECEIVE_RESET;
}

static const char *bad_value(ts_events_builder *b, const char *key)
{
    g_snprintf(b->why, sizeof b->why, "bad value of %.40s", key);
    return b->why;
}

static void set_state(ts_events_builder *b, const char *val, guint8 *st, const char **name)
{
    *st = (guint8)ts_tcp_state_from_name(val);
    *name = tsb_intern(b, val);
}

static const char *known_fields(ts_events_builder *b, ts_event *ev, char *body)
{
    tuple_acc t = {0};
    guint n_required = 0;
    gboolean have_dev = FALSE, have_old = FALSE, have_new = FALSE;
    char *p = body, *tok;
    while ((tok = tsp_token(&p)) != NULL) {
        char *eq = strchr(tok, '=');
        if (!eq)
            continue; /* tolerate words we do not know */
        *eq = '\0';
        key_id key = key_of(tok, (gsize)(eq - tok));
        if (key == K_OTHER)
            continue;
        char *val = eq + 1;
        int r = tuple_key(&t, key, val);
        if (r == 0)
            r = num_key(ev, key, val, &n_required);
        if (r < 0)
            return bad_value(b, tok);
        if (r > 0)
            continue;
        switch (ev->kind) {
        case TS_EV_NET_DEV_XMIT:
        case TS_EV_NETIF_RECEIVE_SKB:
            if (key == K_DEV && *val) {
                ev->u.dev.dev = tsb_intern(b, val);
                have_dev = TRUE;
            }
            break;
        case TS_EV_INET_SOCK_SET_STATE:
            if (key == K_OLDSTATE) {
                set_state(b, val, &ev->u.state.oldstate, &ev->u.state.oldname);
                have_old = TRUE;
            } else if (key == K_NEWSTATE) {
                set_state(b, val, &ev->u.state.newstate, &ev->u.state.newname);
                have_new = TRUE;
            }
            break;
        case TS_EV_TCP_RETRANSMIT_SKB:
        case TS_EV_TCP_SEND_RESET:
            if (key == K_STATE) {
                set_state(b, val, &ev->u.sk.state, &ev->u.sk.state_name);
            } else if (key == K_ERR && ev->kind == TS_EV_TCP_RETRANSMIT_SKB) {
                char *end;
                gint64 v = g_ascii_strtoll(val, &end, 10);
                if (end != val && *end == '\0' && v >= G_MININT32 && v <= G_MAXINT32) {
                    ev->u.sk.err = (gint32)v;
                    ev->u.sk.has_err = 1;
                }
            }
            break;
        default:
            break;
        }
    }
    if (needs_tuple(ev->kind) && !tuple_apply(&t, ev))
        return "missing or incomplete addresses and ports";
    if (n_required != required_count(ev->kind))
        return "missing a required field";
    if ((ev->kind == TS_EV_NET_DEV_XMIT || ev->kind == TS_EV_NETIF_RECEIVE_SKB) && !have_dev)
        return "missing dev";
    if (ev->kind == TS_EV_INET_SOCK_SET_STATE && !(have_old && have_new))
        return "missing oldstate or newstate";
    return NULL;
}

static gboolean is_key(const char *s, const char *end)
{
    if (s == end || !(g_ascii_isalpha(*s) || *s == '_'))
        return FALSE;
    for (; s < end; s++)
        if (!(g_ascii_isalnum(*s) || *s == '_' || *s == '.'))
            return FALSE;
    return TRUE;
}

/* Adds the pending pair and offers it to the tuple decoder (which may cut the value). */
static gboolean flush_pair(ts_events_builder *b, tuple_acc *t, const char *key, char *v, char *vend)
{
    if (!key)
        return TRUE;
    char saved = *vend;
    *vend = '\0';
    gboolean ok = tsb_add_field(b, key, v);
    if (ok)
        (void)tuple_key(t, key_of(key, strlen(key)), v); /* an odd value: simply no tuple */
    *vend = saved;
    return ok;
}

/* Any other event: "k=v k=v ..." pairs; words without "=" continue the previous value (values
 * with blanks), and text before the first pair is kept under "msg". */
static const char *generic_fields(ts_events_builder *b, ts_event *ev, char *body)
{
    tuple_acc t = {0};
    const char *key = NULL;
    char *v = NULL, *vend = NULL;
    char *p = body;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        char *ts = p;
        while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
        char *eq = memchr(ts, '=', (gsize)(p - ts));
        if (eq && is_key(ts, eq)) {
            if (!flush_pair(b, &t, key, v, vend))
                return "too many fields";
            *eq = '\0';
            key = ts, v = eq + 1, vend = p;
        } else if (key) {
            vend = p;
        } else {
            key = "msg", v = ts, vend = p;
        }
    }
    if (!flush_pair(b, &t, key, v, vend))
        return "too many fields";
    tuple_apply(&t, ev);
    return NULL;
}

const char *ts_ftrace_fields(ts_events_builder *b, ts_event *ev, char *body)
{
    if (ev->kind == TS_EV_GENERIC)
        return generic_fields(b, ev, body);
    return known_fields(b, ev, body);
}

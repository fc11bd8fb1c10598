#include "flight_figures.h"
#include "fixed_format.h"

static const ts_flight_dir *fl(const ts_conn *c, int d)
{
    return &c->flight[d];
}

static gboolean mss(const ts_conn *c, int d, guint32 *v)
{
    *v = fl(c, d)->mss;
    return *v != 0;
}

static gboolean window_scale(const ts_conn *c, int d, guint32 *v)
{
    if (!fl(c, d)->wscale)
        return FALSE;
    *v = fl(c, d)->wscale - 1u;
    return TRUE;
}

/* A yes/no of the SYN: known once a SYN was captured; when its options were cut, only a
 * yes is evidence. */
static gboolean syn_bit(const ts_conn *c, int d, guint8 bit, guint32 *v)
{
    guint8 b = fl(c, d)->syn_bits;
    *v = (b & bit) != 0;
    return (b & TS_SYN_SEEN) && (*v || !(b & TS_SYN_CUT));
}

static gboolean sack_permitted(const ts_conn *c, int d, guint32 *v) { return syn_bit(c, d, TS_SYN_SACK_PERM, v); }
static gboolean timestamps(const ts_conn *c, int d, guint32 *v) { return syn_bit(c, d, TS_SYN_TIMESTAMPS, v); }
static gboolean fast_open(const ts_conn *c, int d, guint32 *v) { return syn_bit(c, d, TS_SYN_TFO, v); }

/* A yes/no of the SYN's flags or payload: in the fixed header and the length, never cut. */
static gboolean syn_flag(const ts_conn *c, int d, guint8 bit, guint32 *v)
{
    *v = (fl(c, d)->syn_bits & bit) != 0;
    return (fl(c, d)->syn_bits & TS_SYN_SEEN) != 0;
}

static gboolean ecn(const ts_conn *c, int d, guint32 *v) { return syn_flag(c, d, TS_SYN_ECN, v); }
static gboolean syn_data(const ts_conn *c, int d, guint32 *v) { return syn_flag(c, d, TS_SYN_DATA, v); }
static gboolean syn_seen(const ts_conn *c, int d, guint32 *v)
{
    syn_flag(c, d, TS_SYN_SEEN, v);
    return TRUE;
}

static gboolean first_bytes(const ts_conn *c, int d, guint32 *v)
{
    *v = fl(c, d)->first_bytes;
    return ts_flight_first_known(fl(c, d));
}

static gboolean first_segments(const ts_conn *c, int d, guint32 *v)
{
    *v = fl(c, d)->first_segments;
    return ts_flight_first_known(fl(c, d));
}

static gboolean max_in_flight(const ts_conn *c, int d, guint32 *v)
{
    *v = fl(c, d)->max_in_flight;
    return *v != 0;
}

const ts_flight_figure ts_flight_figures[] = {
    {"syn_captured", "SYN captured", TRUE, syn_seen},
    {"mss", "MSS", FALSE, mss},
    {"window_scale", "window scale", FALSE, window_scale},
    {"sack_permitted", "SACK permitted", TRUE, sack_permitted},
    {"timestamps", "timestamps", TRUE, timestamps},
    {"ecn_setup", "ECN setup", TRUE, ecn},
    {"fast_open", "Fast Open", TRUE, fast_open},
    {"syn_data", "data on SYN", TRUE, syn_data},
    {"first_flight_bytes", "first flight bytes", FALSE, first_bytes},
    {"first_flight_segments", "first flight segments", FALSE, first_segments},
    {"max_in_flight", "most bytes in flight", FALSE, max_in_flight},
};
const guint ts_flight_figure_count = G_N_ELEMENTS(ts_flight_figures);

const char *ts_flight_figure_str(const ts_flight_figure *f, const ts_conn *c, int d, ts_figure_form form,
                                 char *buf, gsize len)
{
    static const char *unknown[] = {"null", "", "n/a"};
    static const char *yes[] = {"true", "1", "yes"}, *no[] = {"false", "0", "no"};
    guint32 v = 0;
    if (!f->get(c, d, &v))
        return unknown[form];
    if (f->boolean)
        return v ? yes[form] : no[form];
    g_assert(len > 10);
    buf[ts_format_uint(buf, v)] = '\0'; /* printf's cost showed in reports of many connections */
    return buf;
}

/* Per capture file: the frames of the first pass (every frame, TCP or not: net_dev_xmit anchors
 * go by frame lengths), and the view built from them on demand. */
#include "kernel_context.h"

#include <epan/packet.h>
#include <epan/plugin_if.h>
#include <wiretap/wtap.h>

#include "kernel_conn.h"
#include "kernel_discover.h"
#include "kernel_load.h"
#include "kernel_prefs.h"
#include "tap_segment.h"
#include "tcpstate_proto.h"
#include "tshark_args.h"
#include "two_pass.h"

static const ts_events *evs;  /* NULL: nothing is collected */
static const char *evs_path;
static char *evs_source;      /* how evs_path was chosen */
static gboolean discovering;  /* Wireshark: look beside the capture at its first frame */
static GArray *pkts;          /* ts_wire_packet */
static GArray *streams;       /* guint32 */
static kernel_view view;
static gboolean view_built;
static gboolean first_pass_over;
static ts_matches *matches;
static ts_kernel_conns *conns;
static gboolean conns_built;
static char *align_error;     /* why view.fit is not ok */
static char *mismatch;        /* why the events do not fit the capture */
static const kernel_context_observer *observer;

void kernel_context_observe(const kernel_context_observer *o)
{
    observer = o;
}

static void drop_view(void)
{
    ts_kernel_conns_free(conns);
    conns = NULL;
    conns_built = FALSE;
    g_free(align_error);
    align_error = NULL;
    g_free(mismatch);
    mismatch = NULL;
    ts_matches_free(matches);
    matches = NULL;
    view_built = FALSE;
    memset(&view, 0, sizeof view);
}

static void use_events(const char *path, const char *source)
{
    evs = kernel_load_events(path, &evs_path);
    if (!evs)
        return;
    g_free(evs_source);
    evs_source = g_strdup(source);
    const tshark_args *args = tshark_args_get();
    if (args && (args->kernel_fields || args->full_tree))
        two_pass_rerun("kernel fields", evs_path);
    pkts = g_array_new(FALSE, FALSE, sizeof(ts_wire_packet));
    streams = g_array_new(FALSE, FALSE, sizeof(guint32));
    if (observer && observer->file_begin)
        observer->file_begin();
}

static void use_events_beside(const char *capture_path)
{
    char *why = NULL, *path = kernel_discover_beside(capture_path, &why);
    if (path)
        use_events(path, why);
    else
        kernel_load_events(NULL, &evs_path);
    g_free(path);
    g_free(why);
}

/* The capture file's name: tshark's -r; Wireshark sets it only after the init routines, so it
 * is asked for at the first frame. */
static void file_init(void)
{
    first_pass_over = FALSE;
    discovering = FALSE;
    evs = NULL;
    const char *set = kernel_prefs_events_file();
    if (set) {
        use_events(set, "set in tcpstate.events_file");
        return;
    }
    if (!kernel_prefs_events_beside()) {
        kernel_load_events(NULL, &evs_path);
        return;
    }
    const tshark_args *args = tshark_args_get();
    if (args)
        use_events_beside(args->read_path);
    else if (!tcpstate_in_tshark())
        discovering = TRUE;
}

static void discover_at_first_frame(void)
{
    discovering = FALSE;
    ws_info_t *info = NULL;
    plugin_if_get_ws_info(&info);
    if (info && info->cf_filename)
        use_events_beside(info->cf_filename);
}

static void file_cleanup(void)
{
    if (evs && pkts && pkts->len && observer && observer->file_end)
        observer->file_end();
    drop_view();
    if (pkts)
        g_array_free(pkts, TRUE);
    if (streams)
        g_array_free(streams, TRUE);
    pkts = streams = NULL;
    evs = NULL;
}

/* tshark -2 and Wireshark: the whole file has been read. */
static void all_frames_read(void)
{
    first_pass_over = TRUE;
    if (evs && pkts && pkts->len && observer && observer->all_frames)
        observer->all_frames();
}

static void free_all(void)
{
    g_free(evs_source);
    evs_source = NULL;
    kernel_load_free();
    kernel_prefs_free();
    drop_view();
}

void kernel_context_register(void)
{
    register_init_routine(file_init);
    register_cleanup_routine(file_cleanup);
    register_postseq_cleanup_routine(all_frames_read);
    register_shutdown_routine(free_all);
}

/* Wireshark calls the routine above after reading a file, but not after dissecting every frame
 * again (a changed preference): then the first dissection of a frame already visited tells. */
gboolean kernel_context_frame_seen(const packet_info *pinfo)
{
    if (PINFO_FD_VISITED(pinfo)) {
        first_pass_over = TRUE;
    } else if (discovering) {
        discover_at_first_frame();
        return TRUE;
    }
    return FALSE;
}

gboolean kernel_context_expects_events(void)
{
    if (evs || discovering || kernel_prefs_events_file())
        return TRUE;
    if (!kernel_prefs_events_beside())
        return FALSE;
    /* Both decide whether the first pass builds trees before they open the file: Wireshark
     * (which names its file only at the first frame) whenever it may look beside a capture,
     * tshark when its -r file has events beside it. */
    const tshark_args *args = tshark_args_get();
    if (!args)
        return !tcpstate_in_tshark();
    char *why = NULL, *path = kernel_discover_beside(args->read_path, &why);
    gboolean found = path != NULL;
    g_free(path);
    g_free(why);
    return found;
}

const char *kernel_context_events_path(void)
{
    return evs ? evs_path : NULL;
}

gboolean kernel_context_all_frames_read(void)
{
    return first_pass_over;
}

gboolean kernel_context_collecting(void)
{
    return evs != NULL;
}

static guint8 direction_of(const packet_info *pinfo)
{
    guint32 flags;
    if (!pinfo->rec || !pinfo->rec->block ||
        wtap_block_get_uint32_option_value(pinfo->rec->block, OPT_PKT_FLAGS, &flags) != WTAP_OPTTYPE_SUCCESS)
        return TS_DIR_UNKNOWN;
    switch (PACK_FLAGS_DIRECTION(flags)) {
    case PACK_FLAGS_DIRECTION_INBOUND:
        return TS_DIR_IN;
    case PACK_FLAGS_DIRECTION_OUTBOUND:
        return TS_DIR_OUT;
    default:
        return TS_DIR_UNKNOWN;
    }
}

void kernel_context_add_frame(packet_info *pinfo, const ts_segment *tcp, guint8 resend)
{
    if (!evs)
        return;
    if (pkts->len && g_array_index(pkts, ts_wire_packet, pkts->len - 1).frame >= pinfo->num)
        return; /* frames come once each, in order */
    ts_wire_packet p;
    memset(&p, 0, sizeof p);
    p.time_ns = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    p.frame = pinfo->num;
    p.len = pinfo->fd->pkt_len;
    p.direction = direction_of(pinfo);
    guint32 stream = KERNEL_NO_STREAM;
    if (tcp) {
        p.src = tcp->src;
        p.dst = tcp->dst;
        p.sport = tcp->sport;
        p.dport = tcp->dport;
        p.seq = tcp->seq;
        p.ack = tcp->ack;
        p.seglen = tcp->seglen;
        p.flags = tcp->flags;
        p.resend = resend;
        stream = tcp->stream;
    } else if (!ts_addr_from_address(&p.src, &pinfo->net_src) ||
               !ts_addr_from_address(&p.dst, &pinfo->net_dst)) {
        memset(&p.src, 0, sizeof p.src);
        memset(&p.dst, 0, sizeof p.dst);
    }
    g_array_append_val(pkts, p);
    g_array_append_val(streams, stream);
}

const kernel_view *kernel_context_view(void)
{
    if (!evs || !pkts)
        return NULL;
    if (view_built && view.n_pkts == pkts->len)
        return &view;
    drop_view();
    view.evs = evs;
    view.path = evs_path;
    view.source = evs_source;
    view.pkts = (const ts_wire_packet *)(void *)pkts->data;
    view.pkt_stream = (const guint32 *)(void *)streams->data;
    view.n_pkts = pkts->len;
    ts_align_options opt;
    ts_align_options_init(&opt);
    opt.manual = kernel_prefs_offset(&opt.manual_offset_ns);
    GError *err = NULL;
    if (!ts_clock_align(evs, view.pkts, view.n_pkts, &opt, &view.fit, &err) || !view.fit.ok) {
        view.fit.ok = FALSE;
        align_error = g_strdup(err ? err->message : "no anchor pairs");
        view.align_error = align_error;
        g_clear_error(&err);
    } else {
        matches = ts_match_events(evs, view.pkts, view.n_pkts, &view.fit, NULL);
        view.matches = matches;
        GString *why = g_string_new(NULL);
        if (!ts_matches_fit_capture(matches, &view.fit, why))
            view.mismatch = mismatch = g_strdup(why->str);
        g_string_free(why, TRUE);
    }
    view_built = TRUE;
    return &view;
}

const ts_kernel_conns *kernel_context_conns(void)
{
    const kernel_view *v = kernel_context_view();
    if (v && v->mismatch)
        return NULL;
    if (v && !conns_built) {
        conns = ts_kernel_conns_build(v->evs, v->matches, &v->fit, v->pkts, v->pkt_stream, v->n_pkts);
        conns_built = TRUE;
    }
    return v ? conns : NULL;
}

gint kernel_context_packet_index(const kernel_view *v, guint32 frame)
{
    guint lo = 0, hi = v->n_pkts;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (v->pkts[mid].frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n_pkts && v->pkts[lo].frame == frame ? (gint)lo : -1;
}

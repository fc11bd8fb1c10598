/* plugin/kernel: the Wireshark side of the kernel events.
 * In: the events file (kernel_load.c, from the preferences of kernel_prefs.c) and every frame's
 * first pass. Out: kernel_view, read by the tcpstate.kernel.* fields (kernel_fields.c), the
 * alignment line (kernel_summary.c), the -z reports and the dialog (taps/).
 *
 * The kernel events of the file being read (preference tcpstate.events_file), the packets
 * they are aligned with, the clock model and the event-to-packet matches. One per capture
 * file; the per-packet tcpstate.kernel.* fields, the -z reports and the Statistics dialog
 * all read it through kernel_context_view(). */
#ifndef TCPSTATE_KERNEL_CONTEXT_H
#define TCPSTATE_KERNEL_CONTEXT_H

#include <glib.h>

#include "clock_align.h"
#include "events.h"
#include "match.h"
#include "wire.h"

#define KERNEL_NO_STREAM G_MAXUINT32

typedef struct kernel_view {
    const ts_events *evs;
    const char *path;            /* the events file */
    const char *source;          /* how it was chosen: "set in tcpstate.events_file", "found beside the capture ..." */
    ts_clock_fit fit;            /* fit.ok FALSE when no offset could be found */
    const ts_matches *matches;   /* NULL when !fit.ok */
    const ts_wire_packet *pkts;  /* the frames seen so far, in capture order */
    const guint32 *pkt_stream;   /* tcp.stream of each of pkts, KERNEL_NO_STREAM when not TCP */
    guint n_pkts;
    const char *align_error;     /* why fit.ok is FALSE, NULL when it is TRUE */
    const char *mismatch;        /* why the events do not fit this capture (ts_matches_fit_capture):
                                    then no event is shown on a packet or a connection; NULL
                                    when they fit */
} kernel_view;

/* Aligns and matches the events with the frames seen so far (again only when frames were
 * added since the last call). NULL when no events file is set or it could not be read (the
 * error was reported once, naming the file). */
const kernel_view *kernel_context_view(void);
/* The per-connection kernel facts of that view, built once per view (NULL when there is no
 * view, its clocks are not aligned or its events do not fit the capture). */
const struct ts_kernel_conns *kernel_context_conns(void);

/* Position of a frame in view->pkts, -1 when it is not there. */
gint kernel_context_packet_index(const kernel_view *v, guint32 frame);

/* The Wireshark side: per-file routines, and the frames of the first pass. */
struct _packet_info;
void kernel_context_register(void);
/* Who is told, while an events file is loaded, that a capture file begins, that all its frames
 * were read and that it ends (one observer: the summary line of kernel_summary.c). */
typedef struct kernel_context_observer {
    void (*file_begin)(void);
    void (*all_frames)(void);
    void (*file_end)(void);
} kernel_context_observer;
void kernel_context_observe(const kernel_context_observer *o);
/* TRUE when an events file is loaded for this capture file: frames are to be added. */
gboolean kernel_context_collecting(void);
/* Events are or may be in use: a file is set, or found beside tshark's -r file, or (Wireshark,
 * unless the preference events_beside_capture is off) may be found beside the next capture
 * opened. Every frame's tree must then carry its TCP header. */
gboolean kernel_context_expects_events(void);
/* The events file in use (to be read again by tshark -2), NULL for none. */
const char *kernel_context_events_path(void);
/* Every frame of the file has had its first pass (tshark -2's second pass, Wireshark once the
 * file is read or dissected again); told by each dissection through kernel_context_frame_seen(). */
gboolean kernel_context_all_frames_read(void);
/* TRUE when this frame decided whether events are in use (Wireshark's first frame). */
gboolean kernel_context_frame_seen(const struct _packet_info *pinfo);
/* A frame's first pass; tcp is its segment, NULL when it is not TCP; resend what the loss
 * rules made of it (a ts_resend_kind, 0 for none). */
void kernel_context_add_frame(struct _packet_info *pinfo, const ts_segment *tcp, guint8 resend);

#endif

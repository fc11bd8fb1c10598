/* Taps run right after a frame is dissected and before anything reads its tree (tshark's
 * display filter and output, Wireshark's filter and colouring), so a frame the
 * post-dissector could not feed from the tree is fed here from the tap record, and its
 * tcpstate subtree is added here.
 *
 * Wireshark reads a file once with taps and no tree, then dissects rows again as they are
 * shown: it needs every frame stored on that first pass. tshark dissects each frame once
 * (twice with -2): a frame dissected without a tree there is one nobody will see the
 * fields of (tshark -q -z ...), so nothing is done and nothing is stored. */
#include <stdio.h>

#include <epan/epan_dissect.h>
#include <epan/packet.h>
#include <epan/tap.h>

#include "packet_state.h"
#include "packet_tap.h"
#include "segment_tap.h"
#include "tcpstate_proto.h"

static gboolean keep_every_frame;
static gboolean running;

gboolean packet_tap_running(void)
{
    return running;
}

static void packet_tap_reset(void *data _U_)
{
    running = FALSE;
}

static tap_packet_status packet_tap(void *data _U_, packet_info *pinfo, epan_dissect_t *edt,
                                    const void *tap_data, tap_flags_t flags _U_)
{
    running = TRUE;
    /* (The frame is already marked visited here: taps run after the dissection.) */
    if (!edt->tree && !keep_every_frame)
        return TAP_PACKET_DONT_REDRAW;
    if (packet_state_get(pinfo))
        return TAP_PACKET_DONT_REDRAW; /* fed on the first pass, or by the post-dissector */
    const ts_segment *s = ts_segment_of_record(pinfo, tap_data);
    if (!s)
        return TAP_PACKET_DONT_REDRAW;
    frame_state *fs = packet_state_feed_segment(pinfo, s);
    packet_state_show(edt->tree, edt->tvb, pinfo, fs);
    return TAP_PACKET_DONT_REDRAW;
}

void packet_tap_register(void)
{
    keep_every_frame = !tcpstate_in_tshark();
    /* A dissector helper: its presence does not make tshark dissect packets it would not. */
    GString *err = register_tap_listener(TS_SEGMENT_TAP_NAME, NULL, NULL, TL_IS_DISSECTOR_HELPER, packet_tap_reset,
                                         packet_tap, NULL, NULL);
    if (err) {
        fprintf(stderr, "tcpstate: cannot listen to the %s tap: %s\n", TS_SEGMENT_TAP_NAME, err->str);
        g_string_free(err, TRUE);
    }
}

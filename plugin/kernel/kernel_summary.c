#include "kernel_summary.h"

#include <stdio.h>

#include <wsutil/report_message.h>

#include "kernel_context.h"
#include "tcpstate_proto.h"

static gboolean printed, noted, asked_first_pass;

static void file_begin(void)
{
    printed = asked_first_pass = FALSE;
}

static void describe_bad(GString *out, const ts_events *e)
{
    g_string_append_printf(out, "%u bad lines", e->n_bad);
    if (e->n_cut)
        g_string_append_printf(out, ", %u stream%s cut short", e->n_cut, e->n_cut == 1 ? "" : "s");
}

static void describe_matches(GString *out, const ts_matches *m, const ts_events *e)
{
    g_string_append_printf(out, "matched %u of %u events (%.1f%%)", m->matched, m->applicable,
                           100.0 * ts_matches_rate(m));
    const char *sep = ": ";
    for (guint k = 0; k < TS_EV_N_KINDS; k++) {
        if (!m->kind_applicable[k])
            continue;
        g_string_append_printf(out, "%s%s %u/%u", sep, ts_event_kind_name(k), m->kind_matched[k],
                               m->kind_applicable[k]);
        sep = ", ";
    }
    g_string_append_printf(out, "; %u outside the capture, %u not applicable, ", m->outside,
                           m->not_applicable);
    describe_bad(out, e);
}

void kernel_summary_parts(GString *clock, GString *match)
{
    const kernel_view *v = kernel_context_view();
    if (!v)
        return;
    const ts_events *e = v->evs;
    char *name = g_path_get_basename(v->path);
    g_string_append_printf(clock, "Kernel events %s (%s; %s, %u events, %u frames): ", name,
                           v->source ? v->source : "set in tcpstate.events_file",
                           ts_event_format_name(e->format), e->n, v->n_pkts);
    g_free(name);
    const ts_clock_fit *f = &v->fit;
    if (!e->n || !f->ok) {
        if (!e->n)
            g_string_append(clock, "no events read");
        else
            g_string_append_printf(clock, "no clock alignment (%s): set tcpstate.kernel_offset",
                                   v->align_error ? v->align_error : "no anchors");
        g_string_append(match, "no events matched; ");
        describe_bad(match, e);
        return;
    }
    /* to the ns, which a double of some 1.8e9 s cannot hold */
    guint64 mag = (guint64)(f->offset_ns < 0 ? -f->offset_ns : f->offset_ns);
    g_string_append_printf(clock, "offset %s%" G_GUINT64_FORMAT ".%09u s%s, drift %.3f ppm, %u anchors (",
                           f->offset_ns < 0 ? "-" : "", mag / 1000000000, (guint)(mag % 1000000000),
                           f->manual ? " (manual)" : "", f->drift_ppm, f->n_anchors);
    for (guint t = 0; t < TS_ANCHOR_N_TYPES; t++)
        g_string_append_printf(clock, "%s%s %u", t ? ", " : "", ts_anchor_type_name(t), f->n_by_type[t]);
    g_string_append_printf(clock, "; %u outliers), residual median %.1f us, max %.1f us", f->n_outliers,
                           f->median_abs_us, f->max_abs_us);
    describe_matches(match, v->matches, e);
    if (v->mismatch)
        g_string_append(match, "; not shown: they do not fit this capture");
}

gboolean kernel_summary_mismatch(GString *out)
{
    const kernel_view *v = kernel_context_view();
    if (!v || !v->mismatch)
        return FALSE;
    char *name = g_path_get_basename(v->path);
    g_string_append_printf(out,
                           "The kernel events of %s do not fit this capture: %s. No kernel fields or "
                           "facts are shown; set tcpstate.kernel_offset to use them anyway.",
                           name, v->mismatch);
    g_free(name);
    return TRUE;
}

void kernel_context_describe(GString *out)
{
    GString *match = g_string_new(NULL);
    kernel_summary_parts(out, match);
    if (match->len)
        g_string_append_printf(out, "; %s", match->str);
    g_string_free(match, TRUE);
}

/* tshark: the line on stderr, and a warning when the events do not fit; Wireshark: a warning
 * dialog then. Once per file. */
static void print_line(void)
{
    if (printed)
        return;
    printed = TRUE;
    GString *s = g_string_new(NULL);
    if (tcpstate_in_tshark()) {
        g_string_append(s, "tcpstate: ");
        kernel_context_describe(s);
        fprintf(stderr, "%s\n", s->str);
        g_string_assign(s, "tcpstate: warning: ");
        if (kernel_summary_mismatch(s))
            fprintf(stderr, "%s\n", s->str);
    } else if (kernel_summary_mismatch(s)) {
        report_warning("%s", s->str);
    }
    g_string_free(s, TRUE);
}

static void all_frames(void)
{
    print_line();
}

/* tshark -2 asks for fields on its first pass too when a display filter uses them: only a run
 * that ends without a second pass gets the note. */
static void file_end(void)
{
    if (asked_first_pass && !kernel_context_all_frames_read() && !noted && tcpstate_in_tshark()) {
        noted = TRUE;
        fprintf(stderr, "tcpstate: no tcpstate.kernel.* fields were shown: aligning the clocks needs "
                        "the whole capture first; run tshark with -2\n");
    }
    print_line();
}

void kernel_summary_one_pass_note(void)
{
    asked_first_pass = TRUE;
}

void kernel_summary_register(void)
{
    static const kernel_context_observer observer = {file_begin, all_frames, file_end};
    kernel_context_observe(&observer);
}

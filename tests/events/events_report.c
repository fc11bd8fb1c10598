/* events_report EVENTS PACKETS.tsv [OFFSET]: parse, align and match one pair of files and print the
 * figures (a tool for looking at a recording; the tests check the same numbers). */
#include "match.h"
#include "clock_align.h"
#include "parse.h"
#include "fixtures.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s EVENTS PACKETS.tsv [OFFSET_SECONDS]\n", argv[0]);
        return 2;
    }
    GError *err = NULL;
    ts_events *evs = ts_events_load(argv[1], TS_EVENTS_AUTO, &err);
    if (!evs) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return 1;
    }
    guint n;
    ts_wire_packet *pkts = wire_fixture_load(argv[2], &n);
    ts_align_options opt;
    ts_align_options_init(&opt);
    if (argc > 3) {
        opt.manual = TRUE;
        if (!ts_clock_parse_offset(argv[3], &opt.manual_offset_ns)) {
            fprintf(stderr, "bad offset %s\n", argv[3]);
            return 2;
        }
    }
    printf("%s: %s, %u events (%u bad lines), %u packets\n", argv[1],
           ts_event_format_name(evs->format), evs->n, evs->n_bad, n);
    ts_clock_fit fit;
    if (!ts_clock_align(evs, pkts, n, &opt, &fit, &err)) {
        printf("  no alignment: %s\n", err->message);
        g_clear_error(&err);
    } else {
        printf("  offset %.6f s%s, drift %.3f ppm, %u anchors (", ts_clock_offset_s(&fit),
               fit.manual ? " (manual)" : "", fit.drift_ppm, fit.n_anchors);
        for (guint t = 0; t < TS_ANCHOR_N_TYPES; t++)
            printf("%s%s %u", t ? ", " : "", ts_anchor_type_name(t), fit.n_by_type[t]);
        printf("), %u outliers, |residual| median %.1f us max %.1f us, span %.3f s\n",
               fit.n_outliers, fit.median_abs_us, fit.max_abs_us, fit.span_ns * 1e-9);
    }
    ts_matches *m = ts_match_events(evs, pkts, n, &fit, NULL);
    printf("  matched %u of %u applicable (%.1f%%), %u outside the capture, %u not applicable\n",
           m->matched, m->applicable, 100 * ts_matches_rate(m), m->outside, m->not_applicable);
    for (guint k = 0; k < TS_EV_N_KINDS; k++)
        if (m->kind_applicable[k])
            printf("    %-20s %u / %u\n", ts_event_kind_name(k), m->kind_matched[k],
                   m->kind_applicable[k]);
    ts_matches_free(m);
    g_free(pkts);
    ts_events_free(evs);
    return 0;
}

/* events_parse_time FILE: loads an events file and prints how long parsing and indexing took
 * (wall clock and CPU), the events' heap bytes and the process's peak memory, then how long one
 * time lookup takes (ts_events_near, as each packet does one). Used by bench/events.sh on
 * generated files of 100,000 and 1,000,000 lines (gen_big_ftrace.py). */
#include "events.h"
#include "parse.h"
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    char *status = NULL;
    long kb = -1;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
        const char *p = strstr(status, "VmHWM:");
        if (p)
            kb = strtol(p + 6, NULL, 10);
    }
    g_free(status);
    return kb;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    double c0 = cpu_seconds();
    ts_events *evs = ts_events_load(argv[1], TS_EVENTS_AUTO, &err);
    double cpu = cpu_seconds() - c0;
    double s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (!evs) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return 1;
    }
    printf("%s: %u lines, %u events, %u bad, parsed and indexed in %.3f s (%.3f s CPU); "
           "events %.1f MB, peak RSS %.1f MB (the file is mapped, so its pages count too)\n",
           argv[1], evs->n_lines, evs->n, evs->n_bad, s, cpu, ts_events_bytes(evs) / 1e6,
           peak_rss_kb() / 1e3);
    if (evs->n) {
        /* Lookups at times spread over the trace, in a scrambled order so that the cache
         * does not help more than it would for packets. */
        ts_clock_fit fit = {.ok = TRUE, .manual = TRUE};
        const guint lookups = 1000000;
        gint64 first = evs->ev[0].ts_ns, span = evs->ev[evs->n - 1].ts_ns - first + 1;
        guint64 found = 0;
        double l0 = cpu_seconds();
        for (guint i = 0; i < lookups; i++) {
            guint a, b;
            gint64 at = first + (gint64)(((guint64)i * 2654435761u) % (guint64)span);
            ts_events_near(evs, &fit, at, 1000000, &a, &b);
            found += b - a;
        }
        double scrambled = (cpu_seconds() - l0) / lookups * 1e9;
        /* And in time order, as the packets of a capture come. */
        l0 = cpu_seconds();
        for (guint i = 0; i < lookups; i++) {
            guint a, b;
            ts_events_near(evs, &fit, first + (gint64)((double)span * i / lookups), 1000000, &a, &b);
            found += b - a;
        }
        double ordered = (cpu_seconds() - l0) / lookups * 1e9;
        printf("%s: lookups of the events within 1 ms of a time (binary search): %.0f ns each in "
               "time order, %.0f ns in scrambled order (%.2f events found on average)\n", argv[1],
               ordered, scrambled, (double)found / (2.0 * lookups));
    }
    ts_events_free(evs);
    return 0;
}
